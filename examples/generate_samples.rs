//! Writes `samples/`: the input folder of a fictitious authority, the Communauté
//! d'agglomération du Val-Fleuri, laid out the way real services lay out their workbooks.
//!
//! ```text
//! cargo run --example generate_samples -- samples
//! ```
//!
//! Four services keep their recensement for 2023 and 2024, each in its own layout (title rows,
//! a two-row header, abbreviations, text amounts and dates, `X` for yes); the pilot keeps the
//! référentiel and the suivi (12 actions, 22 indicators from the seeds' real indicators), and
//! the 2023 bilan table in the layout services already use (seed 001), and three fiches action
//! written as forms (seed 003, SPEC §4.2). The few deliberate
//! mistakes are listed in `samples/LISEZMOI.md` and asserted by `tests/cli/samples.rs`.

// Amounts are in cents: `90_000_00` reads as 90 000,00 €.
#![allow(clippy::inconsistent_digit_grouping)]

use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use spaser::parse::identifiers::siret_key_is_valid;
use std::path::{Path, PathBuf};

#[path = "../benches/support/lcg.rs"]
mod lcg;
use lcg::Lcg;
#[path = "support/sample_2026.rs"]
mod sample_2026;
#[path = "support/sample_decp.rs"]
mod sample_decp;
#[path = "support/sample_fiches.rs"]
mod sample_fiches;
#[path = "support/sample_insertion.rs"]
mod sample_insertion;

/// One purchase, before each service writes it its own way.
#[derive(Clone)]
struct Purchase {
    reference: String,
    objet: String,
    nature: &'static str,
    procedure: &'static str,
    montant_cents: u64,
    date: (u16, u8, u8),
    duree: u32,
    cpv: &'static str,
    clause_env: bool,
    critere_env: bool,
    clause_sociale: bool,
    critere_social: bool,
    reserve: bool,
    heures: u32,
    titulaire: String,
    siret: String,
    categorie: &'static str,
    ess: bool,
    alloti: bool,
    mutualise: bool,
    innovant: bool,
    reemploi_cents: u64,
    actions: &'static str,
}

struct ServiceProfile {
    code: &'static str,
    objets: &'static [(&'static str, &'static str, &'static str)],
    env_percent: u64,
    social_percent: u64,
}

const VOIRIE: ServiceProfile = ServiceProfile {
    code: "VOI",
    objets: &[
        ("Travaux de réfection de chaussée", "Travaux", "45233140-2"),
        ("Entretien de l'éclairage public", "Services", "50232100-1"),
        (
            "Fourniture de mobilier urbain en bois local",
            "Fournitures",
            "34928400-2",
        ),
        ("Travaux d'aménagement de pistes cyclables", "Travaux", "45233162-2"),
        ("Marquage routier", "Travaux", "45233221-4"),
        ("Fourniture d'enrobés recyclés", "Fournitures", "44113620-7"),
    ],
    env_percent: 70,
    social_percent: 45,
};

const BATIMENTS: ServiceProfile = ServiceProfile {
    code: "BAT",
    objets: &[
        ("Réhabilitation thermique du groupe scolaire", "Travaux", "45453000-7"),
        ("Maintenance des installations de chauffage", "Services", "50720000-8"),
        ("Nettoyage des bâtiments communautaires", "Services", "90910000-9"),
        ("Travaux de désamiantage", "Travaux", "45262660-5"),
        ("Fourniture de matériaux biosourcés", "Fournitures", "44100000-1"),
        ("Maîtrise d'œuvre bas carbone", "Services", "71000000-8"),
    ],
    env_percent: 75,
    social_percent: 40,
};

const DSI: ServiceProfile = ServiceProfile {
    code: "DSI",
    objets: &[
        (
            "Acquisition de postes de travail reconditionnés",
            "Fournitures",
            "30213000-5",
        ),
        ("Maintenance du parc d'imprimantes", "Services", "50313000-2"),
        ("Licences logicielles", "Fournitures", "48000000-8"),
        ("Hébergement et infogérance", "Services", "72000000-5"),
        ("Téléphonie mobile", "Services", "64212000-5"),
    ],
    env_percent: 45,
    social_percent: 15,
};

const RESTAURATION: ServiceProfile = ServiceProfile {
    code: "RES",
    objets: &[
        (
            "Fourniture de denrées alimentaires biologiques",
            "Fournitures",
            "15000000-8",
        ),
        ("Fourniture de fruits et légumes de saison", "Fournitures", "15300000-1"),
        ("Prestations de restauration collective", "Services", "55523100-3"),
        ("Collecte et valorisation des biodéchets", "Services", "90500000-2"),
    ],
    env_percent: 85,
    social_percent: 35,
};

const PROCEDURES: [&str; 5] = [
    "Procédure adaptée",
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Procédure avec négociation",
    "Sans publicité ni mise en concurrence",
];
const CATEGORIES: [&str; 5] = ["TPE", "PME", "PME", "ETI", "Grande entreprise"];
const COMPANIES: [&str; 12] = [
    "Routes et Réseaux du Val",
    "Batisud",
    "Éclairages Lumen",
    "Informatique Solidaire",
    "Les Jardins de Cocagne",
    "ESAT Les Ateliers",
    "Restauval",
    "Bois et Territoires",
    "Numérique Durable",
    "Énergies Nouvelles",
    "Propreté Services",
    "Coopérative Terres Fleuries",
];
const TARGETED: [&str; 6] = ["FA1", "FA1; FA5", "FA2", "FA5", "FA8", ""];

/// A SIRET with a valid Luhn key (checked by the reader's own rule).
fn siret(rng: &mut Lcg) -> String {
    let base = format!("{:013}", 3_000_000_000_000 + rng.below(9_000_000_000));
    (0..10)
        .map(|last| format!("{base}{last}"))
        .find(|candidate| siret_key_is_valid(candidate))
        .unwrap_or(base)
}

fn purchases(profile: &ServiceProfile, year: u16, count: usize, rng: &mut Lcg) -> Vec<Purchase> {
    (0..count)
        .map(|i| {
            let (objet, nature, cpv) = rng.pick(profile.objets);
            let clause_sociale = rng.chance(profile.social_percent);
            let reserve = !clause_sociale && rng.chance(8);
            let montant_cents = match nature {
                "Travaux" => 90_000_00 + rng.below(2_400_000_00),
                _ => 8_000_00 + rng.below(600_000_00),
            };
            Purchase {
                reference: format!("{year}-{}-{:03}", profile.code, i + 1),
                objet: format!("{objet} — lot {}", 1 + rng.below(3)),
                nature,
                procedure: rng.pick(&PROCEDURES),
                montant_cents,
                date: (year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8),
                duree: rng.pick(&[12, 24, 36, 48]),
                cpv,
                clause_env: rng.chance(profile.env_percent),
                critere_env: rng.chance(profile.env_percent / 2),
                clause_sociale,
                critere_social: rng.chance(profile.social_percent / 3),
                reserve,
                heures: if clause_sociale {
                    150 + rng.below(2_500) as u32
                } else {
                    0
                },
                titulaire: rng.pick(&COMPANIES).to_string(),
                siret: siret(rng),
                categorie: rng.pick(&CATEGORIES),
                ess: reserve || rng.chance(10),
                alloti: rng.chance(55),
                mutualise: rng.chance(15),
                innovant: rng.chance(7),
                reemploi_cents: if nature == "Fournitures" && rng.chance(40) {
                    montant_cents / 5
                } else {
                    0
                },
                actions: rng.pick(&TARGETED),
            }
        })
        .collect()
}

fn euros(cents: u64) -> f64 {
    cents as f64 / 100.0
}

/// `1 234,56 €` as services type it (narrow no-break space between thousands).
fn euros_text(cents: u64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(ch);
    }
    format!("{grouped},{:02} €", cents % 100)
}

fn oui_non(value: bool) -> &'static str {
    if value { "Oui" } else { "Non" }
}

struct Styles {
    title: Format,
    header: Format,
    group: Format,
    money: Format,
    date: Format,
    wrap: Format,
}

impl Styles {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            group: header.clone(),
            header,
            money: Format::new().set_num_format("# ##0,00 \"€\""),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// The loi AGEC category a service types for its goods (short names, as services do), « Hors
/// champ AGEC » for goods of none of the 17 categories; nothing for works and services.
fn agec_category(p: &Purchase) -> &'static str {
    match p.nature {
        "Fournitures" if p.objet.starts_with("Acquisition de postes") => "Informatique",
        "Fournitures" if p.objet.starts_with("Fourniture de mobilier urbain") => "Mobilier urbain",
        "Fournitures" if p.objet.starts_with("Licences") => "",
        "Fournitures" => "Hors champ AGEC",
        _ => "",
    }
}

fn date(d: (u16, u8, u8)) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.0, d.1, d.2)
}

/// Voirie: one sheet per year, two title rows, canonical headers, numbers and real dates.
fn write_voirie(dir: &Path, rng: &mut Lcg) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    for year in [2023u16, 2024] {
        let mut list = purchases(&VOIRIE, year, 24, rng);
        if year == 2024 {
            // Deliberate mistake: the same reference typed twice.
            list[9].reference = list[8].reference.clone();
        }
        let sheet = workbook.add_worksheet().set_name(format!("Marchés {year}"))?;
        sheet.write_with_format(0, 0, "Direction de la voirie et des mobilités", &styles.title)?;
        sheet.write(1, 0, format!("Recensement des marchés notifiés en {year}"))?;
        let headers = [
            "Référence",
            "Objet",
            "Nature",
            "Procédure",
            "Montant HT (€)",
            "Date de notification",
            "Durée (mois)",
            "Code CPV",
            "Clause environnementale",
            "Critère environnemental",
            "Clause sociale d'insertion",
            "Critère social",
            "Marché réservé",
            "Heures d'insertion",
            "Titulaire",
            "SIRET du titulaire",
            "Catégorie du titulaire",
            "Alloti",
            "Achat mutualisé",
            "Actions SPASER ciblées",
            "Catégorie AGEC",
        ];
        write_headers(sheet, 3, &headers, &styles.header)?;
        for (i, p) in list.iter().enumerate() {
            let row = 4 + i as u32;
            sheet.write(row, 0, &p.reference)?;
            sheet.write(row, 1, &p.objet)?;
            sheet.write(row, 2, p.nature)?;
            sheet.write(row, 3, p.procedure)?;
            sheet.write_with_format(row, 4, euros(p.montant_cents), &styles.money)?;
            sheet.write_with_format(row, 5, &date(p.date)?, &styles.date)?;
            sheet.write(row, 6, p.duree)?;
            sheet.write(row, 7, p.cpv)?;
            for (col, value) in [
                p.clause_env,
                p.critere_env,
                p.clause_sociale,
                p.critere_social,
                p.reserve,
            ]
            .into_iter()
            .enumerate()
            {
                sheet.write(row, 8 + col as u16, oui_non(value))?;
            }
            if p.heures > 0 {
                sheet.write(row, 13, p.heures)?;
            }
            sheet.write(row, 14, &p.titulaire)?;
            sheet.write(row, 15, &p.siret)?;
            sheet.write(row, 16, p.categorie)?;
            sheet.write(row, 17, oui_non(p.alloti))?;
            sheet.write(row, 18, oui_non(p.mutualise))?;
            sheet.write(row, 19, p.actions)?;
            sheet.write(row, 20, agec_category(p))?;
        }
        sheet.set_column_width(1, 45)?;
        sheet.set_freeze_panes(4, 0)?;
    }
    workbook.save(dir.join("voirie").join("Recensement_voirie_2023-2024.xlsx"))
}

/// Bâtiments: one sheet for both years, a two-row header (merged groups), amounts and dates
/// typed as text, Nature as T/F/S, booleans as O/N.
fn write_batiments(dir: &Path, rng: &mut Lcg) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Marchés")?;
    sheet.merge_range(
        0,
        0,
        0,
        12,
        "Direction du patrimoine bâti — suivi des marchés",
        &styles.title,
    )?;
    let groups: [(&str, u16, u16); 8] = [
        ("Marché", 0, 2),
        ("Montant HT (€)", 3, 3),
        ("Date de notification", 4, 4),
        ("Considérations environnementales", 5, 6),
        ("Considérations sociales", 7, 9),
        ("Heures d'insertion", 10, 10),
        ("Titulaire", 11, 13),
        ("Montant réemploi ou recyclé HT (€)", 14, 14),
    ];
    for (label, first, last) in groups {
        if first == last {
            sheet.merge_range(2, first, 3, last, label, &styles.group)?;
        } else {
            sheet.merge_range(2, first, 2, last, label, &styles.group)?;
        }
    }
    let subs = [
        (0, "Numéro"),
        (1, "Objet"),
        (2, "Nature (T/F/S)"),
        (5, "Clause"),
        (6, "Critère"),
        (7, "Clause d'insertion"),
        (8, "Critère social"),
        (9, "Marché réservé"),
        (11, "Nom"),
        (12, "SIRET"),
        (13, "Catégorie"),
    ];
    for (col, label) in subs {
        sheet.write_with_format(3, col, label, &styles.header)?;
    }
    let mut row = 4;
    for year in [2023u16, 2024] {
        let mut list = purchases(&BATIMENTS, year, 22, rng);
        if year == 2024 {
            // Deliberate mistakes: an amount in k€, a SIRET whose last digit is wrong.
            list[3].montant_cents = 12_000_00;
            let mut digits: Vec<u32> = list[5].siret.chars().filter_map(|c| c.to_digit(10)).collect();
            if let Some(last) = digits.last_mut() {
                *last = (*last + 1) % 10;
            }
            list[5].siret = digits.iter().map(|d| d.to_string()).collect();
        }
        for (i, p) in list.iter().enumerate() {
            let short_nature = &p.nature[..1];
            sheet.write(row, 0, &p.reference)?;
            sheet.write(row, 1, &p.objet)?;
            sheet.write(row, 2, short_nature)?;
            let amount = if year == 2024 && i == 3 {
                "12 k€".to_string()
            } else {
                euros_text(p.montant_cents)
            };
            sheet.write(row, 3, amount)?;
            sheet.write(row, 4, format!("{:02}/{:02}/{}", p.date.2, p.date.1, p.date.0))?;
            let flags = [
                p.clause_env,
                p.critere_env,
                p.clause_sociale,
                p.critere_social,
                p.reserve,
            ];
            for (col, value) in flags.into_iter().enumerate() {
                sheet.write(row, 5 + col as u16, if value { "O" } else { "N" })?;
            }
            if p.heures > 0 {
                sheet.write(row, 10, p.heures.to_string())?;
            }
            sheet.write(row, 11, &p.titulaire)?;
            sheet.write(row, 12, &p.siret)?;
            sheet.write(
                row,
                13,
                if p.categorie == "Grande entreprise" {
                    "GE"
                } else {
                    p.categorie
                },
            )?;
            if p.reemploi_cents > 0 {
                sheet.write(row, 14, euros_text(p.reemploi_cents))?;
            }
            row += 1;
        }
    }
    sheet.set_column_width(1, 45)?;
    workbook.save(dir.join("batiments").join("Recensement bâtiments.xlsx"))
}

/// DSI: abbreviated headers, a misspelt one, procedure acronyms, `X` for yes, an extra
/// `Observations` column and a total row.
fn write_dsi(dir: &Path, rng: &mut Lcg) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Recensement")?;
    let headers = [
        "Réf.",
        "Objet du marché",
        "Nature",
        "Procédrue",
        "Montant",
        "Date de notif.",
        "Clause env.",
        "Critère env.",
        "Clause d'insertion",
        "Heures d'insertion",
        "Attributaire",
        "Catégorie entreprise",
        "Titulaire ESS",
        "Marché innovant",
        "Taux d'avance (%)",
        "Catégorie AGEC",
        "Montant réemploi",
        "Observations",
    ];
    write_headers(sheet, 0, &headers, &styles.header)?;
    let mut row = 1;
    let mut total_cents = 0;
    for year in [2023u16, 2024] {
        let mut list = purchases(&DSI, year, 14, rng);
        if year == 2024 {
            // Deliberate mistakes: an impossible date, hours without an insertion clause.
            list[2].date = (2024, 2, 31);
            list[6].clause_sociale = false;
            list[6].heures = 120;
        }
        for p in &list {
            let acronym = match p.procedure {
                "Procédure adaptée" => "MAPA",
                "Appel d'offres ouvert" => "AOO",
                "Procédure avec négociation" => "PCN",
                other => other,
            };
            sheet.write(row, 0, &p.reference)?;
            sheet.write(row, 1, &p.objet)?;
            sheet.write(row, 2, p.nature)?;
            sheet.write(row, 3, acronym)?;
            sheet.write_with_format(row, 4, euros(p.montant_cents), &styles.money)?;
            if p.date == (2024, 2, 31) {
                sheet.write(row, 5, "31/02/2024")?;
            } else {
                sheet.write_with_format(row, 5, &date(p.date)?, &styles.date)?;
            }
            for (col, value) in [p.clause_env, p.critere_env, p.clause_sociale].into_iter().enumerate() {
                if value {
                    sheet.write(row, 6 + col as u16, "X")?;
                }
            }
            if p.heures > 0 {
                sheet.write(row, 9, p.heures)?;
            }
            sheet.write(row, 10, &p.titulaire)?;
            sheet.write(row, 11, p.categorie)?;
            if p.ess {
                sheet.write(row, 12, "X")?;
            }
            if p.innovant {
                sheet.write(row, 13, "X")?;
            }
            sheet.write(row, 14, rng.pick(&[0, 5, 10, 20, 30]))?;
            sheet.write(row, 15, agec_category(p))?;
            if p.reemploi_cents > 0 {
                sheet.write_with_format(row, 16, euros(p.reemploi_cents), &styles.money)?;
            }
            if rng.chance(20) {
                sheet.write(row, 17, "Reconduction à étudier")?;
            }
            total_cents += p.montant_cents;
            row += 1;
        }
    }
    sheet.write(row + 1, 0, "Total")?;
    sheet.write_with_format(row + 1, 4, euros(total_cents), &styles.money)?;
    sheet.set_column_width(1, 45)?;
    sheet.autofilter(0, 0, row - 1, headers.len() as u16 - 1)?;
    workbook.save(dir.join("dsi").join("marches_dsi.xlsx"))
}

/// Restauration: canonical labels in another order, a blank row between years, a Statut
/// column, and the service named in spaser.toml.
fn write_restauration(dir: &Path, rng: &mut Lcg) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Achats")?;
    sheet.write_with_format(0, 0, "Restauration collective — recensement des achats", &styles.title)?;
    let headers = [
        "Année prévue",
        "Référence",
        "Statut",
        "Date de notification",
        "Objet",
        "Nature",
        "Montant HT (€)",
        "Clause environnementale",
        "Clause sociale d'insertion",
        "Heures d'insertion",
        "Marché réservé",
        "Titulaire",
        "Catégorie du titulaire",
        "Titulaire ESS",
        "Achat mutualisé",
        "Montant réemploi ou recyclé HT (€)",
        "Catégorie AGEC",
    ];
    write_headers(sheet, 2, &headers, &styles.header)?;
    let mut row = 3;
    for year in [2023u16, 2024] {
        for p in purchases(&RESTAURATION, year, 12, rng) {
            sheet.write(row, 0, year)?;
            sheet.write(row, 1, &p.reference)?;
            sheet.write(row, 2, "Notifié")?;
            sheet.write_with_format(row, 3, &date(p.date)?, &styles.date)?;
            sheet.write(row, 4, &p.objet)?;
            sheet.write(row, 5, p.nature)?;
            sheet.write_with_format(row, 6, euros(p.montant_cents), &styles.money)?;
            sheet.write(row, 7, oui_non(p.clause_env))?;
            sheet.write(row, 8, oui_non(p.clause_sociale))?;
            if p.heures > 0 {
                sheet.write(row, 9, p.heures)?;
            }
            sheet.write(row, 10, oui_non(p.reserve))?;
            sheet.write(row, 11, &p.titulaire)?;
            sheet.write(row, 12, p.categorie)?;
            sheet.write(row, 13, oui_non(p.ess))?;
            sheet.write(row, 14, oui_non(p.mutualise))?;
            if p.reemploi_cents > 0 {
                sheet.write_with_format(row, 15, euros(p.reemploi_cents), &styles.money)?;
            }
            sheet.write(row, 16, agec_category(&p))?;
            row += 1;
        }
        row += 1;
    }
    // Planned purchases for 2025, not yet notified.
    for (i, objet) in ["Fourniture de produits laitiers bio", "Vaisselle réemployable"]
        .iter()
        .enumerate()
    {
        sheet.write(row, 0, 2025)?;
        sheet.write(row, 1, format!("2025-RES-{:03}", i + 1))?;
        sheet.write(row, 2, "Programmé")?;
        sheet.write(row, 4, *objet)?;
        sheet.write(row, 5, "Fournitures")?;
        sheet.write_with_format(row, 6, 45_000.0, &styles.money)?;
        row += 1;
    }
    workbook.save(dir.join("restauration").join("recensement_restauration.xlsx"))
}

/// Writes `12` or `43,5` as a number, other text as text, nothing when empty.
fn write_number_or_text(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    match text.replace(',', ".").parse::<f64>() {
        Ok(number) => sheet.write(row, col, number)?,
        Err(_) => sheet.write(row, col, text)?,
    };
    Ok(())
}

fn write_headers(sheet: &mut Worksheet, row: u32, headers: &[&str], format: &Format) -> Result<(), XlsxError> {
    for (col, header) in headers.iter().enumerate() {
        sheet.write_with_format(row, col as u16, *header, format)?;
    }
    Ok(())
}

/// (code, axe, orientation, intitulé, pilote)
const ACTIONS: [(&str, &str, &str, &str, &str); 12] = [
    (
        "FA 1",
        "Axe 1 — Exemplarité environnementale",
        "Généraliser les considérations environnementales",
        "Intégrer une considération environnementale dans chaque marché",
        "Commande publique",
    ),
    (
        "FA 2",
        "Axe 1 — Exemplarité environnementale",
        "Encourager l'économie circulaire",
        "Développer le réemploi et les matériaux recyclés",
        "Patrimoine bâti",
    ),
    (
        "FA 3",
        "Axe 1 — Exemplarité environnementale",
        "Réduire l'empreinte carbone",
        "Réduire l'empreinte carbone des bâtiments et de la flotte",
        "Patrimoine bâti",
    ),
    (
        "FA 4",
        "Axe 1 — Exemplarité environnementale",
        "Agir pour la santé",
        "Promouvoir une alimentation durable",
        "Restauration collective",
    ),
    (
        "FA 5",
        "Axe 2 — Commande publique solidaire",
        "Renforcer les clauses sociales d'insertion",
        "Augmenter la part des marchés intégrant des heures d'insertion",
        "Commande publique",
    ),
    (
        "FA 6",
        "Axe 2 — Commande publique solidaire",
        "Recourir à l'ESS",
        "Promouvoir le secteur adapté et protégé",
        "Commande publique",
    ),
    (
        "FA 7",
        "Axe 2 — Commande publique solidaire",
        "Lutter contre les discriminations",
        "Élaborer une charte de lutte contre les discriminations",
        "Ressources humaines",
    ),
    (
        "FA 8",
        "Axe 3 — Économie locale et innovation",
        "Faciliter l'accès des TPE/PME",
        "Faciliter l'accès des petites structures à l'achat public",
        "Commande publique",
    ),
    (
        "FA 9",
        "Axe 3 — Économie locale et innovation",
        "Mutualiser les achats",
        "Développer les groupements de commandes",
        "Commande publique",
    ),
    (
        "FA 10",
        "Axe 3 — Économie locale et innovation",
        "Soutenir l'innovation",
        "Faciliter l'accès des entreprises innovantes",
        "Développement économique",
    ),
    (
        "FA 11",
        "Axe 3 — Économie locale et innovation",
        "Piloter le SPASER",
        "Instaurer un Comité annuel des achats durables",
        "Commande publique",
    ),
    (
        "FA 12",
        "Axe 3 — Économie locale et innovation",
        "Connaître les fournisseurs",
        "Systématiser le sourcing",
        "Commande publique",
    ),
];

/// (code, FA, libellé, type, unité, sens, calcul, filtre, référence, année réf., cible 2023, cible 2024, cible 2025)
type IndicatorRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const INDICATORS: [IndicatorRow; 24] = [
    (
        "I1.1",
        "FA1",
        "Part des marchés notifiés comportant au moins une considération environnementale",
        "Quantitatif",
        "%",
        "Hausse",
        "part_env",
        "",
        "41",
        "2022",
        "60",
        "80",
        "100",
    ),
    (
        "I1.2",
        "FA1",
        "Nombre de marchés notifiés contenant une considération environnementale",
        "Quantitatif",
        "nombre",
        "Hausse",
        "nombre",
        "consideration_env = oui",
        "",
        "",
        "60",
        "70",
        "80",
    ),
    (
        "I2.1",
        "FA2",
        "Nombre de marchés de fournitures intégrant des biens issus du réemploi ou recyclés",
        "Quantitatif",
        "nombre",
        "Hausse",
        "nombre",
        "nature = Fournitures; montant_reemploi > 0",
        "",
        "",
        "5",
        "8",
        "12",
    ),
    (
        "I2.2",
        "FA2",
        "Montant des achats issus du réemploi ou recyclés",
        "Quantitatif",
        "€",
        "Hausse",
        "somme:montant_reemploi",
        "",
        "",
        "",
        "150000",
        "250000",
        "400000",
    ),
    (
        "I3.1",
        "FA3",
        "Nombre de constructions ou réhabilitations lourdes inscrites dans une démarche écoresponsable",
        "Quantitatif",
        "nombre",
        "Hausse",
        "",
        "",
        "1",
        "2022",
        "2",
        "3",
        "4",
    ),
    (
        "I3.2",
        "FA3",
        "Part de véhicules à faibles émissions parmi les véhicules renouvelés",
        "Quantitatif",
        "%",
        "Hausse",
        "",
        "",
        "",
        "",
        "30",
        "30",
        "40",
    ),
    (
        "I4.1",
        "FA4",
        "Part de produits durables et de qualité en restauration collective",
        "Quantitatif",
        "%",
        "Hausse",
        "",
        "",
        "38",
        "2022",
        "45",
        "50",
        "50",
    ),
    (
        "I4.2",
        "FA4",
        "Part de produits issus de l'agriculture biologique",
        "Quantitatif",
        "%",
        "Hausse",
        "",
        "",
        "15",
        "2022",
        "18",
        "20",
        "20",
    ),
    (
        "I5.1",
        "FA5",
        "Part des marchés notifiés comportant au moins une considération sociale",
        "Quantitatif",
        "%",
        "Hausse",
        "part_sociale",
        "",
        "27",
        "2022",
        "28",
        "30",
        "30",
    ),
    (
        "I5.2",
        "FA5",
        "Nombre d'heures d'insertion prévues dans les marchés notifiés",
        "Quantitatif",
        "heures",
        "Hausse",
        "heures_insertion",
        "",
        "12000",
        "2022",
        "15000",
        "20000",
        "25000",
    ),
    (
        "I5.3",
        "FA5",
        "Part des marchés de 40 000 € HT et plus comportant une considération sociale",
        "Quantitatif",
        "%",
        "Hausse",
        "part_sociale",
        "montant_ht >= 40000",
        "",
        "",
        "30",
        "35",
        "40",
    ),
    (
        "I5.4",
        "FA5",
        "Heures d'insertion réalisées dans l'année (suivi du facilitateur des clauses sociales)",
        "Quantitatif",
        "heures",
        "Hausse",
        "heures_insertion_realisees",
        "",
        "",
        "",
        "18000",
        "28000",
        "32000",
    ),
    (
        "I6.1",
        "FA6",
        "Nombre de marchés ou lots réservés (SIAE, EA, ESAT)",
        "Quantitatif",
        "nombre",
        "Hausse",
        "nb_reserves",
        "",
        "1",
        "2022",
        "2",
        "3",
        "4",
    ),
    (
        "I6.2",
        "FA6",
        "Montant des marchés attribués à des structures de l'ESS",
        "Quantitatif",
        "€",
        "Hausse",
        "montant",
        "titulaire_ess = oui",
        "",
        "",
        "300000",
        "400000",
        "500000",
    ),
    (
        "I7.1",
        "FA7",
        "Charte de lutte contre les discriminations adoptée",
        "Binaire",
        "",
        "Hausse",
        "",
        "",
        "",
        "",
        "",
        "Oui",
        "Oui",
    ),
    (
        "I8.1",
        "FA8",
        "Part des marchés attribués à des TPE/PME",
        "Quantitatif",
        "%",
        "Hausse",
        "part_tpe_pme",
        "",
        "58",
        "2022",
        "55",
        "60",
        "60",
    ),
    (
        "I8.2",
        "FA8",
        "Part des marchés allotis",
        "Quantitatif",
        "%",
        "Hausse",
        "part_allotis",
        "",
        "",
        "",
        "50",
        "55",
        "60",
    ),
    (
        "I8.3",
        "FA8",
        "Part du montant des marchés attribué à des TPE/PME",
        "Quantitatif",
        "%",
        "Hausse",
        "part_montant:categorie_titulaire = TPE, PME",
        "",
        "",
        "",
        "35",
        "40",
        "45",
    ),
    (
        "I9.1",
        "FA9",
        "Nombre de marchés mutualisés notifiés (groupement de commandes, centrale d'achat)",
        "Quantitatif",
        "nombre",
        "Hausse",
        "nb_mutualises",
        "",
        "",
        "",
        "4",
        "6",
        "8",
    ),
    (
        "I10.1",
        "FA10",
        "Nombre de marchés innovants notifiés",
        "Quantitatif",
        "nombre",
        "Hausse",
        "nb_innovants",
        "",
        "0",
        "2022",
        "1",
        "2",
        "3",
    ),
    (
        "I11.1",
        "FA11",
        "Comité annuel des achats durables réuni",
        "Binaire",
        "",
        "Hausse",
        "",
        "",
        "",
        "",
        "Oui",
        "Oui",
        "Oui",
    ),
    (
        "I11.2",
        "FA11",
        "Nombre d'agents et d'élus formés aux achats responsables",
        "Quantitatif",
        "nombre",
        "Hausse",
        "",
        "",
        "10",
        "2022",
        "25",
        "40",
        "60",
    ),
    (
        "I12.1",
        "FA12",
        "Nombre de rencontres fournisseurs organisées (sourcing)",
        "Quantitatif",
        "nombre",
        "Hausse",
        "",
        "",
        "",
        "",
        "3",
        "4",
        "4",
    ),
    (
        "I12.2",
        "FA12",
        "Qualité du dialogue avec les structures de l'ESS",
        "Qualitatif",
        "",
        "Hausse",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ),
];

/// (année, FA, indicateur, réalisé, statut déclaré, mise en œuvre, freins, solutions)
type SuiviRow = (
    u16,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const SUIVI: [SuiviRow; 27] = [
    (2023, "FA3", "I3.1", "2", "", "", "", ""),
    (
        2023,
        "FA3",
        "I3.2",
        "43,5",
        "",
        "40 véhicules électriques sur 92 renouvelés.",
        "",
        "",
    ),
    (2023, "FA4", "I4.1", "47", "", "", "", ""),
    (2023, "FA4", "I4.2", "19", "", "", "", ""),
    (
        2023,
        "FA7",
        "I7.1",
        "en cours",
        "",
        "Groupe de travail RH installé.",
        "Calendrier social chargé.",
        "Adoption prévue en 2024.",
    ),
    (
        2023,
        "FA11",
        "I11.1",
        "Réuni",
        "",
        "Comité réuni le 12 décembre 2023.",
        "",
        "",
    ),
    (2023, "FA11", "I11.2", "22", "", "", "", ""),
    (2023, "FA12", "I12.1", "3", "", "", "", ""),
    (
        2023,
        "FA12",
        "I12.2",
        "",
        "Partiellement atteint",
        "Deux rencontres avec les SIAE du territoire.",
        "Peu de réponses des ESAT.",
        "Passer par le réseau Gesat.",
    ),
    (
        2024,
        "FA3",
        "I3.1",
        "3",
        "",
        "Réhabilitation du groupe scolaire Jean-Jaurès.",
        "",
        "",
    ),
    (
        2024,
        "FA3",
        "I3.2",
        "0,35",
        "",
        "",
        "Délais de livraison des véhicules électriques.",
        "",
    ),
    (2024, "FA4", "I4.1", "52", "", "", "", ""),
    (
        2024,
        "FA4",
        "I4.2",
        "18",
        "",
        "",
        "Surcoût des denrées bio.",
        "Allotissement plus fin par filière.",
    ),
    (
        2024,
        "FA7",
        "I7.1",
        "Oui",
        "",
        "Charte adoptée en conseil communautaire.",
        "",
        "",
    ),
    (
        2024,
        "FA11",
        "I11.1",
        "Réuni",
        "",
        "Comité réuni le 10 décembre 2024.",
        "",
        "",
    ),
    (
        2024,
        "FA11",
        "I11.2",
        "31",
        "",
        "Deux sessions de formation avec le réseau régional.",
        "Disponibilité des agents.",
        "Module en ligne.",
    ),
    (2024, "FA12", "I12.1", "5", "", "", "", ""),
    // Typed although computed from the recensement, and different: a warning.
    (2024, "FA5", "I5.2", "24 000", "", "", "", ""),
    (
        2024,
        "FA12",
        "I12.2",
        "",
        "Atteint",
        "Convention avec le réseau des SIAE.",
        "",
        "",
    ),
    (
        2024,
        "FA1",
        "",
        "",
        "Partiellement atteint",
        "Clause environnementale type intégrée au CCAP.",
        "Marchés de services intellectuels peu concernés.",
        "Guide des clauses par famille d'achat.",
    ),
    (
        2024,
        "FA2",
        "",
        "",
        "Partiellement atteint",
        "Plateforme de réemploi des matériaux de chantier.",
        "",
        "",
    ),
    (
        2024,
        "FA5",
        "",
        "",
        "Atteint",
        "Facilitateur de clauses mutualisé avec la Maison de l'emploi.",
        "",
        "",
    ),
    (
        2024,
        "FA6",
        "",
        "",
        "Non atteint",
        "",
        "Offre des ESAT insuffisante sur les lots réservés.",
        "Sourcing ciblé en 2025.",
    ),
    (
        2024,
        "FA8",
        "",
        "",
        "Partiellement atteint",
        "Masterclass TPE/PME avec la CCI.",
        "",
        "",
    ),
    (
        2024,
        "FA9",
        "",
        "",
        "Atteint",
        "Groupement de commandes pour l'énergie.",
        "",
        "",
    ),
    (
        2024,
        "FA10",
        "",
        "",
        "Atteint",
        "",
        "Peu de projets innovants identifiés hors numérique.",
        "Appel à solutions innovantes en 2025.",
    ),
    (2024, "FA11", "", "", "Partiellement atteint", "", "", ""),
];

fn write_referentiel(dir: &Path) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let actions = workbook.add_worksheet().set_name("Actions")?;
    write_headers(
        actions,
        0,
        &["Code FA", "Axe", "Orientation", "Intitulé", "Pilote"],
        &styles.header,
    )?;
    for (i, (code, axe, orientation, intitule, pilote)) in ACTIONS.iter().enumerate() {
        let row = 1 + i as u32;
        for (col, text) in [code, axe, orientation, intitule, pilote].iter().enumerate() {
            actions.write(row, col as u16, **text)?;
        }
    }
    actions.set_column_width(3, 60)?;
    let indicators = workbook.add_worksheet().set_name("Indicateurs")?;
    let headers = [
        "Code indicateur",
        "Code FA",
        "Libellé",
        "Type",
        "Unité",
        "Sens",
        "Calcul",
        "Filtre",
        "Valeur de référence",
        "Année de référence",
        "Cible 2023",
        "Cible 2024",
        "Cible 2025",
    ];
    write_headers(indicators, 0, &headers, &styles.header)?;
    for (i, row_values) in INDICATORS.iter().enumerate() {
        let (code, fa, libelle, kind, unite, sens, calcul, filtre, reference, annee, c23, c24, c25) = *row_values;
        let row = 1 + i as u32;
        for (col, text) in [code, fa, libelle, kind, unite, sens, calcul, filtre]
            .iter()
            .enumerate()
        {
            if !text.is_empty() {
                indicators.write(row, col as u16, *text)?;
            }
        }
        for (col, text) in [reference, annee, c23, c24, c25].iter().enumerate() {
            write_number_or_text(indicators, row, 8 + col as u16, text)?;
        }
    }
    indicators.set_column_width(2, 60)?;
    let suivi = workbook.add_worksheet().set_name("Suivi")?;
    let headers = [
        "Année",
        "Code FA",
        "Code indicateur",
        "Réalisé",
        "Statut déclaré",
        "Mise en œuvre",
        "Freins",
        "Solutions",
    ];
    write_headers(suivi, 0, &headers, &styles.header)?;
    for (i, (year, fa, indicator, realise, statut, mise, freins, solutions)) in SUIVI.iter().enumerate() {
        let row = 1 + i as u32;
        suivi.write(row, 0, *year)?;
        suivi.write(row, 1, *fa)?;
        for (col, text) in [indicator, realise, statut].iter().enumerate() {
            write_number_or_text(suivi, row, 2 + col as u16, text)?;
        }
        for (col, text) in [mise, freins, solutions].iter().enumerate() {
            if !text.is_empty() {
                suivi.write_with_format(row, 5 + col as u16, **text, &styles.wrap)?;
            }
        }
    }
    suivi.set_column_width(5, 50)?;
    workbook.save(dir.join("pilotage").join("referentiel_et_suivi_SPASER.xlsx"))
}

/// (objectif, status column or 0 for none, mise en œuvre, freins, solutions)
type Objective = (&'static str, u16, &'static str, &'static str, &'static str);

/// The 2023 bilan table, laid out like seed 001: fiche action labels merged over their
/// objectives, an `X` in one of three status columns.
fn write_bilan_2023(dir: &Path) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Bilan 2023")?;
    sheet.merge_range(0, 0, 0, 7, "SPASER 2023-2025 — Bilan 2023", &styles.title)?;
    let headers = [
        "Fiche Action-N°",
        "Objectifs /Actions 2023",
        "Atteint",
        "Partiellement atteint",
        "Non atteint",
        "Actions/Mise en œuvre 2023",
        "Freins/ pourquoi?",
        "Solutions",
    ];
    write_headers(sheet, 2, &headers, &styles.header)?;
    // (label, [(objectif, status column, mise en œuvre, freins, solutions)])
    let fiches: [(&str, &[Objective]); 4] = [
        (
            "FA 1- Intégrer une considération environnementale dans chaque marché",
            &[
                (
                    "Rédiger une clause environnementale type pour le CCAP",
                    2,
                    "Clause type validée par la commission d'appel d'offres.",
                    "",
                    "",
                ),
                (
                    "Former les acheteurs aux critères environnementaux",
                    3,
                    "Une session sur deux réalisée.",
                    "Disponibilité des acheteurs.",
                    "Module en ligne en 2024.",
                ),
            ],
        ),
        (
            "FA 5- Augmenter la part des marchés intégrant des heures d'insertion",
            &[
                (
                    "Identifier les marchés de travaux pouvant porter une clause d'insertion",
                    2,
                    "Programmation annuelle revue avec le facilitateur.",
                    "",
                    "",
                ),
                (
                    "Étendre les clauses aux marchés de services",
                    3,
                    "Nettoyage et espaces verts clausés.",
                    "Peu de structures d'insertion sur certains métiers.",
                    "Sourcing avec la Maison de l'emploi.",
                ),
                (
                    "Suivre les heures réalisées",
                    0,
                    "Tableau de suivi partagé avec le facilitateur.",
                    "",
                    "",
                ),
            ],
        ),
        (
            "FA 6- Promouvoir le secteur adapté et protégé",
            &[(
                "Réserver au moins deux lots aux ESAT et EA",
                4,
                "",
                "Offre des ESAT insuffisante.",
                "Rencontre avec le réseau Gesat.",
            )],
        ),
        (
            "FA 8- Faciliter l'accès des petites structures à l'achat public",
            &[
                (
                    "Organiser une rencontre acheteurs / TPE-PME",
                    2,
                    "Masterclass avec la CCI le 15 novembre 2023 : 18 participants.",
                    "Financement de l'événement.",
                    "Ligne budgétaire dédiée.",
                ),
                (
                    "Allonger les délais de publicité des MAPA",
                    3,
                    "35 % des annonces prolongées d'au moins 5 jours.",
                    "Manque d'anticipation des renouvellements.",
                    "Planification annuelle des marchés.",
                ),
            ],
        ),
    ];
    let mut row = 3u32;
    for (label, objectives) in fiches {
        let first = row;
        for (objective, status_col, mise, freins, solutions) in objectives {
            sheet.write_with_format(row, 1, *objective, &styles.wrap)?;
            // Deliberate mistake: the third objective of FA 5 has no X.
            if *status_col != 0 {
                sheet.write(row, *status_col, "X")?;
            }
            for (col, text) in [mise, freins, solutions].iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_with_format(row, 5 + col as u16, **text, &styles.wrap)?;
                }
            }
            row += 1;
        }
        if row - first > 1 {
            sheet.merge_range(first, 0, row - 1, 0, label, &styles.wrap)?;
        } else {
            sheet.write_with_format(first, 0, label, &styles.wrap)?;
        }
    }
    for (col, width) in [(0u16, 30.0), (1, 45.0), (5, 45.0), (6, 30.0), (7, 30.0)] {
        sheet.set_column_width(col, width)?;
    }
    workbook.save(dir.join("pilotage").join("Bilan SPASER 2023.xlsx"))
}

const SPASER_TOML: &str = r#"# Réglages du SPASER de la Communauté d'agglomération du Val-Fleuri
# (lus par spaser dans le dossier des classeurs).

# Seuil d'atteinte partielle par défaut (50 %).
seuil_partiel = 0.5

# L'acheteur, pour la déclaration AGEC art. 58 (spaser bilan --agec agec_2024.csv).
siret = "20000000000018"
raison_sociale = "Communauté d'agglomération du Val-Fleuri"

# Service de chaque classeur, quand le classeur n'a pas de colonne Service.
[services]
"voirie/Recensement_voirie_2023-2024.xlsx" = "Voirie et mobilités"
"batiments/Recensement bâtiments.xlsx" = "Patrimoine bâti"
"dsi/marches_dsi.xlsx" = "Systèmes d'information"
"restauration/recensement_restauration.xlsx" = "Restauration collective"
# Un fichier DECP nomme son acheteur par son SIRET (acheteur.id).
"20005478100014" = "Eau et assainissement"
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("samples"));
    for sub in ["voirie", "batiments", "dsi", "restauration", "pilotage", "insertion"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    let mut rng = Lcg::new(20_240_101);
    write_voirie(&dir, &mut rng)?;
    write_batiments(&dir, &mut rng)?;
    write_dsi(&dir, &mut rng)?;
    write_restauration(&dir, &mut rng)?;
    write_referentiel(&dir)?;
    write_bilan_2023(&dir)?;
    sample_fiches::write_fiches(&dir)?;
    sample_2026::write_2026(&dir)?;
    sample_decp::write_decp(&dir, "2024-VOI-001")?;
    sample_insertion::write_insertion(&dir)?;
    std::fs::write(dir.join("spaser.toml"), SPASER_TOML)?;
    eprintln!("Échantillons écrits dans {}", dir.display());
    Ok(())
}

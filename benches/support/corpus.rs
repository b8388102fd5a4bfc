//! The synthetic corpus of §8: N purchases spread over S recensement workbooks written the way
//! services write them (title rows, synonyms and abbreviations in headers, text amounts, text
//! dates, `X` for yes), plus one suivi workbook with computed and typed indicators.
//!
//! Shared by `benches/corpus.rs` and `examples/generate_corpus.rs` (included with `#[path]`).
//! Deterministic: the same (purchases, workbooks, year) always gives the same bytes of content.

// Amounts are in cents: `90_000_00` reads as 90 000,00 €.
#![allow(clippy::inconsistent_digit_grouping, dead_code)]

#[path = "lcg.rs"]
mod lcg;
pub use lcg::Lcg;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// The shape of a corpus.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Purchases over all recensement workbooks.
    pub purchases: usize,
    /// Recensement workbooks.
    pub workbooks: usize,
    /// The bilan year; purchases are notified in this year and the one before.
    pub year: u16,
    /// Texts in a shared-string table, as Excel and LibreOffice save them; else inline strings
    /// (the corpus of earlier rounds).
    pub shared_strings: bool,
}

/// The three ways services lay out a recensement, cycled over the workbooks.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// The template's header on row 1, typed numbers and dates, `Oui`/`Non`.
    Template,
    /// Two title rows, synonyms in the header, amounts and dates typed as text, `X` for yes.
    TitleRows,
    /// Abbreviations (`T`/`F`/`S`, `MAPA`, `AOO`), amounts with a € format, `oui`/`non`.
    Abbreviations,
}

const COLUMNS: usize = 23;

const HEADERS_TEMPLATE: [&str; COLUMNS] = [
    "Référence",
    "Service",
    "Objet",
    "Nature",
    "Procédure",
    "Montant HT (€)",
    "Date de notification",
    "Statut",
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
    "Marché innovant",
    "Actions SPASER ciblées",
];

const HEADERS_TITLE_ROWS: [&str; COLUMNS] = [
    "N° de marché",
    "Direction",
    "Objet du marché",
    "Nature du marché",
    "Mode de passation",
    "Montant HT",
    "Date notification",
    "État",
    "Durée en mois",
    "CPV",
    "Clause env",
    "Critère env",
    "Clause sociale",
    "Critère sociétal",
    "Réservé",
    "Nb heures d'insertion",
    "Attributaire",
    "N° SIRET",
    "Taille de l'entreprise",
    "Allotissement",
    "Groupement de commandes",
    "Innovant",
    "Actions ciblées",
];

const HEADERS_ABBREVIATIONS: [&str; COLUMNS] = [
    "Réf marché",
    "Service acheteur",
    "Désignation",
    "Type de marché",
    "Type de procédure",
    "Montant (€ HT)",
    "Notifié le",
    "Avancement",
    "Durée",
    "Code CPV principal",
    "Clause écologique",
    "Critère écologique",
    "Clause d'insertion",
    "Critère social",
    "Lot réservé",
    "Heures insertion",
    "Entreprise",
    "SIRET",
    "Catégorie entreprise",
    "Marché alloti",
    "Mutualisé",
    "Achat innovant",
    "FA ciblées",
];

const OBJETS: [(&str, &str, &str); 8] = [
    ("Travaux de voirie", "Travaux", "45233140-2"),
    ("Entretien des espaces verts", "Services", "77310000-6"),
    ("Fourniture de mobilier de bureau", "Fournitures", "39130000-2"),
    ("Nettoyage des locaux", "Services", "90919200-4"),
    ("Denrées alimentaires", "Fournitures", "15000000-8"),
    ("Maintenance informatique", "Services", "72250000-2"),
    ("Rénovation énergétique d'un bâtiment", "Travaux", "45453000-7"),
    ("Véhicules électriques", "Fournitures", "34144900-7"),
];
const PROCEDURES: [(&str, &str); 4] = [
    ("Procédure adaptée", "MAPA"),
    ("Appel d'offres ouvert", "AOO"),
    ("Procédure avec négociation", "PCN"),
    ("Procédure adaptée", "PA"),
];
const CATEGORIES: [&str; 5] = ["TPE", "PME", "PME", "ETI", "Grande entreprise"];
const TARGETED: [&str; 5] = ["FA1", "FA1; FA3", "FA2", "FA4", ""];

/// One purchase before a workbook writes it its own way.
struct Purchase {
    reference: String,
    objet: (&'static str, &'static str, &'static str),
    procedure: (&'static str, &'static str),
    cents: u64,
    date: (u16, u8, u8),
    duree: u32,
    flags: [bool; 8],
    heures: u32,
    siret: String,
    categorie: &'static str,
    actions: &'static str,
}

// Indices into `Purchase::flags`.
const CLAUSE_ENV: usize = 0;
const CRITERE_ENV: usize = 1;
const CLAUSE_SOCIALE: usize = 2;
const CRITERE_SOCIAL: usize = 3;
const RESERVE: usize = 4;
const ALLOTI: usize = 5;
const MUTUALISE: usize = 6;
const INNOVANT: usize = 7;

fn purchase(service: usize, index: usize, year: u16, rng: &mut Lcg) -> Purchase {
    let year = if rng.chance(50) { year } else { year - 1 };
    let clause_sociale = rng.chance(20);
    let mut flags = [false; 8];
    flags[CLAUSE_ENV] = rng.chance(40);
    flags[CRITERE_ENV] = rng.chance(30);
    flags[CLAUSE_SOCIALE] = clause_sociale;
    flags[CRITERE_SOCIAL] = rng.chance(10);
    flags[RESERVE] = rng.chance(5);
    flags[ALLOTI] = rng.chance(35);
    flags[MUTUALISE] = rng.chance(15);
    flags[INNOVANT] = rng.chance(3);
    Purchase {
        reference: format!("{year}-S{service:03}-{index:05}"),
        objet: rng.pick(&OBJETS),
        procedure: rng.pick(&PROCEDURES),
        cents: 1_000_00 + rng.below(2_000_000_00),
        date: (year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8),
        duree: 1 + rng.below(60) as u32,
        flags,
        heures: if clause_sociale {
            35 * (1 + rng.below(40) as u32)
        } else {
            0
        },
        siret: siret(rng),
        categorie: rng.pick(&CATEGORIES),
        actions: rng.pick(&TARGETED),
    }
}

/// A SIRET with a valid Luhn key.
fn siret(rng: &mut Lcg) -> String {
    let mut digits: Vec<u32> = (0..13).map(|_| rng.below(10) as u32).collect();
    let sum = |digits: &[u32]| -> u32 {
        digits
            .iter()
            .rev()
            .enumerate()
            .map(|(i, &d)| if i % 2 == 1 { (2 * d) / 10 + (2 * d) % 10 } else { d })
            .sum()
    };
    let key = (0..10).find(|k| {
        let mut all = digits.clone();
        all.push(*k);
        sum(&all) % 10 == 0
    });
    digits.push(key.unwrap_or(0));
    digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
}

fn euros_text(cents: u64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02} €", cents % 100)
}

/// Writes the corpus into `dir` (created); returns the files written.
pub fn generate(dir: &Path, shape: Shape) -> Result<Vec<PathBuf>, XlsxError> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Lcg::new(0x5BA5E5);
    let mut files = Vec::with_capacity(shape.workbooks + 1);
    let per_workbook = shape.purchases / shape.workbooks.max(1);
    for service in 0..shape.workbooks {
        let extra = usize::from(service < shape.purchases % shape.workbooks.max(1));
        let path = dir.join(format!("Recensement_service_{service:03}.xlsx"));
        write_recensement(&path, service, per_workbook + extra, shape, &mut rng)?;
        files.push(path);
    }
    let suivi = dir.join("Suivi_SPASER.xlsx");
    write_suivi(&suivi, shape.year)?;
    files.push(suivi);
    Ok(files)
}

/// One service's recensement, in the layout its index gives.
pub fn write_recensement(
    path: &Path,
    service: usize,
    count: usize,
    shape: Shape,
    rng: &mut Lcg,
) -> Result<(), XlsxError> {
    let layout = [Layout::Template, Layout::TitleRows, Layout::Abbreviations][service % 3];
    let year = shape.year;
    let mut workbook = Workbook::new();
    let sheet = if shape.shared_strings {
        workbook.add_worksheet_with_low_memory()?
    } else {
        workbook.add_worksheet_with_constant_memory()?
    };
    sheet.set_name("Marchés")?;
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let euro_format = Format::new().set_num_format("#,##0.00\\ \"€\"");
    let (headers, first) = match layout {
        Layout::Template => (&HEADERS_TEMPLATE, 0),
        Layout::TitleRows => {
            sheet.write_string(0, 0, format!("Recensement des marchés {year} — Service {service:03}"))?;
            sheet.write_string(1, 0, "Mis à jour par le service, ne pas modifier les titres")?;
            (&HEADERS_TITLE_ROWS, 3)
        }
        Layout::Abbreviations => (&HEADERS_ABBREVIATIONS, 0),
    };
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(first, col as u16, *header)?;
    }
    let service_name = format!("Service {service:03}");
    for index in 0..count {
        let p = purchase(service, index, year, rng);
        let row = first + 1 + index as u32;
        write_purchase(sheet, row, layout, &p, &service_name, &date_format, &euro_format)?;
    }
    workbook.save(path)
}

fn write_purchase(
    sheet: &mut Worksheet,
    row: u32,
    layout: Layout,
    p: &Purchase,
    service: &str,
    date_format: &Format,
    euro_format: &Format,
) -> Result<(), XlsxError> {
    let (objet, nature, cpv) = p.objet;
    let (procedure, abbreviation) = p.procedure;
    let euros = p.cents as f64 / 100.0;
    let (y, m, d) = p.date;
    sheet.write_string(row, 0, &p.reference)?;
    sheet.write_string(row, 1, service)?;
    sheet.write_string(row, 2, objet)?;
    match layout {
        Layout::Template => {
            sheet.write_string(row, 3, nature)?;
            sheet.write_string(row, 4, procedure)?;
            sheet.write_number(row, 5, euros)?;
            sheet.write_datetime_with_format(row, 6, ExcelDateTime::from_ymd(y, m, d)?, date_format)?;
        }
        Layout::TitleRows => {
            sheet.write_string(row, 3, nature)?;
            sheet.write_string(row, 4, procedure)?;
            // One purchase in a thousand typed the way services type them in a hurry.
            if row % 1000 == 7 {
                sheet.write_string(row, 5, format!("{} k€", p.cents / 100_000))?;
            } else {
                sheet.write_string(row, 5, euros_text(p.cents))?;
            }
            sheet.write_string(row, 6, format!("{d:02}/{m:02}/{y}"))?;
        }
        Layout::Abbreviations => {
            sheet.write_string(row, 3, &nature[..1])?;
            sheet.write_string(row, 4, abbreviation)?;
            sheet.write_number_with_format(row, 5, euros, euro_format)?;
            sheet.write_datetime_with_format(row, 6, ExcelDateTime::from_ymd(y, m, d)?, date_format)?;
        }
    }
    sheet.write_string(row, 7, "Notifié")?;
    sheet.write_number(row, 8, p.duree)?;
    sheet.write_string(row, 9, cpv)?;
    let flag_columns = [
        (10, CLAUSE_ENV),
        (11, CRITERE_ENV),
        (12, CLAUSE_SOCIALE),
        (13, CRITERE_SOCIAL),
        (14, RESERVE),
        (19, ALLOTI),
        (20, MUTUALISE),
        (21, INNOVANT),
    ];
    for (col, flag) in flag_columns {
        let text = match (layout, p.flags[flag]) {
            (Layout::Template, true) => "Oui",
            (Layout::Template, false) => "Non",
            (Layout::TitleRows, true) => "X",
            (Layout::TitleRows, false) => "",
            (Layout::Abbreviations, true) => "oui",
            (Layout::Abbreviations, false) => "non",
        };
        if !text.is_empty() {
            sheet.write_string(row, col, text)?;
        }
    }
    if p.heures > 0 {
        sheet.write_number(row, 15, p.heures)?;
    }
    sheet.write_string(row, 16, format!("Entreprise {}", &p.siret[..5]))?;
    sheet.write_string(row, 17, &p.siret)?;
    sheet.write_string(row, 18, p.categorie)?;
    if !p.actions.is_empty() {
        sheet.write_string(row, 22, p.actions)?;
    }
    Ok(())
}

const ACTIONS: [(&str, &str, &str); 5] = [
    (
        "FA1",
        "Axe 1",
        "Intégrer des considérations environnementales dans les marchés",
    ),
    ("FA2", "Axe 1", "Développer le réemploi et les achats circulaires"),
    ("FA3", "Axe 2", "Développer les clauses sociales d'insertion"),
    (
        "FA4",
        "Axe 2",
        "Faciliter l'accès des TPE et PME à la commande publique",
    ),
    ("FA5", "Axe 3", "Mutualiser et innover dans les achats"),
];

/// (code, FA, libellé, type, unité, calcul, filtre, cible, réalisé typed)
type IndicatorRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    &'static str,
);

const INDICATORS: [IndicatorRow; 10] = [
    (
        "I1.1",
        "FA1",
        "Part des marchés avec une considération environnementale",
        "Quantitatif",
        "%",
        "part_env",
        "",
        60.0,
        "",
    ),
    (
        "I1.2",
        "FA1",
        "Part des marchés de travaux avec une considération environnementale",
        "Quantitatif",
        "%",
        "part_env",
        "nature = Travaux",
        70.0,
        "",
    ),
    (
        "I2.1",
        "FA2",
        "Montant des marchés ciblant le réemploi",
        "Quantitatif",
        "€",
        "montant",
        "actions_ciblees contient FA2",
        1_000_000.0,
        "",
    ),
    (
        "I2.2",
        "FA2",
        "Guide du réemploi diffusé",
        "Binaire",
        "",
        "",
        "",
        1.0,
        "Oui",
    ),
    (
        "I3.1",
        "FA3",
        "Heures d'insertion",
        "Quantitatif",
        "heures",
        "heures_insertion",
        "",
        100_000.0,
        "",
    ),
    (
        "I3.2",
        "FA3",
        "Part des marchés avec une considération sociale",
        "Quantitatif",
        "%",
        "part_sociale",
        "montant_ht >= 40000",
        30.0,
        "",
    ),
    (
        "I3.3",
        "FA3",
        "Nombre de marchés réservés",
        "Quantitatif",
        "nombre",
        "nb_reserves",
        "",
        500.0,
        "",
    ),
    (
        "I4.1",
        "FA4",
        "Part des marchés attribués à des TPE ou PME",
        "Quantitatif",
        "%",
        "part_tpe_pme",
        "",
        50.0,
        "",
    ),
    (
        "I4.2",
        "FA4",
        "Part du montant des marchés allotis",
        "Quantitatif",
        "%",
        "part_montant:alloti = oui",
        "",
        40.0,
        "",
    ),
    (
        "I5.1",
        "FA5",
        "Nombre de réunions du réseau des acheteurs",
        "Quantitatif",
        "nombre",
        "",
        "",
        4.0,
        "3",
    ),
];

/// The référentiel and the suivi of year `year` in one workbook.
pub fn write_suivi(path: &Path, year: u16) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let actions = workbook.add_worksheet().set_name("Actions")?;
    for (col, header) in ["Code FA", "Axe", "Intitulé"].iter().enumerate() {
        actions.write_string(0, col as u16, *header)?;
    }
    for (row, (code, axe, title)) in ACTIONS.iter().enumerate() {
        let row = row as u32 + 1;
        actions.write_string(row, 0, *code)?;
        actions.write_string(row, 1, *axe)?;
        actions.write_string(row, 2, *title)?;
    }
    let target = format!("Cible {year}");
    let headers = [
        "Code indicateur",
        "Code FA",
        "Libellé",
        "Type",
        "Unité",
        "Calcul",
        "Filtre",
        target.as_str(),
    ];
    let indicators = workbook.add_worksheet().set_name("Indicateurs")?;
    for (col, header) in headers.iter().enumerate() {
        indicators.write_string(0, col as u16, *header)?;
    }
    for (row, (code, fa, label, kind, unit, calcul, filtre, cible, _)) in INDICATORS.iter().enumerate() {
        let row = row as u32 + 1;
        for (col, text) in [code, fa, label, kind, unit, calcul, filtre].iter().enumerate() {
            if !text.is_empty() {
                indicators.write_string(row, col as u16, **text)?;
            }
        }
        indicators.write_number(row, 7, *cible)?;
    }
    let suivi = workbook.add_worksheet().set_name("Suivi")?;
    for (col, header) in ["Année", "Code FA", "Code indicateur", "Réalisé", "Mise en œuvre"]
        .iter()
        .enumerate()
    {
        suivi.write_string(0, col as u16, *header)?;
    }
    for (row, (code, fa, .., typed)) in INDICATORS.iter().enumerate() {
        let row = row as u32 + 1;
        suivi.write_number(row, 0, year)?;
        suivi.write_string(row, 1, *fa)?;
        suivi.write_string(row, 2, *code)?;
        if !typed.is_empty() {
            suivi.write_string(row, 3, *typed)?;
        }
        suivi.write_string(row, 4, "Suivi annuel transmis par le pilote.")?;
    }
    workbook.save(path)
}

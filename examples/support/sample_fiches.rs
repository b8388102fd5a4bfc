//! The pilot's fiches action in vertical form (SPEC §4.2), one sheet per fiche as seed 003 lays
//! them out: the axe as a title merged across, the objective above the heading, labels in
//! column A with their values beside or below, and a yearly follow-up. The headings are spelled
//! otherwise than the référentiel (`Action n°7` where it says `FA 7`): they are the same actions.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// (label, value beside it or `""`, lines below it)
type Entry = (&'static str, &'static str, &'static [&'static str]);

struct Fiche {
    sheet: &'static str,
    axe: &'static str,
    objective: &'static str,
    heading: &'static str,
    intitule: &'static str,
    entries: &'static [Entry],
}

const FICHES: [Fiche; 3] = [
    Fiche {
        sheet: "Action 7",
        axe: "Axe 2 — Commande publique solidaire",
        objective: "Lutter contre les discriminations",
        heading: "Action n°7",
        intitule: "Élaborer une charte de lutte contre les discriminations",
        entries: &[
            (
                "DESCRIPTIF DE L'ACTION",
                "",
                &[
                    "Rédiger avec les titulaires une charte d'engagement contre les discriminations à l'embauche.",
                    "La charte est annexée aux marchés de services de plus de 90 000 € HT.",
                ],
            ),
            (
                "RÉSULTATS ATTENDUS",
                "",
                &[
                    "- Charte signée par les principaux titulaires",
                    "- Clause de suivi dans les CCAP",
                ],
            ),
            ("INDICATEUR DE RÉALISATION", "", &["Charte adoptée : fait ou pas"]),
            ("PILOTE DE L'ACTION", "Ressources humaines", &[]),
            (
                "PARTENAIRES INTERNES ET EXTERNES",
                "Mission égalité ; Commande publique ; Défenseur des droits",
                &[],
            ),
            ("SUIVI ANNUEL", "", &[]),
            ("Réalisé 2024", "Fait", &[]),
            ("Statut 2024", "Atteint", &[]),
            (
                "Mise en œuvre 2024",
                "Charte signée par 12 titulaires sur 15 ; clause de suivi ajoutée aux CCAP.",
                &[],
            ),
        ],
    },
    Fiche {
        sheet: "Action 11",
        axe: "Axe 3 — Économie locale et innovation",
        objective: "Piloter le SPASER",
        heading: "Fiche action n°11",
        intitule: "Instaurer un Comité annuel des achats durables",
        entries: &[
            (
                "DESCRIPTIF DE L'ACTION",
                "",
                &[
                    "Le comité réunit une fois par an les élus de la CAO et les directions acheteuses pour arrêter les marchés ciblés.",
                ],
            ),
            ("INDICATEUR DE RÉALISATION", "", &["Réuni / Pas réuni"]),
            ("PILOTE DE L'ACTION", "Commande publique", &[]),
            ("PARTENAIRES", "Élus membres de la CAO ; directions acheteuses", &[]),
            ("SUIVI ANNUEL", "", &[]),
            ("Réalisé 2024", "Réuni", &[]),
        ],
    },
    Fiche {
        sheet: "Action 12",
        axe: "Axe 3 — Économie locale et innovation",
        objective: "Connaître les fournisseurs",
        heading: "FA-12",
        intitule: "Systématiser le sourcing",
        entries: &[
            (
                "RÉSULTATS ATTENDUS",
                "",
                &[
                    "- Un sourcing avant chaque marché de plus de 90 000 € HT",
                    "- Des TPE/PME mieux informées",
                ],
            ),
            (
                "INDICATEURS D'EFFETS",
                "",
                &["- Nombre de sourcings menés dans l'année"],
            ),
            ("PILOTE DE L'ACTION", "Commande publique", &[]),
            ("SUIVI ANNUEL", "", &[]),
            ("Cible 2024", "6", &[]),
            ("Réalisé 2024", "8", &[]),
            ("Freins", "Peu de temps acheteur disponible au printemps.", &[]),
        ],
    },
];

/// Writes `pilotage/Fiches action SPASER.xlsx`.
pub fn write_fiches(dir: &Path) -> Result<(), XlsxError> {
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let label = Format::new().set_bold();
    let heading = Format::new().set_bold().set_font_size(12);
    let wrapped = Format::new().set_text_wrap();
    let mut workbook = Workbook::new();
    for fiche in &FICHES {
        let sheet = workbook.add_worksheet().set_name(fiche.sheet)?;
        write_fiche(sheet, fiche, [&title, &label, &heading, &wrapped])?;
    }
    workbook.save(dir.join("pilotage").join("Fiches action SPASER.xlsx"))
}

fn write_fiche(
    sheet: &mut Worksheet,
    fiche: &Fiche,
    [title, label, heading, wrapped]: [&Format; 4],
) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 38)?;
    sheet.set_column_width(1, 70)?;
    sheet.merge_range(0, 0, 0, 3, fiche.axe, title)?;
    sheet.write_string_with_format(2, 0, "Objectif", label)?;
    sheet.write_string(2, 1, fiche.objective)?;
    sheet.write_string_with_format(3, 0, fiche.heading, heading)?;
    sheet.merge_range(4, 0, 4, 3, fiche.intitule, wrapped)?;
    let mut row = 6;
    for (text, beside, below) in fiche.entries {
        sheet.write_string_with_format(row, 0, *text, label)?;
        if !beside.is_empty() {
            sheet.write_string_with_format(row, 1, *beside, wrapped)?;
        }
        for line in *below {
            row += 1;
            sheet.write_string_with_format(row, 0, *line, wrapped)?;
        }
        row += 1;
    }
    Ok(())
}

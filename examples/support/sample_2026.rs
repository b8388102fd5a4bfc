//! Contracts launched after 21 August 2026 (SPEC §11, loi Climat et résilience), as a purchasing
//! department would list them: one compliant, one without environmental clause, one with a
//! motivated derogation, works above the EU threshold without social clause, a defence contract
//! (outside the rules), one launched the week before (outside), one without a launch date.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::Path;

/// (référence, service, objet, nature, montant HT, lancement, notification, clause env,
/// critère env, clause sociale, défense, dérogation environnementale)
type Contract = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    Option<(u16, u8, u8)>,
    (u16, u8, u8),
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const CONTRACTS: [Contract; 7] = [
    (
        "2026-VOI-101",
        "Voirie et mobilités",
        "Entretien des espaces verts des giratoires",
        "Services",
        180_000.0,
        Some((2026, 9, 1)),
        (2026, 11, 15),
        "Oui",
        "Oui",
        "Non",
        "Non",
        "",
    ),
    (
        "2026-VOI-102",
        "Voirie et mobilités",
        "Fourniture de panneaux de signalisation",
        "Fournitures",
        90_000.0,
        Some((2026, 9, 15)),
        (2026, 11, 20),
        "Non",
        "Oui",
        "Non",
        "Non",
        "",
    ),
    (
        "2026-DSI-103",
        "Systèmes d'information",
        "Licences du logiciel de gestion financière",
        "Services",
        60_000.0,
        Some((2026, 10, 1)),
        (2026, 12, 1),
        "Non",
        "Non",
        "Non",
        "Non",
        "Licences d'un logiciel existant : aucune caractéristique environnementale pertinente",
    ),
    (
        "2026-VOI-104",
        "Voirie et mobilités",
        "Requalification de l'avenue de la Gare",
        "Travaux",
        6_200_000.0,
        Some((2026, 8, 25)),
        (2026, 11, 30),
        "Oui",
        "Oui",
        "Non",
        "Non",
        "",
    ),
    (
        "2026-VOI-105",
        "Voirie et mobilités",
        "Équipements de vidéoprotection",
        "Fournitures",
        300_000.0,
        Some((2026, 9, 1)),
        (2026, 11, 10),
        "Non",
        "Non",
        "Non",
        "Oui",
        "",
    ),
    (
        "2026-VOI-106",
        "Voirie et mobilités",
        "Balayage mécanisé des voies",
        "Services",
        50_000.0,
        Some((2026, 8, 10)),
        (2026, 10, 5),
        "Non",
        "Non",
        "Non",
        "Non",
        "",
    ),
    (
        "2026-DSI-107",
        "Systèmes d'information",
        "Ordinateurs portables reconditionnés",
        "Fournitures",
        40_000.0,
        None,
        (2026, 10, 1),
        "Oui",
        "Oui",
        "Non",
        "Non",
        "",
    ),
];

/// Writes `voirie/Marchés lancés depuis août 2026.xlsx`.
pub fn write_2026(dir: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Marchés 2026")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let headers = [
        "Référence",
        "Service",
        "Objet",
        "Nature",
        "Montant HT (€)",
        "Date d'envoi de l'AAPC",
        "Date de notification",
        "Clause environnementale",
        "Critère environnemental",
        "Clause sociale d'insertion",
        "Défense",
        "Justification environnementale",
    ];
    for (col, header) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, c) in (1u32..).zip(CONTRACTS) {
        sheet.write_string(row, 0, c.0)?;
        sheet.write_string(row, 1, c.1)?;
        sheet.write_string(row, 2, c.2)?;
        sheet.write_string(row, 3, c.3)?;
        sheet.write_number(row, 4, c.4)?;
        if let Some((y, m, d)) = c.5 {
            sheet.write_datetime_with_format(row, 5, ExcelDateTime::from_ymd(y, m, d)?, &date)?;
        }
        let (y, m, d) = c.6;
        sheet.write_datetime_with_format(row, 6, ExcelDateTime::from_ymd(y, m, d)?, &date)?;
        for (col, text) in (7u16..).zip([c.7, c.8, c.9, c.10, c.11]) {
            if !text.is_empty() {
                sheet.write_string(row, col, text)?;
            }
        }
    }
    workbook.save(dir.join("voirie").join("Marchés lancés depuis août 2026.xlsx"))
}

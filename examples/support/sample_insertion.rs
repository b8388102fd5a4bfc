//! The clause-sociale facilitator's follow-up (§13): one sheet per year (the year in the sheet's
//! name), the hours of insertion done on each contract the facilitator follows and the people
//! who worked them. Two deliberate mistakes: a number retyped with the letter O (no such
//! contract, whose own hours then go unfollowed) and hours done typed 2 031 for 1 031 (above
//! twice those planned). Three small contracts with a clause, and the water service's, are not
//! followed (listed for the pilot).

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::Path;

/// The contracts followed: reference (as the recensement has it), hours planned.
const FOLLOWED: [(&str, u32); 42] = [
    ("2023-BAT-002", 536),
    ("2023-BAT-004", 1788),
    ("2023-BAT-005", 2559),
    ("2023-BAT-007", 2615),
    ("2023-BAT-011", 1148),
    ("2023-BAT-014", 1972),
    ("2023-BAT-019", 1092),
    ("2023-BAT-020", 1694),
    ("2023-BAT-021", 1361),
    ("2023-BAT-022", 2175),
    ("2024-BAT-001", 2167),
    ("2024-BAT-003", 502),
    ("2024-BAT-006", 435),
    ("2024-BAT-010", 1257),
    ("2024-BAT-012", 831),
    ("2024-BAT-015", 562),
    ("2024-BAT-016", 1037),
    ("2023-DSI-006", 574),
    ("2023-DSI-013", 1247),
    ("2024-DSI-011", 903),
    ("2023-RES-002", 1462),
    ("2023-RES-011", 1273),
    ("2024-RES-007", 2434),
    ("2024-RES-011", 1188),
    ("2023-VOI-002", 2506),
    ("2023-VOI-003", 746),
    ("2023-VOI-005", 1187),
    ("2023-VOI-010", 1624),
    ("2023-VOI-014", 922),
    ("2023-VOI-017", 1628),
    ("2023-VOI-018", 567),
    ("2023-VOI-019", 1466),
    ("2023-VOI-020", 1123),
    ("2023-VOI-021", 1296),
    ("2024-VOI-001", 1515),
    ("2024-VOI-006", 1612),
    ("2024-VOI-007", 1936),
    ("2024-VOI-012", 2068),
    ("2024-VOI-013", 1191),
    ("2024-VOI-016", 2209),
    ("2024-VOI-017", 1117),
    ("2024-VOI-019", 2196),
];

const PUBLICS: [&str; 4] = [
    "Demandeurs d'emploi de longue durée",
    "Jeunes de moins de 26 ans",
    "Allocataires du RSA",
    "Travailleurs handicapés",
];

const COMPANIES: [&str; 5] = [
    "Routes et Réseaux du Val",
    "Batisud",
    "Propreté Services",
    "Restauval",
    "Numérique Durable",
];

/// One row of a year's sheet: reference, enterprise, hours planned, done, participants, public.
type Line = (String, &'static str, u32, u32, u32, &'static str);

/// The rows of `year`: a contract notified in 2023 did 55 % of its hours in 2023 and 40 % in
/// 2024; one notified in 2024, 60 % in 2024.
fn lines(year: u16) -> Vec<Line> {
    FOLLOWED
        .iter()
        .enumerate()
        .filter_map(|(i, (reference, planned))| {
            let notified: u16 = reference[..4].parse().ok()?;
            let percent = match (notified, year) {
                (2023, 2023) => 55,
                (2023, 2024) => 40,
                (2024, 2024) => 60,
                _ => return None,
            };
            let mut done = planned * percent / 100;
            let mut reference = reference.to_string();
            if year == 2024 && reference == "2024-BAT-012" {
                done = 2031; // Deliberate mistake: 1 031 typed 2 031.
            }
            if year == 2024 && reference == "2024-VOI-013" {
                reference = "2024-VOI-O13".to_string(); // Deliberate mistake: the letter O.
            }
            let participants = 1 + done / 400;
            Some((
                reference,
                COMPANIES[i % COMPANIES.len()],
                *planned,
                done,
                participants,
                PUBLICS[i % PUBLICS.len()],
            ))
        })
        .collect()
}

/// Writes `insertion/Suivi des clauses sociales.xlsx`.
pub fn write_insertion(dir: &Path) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_text_wrap();
    let mut workbook = Workbook::new();
    for year in [2024u16, 2023] {
        let sheet = workbook.add_worksheet().set_name(format!("Suivi {year}"))?;
        let headers = [
            "N° de marché",
            "Entreprise",
            "Heures prévues",
            "Heures réalisées",
            "Nb de participants",
            "Public",
        ];
        for (col, text) in (0u16..).zip(headers) {
            sheet.write_with_format(0, col, text, &header)?;
        }
        for (row, (reference, company, planned, done, participants, public)) in (1u32..).zip(lines(year)) {
            sheet.write(row, 0, reference)?;
            sheet.write(row, 1, company)?;
            sheet.write(row, 2, planned)?;
            sheet.write(row, 3, done)?;
            sheet.write(row, 4, participants)?;
            sheet.write(row, 5, public)?;
        }
        sheet.set_column_width(0, 16)?;
        sheet.set_column_width(1, 26)?;
        sheet.set_column_width(5, 34)?;
    }
    workbook.save(dir.join("insertion").join("Suivi des clauses sociales.xlsx"))
}

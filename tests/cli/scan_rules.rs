//! §1: the folder is scanned once for every command; spaser's own outputs are recognised in one
//! place, by name, and by the workbook's sheet list alone when the name says nothing.

use crate::support::*;

const BILAN_SHEETS: [&str; 8] = [
    "Synthèse",
    "Bilan par fiche",
    "Actions",
    "Indicateurs",
    "Conformité 2026",
    "Recensement",
    "Anomalies",
    "Sources",
];

#[test]
fn a_bilan_under_another_name_is_known_by_its_sheet_list_without_reading_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copie pour le comité.xlsx");
    let sheets: Vec<SheetSpec> = BILAN_SHEETS
        .iter()
        .map(|name| {
            SheetSpec::new(
                name,
                vec![vec![C::T("Code FA"), C::T("Intitulé")], vec![C::T("FA1"), C::T("x")]],
            )
        })
        .collect();
    write_book(&path, &sheets);
    // Its sheets cannot be read: were they read, the file would be reported unreadable.
    patch_xlsx(&path, "xl/worksheets/sheet2.xml", |_| {
        "<worksheet><sheetData><row".to_string()
    });
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "{seen:#?}");
    let found: Vec<(&str, &str)> = seen.iter().map(|d| (d.file.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [("copie pour le comité.xlsx", "bilan-spaser-ignore")]);
}

#[test]
fn the_outputs_of_the_run_are_left_out_by_name_and_never_reported() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&samples(), dir.path());
    for _ in 0..2 {
        let (code, text) = bilan(dir.path(), &[".", "-o", "synthese.xlsx", "--export", "indicateurs.csv"]);
        assert_eq!(code, 0, "{text}");
    }
    let mut book = Book::open(&dir.path().join("synthese.xlsx"));
    let anomalies = book.sheet("Anomalies");
    let sources = book.sheet("Sources");
    for name in ["synthese.xlsx", "indicateurs.csv"] {
        assert!(
            !anomalies.rows.iter().flatten().any(|c| c.contains(name)),
            "{name} in Anomalies"
        );
        assert!(
            !sources.rows.iter().flatten().any(|c| c.contains(name)),
            "{name} in Sources"
        );
    }
}

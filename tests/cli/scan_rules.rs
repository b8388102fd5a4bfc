//! §1: the folder is scanned once for every command; spaser's own outputs are recognised in one
//! place, by name, and by the workbook's sheet list alone when the name says nothing.

use crate::support::*;

#[test]
fn a_bilan_under_another_name_is_known_by_its_sheet_list_without_reading_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copie pour le comité.xlsx");
    let sheets: Vec<SheetSpec> = spaser::catalogue::own_sheets::BILAN
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

#[test]
fn a_windows_shortcut_in_the_share_is_an_info_and_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    crate::hostile_rules::recensement(&dir.path().join("voirie.xlsx"), "V-1");
    std::fs::write(dir.path().join("Recensement DSI.lnk"), b"L\0\0\0").unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "{seen:#?}");
    let found: Vec<(&str, &str)> = seen.iter().map(|d| (d.file.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [("Recensement DSI.lnk", "raccourci-ignore")]);
}

#[test]
fn folders_with_accents_spaces_and_a_path_over_260_characters_are_read_and_named_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().join("SPASER 2025").join("Direction des bâtiments");
    while deep.as_os_str().len() < 300 {
        deep = deep.join("Sous-dossier d'archives é");
    }
    std::fs::create_dir_all(&deep).unwrap();
    crate::hostile_rules::recensement(&deep.join("Recensement – Bâtiments.xlsx"), "B-1");
    // A mistake in it, so that the diagnostic shows how the file is named.
    write_book(
        &deep.join("Erreur.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                recensement_header(&[]),
                vec![
                    C::T("B-2"),
                    C::T("Objet"),
                    C::T("Travaux"),
                    C::T("douze"),
                    C::D(2024, 3, 1),
                ],
            ],
        )],
    );
    let (code, seen) = check(dir.path(), &["SPASER 2025"]);
    assert_eq!(code, 1, "{seen:#?}");
    let error = seen.iter().find(|d| d.code == "montant-invalide").expect("the amount");
    let typed = deep.strip_prefix(dir.path().join("SPASER 2025")).unwrap();
    let expected: Vec<String> = typed
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    assert_eq!(error.file, format!("{}/Erreur.xlsx", expected.join("/")));
    assert!(error.file.len() > 260);
}

/// Windows: a file given with `\` keeps its path as the pilot typed it.
#[test]
#[cfg(windows)]
fn a_file_given_with_backslashes_is_named_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("Voirie")).unwrap();
    write_book(
        &dir.path().join("Voirie").join("Recensement.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                recensement_header(&[]),
                vec![
                    C::T("V-1"),
                    C::T("Objet"),
                    C::T("Travaux"),
                    C::T("douze"),
                    C::D(2024, 3, 1),
                ],
            ],
        )],
    );
    let (_, seen) = check(dir.path(), &[r"Voirie\Recensement.xlsx"]);
    assert!(seen.iter().any(|d| d.file == r"Voirie\Recensement.xlsx"), "{seen:#?}");
}

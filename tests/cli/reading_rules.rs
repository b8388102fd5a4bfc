//! SPEC §2, common reading rules: one test per rule, on workbooks built inline.

use crate::support::C::*;
use crate::support::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

/// A minimal recensement header and one row per `rows`.
fn recensement(rows: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut all = vec![vec![
        T("Référence"),
        T("Objet"),
        T("Nature"),
        T("Montant HT (€)"),
        T("Date de notification"),
    ]];
    all.extend(rows);
    all
}

fn one_sheet(dir: &std::path::Path, name: &str, rows: Vec<Vec<C>>) -> std::path::PathBuf {
    let path = dir.join(name);
    write_book(&path, &[SheetSpec::new("Marchés", rows)]);
    path
}

#[test]
fn header_row_is_found_among_the_first_30_rows_below_title_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = vec![
        vec![T("Commune de Test — marchés 2024")],
        vec![],
        vec![T("Édité le 3 mars")],
    ];
    rows.extend((0..20).map(|_| vec![]));
    rows.extend(recensement(vec![vec![
        T("R1"),
        T("Objet"),
        T("T"),
        N(1000.0),
        D(2024, 3, 1),
    ]]));
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    assert_eq!(inputs.purchases.len(), 1);
    assert_eq!(inputs.purchases[0].source.as_ref().expect("source").row, 24);
    assert_eq!(inputs.diagnostics, vec![]);
}

#[test]
fn a_header_below_row_30_is_not_found_and_the_workbook_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows: Vec<Vec<C>> = vec![vec![T("Titre")]];
    rows.extend((0..30).map(|_| vec![]));
    rows.extend(recensement(vec![vec![
        T("R1"),
        T("Objet"),
        T("T"),
        N(1000.0),
        D(2024, 3, 1),
    ]]));
    one_sheet(dir.path(), "a.xlsx", rows);
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(codes(&seen), expected(&[("aucune-feuille-reconnue", "")]));
}

#[test]
fn coordinates_are_absolute_when_the_data_does_not_start_at_a1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.xlsx");
    let rows = recensement(vec![vec![T("R1"), T("Objet"), T("T"), T("douze"), D(2024, 3, 1)]]);
    write_book(&path, &[SheetSpec::new("Marchés", rows).at(4, 2)]);
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(
        codes(&seen),
        expected(&[("montant-invalide", "F6")]),
        "C5 is the header, F6 the amount"
    );
}

#[test]
fn a_two_row_header_joins_group_and_sub_labels_and_a_group_merged_down_is_the_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.xlsx");
    let rows = vec![
        vec![
            T("Marché"),
            E,
            E,
            T("Montant HT (€)"),
            T("Considérations environnementales"),
            E,
            T("Considérations sociales"),
            E,
        ],
        vec![
            T("Numéro"),
            T("Objet"),
            T("Nature"),
            E,
            T("Clause"),
            T("Critère"),
            T("Clause d'insertion"),
            T("Critère"),
        ],
        vec![
            T("R1"),
            T("Objet"),
            T("S"),
            N(5.0),
            T("Non"),
            T("Oui"),
            T("Non"),
            T("Oui"),
        ],
    ];
    let spec = SheetSpec::new("Marchés", rows)
        .merge(0, 0, 0, 2)
        .merge(0, 3, 1, 3)
        .merge(0, 4, 0, 5)
        .merge(0, 6, 0, 7);
    write_book(&path, &[spec]);
    let inputs = load(&[path], dir.path());
    assert_eq!(inputs.diagnostics, vec![]);
    let p = &inputs.purchases[0];
    assert_eq!(
        (p.clause_env, p.critere_env, p.clause_sociale, p.critere_social),
        (Some(false), Some(true), Some(false), Some(true))
    );
    assert_eq!(p.montant_ht, Some(dec("5")));
}

#[test]
fn a_title_row_above_the_header_merged_across_or_a_single_cell_is_never_a_group_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let title = "Recensement des marchés notifiés en 2021 et 2022 (SPAPSER 2022-2024)";
    let header = |rows: Vec<Vec<C>>| {
        let mut all = vec![vec![T(title)]];
        let mut table = recensement(vec![vec![
            T("R1"),
            T("Objet"),
            T("T"),
            N(1000.0),
            D(2022, 3, 1),
            T("Oui"),
            T("X-12"),
        ]]);
        table[0].push(T("Critère insertion"));
        table[0].push(T("Code interne"));
        all.extend(table);
        all.extend(rows);
        all
    };
    let merged = dir.path().join("merged.xlsx");
    write_book(&merged, &[SheetSpec::new("Marchés", header(vec![])).merge(0, 0, 0, 6)]);
    let single = one_sheet(dir.path(), "single.xlsx", header(vec![]));
    for path in [&merged, &single] {
        let (code, seen) = check(dir.path(), &[path.file_name().unwrap().to_str().unwrap()]);
        assert_eq!(
            (code, codes(&seen)),
            (0, expected(&[("colonnes-supplementaires", "ligne 2")])),
            "{}: {seen:#?}",
            path.display()
        );
        assert!(seen.iter().all(|d| !d.message.contains("SPAPSER")), "{seen:#?}");
        let inputs = load(&[path.to_path_buf()], dir.path());
        assert_eq!(inputs.purchases.len(), 1, "{}", path.display());
        assert_eq!(
            inputs.purchases[0].critere_social,
            Some(true),
            "« Critère insertion » mapped"
        );
        assert_eq!(inputs.purchases[0].reference, "R1");
    }
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx", "--year", "2022"]);
    assert_eq!(code, 0, "{text}");
    let headers = Book::open(&dir.path().join("out.xlsx")).sheet("Recensement").headers();
    assert!(headers.contains(&"Code interne".to_string()), "{headers:?}");
    assert!(
        headers.iter().all(|h| !h.contains("SPAPSER")),
        "the title prefixes no column: {headers:?}"
    );
}

#[test]
fn header_matching_ignores_case_accents_punctuation_and_accepts_synonyms_and_abbreviations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![
            T("N° de marché"),
            T("OBJET"),
            T("nature (T/F/S)"),
            T("montant ht"),
            T("Date de notif."),
            T("Clause env."),
        ],
        vec![T("R1"), T("Objet"), T("F"), N(10.0), D(2024, 1, 2), T("oui")],
    ];
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    assert_eq!(inputs.diagnostics, vec![]);
    assert_eq!(inputs.purchases[0].clause_env, Some(true));
    assert_eq!(inputs.purchases[0].nature.as_ref(), "Fournitures");
}

#[test]
fn an_ambiguous_abbreviation_is_a_warning_and_the_column_is_not_mapped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![vec![T("R1"), T("Objet"), T("T"), N(1.0), D(2024, 1, 2), T("Oui")]]);
    let mut rows = rows;
    rows[0].push(T("Clause"));
    one_sheet(dir.path(), "a.xlsx", rows);
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(
        codes(&seen),
        expected(&[("colonnes-supplementaires", "ligne 1"), ("en-tete-ambigu", "F1")])
    );
}

#[test]
fn two_columns_matching_one_key_is_an_error_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = recensement(vec![vec![T("R1"), T("Objet"), T("T"), N(1.0), D(2024, 1, 2), N(2.0)]]);
    rows[0].push(T("Montant"));
    one_sheet(dir.path(), "a.xlsx", rows);
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 1);
    let duplicate = seen
        .iter()
        .find(|d| d.code == "en-tete-en-double")
        .expect("duplicate reported");
    assert!(duplicate.message.contains("colonnes D et F"), "{}", duplicate.message);
}

#[test]
fn an_unknown_header_close_to_a_label_is_a_warning_suggesting_the_label_and_the_toml_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = recensement(vec![vec![T("R1"), T("Objet"), T("T"), N(1.0), D(2024, 1, 2), T("x")]]);
    rows[0].push(T("Titluaire"));
    one_sheet(dir.path(), "a.xlsx", rows);
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    let unknown = seen
        .iter()
        .find(|d| d.code == "en-tete-inconnu")
        .expect("unknown reported");
    assert_eq!(unknown.cell, "F1");
    assert!(unknown.suggestion.contains("« Titulaire »"), "{}", unknown.suggestion);
    assert!(
        unknown
            .suggestion
            .contains("[colonnes.recensement] \"Titluaire\" = \"titulaire\""),
        "{}",
        unknown.suggestion
    );
}

#[test]
fn a_missing_required_column_is_an_error_for_the_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![T("Référence"), T("Objet"), T("Montant HT")],
        vec![T("R1"), T("Objet"), N(3.0)],
    ];
    one_sheet(dir.path(), "a.xlsx", rows);
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&seen), expected(&[("en-tete-manquant", "ligne 1")]));
    assert!(seen[0].message.contains("« Nature »"));
}

#[test]
fn a_value_in_a_merged_region_applies_to_every_cell_of_the_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![
        vec![T("R1"), T("Objet"), T("Travaux"), N(1.0), D(2024, 1, 2)],
        vec![T("R2"), T("Objet"), E, N(2.0), D(2024, 1, 2)],
        vec![T("R3"), T("Objet"), E, N(3.0), D(2024, 1, 2)],
    ]);
    let path = dir.path().join("a.xlsx");
    write_book(&path, &[SheetSpec::new("Marchés", rows).merge(1, 2, 3, 2)]);
    let inputs = load(&[path], dir.path());
    assert_eq!(inputs.diagnostics, vec![]);
    assert!(inputs.purchases.iter().all(|p| *p.nature == *"Travaux"));
}

#[test]
fn amounts_are_exact_decimals_from_numbers_and_french_text_and_12_k_euros_is_read_with_a_warning_naming_the_value_read()
{
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![
        vec![T("R1"), T("o"), T("T"), N(0.1), D(2024, 1, 2)],
        vec![T("R2"), T("o"), T("T"), T("1\u{202f}234,56\u{a0}€"), D(2024, 1, 2)],
        vec![T("R3"), T("o"), T("T"), T("1234.56"), D(2024, 1, 2)],
        vec![T("R4"), T("o"), T("T"), T("12 k€"), D(2024, 1, 2)],
        vec![T("R5"), T("o"), T("T"), N(-5.0), D(2024, 1, 2)],
    ]);
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    let amounts: Vec<Decimal> = inputs.purchases.iter().filter_map(|p| p.montant_ht).collect();
    assert_eq!(amounts, vec![dec("0.1"), dec("1234.56"), dec("1234.56"), dec("12000")]);
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&seen),
        expected(&[("unite-lue", "D5"), ("montant-invalide", "D6")])
    );
    assert!(seen[0].message.contains("« 12 k€ » lu comme 12 000 €"), "{:?}", seen[0]);
    assert!(
        seen[1].message.contains("exclue des calculs"),
        "a negative amount in a required field: the row is left out"
    );
}

#[test]
fn dates_accept_excel_dates_and_text_forms_and_refuse_two_digit_years_and_impossible_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![
        vec![T("R1"), T("o"), T("T"), N(1.0), D(2022, 11, 15)],
        vec![T("R2"), T("o"), T("T"), N(1.0), T("15/11/2022")],
        vec![T("R3"), T("o"), T("T"), N(1.0), T("15-11-2022")],
        vec![T("R4"), T("o"), T("T"), N(1.0), T("2022-11-15")],
        vec![T("R5"), T("o"), T("T"), N(1.0), T("15/11/22")],
        vec![T("R6"), T("o"), T("T"), N(1.0), T("31/02/2022")],
    ]);
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    let day = chrono::NaiveDate::from_ymd_opt(2022, 11, 15);
    assert_eq!(
        inputs.purchases.iter().map(|p| p.date_notification).collect::<Vec<_>>(),
        vec![day; 4]
    );
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(
        codes(&seen),
        expected(&[("date-invalide", "E6"), ("date-invalide", "E7")])
    );
}

#[test]
fn dates_of_a_workbook_in_the_1904_date_system_are_read_in_that_system() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mac.xlsx");
    // 43_782 days after 1 January 1904 is 14 November 2023 (it would be 13 November 2019 in 1900).
    let rows = recensement(vec![vec![T("R1"), T("o"), T("T"), N(1.0), E]]);
    write_book(&path, &[SheetSpec::new("Marchés", rows)]);
    patch_xlsx(&path, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("<c r=\"E2\"", "<c r=\"E2\" s=\"1\"").replace(
            "</row></sheetData>",
            "<c r=\"E2\" s=\"1\"><v>43782</v></c></row></sheetData>",
        )
    });
    patch_xlsx(&path, "xl/styles.xml", |xml| {
        xml.replace("<cellXfs count=\"1\">", "<cellXfs count=\"2\">")
            .replace("</cellXfs>", "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>")
    });
    patch_xlsx(&path, "xl/workbook.xml", |xml| {
        xml.replace("<workbookPr", "<workbookPr date1904=\"1\"")
    });
    let inputs = load(&[path], dir.path());
    assert_eq!(inputs.diagnostics, vec![]);
    assert_eq!(
        inputs.purchases[0].date_notification,
        chrono::NaiveDate::from_ymd_opt(2023, 11, 14)
    );
}

#[test]
fn booleans_accept_oui_non_o_n_x_empty_vrai_faux_1_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = recensement(vec![]);
    rows[0].push(T("Clause environnementale"));
    let cases: Vec<(C, Option<bool>)> = vec![
        (T("Oui"), Some(true)),
        (T("non"), Some(false)),
        (T("O"), Some(true)),
        (T("N"), Some(false)),
        (T("x"), Some(true)),
        (E, None),
        (T("VRAI"), Some(true)),
        (B(false), Some(false)),
        (N(1.0), Some(true)),
        (T("0"), Some(false)),
    ];
    for (i, (cell, _)) in cases.iter().enumerate() {
        rows.push(vec![
            S(format!("R{i}")),
            T("o"),
            T("T"),
            N(1.0),
            D(2024, 1, 2),
            cell.clone(),
        ]);
    }
    rows.push(vec![T("R99"), T("o"), T("T"), N(1.0), D(2024, 1, 2), T("peut-être")]);
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    let read: Vec<Option<bool>> = inputs
        .purchases
        .iter()
        .take(cases.len())
        .map(|p| p.clause_env)
        .collect();
    assert_eq!(read, cases.iter().map(|c| c.1).collect::<Vec<_>>());
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(codes(&seen), expected(&[("booleen-invalide", "F12")]));
}

#[test]
fn enumerations_match_with_synonyms_and_an_unknown_value_suggests_the_closest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = recensement(vec![]);
    rows[0].push(T("Procédure"));
    for (i, procedure) in [
        "MAPA",
        "aoo",
        "Négociée",
        "Marché négocié sans publicité ni mise en concurrence",
        "Appel d'ofres ouvert",
    ]
    .iter()
    .enumerate()
    {
        rows.push(vec![
            S(format!("R{i}")),
            T("o"),
            T("PI"),
            N(1.0),
            D(2024, 1, 2),
            T(procedure),
        ]);
    }
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    let procedures: Vec<_> = inputs
        .purchases
        .iter()
        .map(|p| p.procedure.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        procedures,
        [
            "Procédure adaptée",
            "Appel d'offres ouvert",
            "Procédure avec négociation",
            "Sans publicité ni mise en concurrence",
            ""
        ]
    );
    assert!(
        inputs.purchases.iter().all(|p| *p.nature == *"Services"),
        "PI is Services"
    );
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(codes(&seen), expected(&[("valeur-inconnue", "F6")]));
    assert_eq!(seen[0].suggestion, "Vouliez-vous dire « Appel d'offres ouvert » ?");
}

#[test]
fn a_formula_error_value_is_an_error_and_the_cached_value_of_a_formula_is_used() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![
        vec![T("R1"), T("o"), T("T"), F("=1/0", "#DIV/0!"), D(2024, 1, 2)],
        vec![T("R2"), T("o"), T("T"), F("=2*500", "1000"), D(2024, 1, 2)],
    ]);
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    assert_eq!(
        inputs.purchases.iter().map(|p| p.montant_ht).collect::<Vec<_>>(),
        vec![Some(dec("1000"))]
    );
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(codes(&seen), expected(&[("erreur-de-formule", "D2")]));
    assert!(seen[0].message.contains("#DIV/0!"));
}

#[test]
fn a_formula_without_cached_value_is_diagnosed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = one_sheet(
        dir.path(),
        "a.xlsx",
        recensement(vec![vec![T("R1"), T("o"), T("T"), F("=2*500", "1000"), D(2024, 1, 2)]]),
    );
    patch_xlsx(&path, "xl/worksheets/sheet1.xml", |xml| xml.replace("<v>1000</v>", ""));
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(codes(&seen), expected(&[("formule-sans-valeur", "D2")]));
}

#[test]
fn percentages_are_stored_0_to_100_text_30_percent_is_30_and_a_fraction_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = recensement(vec![]);
    rows[0].push(T("Taux d'avance (%)"));
    for (i, cell) in [T("30 %"), N(20.0), N(0.3), T("150")].into_iter().enumerate() {
        rows.push(vec![S(format!("R{i}")), T("o"), T("T"), N(1.0), D(2024, 1, 2), cell]);
    }
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    let rates: Vec<_> = inputs.purchases.iter().map(|p| p.taux_avance).collect();
    assert_eq!(rates, vec![Some(dec("30")), Some(dec("20")), Some(dec("0.3")), None]);
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(
        codes(&seen),
        expected(&[("pourcentage-ambigu", "F4"), ("pourcentage-invalide", "F5")])
    );
    assert!(seen[0].message.contains("vouliez-vous dire 30 %"));
}

#[test]
fn empty_rows_are_skipped_and_total_and_note_rows_after_the_data_are_not_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![
        vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)],
        vec![],
        vec![T("R2"), T("o"), T("T"), N(2.0), D(2024, 1, 2)],
        vec![],
        vec![T("TOTAL"), E, E, F("=SUM(D2:D4)", "3")],
        vec![],
        vec![T("Source : service des marchés, extraction du 3 janvier")],
    ]);
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    assert_eq!(inputs.purchases.len(), 2);
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(
        codes(&seen),
        expected(&[("ligne-ignoree", "ligne 6"), ("ligne-ignoree", "ligne 8")])
    );
}

#[test]
fn text_cells_are_trimmed_and_french_spaces_normalised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = recensement(vec![vec![
        T("  R1\u{a0}"),
        T(" Objet   du marché "),
        T(" travaux "),
        N(1.0),
        D(2024, 1, 2),
    ]]);
    let path = one_sheet(dir.path(), "a.xlsx", rows);
    let inputs = load(&[path], dir.path());
    assert_eq!(
        (
            inputs.purchases[0].reference.as_str(),
            inputs.purchases[0].objet.as_str()
        ),
        ("R1", "Objet du marché")
    );
}

#[test]
fn input_files_are_opened_read_only_and_never_modified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = one_sheet(
        dir.path(),
        "a.xlsx",
        recensement(vec![vec![T("R1"), T("o"), T("T"), T("douze"), D(2024, 1, 2)]]),
    );
    let mut permissions = std::fs::metadata(&path).expect("meta").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).expect("chmod");
    let before = sha256(&path);
    let (code, _) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(sha256(&path), before);
}

//! SPEC §4 (actions identified within their axe, the combined référentiel, bilan tables with
//! section rows), §4.3 (values with units and notes) and §6.1 (the X is the statut déclaré, a
//! target at or below the reference is a level to keep), on a département's référentiel
//! modelled on seed 002 and written with openpyxl (`tests/fixtures/gen/`).

use super::support::*;
use serde_json::Value as Json;
use std::path::Path;

const FIXTURE: &str = "departement-2025-referentiel.xlsx";

fn share() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(shared_fixtures().join(FIXTURE), dir.path().join(FIXTURE)).expect("copy");
    dir
}

fn expected() -> Json {
    let text =
        std::fs::read_to_string(shared_fixtures().join("departement-2025-referentiel.expected.json")).expect("json");
    serde_json::from_str(&text).expect("valid json")
}

fn bilan_of(dir: &Path) -> Book {
    let (code, text) = bilan(dir, &[".", "--year", "2025", "-o", "bilan.xlsx"]);
    assert_eq!(code, 0, "{text}");
    Book::open(&dir.join("bilan.xlsx"))
}

#[test]
fn the_same_action_code_under_different_axes_is_different_actions_shown_axe_then_code() {
    let dir = share();
    let actions = bilan_of(dir.path()).sheet("Actions");
    let codes: Vec<String> = actions.records().iter().map(|r| r["Code FA"].clone()).collect();
    let wanted: Vec<String> = expected()["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["code"].as_str().expect("code").to_string())
        .collect();
    assert_eq!(codes, wanted, "9 actions, in the référentiel's order, never merged");
    assert_eq!(
        actions.record("Code FA", "Axe 2 – Action 1.1")["Intitulé"],
        "Systématiser le recours à une clause d'insertion dès que l'objet du marché le permet"
    );
    // A code used under one axe only is shown as the scheme writes it.
    assert_eq!(
        actions.record("Code FA", "Action 1.4")["Axe"],
        "Axe 1 : Accélérer la transition écologique"
    );
}

#[test]
fn a_row_naming_a_code_numbered_per_axe_resolves_it_through_its_own_axe_else_it_is_an_error_naming_the_candidates() {
    let dir = share();
    write_book(
        &dir.path().join("suivi-dasipe.xlsx"),
        &[SheetSpec::new(
            "Suivi",
            vec![
                vec![C::T("Année"), C::T("Axe"), C::T("Code FA"), C::T("Mise en œuvre")],
                vec![
                    C::N(2025.0),
                    C::T("Axe 3"),
                    C::T("Action 1.1"),
                    C::T("Formation à l'achat innovant"),
                ],
                vec![C::N(2025.0), C::E, C::T("Action 1.1"), C::T("Sans axe")],
            ],
        )],
    );
    let (code, seen) = check(dir.path(), &["."]);
    let ambiguous: Vec<&Seen> = seen.iter().filter(|d| d.code == "action-ambigue").collect();
    assert_eq!(code, 1, "an ambiguous code is an error");
    assert_eq!(ambiguous.len(), 1, "only the row without an axe: {seen:#?}");
    assert_eq!(
        (ambiguous[0].file.as_str(), ambiguous[0].cell.as_str()),
        ("suivi-dasipe.xlsx", "C3")
    );
    for candidate in ["Axe 1 – Action 1.1", "Axe 2 – Action 1.1", "Axe 3 – Action 1.1"] {
        assert!(ambiguous[0].message.contains(candidate), "{}", ambiguous[0].message);
    }
    let actions = bilan_of(dir.path()).sheet("Actions");
    assert_eq!(actions.records().len(), 9, "the ambiguous row merged nothing");
}

#[test]
fn the_combined_referentiel_gives_actions_indicators_targets_and_each_years_realise() {
    let dir = share();
    let indicateurs = bilan_of(dir.path()).sheet("Indicateurs");
    assert_eq!(indicateurs.records().len(), 10);
    let hours = indicateurs
        .records()
        .into_iter()
        .find(|r| r["Code FA"] == "Axe 2 – Action 1.2" && r["Code indicateur"] == "1")
        .expect("the hours of axe 2");
    assert_eq!(num(&hours["Cible 2025"]), 60000.0);
    assert_eq!(num(&hours["Réalisé 2025"]), 61250.0);
    assert_eq!(
        num(&hours["Réalisé 2024"]),
        52300.0,
        "Réalisé 2024 is the 2024 follow-up"
    );
    assert_eq!(num(&hours["Valeur de référence"]), 48000.0);
    assert_eq!(hours["Année de référence"], "2022");
    assert_eq!(hours["Unité"], "heures", "the unit typed with the values");
    assert_eq!(
        hours["Méthode"], "Somme des heures déclarées par le facilitateur",
        "Mode de calcul in words"
    );
    assert_eq!(hours["Statut"], "Atteint");
}

#[test]
fn values_with_units_and_notes_are_read_each_with_an_info_naming_the_value_read() {
    let dir = share();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "no error: {seen:#?}");
    let info = |cell: &str| {
        seen.iter()
            .find(|d| d.sheet == "Référentiel SPASER" && d.cell == cell && d.code == "valeur-lue")
            .unwrap_or_else(|| panic!("no valeur-lue on {cell}: {seen:#?}"))
            .message
            .clone()
    };
    assert!(info("I10").contains("lu comme 60 000 heures"), "60 000 h");
    assert!(info("J6").contains("lu comme 40 % (sens Hausse)"), "≥ 40 %");
    assert!(info("J7").contains("lu comme 10 % (sens Baisse)"), "≤ 10 %");
    assert!(info("J12").contains("lu comme 2 ;"), "2 / an");
    assert!(info("H4").contains("lu comme 0 (année 2022)"), "0 (2022)");
    assert!(info("L6").contains("lu comme 46,6 %"), "41 / 88 soit 46,6 %");
    assert!(
        info("H6").contains("lu comme 43,5 % (année 2022)"),
        "43,5 % (2022 : 40 VE / 92)"
    );
    let several = seen
        .iter()
        .find(|d| d.code == "valeurs-multiples")
        .expect("a cell with two populations is a warning");
    assert_eq!(
        (several.cell.as_str(), several.severity.as_str()),
        ("L9", "avertissement")
    );
    assert!(several.message.contains("Travaux, Services"), "{}", several.message);
}

#[test]
fn the_x_of_a_bilan_table_is_the_declared_status_whether_or_not_the_action_has_indicators() {
    let dir = share();
    let mut book = bilan_of(dir.path());
    let actions = book.sheet("Actions");
    for action in expected()["actions"].as_array().expect("actions") {
        let code = action["code"].as_str().expect("code");
        let row = actions.record("Code FA", code);
        let got = (&row["Statut calculé"], &row["Statut déclaré"], &row["Statut retenu"]);
        let wanted = (
            &action["statut_calcule"].as_str().expect("calculé").to_string(),
            &action["statut_declare"].as_str().expect("déclaré").to_string(),
            &action["statut_retenu"].as_str().expect("retenu").to_string(),
        );
        assert_eq!(got, wanted, "{code}");
    }
    let anomalies = book.sheet("Anomalies");
    let gaps: Vec<String> = anomalies
        .records()
        .iter()
        .filter(|r| r["Code"] == "ecart-statut")
        .map(|r| r["Message"].clone())
        .collect();
    let oracle = expected();
    let wanted: Vec<&str> = oracle["ecarts_statut"]
        .as_array()
        .expect("écarts")
        .iter()
        .map(|c| c.as_str().expect("code"))
        .collect();
    assert_eq!(gaps.len(), wanted.len(), "{gaps:#?}");
    for code in wanted {
        assert!(
            gaps.iter().any(|g| g.contains(&format!("{code} :"))),
            "{code}: {gaps:#?}"
        );
        let remark = &actions.record("Code FA", code)["Remarque"];
        assert!(
            remark.starts_with("Statut déclaré") && remark.contains("calcul"),
            "{remark}"
        );
    }
}

#[test]
fn section_rows_of_a_bilan_table_are_labels_not_rows_and_raise_nothing() {
    let dir = share();
    let (_, seen) = check(dir.path(), &["."]);
    // Only the declared statuses that differ from the computed ones are said about the table.
    let on_table: Vec<&Seen> = seen
        .iter()
        .filter(|d| d.sheet == "Bilan 2025" && d.code != "ecart-statut")
        .collect();
    assert!(on_table.is_empty(), "{on_table:#?}");
}

#[test]
fn a_target_at_or_below_the_reference_leaves_progression_empty_with_the_reason_in_remarque() {
    let dir = share();
    let mut book = bilan_of(dir.path());
    let vehicles = book.sheet("Indicateurs").record("Code FA", "Action 1.4");
    assert_eq!(
        vehicles["Statut"], "Atteint",
        "46,6 % for a target of 40 %, reference 43,5 %"
    );
    assert_eq!(vehicles["Progression"], "");
    assert!(
        vehicles["Remarque"].contains("niveau à maintenir"),
        "{}",
        vehicles["Remarque"]
    );
    assert!(
        vehicles["Remarque"].contains("« 41 / 88 soit 46,6 % »"),
        "the typed text beside the number: {}",
        vehicles["Remarque"]
    );
    let fiche = book.sheet("Bilan par fiche");
    assert!(
        fiche.rows.iter().flatten().any(|c| c.contains("niveau à maintenir")),
        "the committee's table says why too"
    );
}

#[test]
fn n_and_intitule_in_a_combined_referentiel_are_decided_by_the_sheets_other_headers() {
    let dir = tempfile::tempdir().expect("tmp");
    write_book(
        &dir.path().join("referentiel.xlsx"),
        &[SheetSpec::new(
            "Plan d'actions",
            vec![
                [
                    "Axe",
                    "Action",
                    "Intitulé",
                    "N°",
                    "Indicateur",
                    "Cible 2025",
                    "Réalisé 2025",
                ]
                .map(C::T)
                .to_vec(),
                vec![
                    C::T("Axe 1"),
                    C::T("Action 1.1"),
                    C::T("Former les acheteurs"),
                    C::N(1.0),
                    C::T("Nombre d'acheteurs formés"),
                    C::N(20.0),
                    C::N(25.0),
                ],
                vec![
                    C::T("Axe 2"),
                    C::T("Action 1.1 : Réserver des marchés aux structures de l'ESS"),
                    C::E,
                    C::N(1.0),
                    C::T("Nombre de marchés réservés"),
                    C::T("2 / an"),
                    C::N(1.0),
                ],
            ],
        )],
    );
    let (code, seen) = check(dir.path(), &["."]);
    let headers: Vec<&Seen> = seen.iter().filter(|d| d.code.starts_with("en-tete")).collect();
    assert!(headers.is_empty(), "{headers:#?}");
    assert_eq!(code, 0, "{seen:#?}");
    let mut book = bilan_of(dir.path());
    let actions = book.sheet("Actions");
    assert_eq!(
        actions.record("Code FA", "Axe 1 – Action 1.1")["Intitulé"],
        "Former les acheteurs"
    );
    assert_eq!(
        actions.record("Code FA", "Axe 2 – Action 1.1")["Intitulé"],
        "Réserver des marchés aux structures de l'ESS",
        "a code cell holding the title gives both"
    );
    let statuses: Vec<(String, String)> = book
        .sheet("Indicateurs")
        .records()
        .iter()
        .map(|r| (r["Code FA"].clone(), r["Statut"].clone()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Axe 1 – Action 1.1".to_string(), "Atteint".to_string()),
            ("Axe 2 – Action 1.1".to_string(), "Partiellement atteint".to_string())
        ]
    );
}

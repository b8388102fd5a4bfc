//! SPEC §4, the suivi: Actions, Indicateurs and Suivi sheets in one or several workbooks,
//! action codes, duplicates across files, and existing bilan tables.

use crate::support::C::*;
use crate::support::*;
use spaser::model::{Status, Subject};

fn actions(rows: Vec<Vec<C>>) -> SheetSpec {
    let mut all = vec![vec![T("Code FA"), T("Axe"), T("Intitulé"), T("Pilote")]];
    all.extend(rows);
    SheetSpec::new("Actions", all)
}

fn indicators(rows: Vec<Vec<C>>) -> SheetSpec {
    let mut all = vec![vec![
        T("Code indicateur"),
        T("Code FA"),
        T("Libellé"),
        T("Type"),
        T("Unité"),
        T("Cible 2024"),
        T("Cible 2025"),
    ]];
    all.extend(rows);
    SheetSpec::new("Indicateurs", all)
}

fn suivi(rows: Vec<Vec<C>>) -> SheetSpec {
    let mut all = vec![vec![
        T("Année"),
        T("Code FA"),
        T("Code indicateur"),
        T("Réalisé"),
        T("Statut déclaré"),
        T("Mise en œuvre"),
    ]];
    all.extend(rows);
    SheetSpec::new("Suivi", all)
}

#[test]
fn the_three_sheets_are_recognised_by_their_headers_whatever_their_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut a = actions(vec![vec![T("FA 1"), T("Axe 1"), T("Agir"), T("CP")]]);
    a.name = "Feuil1";
    let mut i = indicators(vec![vec![
        T("I1"),
        T("FA-1"),
        T("Part"),
        T("Quantitatif"),
        T("%"),
        N(30.0),
        T("40 %"),
    ]]);
    i.name = "Feuil2";
    let mut s = suivi(vec![vec![
        N(2024.0),
        T("Action n°1"),
        T("I1"),
        N(32.0),
        T("Atteint"),
        T("Fait"),
    ]]);
    s.name = "Feuil3";
    write_book(&dir.path().join("pilote.xlsx"), &[a, i, s]);
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.diagnostics, vec![]);
    assert_eq!(inputs.actions[0].code, "FA1");
    assert_eq!(inputs.indicators[0].code_fa, "FA1");
    let targets: Vec<(i32, String)> = inputs.indicators[0]
        .cibles
        .iter()
        .map(|(y, v)| (*y, v.to_string()))
        .collect();
    assert_eq!(targets, [(2024, "30".to_string()), (2025, "40".to_string())]);
    assert_eq!(inputs.follow_ups[0].code_fa, "FA1");
    assert_eq!(
        inputs.follow_ups[0].subject,
        Some(Subject::Indicator(spaser::model::Code::new("I1").unwrap()))
    );
    assert_eq!(inputs.follow_ups[0].statut_declare, Some(Status::Atteint));
}

#[test]
fn the_sheets_may_be_spread_over_several_workbooks() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            actions(vec![vec![T("FA1"), E, T("Agir"), E]]),
            indicators(vec![vec![T("I1"), T("FA1"), T("n"), E, E, N(3.0)]]),
        ],
    );
    write_book(
        &dir.path().join("suivi_voirie.xlsx"),
        &[suivi(vec![vec![N(2024.0), T("FA1"), T("I1"), N(2.0)]])],
    );
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(
        (inputs.actions.len(), inputs.indicators.len(), inputs.follow_ups.len()),
        (1, 1, 1)
    );
    assert_eq!(inputs.diagnostics, vec![]);
}

#[test]
fn the_same_action_defined_twice_with_different_content_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("a.xlsx"),
        &[actions(vec![vec![T("FA1"), E, T("Agir"), E]])],
    );
    write_book(
        &dir.path().join("b.xlsx"),
        &[actions(vec![
            vec![T("FA 1"), E, T("Agir autrement"), E],
            vec![T("FA2"), E, T("Former"), E],
        ])],
    );
    write_book(
        &dir.path().join("c.xlsx"),
        &[actions(vec![vec![T("FA2"), E, T("Former"), E]])],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(codes(&seen), expected(&[("definition-contradictoire", "ligne 2")]));
    assert!(
        seen[0].file.ends_with("b.xlsx") && seen[0].message.contains("a.xlsx"),
        "{seen:?}"
    );
}

#[test]
fn an_indicator_of_an_unknown_action_is_an_error_and_an_indicator_code_is_unique() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            actions(vec![vec![T("FA1"), E, T("Agir"), E]]),
            indicators(vec![
                vec![T("I1"), T("FA1"), T("n"), E, E, N(3.0)],
                vec![T("I2"), T("FA7"), T("n"), E, E, N(3.0)],
                vec![T("I1"), T("FA1"), T("autre libellé"), E, E, N(3.0)],
            ]),
        ],
    );
    let (_, seen) = check(dir.path(), &["."]);
    assert_eq!(
        codes(&seen),
        expected(&[("action-inconnue", "B3"), ("definition-contradictoire", "ligne 4")])
    );
}

#[test]
fn two_suivi_rows_for_the_same_year_action_and_indicator_are_an_error_even_across_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            actions(vec![vec![T("FA1"), E, T("Agir"), E]]),
            indicators(vec![vec![T("I1"), T("FA1"), T("n"), E, E, N(3.0)]]),
        ],
    );
    write_book(
        &dir.path().join("s1.xlsx"),
        &[suivi(vec![
            vec![N(2024.0), T("FA1"), T("I1"), N(2.0)],
            vec![N(2024.0), T("FA1"), E, E, T("Atteint")],
        ])],
    );
    write_book(
        &dir.path().join("s2.xlsx"),
        &[suivi(vec![
            vec![N(2024.0), T("FA 1"), T("I1"), N(3.0)],
            vec![N(2025.0), T("FA1"), T("I1"), N(3.0)],
        ])],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(codes(&seen), expected(&[("doublon", "B2")]));
    assert!(seen[0].file.ends_with("s2.xlsx") && seen[0].message.contains("s1.xlsx"));
}

#[test]
fn a_suivi_row_for_an_unknown_indicator_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            actions(vec![vec![T("FA1"), E, T("Agir"), E]]),
            indicators(vec![vec![T("I1.1"), T("FA1"), T("n"), E, E, N(3.0)]]),
        ],
    );
    write_book(
        &dir.path().join("s.xlsx"),
        &[suivi(vec![vec![N(2024.0), T("FA1"), T("I1.2"), N(2.0)]])],
    );
    let (_, seen) = check(dir.path(), &["."]);
    assert_eq!(codes(&seen), expected(&[("indicateur-inconnu", "C2")]));
    assert!(seen[0].suggestion.contains("I1.1"));
}

#[test]
fn a_percentage_typed_as_a_fraction_when_the_target_is_above_1_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            actions(vec![vec![T("FA1"), E, T("Agir"), E]]),
            indicators(vec![vec![
                T("I1"),
                T("FA1"),
                T("Part"),
                T("Quantitatif"),
                T("%"),
                N(30.0),
            ]]),
            suivi(vec![
                vec![N(2024.0), T("FA1"), T("I1"), N(0.3)],
                vec![N(2025.0), T("FA1"), T("I1"), T("30 %")],
            ]),
        ],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, expected(&[("pourcentage-ambigu", "D2")])));
    assert!(
        seen[0].message.contains("vouliez-vous dire 30 %"),
        "{}",
        seen[0].message
    );
}

#[test]
fn an_existing_bilan_table_reads_year_code_from_merged_label_and_the_x_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![T("Bilan 2024")],
        vec![],
        vec![
            T("Fiche action"),
            T("Objectifs / Actions 2024"),
            T("Atteint"),
            T("Partiellement atteint"),
            T("Non atteint"),
            T("Actions / Mise en œuvre 2024"),
            T("Freins / pourquoi ?"),
            T("Solutions"),
        ],
        vec![
            T("FA 4- Augmenter la part des marchés clausés"),
            T("Objectif 1"),
            T("X"),
        ],
        vec![E, T("Objectif 2"), E, E, T("x")],
        vec![T("FA 7 : Former"), T("Objectif 3"), E, T("X"), T("X")],
        vec![T("Action n°8 - Sourcer"), T("Objectif 4")],
    ];
    write_book(
        &dir.path().join("bilan.xlsx"),
        &[SheetSpec::new("Feuil1", rows).merge(3, 0, 4, 0)],
    );
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let read: Vec<(i32, &str, Option<Status>)> = inputs
        .follow_ups
        .iter()
        .map(|f| (f.year, f.code_fa.spelling(), f.statut_declare))
        .collect();
    assert_eq!(
        read,
        [
            (2024, "FA 4", Some(Status::Atteint)),
            (2024, "FA 4", Some(Status::NonAtteint)),
            (2024, "FA 7", None),
            (2024, "Action n°8", None)
        ]
    );
    let intitules: Vec<(&str, &str)> = inputs
        .actions
        .iter()
        .map(|a| (a.code.spelling(), a.intitule.as_str()))
        .collect();
    assert_eq!(
        intitules,
        [
            ("FA 4", "Augmenter la part des marchés clausés"),
            ("FA 7", "Former"),
            ("Action n°8", "Sourcer")
        ]
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&seen),
        expected(&[("statut-multiple", "C6"), ("statut-absent", "C7")])
    );
}

#[test]
fn an_existing_bilan_table_without_year_takes_the_year_option_or_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![T("Fiche action"), T("Objectifs"), T("Statut"), T("Freins")],
        vec![T("FA1 - Agir"), T("Objectif"), T("Partiellement atteint")],
    ];
    write_book(&dir.path().join("bilan.xlsx"), &[SheetSpec::new("Bilan", rows)]);
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (1, expected(&[("annee-introuvable", "ligne 1")])));
    let output = spaser(dir.path(), &["check", "--year", "2024", "."]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn actions_defined_in_a_referentiel_win_over_the_labels_of_bilan_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("ref.xlsx"),
        &[actions(vec![vec![
            T("FA1"),
            T("Axe 1"),
            T("Agir pour l'environnement"),
            E,
        ]])],
    );
    let rows = vec![
        vec![T("Fiche action"), T("Objectifs / Actions 2024"), T("Statut")],
        vec![T("FA1 - Agir"), T("Objectif"), T("Atteint")],
    ];
    write_book(&dir.path().join("bilan.xlsx"), &[SheetSpec::new("Bilan", rows)]);
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.diagnostics, vec![]);
    assert_eq!(inputs.actions.len(), 1);
    assert_eq!(inputs.actions[0].intitule, "Agir pour l'environnement");
}

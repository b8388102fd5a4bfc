//! SPEC §13, the clause-sociale facilitator's insertion hours: the facilitator's workbook is
//! recognised by its headers, joined to the recensement by reference (lot included), its hours
//! done and participants shown N and N-1 beside the standard figures, and the mismatches said —
//! on a facilitator's workbook and a recensement written with openpyxl
//! (`tests/fixtures/gen/gen_insertion.py`).

use super::support::*;

fn share() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for name in ["insertion-facilitateur.xlsx", "insertion-recensement.xlsx"] {
        std::fs::copy(shared_fixtures().join(name), dir.path().join(name)).expect("copy");
    }
    dir
}

#[test]
fn the_facilitators_hours_done_and_participants_are_shown_n_and_n_1_in_the_synthese_and_the_export() {
    let dir = share();
    let (code, text) = bilan(
        dir.path(),
        &[".", "--year", "2024", "-o", "bilan.xlsx", "--export", "indicateurs.csv"],
    );
    assert!(code == 0 || code == 1, "{text}");
    let synthese = Book::open(&dir.path().join("bilan.xlsx")).sheet("Synthèse");
    let done = synthese.row_labelled("Heures d'insertion réalisées (suivi du facilitateur)");
    // 2024: 1 200 + 1 100 + 1 500 (a 2023 contract, its 2024 hours) + 80 (no contract found:
    // said, still counted); 2023: 300.
    assert_eq!((num(&done[1]), num(&done[2])), (3880.0, 300.0), "{done:?}");
    let people = synthese.row_labelled("… personnes ayant travaillé ces heures");
    assert_eq!((num(&people[1]), num(&people[2])), (13.0, 2.0), "{people:?}");
    let planned = synthese.row_labelled("Heures d'insertion prévues");
    assert_eq!(
        num(&planned[1]),
        2300.0,
        "the recensement's planned hours beside: {planned:?}"
    );
    let export = std::fs::read_to_string(dir.path().join("indicateurs.csv")).unwrap();
    assert!(
        export
            .lines()
            .any(|l| l.contains(";heures_insertion_realisees;") && l.contains(";2024;;3880;")),
        "{export}"
    );
}

#[test]
fn rows_are_joined_by_reference_lot_included_and_each_mismatch_is_said() {
    let dir = share();
    let (_, seen) = check(dir.path(), &["."]);
    let said: Vec<(&str, &str, &str, &str)> = seen
        .iter()
        .map(|d| (d.file.as_str(), d.cell.as_str(), d.code.as_str(), d.severity.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "insertion-facilitateur.xlsx",
                "E3",
                "heures-realisees-excessives",
                "avertissement"
            ),
            (
                "insertion-facilitateur.xlsx",
                "A5",
                "insertion-sans-marche",
                "avertissement"
            ),
            (
                "insertion-recensement.xlsx",
                "G4",
                "clause-sans-suivi-insertion",
                "info"
            ),
        ],
        "2024-VOI-002 lot 2 is joined to 2024-VOI-002-L2 (its 1 100 h against the recensement's 500 planned); {seen:#?}"
    );
}

#[test]
fn without_a_facilitators_workbook_nothing_is_said_and_no_row_is_added() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        shared_fixtures().join("insertion-recensement.xlsx"),
        dir.path().join("insertion-recensement.xlsx"),
    )
    .unwrap();
    let (_, seen) = check(dir.path(), &["."]);
    assert!(
        seen.iter().all(|d| d.code != "clause-sans-suivi-insertion"),
        "{seen:#?}"
    );
    let (code, text) = bilan(dir.path(), &[".", "--year", "2024", "-o", "bilan.xlsx"]);
    assert!(code == 0 || code == 1, "{text}");
    let synthese = Book::open(&dir.path().join("bilan.xlsx")).sheet("Synthèse");
    assert!(
        synthese
            .rows
            .iter()
            .all(|r| r.first().is_none_or(|c| !c.contains("suivi du facilitateur"))),
        "no facilitator row"
    );
}

#[test]
fn calcul_shortcuts_heures_insertion_realisees_and_participants_insertion_take_the_facilitators_figures() {
    let dir = share();
    write_book(
        &dir.path().join("referentiel.xlsx"),
        &[
            one_action("FA 5", "Développer l'insertion par l'activité économique"),
            computed_indicators(
                "Cible 2024",
                &[
                    (
                        "I5.1",
                        "FA 5",
                        "Heures d'insertion réalisées",
                        "heures",
                        "heures_insertion_realisees",
                        "",
                        3000.0,
                    ),
                    (
                        "I5.2",
                        "FA 5",
                        "Personnes en insertion",
                        "nombre",
                        "participants_insertion",
                        "",
                        20.0,
                    ),
                    (
                        "I5.3",
                        "FA 5",
                        "Heures réalisées sur les marchés notifiés en 2024",
                        "heures",
                        "heures_insertion_realisees",
                        "date_notification >= 01/01/2024",
                        2000.0,
                    ),
                ],
            ),
        ],
    );
    let (code, text) = bilan(dir.path(), &[".", "--year", "2024", "-o", "bilan.xlsx"]);
    assert!(code == 0 || code == 1, "{text}");
    let indicators = Book::open(&dir.path().join("bilan.xlsx")).sheet("Indicateurs");
    let line = |code: &str| indicators.record("Code indicateur", code);
    // 2024: 1 200 + 1 100 + 1 500 + 80 h, 5 + 3 + 4 + 1 people; 2023: 300 h, 2 people.
    assert_eq!(num(&line("I5.1")["Réalisé 2024"]), 3880.0);
    assert_eq!(num(&line("I5.1")["Réalisé 2023"]), 300.0);
    assert_eq!(line("I5.1")["Statut"], "Atteint");
    assert_eq!(num(&line("I5.2")["Réalisé 2024"]), 13.0);
    assert_eq!(line("I5.2")["Statut"], "Partiellement atteint");
    // The Filtre reads the contract each row follows: 1 200 + 1 100 (notified in 2024); the
    // 2023 contract and the row without contract are left out.
    assert_eq!(num(&line("I5.3")["Réalisé 2024"]), 2300.0);
    assert!(
        line("I5.3")["Méthode"].contains("suivi du facilitateur"),
        "{:?}",
        line("I5.3")
    );
}

//! SPEC §4, « Action codes are the authority's own identifiers »: any code is valid, spellings
//! with the same key are one action, a number cell is a code, the bilan shows the référentiel's
//! spelling, only an empty or punctuation-only code is an error, and actions and indicators keep
//! the référentiel's order.

use crate::support::C::*;
use crate::support::*;

fn referentiel(dir: &std::path::Path, actions: Vec<Vec<C>>, indicators: Vec<Vec<C>>, suivi: Vec<Vec<C>>) {
    let mut a = vec![vec![T("Code FA"), T("Intitulé")]];
    a.extend(actions);
    let mut i = vec![vec![
        T("Code indicateur"),
        T("Code FA"),
        T("Libellé"),
        T("Type"),
        T("Cible 2024"),
    ]];
    i.extend(indicators);
    let mut s = vec![vec![
        T("Année"),
        T("Code FA"),
        T("Code indicateur"),
        T("Réalisé"),
        T("Statut déclaré"),
    ]];
    s.extend(suivi);
    write_book(
        &dir.join("referentiel.xlsx"),
        &[
            SheetSpec::new("Actions", a),
            SheetSpec::new("Indicateurs", i),
            SheetSpec::new("Suivi", s),
        ],
    );
}

#[test]
fn every_shape_of_code_is_accepted_fa_4_fa_env_1_2_a3_action_2_1_o1_a2_fiche_n_7() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = ["FA 4", "FA-ENV", "1.2", "A3", "Action 2.1", "O1-A2", "Fiche n°7"];
    referentiel(
        dir.path(),
        shapes.iter().map(|c| vec![T(c), T("Agir")]).collect(),
        vec![],
        shapes
            .iter()
            .map(|c| vec![N(2024.0), T(c), E, E, T("Atteint")])
            .collect(),
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, vec![]), "{seen:#?}");
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let read: Vec<&str> = inputs.actions.iter().map(|a| a.code.spelling()).collect();
    assert_eq!(read, shapes);
    assert_eq!(inputs.follow_ups.len(), shapes.len());
}

#[test]
fn a_code_typed_as_a_number_1_2_is_the_code_1_2() {
    let dir = tempfile::tempdir().unwrap();
    referentiel(
        dir.path(),
        vec![vec![N(1.2), T("Agir")]],
        vec![vec![T("I1"), T("1.2"), T("Part"), T("Quantitatif"), N(10.0)]],
        vec![vec![N(2024.0), N(1.2), T("I1"), N(12.0), E]],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, vec![]), "{seen:#?}");
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.actions[0].code.spelling(), "1.2");
    assert_eq!(inputs.indicators[0].code_fa, inputs.actions[0].code);
}

#[test]
fn spellings_with_equal_keys_are_one_action_fa_01_fa1_fa_1_action_n_1_and_1() {
    let dir = tempfile::tempdir().unwrap();
    referentiel(
        dir.path(),
        vec![vec![T("FA 01"), T("Agir")], vec![T("FA-ENV"), T("Verdir")]],
        vec![
            vec![T("I1"), T("fa-1"), T("Part"), T("Quantitatif"), N(10.0)],
            vec![T("I2"), T("FA ENV"), T("Part"), T("Quantitatif"), N(10.0)],
        ],
        vec![
            vec![N(2024.0), T("Action n°1"), T("I1"), N(12.0), E],
            vec![N(2024.0), N(1.0), E, E, T("Atteint")],
            vec![N(2024.0), T("fa env"), T("i2"), N(12.0), E],
        ],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, vec![]), "no unknown action: {seen:#?}");
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.actions.len(), 2);
    assert_eq!(inputs.follow_ups.len(), 3);
}

#[test]
fn the_bilan_shows_the_referentiel_spelling_of_a_code_typed_otherwise_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    referentiel(
        dir.path(),
        vec![vec![T("FA-ENV"), T("Verdir")]],
        vec![vec![T("I-ENV.1"), T("fa env"), T("Part"), T("Quantitatif"), N(10.0)]],
        vec![vec![N(2024.0), T("Fiche action ENV"), T("i-env.1"), N(12.0), E]],
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let indicator = book.sheet("Indicateurs").records().remove(0);
    assert_eq!(indicator["Code FA"], "FA-ENV");
    assert_eq!(indicator["Code indicateur"], "I-ENV.1");
    assert_eq!(indicator["Statut"], "Atteint", "the Suivi row is the indicator's");
    assert_eq!(book.sheet("Actions").records()[0]["Code FA"], "FA-ENV");
}

#[test]
fn an_empty_or_punctuation_only_code_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    referentiel(
        dir.path(),
        vec![
            vec![T("FA 1"), T("Agir")],
            vec![T("—"), T("Tiret")],
            vec![E, T("Sans code")],
        ],
        vec![],
        vec![],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&seen),
        expected(&[("code-fa-invalide", "A3"), ("valeur-obligatoire-manquante", "A4")]),
        "{seen:#?}"
    );
    assert!(seen[0].message.contains("exclue des calculs"), "{}", seen[0].message);
}

#[test]
fn actions_and_indicators_are_listed_in_the_referentiel_order_not_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let order = ["FA 10", "FA-ENV", "FA 2", "1.2"];
    referentiel(
        dir.path(),
        order.iter().map(|c| vec![T(c), T("Agir")]).collect(),
        vec![
            vec![T("Z1"), T("FA 2"), T("Part"), T("Quantitatif"), N(10.0)],
            vec![T("A9"), T("FA 10"), T("Part"), T("Quantitatif"), N(10.0)],
            vec![T("M5"), T("FA 2"), T("Part"), T("Quantitatif"), N(10.0)],
        ],
        vec![],
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx", "--year", "2024"]);
    assert_eq!(code, 0, "{text}");
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let actions: Vec<String> = book
        .sheet("Actions")
        .records()
        .iter()
        .map(|r| r["Code FA"].clone())
        .collect();
    assert_eq!(actions, order);
    let indicators: Vec<String> = book
        .sheet("Indicateurs")
        .records()
        .iter()
        .map(|r| r["Code indicateur"].clone())
        .collect();
    assert_eq!(indicators, ["Z1", "A9", "M5"]);
}

//! SPEC §4.2, fiches action in vertical form: recognised from their labels, values beside or
//! below, indicator lines with their codes and guessed types, the yearly follow-up as label /
//! value pairs or as a small table, and the référentiel winning over a fiche.

use crate::support::C::*;
use crate::support::*;
use serde_json::Value as Json;
use spaser::model::{Inputs, Status};
use std::path::Path;

fn compute(inputs: &Inputs, dir: &Path, year: i32) -> spaser::compute::Bilan {
    let settings = spaser::pipeline::compute_settings(&settings(dir), year);
    spaser::compute::compute(inputs, &settings)
}

fn realised_json(value: Option<&spaser::compute::realised::Realised>) -> Json {
    use spaser::compute::realised::Realised;
    match value {
        None => Json::Null,
        Some(Realised::Text(text)) => Json::String(text.clone()),
        Some(Realised::Number(n)) => serde_json::from_str(&n.normalize().to_string()).unwrap(),
    }
}

#[test]
fn the_fiches_action_verticales_fixture_is_read_exactly_as_its_expected_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        shared_fixtures().join("fiches-action-verticales.xlsx"),
        dir.path().join("fiches.xlsx"),
    )
    .unwrap();
    let expected: Json = serde_json::from_str(
        &std::fs::read_to_string(shared_fixtures().join("fiches-action-verticales.expected.json")).unwrap(),
    )
    .unwrap();
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let by_year = [
        (2023, compute(&inputs, dir.path(), 2023)),
        (2024, compute(&inputs, dir.path(), 2024)),
    ];
    let wanted = expected["actions"].as_object().unwrap();
    assert_eq!(inputs.actions.len(), wanted.len());
    for (key, action) in wanted {
        let read = inputs
            .actions
            .iter()
            .find(|a| a.code.key() == key)
            .unwrap_or_else(|| panic!("action {key} read"));
        assert_eq!(read.code.spelling(), action["heading"].as_str().unwrap(), "{key}");
        for field in ["intitule", "pilote"] {
            if let Some(want) = action.get(field).and_then(Json::as_str) {
                let got = if field == "intitule" {
                    Some(read.intitule.as_str())
                } else {
                    read.pilote.as_deref()
                };
                assert_eq!(got, Some(want), "{key} {field}");
            }
        }
        let indicators: Vec<_> = inputs.indicators.iter().filter(|i| i.code_fa == read.code).collect();
        let wanted_indicators = action["indicators"].as_array().unwrap();
        assert_eq!(indicators.len(), wanted_indicators.len(), "{key} indicators");
        for (indicator, want) in indicators.iter().zip(wanted_indicators) {
            let suffix = want["code"].as_str().unwrap();
            assert!(
                indicator.code.spelling().ends_with(&format!("-{suffix}")),
                "{key}: {}",
                indicator.code
            );
            assert_eq!(
                format!("{:?}", indicator.kind),
                want["type"].as_str().unwrap(),
                "{key} {suffix} type"
            );
            if let Some(libelle) = want.get("libelle").and_then(Json::as_str) {
                assert_eq!(indicator.libelle, libelle);
            }
            if let Some(unite) = want.get("unite").and_then(Json::as_str) {
                assert_eq!(indicator.unite.as_deref(), Some(unite), "{key} {suffix} unité");
            }
            for (year, bilan) in &by_year {
                let result = bilan
                    .indicators
                    .iter()
                    .find(|r| r.indicator.code == indicator.code)
                    .unwrap();
                if let Some(realised) = want.get(format!("realise_{year}").as_str()) {
                    assert_eq!(
                        &realised_json(result.realised.as_ref()),
                        realised,
                        "{key} {suffix} réalisé {year}"
                    );
                }
                if let Some(target) = want.get(format!("cible_{year}").as_str()) {
                    assert_eq!(
                        result.target.map(|t| t.normalize().to_string()),
                        Some(target.to_string()),
                        "{key} {suffix} cible {year}"
                    );
                }
                if let Some(status) = want.get(format!("status_{year}").as_str()) {
                    assert_eq!(
                        result.status.label(),
                        status.as_str().unwrap(),
                        "{key} {suffix} statut {year}"
                    );
                }
            }
        }
        let bilan = &by_year[1].1;
        let result = bilan.actions.iter().find(|a| a.action.code == read.code).unwrap();
        assert_eq!(
            result.computed.label(),
            action["computed_2024"].as_str().unwrap(),
            "{key} calculé"
        );
        assert_eq!(
            result.retained.label(),
            action["retenu_2024"].as_str().unwrap(),
            "{key} retenu"
        );
        assert_eq!(
            result.declared.map(Status::label),
            action.get("declared_2024").and_then(Json::as_str),
            "{key} déclaré"
        );
        if let Some(freins) = action.get("freins_2024").and_then(Json::as_str) {
            let written: Vec<&str> = std::iter::once(&result.own_texts)
                .chain(result.lines.iter().map(|l| &l.texts))
                .filter_map(|t| t.freins.as_deref())
                .collect();
            assert_eq!(written, [freins], "{key} freins");
        }
    }
}

#[test]
fn each_guessed_indicator_type_is_an_info_naming_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        shared_fixtures().join("fiches-action-verticales.xlsx"),
        dir.path().join("fiches.xlsx"),
    )
    .unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "{seen:#?}");
    let guesses: Vec<(&str, &str)> = seen
        .iter()
        .filter(|d| d.code == "type-devine")
        .map(|d| (d.sheet.as_str(), d.cell.as_str()))
        .collect();
    assert_eq!(guesses.len(), 11, "one per indicator line: {seen:#?}");
    assert!(
        guesses.contains(&("Action 1", "A14")) && guesses.contains(&("Action 4", "A16")),
        "{guesses:?}"
    );
    assert!(seen.iter().all(|d| d.severity == "info"), "{seen:#?}");
}

/// A fiche built inline: labels with values beside, below or after `:`, a bare `Action`
/// heading with its code beside it, two indicator lines in one cell, one réalisé per line.
fn inline_fiche(dir: &Path, heading: Vec<C>) {
    let rows = vec![
        vec![T("Axe 2 : Achats responsables")],
        heading,
        vec![T("Intitulé"), T("Verdir les achats de fournitures")],
        vec![T("Pilote : Direction des achats")],
        vec![T("Indicateurs de suivi annuel")],
        vec![T(
            "- Part des marchés avec clause environnementale\n- Nombre de marchés réservés",
        )],
        vec![T("Réalisé 2024"), T("40 %\n3")],
        vec![T("Cible 2024"), T("50 %\n2")],
        vec![T("Statut 2024"), T("Partiellement atteint")],
    ];
    write_book(&dir.join("fiche.xlsx"), &[SheetSpec::new("FA ENV", rows)]);
}

#[test]
fn values_beside_below_or_after_a_colon_and_one_realise_per_indicator_line() {
    let dir = tempfile::tempdir().unwrap();
    inline_fiche(dir.path(), vec![T("Action"), T("FA-ENV")]);
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.actions.len(), 1, "{:#?}", inputs.diagnostics);
    let action = &inputs.actions[0];
    assert_eq!(action.code.spelling(), "FA-ENV");
    assert_eq!(action.intitule, "Verdir les achats de fournitures");
    assert_eq!(action.pilote.as_deref(), Some("Direction des achats"));
    assert_eq!(action.axe.as_deref(), Some("Achats responsables"));
    let codes: Vec<&str> = inputs.indicators.iter().map(|i| i.code.spelling()).collect();
    assert_eq!(codes, ["ENV-S1", "ENV-S2"]);
    assert_eq!(inputs.indicators[1].unite.as_deref(), Some("nombre"));
    let bilan = compute(&inputs, dir.path(), 2024);
    let statuses: Vec<&str> = bilan.indicators.iter().map(|r| r.status.label()).collect();
    assert_eq!(statuses, ["Partiellement atteint", "Atteint"], "40/50 and 3/2");
    assert_eq!(bilan.actions[0].declared, Some(Status::PartiellementAtteint));
}

#[test]
fn a_fiche_beside_a_referentiel_row_for_the_same_action_the_referentiel_wins() {
    let dir = tempfile::tempdir().unwrap();
    inline_fiche(dir.path(), vec![T("Action n°7")]);
    write_book(
        &dir.path().join("referentiel.xlsx"),
        &[
            SheetSpec::new(
                "Actions",
                vec![
                    vec![T("Code FA"), T("Intitulé"), T("Pilote")],
                    vec![T("FA 7"), T("Achats verts"), E],
                ],
            ),
            SheetSpec::new(
                "Indicateurs",
                vec![
                    vec![T("Code indicateur"), T("Code FA"), T("Libellé"), T("Type"), T("Unité")],
                    vec![T("FA7-S2"), T("FA 7"), T("Marchés réservés"), T("Qualitatif"), E],
                ],
            ),
        ],
    );
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.actions.len(), 1);
    let action = &inputs.actions[0];
    assert_eq!(action.code.spelling(), "FA 7", "the référentiel's spelling");
    assert_eq!(action.intitule, "Achats verts", "the référentiel's intitulé");
    assert_eq!(
        action.pilote.as_deref(),
        Some("Direction des achats"),
        "the fiche fills what it leaves empty"
    );
    let s2 = inputs.indicators.iter().find(|i| i.code == "FA7-S2").unwrap();
    assert_eq!(
        format!("{:?}", s2.kind),
        "Qualitatif",
        "the Indicateurs sheet wins over the guess"
    );
    let codes: Vec<&str> = inputs.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"intitule-different"), "{codes:?}");
    assert!(codes.contains(&"definition-remplacee"), "{codes:?}");
    assert!(!codes.contains(&"definition-contradictoire"), "{codes:?}");
    let follow_ups: Vec<String> = inputs
        .follow_ups
        .iter()
        .map(|f| f.code_fa.spelling().to_string())
        .collect();
    assert!(follow_ups.iter().all(|c| c == "FA 7"), "{follow_ups:?}");
}

//! The shared real-layout fixtures, read exactly as `gosb-2022-bilan.expected.json` and the
//! Val-de-Marne recensement say.

use crate::support::*;
use serde_json::Value as Json;
use spaser::model::{Status, Subject};
use std::collections::BTreeMap;

#[test]
fn check_on_gosb_2022_bilan_reports_nothing_and_exits_0() {
    let (code, seen) = check(&shared_fixtures(), &["gosb-2022-bilan.xlsx"]);
    assert_eq!(code, 0);
    assert_eq!(seen, vec![]);
}

#[test]
fn existing_bilan_table_gives_the_year_actions_objectives_and_statuses_of_the_expected_json() {
    let dir = shared_fixtures();
    let expected: Json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gosb-2022-bilan.expected.json")).expect("json"))
            .expect("valid json");
    let inputs = load(&[dir.join("gosb-2022-bilan.xlsx")], &dir);
    let actions = expected["actions"].as_object().expect("actions");
    assert_eq!(
        inputs.actions.len(),
        expected["nb_actions"].as_u64().expect("n") as usize
    );
    assert_eq!(
        inputs.follow_ups.len(),
        expected["nb_objectifs"].as_u64().expect("n") as usize
    );
    for (code, action) in actions {
        let defined = inputs
            .actions
            .iter()
            .find(|a| &a.code == code)
            .unwrap_or_else(|| panic!("{code} read"));
        let label = action["libelle"].as_str().expect("label");
        assert!(
            label.ends_with(&defined.intitule),
            "{code}: intitulé « {} » from « {label} »",
            defined.intitule
        );
        let objectives: Vec<_> = inputs.follow_ups.iter().filter(|f| &f.code_fa == code).collect();
        let rows: Vec<u32> = objectives
            .iter()
            .map(|f| f.source.as_ref().expect("source").row + 1)
            .collect();
        let wanted_rows = action["rows"].as_array().expect("rows");
        let (first, last) = (
            wanted_rows[0].as_u64().expect("row") as u32,
            wanted_rows[1].as_u64().expect("row") as u32,
        );
        assert_eq!(
            rows,
            (first..=last).collect::<Vec<_>>(),
            "{code}: rows of the merged label"
        );
        for (objective, wanted) in objectives
            .iter()
            .zip(action["objectifs"].as_array().expect("objectifs"))
        {
            assert_eq!(objective.year, 2022);
            assert!(matches!(objective.subject, Some(Subject::Objective(_))));
            assert_eq!(
                objective.statut_declare.map(Status::label),
                wanted["statut_declare"].as_str(),
                "{code} row {}",
                wanted["row"]
            );
            assert_eq!(objective.objective, collapsed(&wanted["objectif"]), "{code} objectif");
            for (read, key) in [
                (&objective.mise_en_oeuvre, "mise_en_oeuvre"),
                (&objective.freins, "freins"),
                (&objective.solutions, "solutions"),
            ] {
                assert_eq!(read.clone(), collapsed(&wanted[key]), "{code} {key}");
            }
        }
    }
    let mut per_status: BTreeMap<&str, u64> = BTreeMap::new();
    for follow_up in &inputs.follow_ups {
        *per_status
            .entry(follow_up.statut_declare.map(Status::label).unwrap_or("-"))
            .or_default() += 1;
    }
    for (status, count) in expected["objectifs_par_statut"].as_object().expect("counts") {
        assert_eq!(per_status.get(status.as_str()).copied(), count.as_u64(), "{status}");
    }
}

/// Texts are read with runs of spaces collapsed and line breaks kept.
fn collapsed(text: &Json) -> Option<String> {
    let text = text.as_str()?;
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

#[test]
fn vdm_recensement_with_a_two_row_header_reads_40_purchases_and_ignores_the_total_row() {
    let dir = shared_fixtures();
    for name in [
        "vdm-2023-recensement.xlsx",
        "vdm-2023-recensement.xls",
        "vdm-2023-recensement.ods",
    ] {
        let (code, seen) = check(&dir, &[name]);
        assert_eq!(code, 0, "{name}");
        assert_eq!(
            codes(&seen),
            expected(&[("ligne-ignoree", "ligne 47")]),
            "{name}: {seen:#?}"
        );
    }
}

#[test]
fn the_three_formats_of_the_vdm_recensement_give_the_same_purchases() {
    let dir = shared_fixtures();
    let read = |name: &str| load(&[dir.join(name)], &dir).purchases;
    let xlsx = read("vdm-2023-recensement.xlsx");
    assert_eq!(xlsx.len(), 40);
    let first = &xlsx[0];
    assert_eq!(first.reference, "23-0001");
    assert!(!first.service.is_empty());
    assert!(
        first
            .date_notification
            .is_some_and(|d| d.format("%Y").to_string() == "2023")
    );
    assert!(first.siret.as_deref().is_some_and(|s| s.len() == 14));
    assert!(
        xlsx.iter().all(|p| *p.statut == *"Notifié"),
        "a notification date makes the statut Notifié"
    );
    assert!(
        xlsx.iter()
            .all(|p| ["Travaux", "Fournitures", "Services"].contains(&&*p.nature))
    );
    assert!(
        xlsx.iter()
            .any(|p| p.categorie_titulaire.as_deref() == Some("Grande entreprise")),
        "GE is Grande entreprise"
    );
    assert!(
        xlsx.iter().any(|p| p.clause_env == Some(true)),
        "Considérations environnementales › Clause"
    );
    assert!(
        xlsx.iter().any(|p| p.critere_env == Some(true)),
        "Considérations environnementales › Critère"
    );
    for other in ["vdm-2023-recensement.xls", "vdm-2023-recensement.ods"] {
        let purchases = read(other);
        assert_eq!(purchases.len(), xlsx.len(), "{other}");
        for (a, b) in xlsx.iter().zip(&purchases) {
            let strip = |p: &spaser::model::Purchase| spaser::model::Purchase {
                source: None,
                service: String::new(),
                ..p.clone()
            };
            assert_eq!(strip(a), strip(b), "{other} differs on {}", a.reference);
        }
    }
}

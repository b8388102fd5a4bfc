//! `spaser check samples` reports the deliberate mistakes listed in `samples/LISEZMOI.md`, and
//! nothing else; the inputs' bytes are unchanged.

use crate::support::*;

#[test]
fn check_samples_reports_exactly_the_deliberate_mistakes() {
    let before = hashes(&samples());
    let (code, seen) = check(&samples(), &["."]);
    assert_eq!(code, 1, "errors make check exit with 1");
    let got = file_cell_code(&seen);
    let want: Vec<(String, String, String)> = [
        ("batiments/Recensement bâtiments.xlsx", "D30", "unite-lue"),
        ("batiments/Recensement bâtiments.xlsx", "M32", "siret-cle-invalide"),
        (
            "batiments/Recensement bâtiments.xlsx",
            "H47",
            "clause-sans-suivi-insertion",
        ),
        ("dsi/marches_dsi.xlsx", "ligne 1", "colonnes-supplementaires"),
        ("dsi/marches_dsi.xlsx", "D1", "en-tete-inconnu"),
        ("dsi/marches_dsi.xlsx", "P15", "categorie-agec-manquante"),
        ("dsi/marches_dsi.xlsx", "P16", "categorie-agec-manquante"),
        ("dsi/marches_dsi.xlsx", "F18", "date-invalide"),
        ("dsi/marches_dsi.xlsx", "J22", "heures-sans-clause"),
        ("dsi/marches_dsi.xlsx", "I24", "clause-sans-suivi-insertion"),
        ("dsi/marches_dsi.xlsx", "ligne 31", "ligne-ignoree"),
        ("eau/decp_eau_assainissement.json", "", "concessions-a-part"),
        (
            "eau/decp_eau_assainissement.json",
            "marches.marche[0].considerationsSociales",
            "clause-sans-suivi-insertion",
        ),
        (
            "eau/decp_eau_assainissement.json",
            "marches.marche[2].considerationsSociales",
            "clause-sans-suivi-insertion",
        ),
        (
            "eau/decp_eau_assainissement.json",
            "marches.marche[3].considerationsSociales",
            "decp-ecart-au-format",
        ),
        (
            "eau/decp_eau_assainissement.json",
            "marches.marche[5].id",
            "doublon-decp",
        ),
        (
            "insertion/Suivi des clauses sociales.xlsx",
            "D16",
            "heures-realisees-excessives",
        ),
        (
            "insertion/Suivi des clauses sociales.xlsx",
            "A40",
            "insertion-sans-marche",
        ),
        ("pilotage/Bilan SPASER 2023.xlsx", "C8", "statut-absent"),
        ("pilotage/Fiches action SPASER.xlsx", "A10", "type-devine"),
        ("pilotage/Fiches action SPASER.xlsx", "A11", "type-devine"),
        ("pilotage/Fiches action SPASER.xlsx", "A14", "type-devine"),
        ("pilotage/referentiel_et_suivi_SPASER.xlsx", "D12", "pourcentage-ambigu"),
        (
            "pilotage/referentiel_et_suivi_SPASER.xlsx",
            "D19",
            "realise-different-du-calcul",
        ),
        ("pilotage/referentiel_et_suivi_SPASER.xlsx", "E24", "ecart-statut"),
        (
            "restauration/recensement_restauration.xlsx",
            "I12",
            "clause-sans-suivi-insertion",
        ),
        (
            "voirie/Marchés lancés depuis août 2026.xlsx",
            "H3",
            "non-conforme-clause-env",
        ),
        (
            "voirie/Marchés lancés depuis août 2026.xlsx",
            "L4",
            "derogation-motivee",
        ),
        (
            "voirie/Marchés lancés depuis août 2026.xlsx",
            "L4",
            "derogation-motivee",
        ),
        (
            "voirie/Marchés lancés depuis août 2026.xlsx",
            "J5",
            "non-conforme-clause-sociale",
        ),
        ("voirie/Recensement_voirie_2023-2024.xlsx", "A14", "doublon"),
        (
            "voirie/Recensement_voirie_2023-2024.xlsx",
            "K17",
            "clause-sans-suivi-insertion",
        ),
    ]
    .iter()
    .map(|(f, c, k)| (f.to_string(), c.to_string(), k.to_string()))
    .collect();
    assert_eq!(got, want, "{seen:#?}");
    assert_eq!(hashes(&samples()), before, "inputs are never modified");
}

#[test]
fn samples_hold_three_services_two_years_ten_actions_and_twenty_indicators() {
    let inputs = load(&[samples()], &samples());
    let services: std::collections::BTreeSet<_> = inputs.purchases.iter().map(|p| p.service.as_str()).collect();
    assert!(services.len() >= 3, "{services:?}");
    let years: std::collections::BTreeSet<_> = inputs.purchases.iter().filter_map(|p| p.year()).collect();
    assert!(years.contains(&2023) && years.contains(&2024), "{years:?}");
    assert!(inputs.actions.len() >= 10);
    assert!(inputs.indicators.len() >= 20);
    assert!(
        inputs.indicators.iter().any(|i| i.calcul.is_some()) && inputs.indicators.iter().any(|i| i.calcul.is_none())
    );
    assert!(
        inputs
            .follow_ups
            .iter()
            .any(|f| matches!(f.subject, Some(spaser::model::Subject::Objective(_))))
    );
    // The fiches in vertical form spell their actions otherwise; they are the référentiel's.
    assert_eq!(inputs.actions.len(), 12, "Action n°7 is FA 7");
    let fa7 = inputs.actions.iter().find(|a| a.code == "Action n°7").expect("FA 7");
    assert_eq!(fa7.code.spelling(), "FA 7");
    assert!(
        fa7.descriptif.as_deref().is_some_and(|d| d.contains("charte")),
        "{fa7:?}"
    );
}

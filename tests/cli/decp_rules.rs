//! SPEC §10, DECP in: a `.json` or `.xml` file of données essentielles read as recensement rows
//! with the §10 mapping, concessions read as concessions, the real-world deviations accepted with a
//! warning, diagnostics naming the JSON path, and a contract counted once when a workbook also
//! lists it.

use crate::hostile_rules::recensement;
use crate::support::*;
use rust_decimal::Decimal;
use spaser::model::Purchase;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn decp_fixture(name: &str) -> PathBuf {
    shared_fixtures().join("decp").join(name)
}

/// The purchases read from `files` (copied into a fresh folder), by reference.
fn purchases_of(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<Purchase>) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let mut purchases: Vec<Purchase> = inputs.purchases.iter().map(|p| (**p).clone()).collect();
    purchases.sort_by(|a, b| a.reference.cmp(&b.reference));
    (dir, purchases)
}

fn fixture_purchases(name: &str) -> Vec<Purchase> {
    let text = std::fs::read_to_string(decp_fixture(name)).unwrap();
    purchases_of(&[(name, &text)]).1
}

fn amount(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A minimal valid marché, with `extra` fields added (JSON object members, comma-led).
fn marche(id: &str, extra: &str) -> String {
    format!(
        r#"{{"id": "{id}", "acheteur": {{"id": "21750001630066"}}, "nature": "Marché", "objet": "Objet {id}",
            "codeCPV": "45000000-7", "procedure": "Procédure adaptée", "dureeMois": 12,
            "dateNotification": "2024-03-01", "montant": 100000, "ccag": "Travaux"{extra}}}"#
    )
}

fn nested(marches: &[String]) -> String {
    format!(r#"{{"marches": {{"marche": [{}]}}}}"#, marches.join(","))
}

#[test]
fn a_nested_json_decp_file_is_read_with_the_section_10_mapping_field_by_field() {
    let purchases = fixture_purchases("marches_avec_modifications.json");
    assert_eq!(purchases.len(), 2);
    let p = &purchases[0];
    assert_eq!(p.reference, "TEST2022");
    assert_eq!(p.service, "21750001630066", "acheteur.id → service");
    assert_eq!(p.objet, "envoi pour Json test 1");
    assert_eq!(p.procedure.as_deref(), Some("Appel d'offres ouvert"));
    assert_eq!(p.montant_ht, Some(amount("575000")));
    assert_eq!(p.date_notification, chrono::NaiveDate::from_ymd_opt(2024, 5, 15));
    assert_eq!(&*p.statut, "Notifié");
    assert_eq!(p.duree_mois, Some(48));
    assert_eq!(p.cpv.as_deref(), Some("45000000-7"));
    assert_eq!(p.innovant, Some(true));
    assert_eq!(p.taux_avance, Some(Decimal::ZERO));
    assert_eq!(p.siret.as_deref(), Some("55204599900869"), "first titulaire's id");
    assert_eq!(&*p.nature, "Travaux", "ccag Travaux");
    assert_eq!(
        (p.clause_env, p.critere_env),
        (Some(true), Some(false)),
        "considerationsEnvironnementales"
    );
    assert_eq!(
        (p.clause_sociale, p.critere_social, p.marche_reserve),
        (Some(true), Some(true), Some(false)),
        "considerationsSociales"
    );
}

#[test]
fn the_flat_json_form_and_the_xml_form_give_the_same_contracts() {
    let flat = format!(r#"{{"marches": [{}]}}"#, marche("F-1", ""));
    let (_dir, purchases) = purchases_of(&[("flat.json", &flat)]);
    assert_eq!(purchases.len(), 1);
    assert_eq!(
        (purchases[0].reference.as_str(), purchases[0].montant_ht),
        ("F-1", Some(amount("100000")))
    );

    let xml = fixture_purchases("Marche.xml");
    assert_eq!(
        xml.len(),
        1,
        "the second TEST2022 of the file is the same contract, counted once"
    );
    let p = &xml[0];
    assert_eq!(
        (p.reference.as_str(), p.montant_ht, p.duree_mois),
        ("TEST2022", Some(amount("575000")), Some(48))
    );
    assert_eq!(
        (p.innovant, p.clause_sociale, p.critere_social),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(p.siret.as_deref(), Some("55204599900869"));
}

#[test]
fn nature_comes_from_ccag_travaux_then_from_the_cpv_division() {
    let cases = [
        ("N-1", "Fournitures courantes et services", "30192000-1", "Fournitures"),
        ("N-2", "Fournitures courantes et services", "03100000-2", "Fournitures"),
        ("N-3", "Fournitures courantes et services", "48000000-8", "Fournitures"),
        ("N-4", "Fournitures courantes et services", "45233140-2", "Travaux"),
        ("N-5", "Fournitures courantes et services", "90910000-9", "Services"),
        ("N-6", "Travaux", "71000000-8", "Travaux"),
        ("N-7", "Prestations intellectuelles", "", "Services"),
    ];
    let marches: Vec<String> = cases
        .iter()
        .map(|(id, ccag, cpv, _)| {
            marche(id, "")
                .replace(r#""ccag": "Travaux""#, &format!(r#""ccag": "{ccag}""#))
                .replace(r#""codeCPV": "45000000-7""#, &format!(r#""codeCPV": "{cpv}""#))
        })
        .collect();
    let (_dir, purchases) = purchases_of(&[("decp.json", &nested(&marches))]);
    let natures: Vec<(&str, &str)> = purchases.iter().map(|p| (p.reference.as_str(), &*p.nature)).collect();
    let expected: Vec<(&str, &str)> = cases.iter().map(|(id, _, _, nature)| (*id, *nature)).collect();
    assert_eq!(natures, expected);
}

#[test]
fn a_tauxavance_fraction_is_a_percentage_and_a_defence_contract_is_outside_2026_checks() {
    let marches = [marche(
        "T-1",
        r#", "tauxAvance": 0.05, "nature": "Marché de défense ou de sécurité""#,
    )
    .replace(r#""nature": "Marché", "#, "")];
    let (_dir, purchases) = purchases_of(&[("decp.json", &nested(&marches))]);
    assert_eq!(purchases[0].taux_avance, Some(amount("5")));
    assert_eq!(purchases[0].defense_securite, Some(true));
}

#[test]
fn contrats_de_concession_are_read_as_concessions_and_said_apart_in_sources() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        decp_fixture("marches_concessions.json"),
        dir.path().join("concessions.json"),
    )
    .unwrap();
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let concessions = inputs.purchases.iter().filter(|p| p.is_concession()).count();
    assert_eq!(
        (inputs.purchases.len(), concessions),
        (4, 2),
        "two marchés, two concessions"
    );
    assert_eq!(inputs.sources[0].concessions, 2);
    let (_, seen) = check(dir.path(), &["."]);
    assert!(
        seen.iter()
            .any(|d| d.code == "concessions-a-part" && d.message.starts_with("2 contrat(s)")),
        "{seen:#?}"
    );

    let out = dir.path().join("bilan.xlsx");
    let (code, text) = bilan(dir.path(), &[".", "-o", out.to_str().unwrap(), "--year", "2024"]);
    assert_eq!(code, 0, "{text}");
    let sources = Book::open(&out).sheet("Sources");
    let row = sources.record("Fichier", "concessions.json");
    assert!(row["Type"].contains("dont 2 contrat(s) de concession"), "{row:?}");
}

#[test]
fn real_world_deviations_are_accepted_with_one_warning_per_kind_and_file() {
    let deviating = |id: &str| {
        marche(
            id,
            r#", "dureeMois": "NC", "marcheInnovant": "oui",
               "considerationsSociales": {"considerationSociale": "Clause sociale, Critère social"},
               "considerationsEnvironnementales": {"considerationEnvironnementale": ["Sans objet"]}"#,
        )
        .replace(r#""dureeMois": 12, "#, "")
        .replace(
            r#""acheteur": {"id": "21750001630066"}"#,
            r#""acheteur_id": "21750001630066""#,
        )
    };
    let text = nested(&[deviating("D-1"), deviating("D-2")]);
    let (dir, purchases) = purchases_of(&[("decp.json", &text)]);
    assert_eq!(purchases.len(), 2, "accepted");
    let p = &purchases[0];
    assert_eq!(p.duree_mois, None, "NC: not given");
    assert_eq!(p.innovant, Some(true), "« oui »");
    assert_eq!(
        (p.clause_sociale, p.critere_social),
        (Some(true), Some(true)),
        "a flattened list"
    );
    assert_eq!(
        (p.clause_env, p.critere_env),
        (Some(false), Some(false)),
        "Sans objet: none"
    );
    assert_eq!(p.service, "21750001630066", "acheteur_id flattened");

    let (_, seen) = check(dir.path(), &["."]);
    let deviations: Vec<&Seen> = seen.iter().filter(|d| d.code == "decp-ecart-au-format").collect();
    assert_eq!(deviations.len(), 5, "one per kind: {deviations:#?}");
    assert!(
        deviations
            .iter()
            .all(|d| d.severity == "avertissement" && d.message.contains("(2 fois")),
        "{deviations:#?}"
    );
    let first_nc = deviations.iter().find(|d| d.message.contains("« NC »")).unwrap();
    assert_eq!(first_nc.cell, "marches.marche[0].dureeMois");
}

#[test]
fn the_real_shaped_file_with_defects_yields_the_diagnostics_its_defects_deserve_and_no_crash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        decp_fixture("decp_test_2022_with_defects.json"),
        dir.path().join("decp.json"),
    )
    .unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "the 1e17 amount is an error: {seen:#?}");
    let found: Vec<(&str, &str)> = seen.iter().map(|d| (d.cell.as_str(), d.code.as_str())).collect();
    for expected in [
        ("", "decp-ecart-au-format"),                                             // a bare NaN
        ("marches.marche[0].dureeMois", "decp-ecart-au-format"),                  // "NC"
        ("marches.marche[0].offresRecues", "decp-ecart-au-format"),               // 0 offers
        ("marches.marche[1].montant", "montant-invalide"),                        // 1e+17
        ("marches.marche[2].marcheInnovant", "decp-ecart-au-format"),             // "non"
        ("marches.marche[3].titulaires[0].titulaire.id", "decp-ecart-au-format"), // no wrapper
    ] {
        assert!(found.contains(&expected), "{expected:?} in {found:#?}");
    }
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(inputs.purchases.len(), 4, "five marchés, the 1e17 one left out");
    let first = inputs
        .purchases
        .iter()
        .find(|p| p.reference == "2022VI2022.242")
        .unwrap();
    assert_eq!(
        first.siret.as_deref(),
        Some("12345678900023"),
        "the first titulaire, not the TVA one"
    );
    assert_eq!((first.clause_sociale, first.clause_env), (Some(false), Some(false)));
}

#[test]
fn a_contract_in_a_workbook_and_in_a_decp_file_is_counted_once_and_the_workbook_row_wins() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "TEST2022");
    let decp = std::fs::read_to_string(decp_fixture("marches_avec_modifications.json"))
        .unwrap()
        .replace("2024-05-15", "2024-03-01");
    std::fs::write(dir.path().join("decp.json"), decp).unwrap();
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let same: Vec<_> = inputs.purchases.iter().filter(|p| p.reference == "TEST2022").collect();
    assert_eq!(same.len(), 1);
    assert_eq!(same[0].service, "voirie", "the workbook row");
    let (_, seen) = check(dir.path(), &["."]);
    let info = seen.iter().find(|d| d.code == "doublon-decp").expect("an info");
    assert_eq!(
        (info.severity.as_str(), info.cell.as_str()),
        ("info", "marches.marche[0].id")
    );
    assert!(info.message.contains("le classeur l'emporte"), "{}", info.message);
}

#[test]
fn diagnostics_of_a_decp_file_name_the_json_path_where_a_workbook_names_its_cell() {
    let text = nested(&[
        marche("P-1", ""),
        marche("P-2", "").replace(r#""montant": 100000"#, r#""montant": "douze""#),
    ]);
    let (dir, _) = purchases_of(&[("decp.json", &text)]);
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let error = seen.iter().find(|d| d.code == "montant-invalide").expect("{seen:#?}");
    assert_eq!(
        (error.file.as_str(), error.sheet.as_str()),
        ("decp.json", ""),
        "relative to the folder given (§5)"
    );
    assert_eq!(error.cell, "marches.marche[1].montant");
}

#[test]
fn a_required_field_missing_leaves_the_contract_out_and_says_so() {
    let text = nested(&[marche("R-1", "").replace(r#""objet": "Objet R-1","#, "")]);
    let (dir, purchases) = purchases_of(&[("decp.json", &text)]);
    assert!(purchases.is_empty());
    let (_, seen) = check(dir.path(), &["."]);
    let missing = seen
        .iter()
        .find(|d| d.code == "valeur-obligatoire-manquante")
        .expect("{seen:#?}");
    assert_eq!(missing.cell, "marches.marche[0].objet");
    assert!(missing.message.contains("exclue des calculs"), "{}", missing.message);
}

#[test]
fn a_truncated_decp_file_is_a_diagnostic_and_other_json_an_info() {
    let full = std::fs::read_to_string(decp_fixture("marches_avec_modifications.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tronque.json"), &full[..full.len() / 2]).unwrap();
    std::fs::copy(decp_fixture("schema_decp_v2.0.3.json"), dir.path().join("schema.json")).unwrap();
    std::fs::write(dir.path().join("vide.xml"), "<marches").unwrap();
    let (_, seen) = check(dir.path(), &["."]);
    let code_of = |file: &str| {
        seen.iter()
            .filter(|d| Path::new(&d.file).ends_with(file))
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(code_of("tronque.json"), ["fichier-illisible"]);
    assert_eq!(code_of("vide.xml"), ["fichier-illisible"]);
    assert_eq!(code_of("schema.json"), ["decp-non-reconnu"]);
    let truncated = seen.iter().find(|d| d.file.ends_with("tronque.json")).unwrap();
    assert!(truncated.message.contains("tronqué"), "{}", truncated.message);
}

#[test]
fn a_decp_contract_notified_in_2052_is_an_error_date_improbable_and_left_out() {
    let text = nested(&[marche("D-1", ""), marche("D-2", "").replace("2024-03-01", "2052-03-01")]);
    let (dir, purchases) = purchases_of(&[("decp.json", &text)]);
    assert_eq!(
        purchases.iter().map(|p| p.reference.as_str()).collect::<Vec<_>>(),
        ["D-1"]
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let error = seen.iter().find(|d| d.code == "date-improbable").expect("{seen:#?}");
    assert_eq!(error.cell, "marches.marche[1].dateNotification");
}

#[test]
fn an_unreadable_decp_date_is_one_error_in_the_formats_terms_and_the_contract_is_left_out() {
    let marches = [
        marche("D-1", "").replace("2024-03-01", "2024-13-45"),
        marche("D-2", "").replace("2024-03-01", "15/03/2024"),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("decp.json"), nested(&marches)).unwrap();
    let (_, seen) = check(dir.path(), &["."]);
    let about_dates: Vec<(&str, &str)> = seen
        .iter()
        .filter(|d| d.cell.ends_with("dateNotification"))
        .map(|d| (d.cell.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(
        about_dates,
        [("marches.marche[0].dateNotification", "date-invalide")],
        "one error for 2024-13-45; 15/03/2024 is read: {seen:#?}"
    );
    let error = seen.iter().find(|d| d.code == "date-invalide").expect("the date error");
    assert!(error.message.contains("aaaa-mm-jj"), "{}", error.message);
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let references: Vec<&str> = inputs.purchases.iter().map(|p| p.reference.as_str()).collect();
    assert_eq!(references, ["D-2"]);
}

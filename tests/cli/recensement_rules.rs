//! SPEC §3, the recensement: required fields, defaults, duplicates in one service and year,
//! SIRET, CPV, coherence warnings, extra columns, derived considerations.

use crate::support::C::*;
use crate::support::*;

fn header() -> Vec<C> {
    recensement_header(&["Statut"])
}

fn book(dir: &std::path::Path, name: &str, extra_header: Vec<C>, rows: Vec<Vec<C>>) {
    let mut head = header();
    head.extend(extra_header);
    let mut all = vec![head];
    all.extend(rows);
    write_book(&dir.join(name), &[SheetSpec::new("Marchés", all)]);
}

#[test]
fn a_row_missing_a_required_field_is_an_error_and_left_out_of_the_computations() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![],
        vec![
            vec![E, T("Objet"), T("T"), N(1.0), D(2024, 1, 2)],
            vec![T("R2"), E, T("T"), N(1.0), D(2024, 1, 2)],
            vec![T("R3"), T("Objet"), E, N(1.0), D(2024, 1, 2)],
            vec![T("R4"), T("Objet"), T("T"), E, D(2024, 1, 2)],
            vec![T("R5"), T("Objet"), T("T"), N(1.0), D(2024, 1, 2)],
        ],
    );
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&seen),
        expected(&[
            ("valeur-obligatoire-manquante", "A2"),
            ("valeur-obligatoire-manquante", "B3"),
            ("valeur-obligatoire-manquante", "C4"),
            // An amount may be missing (an accord-cadre without maximum): counted in number.
            ("montant-absent", "D5"),
        ])
    );
    assert!(seen[..3].iter().all(|d| d.message.contains("exclue des calculs")));
    assert_eq!(load(&[dir.path().to_path_buf()], dir.path()).purchases.len(), 2);
}

#[test]
fn a_notified_row_without_amount_is_counted_in_number_not_in_amount_and_an_accord_cadre_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![T("Clause environnementale")],
        vec![
            vec![
                T("AC-1"),
                T("Accord-cadre de fournitures de bureau"),
                T("F"),
                E,
                D(2024, 1, 2),
                T("Notifié"),
                T("Oui"),
            ],
            vec![
                T("M-2"),
                T("Travaux"),
                T("T"),
                N(3000.0),
                D(2024, 1, 2),
                T("Notifié"),
                T("Non"),
            ],
        ],
    );
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 0, "{seen:#?}");
    assert_eq!(codes(&seen), expected(&[("montant-absent", "D2")]));
    assert!(
        seen[0].message.contains("accord-cadre") && seen[0].message.contains("compté en nombre, pas en montant"),
        "{:?}",
        seen[0]
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "b.xlsx", "--export", "i.csv"]);
    assert_eq!(code, 0, "{text}");
    let export = std::fs::read_to_string(dir.path().join("i.csv")).expect("export");
    let figure = |code: &str| {
        export
            .lines()
            .map(|l| l.split(';').collect::<Vec<_>>())
            .find(|f| f[1] == code && f[4] == "2024")
            .map(|f| f[6].to_string())
            .unwrap_or_default()
    };
    assert_eq!(figure("marches_notifies_nombre"), "2", "counted in number");
    assert_eq!(figure("marches_notifies_montant"), "3000", "not in amount");
    assert_eq!(figure("consideration_env_nombre"), "50", "1 of 2 in number");
    assert_eq!(figure("consideration_env_montant"), "0", "0 € of 3 000 € in amount");
}

#[test]
fn statut_defaults_to_notifie_with_a_date_else_programme_and_notifie_requires_a_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![],
        vec![
            vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)],
            vec![T("R2"), T("o"), T("T"), N(1.0), E],
            vec![T("R3"), T("o"), T("T"), N(1.0), E, T("Notifié")],
            vec![T("R4"), T("o"), T("T"), N(1.0), E, T("en cours")],
        ],
    );
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let statuts: Vec<(&str, &str)> = inputs
        .purchases
        .iter()
        .map(|p| (p.reference.as_str(), &*p.statut))
        .collect();
    assert_eq!(statuts, [("R1", "Notifié"), ("R2", "Programmé"), ("R4", "En cours")]);
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(codes(&seen), expected(&[("date-de-notification-manquante", "E4")]));
}

#[test]
fn the_service_defaults_to_spaser_toml_then_to_the_file_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "voirie.xlsx",
        vec![],
        vec![vec![T("V1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)]],
    );
    book(
        dir.path(),
        "dsi_2024.xlsx",
        vec![T("Service")],
        vec![
            vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("Informatique")],
            vec![T("R2"), T("o"), T("T"), N(1.0), D(2024, 1, 2)],
        ],
    );
    std::fs::write(
        dir.path().join("spaser.toml"),
        "[services]\n\"voirie.xlsx\" = \"Voirie\"\n",
    )
    .expect("toml");
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let services: Vec<(&str, &str)> = inputs
        .purchases
        .iter()
        .map(|p| (p.reference.as_str(), p.service.as_str()))
        .collect();
    assert_eq!(services, [("R1", "Informatique"), ("R2", "dsi_2024"), ("V1", "Voirie")]);
}

#[test]
fn a_reference_twice_in_one_service_and_year_is_an_error_naming_both_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![],
        vec![
            vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)],
            vec![T("R1"), T("o"), T("T"), N(2.0), D(2023, 1, 2)],
            vec![T("r1 "), T("o"), T("T"), N(3.0), D(2024, 5, 2)],
        ],
    );
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&seen),
        expected(&[("doublon", "A4")]),
        "another year is not a duplicate"
    );
    assert!(
        seen[0].message.contains("ligne 2"),
        "names the first row: {}",
        seen[0].message
    );
    assert_eq!(load(&[dir.path().to_path_buf()], dir.path()).purchases.len(), 2);
}

#[test]
fn the_same_reference_and_year_in_two_workbooks_is_one_contract_counted_once_with_a_warning_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["voirie.xlsx", "dsi.xlsx"] {
        book(
            dir.path(),
            name,
            vec![],
            vec![vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)]],
        );
    }
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "a warning: {seen:#?}");
    assert_eq!(
        file_cell_code(&seen),
        [(
            "voirie.xlsx".to_string(),
            "A2".to_string(),
            "doublon-entre-fichiers".to_string()
        )]
    );
    assert!(
        seen[0].message.contains("dsi.xlsx › Marchés › ligne 2"),
        "names the first: {:?}",
        seen[0]
    );
    assert_eq!(
        load(&[dir.path().to_path_buf()], dir.path()).purchases.len(),
        1,
        "counted once"
    );
}

#[test]
fn where_references_differ_the_same_siret_amount_date_and_objet_in_two_workbooks_is_the_same_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, reference) in [("voirie.xlsx", "VOI-12"), ("dsi.xlsx", "2024-DSI-3")] {
        book(
            dir.path(),
            name,
            vec![T("SIRET du titulaire")],
            vec![vec![
                T(reference),
                T("Fibre optique"),
                T("T"),
                N(25000.0),
                D(2024, 3, 1),
                T("Notifié"),
                T("73282932000074"),
            ]],
        );
    }
    let (_, seen) = check(dir.path(), &["."]);
    assert_eq!(codes(&seen), expected(&[("doublon-entre-fichiers", "A2")]), "{seen:#?}");
    assert!(seen[0].message.contains("« VOI-12 »") && seen[0].message.contains("« 2024-DSI-3 »"));
}

#[test]
fn lots_of_one_marche_are_distinct_purchases_and_an_identifiant_is_the_reference() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_book(
        &dir.path().join("export.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                vec![
                    T("Numéro de marché"),
                    T("N° lot"),
                    T("Objet"),
                    T("Nature"),
                    T("Montant HT"),
                    T("Date de notification"),
                ],
                vec![
                    T("2024-001"),
                    T("1"),
                    T("Voirie, lot 1"),
                    T("T"),
                    N(1000.0),
                    D(2024, 3, 1),
                ],
                vec![
                    T("2024-001"),
                    T("Lot 2"),
                    T("Voirie, lot 2"),
                    T("T"),
                    N(2000.0),
                    D(2024, 3, 1),
                ],
                vec![
                    T("2024-001"),
                    T("2"),
                    T("Voirie, lot 2 en double"),
                    T("T"),
                    N(2000.0),
                    D(2024, 3, 1),
                ],
            ],
        )],
    );
    write_book(
        &dir.path().join("suite.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                vec![
                    T("Identifiant"),
                    T("Objet"),
                    T("Nature"),
                    T("Montant HT"),
                    T("Date de notification"),
                ],
                vec![T("ID-77"), T("Étude"), T("S"), N(500.0), D(2024, 3, 1)],
            ],
        )],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    assert_eq!(
        codes(&seen),
        expected(&[("doublon", "A4")]),
        "the same reference and lot: {seen:#?}"
    );
    let mut references: Vec<String> = load(&[dir.path().to_path_buf()], dir.path())
        .purchases
        .iter()
        .map(|p| p.reference.clone())
        .collect();
    references.sort();
    assert_eq!(references, ["2024-001-L1", "2024-001-L2", "ID-77"]);
}

#[test]
fn a_siret_is_14_digits_and_a_wrong_luhn_key_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![T("SIRET du titulaire")],
        vec![
            vec![
                T("R1"),
                T("o"),
                T("T"),
                N(1.0),
                D(2024, 1, 2),
                E,
                T("732 829 320 00074"),
            ],
            vec![T("R2"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("73282932000075")],
            vec![T("R3"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("1234")],
            vec![T("R4"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, N(73282932000074.0)],
        ],
    );
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let sirets: Vec<Option<&str>> = inputs.purchases.iter().map(|p| p.siret.as_deref()).collect();
    assert_eq!(
        sirets,
        [
            Some("73282932000074"),
            Some("73282932000075"),
            None,
            Some("73282932000074")
        ]
    );
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(
        codes(&seen),
        expected(&[("siret-cle-invalide", "G3"), ("siret-invalide", "G4")])
    );
}

#[test]
fn a_malformed_cpv_code_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![T("Code CPV")],
        vec![
            vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("45233140-2")],
            vec![T("R2"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("45233140")],
        ],
    );
    let (code, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!((code, codes(&seen)), (0, expected(&[("cpv-mal-forme", "G3")])));
}

#[test]
fn insertion_hours_without_a_social_clause_and_reuse_above_the_amount_are_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![
            T("Clause sociale d'insertion"),
            T("Heures d'insertion"),
            T("Montant réemploi ou recyclé HT (€)"),
        ],
        vec![
            vec![
                T("R1"),
                T("o"),
                T("T"),
                N(100.0),
                D(2024, 1, 2),
                E,
                T("Oui"),
                N(200.0),
                N(50.0),
            ],
            vec![
                T("R2"),
                T("o"),
                T("T"),
                N(100.0),
                D(2024, 1, 2),
                E,
                T("Non"),
                N(200.0),
                N(150.0),
            ],
        ],
    );
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(
        codes(&seen),
        expected(&[("heures-sans-clause", "H3"), ("reemploi-superieur-au-montant", "I3")])
    );
}

#[test]
fn a_column_outside_the_catalogue_is_kept_with_one_info_per_sheet() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![T("Code interne")],
        vec![
            vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("à reconduire")],
            vec![T("R2"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("RAS")],
        ],
    );
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(codes(&seen), expected(&[("colonnes-supplementaires", "ligne 1")]));
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    assert_eq!(
        inputs.purchases[0].extras,
        vec![("Code interne".to_string(), "à reconduire".to_string())]
    );
}

#[test]
fn considerations_are_derived_from_clauses_criteria_and_reserved_contracts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let flags = [
        T("Clause environnementale"),
        T("Critère environnemental"),
        T("Clause sociale d'insertion"),
        T("Critère social"),
        T("Marché réservé"),
    ];
    let row = |r: &'static str, v: [&'static str; 5]| {
        let mut cells = vec![T(r), T("o"), T("T"), N(1.0), D(2024, 1, 2), E];
        cells.extend(v.iter().map(|x| T(x)));
        cells
    };
    book(
        dir.path(),
        "a.xlsx",
        flags.to_vec(),
        vec![
            row("R1", ["Non", "Oui", "Non", "Non", "Non"]),
            row("R2", ["Oui", "Non", "Non", "Non", "Non"]),
            row("R3", ["Non", "Non", "Non", "Non", "Oui"]),
            row("R4", ["Non", "Non", "Non", "Oui", "Non"]),
            row("R5", ["Non", "Non", "Non", "Non", "Non"]),
        ],
    );
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    let derived: Vec<(bool, bool)> = inputs
        .purchases
        .iter()
        .map(|p| (p.consideration_env(), p.consideration_sociale()))
        .collect();
    assert_eq!(
        derived,
        [
            (true, false),
            (true, false),
            (false, true),
            (false, true),
            (false, false)
        ]
    );
}

#[test]
fn an_unknown_targeted_action_is_a_warning_when_a_referentiel_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    book(
        dir.path(),
        "a.xlsx",
        vec![T("Actions SPASER ciblées")],
        vec![vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2), E, T("FA 1; FA 9")]],
    );
    write_book(
        &dir.path().join("ref.xlsx"),
        &[SheetSpec::new(
            "Actions",
            vec![vec![T("Code FA"), T("Intitulé")], vec![T("FA1"), T("Agir")]],
        )],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, expected(&[("action-inconnue", "G2")])));
    assert!(seen[0].message.contains("FA 9"), "the code as typed");
}

#[test]
fn the_header_synonyms_real_workbooks_use_are_recognised() {
    // (header, value typed, what the purchase holds then): SPEC §3's list.
    type Read = fn(&spaser::model::Purchase) -> String;
    let cases: Vec<(&str, C, Read, &str)> = vec![
        (
            "Critère insertion",
            T("Oui"),
            |p| format!("{:?}", p.critere_social),
            "Some(true)",
        ),
        (
            "Critère d'insertion",
            T("Oui"),
            |p| format!("{:?}", p.critere_social),
            "Some(true)",
        ),
        (
            "Critère social d'insertion",
            T("Oui"),
            |p| format!("{:?}", p.critere_social),
            "Some(true)",
        ),
        (
            "Clause insertion",
            T("Oui"),
            |p| format!("{:?}", p.clause_sociale),
            "Some(true)",
        ),
        (
            "Clause d'insertion",
            T("Oui"),
            |p| format!("{:?}", p.clause_sociale),
            "Some(true)",
        ),
        ("Réservé", T("Oui"), |p| format!("{:?}", p.marche_reserve), "Some(true)"),
        (
            "Marché réservé (SIAE/EA/ESAT)",
            T("Oui"),
            |p| format!("{:?}", p.marche_reserve),
            "Some(true)",
        ),
        (
            "Observations",
            T("vu"),
            |p| format!("{:?}", p.commentaire),
            "Some(\"vu\")",
        ),
        ("Remarques", T("vu"), |p| format!("{:?}", p.commentaire), "Some(\"vu\")"),
        (
            "Commentaires",
            T("vu"),
            |p| format!("{:?}", p.commentaire),
            "Some(\"vu\")",
        ),
        (
            "Taille entreprise",
            T("PME"),
            |p| format!("{:?}", p.categorie_titulaire),
            "Some(\"PME\")",
        ),
        (
            "Taille du titulaire",
            T("PME"),
            |p| format!("{:?}", p.categorie_titulaire),
            "Some(\"PME\")",
        ),
        ("Direction", T("Voirie"), |p| p.service.clone(), "Voirie"),
        (
            "Direction acheteuse",
            T("Bâtiments"),
            |p| p.service.clone(),
            "Bâtiments",
        ),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (i, (header_text, value, _, _)) in cases.iter().enumerate() {
        book(
            dir.path(),
            &format!("s{i:02}.xlsx"),
            vec![T(header_text)],
            vec![vec![
                S(format!("R1-{i}")),
                T("Objet"),
                T("T"),
                N(1.0),
                D(2024, 1, 2),
                T("Notifié"),
                value.clone(),
            ]],
        );
    }
    for (header_text, reference_header) in [("N° marché", "a"), ("N° de marché", "b"), ("Numéro", "c")] {
        let mut head = header();
        head[0] = T(header_text);
        write_book(
            &dir.path().join(format!("ref-{reference_header}.xlsx")),
            &[SheetSpec::new(
                "Marchés",
                vec![
                    head,
                    vec![
                        S(format!("R9-{reference_header}")),
                        T("Objet"),
                        T("T"),
                        N(1.0),
                        D(2024, 1, 2),
                        T("Notifié"),
                    ],
                ],
            )],
        );
    }
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, vec![]), "every synonym is mapped: {seen:#?}");
    let inputs = load(&[dir.path().to_path_buf()], dir.path());
    for (i, (header_text, _, read, want)) in cases.iter().enumerate() {
        let file = format!("s{i:02}.xlsx");
        let purchase = inputs
            .purchases
            .iter()
            .find(|p| p.source.as_ref().is_some_and(|s| s.file.ends_with(&file)))
            .unwrap_or_else(|| panic!("{header_text}: purchase read"));
        assert_eq!(read(purchase), *want, "{header_text}");
    }
    assert_eq!(
        inputs
            .purchases
            .iter()
            .filter(|p| p.reference.starts_with("R9-"))
            .count(),
        3
    );
}

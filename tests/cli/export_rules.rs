//! SPEC §10, indicators out: `spaser bilan --export FILE.csv|FILE.json` publishes the year's
//! indicators as open data — the référentiel's and the standard L.2111-3 set (by count and by
//! amount, N and N-1, insertion hours and ETP, PNAD shares over two named denominators) — with
//! data.gouv.fr conventions.

use crate::support::C::*;
use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;

const HEADER: &str = "source;code;libelle;unite;annee;cible;realise;statut;methode;denominateur;date_calcul";

/// The samples' bilan with `--export` to `name`; the export's text.
fn samples_export(name: &str, extra: &[&str]) -> String {
    let out = tempfile::tempdir().unwrap();
    let bilan_path = out.path().join("bilan.xlsx");
    let export = out.path().join(name);
    let mut args = vec![
        ".",
        "-o",
        bilan_path.to_str().unwrap(),
        "--export",
        export.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, text) = bilan(&samples(), &args);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Indicateurs publiés en données ouvertes"), "{text}");
    std::fs::read_to_string(&export).unwrap()
}

/// CSV rows as maps by header (no field of the samples holds a `;` or a quote).
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(';').collect();
            assert_eq!(cells.len(), header.len(), "{line}");
            header
                .iter()
                .zip(cells)
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

fn value(rows: &[BTreeMap<String, String>], code: &str, year: &str) -> String {
    rows.iter()
        .find(|r| r["code"] == code && r["annee"] == year)
        .unwrap_or_else(|| panic!("{code} {year}"))["realise"]
        .clone()
}

#[test]
fn the_csv_export_has_ascii_snake_case_headers_semicolons_point_decimals_and_iso_dates() {
    let text = samples_export("indicateurs.csv", &[]);
    assert_eq!(text.lines().next(), Some(HEADER));
    assert!(HEADER.is_ascii());
    for row in csv_rows(&text) {
        let date = &row["date_calcul"];
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
            "ISO date: {date}"
        );
        for key in ["cible", "realise"] {
            let cell = &row[key];
            if cell.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                assert!(!cell.contains(','), "`.` decimals: {key} = {cell}");
            }
        }
    }
}

#[test]
fn the_export_carries_the_referentiel_indicators_in_its_order_then_the_standard_set_for_n_and_n_1() {
    let rows = csv_rows(&samples_export("indicateurs.csv", &[]));
    let referentiel: Vec<&str> = rows
        .iter()
        .filter(|r| r["source"] == "référentiel")
        .map(|r| r["code"].as_str())
        .collect();
    let inputs = load(&[samples()], &samples());
    let order: Vec<&str> = inputs.indicators.iter().map(|i| i.code.spelling()).collect();
    assert_eq!(referentiel, order);
    let standard: Vec<&BTreeMap<String, String>> = rows.iter().filter(|r| r["source"] == "standard L.2111-3").collect();
    for code in [
        "consideration_env_nombre",
        "consideration_env_montant",
        "consideration_sociale_nombre",
        "consideration_sociale_montant",
        "clause_env_nombre",
        "critere_env_montant",
        "clause_sociale_nombre",
        "critere_social_montant",
        "marche_reserve_nombre",
        "titulaire_ess_montant",
        "titulaire_tpe_pme_nombre",
        "heures_insertion",
        "heures_insertion_etp",
        "conformite_loi_climat_nombre",
    ] {
        for year in ["2024", "2023"] {
            assert!(
                standard.iter().any(|r| r["code"] == code && r["annee"] == year),
                "{code} {year}"
            );
        }
    }
}

#[test]
fn pnad_shares_are_given_over_all_notified_and_over_those_filled_in_with_the_denominator_named() {
    let rows = csv_rows(&samples_export("indicateurs.csv", &[]));
    // Hand count (samples/LISEZMOI.md): 57 of the 73 marchés notified in 2024 (the one typed
    // « 12 k€ » included, read as 12 000 €).
    assert_eq!(value(&rows, "marches_notifies_nombre", "2024"), "73");
    assert_eq!(value(&rows, "consideration_env_nombre", "2024"), "78.08");
    let all = rows.iter().find(|r| r["code"] == "consideration_env_nombre").unwrap();
    let filled = rows
        .iter()
        .find(|r| r["code"] == "consideration_env_renseignes_nombre")
        .unwrap();
    assert_eq!(all["denominateur"], "tous les marchés notifiés de l'année");
    assert!(filled["denominateur"].contains("renseignées"), "{filled:?}");
    let (all, filled): (f64, f64) = (num(&all["realise"]), num(&filled["realise"]));
    assert!(filled >= all, "fewer marchés in the denominator: {filled} ≥ {all}");
}

#[test]
fn insertion_hours_are_published_with_their_etp_of_1607_hours() {
    let rows = csv_rows(&samples_export("indicateurs.csv", &[]));
    let hours = num(&value(&rows, "heures_insertion", "2024"));
    let etp = num(&value(&rows, "heures_insertion_etp", "2024"));
    assert!(hours > 0.0);
    assert!(
        (etp - (hours / 1607.0 * 100.0).round() / 100.0).abs() < 1e-9,
        "{hours} h → {etp} ETP"
    );
}

#[test]
fn the_json_export_is_an_array_of_objects_with_the_csv_keys_and_exact_numbers() {
    let csv = csv_rows(&samples_export("indicateurs.csv", &[]));
    let text = samples_export("indicateurs.json", &[]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), csv.len());
    let keys: Vec<&str> = HEADER.split(';').collect();
    for item in items {
        let object = item.as_object().unwrap();
        assert_eq!(object.keys().map(String::as_str).collect::<Vec<_>>().len(), keys.len());
        assert!(keys.iter().all(|k| object.contains_key(*k)));
    }
    assert!(text.contains("\"realise\": 78.08,"), "a decimal written as such");
}

#[test]
fn the_2026_compliance_share_is_published_for_the_year_of_the_loi_climat() {
    let rows = csv_rows(&samples_export("indicateurs.csv", &["--year", "2026"]));
    let share = num(&value(&rows, "conformite_loi_climat_nombre", "2026"));
    assert!((0.0..=100.0).contains(&share), "{share}");
}

#[test]
fn an_export_that_is_neither_csv_nor_json_is_refused_with_exit_2_in_french() {
    let out = tempfile::tempdir().unwrap();
    let export = out.path().join("indicateurs.xlsx");
    let (code, text) = bilan(&samples(), &[".", "--export", export.to_str().unwrap()]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains(".csv ou .json"), "{text}");
    assert!(!Path::new(&export).exists());
}

/// The samples' bilan and its CSV export side by side: the folder, the bilan, the export's rows.
fn samples_bilan_and_csv_export() -> (tempfile::TempDir, std::path::PathBuf, Vec<BTreeMap<String, String>>) {
    let out = tempfile::tempdir().unwrap();
    let (bilan_path, export) = (out.path().join("bilan.xlsx"), out.path().join("indicateurs.csv"));
    let (code, text) = bilan(
        &samples(),
        &[
            ".",
            "-o",
            bilan_path.to_str().unwrap(),
            "--export",
            export.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{text}");
    let rows = csv_rows(&std::fs::read_to_string(&export).unwrap());
    (out, bilan_path, rows)
}

#[test]
fn the_exported_referentiel_figures_match_the_indicateurs_sheet() {
    let (_out, bilan_path, rows) = samples_bilan_and_csv_export();
    let indicateurs = Book::open(&bilan_path).sheet("Indicateurs");
    for sheet_row in indicateurs.records() {
        let code = &sheet_row["Code indicateur"];
        let exported = rows
            .iter()
            .find(|r| r["source"] == "référentiel" && &r["code"] == code)
            .unwrap_or_else(|| panic!("{code} exported"));
        assert_eq!(exported["statut"], sheet_row["Statut"], "{code}");
        let shown = &sheet_row["Réalisé 2024"];
        if shown.is_empty() || exported["realise"].is_empty() {
            assert_eq!(shown.is_empty(), exported["realise"].is_empty(), "{code}");
            continue;
        }
        let Ok(shown) = shown.parse::<f64>() else {
            assert_eq!(&exported["realise"], shown, "{code}: words");
            continue;
        };
        // The sheet holds percentages as fractions; the export in percent, to two decimals.
        let percent = exported["unite"] == "%";
        let expected = if percent { shown * 100.0 } else { shown };
        assert!(
            (num(&exported["realise"]) - expected).abs() < 0.006,
            "{code}: {expected} vs {exported:?}"
        );
    }
}

/// A small case counted by hand: four marchés notified in 2024, one indicator whose libellé a
/// spreadsheet would take for a formula.
fn small_case(dir: &Path) {
    write_book(
        &dir.join("marches.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                recensement_header(&[
                    "Clause environnementale",
                    "Clause sociale",
                    "Heures d'insertion",
                    "Catégorie du titulaire",
                ]),
                vec![
                    T("M-1"),
                    T("A"),
                    T("T"),
                    N(100_000.0),
                    D(2024, 2, 1),
                    T("oui"),
                    T("oui"),
                    N(3214.0),
                    T("PME"),
                ],
                vec![
                    T("M-2"),
                    T("B"),
                    T("F"),
                    N(300_000.0),
                    D(2024, 3, 1),
                    T("non"),
                    T("non"),
                    E,
                    T("GE"),
                ],
                vec![
                    T("M-3"),
                    T("C"),
                    T("S"),
                    N(600_000.0),
                    D(2024, 4, 1),
                    T("oui"),
                    E,
                    E,
                    T("TPE"),
                ],
                vec![T("M-4"), T("D"), T("S"), N(1_000_000.0), D(2024, 5, 1), E, E, E, E],
            ],
        )],
    );
    write_book(
        &dir.join("referentiel.xlsx"),
        &[
            one_action("FA 1", "Agir"),
            SheetSpec::new(
                "Indicateurs",
                vec![
                    vec![
                        T("Code indicateur"),
                        T("Code FA"),
                        T("Libellé"),
                        T("Type"),
                        T("Unité"),
                        T("Calcul"),
                        T("Cible 2024"),
                    ],
                    vec![
                        T("I1"),
                        T("FA 1"),
                        T("=HYPERLINK(\"http://x\")"),
                        T("Quantitatif"),
                        T("%"),
                        T("part:clause_env = oui"),
                        N(50.0),
                    ],
                ],
            ),
        ],
    );
}

#[test]
fn the_standard_set_is_computed_by_count_and_by_amount_as_counted_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    small_case(dir.path());
    let export = dir.path().join("indicateurs.csv");
    let (code, text) = bilan(
        dir.path(),
        &[
            ".",
            "-o",
            "bilan.xlsx",
            "--export",
            export.to_str().unwrap(),
            "--year",
            "2024",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let rows = csv_rows(&std::fs::read_to_string(&export).unwrap());
    let v = |code: &str| value(&rows, code, "2024");
    // 4 marchés, 2 000 000 € HT; env: M-1, M-3 (700 000 €); env filled in: M-1, M-2, M-3 (1 000 000 €).
    assert_eq!(
        (v("marches_notifies_nombre"), v("marches_notifies_montant")),
        ("4".into(), "2000000".into())
    );
    assert_eq!(
        (v("consideration_env_nombre"), v("consideration_env_montant")),
        ("50".into(), "35".into())
    );
    assert_eq!(
        (
            v("consideration_env_renseignes_nombre"),
            v("consideration_env_renseignes_montant")
        ),
        ("66.67".into(), "70".into())
    );
    // Social: M-1 only (100 000 €); filled in: M-1, M-2 (400 000 €).
    assert_eq!(
        (v("clause_sociale_nombre"), v("clause_sociale_montant")),
        ("25".into(), "5".into())
    );
    assert_eq!(v("consideration_sociale_renseignes_montant"), "25");
    // TPE/PME: M-1, M-3 (700 000 €).
    assert_eq!(
        (v("titulaire_tpe_pme_nombre"), v("titulaire_tpe_pme_montant")),
        ("50".into(), "35".into())
    );
    assert_eq!(
        (v("heures_insertion"), v("heures_insertion_etp")),
        ("3214".into(), "2".into())
    );
    assert_eq!(
        v("consideration_env_nombre"),
        value(&rows, "I1", "2024"),
        "the référentiel's I1 says the same"
    );
}

#[test]
fn a_text_a_spreadsheet_would_evaluate_is_neutralised_in_the_csv_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    small_case(dir.path());
    for name in ["indicateurs.csv", "indicateurs.json"] {
        let export = dir.path().join(name);
        let (code, text) = bilan(
            dir.path(),
            &[".", "-o", "bilan.xlsx", "--export", export.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{text}");
        let written = std::fs::read_to_string(&export).unwrap();
        assert!(
            !written.contains(";=HYPERLINK") && !written.contains("\"=HYPERLINK"),
            "{written}"
        );
        assert!(written.contains("'=HYPERLINK"), "{written}");
    }
}

#[test]
fn the_synthese_shows_the_standard_l2111_3_figures_of_n_and_n_1_as_the_export_publishes_them() {
    let (_out, bilan_path, rows) = samples_bilan_and_csv_export();
    let synthese = Book::open(&bilan_path).sheet("Synthèse");
    let shown = |label: &str, col: usize| synthese.row_labelled(label)[col].clone();
    for (label, code, percent) in [
        ("Marchés notifiés (nombre)", "marches_notifies_nombre", false),
        ("Marchés notifiés (montant HT)", "marches_notifies_montant", false),
        (
            "Avec une considération environnementale, en nombre",
            "consideration_env_nombre",
            true,
        ),
        (
            "Avec une considération sociale, en montant",
            "consideration_sociale_montant",
            true,
        ),
        ("Titulaire TPE ou PME, en nombre", "titulaire_tpe_pme_nombre", true),
        ("Marchés réservés, en nombre", "marche_reserve_nombre", true),
        ("Titulaire de l'ESS, en nombre", "titulaire_ess_nombre", true),
        ("Heures d'insertion prévues", "heures_insertion", false),
        ("… en équivalents temps plein (1 607 h)", "heures_insertion_etp", false),
    ] {
        for (col, year) in [(1, "2024"), (2, "2023")] {
            let exported = value(&rows, code, year);
            let cell = shown(label, col);
            if exported.is_empty() {
                assert_eq!(cell, "—", "{label} {year}: a share of no marché");
                continue;
            }
            let on_sheet = if percent { num(&cell) * 100.0 } else { num(&cell) };
            assert!(
                (on_sheet - num(&exported)).abs() < 0.006,
                "{label} {year}: {cell} vs {exported}"
            );
        }
    }
    assert_eq!(
        synthese.row_labelled("Chiffre publié")[1..3],
        ["2024".to_string(), "2023".to_string()]
    );
}

//! §1 (`spaser bilan`), §4.1, §6 and §6.1 end to end: the real binary writes the bilan, which
//! is read back with calamine and checked against the rules — figures recomputed here from the
//! bilan's own Recensement sheet, statuses re-derived from the Indicateurs sheet.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const STATUS_LABELS: [&str; 5] = [
    "Atteint",
    "Partiellement atteint",
    "Non atteint",
    "Non renseigné",
    "Sans cible",
];

/// §6.1, action: all Atteint → Atteint, all Non atteint → Non atteint, a mix → Partiellement
/// atteint, none → Non renseigné (Non renseigné and Sans cible ignored). Written again here so
/// that the test does not trust the code it tests.
fn action_rule<'a>(statuses: impl IntoIterator<Item = &'a str>) -> &'static str {
    let assessed: Vec<&str> = statuses
        .into_iter()
        .filter(|s| ["Atteint", "Partiellement atteint", "Non atteint"].contains(s))
        .collect();
    if assessed.is_empty() {
        "Non renseigné"
    } else if assessed.iter().all(|s| *s == "Atteint") {
        "Atteint"
    } else if assessed.iter().all(|s| *s == "Non atteint") {
        "Non atteint"
    } else {
        "Partiellement atteint"
    }
}

#[test]
fn bilan_has_the_seven_sheets_in_order_with_the_listed_headers() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    assert_eq!(
        book.sheet_names(),
        [
            "Synthèse",
            "Bilan par fiche",
            "Actions",
            "Indicateurs",
            "Conformité 2026",
            "Déclaration AGEC",
            "Recensement",
            "Anomalies",
            "Sources"
        ]
    );
    assert_eq!(
        book.sheet("Bilan par fiche").headers(),
        [
            "Fiche action",
            "Objectifs / indicateurs 2024",
            "Cible 2024",
            "Réalisé 2024",
            "Atteint",
            "Partiellement atteint",
            "Non atteint",
            "Remarque",
            "Actions / Mise en œuvre 2024",
            "Freins / pourquoi ?",
            "Solutions"
        ]
    );
    assert_eq!(
        book.sheet("Actions").headers(),
        [
            "Axe",
            "Orientation",
            "Code FA",
            "Intitulé",
            "Pilote",
            "Statut calculé",
            "Statut déclaré",
            "Statut retenu",
            "Indicateurs atteints",
            "Remarque"
        ]
    );
    assert_eq!(
        book.sheet("Indicateurs").headers(),
        [
            "Code FA",
            "Code indicateur",
            "Libellé",
            "Type",
            "Unité",
            "Sens",
            "Méthode",
            "Valeur de référence",
            "Année de référence",
            "Cible 2024",
            "Réalisé 2024",
            "Réalisé 2023",
            "% de la cible",
            "Progression",
            "Statut",
            "Remarque"
        ]
    );
    assert_eq!(
        book.sheet("Anomalies").headers(),
        [
            "Fichier",
            "Feuille",
            "Cellule",
            "Gravité",
            "Code",
            "Message",
            "Suggestion"
        ]
    );
    assert_eq!(
        book.sheet("Sources").headers(),
        [
            "Fichier",
            "Type",
            "Service",
            "Lignes lues",
            "Erreurs",
            "Avertissements",
            "Modifié le",
            "SHA-256"
        ]
    );
    let recensement = book.sheet("Recensement").headers();
    let catalogue = spaser::catalogue::Catalogue::builtin().expect("catalogue");
    let labels: Vec<String> = catalogue
        .kind(spaser::catalogue::SheetKind::Recensement)
        .columns
        .iter()
        .filter(|c| !c.folded)
        .map(|c| c.label.clone())
        .collect();
    // `N° lot` and `Identifiant` are read into the reference: no column of their own.
    assert_eq!(recensement[..labels.len()], labels[..], "every §3 column, in order");
    for extra in ["Fichier", "Ligne", "Procédrue"] {
        assert!(recensement.iter().any(|h| h == extra), "{extra} in {recensement:?}");
    }
}

#[test]
fn bilan_statut_retenu_of_every_sample_action_follows_its_indicators() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let actions = book.sheet("Actions").records();
    let indicators = book.sheet("Indicateurs").records();
    for action in &actions {
        let code = &action["Code FA"];
        let own: Vec<&str> = indicators
            .iter()
            .filter(|i| &i["Code FA"] == code)
            .map(|i| i["Statut"].as_str())
            .collect();
        assert_eq!(action["Statut calculé"], action_rule(own.iter().copied()), "{code}");
        let reached = own.iter().filter(|s| **s == "Atteint").count();
        assert_eq!(
            action["Indicateurs atteints"],
            format!("{reached} / {}", own.len()),
            "{code}"
        );
        let calcule = action["Statut calculé"].as_str();
        let expected_retenu = if ["Atteint", "Partiellement atteint", "Non atteint"].contains(&calcule) {
            calcule
        } else if !action["Statut déclaré"].is_empty() {
            action["Statut déclaré"].as_str()
        } else {
            "Non renseigné"
        };
        assert_eq!(action["Statut retenu"], expected_retenu, "{code}");
    }
    let retenu: BTreeMap<&str, &str> = actions
        .iter()
        .map(|a| (a["Code FA"].as_str(), a["Statut retenu"].as_str()))
        .collect();
    let p = "Partiellement atteint";
    // Codes are shown as the référentiel spells them (§4): `FA 1`.
    let expected: BTreeMap<&str, &str> = [
        ("FA 1", p),
        ("FA 2", p),
        ("FA 3", p),
        ("FA 4", p),
        ("FA 5", "Atteint"),
        ("FA 6", "Atteint"),
        ("FA 7", "Atteint"),
        ("FA 8", p),
        ("FA 9", "Atteint"),
        ("FA 10", "Atteint"),
        ("FA 11", p),
        ("FA 12", "Atteint"),
    ]
    .into_iter()
    .collect();
    assert_eq!(retenu, expected);
    let order: Vec<&str> = actions.iter().map(|a| a["Code FA"].as_str()).collect();
    assert_eq!(
        order[8..],
        ["FA 9", "FA 10", "FA 11", "FA 12"],
        "the référentiel's order"
    );
}

#[test]
fn bilan_synthese_counts_actions_by_statut_retenu_with_the_taux_d_atteinte_global() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let actions = book.sheet("Actions").records();
    let synthese = book.sheet("Synthèse");
    let count = |status: &str| actions.iter().filter(|a| a["Statut retenu"] == status).count();
    for status in ["Atteint", "Partiellement atteint", "Non atteint", "Non renseigné"] {
        let row = synthese.row_labelled(status);
        assert_eq!(num(&row[1]), count(status) as f64, "{status}");
        assert!((num(&row[2]) - count(status) as f64 / actions.len() as f64).abs() < 1e-12);
    }
    assert_eq!(num(&synthese.row_labelled("Total")[1]), actions.len() as f64);
    let assessed = count("Atteint") + count("Partiellement atteint") + count("Non atteint");
    let rate = synthese.row_labelled("Taux d'atteinte global (Atteint / actions évaluées)");
    assert!((num(&rate[1]) - count("Atteint") as f64 / assessed as f64).abs() < 1e-12);
    assert_eq!(synthese.rows[1][1], "2024", "year of the bilan");
    for axe in [
        "Axe 1 — Exemplarité environnementale",
        "Axe 3 — Économie locale et innovation",
    ] {
        let row = synthese.row_labelled(axe);
        let in_axe = actions.iter().filter(|a| a["Axe"] == axe).count();
        assert_eq!(num(&row[5]), in_axe as f64, "{axe}");
    }
}

/// The purchases of the bilan's Recensement sheet notified in `year`.
fn notified_in(recensement: &Table, year: &str) -> Vec<BTreeMap<String, String>> {
    recensement
        .records()
        .into_iter()
        // PNAD and every figure are on marchés; the concessions are counted apart (§10).
        .filter(|r| {
            r["Statut"] == "Notifié" && r["Date de notification"].ends_with(year) && r["Type de contrat"] == "Marché"
        })
        .collect()
}

fn share(part: usize, total: usize) -> f64 {
    part as f64 / total as f64
}

#[test]
fn bilan_pnad_panel_gives_env_and_social_shares_of_notified_purchases_for_n_and_n_minus_1() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let recensement = book.sheet("Recensement");
    let synthese = book.sheet("Synthèse");
    let header = synthese.row_labelled("Marchés notifiés dans l'année");
    assert_eq!(
        header[1..5],
        ["Objectif PNAD 2025", "2024", "2023", "Écart 2024 à l'objectif"]
    );
    let count = synthese.row_labelled("Nombre de marchés notifiés");
    let env = synthese.row_labelled("Part avec au moins une considération environnementale");
    let social = synthese.row_labelled("Part avec au moins une considération sociale");
    assert_eq!(
        (num(&env[1]), num(&social[1])),
        (1.0, 0.3),
        "PNAD targets 100 % and 30 %"
    );
    for (col, year) in [(2, "2024"), (3, "2023")] {
        let notified = notified_in(&recensement, year);
        assert!(!notified.is_empty());
        assert_eq!(num(&count[col]), notified.len() as f64, "{year}");
        let with = |key: &str| notified.iter().filter(|r| r[key] == "Oui").count();
        let env_share = share(with("Considération environnementale"), notified.len());
        let social_share = share(with("Considération sociale"), notified.len());
        assert!(
            (num(&env[col]) - env_share).abs() < 1e-12,
            "{year}: {} vs {env_share}",
            env[col]
        );
        assert!((num(&social[col]) - social_share).abs() < 1e-12, "{year}");
        if col == 2 {
            // A difference of two percentages is in points (§6): 78,3 % against 100 % is −21,7 pts.
            assert!(
                (num(&env[4]) - (env_share - 1.0) * 100.0).abs() < 0.05 + 1e-9,
                "écart to 100 % in points: {}",
                env[4]
            );
        }
    }
}

#[test]
fn bilan_computes_one_indicator_per_calcul_form_from_the_recensement_notified_in_year_n() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let recensement = book.sheet("Recensement");
    let indicators = book.sheet("Indicateurs");
    let notified = notified_in(&recensement, "2024");
    let yes = |r: &BTreeMap<String, String>, key: &str| r[key] == "Oui";
    let amount = |r: &BTreeMap<String, String>, key: &str| {
        let text = &r[key];
        if text.is_empty() { 0.0 } else { num(text) }
    };
    let realised = |code: &str| num(&indicators.record("Code indicateur", code)["Réalisé 2024"]);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);

    // nombre with Filtre `consideration_env = oui`
    let env = notified
        .iter()
        .filter(|r| yes(r, "Considération environnementale"))
        .count();
    assert_eq!(realised("I1.2"), env as f64);
    // montant with Filtre `titulaire_ess = oui`
    let ess: f64 = notified
        .iter()
        .filter(|r| yes(r, "Titulaire ESS"))
        .map(|r| amount(r, "Montant HT (€)"))
        .sum();
    assert!(close(realised("I6.2"), ess), "{} vs {ess}", realised("I6.2"));
    // somme:montant_reemploi
    let reuse: f64 = notified
        .iter()
        .map(|r| amount(r, "Montant réemploi ou réutilisation HT (€)"))
        .sum();
    assert!(close(realised("I2.2"), reuse));
    // part: (shortcut part_env), written as a fraction under a % format
    assert!(close(realised("I1.1"), share(env, notified.len())));
    // part: with Filtre (part_sociale, montant_ht >= 40000)
    let big: Vec<_> = notified
        .iter()
        .filter(|r| amount(r, "Montant HT (€)") >= 40000.0)
        .collect();
    let big_social = big.iter().filter(|r| yes(r, "Considération sociale")).count();
    assert!(close(realised("I5.3"), share(big_social, big.len())));
    // part_montant: categorie_titulaire = TPE, PME
    let total: f64 = notified.iter().map(|r| amount(r, "Montant HT (€)")).sum();
    let small: f64 = notified
        .iter()
        .filter(|r| ["TPE", "PME"].contains(&r["Catégorie du titulaire"].as_str()))
        .map(|r| amount(r, "Montant HT (€)"))
        .sum();
    assert!(close(realised("I8.3"), small / total));
    // shortcuts nb_reserves and heures_insertion
    let reserved = notified.iter().filter(|r| yes(r, "Marché réservé")).count();
    assert_eq!(realised("I6.1"), reserved as f64);
    let hours: f64 = notified.iter().map(|r| amount(r, "Heures d'insertion")).sum();
    assert!(
        close(realised("I5.2"), hours),
        "the computed value wins over the typed 24 000"
    );
    // N-1 is computed the same way on the purchases notified the year before.
    let previous = notified_in(&recensement, "2023");
    let previous_env = previous
        .iter()
        .filter(|r| yes(r, "Considération environnementale"))
        .count();
    assert_eq!(
        num(&indicators.record("Code indicateur", "I1.2")["Réalisé 2023"]),
        previous_env as f64
    );
}

#[test]
fn bilan_anomalies_list_every_diagnostic_of_check_including_ecart_statut_and_typed_vs_computed() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let anomalies: Vec<(String, String, String)> = book
        .sheet("Anomalies")
        .records()
        .into_iter()
        .map(|r| (r["Fichier"].clone(), r["Cellule"].clone(), r["Code"].clone()))
        .collect();
    let (_, seen) = check(&samples(), &["."]);
    let checked = file_cell_code(&seen);
    assert_eq!(anomalies, checked);
    assert!(anomalies.iter().any(|a| a.2 == "ecart-statut" && a.1 == "E24"));
    assert!(
        anomalies
            .iter()
            .any(|a| a.2 == "realise-different-du-calcul" && a.1 == "D19")
    );
    let severities: Vec<String> = book
        .sheet("Anomalies")
        .records()
        .into_iter()
        .map(|r| r["Gravité"].clone())
        .collect();
    assert!(
        severities
            .iter()
            .all(|s| ["erreur", "avertissement", "info"].contains(&s.as_str()))
    );
}

#[test]
fn bilan_sources_list_every_input_with_its_sha256_and_the_thresholds_used() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let sources = book.sheet("Sources");
    let files: Vec<String> = sources
        .records()
        .into_iter()
        .map(|r| r["Fichier"].clone())
        .take_while(|f| !f.is_empty() && f != "Paramètres du calcul")
        .collect();
    assert_eq!(files.len(), 10, "{files:?}");
    for file in &files {
        let record = sources.record("Fichier", file);
        let digest: String = sha256(&samples().join(file))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(record["SHA-256"], digest, "{file}");
    }
    let voirie = sources.record("Fichier", "voirie/Recensement_voirie_2023-2024.xlsx");
    assert_eq!(voirie["Service"], "Voirie et mobilités");
    assert_eq!(voirie["Erreurs"], "1");
    assert_eq!(sources.row_labelled("Version de spaser")[1], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        num(&sources.row_labelled("Seuil partiel par défaut (sauf colonne Seuil partiel de l'indicateur)")[1]),
        0.5
    );
}

#[test]
fn bilan_status_cells_are_coloured_headers_frozen_filtered_and_printed_landscape() {
    let (_tmp, path) = samples_bilan(&[]);
    let xml = |part: &str| {
        let file = std::fs::File::open(&path).expect("open");
        let mut archive = zip::ZipArchive::new(file).expect("zip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(part).expect(part), &mut text).expect("read");
        text
    };
    let actions = xml("xl/worksheets/sheet3.xml");
    for status in STATUS_LABELS {
        assert!(
            actions.contains(&format!("<formula>\"{status}\"</formula>")),
            "{status}"
        );
    }
    assert!(actions.contains("<pane ySplit=\"1\""), "frozen header");
    assert!(actions.contains("<autoFilter"), "filter");
    assert!(actions.contains("orientation=\"landscape\""), "landscape");
    assert!(actions.contains("fitToWidth=\"1\"") || actions.contains("<pageSetUpPr fitToPage=\"1\""));
    assert!(actions.contains("wrapText") || xml("xl/styles.xml").contains("wrapText=\"1\""));
    let workbook = xml("xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header rows repeated when printed"
    );
    let styles = xml("xl/styles.xml");
    assert!(
        styles.contains("formatCode=\"#,##0.00\\ &quot;€&quot;\""),
        "amounts # ##0,00 €"
    );
    assert!(styles.contains("formatCode=\"dd/mm/yyyy\""), "dates jj/mm/aaaa");
    assert!(
        xml("xl/charts/chart1.xml").contains("<c:pieChart>"),
        "a chart of statuses"
    );
}

#[test]
fn bilan_writes_text_from_inputs_as_text_never_as_a_formula() {
    let dir = tempfile::tempdir().expect("tmp");
    write_book(
        &dir.path().join("recensement.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                vec![
                    C::T("Référence"),
                    C::T("Objet"),
                    C::T("Nature"),
                    C::T("Montant HT"),
                    C::T("Date de notification"),
                    C::T("Commentaire"),
                ],
                vec![
                    C::T("=1+1"),
                    C::T("=HYPERLINK(\"http://exemple.fr\",\"clic\")"),
                    C::T("Services"),
                    C::N(1000.0),
                    C::D(2024, 3, 1),
                    C::T("@SOMME(A1:A2)"),
                ],
            ],
        )],
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    assert!(book.formulas("Recensement").is_empty());
    let record = book.sheet("Recensement").record("Référence", "=1+1");
    assert_eq!(record["Objet"], "=HYPERLINK(\"http://exemple.fr\",\"clic\")");
    assert_eq!(record["Commentaire"], "@SOMME(A1:A2)");
    for sheet in ["Synthèse", "Actions", "Indicateurs", "Anomalies", "Sources"] {
        assert!(book.formulas(sheet).is_empty(), "{sheet}: values, not formulas");
    }
}

/// Every cell of every sheet, except the generation date and the files' modification times.
fn content(path: &Path) -> Vec<(String, Table)> {
    let mut book = Book::open(path);
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let mut table = book.sheet(&name);
            if name == "Synthèse" {
                table.rows[2][1].clear();
            }
            if name == "Sources" {
                let col = table.col("Modifié le");
                for row in table.rows.iter_mut().skip(1) {
                    if let Some(cell) = row.get_mut(col) {
                        cell.clear();
                    }
                }
            }
            (name, table)
        })
        .collect()
}

#[test]
fn bilan_is_the_same_whatever_the_order_files_are_found_in() {
    let first = tempfile::tempdir().expect("tmp");
    let second = tempfile::tempdir().expect("tmp");
    copy_dir(&samples(), first.path());
    // The second copy creates the files in reverse order, so that the directory lists them
    // differently.
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(samples())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(samples()).expect("inside").to_path_buf())
        .collect();
    files.sort();
    files.reverse();
    for file in &files {
        let target = second.path().join(file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(samples().join(file), &target).expect("copy");
    }
    let out = tempfile::tempdir().expect("tmp");
    let (a, b) = (out.path().join("a.xlsx"), out.path().join("b.xlsx"));
    for (dir, path) in [(first.path(), &a), (second.path(), &b)] {
        let (code, text) = bilan(dir, &[".", "-o", path.to_str().expect("utf-8")]);
        assert_eq!(code, 0, "{text}");
    }
    assert_eq!(content(&a), content(&b));
}

#[test]
fn bilan_default_output_is_bilan_spaser_year_in_the_input_folder_and_is_never_read_back() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&samples(), dir.path());
    let before = hashes(dir.path());
    let (code, text) = bilan(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    let output = dir.path().join("Bilan_SPASER_2024.xlsx");
    assert!(output.is_file(), "{text}");
    let first = content(&output);
    // A second run finds the first bilan in the folder and does not count it as an input.
    let (code, text) = bilan(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(content(&output), first);
    // Nor does a bilan of another year left in the folder, which is reported as ignored.
    std::fs::copy(&output, dir.path().join("pilotage/Bilan_SPASER_2023.xlsx")).expect("copy");
    let (_, seen) = check(dir.path(), &["."]);
    let ignored: Vec<&Seen> = seen.iter().filter(|d| d.code == "bilan-spaser-ignore").collect();
    assert_eq!(ignored.len(), 2, "{seen:#?}");
    assert!(
        !seen
            .iter()
            .any(|d| d.code == "doublon" && d.file.contains("Bilan_SPASER"))
    );
    // Inputs untouched; nothing left behind but the bilan.
    let after: Vec<_> = hashes(dir.path())
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().contains("Bilan_SPASER_"))
        .collect();
    assert_eq!(after, before);
    let leftovers: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".~spaser"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn bilan_year_defaults_to_the_latest_suivi_year_and_year_chooses_another() {
    let (_tmp, path) = samples_bilan(&["--year", "2023"]);
    let mut book = Book::open(&path);
    let indicators = book.sheet("Indicateurs");
    assert!(indicators.headers().contains(&"Cible 2023".to_string()));
    assert!(indicators.headers().contains(&"Réalisé 2022".to_string()));
    let i32 = indicators.record("Code indicateur", "I3.2");
    assert_eq!(num(&i32["Réalisé 2023"]), 0.435, "43,5 % typed in the 2023 Suivi");
    assert_eq!(book.sheet("Synthèse").rows[1][1], "2023");
}

#[test]
fn bilan_exits_3_when_the_output_cannot_be_written() {
    let (code, text) = bilan(&samples(), &[".", "-o", "/dev/null/impossible.xlsx"]);
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("écriture impossible"), "{text}");
}

#[test]
fn bilan_is_written_even_when_inputs_have_errors_and_exits_0() {
    let (_tmp, path) = samples_bilan(&[]);
    let errors = Book::open(&path)
        .sheet("Anomalies")
        .records()
        .into_iter()
        .filter(|r| r["Gravité"] == "erreur")
        .count();
    assert_eq!(errors, 2);
}

#[test]
fn bilan_exits_3_when_nothing_could_be_read_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("notes.xlsx"), "pas un classeur").expect("write");
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("aucun recensement"), "{text}");
    assert!(!dir.path().join("out.xlsx").exists());
}

#[test]
fn bilan_exits_2_on_bad_usage_or_configuration() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&samples(), dir.path());
    let cases: [&[&str]; 3] = [
        &["absent"],
        &[".", "-o", "bilan.csv"],
        &[".", "--config", "absent.toml"],
    ];
    for args in cases {
        let (code, text) = bilan(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {text}");
    }
    std::fs::write(dir.path().join("spaser.toml"), "seuil_partiel = \"beaucoup\"\n").expect("write");
    let (code, text) = bilan(dir.path(), &["."]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("spaser.toml"), "{text}");
}

/// A référentiel and suivi built for the status rules: one indicator per boundary case.
fn status_cases(dir: &Path, seuil_column: bool) {
    let header = |extra: &'static str| {
        let mut h = vec![
            C::T("Code indicateur"),
            C::T("Code FA"),
            C::T("Libellé"),
            C::T("Type"),
            C::T("Unité"),
            C::T("Sens"),
            C::T("Valeur de référence"),
            C::T("Cible 2024"),
        ];
        if !extra.is_empty() {
            h.push(C::T(extra));
        }
        h
    };
    let indicator = |code: &'static str, kind: &'static str, sens: &'static str, r: C, c: C, seuil: C| {
        let mut row = vec![
            C::T(code),
            C::T("FA1"),
            C::T(code),
            C::T(kind),
            C::T("nombre"),
            C::T(sens),
            r,
            c,
        ];
        if seuil_column {
            row.push(seuil);
        }
        row
    };
    let q = "Quantitatif";
    let rows = vec![
        header(if seuil_column { "Seuil partiel" } else { "" }),
        indicator("AT-CIBLE", q, "Hausse", C::E, C::N(30.0), C::E),
        indicator("AU-SEUIL", q, "Hausse", C::N(40.0), C::N(60.0), C::E),
        indicator("SOUS-SEUIL", q, "Hausse", C::N(40.0), C::N(60.0), C::E),
        indicator("SEUIL-COLONNE", q, "Hausse", C::E, C::N(100.0), C::T("80 %")),
        indicator("BAISSE-REF", q, "Baisse", C::N(100.0), C::N(80.0), C::E),
        indicator("BAISSE-SANS-REF", q, "Baisse", C::E, C::N(80.0), C::E),
        indicator("C-EGAL-R", q, "Hausse", C::N(50.0), C::N(50.0), C::E),
        indicator("SANS-CIBLE", q, "Hausse", C::E, C::E, C::E),
        indicator("VIDE", q, "Hausse", C::E, C::N(10.0), C::E),
        indicator("BINAIRE", "Binaire", "Hausse", C::E, C::T("Oui"), C::E),
        indicator("QUALITATIF", "Qualitatif", "Hausse", C::E, C::E, C::E),
    ];
    let suivi = |code: &'static str, realise: C, statut: &'static str| {
        vec![C::N(2024.0), C::T("FA1"), C::T(code), realise, C::T(statut)]
    };
    write_book(
        &dir.join("referentiel.xlsx"),
        &[
            SheetSpec::new(
                "Actions",
                vec![
                    vec![C::T("Code FA"), C::T("Intitulé")],
                    vec![C::T("FA 1"), C::T("Action de test")],
                ],
            ),
            SheetSpec::new("Indicateurs", rows),
            SheetSpec::new(
                "Suivi",
                vec![
                    vec![
                        C::T("Année"),
                        C::T("Code FA"),
                        C::T("Code indicateur"),
                        C::T("Réalisé"),
                        C::T("Statut déclaré"),
                    ],
                    suivi("AT-CIBLE", C::N(30.0), ""),
                    suivi("AU-SEUIL", C::N(50.0), ""),
                    suivi("SOUS-SEUIL", C::N(49.99), ""),
                    suivi("SEUIL-COLONNE", C::N(75.0), ""),
                    suivi("BAISSE-REF", C::N(90.0), ""),
                    suivi("BAISSE-SANS-REF", C::N(81.0), ""),
                    suivi("C-EGAL-R", C::N(50.0), ""),
                    suivi("SANS-CIBLE", C::N(12.0), ""),
                    suivi("VIDE", C::E, ""),
                    suivi("BINAIRE", C::T("en cours"), ""),
                    suivi("QUALITATIF", C::E, "Non atteint"),
                ],
            ),
        ],
    );
}

/// (Statut, % de la cible, Progression) by indicator code.
fn statuses(dir: &Path) -> BTreeMap<String, (String, String, String)> {
    let (code, text) = bilan(dir, &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    Book::open(&dir.join("out.xlsx"))
        .sheet("Indicateurs")
        .records()
        .into_iter()
        .map(|r| {
            (
                r["Code indicateur"].clone(),
                (
                    r["Statut"].clone(),
                    r["% de la cible"].clone(),
                    r["Progression"].clone(),
                ),
            )
        })
        .collect()
}

#[test]
fn indicator_status_boundary_cases_end_to_end() {
    let dir = tempfile::tempdir().expect("tmp");
    status_cases(dir.path(), true);
    let got = statuses(dir.path());
    let status = |code: &str| got[code].0.as_str();
    assert_eq!(status("AT-CIBLE"), "Atteint", "exactly at target");
    assert_eq!(got["AT-CIBLE"].1, "1", "% de la cible 100 %");
    assert_eq!(
        status("AU-SEUIL"),
        "Partiellement atteint",
        "exactly at the partial threshold"
    );
    assert_eq!(status("SOUS-SEUIL"), "Non atteint");
    assert_eq!(
        status("SEUIL-COLONNE"),
        "Non atteint",
        "Seuil partiel 80 % from the column"
    );
    assert_eq!(status("BAISSE-REF"), "Partiellement atteint", "Baisse with reference");
    assert_eq!(
        status("BAISSE-SANS-REF"),
        "Non atteint",
        "Baisse without reference: v ≤ c needed"
    );
    assert_eq!(got["BAISSE-SANS-REF"].2, "", "no progress without reference");
    assert_eq!(status("C-EGAL-R"), "Atteint", "c = r: v reaches c");
    assert_eq!(status("SANS-CIBLE"), "Sans cible");
    assert_eq!(status("VIDE"), "Non renseigné", "empty réalisé");
    assert_eq!(status("BINAIRE"), "Partiellement atteint", "binary en cours");
    assert_eq!(status("QUALITATIF"), "Non atteint", "qualitative: its declared status");
}

#[test]
fn partial_threshold_comes_from_the_column_else_spaser_toml_else_one_half() {
    let dir = tempfile::tempdir().expect("tmp");
    status_cases(dir.path(), false);
    // SEUIL-COLONNE: progress 0.75 without its column.
    assert_eq!(
        statuses(dir.path())["SEUIL-COLONNE"].0,
        "Partiellement atteint",
        "0.5 by default"
    );
    std::fs::write(dir.path().join("spaser.toml"), "seuil_partiel = 0.8\n").expect("write");
    assert_eq!(
        statuses(dir.path())["SEUIL-COLONNE"].0,
        "Non atteint",
        "0.8 from spaser.toml"
    );
    let with_column = tempfile::tempdir().expect("tmp");
    status_cases(with_column.path(), true);
    std::fs::write(with_column.path().join("spaser.toml"), "seuil_partiel = 0.7\n").expect("write");
    let got = statuses(with_column.path());
    assert_eq!(
        got["SEUIL-COLONNE"].0, "Non atteint",
        "the column (80 %) wins over spaser.toml"
    );
    assert_eq!(got["AU-SEUIL"].0, "Non atteint", "0.5 < 0.7 from spaser.toml");
}

#[test]
fn gosb_bilan_each_action_status_follows_from_its_objectives_declared_statuses() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        shared_fixtures().join("gosb-2022-bilan.xlsx"),
        dir.path().join("gosb-2022-bilan.xlsx"),
    )
    .expect("copy");
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Bilan 2022"),
        "year read from the table's headers: {text}"
    );
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared_fixtures().join("gosb-2022-bilan.expected.json")).expect("json"),
    )
    .expect("valid json");
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let actions = book.sheet("Actions");
    let fixture_actions = expected["actions"].as_object().expect("actions");
    assert_eq!(actions.records().len(), fixture_actions.len());
    for (code, action) in fixture_actions {
        let declared: Vec<&str> = action["objectifs"]
            .as_array()
            .expect("objectifs")
            .iter()
            .map(|o| o["statut_declare"].as_str().unwrap_or(""))
            .collect();
        let row = actions.record_with_code("Code FA", code);
        assert_eq!(row["Statut calculé"], action_rule(declared.iter().copied()), "{code}");
        if let Some(fixture_status) = action.get("statut_calcule_6_1").and_then(|v| v.as_str()) {
            assert_eq!(row["Statut calculé"], fixture_status, "{code}");
        }
        assert_eq!(row["Statut retenu"], row["Statut calculé"], "{code}");
        let reached = declared.iter().filter(|s| **s == "Atteint").count();
        assert_eq!(row["Indicateurs atteints"], format!("{reached} / {}", declared.len()));
    }
    let synthese = book.sheet("Synthèse");
    let by_status = expected["actions_par_statut_calcule"].as_object().expect("counts");
    for (status, count) in by_status {
        assert_eq!(
            num(&synthese.row_labelled(status)[1]),
            count.as_f64().expect("count"),
            "{status}"
        );
    }
    let rate = synthese.row_labelled("Taux d'atteinte global (Atteint / actions évaluées)");
    assert!((num(&rate[1]) - 0.1).abs() < 1e-12, "1/10");
}

#[test]
fn an_unknown_calcul_field_or_operator_is_an_error_on_its_cell_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tmp");
    let indicator = |code: &'static str, calcul: &'static str, filtre: &'static str| {
        vec![
            C::T(code),
            C::T("FA1"),
            C::T("Libellé"),
            C::T("Quantitatif"),
            C::T(calcul),
            C::T(filtre),
            C::N(10.0),
        ]
    };
    write_book(
        &dir.path().join("referentiel.xlsx"),
        &[
            SheetSpec::new(
                "Actions",
                vec![
                    vec![C::T("Code FA"), C::T("Intitulé")],
                    vec![C::T("FA1"), C::T("Action")],
                ],
            ),
            SheetSpec::new(
                "Indicateurs",
                vec![
                    vec![
                        C::T("Code indicateur"),
                        C::T("Code FA"),
                        C::T("Libellé"),
                        C::T("Type"),
                        C::T("Calcul"),
                        C::T("Filtre"),
                        C::T("Cible 2024"),
                    ],
                    indicator("I1", "part_envi", ""),
                    indicator("I2", "nombre", "montant_hors_taxe >= 40000"),
                    indicator("I3", "nombre", "montant_ht => 40000"),
                    indicator("I4", "part:alloti = oui", "nature = Fournitures; montant_ht >= 40 000"),
                ],
            ),
        ],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let found: Vec<(&str, &str, &str)> = seen
        .iter()
        .map(|d| (d.code.as_str(), d.cell.as_str(), d.suggestion.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "calcul-invalide",
                "E2",
                "Vouliez-vous dire « part_env » ? Calculs possibles : nombre, montant, somme:<champ>, part:<condition>, part_montant:<condition>, part_env, part_sociale, nb_reserves, heures_insertion, part_tpe_pme, part_allotis, nb_mutualises, nb_innovants, heures_insertion_realisees, participants_insertion."
            ),
            ("filtre-invalide", "F3", "Vouliez-vous dire « montant_ht » ?"),
            ("filtre-invalide", "F4", "Vouliez-vous dire « >= » ?"),
        ]
    );
    assert!(
        seen[0].message.contains("I1 ne peut pas être calculé"),
        "{}",
        seen[0].message
    );
    assert_eq!(seen[0].severity, "erreur");
}

#[test]
fn a_bilan_that_cannot_be_replaced_is_written_beside_it_and_the_command_says_so_in_french() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&samples(), dir.path());
    // A folder in the bilan's place cannot be renamed over, as a workbook open in Excel cannot.
    std::fs::create_dir(dir.path().join("Bilan_SPASER_2024.xlsx")).expect("blocker");
    let (code, text) = bilan(dir.path(), &["-q"]);
    assert_eq!(code, 0, "{text}");
    // Why, in French: « un dossier porte ce nom » here, « accès refusé » on Windows.
    let said = ["un dossier porte ce nom", "accès refusé"].iter().any(|why| {
        text.contains(&format!(
            "ne peut pas être remplacé ({why}) : le bilan est écrit à côté"
        ))
    });
    assert!(said, "{text}");
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("Bilan_SPASER_2024 (mis à jour ")
        })
        .collect();
    assert_eq!(beside.len(), 1, "{text}");
    assert!(!Book::open(&beside[0].path()).sheet("Actions").records().is_empty());
}

/// Windows: a bilan marked read-only (as a pilot protects the committee's copy) never stops the
/// new one: Windows refuses to replace it and the new one is written beside it under a name
/// Windows accepts (Wine replaces it: either way, a new bilan is written, exit 0).
#[test]
#[cfg(windows)]
fn a_read_only_bilan_on_windows_never_stops_the_new_one_from_being_written() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_dir(&samples(), dir.path());
    let (code, text) = bilan(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    let bilan_path = dir.path().join("Bilan_SPASER_2024.xlsx");
    let mut permissions = std::fs::metadata(&bilan_path).expect("metadata").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&bilan_path, permissions).expect("read-only");
    let written_before = std::fs::metadata(&bilan_path).and_then(|m| m.modified()).expect("time");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (code, text) = bilan(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    let beside: Vec<String> = written_beside(dir.path(), 2024)
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().to_string())
        .collect();
    let replaced = std::fs::metadata(&bilan_path).and_then(|m| m.modified()).expect("time") > written_before;
    match beside.as_slice() {
        [] => assert!(replaced, "{text}"),
        [name] => {
            assert!(text.contains("ne peut pas être remplacé"), "{text}");
            assert!(!name.contains([':', '<', '>', '"', '|', '?', '*']), "{name}");
        }
        more => panic!("{more:?}"),
    }
}

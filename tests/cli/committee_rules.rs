//! SPEC §6 as revised, what the committee reads: the `Bilan par fiche` sheet in their own
//! layout (a block per fiche, a row per indicator and objective, one `X`, texts in full), the
//! `Remarque` of `Actions`, the `Indicateurs` figures (`% de la cible`, `Progression`, the
//! `Méthode` in French), differences of percentages in points, and paths relative to the input
//! folder.

use crate::support::C::*;
use crate::support::*;
use calamine::{DataType, Reader};
use std::collections::BTreeMap;
use std::path::Path;

const MARKS: [&str; 3] = ["Atteint", "Partiellement atteint", "Non atteint"];

/// The blocks of the Bilan par fiche: (label, rows as header → text).
fn blocks(book: &mut Book) -> Vec<(String, Vec<BTreeMap<String, String>>)> {
    let table = book.sheet("Bilan par fiche");
    let headers = table.headers();
    let mut blocks: Vec<(String, Vec<BTreeMap<String, String>>)> = Vec::new();
    for row in table.rows.iter().skip(1) {
        let record: BTreeMap<String, String> = headers.iter().cloned().zip(row.iter().cloned()).collect();
        // The label is shown again on each printed page a block lies on: the same label goes on.
        let continues = blocks.last().is_some_and(|(label, _)| *label == row[0]);
        if !row[0].is_empty() && !continues {
            blocks.push((row[0].clone(), Vec::new()));
        }
        if let Some((_, rows)) = blocks.last_mut() {
            rows.push(record);
        }
    }
    blocks
}

fn marks(row: &BTreeMap<String, String>) -> Vec<&'static str> {
    MARKS
        .into_iter()
        .filter(|m| row.get(*m).is_some_and(|x| x == "X"))
        .collect()
}

#[test]
fn bilan_par_fiche_has_a_block_per_fiche_in_referentiel_order_with_a_row_per_indicator_and_its_statut_retenu() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut book = Book::open(&path);
    let actions = book.sheet("Actions").records();
    let indicators = book.sheet("Indicateurs").records();
    let blocks = blocks(&mut book);
    assert_eq!(blocks.len(), actions.len());
    for ((label, rows), action) in blocks.iter().zip(&actions) {
        assert_eq!(
            label,
            &format!("{} – {}", action["Code FA"], action["Intitulé"]),
            "the fiche's full label"
        );
        let own: Vec<&BTreeMap<String, String>> = indicators
            .iter()
            .filter(|i| i["Code FA"] == action["Code FA"])
            .collect();
        let lines: Vec<&BTreeMap<String, String>> = rows
            .iter()
            .filter(|r| r["Objectifs / indicateurs 2024"] != "(suite)")
            .collect();
        let (last, lines) = lines.split_last().unwrap();
        assert_eq!(lines.len(), own.len(), "{label}: one row per indicator");
        for (line, indicator) in lines.iter().zip(&own) {
            let wording = &line["Objectifs / indicateurs 2024"];
            assert_eq!(
                wording,
                &format!("{} {}", indicator["Code indicateur"], indicator["Libellé"]),
                "the full wording"
            );
            let status = indicator["Statut"].as_str();
            if MARKS.contains(&status) {
                assert_eq!(marks(line), [status], "{wording}: exactly one X, under its status");
                // An assessed row says nothing more, unless its réalisé looks mistyped (§6.2).
                let remark = &line["Remarque"];
                assert!(
                    remark.is_empty() || remark.starts_with("Valeur douteuse"),
                    "{wording}: {remark}"
                );
            } else {
                assert!(marks(line).is_empty(), "{wording}");
                assert!(
                    line["Remarque"].starts_with(status),
                    "{wording}: why no X: {}",
                    line["Remarque"]
                );
            }
        }
        assert!(
            last["Objectifs / indicateurs 2024"].starts_with("Statut retenu de la fiche"),
            "{label}"
        );
        assert!(
            last["Objectifs / indicateurs 2024"].ends_with(&action["Statut retenu"]),
            "{label}"
        );
        assert_eq!(marks(last), [action["Statut retenu"].as_str()], "{label}");
    }
}

#[test]
fn an_objective_of_a_bilan_table_has_its_row_even_without_text_and_its_x() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        shared_fixtures().join("gosb-2022-bilan.xlsx"),
        dir.path().join("gosb.xlsx"),
    )
    .unwrap();
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared_fixtures().join("gosb-2022-bilan.expected.json")).unwrap(),
    )
    .unwrap();
    let objectives: usize = expected["actions"]
        .as_object()
        .unwrap()
        .values()
        .map(|a| a["objectifs"].as_array().unwrap().len())
        .sum();
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let blocks = blocks(&mut book);
    // Every row of an objective has an X or says why not; a continuation row has neither.
    let rows: Vec<BTreeMap<String, String>> = blocks
        .iter()
        .flat_map(|(_, rows)| {
            rows.iter()
                .take_while(|r| !r["Objectifs / indicateurs 2022"].starts_with("Statut retenu"))
                .cloned()
        })
        .filter(|r| !marks(r).is_empty() || !r["Remarque"].is_empty())
        .collect();
    assert_eq!(rows.len(), objectives, "every objective has its row");
    for row in &rows {
        assert_eq!(
            marks(row).len() + usize::from(!row["Remarque"].is_empty()),
            1,
            "{row:?}"
        );
    }
}

#[test]
fn a_text_longer_than_a_row_can_show_goes_on_over_continuation_rows_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (1..=320).map(|i| format!("étape{i}")).collect::<Vec<_>>().join(" ");
    assert!(long.chars().count() > 2_000);
    write_book(
        &dir.path().join("ref.xlsx"),
        &[
            one_action("FA 1", "Agir"),
            SheetSpec::new(
                "Suivi",
                vec![
                    vec![T("Année"), T("Code FA"), T("Statut déclaré"), T("Mise en œuvre")],
                    vec![N(2024.0), T("FA 1"), T("Atteint"), S(long.clone())],
                ],
            ),
        ],
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let path = dir.path().join("out.xlsx");
    let mut book = Book::open(&path);
    let (_, rows) = blocks(&mut book).remove(0);
    let written: Vec<&str> = rows
        .iter()
        .map(|r| r["Actions / Mise en œuvre 2024"].as_str())
        .filter(|t| !t.is_empty())
        .collect();
    assert!(written.len() > 1, "split over several rows");
    assert_eq!(written.join(" "), long, "nothing lost, nothing cut");
    let xml = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    for height in xml
        .split(" ht=\"")
        .skip(1)
        .map(|h| h[..h.find('"').unwrap()].parse::<f64>().unwrap())
    {
        assert!(height <= 409.0, "{height}");
    }
}

fn indicator_case(dir: &Path) {
    write_book(
        &dir.join("ref.xlsx"),
        &[
            one_action("FA 5", "Insérer"),
            SheetSpec::new(
                "Indicateurs",
                vec![
                    vec![
                        T("Code indicateur"),
                        T("Code FA"),
                        T("Libellé"),
                        T("Unité"),
                        T("Sens"),
                        T("Valeur de référence"),
                        T("Année de référence"),
                        T("Cible 2024"),
                    ],
                    vec![
                        T("H"),
                        T("FA 5"),
                        T("Heures d'insertion"),
                        T("heures"),
                        T("Hausse"),
                        N(14053.0),
                        N(2021.0),
                        N(20000.0),
                    ],
                    vec![
                        T("B"),
                        T("FA 5"),
                        T("Délai de paiement"),
                        T("jours"),
                        T("Baisse"),
                        N(100.0),
                        N(2022.0),
                        N(80.0),
                    ],
                    vec![
                        T("S"),
                        T("FA 5"),
                        T("Sans référence"),
                        T("nombre"),
                        T("Hausse"),
                        E,
                        E,
                        N(40.0),
                    ],
                ],
            ),
            SheetSpec::new(
                "Suivi",
                vec![
                    vec![T("Année"), T("Code FA"), T("Code indicateur"), T("Réalisé")],
                    vec![N(2024.0), T("FA 5"), T("H"), N(14395.0)],
                    vec![N(2024.0), T("FA 5"), T("B"), N(90.0)],
                    vec![N(2024.0), T("FA 5"), T("S"), N(30.0)],
                ],
            ),
        ],
    );
}

#[test]
fn percent_of_target_is_v_over_c_and_progression_is_the_progress_from_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    indicator_case(dir.path());
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let indicators = Book::open(&dir.path().join("out.xlsx")).sheet("Indicateurs");
    let close = |text: &str, want: f64| (num(text) - want).abs() < 1e-9;
    let h = indicators.record("Code indicateur", "H");
    assert!(close(&h["% de la cible"], 14395.0 / 20000.0), "{}", h["% de la cible"]);
    assert!(
        close(&h["Progression"], (14395.0 - 14053.0) / (20000.0 - 14053.0)),
        "{}",
        h["Progression"]
    );
    assert_eq!(h["Année de référence"], "2021");
    let b = indicators.record("Code indicateur", "B");
    assert!(
        close(&b["% de la cible"], 80.0 / 90.0),
        "Baisse: c / v, {}",
        b["% de la cible"]
    );
    assert!(
        close(&b["Progression"], (90.0 - 100.0) / (80.0 - 100.0)),
        "{}",
        b["Progression"]
    );
    let s = indicators.record("Code indicateur", "S");
    assert!(close(&s["% de la cible"], 0.75));
    assert_eq!(s["Progression"], "", "no reference, no progression");
}

#[test]
fn the_methode_of_a_computed_indicator_is_said_in_french() {
    let (_tmp, path) = samples_bilan(&[]);
    let indicators = Book::open(&path).sheet("Indicateurs").records();
    for indicator in &indicators {
        let method = &indicator["Méthode"];
        assert!(
            !method.contains(':') && !method.contains('_'),
            "{}: {method}",
            indicator["Code indicateur"]
        );
    }
    assert!(indicators.iter().any(|i| {
        i["Méthode"].starts_with("Part des marchés notifiés avec au moins une considération environnementale")
    }));
    assert!(indicators.iter().any(|i| i["Méthode"] == "Valeur saisie dans le suivi"));
}

#[test]
fn the_pnad_gap_is_a_difference_in_points() {
    let (_tmp, path) = samples_bilan(&[]);
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let values = workbook.worksheet_range("Synthèse").unwrap();
    let styles = workbook.worksheet_style("Synthèse").unwrap();
    let (top, left) = values.start().unwrap();
    let header = values
        .used_cells()
        .find(|(_, _, v)| v.to_string().starts_with("Écart 2024"))
        .map(|(r, c, _)| (r as u32 + top, c as u32 + left))
        .unwrap();
    let format = styles
        .get((header.0 + 2, header.1))
        .and_then(|s| s.number_format.clone())
        .unwrap();
    assert!(format.format_code.contains("pts"), "{}", format.format_code);
    let gap = values.get_value((header.0 + 2, header.1)).unwrap().as_f64().unwrap();
    assert!(gap < -1.0 && gap > -100.0, "points, not a fraction: {gap}");
}

#[test]
fn actions_say_why_a_fiche_is_retained_otherwise_than_declared() {
    let (_tmp, path) = samples_bilan(&[]);
    let actions = Book::open(&path).sheet("Actions");
    let fa6 = actions.record("Code FA", "FA 6");
    assert_eq!(
        (fa6["Statut déclaré"].as_str(), fa6["Statut retenu"].as_str()),
        ("Non atteint", "Atteint")
    );
    assert!(
        fa6["Remarque"].contains("Statut déclaré Non atteint, calcul Atteint"),
        "{}",
        fa6["Remarque"]
    );
    let partial = actions
        .records()
        .into_iter()
        .find(|a| a["Statut retenu"] == "Partiellement atteint")
        .unwrap();
    assert!(
        partial["Remarque"].contains("atteint"),
        "names what is not reached: {}",
        partial["Remarque"]
    );
}

#[test]
fn files_are_named_relative_to_the_input_folder_in_anomalies_and_in_messages() {
    let out = tempfile::tempdir().unwrap();
    let folder = std::fs::canonicalize(samples()).unwrap();
    let path = out.path().join("bilan.xlsx");
    let (code, text) = bilan(out.path(), &[folder.to_str().unwrap(), "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    let anomalies = Book::open(&path).sheet("Anomalies").records();
    let absolute = folder.to_string_lossy().to_string();
    for anomaly in &anomalies {
        for column in ["Fichier", "Message", "Suggestion"] {
            assert!(!anomaly[column].contains(&absolute), "{column}: {}", anomaly[column]);
        }
    }
    assert!(
        anomalies
            .iter()
            .any(|a| a["Message"].contains("voirie/Recensement_voirie_2023-2024.xlsx › Marchés 2024"))
    );
}

#[test]
fn a_fiche_that_fits_on_a_page_is_printed_whole_and_one_taller_shows_its_label_on_each_page() {
    let (_dir, path) = seed_001_bilan();
    let xml = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    // Manual breaks, 1-based rows in the file: a break after row id.
    let breaks: Vec<u32> = xml
        .split("<brk id=\"")
        .skip(1)
        .map(|b| b[..b.find('"').unwrap()].parse().unwrap())
        .collect();
    assert!(!breaks.is_empty(), "the long fiches need page breaks");
    let table = Book::open(&path).sheet("Bilan par fiche");
    for id in &breaks {
        // The row printed first on the page (0-based id in the table, header at 0) has its label.
        let first = &table.rows[*id as usize];
        assert!(
            !first[0].is_empty(),
            "page after row {id} starts without its fiche: {first:?}"
        );
        // …unless the row before it starts its own page too (the two are taller than a page).
        assert!(
            !first[1].starts_with("Statut retenu") || breaks.contains(&(id - 1)),
            "a statut retenu row starts a page alone: row {id}"
        );
    }
}

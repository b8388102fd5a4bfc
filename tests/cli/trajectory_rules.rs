//! SPEC §10, trajectory: the `Synthèse` charts, for each computed indicator with targets, the
//! réalisé of every year present in the inputs against the yearly targets up to the scheme's
//! last year; the `Indicateurs` sheet gains one `Réalisé <année>` column per year present.

use crate::support::C::*;
use crate::support::*;
use std::io::Read;
use std::path::Path;

/// The samples with a 2022 recensement added: three years in the inputs.
fn samples_with_2022() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&samples(), dir.path());
    write_book(
        &dir.path().join("voirie").join("recensement 2022.xlsx"),
        &[SheetSpec::new(
            "Marchés 2022",
            vec![
                recensement_header(&["Clause environnementale"]),
                vec![
                    T("2022-VOI-001"),
                    T("Enrobés"),
                    T("T"),
                    N(80_000.0),
                    D(2022, 5, 2),
                    T("oui"),
                ],
                vec![
                    T("2022-VOI-002"),
                    T("Signalisation"),
                    T("F"),
                    N(20_000.0),
                    D(2022, 6, 3),
                    T("non"),
                ],
            ],
        )],
    );
    let out = dir.path().join("bilan.xlsx");
    let (code, text) = bilan(dir.path(), &[".", "-o", out.to_str().unwrap(), "--year", "2024"]);
    assert_eq!(code, 0, "{text}");
    (dir, out)
}

fn chart_parts(path: &Path) -> usize {
    let mut bytes = Vec::new();
    std::fs::File::open(path).unwrap().read_to_end(&mut bytes).unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    archive
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count()
}

#[test]
fn the_indicateurs_sheet_gains_one_realise_column_per_year_present() {
    let (_dir, out) = samples_with_2022();
    let indicateurs = Book::open(&out).sheet("Indicateurs");
    let headers = indicateurs.headers();
    let realised: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| h.starts_with("Réalisé"))
        .collect();
    assert_eq!(realised, ["Réalisé 2024", "Réalisé 2023", "Réalisé 2022"]);
    // I1.1 is computed: in 2022, one of the two marchés has an environmental consideration.
    let i11 = indicateurs.record("Code indicateur", "I1.1");
    assert_eq!(num(&i11["Réalisé 2022"]), 0.5);
    assert_eq!(headers.iter().rev().nth(1).map(String::as_str), Some("Statut"));
}

#[test]
fn the_synthese_charts_each_computed_indicator_with_targets_against_its_yearly_targets() {
    let (_dir, out) = samples_with_2022();
    let synthese = Book::open(&out).sheet("Synthèse");
    let header = synthese.row_labelled("Indicateur");
    let years: Vec<&str> = header[1..]
        .iter()
        .map(String::as_str)
        .filter(|y| !y.is_empty())
        .collect();
    assert_eq!(
        years,
        ["2022", "2023", "2024", "2025"],
        "from the first year present to the last target"
    );
    let realised = synthese.row_labelled("I1.1 — réalisé");
    assert_eq!(num(&realised[1]), 0.5, "2022, from the added recensement");
    assert!(realised[4].is_empty(), "no réalisé after N");
    let target = synthese.row_labelled("I1.1 — cible");
    assert_eq!(num(&target[4]), 1.0, "the 2025 target of 100 %");
    let inputs = load(&[samples()], &samples());
    let with_targets = inputs
        .indicators
        .iter()
        .filter(|i| i.computation.is_some() && !i.cibles.is_empty())
        .count();
    // The statuses pie and the axes bars, then one chart per computed indicator with targets.
    assert_eq!(chart_parts(&out), 2 + with_targets);
    // The first trajectory chart names its two series and has one point per year (B to E).
    let xml = xlsx_part(&out, "xl/charts/chart3.xml");
    assert!(xml.contains("Réalisé") && xml.contains("Cible"), "{xml}");
    assert!(xml.contains("$B$") && xml.contains(":$E$"), "four years: {xml}");
    assert!(
        xml.contains("<c:min val=\"0\"/>") && xml.contains("<c:max val=\"1\"/>"),
        "a share on 0–100 %: {xml}"
    );
}

#[test]
fn the_synthese_prints_its_charts_and_each_page_of_trajectory_charts_on_pages_of_their_own() {
    let (_tmp, path) = samples_bilan(&[]);
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let breaks = xml.matches("<brk ").count();
    let inputs = load(&[samples()], &samples());
    let charts = inputs
        .indicators
        .iter()
        .filter(|i| i.computation.is_some() && !i.cibles.is_empty())
        .count();
    let chart_pages = charts.div_ceil(2).div_ceil(2);
    // The L.2111-3 figures' page, the two charts' page, the trajectory table's, then each page
    // of two rows of charts (three do not fit once printed: 3 × 13 rows of 15 pt).
    assert_eq!(breaks, 3 + chart_pages, "{xml}");
}

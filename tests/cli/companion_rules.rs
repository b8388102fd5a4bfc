//! SPEC §6, the companion Recensement workbook: above 100 000 purchases (`marches_dans_le_bilan`
//! of `[limites]`), the purchases are listed in `Recensement_SPASER_<année>.xlsx` beside the
//! bilan, with the same columns, and the Synthèse says so; the companion is never read back as
//! an input.

use crate::support::*;
use std::path::Path;

/// The samples, listing at most `limit` purchases in the bilan.
fn samples_limited(limit: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&samples(), dir.path());
    let config = dir.path().join("spaser.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("\n[limites]\nmarches_dans_le_bilan = {limit}\n"));
    std::fs::write(&config, text).unwrap();
    dir
}

fn purchases_read(dir: &Path) -> usize {
    load(&[dir.to_path_buf()], dir).purchases.len()
}

#[test]
fn above_the_threshold_the_purchases_go_to_a_companion_workbook_beside_the_bilan_and_the_synthese_says_so() {
    let dir = samples_limited(50);
    let purchases = purchases_read(dir.path());
    let (code, text) = bilan(dir.path(), &[".", "--year", "2024"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("listés à part"), "{text}");
    let companion = dir.path().join("Recensement_SPASER_2024.xlsx");
    let mut book = Book::open(&companion);
    assert_eq!(book.sheet_names(), ["Recensement", "Sources"]);
    let listed = book.sheet("Recensement").records();
    assert_eq!(listed.len(), purchases, "every purchase, one row each");
    let mut bilan_book = Book::open(&dir.path().join("Bilan_SPASER_2024.xlsx"));
    let in_bilan = bilan_book.sheet("Recensement");
    assert!(
        in_bilan.rows[1][0].contains("Recensement_SPASER_2024.xlsx"),
        "{:?}",
        in_bilan.rows
    );
    let synthese = bilan_book.sheet("Synthèse");
    assert!(
        synthese
            .rows
            .iter()
            .any(|r| r[0].contains("listés dans Recensement_SPASER_2024.xlsx")),
        "the Synthèse says so"
    );
    // Same columns as the bilan's own Recensement sheet.
    let (_tmp, full) = samples_bilan(&[]);
    assert_eq!(
        book.sheet("Recensement").headers(),
        Book::open(&full).sheet("Recensement").headers()
    );
}

/// §8: the companion may follow the bilan: the bilan is written (and announced) first, so a
/// companion that cannot be written leaves a bilan, and an error saying so.
#[test]
fn the_bilan_is_written_before_its_companion_which_follows() {
    let dir = samples_limited(50);
    // A folder where the companion should go: it cannot be replaced by a file.
    std::fs::create_dir(dir.path().join("Recensement_SPASER_2024.xlsx")).unwrap();
    let (code, text) = bilan(dir.path(), &[".", "--year", "2024"]);
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("Bilan 2024 écrit dans"), "{text}");
    assert!(
        text.contains("bilan écrit, mais pas la liste des marchés à part"),
        "{text}"
    );
    let mut book = Book::open(&dir.path().join("Bilan_SPASER_2024.xlsx"));
    assert!(book.sheet("Synthèse").rows.len() > 10);
}

/// §7–§8: `watch` logs the bilan as soon as it is written, then its companion in a line of its
/// own (still one rebuild).
#[test]
fn watch_logs_the_bilan_once_written_and_then_its_companion() {
    let dir = samples_limited(50);
    let output = spaser(dir.path(), &["watch", ".", "--once", "--year", "2024"]);
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    assert_eq!(log.lines().filter(|l| l.contains("écrit dans")).count(), 1, "{log}");
    let bilan_line = log.find("écrit dans").expect("bilan line");
    let companion_line = log
        .find("liste des marchés à part mise à jour")
        .expect("companion line");
    assert!(bilan_line < companion_line, "{log}");
    assert!(dir.path().join("Recensement_SPASER_2024.xlsx").is_file());
}

#[test]
fn at_the_threshold_the_bilan_lists_the_purchases_itself() {
    let probe = samples_limited(1);
    let purchases = purchases_read(probe.path());
    let dir = samples_limited(purchases);
    let (code, text) = bilan(dir.path(), &[".", "--year", "2024"]);
    assert_eq!(code, 0, "{text}");
    assert!(!dir.path().join("Recensement_SPASER_2024.xlsx").exists());
    let listed = Book::open(&dir.path().join("Bilan_SPASER_2024.xlsx"))
        .sheet("Recensement")
        .records();
    assert_eq!(listed.len(), purchases);
}

#[test]
fn the_companion_is_never_read_back_as_an_input() {
    let dir = samples_limited(50);
    let before = purchases_read(dir.path());
    for _ in 0..2 {
        let (code, text) = bilan(dir.path(), &[".", "--year", "2024"]);
        assert_eq!(code, 0, "{text}");
    }
    assert_eq!(purchases_read(dir.path()), before);
    let (_, seen) = check(dir.path(), &["."]);
    assert!(
        seen.iter().all(|d| d.code != "doublon" || d.file.contains("voirie")),
        "{seen:#?}"
    );
    assert!(
        seen.iter()
            .any(|d| d.file.ends_with("Recensement_SPASER_2024.xlsx") && d.code == "bilan-spaser-ignore"),
        "{seen:#?}"
    );
}

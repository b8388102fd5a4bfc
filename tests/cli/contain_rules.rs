//! SPEC §9, crash-only reading: the reading of one input runs in a worker process whose death
//! (memory exhausted, abort) or overlong reading never ends `check`, `bilan` or `watch`; the
//! file gets `lecture-interrompue` and the others are read.

use crate::hostile_rules::recensement;
use crate::support::*;
use std::path::Path;
use std::process::Command;

/// `spaser check --format json .` in `dir` with the worker told to die while reading `file`
/// (as an allocation failure kills it; the fault the tests inject, `SPASER_ESSAI_ABANDON`).
fn check_dying_on(dir: &Path, file: &str) -> (i32, Vec<Seen>) {
    let output = output_of(
        Command::new(env!("CARGO_BIN_EXE_spaser"))
            .current_dir(dir)
            .args(["check", ".", "--format", "json"])
            .env("SPASER_ESSAI_ABANDON", file),
    );
    let seen = parse_json_diagnostics(&String::from_utf8(output.stdout).unwrap());
    (output.status.code().unwrap_or(-1), seen)
}

fn interrupted<'a>(seen: &'a [Seen], file: &str) -> Option<&'a Seen> {
    seen.iter().find(|d| d.code == "lecture-interrompue" && d.file == file)
}

#[test]
fn a_file_whose_reading_ends_the_reader_is_lecture_interrompue_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    recensement(&dir.path().join("bombe.xlsx"), "B-1");
    let (code, seen) = check_dying_on(dir.path(), "bombe.xlsx");
    assert_eq!(code, 1, "{seen:#?}");
    let said = interrupted(&seen, "bombe.xlsx").unwrap_or_else(|| panic!("{seen:#?}"));
    assert_eq!(said.severity, "erreur");
    assert!(said.message.contains("écarté du bilan"), "{}", said.message);
    assert!(
        said.suggestion.contains("enregistrez-le de nouveau"),
        "{}",
        said.suggestion
    );
    assert!(seen.iter().all(|d| d.file != "voirie.xlsx"), "{seen:#?}");
}

#[test]
fn the_bilan_is_written_from_the_other_files_when_one_ends_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    recensement(&dir.path().join("bombe.xlsx"), "B-1");
    let output = output_of(
        Command::new(env!("CARGO_BIN_EXE_spaser"))
            .current_dir(dir.path())
            .args(["bilan", ".", "-o", "bilan.xlsx"])
            .env("SPASER_ESSAI_ABANDON", "bombe.xlsx"),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut book = Book::open(&dir.path().join("bilan.xlsx"));
    let references: Vec<String> = book
        .sheet("Recensement")
        .records()
        .iter()
        .map(|r| r["Référence"].clone())
        .collect();
    assert_eq!(references, ["V-1"]);
    let anomalies = book.sheet("Anomalies");
    assert_eq!(anomalies.record("Code", "lecture-interrompue")["Fichier"], "bombe.xlsx");
}

#[test]
fn a_file_read_for_longer_than_the_limit_is_interrupted_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    let mut rows = vec![recensement_header(&[])];
    rows.extend((0..60_000).map(|i| {
        vec![
            C::S(format!("L-{i}")),
            C::T("Objet"),
            C::T("Travaux"),
            C::N(1000.0),
            C::D(2024, 3, 1),
        ]
    }));
    write_book(&dir.path().join("lourd.xlsx"), &[SheetSpec::new("Marchés", rows)]);
    std::fs::write(dir.path().join("spaser.toml"), "[limites]\nsecondes_par_fichier = 1\n").unwrap();
    let started = std::time::Instant::now();
    let (code, seen) = check(dir.path(), &["."]);
    let said = interrupted(&seen, "lourd.xlsx").unwrap_or_else(|| panic!("{seen:#?}"));
    assert!(said.message.contains("a dépassé 1 s"), "{}", said.message);
    assert_eq!(code, 1);
    assert!(seen.iter().all(|d| d.file != "voirie.xlsx"), "{seen:#?}");
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn when_every_reader_dies_as_it_starts_the_command_reads_in_place_rather_than_failing() {
    // Windows sometimes refuses to initialise a new process (0xC0000142, a busy machine, a
    // scheduled task): a reader that dies before reading anything is no file's fault.
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    let output = output_of(
        Command::new(env!("CARGO_BIN_EXE_spaser"))
            .current_dir(dir.path())
            .args(["bilan", ".", "-o", "bilan.xlsx"])
            .env("SPASER_ESSAI_ABANDON", "*"),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("arrêt inattendu"), "{stderr}");
    let recensement = Book::open(&dir.path().join("bilan.xlsx")).sheet("Recensement");
    assert_eq!(recensement.record("Référence", "V-1")["Référence"], "V-1");
}

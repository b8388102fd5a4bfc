//! §1: every flag is checked before any work, in French, with exit code 2.

use crate::support::*;

/// Runs spaser in a fresh folder holding a copy of nothing but an empty subfolder: any work
/// done despite a bad flag would show as a bilan or a template written there.
fn refused(args: &[&str], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let output = spaser(dir.path(), args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(expected), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{args:?} wrote {left:?}");
}

#[test]
fn year_is_1990_to_2100_for_every_command_checked_before_any_work_exit_2() {
    for command in [&["check"][..], &["bilan"], &["watch", "--once"], &["template", "suivi"]] {
        for year in ["99999", "-2147483648", "1989", "2101"] {
            let mut args = command.to_vec();
            let flag = format!("--year={year}");
            args.push(&flag);
            refused(&args, &format!("--year {year} : année hors de 1990–2100"));
        }
    }
}

#[test]
fn a_year_that_is_not_a_number_is_a_french_usage_error() {
    refused(
        &["bilan", "--year", "deux-mille"],
        "valeur « deux-mille » incorrecte pour --year",
    );
}

#[test]
fn poll_is_1_to_3600_seconds_and_debounce_0_to_600000_ms_exit_2() {
    refused(
        &["watch", "--once", "--poll", "0"],
        "--poll 0 : intervalle hors de 1–3600 secondes",
    );
    refused(
        &["watch", "--once", "--poll", "3601"],
        "--poll 3601 : intervalle hors de 1–3600 secondes",
    );
    refused(
        &["watch", "--once", "--debounce", "600001"],
        "--debounce 600001 : période de calme hors de 0–600000",
    );
}

#[test]
fn the_limits_of_each_range_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    for year in ["1990", "2100"] {
        let output = spaser(dir.path(), &["check", "--year", year]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{year}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A recensement whose reference column is headed `Code interne achat`, unknown without a
/// `spaser.toml` that maps it.
fn consultation_workbook(path: &std::path::Path) {
    write_book(
        path,
        &[SheetSpec::new(
            "Marchés",
            vec![
                vec![
                    C::T("Code interne achat"),
                    C::T("Objet"),
                    C::T("Nature"),
                    C::T("Montant HT"),
                    C::T("Date de notification"),
                ],
                vec![
                    C::T("C-1"),
                    C::T("Objet"),
                    C::T("Travaux"),
                    C::N(1000.0),
                    C::D(2025, 3, 1),
                ],
            ],
        )],
    );
}

#[test]
fn check_takes_config_and_check_dir_reads_dir_spaser_toml_as_bilan_dir_does() {
    let dir = tempfile::tempdir().unwrap();
    let share = dir.path().join("SPASER 2025");
    std::fs::create_dir(&share).unwrap();
    consultation_workbook(&share.join("voirie.xlsx"));
    let mapping = "[colonnes.recensement]\n\"Code interne achat\" = \"reference\"\n";
    let missing = |seen: &[Seen]| seen.iter().any(|d| d.code == "en-tete-manquant");
    let (_, seen) = check(dir.path(), &["SPASER 2025"]);
    assert!(missing(&seen), "without a mapping: {seen:#?}");
    std::fs::write(dir.path().join("ailleurs.toml"), mapping).unwrap();
    let (code, seen) = check(dir.path(), &["SPASER 2025", "--config", "ailleurs.toml"]);
    assert_eq!(code, 0, "{seen:#?}");
    assert!(!missing(&seen), "--config: {seen:#?}");
    std::fs::write(share.join("spaser.toml"), mapping).unwrap();
    let (code, seen) = check(dir.path(), &["SPASER 2025"]);
    assert_eq!(code, 0, "{seen:#?}");
    assert!(!missing(&seen), "DIR/spaser.toml: {seen:#?}");
}

//! SPEC §5 (diagnostics) and §1 (check's output and exit codes), and the files that are not
//! workbooks at all (§9): each a diagnostic naming the file, never a crash.

use crate::support::C::*;
use crate::support::*;

#[test]
fn a_diagnostic_has_file_sheet_cell_severity_stable_code_french_message_and_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![T("Référence"), T("Objet"), T("Nature"), T("Montant HT")],
        vec![T("R1"), T("o"), T("Fourniture courante"), N(1.0)],
    ];
    write_book(&dir.path().join("a.xlsx"), &[SheetSpec::new("Marchés", rows)]);
    let (_, seen) = check(dir.path(), &["a.xlsx"]);
    assert_eq!(
        seen,
        vec![Seen {
            file: "a.xlsx".into(),
            sheet: "Marchés".into(),
            cell: "C2".into(),
            severity: "erreur".into(),
            code: "valeur-inconnue".into(),
            message: "« Fourniture courante » n'est pas une valeur connue de la colonne Nature : valeurs possibles Travaux, Fournitures, Services. La ligne est exclue des calculs.".into(),
            suggestion: "Vouliez-vous dire « Fournitures » ?".into(),
        }]
    );
}

#[test]
fn check_exits_0_with_warnings_only_1_with_an_error_and_2_for_bad_usage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![T("Référence"), T("Objet"), T("Nature"), T("Montant HT"), T("Code CPV")],
        vec![T("R1"), T("o"), T("T"), N(1.0), T("123")],
    ];
    write_book(&dir.path().join("a.xlsx"), &[SheetSpec::new("Marchés", rows)]);
    assert_eq!(check(dir.path(), &["a.xlsx"]).0, 0);
    std::fs::write(dir.path().join("b.xlsx"), b"").expect("write");
    assert_eq!(check(dir.path(), &["."]).0, 1);
    assert_eq!(spaser(dir.path(), &["check", "absent"]).status.code(), Some(2));
    assert_eq!(spaser(dir.path(), &["check", "--format", "xml"]).status.code(), Some(2));
    std::fs::write(
        dir.path().join("spaser.toml"),
        "[colonnes.recensement]\n\"X\" = \"inconnue\"\n",
    )
    .expect("write");
    assert_eq!(
        spaser(dir.path(), &["check"]).status.code(),
        Some(2),
        "a bad spaser.toml is bad configuration"
    );
}

#[test]
fn json_output_is_one_array_and_nothing_else_on_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("vide.xlsx"), b"").expect("write");
    let output = spaser(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("only JSON on stdout");
    assert_eq!(json.as_array().map(Vec::len), Some(1));
}

#[test]
fn text_output_names_file_sheet_and_cell_and_ends_with_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![
        vec![T("Référence"), T("Objet"), T("Nature"), T("Montant HT")],
        vec![T("R1"), T("o"), T("T"), T("douze")],
    ];
    write_book(&dir.path().join("a.xlsx"), &[SheetSpec::new("Marchés", rows)]);
    let output = spaser(dir.path(), &["check", "a.xlsx"]);
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        stdout.starts_with("a.xlsx › Marchés › D2 : erreur [montant-invalide] "),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 fichier lu : 1 erreur, 0 avertissement, 0 info.\n"),
        "{stdout}"
    );
}

#[test]
fn lock_and_temporary_files_are_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["~$a.xlsx", ".~lock.a.xlsx#", "a.xlsx.tmp"] {
        std::fs::write(dir.path().join(name), b"garbage").expect("write");
    }
    assert_eq!(check(dir.path(), &["."]), (0, vec![]));
}

#[test]
fn empty_truncated_csv_renamed_encrypted_and_xlsb_files_are_each_a_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.xlsx");
    write_book(&good, &[SheetSpec::new("Marchés", vec![vec![T("Référence")]])]);
    let bytes = std::fs::read(&good).expect("read");
    std::fs::write(dir.path().join("tronque.xlsx"), &bytes[..bytes.len() / 2]).expect("write");
    std::fs::write(dir.path().join("vide.xlsx"), b"").expect("write");
    std::fs::write(dir.path().join("export.xlsx"), "Référence;Objet\nR1;x\n").expect("write");
    let mut cfb = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    cfb.resize(4096, 0);
    std::fs::write(dir.path().join("protege.xlsx"), &cfb).expect("write");
    patch_xlsx(&good, "xl/workbook.xml", |xml| xml.to_string());
    let mut xlsb = zip::ZipWriter::new(std::fs::File::create(dir.path().join("binaire.xlsb")).expect("create"));
    xlsb.start_file("xl/workbook.bin", zip::write::SimpleFileOptions::default())
        .expect("start");
    xlsb.finish().expect("finish");
    std::fs::remove_file(&good).expect("rm");
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let got: Vec<(String, String)> = seen
        .iter()
        .map(|d| (d.file.trim_start_matches("./").to_string(), d.code.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("binaire.xlsb", "format-non-pris-en-charge"),
            ("export.xlsx", "format-non-pris-en-charge"),
            ("protege.xlsx", "fichier-protege"),
            ("tronque.xlsx", "fichier-illisible"),
            ("vide.xlsx", "fichier-vide"),
        ]
        .map(|(f, c)| (f.to_string(), c.to_string()))
    );
    assert!(
        seen.iter()
            .filter(|d| d.code != "fichier-vide")
            .all(|d| d.suggestion.contains("enregistrez")
                || d.suggestion.contains("Enregistrez")
                || d.suggestion.contains("Rouvrez"))
    );
}

#[test]
fn usage_errors_and_help_are_in_french_with_exit_code_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (vec!["chek"], "commande inconnue : chek", "vouliez-vous dire « check »"),
        (
            vec!["check", "--format", "xml"],
            "valeur « xml » incorrecte pour --format",
            "valeurs possibles : text, json",
        ),
        (vec!["template"], "argument obligatoire manquant", "MODÈLE"),
        (vec!["check", "--year"], "valeur manquante pour --year", ""),
        (vec!["bilan", "a", "b"], "argument en trop : b", ""),
    ];
    for (args, message, detail) in cases {
        let output = spaser(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(message) && stderr.contains(detail),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("error:"), "{args:?}: {stderr}");
    }
    let help = spaser(dir.path(), &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8_lossy(&help.stdout);
    for french in ["Utilisation : spaser", "Commandes", "Affiche l'aide", "template"] {
        assert!(help.contains(french), "{french} in {help}");
    }
    for command in ["check", "bilan", "watch", "template"] {
        let help = spaser(dir.path(), &[command, "--help"]);
        let help = String::from_utf8_lossy(&help.stdout);
        assert!(help.contains("Utilisation : spaser"), "{command}: {help}");
        for english in [
            "Usage:",
            "Possible values",
            "[default:",
            "Print help",
            "<YEAR>",
            "<OUTPUT>",
        ] {
            assert!(!help.contains(english), "{command} --help shows « {english} »: {help}");
        }
    }
}

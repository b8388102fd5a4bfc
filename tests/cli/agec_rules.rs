//! SPEC §3 and §10, the loi AGEC art. 58 declaration: the recensement's AGEC columns (the 17
//! categories with short synonyms, donations, recycled products), `bilan --agec FILE.csv`
//! writing year N's declaration exactly in the data.gouv.fr schema, spaser's own checks, and the
//! bilan's `Déclaration AGEC` sheet — on a service's recensement written with openpyxl
//! (`tests/fixtures/gen/gen_agec_recensement.py`, which also writes the hand-worked oracle).

use super::support::*;
use std::path::Path;

const FIXTURE: &str = "agec-2024-recensement.xlsx";
const TOML: &str = "annee = 2024\ncollectivite = \"Ville de Sèvres-sur-Orge\"\nsiret = \"219 400 280 00016\"\n";

fn share() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(shared_fixtures().join(FIXTURE), dir.path().join(FIXTURE)).expect("copy");
    std::fs::write(dir.path().join("spaser.toml"), TOML).expect("toml");
    dir
}

fn declared(dir: &Path) -> (i32, String, String) {
    let out = tempfile::tempdir().expect("tmp");
    let csv = out.path().join("agec_2024.csv");
    let (code, text) = bilan(
        dir,
        &[".", "-o", "bilan.xlsx", "--agec", csv.to_str().expect("utf-8 path")],
    );
    let written = std::fs::read_to_string(&csv).unwrap_or_default();
    (code, text, written)
}

#[test]
fn bilan_agec_writes_year_ns_declaration_exactly_in_the_data_gouv_schema() {
    let dir = share();
    let (code, text, written) = declared(dir.path());
    assert!(code == 0 || code == 1, "{text}");
    assert!(
        text.contains("Déclaration AGEC (art. 58) de 2024 écrite dans"),
        "{text}"
    );
    let expected = std::fs::read_to_string(shared_fixtures().join("agec-2024-recensement.expected.csv")).unwrap();
    assert_eq!(
        written, expected,
        "the CSV, byte for byte (UTF-8, `,`, `.` decimals, LF)"
    );
}

#[test]
fn each_agec_part_is_at_most_its_amount_donations_are_within_the_reemploi_and_goods_with_a_part_have_a_category() {
    let dir = share();
    let (_, seen) = check(dir.path(), &["."]);
    let of = |code: &str| -> Vec<String> {
        seen.iter()
            .filter(|d| d.code == code)
            .map(|d| format!("{} {}", d.cell, d.severity))
            .collect()
    };
    assert_eq!(of("don-superieur-au-reemploi"), ["H4 avertissement"], "{seen:#?}");
    assert_eq!(of("part-agec-superieure-au-montant"), ["I6 avertissement"], "{seen:#?}");
    // 2024-006: goods with a réemploi part and no category; the works of 2024-009 are not asked.
    assert_eq!(of("categorie-agec-manquante"), ["F7 avertissement"], "{seen:#?}");
    let mistyped: Vec<_> = seen.iter().filter(|d| d.cell == "F9").collect();
    assert_eq!(mistyped.len(), 1, "{seen:#?}");
    assert!(
        mistyped[0].suggestion.contains("Jeux et jouets"),
        "a suggestion for the typing mistake: {:?}",
        mistyped[0]
    );
}

#[test]
fn the_bilan_shows_the_declaration_in_a_sheet_of_its_own_with_the_shares() {
    let dir = share();
    let (code, text, _) = declared(dir.path());
    assert!(code == 0 || code == 1, "{text}");
    let mut book = Book::open(&dir.path().join("bilan.xlsx"));
    assert!(book.sheet_names().contains(&"Déclaration AGEC".to_string()));
    let sheet = book.sheet("Déclaration AGEC");
    let papier = sheet.row_labelled("Papier");
    assert_eq!(papier[1], "1", "{papier:?}");
    assert_eq!(num(&papier[2]), 15000.0);
    assert_eq!(num(&papier[7]), 1.0, "recycled: 100 % of the total");
    let total = sheet.row_labelled("Total");
    assert_eq!(num(&total[2]), 305000.0, "{total:?}");
    assert_eq!(num(&total[6]), 115000.0, "{total:?}");
}

#[test]
fn agec_needs_the_authoritys_siret_in_spaser_toml_and_a_csv_file() {
    let dir = share();
    std::fs::write(dir.path().join("spaser.toml"), "annee = 2024\n").unwrap();
    let (code, text, _) = declared(dir.path());
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("siret"), "{text}");
    let (code, text) = bilan(dir.path(), &[".", "--agec", "agec.json"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains(".csv"), "{text}");
}

#[test]
fn the_recensement_template_has_the_agec_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recensement.xlsx");
    let output = spaser(dir.path(), &["template", "recensement", "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let headers = Book::open(&out).sheet("Marchés").headers();
    for header in [
        "Catégorie AGEC",
        "Montant réemploi ou réutilisation HT (€)",
        "Montant issu de dons HT (€)",
        "Montant de produits recyclés HT (€)",
    ] {
        assert!(headers.iter().any(|h| h == header), "{header} in {headers:?}");
    }
}

#[test]
fn a_declaration_or_an_export_left_in_the_folder_is_spasers_own_and_never_read_as_an_input() {
    let dir = share();
    let (code, text) = bilan(
        dir.path(),
        &[
            ".",
            "-o",
            "bilan.xlsx",
            "--agec",
            "agec_2024.csv",
            "--export",
            "indicateurs.csv",
        ],
    );
    assert!(code == 0 || code == 1, "{text}");
    let (_, seen) = check(dir.path(), &["."]);
    for file in ["agec_2024.csv", "indicateurs.csv"] {
        let about: Vec<&Seen> = seen.iter().filter(|d| d.file == file).collect();
        assert_eq!(about.len(), 1, "{about:#?}");
        assert_eq!(
            (about[0].code.as_str(), about[0].severity.as_str()),
            ("bilan-spaser-ignore", "info")
        );
    }
}

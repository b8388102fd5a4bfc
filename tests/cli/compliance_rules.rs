//! SPEC §11, the loi Climat et résilience contract by contract: in scope from a launch on
//! 21/08/2026 (or, without a launch date, a notification), outside defence and security; each
//! missing consideration a warning on its row, a justified one an info; the social condition at
//! or above the EU threshold of the launch date's period (overridable in `spaser.toml`); the
//! `Conformité 2026` sheet and the Synthèse summary.

use crate::support::C::*;
use crate::support::*;
use std::path::Path;

fn header() -> Vec<C> {
    [
        "Référence",
        "Service",
        "Objet",
        "Nature",
        "Montant HT (€)",
        "Date de lancement",
        "Date de notification",
        "Clause environnementale",
        "Critère environnemental",
        "Clause sociale d'insertion",
        "Défense ou sécurité",
        "Dérogation environnementale",
        "Dérogation sociale",
    ]
    .into_iter()
    .map(T)
    .collect()
}

/// (référence, nature, montant, lancement, notification, clause env, critère env, clause
/// sociale, défense, dérogation env, dérogation sociale)
type Row = (
    &'static str,
    &'static str,
    f64,
    Option<(u16, u8, u8)>,
    (u16, u8, u8),
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn book(dir: &Path, rows: &[Row]) {
    let mut all = vec![header()];
    for r in rows {
        let mut cells = vec![T(r.0), T("Voirie"), T("Objet"), T(r.1), N(r.2)];
        cells.push(r.3.map_or(E, |(y, m, d)| D(y, m, d)));
        cells.push(D(r.4.0, r.4.1, r.4.2));
        cells.extend([r.5, r.6, r.7, r.8, r.9, r.10].map(|t| if t.is_empty() { E } else { T(t) }));
        all.push(cells);
    }
    write_book(&dir.join("marches.xlsx"), &[SheetSpec::new("Marchés", all)]);
}

const AFTER: Option<(u16, u8, u8)> = Some((2026, 9, 1));
const NOTIFIED: (u16, u8, u8) = (2026, 12, 1);

/// The §11 diagnostics of each row, as (reference row, code).
fn findings(dir: &Path) -> Vec<(String, String)> {
    let (_, seen) = check(dir, &["."]);
    seen.into_iter()
        .filter(|d| d.code.starts_with("non-conforme") || d.code == "derogation-motivee")
        .map(|d| (d.cell.trim_start_matches(char::is_alphabetic).to_string(), d.code))
        .collect()
}

fn pairs(wanted: &[(&str, &str)]) -> Vec<(String, String)> {
    wanted.iter().map(|(r, c)| (r.to_string(), c.to_string())).collect()
}

#[test]
fn a_contract_launched_the_day_before_21_08_2026_is_outside_and_one_launched_that_day_inside() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[
            (
                "A",
                "Services",
                1000.0,
                Some((2026, 8, 20)),
                NOTIFIED,
                "Non",
                "Non",
                "",
                "",
                "",
                "",
            ),
            (
                "B",
                "Services",
                1000.0,
                Some((2026, 8, 21)),
                NOTIFIED,
                "Non",
                "Oui",
                "",
                "",
                "",
                "",
            ),
        ],
    );
    assert_eq!(findings(dir.path()), pairs(&[("3", "non-conforme-clause-env")]));
}

#[test]
fn without_a_launch_date_a_notification_from_21_08_2026_brings_the_contract_in_scope_marked_so() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[(
            "A",
            "Services",
            1000.0,
            None,
            (2026, 8, 21),
            "Oui",
            "Non",
            "",
            "",
            "",
            "",
        )],
    );
    let (_, seen) = check(dir.path(), &["."]);
    let finding = seen
        .iter()
        .find(|d| d.code == "non-conforme-critere-env")
        .expect("in scope");
    assert!(
        finding.message.contains("date de lancement inconnue"),
        "{}",
        finding.message
    );
}

#[test]
fn each_missing_consideration_is_a_warning_on_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[
            (
                "A", "Services", 300_000.0, AFTER, NOTIFIED, "Non", "Oui", "Oui", "", "", "",
            ),
            (
                "B", "Services", 300_000.0, AFTER, NOTIFIED, "Oui", "Non", "Oui", "", "", "",
            ),
            (
                "C", "Services", 300_000.0, AFTER, NOTIFIED, "Oui", "Oui", "Non", "", "", "",
            ),
            (
                "D", "Services", 300_000.0, AFTER, NOTIFIED, "Oui", "Oui", "Oui", "", "", "",
            ),
        ],
    );
    let (_, seen) = check(dir.path(), &["."]);
    let got: Vec<(&str, &str, &str)> = seen
        .iter()
        .filter(|d| d.code.starts_with("non-conforme"))
        .map(|d| (d.cell.as_str(), d.code.as_str(), d.severity.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("H2", "non-conforme-clause-env", "avertissement"),
            ("I3", "non-conforme-critere-env", "avertissement"),
            ("J4", "non-conforme-clause-sociale", "avertissement")
        ]
    );
}

#[test]
fn a_justification_in_a_derogation_column_turns_the_finding_into_an_info() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[
            (
                "A",
                "Services",
                300_000.0,
                AFTER,
                NOTIFIED,
                "Non",
                "Non",
                "Non",
                "",
                "Licences logicielles",
                "Urgence impérieuse",
            ),
            (
                "B", "Services", 300_000.0, AFTER, NOTIFIED, "Non", "Oui", "Oui", "", "   ", "",
            ),
        ],
    );
    let (_, seen) = check(dir.path(), &["."]);
    let derogations: Vec<(&str, &str)> = seen
        .iter()
        .filter(|d| d.code == "derogation-motivee")
        .map(|d| (d.cell.as_str(), d.severity.as_str()))
        .collect();
    assert_eq!(derogations, [("L2", "info"), ("L2", "info"), ("M2", "info")]);
    assert!(
        seen.iter()
            .any(|d| d.code == "non-conforme-clause-env" && d.cell == "H3"),
        "a blank justification justifies nothing"
    );
}

#[test]
fn works_just_under_5_404_000_need_no_social_clause_and_at_5_404_000_they_do() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[
            (
                "A",
                "Travaux",
                5_403_999.99,
                AFTER,
                NOTIFIED,
                "Oui",
                "Oui",
                "Non",
                "",
                "",
                "",
            ),
            (
                "B",
                "Travaux",
                5_404_000.0,
                AFTER,
                NOTIFIED,
                "Oui",
                "Oui",
                "Non",
                "",
                "",
                "",
            ),
        ],
    );
    assert_eq!(findings(dir.path()), pairs(&[("3", "non-conforme-clause-sociale")]));
}

#[test]
fn supplies_at_216_000_need_a_social_clause() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[
            (
                "A",
                "Fournitures",
                216_000.0,
                AFTER,
                NOTIFIED,
                "Oui",
                "Oui",
                "Non",
                "",
                "",
                "",
            ),
            (
                "B",
                "Fournitures",
                215_999.0,
                AFTER,
                NOTIFIED,
                "Oui",
                "Oui",
                "Non",
                "",
                "",
                "",
            ),
        ],
    );
    assert_eq!(findings(dir.path()), pairs(&[("2", "non-conforme-clause-sociale")]));
}

#[test]
fn a_defence_or_security_contract_is_outside_the_obligations() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[(
            "A",
            "Fournitures",
            900_000.0,
            AFTER,
            NOTIFIED,
            "Non",
            "Non",
            "Non",
            "Oui",
            "",
            "",
        )],
    );
    assert_eq!(findings(dir.path()), vec![]);
}

#[test]
fn the_thresholds_are_overridden_from_spaser_toml() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[(
            "A",
            "Fournitures",
            150_000.0,
            AFTER,
            NOTIFIED,
            "Oui",
            "Oui",
            "Non",
            "",
            "",
            "",
        )],
    );
    assert_eq!(findings(dir.path()), vec![], "under 216 000 € HT");
    std::fs::write(
        dir.path().join("spaser.toml"),
        "[[seuils]]\ndebut = 2026-01-01\nfin = 2027-12-31\nfournitures_services = 140000\ntravaux = 5404000\n",
    )
    .unwrap();
    assert_eq!(findings(dir.path()), pairs(&[("2", "non-conforme-clause-sociale")]));
}

#[test]
fn the_conformite_2026_sheet_and_the_synthese_count_contracts_in_scope_and_fully_compliant() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[
            (
                "OK", "Services", 100_000.0, AFTER, NOTIFIED, "Oui", "Oui", "", "", "", "",
            ),
            (
                "SANS-CLAUSE",
                "Services",
                100_000.0,
                AFTER,
                NOTIFIED,
                "Non",
                "Oui",
                "",
                "",
                "",
                "",
            ),
            (
                "DEROGATION",
                "Services",
                100_000.0,
                AFTER,
                NOTIFIED,
                "Non",
                "Non",
                "",
                "",
                "Licences",
                "",
            ),
            (
                "TRAVAUX",
                "Travaux",
                6_000_000.0,
                AFTER,
                NOTIFIED,
                "Oui",
                "Oui",
                "Non",
                "",
                "",
                "",
            ),
            (
                "DEFENSE",
                "Fournitures",
                500_000.0,
                AFTER,
                NOTIFIED,
                "Non",
                "Non",
                "",
                "Oui",
                "",
                "",
            ),
            (
                "AVANT",
                "Services",
                100_000.0,
                Some((2026, 8, 1)),
                (2026, 9, 1),
                "Non",
                "Non",
                "",
                "",
                "",
                "",
            ),
        ],
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx", "--year", "2026"]);
    assert_eq!(code, 0, "{text}");
    let mut book = Book::open(&dir.path().join("out.xlsx"));
    let names = book.sheet_names();
    let at = names.iter().position(|n| n == "Conformité 2026").expect("the sheet");
    assert_eq!(names[at - 1], "Indicateurs", "placed after Indicateurs");
    let sheet = book.sheet("Conformité 2026");
    let rows = sheet.records();
    let references: Vec<&str> = rows.iter().map(|r| r["Référence"].as_str()).collect();
    assert_eq!(
        references,
        ["OK", "SANS-CLAUSE", "DEROGATION", "TRAVAUX"],
        "defence and before-the-date are out"
    );
    let conforme: Vec<&str> = rows.iter().map(|r| r["Conforme"].as_str()).collect();
    assert_eq!(conforme, ["Oui", "Non", "Oui", "Non"]);
    assert_eq!(rows[2]["Clause environnementale"], "dérogation motivée");
    assert_eq!(rows[2]["Justification"], "Licences");
    assert_eq!(
        rows[0]["Clause sociale (au-dessus du seuil)"],
        "non requise (sous le seuil)"
    );
    assert!(rows[3]["Clause sociale (au-dessus du seuil)"].starts_with('✘'));
    let synthese = book.sheet("Synthèse");
    assert_eq!(synthese.row_labelled("Marchés concernés")[1], "4");
    assert_eq!(synthese.row_labelled("Pleinement conformes")[1], "2");
    assert_eq!(
        num(&synthese.row_labelled("Part des marchés pleinement conformes")[1]),
        0.5
    );
    assert_eq!(
        synthese.row_labelled("Voirie")[1..4],
        ["4".to_string(), "2".to_string(), "0.5".to_string()],
        "by service"
    );
}

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

/// One row of the workbook; `contract("A")` is a service of 1 000 € launched after the date
/// with nothing filled in, and each test says what differs.
struct Contract {
    reference: &'static str,
    nature: &'static str,
    amount: f64,
    launched: Option<(u16, u8, u8)>,
    notified: (u16, u8, u8),
    clause_env: &'static str,
    critere_env: &'static str,
    clause_sociale: &'static str,
    defence: &'static str,
    derogation_env: &'static str,
    derogation_sociale: &'static str,
}

fn contract(reference: &'static str) -> Contract {
    Contract {
        reference,
        nature: "Services",
        amount: 1000.0,
        launched: AFTER,
        notified: NOTIFIED,
        clause_env: "",
        critere_env: "",
        clause_sociale: "",
        defence: "",
        derogation_env: "",
        derogation_sociale: "",
    }
}

fn book(dir: &Path, rows: &[Contract]) {
    let text = |t: &'static str| if t.is_empty() { E } else { T(t) };
    let mut all = vec![header()];
    for r in rows {
        let (y, m, d) = r.notified;
        let mut cells = vec![T(r.reference), T("Voirie"), T("Objet"), T(r.nature), N(r.amount)];
        cells.push(r.launched.map_or(E, |(y, m, d)| D(y, m, d)));
        cells.push(D(y, m, d));
        cells.extend(
            [
                r.clause_env,
                r.critere_env,
                r.clause_sociale,
                r.defence,
                r.derogation_env,
                r.derogation_sociale,
            ]
            .map(text),
        );
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
            Contract {
                launched: Some((2026, 8, 20)),
                clause_env: "Non",
                critere_env: "Non",
                ..contract("A")
            },
            Contract {
                launched: Some((2026, 8, 21)),
                clause_env: "Non",
                critere_env: "Oui",
                ..contract("B")
            },
        ],
    );
    assert_eq!(findings(dir.path()), pairs(&[("3", "non-conforme-clause-env")]));
}

#[test]
fn without_a_launch_date_a_notification_from_21_08_2026_brings_the_contract_in_scope_marked_so() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[Contract {
            launched: None,
            notified: (2026, 8, 21),
            clause_env: "Oui",
            critere_env: "Non",
            ..contract("A")
        }],
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
            Contract {
                amount: 300_000.0,
                clause_env: "Non",
                critere_env: "Oui",
                clause_sociale: "Oui",
                ..contract("A")
            },
            Contract {
                amount: 300_000.0,
                clause_env: "Oui",
                critere_env: "Non",
                clause_sociale: "Oui",
                ..contract("B")
            },
            Contract {
                amount: 300_000.0,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Non",
                ..contract("C")
            },
            Contract {
                amount: 300_000.0,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Oui",
                ..contract("D")
            },
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
            Contract {
                amount: 300_000.0,
                clause_env: "Non",
                critere_env: "Non",
                clause_sociale: "Non",
                derogation_env: "Licences logicielles",
                derogation_sociale: "Urgence impérieuse",
                ..contract("A")
            },
            Contract {
                amount: 300_000.0,
                clause_env: "Non",
                critere_env: "Oui",
                clause_sociale: "Oui",
                ..contract("B")
            },
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
            Contract {
                nature: "Travaux",
                amount: 5_403_999.99,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Non",
                ..contract("A")
            },
            Contract {
                nature: "Travaux",
                amount: 5_404_000.0,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Non",
                ..contract("B")
            },
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
            Contract {
                nature: "Fournitures",
                amount: 216_000.0,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Non",
                ..contract("A")
            },
            Contract {
                nature: "Fournitures",
                amount: 215_999.0,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Non",
                ..contract("B")
            },
        ],
    );
    assert_eq!(findings(dir.path()), pairs(&[("2", "non-conforme-clause-sociale")]));
}

#[test]
fn a_defence_or_security_contract_is_outside_the_obligations() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[Contract {
            nature: "Fournitures",
            amount: 900_000.0,
            clause_env: "Non",
            critere_env: "Non",
            clause_sociale: "Non",
            defence: "Oui",
            ..contract("A")
        }],
    );
    assert_eq!(findings(dir.path()), vec![]);
}

#[test]
fn the_thresholds_are_overridden_from_spaser_toml() {
    let dir = tempfile::tempdir().unwrap();
    book(
        dir.path(),
        &[Contract {
            nature: "Fournitures",
            amount: 150_000.0,
            clause_env: "Oui",
            critere_env: "Oui",
            clause_sociale: "Non",
            ..contract("A")
        }],
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
            Contract {
                amount: 100_000.0,
                clause_env: "Oui",
                critere_env: "Oui",
                ..contract("OK")
            },
            Contract {
                amount: 100_000.0,
                clause_env: "Non",
                critere_env: "Oui",
                ..contract("SANS-CLAUSE")
            },
            Contract {
                amount: 100_000.0,
                clause_env: "Non",
                critere_env: "Non",
                derogation_env: "Licences",
                ..contract("DEROGATION")
            },
            Contract {
                nature: "Travaux",
                amount: 6_000_000.0,
                clause_env: "Oui",
                critere_env: "Oui",
                clause_sociale: "Non",
                ..contract("TRAVAUX")
            },
            Contract {
                nature: "Fournitures",
                amount: 500_000.0,
                clause_env: "Non",
                critere_env: "Non",
                defence: "Oui",
                ..contract("DEFENSE")
            },
            Contract {
                amount: 100_000.0,
                launched: Some((2026, 8, 1)),
                notified: (2026, 9, 1),
                clause_env: "Non",
                critere_env: "Non",
                ..contract("AVANT")
            },
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
    let document = xlsx_part(&dir.path().join("out.docx"), "word/document.xml");
    assert!(
        document
            .contains(">Loi Climat et résilience : marchés lancés depuis le 21/08/2026 (hors défense et sécurité)<"),
        "the committee's document has the loi Climat annex when contracts are in scope"
    );
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

//! SPEC §6: an empty bilan is still written and announced; `check` reports a suivi none of
//! whose rows could be read; the `Sources` sheet names the service the rows give.

use crate::support::C::*;
use crate::support::*;

fn recensement(dir: &std::path::Path, name: &str, extra: Vec<C>, rows: Vec<Vec<C>>) {
    let mut head = vec![
        T("Référence"),
        T("Objet"),
        T("Nature"),
        T("Montant HT (€)"),
        T("Date de notification"),
    ];
    head.extend(extra);
    let mut all = vec![head];
    all.extend(rows);
    write_book(&dir.join(name), &[SheetSpec::new("Marchés", all)]);
}

#[test]
fn a_bilan_without_any_fiche_action_is_written_and_announced_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    recensement(
        dir.path(),
        "r.xlsx",
        vec![],
        vec![vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)]],
    );
    let output = spaser(dir.path(), &["bilan", ".", "-o", "out.xlsx"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("aucune fiche action lue : le bilan est vide"),
        "{stderr}"
    );
    assert!(dir.path().join("out.xlsx").is_file());
}

#[test]
fn a_bilan_without_a_purchase_notified_in_year_n_says_so() {
    let dir = tempfile::tempdir().unwrap();
    recensement(
        dir.path(),
        "r.xlsx",
        vec![],
        vec![vec![T("R1"), T("o"), T("T"), N(1.0), D(2023, 1, 2)]],
    );
    let output = spaser(dir.path(), &["bilan", ".", "-o", "out.xlsx", "--year", "2024"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("aucun marché notifié en 2024"), "{stderr}");
}

#[test]
fn check_reports_an_error_when_a_suivi_is_found_but_none_of_its_rows_can_be_read() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        &dir.path().join("ref.xlsx"),
        &[SheetSpec::new(
            "Actions",
            vec![
                vec![T("Code FA"), T("Axe"), T("Intitulé")],
                vec![T("FA 1"), T("Axe 1"), E],
                vec![T("FA 2"), T("Axe 1"), E],
            ],
        )],
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let unread: Vec<&Seen> = seen.iter().filter(|d| d.code == "suivi-illisible").collect();
    assert_eq!(unread.len(), 1, "{seen:#?}");
    assert_eq!(
        (unread[0].severity.as_str(), unread[0].sheet.as_str()),
        ("erreur", "Actions")
    );
    assert!(
        unread[0].message.contains("aucune de ses 2 ligne(s)"),
        "{}",
        unread[0].message
    );
}

#[test]
fn the_sources_sheet_names_the_services_the_rows_give_joined() {
    let dir = tempfile::tempdir().unwrap();
    recensement(
        dir.path(),
        "export_2024.xlsx",
        vec![T("Direction")],
        vec![
            vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2), T("Voirie")],
            vec![T("R2"), T("o"), T("T"), N(1.0), D(2024, 1, 2), T("DSI")],
            vec![T("R3"), T("o"), T("T"), N(1.0), D(2024, 1, 2), T("Voirie")],
        ],
    );
    recensement(
        dir.path(),
        "Espaces verts.xlsx",
        vec![],
        vec![vec![T("R1"), T("o"), T("T"), N(1.0), D(2024, 1, 2)]],
    );
    let (code, text) = bilan(dir.path(), &[".", "-o", "out.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let sources = Book::open(&dir.path().join("out.xlsx")).sheet("Sources");
    assert_eq!(sources.record("Fichier", "export_2024.xlsx")["Service"], "Voirie, DSI");
    assert_eq!(
        sources.record("Fichier", "Espaces verts.xlsx")["Service"],
        "Espaces verts",
        "else the file name"
    );
}

//! §2 and §3 on recensements as procurement suites export them: CSV and text exports written
//! here byte by byte as suites and Excel write them (Windows-1252 or UTF-8 with a BOM, `;`, `,` or
//! tab, quoted fields, decimal commas, a title line), read exactly like a sheet.

use crate::support::*;
use std::path::Path;

/// Bytes of `text` in Windows-1252, as Excel saves « CSV (séparateur : point-virgule) ».
fn windows_1252(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

/// A share holding one file of `bytes` named `name`.
fn share_with(name: &str, bytes: impl AsRef<[u8]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

fn references_in_bilan(dir: &Path) -> Vec<String> {
    let (code, text) = bilan(dir, &[".", "-o", "bilan.xlsx", "--year", "2025"]);
    assert_eq!(code, 0, "{text}");
    let mut references: Vec<String> = Book::open(&dir.join("bilan.xlsx"))
        .sheet("Recensement")
        .records()
        .into_iter()
        .map(|r| r["Référence"].clone())
        .collect();
    references.sort();
    references
}

fn sources(dir: &Path) -> Vec<(String, String)> {
    Book::open(&dir.join("bilan.xlsx"))
        .sheet("Sources")
        .records()
        .into_iter()
        .map(|r| (r["Fichier"].clone(), r["Type"].clone()))
        .take_while(|(f, _)| !f.is_empty() && f != "Paramètres du calcul")
        .collect()
}

#[test]
fn a_csv_export_in_windows_1252_with_semicolons_a_title_line_and_decimal_commas_is_read_like_a_sheet() {
    let dir = share_with(
        "export_marchés.csv",
        windows_1252(
            "Liste des marchés notifiés en 2025;;;;\r\n\
             N° de marché;Objet du marché;Nature;Montant HT;Date de notification\r\n\
             2025-001;\"Entretien; espaces verts\";Services;\"12 345,67\";15/03/2025\r\n\
             2025-002;Fourniture de papier recyclé;Fournitures;800,5;02/04/2025\r\n",
        ),
    );
    assert_eq!(references_in_bilan(dir.path()), ["2025-001", "2025-002"]);
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "{seen:#?}");
    let recensement = Book::open(&dir.path().join("bilan.xlsx"))
        .sheet("Recensement")
        .records();
    let first = recensement.iter().find(|r| r["Référence"] == "2025-001").unwrap();
    assert_eq!(first["Objet"], "Entretien; espaces verts");
    assert_eq!(num(&first["Montant HT (€)"]), 12345.67);
}

#[test]
fn a_comma_separated_utf8_export_with_a_bom_and_line_breaks_in_quotes_is_read() {
    let dir = share_with(
        "dsi.csv",
        "\u{feff}Référence,Objet,Nature,Montant HT,Date de notification\n\
         D-1,\"Licences, logiciels\nlot unique\",Fournitures,\"1 200,00\",2025-05-01\n",
    );
    assert_eq!(references_in_bilan(dir.path()), ["D-1"]);
}

#[test]
fn a_tab_separated_text_export_is_read_like_a_sheet() {
    let dir = share_with(
        "export.txt",
        windows_1252(
            "Référence\tObjet\tNature\tMontant HT\tDate de notification\r\nT-1\tVoirie\tTravaux\t50 000\t10/06/2025\r\n",
        ),
    );
    assert_eq!(references_in_bilan(dir.path()), ["T-1"]);
}

#[test]
fn a_csv_of_no_known_kind_is_an_info_never_skipped_in_silence_and_every_csv_is_in_sources() {
    let dir = share_with(
        "marchés.csv",
        "Référence;Objet;Nature;Montant HT;Date de notification\nM-1;Objet;Travaux;1000;01/03/2025\n",
    );
    std::fs::write(
        dir.path().join("contacts.csv"),
        "Nom;Téléphone\nDupont;01 02 03 04 05\n",
    )
    .unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "{seen:#?}");
    let found: Vec<(&str, &str, &str)> = seen
        .iter()
        .map(|d| (d.file.as_str(), d.severity.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(found, [("contacts.csv", "info", "aucune-feuille-reconnue")]);
    references_in_bilan(dir.path());
    let listed = sources(dir.path());
    assert!(listed.iter().any(|(f, _)| f == "contacts.csv"), "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|(f, t)| f == "marchés.csv" && t.contains("ecensement")),
        "{listed:?}"
    );
}

#[test]
fn a_binary_file_named_csv_is_a_diagnostic_and_the_other_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("faux.csv"), b"\x00\x01\x02binaire\x00").unwrap();
    std::fs::write(
        dir.path().join("vrai.csv"),
        "Référence;Objet;Nature;Montant HT;Date de notification\nV-1;Objet;Travaux;1000;01/03/2025\n",
    )
    .unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    assert!(
        seen.iter()
            .any(|d| d.file == "faux.csv" && d.code == "format-non-pris-en-charge"),
        "{seen:#?}"
    );
    assert_eq!(references_in_bilan(dir.path()), ["V-1"]);
}

#[test]
fn procedures_as_typed_ao_mapa_negocie_are_read_and_an_unknown_one_lists_the_allowed_values() {
    let dir = share_with(
        "achats.csv",
        "Référence;Objet;Nature;Montant HT;Date de notification;Procédure\n\
         P-1;Objet;Travaux;1000;01/03/2025;AO\n\
         P-2;Objet;Travaux;1000;01/03/2025;MAPA < 40 k€\n\
         P-3;Objet;Travaux;1000;01/03/2025;Négocié\n\
         P-4;Objet;Travaux;1000;01/03/2025;Gré à gré\n\
         P-5;Objet;Travaux;1000;01/03/2025;AOX\n",
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    let unknown: Vec<&Seen> = seen.iter().filter(|d| d.code == "valeur-inconnue").collect();
    assert_eq!(unknown.len(), 1, "{seen:#?}");
    assert_eq!(unknown[0].cell, "F6");
    assert!(
        unknown[0].suggestion.starts_with("Choisissez parmi"),
        "{:?}",
        unknown[0]
    );
    references_in_bilan(dir.path());
    let procedures: Vec<String> = Book::open(&dir.path().join("bilan.xlsx"))
        .sheet("Recensement")
        .records()
        .into_iter()
        .map(|r| r["Procédure"].clone())
        .collect();
    for expected in [
        "Appel d'offres ouvert",
        "Procédure adaptée",
        "Procédure avec négociation",
        "Sans publicité ni mise en concurrence",
    ] {
        assert!(procedures.iter().any(|p| p == expected), "{expected}: {procedures:?}");
    }
}

#[test]
fn units_typed_in_numbers_205_h_1607_heures_12_k_euros_are_read_with_a_warning_and_12_percent_in_hours_is_an_error() {
    let dir = share_with(
        "insertion.csv",
        "Référence;Objet;Nature;Montant HT;Date de notification;Clause sociale;Heures d'insertion\n\
         H-1;Objet;Travaux;12 k€;01/03/2025;Oui;205 h\n\
         H-2;Objet;Travaux;1,2 M€;01/03/2025;Oui;1 607 heures\n\
         H-3;Objet;Travaux;1000;01/03/2025;Oui;12 %\n",
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    let found: Vec<(&str, &str)> = seen.iter().map(|d| (d.cell.as_str(), d.code.as_str())).collect();
    assert_eq!(
        found,
        [
            ("D2", "unite-lue"),
            ("G2", "unite-lue"),
            ("D3", "unite-lue"),
            ("G3", "unite-lue"),
            ("G4", "nombre-invalide"),
        ],
        "{seen:#?}"
    );
    assert!(
        seen[1].message.contains("« 205 h » lu comme 205 heures"),
        "{:?}",
        seen[1]
    );
    assert!(seen[2].message.contains("lu comme 1 200 000 €"), "{:?}", seen[2]);
    assert!(
        seen[4].message.contains("l'unité « % » ne convient pas"),
        "{:?}",
        seen[4]
    );
}

#[test]
fn a_notification_date_in_2052_or_before_2000_is_an_error_date_improbable_leaving_the_row_out_with_the_rows_year_suggested()
 {
    let dir = share_with(
        "dates.csv",
        "Référence;Objet;Nature;Montant HT;Date de notification;Année\n\
         D-1;Objet;Travaux;1000;15/03/2052;2025\n\
         D-2;Objet;Travaux;1000;15/03/1995;\n\
         D-3;Objet;Travaux;1000;15/03/2025;2025\n",
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    let found: Vec<(&str, &str)> = seen.iter().map(|d| (d.cell.as_str(), d.code.as_str())).collect();
    assert_eq!(
        found,
        [("E2", "date-improbable"), ("E3", "date-improbable")],
        "{seen:#?}"
    );
    assert!(seen[0].message.contains("exclue des calculs"), "{:?}", seen[0]);
    assert!(seen[0].suggestion.contains("15/03/2025"), "{:?}", seen[0]);
    assert_eq!(references_in_bilan(dir.path()), ["D-3"]);
}

#[test]
fn considerations_columns_as_suites_and_decp_write_them_set_the_flags_and_an_unknown_item_is_an_error() {
    let dir = share_with(
        "suite.csv",
        "Référence;Objet;Nature;Montant HT;Date de notification;Considérations sociales;Considérations environnementales\n\
         C-1;Objet;Travaux;1000;01/03/2025;Clause sociale, Critère social;Pas de considération environnementale\n\
         C-2;Objet;Travaux;1000;01/03/2025;Sans objet;Clause environnementale / Critère environnemental\n\
         C-3;Objet;Travaux;1000;01/03/2025;Marché réservé;Bio\n",
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1, "{seen:#?}");
    let found: Vec<(&str, &str)> = seen.iter().map(|d| (d.cell.as_str(), d.code.as_str())).collect();
    assert_eq!(found, [("G4", "valeur-inconnue")], "{seen:#?}");
    references_in_bilan(dir.path());
    let rows = Book::open(&dir.path().join("bilan.xlsx"))
        .sheet("Recensement")
        .records();
    let flags = |reference: &str| {
        let row = rows.iter().find(|r| r["Référence"] == reference).unwrap();
        (
            row["Clause sociale d'insertion"].clone(),
            row["Critère social"].clone(),
            row["Considération environnementale"].clone(),
            row["Considération sociale"].clone(),
        )
    };
    assert_eq!(flags("C-1"), ("Oui".into(), "Oui".into(), "Non".into(), "Oui".into()));
    assert_eq!(flags("C-2"), ("Non".into(), "Non".into(), "Oui".into(), "Non".into()));
    assert_eq!(flags("C-3").3, "Oui", "a marché réservé is a social consideration");
}

#[test]
fn a_header_matching_several_keys_is_decided_by_its_values_and_a_pme_column_gives_the_category() {
    let dir = share_with(
        "suite.csv",
        "Référence;Objet;Type;Montant HT;Date de notification;PME\n\
         T-1;Objet;Travaux;1000;01/03/2025;Oui\n\
         T-2;Objet;Fournitures;1000;01/03/2025;Non\n\
         T-3;Objet;Services;1000;01/03/2025;\n",
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!((code, codes(&seen)), (0, vec![]), "the values decide: {seen:#?}");
    references_in_bilan(dir.path());
    let rows = Book::open(&dir.path().join("bilan.xlsx"))
        .sheet("Recensement")
        .records();
    let of = |reference: &str, column: &str| rows.iter().find(|r| r["Référence"] == reference).unwrap()[column].clone();
    assert_eq!(of("T-2", "Nature"), "Fournitures");
    assert_eq!(of("T-1", "Catégorie du titulaire"), "PME");
    assert_eq!(of("T-2", "Catégorie du titulaire"), "Non connue");
    assert_eq!(of("T-3", "Catégorie du titulaire"), "");

    let undecided = tempfile::tempdir().unwrap();
    std::fs::write(
        undecided.path().join("suite.csv"),
        "Référence;Objet;Nature;Type;Montant HT;Date de notification\n\
         U-1;Objet;Travaux;Urgent;1000;01/03/2025\n",
    )
    .unwrap();
    let (_, seen) = check(undecided.path(), &["."]);
    assert!(
        seen.iter().any(|d| d.code == "en-tete-ambigu" && d.cell == "D1"),
        "{seen:#?}"
    );
}

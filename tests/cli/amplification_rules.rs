//! SPEC §9, bounded work per file: at most 100 diagnostics of one code per file then one that
//! counts the rest (in `check` and the Anomalies sheet alike), values quoted in messages cut at
//! 200 characters, cell texts over 32 767 characters cut with an error, date serials outside
//! Excel's dates reported on their cell.

use crate::support::C::*;
use crate::support::*;
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

fn header() -> Vec<C> {
    recensement_header(&[])
}

/// A recensement of `rows` rows built by `row`.
fn many_rows(path: &Path, rows: usize, row: impl Fn(usize) -> Vec<C>) {
    let mut all = vec![header()];
    all.extend((0..rows).map(row));
    write_book(path, &[SheetSpec::new("Marchés", all)]);
}

/// The diagnostic that counts those left out.
fn summary<'a>(seen: &[&'a Seen]) -> &'a Seen {
    seen.iter()
        .find(|d| d.message.starts_with("… et "))
        .unwrap_or_else(|| panic!("no count among {}", seen.len()))
}

fn of_code<'a>(seen: &'a [Seen], code: &str) -> Vec<&'a Seen> {
    seen.iter().filter(|d| d.code == code).collect()
}

#[test]
fn twenty_thousand_identical_mistakes_give_a_hundred_diagnostics_and_one_that_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    many_rows(&dir.path().join("voirie.xlsx"), 20_001, |i| {
        // One good row, so that a bilan is written.
        let amount = if i == 0 { N(1000.0) } else { T("beaucoup") };
        vec![S(format!("V-{i}")), T("Objet"), T("Travaux"), amount, D(2024, 3, 1)]
    });
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let amounts = of_code(&seen, "montant-invalide");
    assert_eq!(amounts.len(), 101, "100 and one that counts the rest");
    let count = summary(&amounts);
    assert!(count.message.starts_with("… et 19 900 autre(s)"), "{}", count.message);
    assert_eq!(count.severity, "erreur");
    let (_, text) = bilan(dir.path(), &[".", "-o", "bilan.xlsx"]);
    assert!(
        text.contains("20000 erreur(s)") || text.contains("20 000 erreur(s)"),
        "every one counted: {text}"
    );
    let anomalies = Book::open(&dir.path().join("bilan.xlsx")).sheet("Anomalies");
    let listed = anomalies
        .records()
        .iter()
        .filter(|r| r["Code"] == "montant-invalide")
        .count();
    assert_eq!(listed, 101, "the Anomalies sheet lists the same");
}

#[test]
fn five_thousand_rows_with_one_reference_give_a_hundred_doublon_errors_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    many_rows(&dir.path().join("voirie.xlsx"), 5_000, |_| {
        vec![T("V-1"), T("Objet"), T("Travaux"), N(1000.0), D(2024, 3, 1)]
    });
    let (_, seen) = check(dir.path(), &["."]);
    let duplicates = of_code(&seen, "doublon");
    assert_eq!(duplicates.len(), 101, "{:#?}", &duplicates[..3]);
    assert!(summary(&duplicates).message.starts_with("… et 4 899 autre(s)"));
}

#[test]
fn ten_thousand_empty_decp_contracts_give_at_most_101_diagnostics_of_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let contracts = vec!["{}"; 10_000].join(",");
    std::fs::write(dir.path().join("decp.json"), format!("{{\"marches\": [{contracts}]}}")).unwrap();
    let (code, seen) = check(dir.path(), &["."]);
    assert!(code == 0 || code == 1, "{code}");
    let mut codes: Vec<&str> = seen.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let count = of_code(&seen, code).len();
        assert!(count <= 101, "{code}: {count}");
    }
    assert!(seen.len() < 2_000, "{}", seen.len());
}

#[test]
fn decp_arrays_are_bounded_by_the_limits_a_contract_of_a_million_titulaires_is_refused_naming_the_limit() {
    use crate::hostile_rules::check_bounded;
    let dir = tempfile::tempdir().unwrap();
    crate::hostile_files::decp_contract_of_a_million_titulaires(&dir.path().join("decp.json"));
    let (exit, seen, _) = check_bounded(dir.path());
    assert_eq!(exit, 1, "{seen:#?}");
    let refused = of_code(&seen, "fichier-illisible");
    assert_eq!(refused.len(), 1, "{seen:#?}");
    assert!(
        refused[0].message.contains("plus de 10000 valeurs"),
        "{}",
        refused[0].message
    );
}

#[test]
fn a_value_quoted_in_a_message_is_cut_at_200_characters_and_a_cell_over_32767_characters_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voirie.xlsx");
    // No writer writes a cell over Excel's limit: the texts are put in the file's XML.
    many_rows(&path, 200, |i| {
        vec![
            S(format!("V-{i}")),
            T("OBJET-LONG"),
            T("Travaux"),
            T("MONTANT-LONG"),
            D(2024, 3, 1),
        ]
    });
    patch_xlsx(&path, "xl/sharedStrings.xml", |xml| {
        xml.replace("OBJET-LONG", &"o".repeat(40_000))
            .replace("MONTANT-LONG", &"9".repeat(40_000))
    });
    let (_, seen) = check(dir.path(), &["."]);
    assert!(
        seen.iter().all(|d| d.message.chars().count() < 1_000),
        "messages stay short"
    );
    let too_long = of_code(&seen, "texte-trop-long");
    assert_eq!(too_long.len(), 101, "two cells a row, a hundred listed and a count");
    let listed = too_long.iter().find(|d| !d.message.starts_with("… et ")).unwrap();
    assert!(listed.message.contains("32767"), "{}", listed.message);
}

#[test]
fn a_date_serial_outside_excels_dates_is_date_invalide_on_its_cell_and_the_workbook_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voirie.xlsx");
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = workbook.add_worksheet().set_name("Marchés").unwrap();
    for (col, title) in ["Référence", "Objet", "Nature", "Montant HT (€)", "Date de notification"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    let serials = [-1e308, -1.0, 0.0, 3e6, f64::MAX, 45_352.0];
    for (i, serial) in serials.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, format!("V-{i}")).unwrap();
        sheet.write_string(row, 1, "Objet").unwrap();
        sheet.write_string(row, 2, "Travaux").unwrap();
        sheet.write_number(row, 3, 1000.0).unwrap();
        sheet.write_number_with_format(row, 4, *serial, &date).unwrap();
    }
    workbook.save(&path).unwrap();
    let (_, seen) = check(dir.path(), &["."]);
    let dates: Vec<&str> = of_code(&seen, "date-invalide")
        .iter()
        .map(|d| d.cell.as_str())
        .collect();
    assert_eq!(dates, ["E2", "E3", "E4", "E5", "E6"], "{seen:#?}");
    assert!(seen.iter().all(|d| d.code != "fichier-illisible"), "{seen:#?}");
    let (code, text) = bilan(dir.path(), &[".", "-o", "bilan.xlsx"]);
    assert_eq!(code, 0, "{text}");
    let recensement = Book::open(&dir.path().join("bilan.xlsx")).sheet("Recensement");
    assert_eq!(
        recensement.record("Référence", "V-5")["Date de notification"],
        "01/03/2024"
    );
}

#[test]
fn a_zip_part_declaring_a_compressed_size_of_4_gib_reserves_nothing() {
    use crate::hostile_rules::{check_bounded, declare_zip_field, recensement};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voirie.xlsx");
    recensement(&path, "V-1");
    declare_zip_field(&path, "xl/styles.xml", (20, 18), u32::MAX);
    // Under a 2 GiB address space: a reservation of what the archive declares would abort.
    let (exit, seen, _) = check_bounded(dir.path());
    assert_eq!(exit, 0, "{seen:#?}");
}

#[test]
fn sheets_that_share_one_part_are_read_once_with_a_warning() {
    use crate::hostile_rules::check_bounded;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voirie.xlsx");
    crate::hostile_files::sheets_sharing_one_part(&path);
    let (exit, seen, _) = check_bounded(dir.path());
    assert_eq!(exit, 0, "{seen:#?}");
    let repeated = of_code(&seen, "feuille-en-double");
    assert_eq!(repeated.len(), 1, "{seen:#?}");
    assert!(
        repeated[0].message.starts_with("4999 feuille(s)"),
        "{}",
        repeated[0].message
    );
    assert!(
        seen.iter().all(|d| d.code != "doublon"),
        "the sheet is read once: {seen:#?}"
    );
}

#[test]
fn a_workbook_without_sheets_gets_its_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vide.xlsx");
    crate::hostile_rules::recensement(&path, "V-1");
    patch_xlsx(&path, "xl/workbook.xml", |xml| {
        let at = xml.find("<sheets>").unwrap();
        let end = xml.find("</sheets>").unwrap() + "</sheets>".len();
        format!("{}<sheets/>{}", &xml[..at], &xml[end..])
    });
    let (_, seen) = check(dir.path(), &["."]);
    assert!(of_code(&seen, "classeur-sans-feuille").len() == 1, "{seen:#?}");
}

/// An ODS whose one cell holds `<text:s text:c="2000000000"/>`: two billion spaces asked in 30
/// bytes, which a reader would build in memory.
pub fn ods_with_two_billion_spaces(path: &Path) {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Marchés"><table:table-row><table:table-cell office:value-type="string"><text:p>Référence</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Objet<text:s text:c="2000000000"/>fin</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    crate::hostile_rules::ods_file(path, content);
}

#[test]
fn an_ods_cell_asking_for_two_billion_spaces_is_refused_before_loading() {
    use crate::hostile_rules::{check_bounded, recensement};
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    ods_with_two_billion_spaces(&dir.path().join("bombe.ods"));
    let (exit, seen, elapsed) = check_bounded(dir.path());
    assert_eq!(exit, 1, "{seen:#?}");
    let bomb: Vec<&Seen> = seen.iter().filter(|d| d.file == "bombe.ods").collect();
    assert_eq!(bomb.len(), 1, "{bomb:#?}");
    assert_eq!(bomb[0].code, "declaration-hors-limites");
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
}

/// The real-layout `.xls` fixture, with the data of the first BIFF record of `kind` rewritten
/// in place by `edit` (the container and every other byte as LibreOffice saved them).
fn xls_patched(path: &Path, kind: u16, edit: impl Fn(&mut [u8])) {
    use std::io::{Read, Seek, SeekFrom, Write};
    std::fs::copy(shared_fixtures().join("vdm-2023-recensement.xls"), path).unwrap();
    let mut container = cfb::open_rw(path).unwrap();
    let mut stream = container.open_stream("/Workbook").unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let found = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let length = usize::from(u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]));
        if found == kind {
            let mut data = bytes[at + 4..at + 4 + length].to_vec();
            edit(&mut data);
            stream.seek(SeekFrom::Start((at + 4) as u64)).unwrap();
            stream.write_all(&data).unwrap();
            stream.flush().unwrap();
            return;
        }
        at += 4 + length;
    }
    panic!("no record {kind:#06x}");
}

/// The first cell number of the sheet moved far away: the DIMENSIONS record still says small.
pub fn xls_cell_far_away(path: &Path) {
    xls_patched(path, 0x0203, |data| {
        data[0..2].copy_from_slice(&u16::MAX.to_le_bytes());
        data[2..4].copy_from_slice(&u16::MAX.to_le_bytes());
    });
}

/// DIMENSIONS whose first row comes after the last.
pub fn xls_dimensions_inverted(path: &Path) {
    xls_patched(path, 0x0200, |data| {
        // BIFF8: first row (u32), last row + 1 (u32), first column, last column + 1.
        data[0..4].copy_from_slice(&60_000u32.to_le_bytes());
        data[4..8].copy_from_slice(&2u32.to_le_bytes());
    });
}

#[test]
fn an_xls_cell_at_row_65535_column_65535_is_refused_before_loading() {
    use crate::hostile_rules::{check_bounded, recensement};
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    xls_cell_far_away(&dir.path().join("bombe.xls"));
    let (exit, seen, _) = check_bounded(dir.path());
    assert_eq!(exit, 1, "{seen:#?}");
    let bomb: Vec<&Seen> = seen.iter().filter(|d| d.file == "bombe.xls").collect();
    assert_eq!(bomb.len(), 1, "{bomb:#?}");
    assert_eq!(bomb[0].code, "declaration-hors-limites");
}

#[test]
fn an_xls_whose_dimensions_put_the_first_row_after_the_last_is_refused_before_loading() {
    use crate::hostile_rules::{check_bounded, recensement};
    let dir = tempfile::tempdir().unwrap();
    recensement(&dir.path().join("voirie.xlsx"), "V-1");
    xls_dimensions_inverted(&dir.path().join("bombe.xls"));
    let (exit, seen, _) = check_bounded(dir.path());
    assert_eq!(exit, 1, "{seen:#?}");
    let bomb: Vec<&Seen> = seen.iter().filter(|d| d.file == "bombe.xls").collect();
    assert_eq!(bomb.len(), 1, "{bomb:#?}");
    assert_eq!(bomb[0].code, "declaration-hors-limites");
    assert!(bomb[0].message.contains("incohérentes"), "{}", bomb[0].message);
}

#[test]
fn a_negative_or_out_of_range_shared_string_index_is_an_error_on_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voirie.xlsx");
    many_rows(&path, 3, |i| {
        vec![
            S(format!("V-{i}")),
            S(format!("Objet {i}")),
            T("Travaux"),
            N(1000.0),
            D(2024, 3, 1),
        ]
    });
    crate::hostile_files::point_to_shared_string(&path, "B2", "-1");
    crate::hostile_files::point_to_shared_string(&path, "C3", "99999");
    let (_, seen) = check(dir.path(), &["."]);
    let missing: Vec<(&str, &str)> = of_code(&seen, "texte-partage-absent")
        .iter()
        .map(|d| (d.cell.as_str(), d.severity.as_str()))
        .collect();
    assert_eq!(missing, [("B2", "erreur"), ("C3", "erreur")], "{seen:#?}");
    assert!(
        seen.iter()
            .all(|d| d.code != "fichier-illisible" && d.code != "feuille-illisible"),
        "{seen:#?}"
    );
    let (_, text) = bilan(dir.path(), &[".", "-o", "bilan.xlsx"]);
    let recensement = Book::open(&dir.path().join("bilan.xlsx")).sheet("Recensement");
    assert_eq!(recensement.record("Référence", "V-2")["Objet"], "Objet 2", "{text}");
    let objects: Vec<String> = recensement.records().into_iter().map(|r| r["Objet"].clone()).collect();
    assert!(
        !objects.iter().any(|o| o == "Référence"),
        "the first string is never read for -1: {objects:?}"
    );
}

//! SPEC §6, printing: the Synthèse, Bilan par fiche, Actions and Indicateurs sheets print in
//! landscape A4 fitted to the page width with their text at 8 pt or more, headers repeated, a
//! footer with the page and the bilan's year, no `###`, nothing cut, and signs that survive
//! black-and-white printing. Rendered for real with LibreOffice by the tests that need it:
//! ignored by a plain `cargo test`, run by CI (`cargo test -- --ignored`, LibreOffice installed).

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The printed sheets and their parts in the workbook.
const PRINTED: [(&str, &str); 4] = [
    ("Synthèse", "xl/worksheets/sheet1.xml"),
    ("Bilan par fiche", "xl/worksheets/sheet2.xml"),
    ("Actions", "xl/worksheets/sheet3.xml"),
    ("Indicateurs", "xl/worksheets/sheet4.xml"),
];
/// The body font (rust_xlsxwriter's default, Calibri 11).
const BODY_PT: f64 = 11.0;
/// Points a column width unit takes once printed. Excel's own rule gives about 5.25 (7 pixels a
/// character at 96 dpi); LibreOffice, measured, about 5.62: the larger one is the prudent one.
const PT_PER_WIDTH_UNIT: f64 = 5.62;
/// Excel's default column width, with its padding.
const DEFAULT_WIDTH: f64 = 9.14;
/// A4 landscape, in points.
const A4_LANDSCAPE_WIDTH: f64 = 841.89;

fn attribute(xml: &str, element: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{element} "))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[at..at + tag[at..].find('"')?].to_string())
}

/// The last column (1-based) of the sheet's `<dimension ref="A1:K39">`.
fn last_column(xml: &str) -> u32 {
    let reference = attribute(xml, "dimension", "ref").unwrap_or_default();
    let last = reference.split(':').next_back().unwrap_or("A1");
    last.chars()
        .take_while(char::is_ascii_alphabetic)
        .fold(0, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1))
}

/// The widths of columns 1..=last as the sheet declares them.
fn widths(xml: &str, last: u32) -> Vec<f64> {
    let mut widths = vec![DEFAULT_WIDTH; last as usize];
    for col in xml.split("<col ").skip(1) {
        let tag = &col[..col.find("/>").unwrap_or(col.len())];
        let value = |name: &str| attribute(&format!("<col {tag}>"), "col", name);
        let (min, max): (u32, u32) = (
            value("min").unwrap().parse().unwrap(),
            value("max").unwrap().parse().unwrap(),
        );
        let width: f64 = value("width").unwrap().parse().unwrap();
        for c in min..=max.min(last) {
            widths[(c - 1) as usize] = width;
        }
    }
    widths
}

#[test]
fn printed_sheets_are_landscape_a4_fitted_to_width_with_text_of_at_least_8_pt() {
    let (_tmp, path) = samples_bilan(&[]);
    for (sheet, part) in PRINTED {
        let xml = xlsx_part(&path, part);
        assert_eq!(
            attribute(&xml, "pageSetup", "orientation").as_deref(),
            Some("landscape"),
            "{sheet}"
        );
        assert_eq!(
            attribute(&xml, "pageSetup", "paperSize").as_deref(),
            Some("9"),
            "{sheet}: A4"
        );
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}: fitted");
        assert_eq!(
            attribute(&xml, "pageSetup", "fitToHeight").as_deref(),
            Some("0"),
            "{sheet}: to the width only"
        );
        let margin = |side: &str| attribute(&xml, "pageMargins", side).unwrap().parse::<f64>().unwrap() * 72.0;
        let printable = A4_LANDSCAPE_WIDTH - margin("left") - margin("right");
        let content: f64 = widths(&xml, last_column(&xml))
            .iter()
            .map(|w| w * PT_PER_WIDTH_UNIT)
            .sum();
        let scale = (printable / content).min(1.0);
        assert!(BODY_PT * scale >= 8.0, "{sheet}: {:.2} pt once fitted", BODY_PT * scale);
        let footer = xml.split("<oddFooter>").nth(1).unwrap_or_default();
        assert!(
            footer.contains("Bilan SPASER 2024") && footer.contains("&amp;P"),
            "{sheet}: {footer}"
        );
    }
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    for sheet in ["'Bilan par fiche'", "Actions", "Indicateurs"] {
        assert!(
            workbook.contains(&format!(">{sheet}!$1:$1<")),
            "{sheet}: header repeated"
        );
    }
}

#[test]
fn statuses_carry_a_sign_that_survives_black_and_white_printing() {
    let (_tmp, path) = samples_bilan(&[]);
    let styles = xlsx_part(&path, "xl/styles.xml");
    for sign in ["✔", "◐", "✘"] {
        assert!(
            styles.contains(&format!("formatCode=\"&quot;{sign} &quot;@\"")),
            "{sign}"
        );
    }
    let mut book = Book::open(&path);
    let actions = book.sheet("Actions");
    assert!(
        actions
            .records()
            .iter()
            .all(|r| ["Atteint", "Partiellement atteint", "Non atteint", "Non renseigné"]
                .contains(&r["Statut retenu"].as_str())),
        "the cell keeps the exact label of §6.1; the sign is its format"
    );
}

#[test]
fn the_generation_date_column_is_wide_enough_never_hash_marks() {
    let (_tmp, path) = samples_bilan(&[]);
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let width = widths(&xml, 2)[1];
    assert!(width >= "02/12/2026 14:05".len() as f64, "column B: {width}");
}

/// What the rendering tests need, named where they are ignored.
const NEEDS_LIBREOFFICE: &str = "needs LibreOffice (soffice) and poppler-utils: apt-get install libreoffice-calc poppler-utils, then cargo test -- --ignored";

/// Runs LibreOffice: the PDF it renders of `file`.
pub(crate) fn soffice(dir: &Path, file: &Path) -> PathBuf {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let converted = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output();
    match converted {
        Ok(output) => {
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            dir.join(file.with_extension("pdf").file_name().unwrap())
        }
        Err(error) => panic!("soffice: {error} — {NEEDS_LIBREOFFICE}"),
    }
}

fn pdftotext(args: &[&str], pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

/// Words per page with their height: (page, footer text, heights).
fn word_heights(bbox: &str) -> Vec<(String, Vec<f64>)> {
    bbox.split("<page ")
        .skip(1)
        .map(|page| {
            let words: Vec<(f64, String)> = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let number = |name: &str| {
                        attribute(&format!("<word {w}"), "word", name)
                            .unwrap()
                            .parse::<f64>()
                            .unwrap()
                    };
                    let text = w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_string();
                    (number("yMax") - number("yMin"), text)
                })
                .collect();
            let footer = words.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ");
            (footer, words.into_iter().map(|(h, _)| h).collect())
        })
        .collect()
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils; CI runs it"]
fn the_samples_bilan_renders_in_libreoffice_legibly_every_action_and_status_present_no_hash_marks() {
    let (tmp, path) = samples_bilan(&[]);
    let pdf = soffice(tmp.path(), &path);
    let text = pdftotext(&["-raw"], &pdf);
    assert!(!text.contains("###"), "a number too wide for its column");
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut book = Book::open(&path);
    for action in book.sheet("Actions").records() {
        for word in action["Intitulé"].split_whitespace() {
            assert!(flat.contains(word), "« {word} » of {} printed", action["Code FA"]);
        }
        assert!(flat.contains(&action["Statut retenu"]), "{}", action["Code FA"]);
    }
    let pages = word_heights(&pdftotext(&["-bbox"], &pdf));
    let mut printed = 0;
    for (words, heights) in &pages {
        if PRINTED
            .iter()
            .any(|(sheet, _)| words.contains(&format!("Bilan SPASER 2024 — {sheet}")))
        {
            printed += 1;
            let smallest = heights.iter().copied().fold(f64::MAX, f64::min);
            assert!(smallest >= 8.0, "words {smallest:.2} pt high on a page of {words:.60}");
        }
    }
    assert!(
        printed >= 4,
        "the printed sheets' pages found by their footer: {printed}"
    );
}

#[test]
fn a_sheet_without_rows_says_why_and_prints_one_page_never_pages_of_headers_only() {
    let (_dir, path) = seed_001_bilan();
    let mut book = Book::open(&path);
    for (sheet, says) in [
        ("Indicateurs", "Aucun indicateur lu"),
        ("Recensement", "Aucun marché dans les recensements lus."),
    ] {
        let table = book.sheet(sheet);
        assert!(table.rows[1][0].starts_with(says), "{sheet}: {:?}", table.rows[1]);
    }
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    for area in ["Indicateurs!$A$1:", "Recensement!$A$1:"] {
        let printed = workbook
            .split("<definedName name=\"_xlnm.Print_Area\"")
            .skip(1)
            .find(|d| d.contains(area))
            .unwrap_or_else(|| panic!("{area} has a print area: {workbook}"));
        assert!(printed.contains("$2<"), "header and sentence only: {printed}");
    }
    let recensement = sheet_xml(&path, "Recensement");
    assert!(!recensement.contains("fitToWidth=\""), "one page wide once empty");
}

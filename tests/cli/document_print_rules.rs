//! SPEC §6.2 and §6, what LibreOffice prints, sizes read from the PDF (Carlito installed, as CI
//! does): the committee's document with body text of at least 10 pt and no page left half empty
//! except before a new chapter; every page of the workbook with text of at least 8 pt. Ignored
//! by a plain `cargo test`, run by CI (`cargo test -- --ignored`).

use crate::print_rules::soffice;
use crate::support::*;
use std::path::Path;
use std::process::Command;

/// One printed page: its text lines as (top, bottom, size in points, text).
struct Page {
    height: f64,
    lines: Vec<(f64, f64, u32, String)>,
}

/// The pages of a PDF with each text's font size, from `pdftohtml -xml` (poppler-utils).
fn pages(pdf: &Path) -> Vec<Page> {
    let output = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-zoom", "1"])
        .arg(pdf)
        .output()
        .expect("pdftohtml (poppler-utils)");
    let xml = String::from_utf8_lossy(&output.stdout).into_owned();
    // Each element is split off after its tag's name and a space: its attributes follow.
    let number = |element: &str, name: &str| -> f64 {
        let element = format!(" {element}");
        let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let end = start + element[start..].find('"').unwrap();
        element[start..end].parse().unwrap()
    };
    let sizes: std::collections::HashMap<u32, u32> = xml
        .split("<fontspec ")
        .skip(1)
        .map(|f| (number(f, "id") as u32, number(f, "size") as u32))
        .collect();
    xml.split("<page ")
        .skip(1)
        .map(|page| Page {
            height: number(page, "height"),
            lines: page
                .split("<text ")
                .skip(1)
                .map(|t| {
                    let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                    let text = body.replace(['<', '>'], " ");
                    let top = number(t, "top");
                    (top, top + number(t, "height"), sizes[&(number(t, "font") as u32)], text)
                })
                .filter(|(_, _, _, text)| !text.trim().is_empty())
                .collect(),
        })
        .collect()
}

/// Size of the level-1 headings (16 pt): a chapter starts on a new page.
const CHAPTER_PT: u32 = 16;

fn assert_printed_well(pages: &[Page], what: &str) {
    assert!(pages.len() > 2, "{what}: {} pages", pages.len());
    for (number, page) in pages.iter().enumerate().map(|(i, p)| (i + 1, p)) {
        for (_, _, size, text) in &page.lines {
            assert!(*size >= 10, "{what}, page {number}: « {text} » at {size} pt");
        }
        // The cover is short by design; a page may end early before a new chapter.
        let next_starts_chapter = pages
            .get(number)
            .and_then(|next| next.lines.first())
            .is_none_or(|(_, _, size, _)| *size >= CHAPTER_PT);
        let bottom = page.lines.iter().map(|l| l.1).fold(0.0, f64::max);
        if number > 1 && !next_starts_chapter {
            assert!(
                bottom > page.height / 2.0,
                "{what}, page {number} is half empty (text ends at {bottom:.0} of {:.0})",
                page.height
            );
        }
    }
}

#[test]
#[ignore = "needs LibreOffice (soffice, Writer) and poppler-utils; CI runs it"]
fn the_samples_document_prints_body_text_of_at_least_10_pt_and_no_half_empty_page() {
    let (dir, _) = samples_bilan(&[]);
    let pdf = soffice(dir.path(), &dir.path().join("bilan.docx"));
    assert_printed_well(&pages(&pdf), "samples");
}

#[test]
#[ignore = "needs LibreOffice (soffice, Writer) and poppler-utils; CI runs it"]
fn a_bilan_table_with_seed_001s_long_texts_prints_body_text_of_at_least_10_pt_and_no_half_empty_page() {
    let (dir, path) = seed_001_bilan();
    let pdf = soffice(dir.path(), &path.with_extension("docx"));
    let pages = pages(&pdf);
    assert_printed_well(&pages, "seed 001");
    // Every fiche of the table is in the printed document.
    let printed: String = pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.3.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    for fiche in ["FA 1", "FA 4", "FA 8"] {
        assert!(printed.contains(fiche), "{fiche} printed");
    }
}

#[test]
#[ignore = "needs LibreOffice (soffice, Calc) and poppler-utils; CI runs it"]
fn every_printed_page_of_the_workbook_has_text_of_at_least_8_pt_a_listing_prints_several_pages_wide() {
    let (dir, path) = samples_bilan(&[]);
    let pdf = soffice(dir.path(), &path);
    let pages = pages(&pdf);
    for (number, page) in pages.iter().enumerate() {
        for (_, _, size, text) in &page.lines {
            assert!(*size >= 8, "page {}: « {text} » at {size} pt", number + 1);
        }
    }
    let recensement = sheet_xml(&path, "Recensement");
    assert!(
        recensement.contains("fitToWidth=\""),
        "the Recensement listing is several pages wide"
    );
}

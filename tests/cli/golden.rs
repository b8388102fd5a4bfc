//! The samples' bilan, pinned: every cell of every sheet (its value and its number format)
//! compared with the listing kept in `tests/golden/samples_bilan.txt`. Only what changes from run
//! to run is masked: the generation date of the Synthèse and the files' modification times of
//! the Sources sheet. A deliberate change of the bilan regenerates the listing with
//! `SPASER_BLESS=1 cargo test golden`, and the diff of the listing is reviewed with the change.

use crate::support::*;
use calamine::{Data, Reader};
use std::path::Path;

const GOLDEN: &str = "tests/golden/samples_bilan.txt";
const MASK: &str = "<masqué>";

#[test]
fn the_samples_bilan_is_unchanged_cell_by_cell_value_and_number_format() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("bilan.xlsx");
    let (code, text) = bilan(&samples(), &[".", "-o", output.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    let listing = listing(&output);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("SPASER_BLESS").is_some() {
        std::fs::write(&golden, &listing).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{GOLDEN}: {e}"));
    if let Some((line, (want, got))) = expected
        .lines()
        .zip(listing.lines())
        .enumerate()
        .find(|(_, (want, got))| want != got)
    {
        panic!(
            "first difference at line {} of {GOLDEN}:\n  attendu : {want}\n  obtenu  : {got}",
            line + 1
        );
    }
    assert_eq!(
        expected.lines().count(),
        listing.lines().count(),
        "the bilan has another number of cells than {GOLDEN}"
    );
}

/// One line per non-empty cell: `Feuille!A1 | value | number format`, sheets in workbook order.
fn listing(path: &Path) -> String {
    let mut book = Book::open(path);
    let mut lines = Vec::new();
    for name in book.sheet_names() {
        lines.push(format!("== {name}"));
        let values = book.workbook.worksheet_range(&name).unwrap();
        let styles = book.workbook.worksheet_style(&name).unwrap();
        let masked = masked_cells(&name, &values);
        for (row, col, value) in values.used_cells() {
            let (row, col) = (
                row as u32 + values.start().unwrap().0,
                col as u32 + values.start().unwrap().1,
            );
            let format = styles
                .get((row, col))
                .and_then(|s| s.number_format.as_ref())
                .map_or("General", |f| f.format_code.as_str());
            let shown = if masked.contains(&(row, col)) {
                MASK.to_string()
            } else {
                shown(value)
            };
            lines.push(format!(
                "{name}!{} | {shown} | {format}",
                rust_xlsxwriter::utility::row_col_to_cell(row, col as u16)
            ));
        }
    }
    lines.join("\n") + "\n"
}

/// The cells that change from run to run: the value right of « Généré le » and the column
/// headed « Modifié le ».
fn masked_cells(sheet: &str, values: &calamine::Range<Data>) -> Vec<(u32, u32)> {
    let (top, left) = values.start().unwrap_or((0, 0));
    let mut masked = Vec::new();
    let mut modified_col = None;
    for (row, col, value) in values.used_cells() {
        let (row, col) = (row as u32 + top, col as u32 + left);
        let text = value.to_string();
        if text.starts_with("Généré le") {
            masked.push((row, col + 1));
        }
        if sheet == "Sources" && text == "Modifié le" {
            modified_col = Some((row, col));
        }
    }
    if let Some((header_row, col)) = modified_col {
        masked.extend((header_row + 1..=values.end().map_or(0, |e| e.0)).map(|row| (row, col)));
    }
    masked
}

fn shown(value: &Data) -> String {
    match value {
        Data::String(s) => format!("{s:?}"),
        Data::Float(f) => format!("n:{f}"),
        Data::Int(i) => format!("n:{i}"),
        Data::Bool(b) => format!("b:{b}"),
        Data::DateTime(d) => format!("d:{}", d.as_f64()),
        other => format!("{other:?}"),
    }
}

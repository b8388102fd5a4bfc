//! CSV and text exports (`.csv`, `.txt`, §2) into one [`Grid`], read exactly like a sheet
//! afterwards: the encoding sniffed (UTF-8 with or without BOM, UTF-16 with a BOM, else
//! Windows-1252, as Excel saves « CSV (séparateur : point-virgule) » on a French Windows), the
//! separator sniffed (`;`, tab or `,`), quoted fields with separators and line breaks inside.
//! Every field is text: amounts with a decimal comma and dates are parsed like typed cells.

use super::grid::{CellText, CellValue, Grid};
use super::{ReadLimits, too_large};
use crate::diagnostic::{Code, Diagnostic, Location};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;
use std::path::Path;

/// Extensions read as delimited text.
pub const EXTENSIONS: [&str; 2] = ["csv", "txt"];

/// Separators tried, in the order that wins a tie: French exports separate by `;` (the comma is
/// the decimal mark), then tab, then `,`.
const SEPARATORS: [u8; 3] = [b';', b'\t', b','];

/// Records looked at to choose the separator.
const SNIFFED_RECORDS: usize = 50;

/// Whether a file is read as a CSV or text export: by its extension.
pub fn is_delimited(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The file's one table, named after the file as a spreadsheet names a CSV's sheet; or the
/// diagnostic of a file that is no text or goes beyond the limits.
pub fn read(path: &Path, bytes: &[u8], limits: &ReadLimits) -> Result<Grid, Diagnostic> {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    if looks_binary(bytes) {
        return Err(Diagnostic::error(
            Location::file(path),
            Code::FileFormatUnsupported,
            "Le fichier porte une extension de texte (.csv, .txt) mais ne contient pas de texte.",
        )
        .suggest("Exportez le tableau au format CSV depuis le tableur ou le logiciel, puis relancez."));
    }
    let text = decode(bytes);
    let separator = sniff_separator(&text);
    let mut grid = Grid::new(&name);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let location = Location::sheet(path, &name);
    for (row, record) in reader.records().enumerate() {
        // A record the reader cannot take (an unterminated quote at the end) ends the table.
        let Ok(record) = record else { break };
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        if row >= limits.rows {
            return Err(too_large(location, &format!("plus de {} lignes", limits.rows)));
        }
        if record.len() > limits.columns as usize {
            return Err(too_large(location, &format!("plus de {} colonnes", limits.columns)));
        }
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                grid.set(row, col, CellValue::Text(CellText::from(field)));
            }
        }
    }
    Ok(grid)
}

/// A NUL byte in the first kilobytes (outside a UTF-16 text) says it is no text export.
fn looks_binary(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_none() && bytes.iter().take(8192).any(|b| *b == 0)
}

/// The text of the file: its BOM's encoding, else UTF-8 when it is valid UTF-8, else
/// Windows-1252.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => text,
        None => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The separator that splits the first records into the most rows of the same width (of two
/// fields or more); `;` when nothing decides.
fn sniff_separator(text: &str) -> u8 {
    SEPARATORS
        .iter()
        .map(|&separator| (score(text, separator), separator))
        // The first of equal scores wins: `max_by_key` keeps the last, so compare reversed order.
        .rev()
        .max_by_key(|(score, _)| *score)
        .map_or(b';', |(_, separator)| separator)
}

/// (rows sharing the most common width, that width) for the first records split by `separator`;
/// a width of one field counts for nothing.
fn score(text: &str, separator: u8) -> (usize, usize) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut widths: Vec<usize> = reader
        .records()
        .take(SNIFFED_RECORDS)
        .filter_map(Result::ok)
        .map(|r| r.len())
        .filter(|width| *width > 1)
        .collect();
    widths.sort_unstable();
    let mut best = (0, 0);
    for group in widths.chunk_by(|a, b| a == b) {
        best = best.max((group.len(), group[0]));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(grid: &Grid, row: u32) -> Vec<String> {
        (0..grid.width()).map(|col| grid.get(row, col).display()).collect()
    }

    #[test]
    fn a_semicolon_export_in_windows_1252_with_a_title_row_and_decimal_commas() {
        let (bytes, _, _) = WINDOWS_1252.encode(
            "Recensement des marchés 2025\r\nRéférence;Objet;Montant HT\r\nM-1;Entretien \"espaces\" verts;1 234,56\r\n",
        );
        let grid = read(Path::new("voirie.csv"), &bytes, &ReadLimits::default()).unwrap();
        assert_eq!(grid.name, "voirie");
        assert_eq!(cells(&grid, 1), ["Référence", "Objet", "Montant HT"]);
        assert_eq!(cells(&grid, 2), ["M-1", "Entretien \"espaces\" verts", "1 234,56"]);
    }

    #[test]
    fn a_comma_export_in_utf8_with_bom_and_quoted_fields_holding_commas_and_line_breaks() {
        let text = "\u{feff}Référence,Objet,Montant\n\"M-1\",\"Travaux, voirie\nlot 2\",\"1234,5\"\nM-2,Étude,800\n";
        let grid = read(Path::new("dsi.csv"), text.as_bytes(), &ReadLimits::default()).unwrap();
        assert_eq!(cells(&grid, 0), ["Référence", "Objet", "Montant"]);
        assert_eq!(cells(&grid, 1), ["M-1", "Travaux, voirie\nlot 2", "1234,5"]);
        assert_eq!(cells(&grid, 2), ["M-2", "Étude", "800"]);
    }

    #[test]
    fn a_tab_separated_text_export_is_split_on_tabs() {
        let text = "Référence\tObjet\tMontant\nM-1\tTravaux; voirie\t1 000\n";
        let grid = read(Path::new("export.txt"), text.as_bytes(), &ReadLimits::default()).unwrap();
        assert_eq!(cells(&grid, 1), ["M-1", "Travaux; voirie", "1 000"]);
    }

    #[test]
    fn a_binary_file_named_csv_is_a_diagnostic() {
        let error = read(Path::new("x.csv"), b"PK\x03\x04\0\0binary", &ReadLimits::default()).unwrap_err();
        assert_eq!(error.code, Code::FileFormatUnsupported);
    }
}

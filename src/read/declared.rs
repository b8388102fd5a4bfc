//! What a workbook *declares*, checked before calamine sees it (§9): a reader allocates what a
//! file announces — 4 294 967 296 shared strings, an ODS row repeated a million times, a
//! million columns — and an allocation that fails aborts the process, which no `catch_unwind`
//! catches. These checks read only the zip directory and stream the parts they look at.

use super::sniff::{FileFormat, Refusal};
use super::{MAX_CELLS, MAX_COLUMNS};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};
use zip::ZipArchive;

/// A `sharedStrings.xml` larger than this once inflated is refused: its strings, held in memory
/// by the reader, would take several times its size.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 512 * 1024 * 1024;
/// An ODS row holding values and repeated more than this many times is refused: a recensement
/// has no thousand identical rows, and the reader would copy each one.
pub const MAX_REPEATED_ROWS: u64 = 1_000;
/// The start of `sharedStrings.xml` read to find its `<sst>` element.
const SST_HEAD_BYTES: u64 = 64 * 1024;

/// Checks what the workbook declares; a refusal names it.
pub fn check(format: FileFormat, bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip (`.xls`), or a broken one that the reader reports itself.
        return Ok(());
    };
    match format {
        FileFormat::Xlsx => check_shared_strings(&mut archive),
        FileFormat::Ods => check_ods_content(&mut archive),
        FileFormat::Xls => Ok(()),
    }
}

fn declared(what: String) -> Refusal {
    Refusal::Declared(what)
}

/// `uniqueCount` of `<sst>` can be no more than the part could hold (`<si/>` is 5 bytes) nor
/// than the cells a sheet may have.
fn check_shared_strings(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), Refusal> {
    let Ok(entry) = archive.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let size = entry.size();
    if size > MAX_SHARED_STRINGS_BYTES {
        return Err(Refusal::TooLarge(format!(
            "ses textes partagés feraient {} Mio une fois décompressés, au-delà de la limite de {} Mio",
            size / (1024 * 1024),
            MAX_SHARED_STRINGS_BYTES / (1024 * 1024)
        )));
    }
    let mut head = Vec::new();
    // A part that cannot be inflated is the reader's to report.
    if entry.take(SST_HEAD_BYTES).read_to_end(&mut head).is_err() {
        return Ok(());
    }
    let mut reader = quick_xml::Reader::from_reader(head.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "sst" => {
                let unique = number_attribute(&e, "uniqueCount").unwrap_or(0);
                let plausible = (size / 5 + 1).min(MAX_CELLS);
                if unique > plausible {
                    return Err(declared(format!(
                        "{unique} textes partagés dans une partie de {size} octets"
                    )));
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// ODS rows and columns repeated: a row holding values repeated over many rows, a cell repeated
/// over more columns than a sheet may have, a table whose values span more cells than allowed.
fn check_ods_content(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), Refusal> {
    let Ok(entry) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut table = TableExtent::default();
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            // A malformed part is the reader's to report.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Start(e) => table.open(&e)?,
            Event::Empty(e) => {
                table.open(&e)?;
                table.close(e.local_name().into_inner())?;
            }
            Event::End(e) => table.close(e.local_name().into_inner())?,
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Where the values of the current ODS table reach.
#[derive(Default)]
struct TableExtent {
    name: String,
    rows: u64,
    rows_with_values: u64,
    columns_with_values: u64,
    row_repeat: u64,
    row_has_values: bool,
    column: u64,
}

impl TableExtent {
    fn open(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        match e.local_name().into_inner() {
            "table" => {
                *self = TableExtent {
                    name: text_attribute(e, "name").unwrap_or_default(),
                    ..TableExtent::default()
                }
            }
            "table-row" => {
                self.row_repeat = number_attribute(e, "number-rows-repeated").unwrap_or(1).max(1);
                self.row_has_values = false;
                self.column = 0;
            }
            "table-cell" | "covered-table-cell" => {
                let repeat = number_attribute(e, "number-columns-repeated").unwrap_or(1).max(1);
                if has_attribute(e, "value-type") {
                    self.row_has_values = true;
                    let reach = self.column.saturating_add(repeat);
                    if reach > u64::from(MAX_COLUMNS) {
                        return Err(declared(format!(
                            "une valeur répétée sur {reach} colonnes dans la feuille « {} »",
                            self.name
                        )));
                    }
                    self.columns_with_values = self.columns_with_values.max(reach);
                }
                self.column = self.column.saturating_add(repeat);
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, name: &str) -> Result<(), Refusal> {
        match name {
            "table-row" => {
                if self.row_has_values {
                    if self.row_repeat > MAX_REPEATED_ROWS {
                        return Err(Refusal::RowsRepeated(format!(
                            "une ligne de valeurs répétée {} fois dans la feuille « {} »",
                            self.row_repeat, self.name
                        )));
                    }
                    self.rows_with_values = self.rows.saturating_add(self.row_repeat);
                }
                self.rows = self.rows.saturating_add(self.row_repeat);
            }
            "table" => {
                let cells = self.rows_with_values.saturating_mul(self.columns_with_values);
                if cells > MAX_CELLS {
                    return Err(declared(format!(
                        "{} lignes × {} colonnes de valeurs dans la feuille « {} », au-delà de {MAX_CELLS} cellules",
                        self.rows_with_values, self.columns_with_values, self.name
                    )));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn raw_attribute<'a>(e: &'a BytesStart<'_>, local: &str) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .map(|a| a.value)
}

fn has_attribute(e: &BytesStart<'_>, local: &str) -> bool {
    raw_attribute(e, local).is_some()
}

fn number_attribute(e: &BytesStart<'_>, local: &str) -> Option<u64> {
    raw_attribute(e, local)?.trim().parse().ok()
}

fn text_attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    raw_attribute(e, local).map(std::borrow::Cow::into_owned)
}

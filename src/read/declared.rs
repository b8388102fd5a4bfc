//! What a workbook *declares*, checked before calamine sees it (§9): a reader allocates what a
//! file announces — 4 294 967 296 shared strings, an ODS row repeated a million times, a
//! million columns — and an allocation that fails aborts the process, which no `catch_unwind`
//! catches. These checks read only the zip directory and stream the parts they look at.

use super::sniff::{FileFormat, Refusal};
use super::{Archive, ReadLimits};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};
use zip::ZipArchive;

/// An ODS row holding values and repeated more than this many times is refused: a recensement
/// has no thousand identical rows, and the reader would copy each one.
pub const MAX_REPEATED_ROWS: u64 = 1_000;
/// The start of `sharedStrings.xml` read to find its `<sst>` element.
const SST_HEAD_BYTES: u64 = 64 * 1024;

/// Checks what the workbook declares; a refusal names it.
/// `archive` is the workbook's zip directory, when it is a zip.
pub fn check(
    format: FileFormat,
    bytes: &[u8],
    archive: Option<Archive<'_>>,
    limits: &ReadLimits,
) -> Result<(), Refusal> {
    if format == FileFormat::Xls {
        return check_xls_dimensions(bytes, limits);
    }
    let Some(mut archive) = archive else {
        // A broken zip is the reader's to report.
        return Ok(());
    };
    match format {
        FileFormat::Xlsx => check_shared_strings(&mut archive, limits),
        FileFormat::Ods => check_ods_content(&mut archive, limits),
        FileFormat::Xls => Ok(()),
    }
}

/// The `DIMENSIONS` records of an `.xls`, and the real positions of its cells: the reader
/// reserves rows × columns cells for each sheet, from the farthest cell as much as from what the
/// sheet declares (§9: an `.xls` cell's real position is bounded like the DIMENSIONS).
fn check_xls_dimensions(bytes: &[u8], limits: &ReadLimits) -> Result<(), Refusal> {
    let Ok(mut container) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut stream = Vec::new();
    let opened = ["/Workbook", "/Book"]
        .iter()
        .find_map(|name| container.open_stream(name).ok());
    let Some(mut workbook) = opened else { return Ok(()) };
    if workbook.read_to_end(&mut stream).is_err() {
        return Ok(());
    }
    let mut reach = CellReach::default();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let length = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + length).min(stream.len())];
        match kind {
            XLS_DIMENSIONS => {
                let (rows, columns) = xls_dimensions(data).ok_or_else(|| {
                    declared("des dimensions de feuille incohérentes (première ligne après la dernière)".to_string())
                })?;
                check_extent(rows, columns, limits)?;
            }
            XLS_BOF => reach = CellReach::default(),
            _ => {
                if let Some((row, last_column)) = xls_cell_position(kind, data) {
                    reach.rows = reach.rows.max(row + 1);
                    reach.columns = reach.columns.max(last_column + 1);
                    check_extent(reach.rows, reach.columns, limits)?;
                }
            }
        }
        at += 4 + length;
    }
    Ok(())
}

const XLS_DIMENSIONS: u16 = 0x0200;
const XLS_BOF: u16 = 0x0809;

/// How far the cells of the current `.xls` sheet reach.
#[derive(Default)]
struct CellReach {
    rows: u64,
    columns: u64,
}

fn check_extent(rows: u64, columns: u64, limits: &ReadLimits) -> Result<(), Refusal> {
    if rows > u64::from(limits.rows)
        || columns > u64::from(limits.columns)
        || rows.saturating_mul(columns) > limits.cells
    {
        return Err(declared(format!("une feuille de {rows} lignes × {columns} colonnes")));
    }
    Ok(())
}

/// The row and last column of a BIFF cell record (`NUMBER`, `LABELSST`, `RK`, `FORMULA`,
/// `BLANK`, `BOOLERR`, `LABEL`, `RSTRING`; `MULRK` and `MULBLANK` end with their last column).
fn xls_cell_position(kind: u16, data: &[u8]) -> Option<(u64, u64)> {
    let u16_at = |i: usize| data.get(i..i + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
    match kind {
        0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0205 | 0x0204 | 0x00D6 => Some((u16_at(0)?, u16_at(2)?)),
        0x00BD | 0x00BE => Some((u16_at(0)?, u16_at(data.len().checked_sub(2)?)?)),
        _ => None,
    }
}

/// Rows and columns a `DIMENSIONS` record declares (BIFF8: 32-bit rows, else 16-bit); `None`
/// when its first row or column comes after its last (a reader would compute a huge extent).
fn xls_dimensions(data: &[u8]) -> Option<(u64, u64)> {
    let u16_at = |i: usize| data.get(i..i + 2).map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])));
    let u32_at = |i: usize| {
        data.get(i..i + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        // Another length says nothing this check can read: the reader decides.
        _ => return Some((0, 0)),
    };
    // An empty sheet declares last = first (BIFF's « last » is one past the end).
    if first_row > last_row || first_col > last_col {
        return None;
    }
    Some((last_row - first_row + 1, last_col - first_col + 1))
}

fn declared(what: String) -> Refusal {
    Refusal::Declared(what)
}

/// `uniqueCount` of `<sst>` can be no more than the part could hold (`<si/>` is 5 bytes) nor
/// than the cells a sheet may have.
fn check_shared_strings(archive: &mut ZipArchive<Cursor<&[u8]>>, limits: &ReadLimits) -> Result<(), Refusal> {
    let Ok(entry) = archive.by_name("xl/sharedStrings.xml") else {
        return Ok(());
    };
    let size = entry.size();
    if size > limits.shared_strings_bytes {
        return Err(Refusal::TooLarge(format!(
            "ses textes partagés feraient {} Mio une fois décompressés, au-delà de la limite de {} Mio",
            size / (1024 * 1024),
            ReadLimits::mib(limits.shared_strings_bytes)
        )));
    }
    let mut head = Vec::new();
    // A part that cannot be inflated is the reader's to report.
    if entry.take(SST_HEAD_BYTES).read_to_end(&mut head).is_err() {
        return Ok(());
    }
    let Some(unique) = unique_count(&head) else {
        return Ok(());
    };
    let plausible = (size / 5 + 1).min(limits.cells);
    if unique > plausible {
        return Err(declared(format!(
            "{unique} textes partagés dans une partie de {size} octets"
        )));
    }
    Ok(())
}

/// How many shared strings the workbook declares (`uniqueCount`), when it says.
pub fn shared_string_count(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Option<u64> {
    let entry = archive.by_name("xl/sharedStrings.xml").ok()?;
    let mut head = Vec::new();
    entry.take(SST_HEAD_BYTES).read_to_end(&mut head).ok()?;
    unique_count(&head)
}

/// `uniqueCount` of the `<sst>` element at the start of `sharedStrings.xml`.
fn unique_count(head: &[u8]) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "sst" => {
                return number_attribute(&e, "uniqueCount");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// ODS rows and columns repeated: a row holding values repeated over many rows, a cell repeated
/// over more columns than a sheet may have, a table whose values span more cells than allowed.
fn check_ods_content(archive: &mut ZipArchive<Cursor<&[u8]>>, limits: &ReadLimits) -> Result<(), Refusal> {
    let Ok(entry) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut table = TableExtent {
        limits: *limits,
        ..TableExtent::default()
    };
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
    limits: ReadLimits,
    name: String,
    rows: u64,
    rows_with_values: u64,
    columns_with_values: u64,
    row_repeat: u64,
    row_has_values: bool,
    column: u64,
    /// Spaces the current cell's `<text:s text:c="…"/>` elements ask for.
    cell_spaces: u64,
}

/// The most spaces the `<text:s>` elements of one cell may ask for: Excel's own limit on a
/// cell's text (§9). Two billion asked in 30 bytes would be built in memory by the reader.
const MAX_CELL_SPACES: u64 = 32_767;

impl TableExtent {
    fn open(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        match e.local_name().into_inner() {
            "table" => {
                *self = TableExtent {
                    limits: self.limits,
                    name: text_attribute(e, "name").unwrap_or_default(),
                    ..TableExtent::default()
                }
            }
            "table-row" => {
                self.row_repeat = number_attribute(e, "number-rows-repeated").unwrap_or(1).max(1);
                self.row_has_values = false;
                self.column = 0;
            }
            "s" => {
                self.cell_spaces = self.cell_spaces.saturating_add(number_attribute(e, "c").unwrap_or(1));
                if self.cell_spaces > MAX_CELL_SPACES {
                    return Err(declared(format!(
                        "un texte de plus de {MAX_CELL_SPACES} espaces répétés (text:s) dans une cellule de la feuille « {} »",
                        self.name
                    )));
                }
            }
            "table-cell" | "covered-table-cell" => {
                self.cell_spaces = 0;
                let repeat = number_attribute(e, "number-columns-repeated").unwrap_or(1).max(1);
                if has_attribute(e, "value-type") {
                    self.row_has_values = true;
                    let reach = self.column.saturating_add(repeat);
                    if reach > u64::from(self.limits.columns) {
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
                if cells > self.limits.cells {
                    return Err(declared(format!(
                        "{} lignes × {} colonnes de valeurs dans la feuille « {} », au-delà de {} cellules",
                        self.rows_with_values, self.columns_with_values, self.name, self.limits.cells
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

//! One read loop for every format: each sheet's cells (with absolute positions, calamine's range
//! offset added back) and merged regions into a [`Grid`], the §9 size limits checked before a
//! sheet is kept. The formats differ only in how they give cells and merges ([`SheetSource`]).

use super::Archive;
use super::grid::{CellText, CellValue, Grid, Merge};
use super::sniff::{FileFormat, Refusal};
use super::string_refs::BadReference;
use super::{ReadLimits, sheet_unreadable, too_large};
use crate::diagnostic::{Code, Diagnostic, Location, a1};
use calamine::{Data, DataRef, Dimensions, Ods, Range, Reader, Xls, Xlsx, XlsxFormulaMetadata};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// A workbook's sheets, and the diagnostics of those that could not be kept.
pub(super) type SheetsRead = (Vec<Grid>, Vec<Diagnostic>);

/// Why one sheet is not kept.
pub(super) enum SheetFailure {
    /// Over the §9 limits.
    TooLarge(String),
    /// The reader failed on it.
    Unreadable(String),
}

/// How one format gives a sheet's cells and merged regions.
trait SheetSource {
    /// The sheets' names, in workbook order.
    fn names(&self) -> Vec<String>;
    /// Puts the sheet's values into `grid`, within the limits.
    fn cells(&mut self, name: &str, grid: &mut Grid, limits: &ReadLimits) -> Result<(), SheetFailure>;
    /// The sheet's merged regions.
    fn merges(&mut self, name: &str) -> Result<Vec<Dimensions>, SheetFailure>;
    /// The part of the file that holds the sheet, when the format says (two sheets may point
    /// to one part: it is read once).
    fn part(&self, _name: &str) -> Option<&str> {
        None
    }
}

/// Opens the workbook in its real format and reads every sheet.
/// `archive` is the workbook's zip directory, when it is a zip.
pub(super) fn read(
    format: FileFormat,
    path: &Path,
    bytes: &[u8],
    archive: Option<Archive<'_>>,
    limits: &ReadLimits,
) -> Result<SheetsRead, Refusal> {
    let cursor = Cursor::new(bytes);
    Ok(match format {
        FileFormat::Xlsx => {
            let parts = archive.clone().and_then(super::merges::sheet_parts);
            // Each sheet inflated once: its merges found on the way, its cells read stored.
            let unpacked = archive
                .zip(parts.as_ref())
                .and_then(|(archive, parts)| super::merges::unpack(archive, parts, bytes.len()));
            let (bytes, merges, bad_references) = match &unpacked {
                Some(unpacked) => (
                    &unpacked.bytes[..],
                    Some(&unpacked.merges),
                    Some(&unpacked.bad_references),
                ),
                None => (bytes, None, None),
            };
            read_sheets(
                &mut XlsxBook {
                    book: Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
                        calamine::XlsxError::Password => Refusal::Encrypted,
                        other => Refusal::Broken(other.to_string()),
                    })?,
                    parts,
                    merges,
                    bad_references,
                    bytes,
                    shared: SharedTexts::default(),
                },
                path,
                limits,
            )
        }
        FileFormat::Xls => read_sheets(
            &mut Xls::new(cursor).map_err(|e| match e {
                calamine::XlsError::Password => Refusal::Encrypted,
                other => Refusal::Broken(other.to_string()),
            })?,
            path,
            limits,
        ),
        FileFormat::Ods => read_sheets(
            &mut Ods::new(cursor).map_err(|e| Refusal::Broken(e.to_string()))?,
            path,
            limits,
        ),
    })
}

fn read_sheets(source: &mut impl SheetSource, path: &Path, limits: &ReadLimits) -> SheetsRead {
    let mut sheets = Vec::new();
    let mut diagnostics = Vec::new();
    let names = source.names();
    if names.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                Location::file(path),
                Code::NoSheet,
                "Le classeur ne contient aucune feuille : il n'est pas lu.",
            )
            .suggest("Ouvrez-le dans Excel ou LibreOffice, vérifiez son contenu et enregistrez-le de nouveau."),
        );
    }
    let mut parts_read: HashMap<String, String> = HashMap::new();
    let mut repeated: Vec<String> = Vec::new();
    for name in names {
        if let Some(part) = source.part(&name).map(str::to_string) {
            if parts_read.contains_key(&part) {
                repeated.push(name);
                continue;
            }
            parts_read.insert(part, name.clone());
        }
        let location = Location::sheet(path, &name);
        match read_sheet(source, &name, &location, limits, &mut diagnostics) {
            Ok(grid) => sheets.push(grid),
            Err(SheetFailure::TooLarge(message)) => diagnostics.push(too_large(location, &message)),
            Err(SheetFailure::Unreadable(message)) => diagnostics.push(sheet_unreadable(location, &message)),
        }
    }
    if let Some(first) = repeated.first() {
        diagnostics.push(
            Diagnostic::warning(
                Location::sheet(path, first),
                Code::SheetRepeated,
                format!(
                    "{} feuille(s) (dont « {first} ») reprennent le contenu d'une autre feuille du classeur : elles ne sont lues qu'une fois.",
                    repeated.len()
                ),
            )
            .suggest("Enregistrez le classeur de nouveau depuis Excel ou LibreOffice."),
        );
    }
    (sheets, diagnostics)
}

fn read_sheet(
    source: &mut impl SheetSource,
    name: &str,
    location: &Location,
    limits: &ReadLimits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Grid, SheetFailure> {
    let mut grid = Grid::new(name);
    source.cells(name, &mut grid, limits)?;
    add_merges(&mut grid, source.merges(name)?, location, limits, diagnostics);
    Ok(grid)
}

/// The merged regions within the sheet limits, up to what indexing them may cost; the others are
/// left out with one diagnostic each kind (§9: merges are bounded by the limits).
fn add_merges(
    grid: &mut Grid,
    merges: Vec<Dimensions>,
    location: &Location,
    limits: &ReadLimits,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut beyond = Vec::new();
    let mut cost = 0;
    let mut over_budget = 0;
    for merge in merges {
        let merge = Merge {
            first: merge.start,
            last: merge.end,
        };
        if merge.last.0 >= limits.rows
            || merge.last.1 >= limits.columns
            || merge.first.0 > merge.last.0
            || merge.first.1 > merge.last.1
        {
            beyond.push(merge);
            continue;
        }
        cost += Grid::merge_cost(&merge);
        if cost > limits.merge_bands {
            over_budget += 1;
            continue;
        }
        grid.add_merge(merge);
    }
    if let Some(first) = beyond.first() {
        diagnostics.push(
            Diagnostic::warning(
                location.clone(),
                Code::MergeTooLarge,
                format!(
                    "{} fusion(s) de cellules au-delà des limites de la feuille ({} lignes, {} colonnes), par exemple {}:{} : elles sont ignorées.",
                    beyond.len(),
                    limits.rows,
                    limits.columns,
                    a1(first.first.0, first.first.1),
                    a1(first.last.0.min(limits.rows), first.last.1.min(limits.columns))
                ),
            )
            .suggest("Défusionnez ces cellules dans Excel ou LibreOffice, puis enregistrez."),
        );
    }
    if over_budget > 0 {
        diagnostics.push(
            Diagnostic::warning(
                location.clone(),
                Code::MergeTooLarge,
                format!("{over_budget} fusion(s) de cellules de trop : au-delà de ce que la lecture accepte, elles sont ignorées."),
            )
            .suggest("Défusionnez les cellules qui n'en ont pas besoin."),
        );
    }
}

fn unreadable(error: impl ToString) -> SheetFailure {
    SheetFailure::Unreadable(error.to_string())
}

/// An `.xlsx` workbook, with where each sheet's part is (to find its merges without calamine's
/// second pass over the sheet, see `merges`).
struct XlsxBook<'a> {
    book: Xlsx<Cursor<&'a [u8]>>,
    bytes: &'a [u8],
    parts: Option<HashMap<String, String>>,
    /// The merges found while unpacking, by sheet part.
    merges: Option<&'a HashMap<String, Vec<Dimensions>>>,
    /// The cells referencing no shared string, found while unpacking, by sheet part.
    bad_references: Option<&'a HashMap<String, Vec<BadReference>>>,
    /// One copy of each shared string met, for every cell showing it.
    shared: SharedTexts,
}

/// The workbook's shared strings as cell texts, made once each: a text Excel saved once for many
/// cells (a service name, `Travaux`, `Oui`) is one allocation, found again by its content.
#[derive(Default)]
struct SharedTexts {
    texts: HashSet<Arc<str>, foldhash::fast::RandomState>,
}

impl SharedTexts {
    fn text(&mut self, entry: &str) -> CellText {
        if let Some(shared) = self.texts.get(entry) {
            return CellText::Shared(Arc::clone(shared));
        }
        let shared: Arc<str> = Arc::from(entry);
        self.texts.insert(Arc::clone(&shared));
        CellText::Shared(shared)
    }
}

/// `.xlsx` is streamed cell by cell, so that a formula without a cached value is seen and a cell
/// beyond the limits stops the sheet before anything is kept. Shared formulas are read as
/// metadata, never expanded: a file declaring a shared formula index of 2³² allocates nothing.
impl SheetSource for XlsxBook<'_> {
    fn names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    fn part(&self, name: &str) -> Option<&str> {
        self.parts.as_ref()?.get(name).map(String::as_str)
    }

    fn cells(&mut self, name: &str, grid: &mut Grid, limits: &ReadLimits) -> Result<(), SheetFailure> {
        let mut cells = self.book.worksheet_cells_reader(name).map_err(unreadable)?;
        check_dimensions(cells.dimensions(), limits)?;
        while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(unreadable)? {
            let (row, col) = cell.pos;
            if row >= limits.rows || col >= limits.columns {
                return Err(SheetFailure::TooLarge(format!(
                    "une valeur se trouve en {}",
                    a1(row, col)
                )));
            }
            let value = match (cell.value, cell.formula) {
                (DataRef::Empty, Some(formula)) => match formula_text(formula) {
                    Some(text) => CellValue::FormulaWithoutValue(text),
                    None => CellValue::Empty,
                },
                (DataRef::SharedString(text), _) => CellValue::Text(self.shared.text(text)),
                (value, _) => cell_value(Data::from(value)),
            };
            grid.set(row, col, value);
        }
        let part = self.parts.as_ref().and_then(|parts| parts.get(name));
        let bad = part.and_then(|part| self.bad_references?.get(part));
        for bad in bad.into_iter().flatten() {
            // Every position was already bounded by calamine's reading of the same cell.
            if bad.row < limits.rows && bad.col < limits.columns {
                grid.set(bad.row, bad.col, CellValue::MissingSharedString(bad.raw.clone()));
            }
        }
        Ok(())
    }

    fn merges(&mut self, name: &str) -> Result<Vec<Dimensions>, SheetFailure> {
        let part = self.parts.as_ref().and_then(|parts| parts.get(name));
        if let Some(found) = part.and_then(|part| self.merges?.get(part)) {
            return Ok(found.clone());
        }
        let scanned = part.and_then(|part| super::merges::merges(self.bytes, part));
        match scanned {
            Some(merges) => Ok(merges),
            None => self.book.merge_cells_by_sheet_name(name).map_err(unreadable),
        }
    }
}

/// The text of a formula for messages; a cell sharing its anchor's formula names it so.
fn formula_text(formula: XlsxFormulaMetadata) -> Option<String> {
    match formula {
        XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => {
            (!formula.is_empty()).then_some(formula)
        }
        XlsxFormulaMetadata::SharedDerived { shared_index } => Some(format!("(formule partagée n° {shared_index})")),
        _ => Some("(formule)".to_string()),
    }
}

impl SheetSource for Xls<Cursor<&[u8]>> {
    fn names(&self) -> Vec<String> {
        self.sheet_names()
    }

    fn cells(&mut self, name: &str, grid: &mut Grid, limits: &ReadLimits) -> Result<(), SheetFailure> {
        let range = self.worksheet_range(name).map_err(unreadable)?;
        fill_from_range(grid, &range, limits)
    }

    fn merges(&mut self, name: &str) -> Result<Vec<Dimensions>, SheetFailure> {
        self.merge_cells_by_sheet_name(name).map_err(unreadable)
    }
}

/// calamine has no merge API for ODS: a value merged over a region sits in its first cell only.
impl SheetSource for Ods<Cursor<&[u8]>> {
    fn names(&self) -> Vec<String> {
        self.sheet_names()
    }

    fn cells(&mut self, name: &str, grid: &mut Grid, limits: &ReadLimits) -> Result<(), SheetFailure> {
        let range = self.worksheet_range(name).map_err(unreadable)?;
        fill_from_range(grid, &range, limits)
    }

    fn merges(&mut self, _name: &str) -> Result<Vec<Dimensions>, SheetFailure> {
        Ok(Vec::new())
    }
}

/// Copies a calamine range into the grid, adding back the range's offset: `Range::start()` is
/// the first used cell, not A1.
fn fill_from_range(grid: &mut Grid, range: &Range<Data>, limits: &ReadLimits) -> Result<(), SheetFailure> {
    let Some((top, left)) = range.start() else {
        return Ok(());
    };
    if let Some(end) = range.end() {
        check_dimensions(
            Dimensions {
                start: (top, left),
                end,
            },
            limits,
        )?;
    }
    for (row, col, value) in range.used_cells() {
        grid.set(top + row as u32, left + col as u32, cell_value(value.clone()));
    }
    Ok(())
}

fn check_dimensions(dimensions: Dimensions, limits: &ReadLimits) -> Result<(), SheetFailure> {
    let rows = dimensions.end.0.saturating_add(1);
    let columns = dimensions.end.1.saturating_add(1);
    if rows > limits.rows {
        return Err(SheetFailure::TooLarge(format!(
            "{rows} lignes, au-delà de la limite de {}",
            limits.rows
        )));
    }
    if columns > limits.columns {
        return Err(SheetFailure::TooLarge(format!(
            "{columns} colonnes, au-delà de la limite de {}",
            limits.columns
        )));
    }
    Ok(())
}

fn cell_value(value: Data) -> CellValue {
    match value {
        Data::Int(i) => CellValue::Number(i as f64),
        Data::Float(f) => CellValue::Number(f),
        Data::String(s) => CellValue::Text(s.into()),
        Data::Bool(b) => CellValue::Bool(b),
        Data::DateTime(dt) => date_cell(&dt),
        Data::DateTimeIso(s) => CellValue::IsoDate(s),
        Data::DurationIso(s) => CellValue::Text(s.into()),
        Data::Error(e) => CellValue::Error(e.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// Excel's dates run from serial 1 (01/01/1900) to 2 958 465 (31/12/9999).
const DATE_SERIALS: std::ops::RangeInclusive<f64> = 1.0..=2_958_465.0;

/// calamine's `ExcelDateTime` carries the workbook's epoch (1900 or 1904) and converts with it.
/// A serial outside Excel's dates (−1, 0, 3e6, −1e308, NaN) is no date: it stays a number, which
/// a date column reports as `date-invalide` on its cell (and calamine is never asked to convert
/// it, which panics on the most extreme ones).
fn date_cell(dt: &calamine::ExcelDateTime) -> CellValue {
    let serial = dt.as_f64();
    if !DATE_SERIALS.contains(&serial) {
        return CellValue::Number(serial);
    }
    match dt.as_datetime() {
        Some(datetime) if dt.is_datetime() => CellValue::Date(datetime),
        _ => CellValue::Number(serial),
    }
}

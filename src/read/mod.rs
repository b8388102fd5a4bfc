//! Opening one workbook, read-only, into [`Grid`]s: sniffing its real format, enforcing the §9
//! limits before loading, turning calamine's cells into absolute positions with merged regions,
//! and isolating the reader so that a malformed file is a diagnostic, never a crash.

pub mod grid;
pub mod sniff;

use crate::diagnostic::{Code, Diagnostic, Location};
use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx};
pub use grid::{CellValue, Grid, Merge};
pub use sniff::FileFormat;
use sniff::Refusal;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// A sheet with more rows than this is refused (§9).
pub const MAX_ROWS: u32 = 2_000_000;
/// A sheet with more columns than this is refused (§9).
pub const MAX_COLUMNS: u32 = 1_000;

/// The advice given with every refusal.
const SAVE_AS_XLSX: &str = "Enregistrez le classeur au format .xlsx sans mot de passe, puis relancez.";

/// One workbook's sheets, and what went wrong at sheet level while reading it.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Its real format.
    pub format: FileFormat,
    /// Its sheets, in workbook order.
    pub sheets: Vec<Grid>,
    /// Sheets refused or unreadable.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a workbook from disk. A file that cannot be read at all gives one diagnostic instead.
pub fn read_workbook(path: &Path) -> Result<Workbook, Diagnostic> {
    let bytes = read_file(path)?;
    read_workbook_bytes(path, &bytes)
}

/// Reads a file's bytes once (refused before loading when over the size limit), so that the
/// caller can both hash them and parse them without a second read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    sniff::load_bytes(path).map_err(|refusal| refusal_diagnostic(path, refusal))
}

/// Reads a workbook from its bytes; `path` names it in diagnostics and gives its extension.
pub fn read_workbook_bytes(path: &Path, bytes: &[u8]) -> Result<Workbook, Diagnostic> {
    let format = sniff::sniff(path, bytes).map_err(|refusal| refusal_diagnostic(path, refusal))?;
    let outcome = quietly(|| {
        catch_unwind(AssertUnwindSafe(|| match format {
            FileFormat::Xlsx => read_xlsx(path, bytes),
            FileFormat::Xls => read_xls(path, bytes),
            FileFormat::Ods => read_ods(path, bytes),
        }))
    });
    match outcome {
        Ok(Ok((sheets, diagnostics))) => Ok(Workbook {
            format,
            sheets,
            diagnostics,
        }),
        Ok(Err(refusal)) => Err(refusal_diagnostic(path, refusal)),
        Err(_) => Err(unreadable(
            path,
            "le lecteur de classeur a rencontré une structure invalide",
        )),
    }
}

thread_local! {
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with panic messages silenced on this thread: a panic inside calamine on a
/// malformed file becomes a diagnostic, not a backtrace on the pilot's console. Panics anywhere
/// else still print as usual.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(std::cell::Cell::get) {
                default_hook(info);
            }
        }));
    });
    READING.with(|r| r.set(true));
    let result = f();
    READING.with(|r| r.set(false));
    result
}

type SheetsRead = (Vec<Grid>, Vec<Diagnostic>);

fn read_xlsx(path: &Path, bytes: &[u8]) -> Result<SheetsRead, Refusal> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => Refusal::Encrypted,
        other => Refusal::Broken(other.to_string()),
    })?;
    let mut sheets = Vec::new();
    let mut diagnostics = Vec::new();
    for name in workbook.sheet_names() {
        let location = Location::sheet(path, &name);
        match read_xlsx_sheet(&mut workbook, &name) {
            Ok(grid) => sheets.push(grid),
            Err(SheetFailure::TooLarge(message)) => diagnostics.push(too_large(location, &message)),
            Err(SheetFailure::Unreadable(message)) => diagnostics.push(sheet_unreadable(location, &message)),
        }
    }
    Ok((sheets, diagnostics))
}

enum SheetFailure {
    TooLarge(String),
    Unreadable(String),
}

fn read_xlsx_sheet(workbook: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Grid, SheetFailure> {
    let mut grid = Grid::new(name);
    {
        let mut cells = workbook
            .worksheet_cells_reader(name)
            .map_err(|e| SheetFailure::Unreadable(e.to_string()))?;
        check_dimensions(cells.dimensions())?;
        while let Some(cell) = cells
            .next_cell_with_formula()
            .map_err(|e| SheetFailure::Unreadable(e.to_string()))?
        {
            let (row, col) = cell.pos;
            if row >= MAX_ROWS || col >= MAX_COLUMNS {
                return Err(SheetFailure::TooLarge(format!(
                    "une valeur se trouve en {}",
                    crate::diagnostic::a1(row, col)
                )));
            }
            let value = match (&cell.value, cell.formula) {
                (DataRef::Empty, Some(formula)) if !formula.is_empty() => CellValue::FormulaWithoutValue(formula),
                (value, _) => from_data_ref(value),
            };
            grid.set(row, col, value);
        }
    }
    let merges = workbook
        .merge_cells_by_sheet_name(name)
        .map_err(|e| SheetFailure::Unreadable(e.to_string()))?;
    add_merges(&mut grid, &merges);
    Ok(grid)
}

fn read_xls(path: &Path, bytes: &[u8]) -> Result<SheetsRead, Refusal> {
    let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => Refusal::Encrypted,
        other => Refusal::Broken(other.to_string()),
    })?;
    let mut sheets = Vec::new();
    let mut diagnostics = Vec::new();
    for name in workbook.sheet_names() {
        let location = Location::sheet(path, &name);
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                diagnostics.push(sheet_unreadable(location, &e.to_string()));
                continue;
            }
        };
        match grid_from_range(&name, &range) {
            Ok(mut grid) => {
                if let Ok(merges) = workbook.merge_cells_by_sheet_name(&name) {
                    add_merges(&mut grid, &merges);
                }
                sheets.push(grid);
            }
            Err(SheetFailure::TooLarge(message)) => diagnostics.push(too_large(location, &message)),
            Err(SheetFailure::Unreadable(message)) => diagnostics.push(sheet_unreadable(location, &message)),
        }
    }
    Ok((sheets, diagnostics))
}

fn read_ods(path: &Path, bytes: &[u8]) -> Result<SheetsRead, Refusal> {
    let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|e| Refusal::Broken(e.to_string()))?;
    let mut sheets = Vec::new();
    let mut diagnostics = Vec::new();
    for name in workbook.sheet_names() {
        let location = Location::sheet(path, &name);
        match workbook.worksheet_range(&name) {
            Ok(range) => match grid_from_range(&name, &range) {
                Ok(grid) => sheets.push(grid),
                Err(SheetFailure::TooLarge(message)) => diagnostics.push(too_large(location, &message)),
                Err(SheetFailure::Unreadable(message)) => diagnostics.push(sheet_unreadable(location, &message)),
            },
            Err(e) => diagnostics.push(sheet_unreadable(location, &e.to_string())),
        }
    }
    Ok((sheets, diagnostics))
}

/// Builds a grid from a calamine range, adding back the range's offset: `Range::start()` is the
/// first used cell, not A1.
fn grid_from_range(name: &str, range: &calamine::Range<Data>) -> Result<Grid, SheetFailure> {
    let mut grid = Grid::new(name);
    let Some((top, left)) = range.start() else {
        return Ok(grid);
    };
    if let Some(end) = range.end() {
        check_dimensions(Dimensions {
            start: (top, left),
            end,
        })?;
    }
    for (row, col, value) in range.used_cells() {
        grid.set(top + row as u32, left + col as u32, from_data(value));
    }
    Ok(grid)
}

fn check_dimensions(dimensions: Dimensions) -> Result<(), SheetFailure> {
    let rows = dimensions.end.0.saturating_add(1);
    let columns = dimensions.end.1.saturating_add(1);
    if rows > MAX_ROWS {
        return Err(SheetFailure::TooLarge(format!(
            "{rows} lignes, au-delà de la limite de {MAX_ROWS}"
        )));
    }
    if columns > MAX_COLUMNS {
        return Err(SheetFailure::TooLarge(format!(
            "{columns} colonnes, au-delà de la limite de {MAX_COLUMNS}"
        )));
    }
    Ok(())
}

fn add_merges(grid: &mut Grid, merges: &[Dimensions]) {
    for merge in merges {
        grid.add_merge(Merge {
            first: merge.start,
            last: merge.end,
        });
    }
}

fn from_data_ref(value: &DataRef<'_>) -> CellValue {
    match value {
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => date_cell(dt),
        DataRef::DateTimeIso(s) => CellValue::IsoDate(s.clone()),
        DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Error(e.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) => CellValue::IsoDate(s.clone()),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// calamine's `ExcelDateTime` carries the workbook's epoch (1900 or 1904) and converts with it.
fn date_cell(dt: &calamine::ExcelDateTime) -> CellValue {
    match dt.as_datetime() {
        Some(datetime) if dt.is_datetime() => CellValue::Date(datetime),
        _ => CellValue::Number(dt.as_f64()),
    }
}

fn refusal_diagnostic(path: &Path, refusal: Refusal) -> Diagnostic {
    let location = Location::file(path);
    match refusal {
        Refusal::Empty => Diagnostic::error(
            location,
            Code::FileEmpty,
            "Le fichier est vide (0 octet) : aucun classeur à lire.",
        )
        .suggest("Vérifiez que l'enregistrement s'est terminé, ou retirez le fichier du dossier."),
        Refusal::TooLarge(why) => Diagnostic::error(
            location,
            Code::FileTooLarge,
            format!("Classeur refusé sans être ouvert : {why}."),
        )
        .suggest("Découpez le classeur par service ou par année."),
        Refusal::Encrypted => Diagnostic::error(
            location,
            Code::FileEncrypted,
            "Le classeur est protégé par un mot de passe (chiffré) : il ne peut pas être lu.",
        )
        .suggest(SAVE_AS_XLSX),
        Refusal::Xlsb => Diagnostic::error(
            location,
            Code::FileFormatUnsupported,
            "Le classeur est au format binaire Excel (.xlsb), qui n'est pas lu.",
        )
        .suggest(SAVE_AS_XLSX),
        Refusal::NotAWorkbook(what) => Diagnostic::error(
            location,
            Code::FileFormatUnsupported,
            format!("Le fichier porte une extension de classeur mais contient {what}."),
        )
        .suggest(SAVE_AS_XLSX),
        Refusal::Broken(why) => unreadable(path, &why),
    }
}

fn unreadable(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        Location::file(path),
        Code::FileUnreadable,
        format!("Le classeur ne peut pas être lu ({why}) : fichier tronqué, en cours d'enregistrement ou abîmé."),
    )
    .suggest("Rouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau au format .xlsx.")
}

fn too_large(location: Location, why: &str) -> Diagnostic {
    Diagnostic::error(
        location,
        Code::SheetTooLarge,
        format!("Feuille refusée sans être chargée : {why}."),
    )
    .suggest("Supprimez les lignes et colonnes vides en fin de feuille, ou découpez la feuille.")
}

fn sheet_unreadable(location: Location, why: &str) -> Diagnostic {
    Diagnostic::error(
        location,
        Code::FileUnreadable,
        format!("La feuille ne peut pas être lue ({why})."),
    )
    .suggest("Rouvrez le classeur dans Excel ou LibreOffice et enregistrez-le à nouveau.")
}

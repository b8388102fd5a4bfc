//! The inputs of a run as records: what one file gives ([`FileContent`], the same whatever kind
//! of input it was read from), and every file's records put together ([`Inputs`]), with the
//! columns that name a record's cells in diagnostics.

use super::{Action, FollowUp, Indicator, Purchase, SourceRow};
use crate::catalogue::SheetKind;
use crate::diagnostic::{Diagnostic, Location, Tally, relative};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// The mapped columns of one sheet: catalogue key → 0-based column.
pub type SheetColumns = Vec<(String, u32)>;

/// One input file as listed in the `Sources` sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// The file.
    pub path: PathBuf,
    /// The kinds of sheets recognised in it.
    pub kinds: Vec<SheetKind>,
    /// The service its purchases are attributed to by default.
    pub service: String,
    /// Data rows read.
    pub rows_read: usize,
    /// Contrats de concession of a DECP file, among its rows (§10).
    pub concessions: usize,
    /// Errors and warnings found in it.
    pub tally: Tally,
    /// Modification time.
    pub modified: Option<SystemTime>,
    /// SHA-256 of its bytes, in hex.
    pub sha256: Option<String>,
}

/// Everything one file gives, whatever kind of input it is.
#[derive(Debug, Clone, Default)]
pub struct FileContent {
    /// Purchases, shared: `watch` keeps them in its cache and lends them to each rebuild.
    pub purchases: Vec<Arc<Purchase>>,
    /// Fiches action.
    pub actions: Vec<Action>,
    /// Indicators.
    pub indicators: Vec<Indicator>,
    /// Follow-up rows.
    pub follow_ups: Vec<FollowUp>,
    /// The facilitator's rows of insertion hours (§13).
    pub insertion: Vec<super::InsertionRow>,
    /// Diagnostics found in it.
    pub diagnostics: Vec<Diagnostic>,
    /// Mapped columns per sheet (to name cells in cross-file diagnostics).
    pub columns: HashMap<String, SheetColumns>,
    /// Kinds recognised.
    pub kinds: Vec<SheetKind>,
    /// Data rows read.
    pub rows_read: usize,
    /// Contrats de concession of a DECP file, among its rows read.
    pub concessions: usize,
    /// Modification time of the file when it was read.
    pub modified: Option<SystemTime>,
    /// SHA-256 of the bytes that were read, in hex.
    pub sha256: Option<String>,
    /// Whether the file could not be read as a workbook at all (empty, truncated, locked,
    /// not a workbook): `watch` then keeps the last good content.
    pub unreadable: bool,
}

impl FileContent {
    /// The content of a file that could not be read at all: only the diagnostic saying why.
    pub fn unreadable(modified: Option<SystemTime>, diagnostic: Diagnostic) -> Self {
        FileContent {
            modified,
            unreadable: true,
            diagnostics: vec![diagnostic],
            ..FileContent::default()
        }
    }
}

/// All inputs of a run.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The files read, sorted by path.
    pub sources: Vec<SourceFile>,
    /// Purchases (shared with `watch`'s cache).
    pub purchases: Vec<Arc<Purchase>>,
    /// Fiches action (merged over files).
    pub actions: Vec<Action>,
    /// Indicators (merged over files).
    pub indicators: Vec<Indicator>,
    /// Follow-up rows.
    pub follow_ups: Vec<FollowUp>,
    /// The facilitator's rows of insertion hours (§13).
    pub insertion: Vec<super::InsertionRow>,
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Mapped columns by (file, sheet).
    pub columns: HashMap<(PathBuf, String), SheetColumns>,
    /// The input folder: paths are shown relative to it.
    pub base: PathBuf,
}

impl Inputs {
    /// The column holding `key` in a sheet, to name a cell.
    pub fn column_of(&self, file: &Path, sheet: &str, key: &str) -> Option<u32> {
        self.columns
            .get(&(file.to_path_buf(), sheet.to_string()))?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, c)| *c)
    }

    /// Where to point a diagnostic about a record: the cell of `key` in its row when that column
    /// was read, else the whole row.
    pub fn location_of(&self, source: &Option<SourceRow>, key: &str) -> Location {
        match source {
            Some(SourceRow {
                file,
                row,
                entry: Some(list),
                ..
            }) => {
                let field = if *list == crate::diagnostic::EntryList::Concessions {
                    crate::catalogue::decp_concession_field(key)
                } else {
                    crate::catalogue::decp_field(key)
                };
                Location::entry(file, *list, *row, field)
            }
            Some(s) => {
                let sheet = Location::sheet(&s.file, &s.sheet);
                match self.column_of(&s.file, &s.sheet, key) {
                    Some(col) => sheet.at_cell(s.row, col),
                    None => sheet.at_row(s.row),
                }
            }
            None => Location::file(Path::new("")),
        }
    }

    /// Where a record was read, as a message names it: `voirie/marchés.xlsx › Marchés ›
    /// ligne 13`, the file relative to the input folder.
    pub fn describe(&self, source: &Option<SourceRow>) -> String {
        describe(source, &self.base)
    }
}

/// `file › sheet › ligne n`, the file relative to `base`.
pub fn describe(source: &Option<SourceRow>, base: &Path) -> String {
    match source {
        Some(s) if s.entry.is_some() => format!("{} › {}[{}]", relative(&s.file, base), s.sheet, s.row),
        Some(s) => format!("{} › {} › ligne {}", relative(&s.file, base), s.sheet, s.row + 1),
        None => "?".to_string(),
    }
}

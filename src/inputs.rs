//! The input side of every command: scan → read → recognise → validate, per file, then the
//! checks across files. Produces [`Inputs`]: the domain records, the sources they came from,
//! and every diagnostic. One file's work ([`load_file`]) depends on nothing but that file, so
//! that `watch` can cache it.

use crate::catalogue::{Catalogue, SheetKind};
use crate::diagnostic::{self, Code, Diagnostic, Location, Tally};
use crate::model::{Action, FollowUp, Indicator, Purchase};
use crate::read::{self, Grid};
use crate::recognise::{self, Layout};
use crate::validate::rows::{self, Sheet};
use crate::validate::{consistency, recensement, suivi};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// What reading needs to know besides the file.
#[derive(Debug, Clone)]
pub struct ReadSettings {
    /// The catalogue (builtin, extended by `spaser.toml`).
    pub catalogue: Catalogue,
    /// The folder the files were found in (for relative service names).
    pub base: PathBuf,
    /// The folder's `spaser.toml` (service of each file, defaults).
    pub config: crate::config::Config,
    /// Year for bilan tables whose headers carry none (`--year`).
    pub default_year: Option<i32>,
    /// The `spaser.toml` that was read, if any.
    pub config_file: Option<PathBuf>,
}

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
    /// Errors and warnings found in it.
    pub tally: Tally,
    /// Modification time.
    pub modified: Option<SystemTime>,
    /// SHA-256 of its bytes, in hex.
    pub sha256: Option<String>,
}

/// Everything one file gives.
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
    /// Diagnostics found in it.
    pub diagnostics: Vec<Diagnostic>,
    /// Mapped columns per sheet (to name cells in cross-file diagnostics).
    pub columns: HashMap<String, Vec<(String, u32)>>,
    /// Kinds recognised.
    pub kinds: Vec<SheetKind>,
    /// Data rows read.
    pub rows_read: usize,
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
    /// Every diagnostic, sorted.
    pub diagnostics: Vec<Diagnostic>,
    columns: HashMap<(PathBuf, String), Vec<(String, u32)>>,
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
    pub fn location_of(&self, source: &Option<crate::model::SourceRow>, key: &str) -> Location {
        match source {
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

    /// Counts by severity.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }
}

/// Reads every file and checks them together.
pub fn load(files: &[PathBuf], settings: &ReadSettings) -> Inputs {
    assemble(load_files(files, settings, |_| {}), settings)
}

/// Reads every file, two or more at a time (one per core); `done` is called after each file.
/// The result is in the order of `files`, whatever order the reads finish in.
pub fn load_files(
    files: &[PathBuf],
    settings: &ReadSettings,
    done: impl Fn(&Path) + Sync,
) -> Vec<(PathBuf, FileContent)> {
    files
        .par_iter()
        .map(|file| {
            let content = load_file(file, settings);
            done(file);
            (file.clone(), content)
        })
        .collect()
}

/// Puts per-file contents together (in path order) and runs the cross-file checks.
pub fn assemble(mut contents: Vec<(PathBuf, FileContent)>, settings: &ReadSettings) -> Inputs {
    contents.sort_by(|a, b| a.0.cmp(&b.0));
    let mut inputs = Inputs::default();
    for (path, content) in contents {
        inputs.sources.push(SourceFile {
            path: path.clone(),
            kinds: content.kinds.clone(),
            service: default_service(&path, settings),
            rows_read: content.rows_read,
            tally: Tally::default(),
            modified: content.modified,
            sha256: content.sha256.clone(),
        });
        for (sheet, columns) in content.columns {
            inputs.columns.insert((path.clone(), sheet), columns);
        }
        inputs.purchases.extend(content.purchases);
        inputs.actions.extend(content.actions);
        inputs.indicators.extend(content.indicators);
        inputs.follow_ups.extend(content.follow_ups);
        inputs.diagnostics.extend(content.diagnostics);
    }
    consistency::check(&mut inputs);
    diagnostic::sort(&mut inputs.diagnostics);
    inputs.diagnostics.dedup();
    for source in &mut inputs.sources {
        source.tally = Tally::of(inputs.diagnostics.iter().filter(|d| d.location.file == source.path));
    }
    inputs
}

/// Reads one file: every sheet recognised and validated on its own.
pub fn load_file(path: &Path, settings: &ReadSettings) -> FileContent {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    // One read of the file: the same bytes are hashed (for `Sources`) and parsed.
    match read::read_file(path) {
        Ok(bytes) => load_bytes(path, &bytes, modified, settings),
        Err(diagnostic) => FileContent::unreadable(modified, diagnostic),
    }
}

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads one file from its bytes (already read, e.g. to compare their hash).
pub fn load_bytes(path: &Path, bytes: &[u8], modified: Option<SystemTime>, settings: &ReadSettings) -> FileContent {
    let mut content = FileContent {
        modified,
        sha256: Some(sha256_hex(bytes)),
        ..FileContent::default()
    };
    let workbook = match read::read_workbook_bytes(path, bytes) {
        Ok(workbook) => workbook,
        Err(diagnostic) => {
            content.unreadable = true;
            content.diagnostics.push(diagnostic);
            return content;
        }
    };
    content.diagnostics.extend(workbook.diagnostics);
    if is_own_bilan(&workbook.sheets) {
        content.diagnostics.push(Diagnostic::info(
            Location::file(path),
            Code::OwnBilanIgnored,
            "Classeur de bilan produit par spaser (feuilles Synthèse, Actions, Indicateurs, Recensement, Anomalies, Sources) : il n'est pas relu comme une entrée.",
        ));
        return content;
    }
    let service = default_service(path, settings);
    // The template's own Notice and Listes sheets explain and feed the others; they hold no data.
    for grid in workbook
        .sheets
        .iter()
        .filter(|g| !crate::template::is_auxiliary_sheet(&g.name))
    {
        let location = Location::sheet(path, &grid.name);
        match recognise::recognise(grid, &settings.catalogue, &location) {
            Some(layout) => load_sheet(grid, &layout, &location, &service, settings, &mut content),
            None if grid.height() > 0 => content.diagnostics.push(Diagnostic::info(
                location,
                Code::SheetNotRecognised,
                "Feuille non reconnue (aucune ligne d'en-tête connue parmi les 30 premières lignes) : elle n'est pas lue.",
            )),
            None => {}
        }
    }
    if content.kinds.is_empty() && !workbook.sheets.is_empty() {
        content.diagnostics.retain(|d| d.code != Code::SheetNotRecognised);
        content.diagnostics.push(
            Diagnostic::warning(
                Location::file(path),
                Code::NoSheetRecognised,
                "Aucune feuille du classeur n'est reconnue comme recensement, référentiel, suivi ou tableau de bilan : le fichier n'est pas lu.",
            )
            .suggest("Vérifiez la ligne d'en-tête (Référence, Objet, Nature, Montant HT… pour un recensement) ou partez du modèle : spaser template recensement."),
        );
    }
    content
}

/// A bilan written by spaser has exactly the six sheets of §6, in order; reading it back would
/// count its purchases twice.
fn is_own_bilan(sheets: &[Grid]) -> bool {
    sheets.len() == crate::write::SHEETS.len()
        && sheets.iter().zip(crate::write::SHEETS).all(|(g, name)| g.name == name)
}

fn load_sheet(
    grid: &Grid,
    layout: &Layout,
    location: &Location,
    service: &str,
    settings: &ReadSettings,
    content: &mut FileContent,
) {
    let has_missing_required = layout.diagnostics.iter().any(|d| d.code == Code::HeaderMissing);
    content.diagnostics.extend(layout.diagnostics.iter().cloned());
    if !content.kinds.contains(&layout.kind) {
        content.kinds.push(layout.kind);
    }
    content.columns.insert(
        grid.name.clone(),
        layout.columns.iter().map(|c| (c.key.clone(), c.col)).collect(),
    );
    if has_missing_required {
        return;
    }
    let sheet = Sheet {
        grid,
        layout,
        location,
        catalogue: &settings.catalogue,
    };
    let diagnostics = &mut content.diagnostics;
    let data = rows::read_rows(&sheet, diagnostics);
    content.rows_read += data.len();
    match layout.kind {
        SheetKind::Recensement => content.purchases.extend(
            recensement::purchases(&sheet, &data, service, diagnostics)
                .into_iter()
                .map(Arc::new),
        ),
        SheetKind::Actions => content.actions.extend(suivi::actions(&sheet, &data)),
        SheetKind::Indicateurs => content.indicators.extend(suivi::indicators(&sheet, &data, diagnostics)),
        SheetKind::Suivi => content.follow_ups.extend(suivi::follow_ups(&sheet, &data)),
        SheetKind::Bilan => {
            let table = suivi::bilan_table(&sheet, &data, settings.default_year, diagnostics);
            content.follow_ups.extend(table.follow_ups);
            content.actions.extend(table.actions);
        }
    }
}

/// The service of a file: the one named in `spaser.toml`, else the file name without extension.
pub fn default_service(path: &Path, settings: &ReadSettings) -> String {
    settings.config.service_for(path, &settings.base).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    })
}

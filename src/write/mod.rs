//! The write step: the bilan workbook of §6 — seven sheets in a fixed order, coloured statuses,
//! French formats, printable — saved atomically (temporary file in the same folder, then
//! rename), so that a failure leaves the previous bilan untouched.

pub mod actions;
pub mod anomalies;
pub mod fiches;
pub mod indicateurs;
pub mod method;
pub mod recensement;
pub mod style;
pub mod synthese;
pub mod table;

use crate::catalogue::Catalogue;
use crate::compute::Bilan;
use crate::diagnostic::Diagnostic;
use crate::model::Inputs;
use chrono::NaiveDateTime;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};
use style::Styles;

pub use crate::catalogue::own_sheets::{
    ACTIONS as SHEET_ACTIONS, ANOMALIES as SHEET_ANOMALIES, BILAN_PAR_FICHE as SHEET_BILAN_PAR_FICHE,
    INDICATEURS as SHEET_INDICATEURS, RECENSEMENT as SHEET_RECENSEMENT, SOURCES as SHEET_SOURCES,
    SYNTHESE as SHEET_SYNTHESE,
};

/// Everything the bilan workbook shows.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The computed figures.
    pub bilan: &'a Bilan,
    /// The inputs (purchases and sources).
    pub inputs: &'a Inputs,
    /// Every diagnostic, reading and computing, sorted.
    pub diagnostics: &'a [Diagnostic],
    /// The column catalogue (Recensement headers).
    pub catalogue: &'a Catalogue,
    /// The input folder: paths are shown relative to it.
    pub base: &'a Path,
    /// When the bilan is generated.
    pub generated_at: NaiveDateTime,
    /// The `spaser.toml` used, if any.
    pub config_file: Option<&'a Path>,
}

/// Why the bilan could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// rust_xlsxwriter refused the content.
    #[error("écriture du classeur impossible : {0}")]
    Xlsx(#[from] XlsxError),
    /// The file system refused.
    #[error("{path} : écriture impossible ({source})")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Builds the workbook in memory.
pub fn workbook(doc: &Document<'_>) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    // Level 1 deflates several times faster than the default 6 for a file a little larger: the
    // Recensement sheet of a large authority is most of the bilan's writing time.
    workbook.set_zip_compression_level(1);
    let properties = DocProperties::new()
        .set_title(format!("Bilan SPASER {}", doc.bilan.year))
        .set_author("spaser")
        .set_creation_datetime(&doc.generated_at);
    workbook.set_properties(&properties);
    let styles = Styles::new();
    synthese::write(&mut workbook, doc, &styles)?;
    fiches::write(&mut workbook, doc, &styles)?;
    actions::write(&mut workbook, doc, &styles)?;
    indicateurs::write(&mut workbook, doc, &styles)?;
    recensement::write(&mut workbook, doc, &styles)?;
    anomalies::write_anomalies(&mut workbook, doc, &styles)?;
    anomalies::write_sources(&mut workbook, doc, &styles)?;
    Ok(workbook)
}

/// Writes the bilan to `path` atomically: into a hidden temporary file of the same folder
/// (which the scan ignores), flushed to disk, then renamed over `path`.
pub fn save(doc: &Document<'_>, path: &Path) -> Result<(), WriteError> {
    save_workbook(&mut workbook(doc)?, path)
}

/// Writes any workbook to `path` atomically, as [`save`] does for the bilan.
pub fn save_workbook(workbook: &mut Workbook, path: &Path) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".~spaser-").suffix(".tmp");
    if let Some(permissions) = output_permissions(path) {
        builder.permissions(permissions);
    }
    let mut temporary = builder.tempfile_in(folder).map_err(io_error)?;
    workbook.save_to_writer(temporary.as_file_mut())?;
    temporary.as_file_mut().flush().map_err(io_error)?;
    temporary.as_file().sync_all().map_err(io_error)?;
    temporary.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

/// The bilan is read by everyone on the share: it keeps the permissions of the file it
/// replaces, else gets the usual `rw-r--r--` (a temporary file is created owner-only).
fn output_permissions(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(metadata) = std::fs::metadata(path) {
        return Some(metadata.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

pub use crate::model::inputs::relative;

//! The write step: the bilan workbook of §6 — eight sheets in a fixed order, coloured statuses,
//! French formats, printable — saved atomically (temporary file in the same folder, then
//! rename), so that a failure leaves the previous bilan untouched.

pub mod actions;
pub mod anomalies;
pub mod conformite;
pub mod fiches;
pub mod indicateurs;
pub mod method;
pub mod open_data;
pub mod recensement;
pub mod save;
pub mod style;
pub mod synthese;
pub mod table;
pub mod trajectoire;

use crate::catalogue::Catalogue;
use crate::compute::Bilan;
use crate::diagnostic::Diagnostic;
use crate::model::Inputs;
use chrono::NaiveDateTime;
pub use save::{WriteError, save_workbook};

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::Path;
use style::Styles;

pub use crate::catalogue::own_sheets::{
    ACTIONS as SHEET_ACTIONS, ANOMALIES as SHEET_ANOMALIES, BILAN_PAR_FICHE as SHEET_BILAN_PAR_FICHE,
    CONFORMITE as SHEET_CONFORMITE, INDICATEURS as SHEET_INDICATEURS, RECENSEMENT as SHEET_RECENSEMENT,
    SOURCES as SHEET_SOURCES, SYNTHESE as SHEET_SYNTHESE,
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

/// Writes every sheet of the bilan into `workbook`.
pub fn fill(workbook: &mut Workbook, doc: &Document<'_>) -> Result<(), XlsxError> {
    // Level 1 deflates several times faster than the default 6 for a file a little larger: the
    // Recensement sheet of a large authority is most of the bilan's writing time.
    workbook.set_zip_compression_level(1);
    let properties = DocProperties::new()
        .set_title(format!("Bilan SPASER {}", doc.bilan.year))
        .set_author("spaser")
        .set_creation_datetime(&doc.generated_at);
    workbook.set_properties(&properties);
    let styles = Styles::new();
    synthese::write(workbook, doc, &styles)?;
    fiches::write(workbook, doc, &styles)?;
    actions::write(workbook, doc, &styles)?;
    indicateurs::write(workbook, doc, &styles)?;
    conformite::write(workbook, doc, &styles)?;
    recensement::write(workbook, doc, &styles)?;
    anomalies::write_anomalies(workbook, doc, &styles)?;
    anomalies::write_sources(workbook, doc, &styles)?;
    Ok(())
}

/// Writes the bilan to `path` atomically (see [`save::save_atomically`]), its working files in
/// the same folder: a full or unwritable `TMPDIR` plays no part, and a failure while writing —
/// even a panic inside the writer — is an error that leaves the previous bilan untouched.
pub fn save(doc: &Document<'_>, path: &Path) -> Result<(), WriteError> {
    save::save_atomically(path, |folder| {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(folder)?;
        fill(&mut workbook, doc)?;
        Ok(workbook)
    })
}

pub use crate::model::inputs::relative;

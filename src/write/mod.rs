//! The write step: the bilan workbook of §6 — eight sheets in a fixed order, coloured statuses,
//! French formats, printable — saved atomically (temporary file in the same folder, then
//! rename), so that a failure leaves the previous bilan untouched.

pub mod actions;
pub mod agec;
pub mod anomalies;
pub mod conformite;
pub mod document;
pub mod fiches;
pub mod indicateurs;
pub mod method;
pub mod open_data;
pub mod paging;
pub mod recensement;
pub mod save;
pub mod style;
pub mod synthese;
pub mod table;
pub mod trajectoire;
pub mod wording;

use crate::catalogue::Catalogue;
use crate::compute::Bilan;
use crate::diagnostic::Diagnostic;
use crate::model::Inputs;
use chrono::NaiveDateTime;
pub use save::{WriteError, save_workbook};

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use std::path::{Path, PathBuf};
use style::Styles;

pub use crate::catalogue::own_sheets::{
    ACTIONS as SHEET_ACTIONS, AGEC as SHEET_AGEC, ANOMALIES as SHEET_ANOMALIES,
    BILAN_PAR_FICHE as SHEET_BILAN_PAR_FICHE, CONFORMITE as SHEET_CONFORMITE, INDICATEURS as SHEET_INDICATEURS,
    RECENSEMENT as SHEET_RECENSEMENT, SOURCES as SHEET_SOURCES, SYNTHESE as SHEET_SYNTHESE,
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
    /// The companion workbook that lists the purchases instead of the bilan's Recensement
    /// sheet, above the threshold of §6.
    pub companion: Option<&'a Path>,
    /// The bilan of year N-1, for the committee's document (each fiche's status the year
    /// before), when it is written.
    pub previous: Option<&'a Bilan>,
    /// The authority (`collectivite` of `spaser.toml`), on the committee's document.
    pub authority: Option<&'a str>,
    /// The scheme's period (`periode`).
    pub period: Option<&'a str>,
    /// The committee's date (`date_comite`).
    pub committee_date: Option<&'a str>,
}

/// The companion Recensement workbook of a bilan: `Recensement_SPASER_<année>.xlsx` beside it.
pub fn companion_path(bilan: &Path, year: i32) -> PathBuf {
    save::folder_of(bilan).join(format!("{}{year}.xlsx", crate::catalogue::own_sheets::COMPANION_PREFIX))
}

/// Writes every sheet of the bilan into `workbook`.
pub fn fill(workbook: &mut Workbook, doc: &Document<'_>) -> Result<(), XlsxError> {
    prepare(workbook, doc, format!("Bilan SPASER {}", doc.bilan.year));
    let styles = Styles::new();
    synthese::write(workbook, doc, &styles)?;
    fiches::write(workbook, doc, &styles)?;
    actions::write(workbook, doc, &styles)?;
    indicateurs::write(workbook, doc, &styles)?;
    conformite::write(workbook, doc, &styles)?;
    agec::write(workbook, doc, &styles)?;
    match doc.companion {
        Some(companion) => recensement::write_pointer(workbook, doc, companion, &styles)?,
        None => recensement::write(workbook, doc, &styles)?,
    }
    anomalies::write_anomalies(workbook, doc, &styles)?;
    anomalies::write_sources(workbook, doc, &styles)?;
    Ok(())
}

/// Writes the companion workbook: the Recensement sheet and the Sources it came from.
fn fill_companion(workbook: &mut Workbook, doc: &Document<'_>) -> Result<(), XlsxError> {
    prepare(workbook, doc, format!("Recensement du bilan SPASER {}", doc.bilan.year));
    let styles = Styles::new();
    recensement::write(workbook, doc, &styles)?;
    anomalies::write_sources(workbook, doc, &styles)
}

/// Compression and document properties shared by the bilan and its companion.
fn prepare(workbook: &mut Workbook, doc: &Document<'_>, title: String) {
    // Level 1 deflates several times faster than the default 6 for a file a little larger: the
    // Recensement sheet of a large authority is most of the writing time.
    workbook.set_zip_compression_level(1);
    let properties = DocProperties::new()
        .set_title(title)
        .set_author("spaser")
        .set_creation_datetime(&doc.generated_at);
    workbook.set_properties(&properties);
}

/// Writes the bilan to `path` atomically (see [`save::save_atomically`]), its working files in
/// the same folder: a full or unwritable `TMPDIR` plays no part, and a failure while writing —
/// even a panic inside the writer — is an error that leaves the previous bilan untouched.
/// Above the threshold of §6 the bilan points to its companion, written by [`save_companion`].
pub fn save(doc: &Document<'_>, path: &Path) -> Result<(), WriteError> {
    save_filled(path, |workbook| fill(workbook, doc))
}

/// Writes the companion Recensement workbook to `path`, atomically like the bilan.
pub fn save_companion(doc: &Document<'_>, path: &Path) -> Result<(), WriteError> {
    save_filled(path, |workbook| fill_companion(workbook, doc))
}

fn save_filled(path: &Path, fill: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Result<(), WriteError> {
    save::save_atomically(path, |folder| {
        let mut workbook = Workbook::new();
        workbook.set_tempdir(folder)?;
        fill(&mut workbook)?;
        Ok(workbook)
    })
}

pub use crate::diagnostic::relative;

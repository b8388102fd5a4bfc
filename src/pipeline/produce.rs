//! The end of the pipeline: decide the year, compute it, and write the bilan atomically.

use crate::compute::status::DEFAULT_PARTIAL_THRESHOLD;
use crate::compute::{self, Bilan, ComputeSettings};
use crate::diagnostic::{self, Diagnostic, Tally};
use crate::model::Inputs;
use crate::scan::own;
use crate::settings::{BilanSettings, RunSettings};
use crate::write::{self, Document, WriteError};
use chrono::Local;
use std::path::{Path, PathBuf};

/// Why no bilan was written (exit code 3).
#[derive(Debug, thiserror::Error)]
pub enum BilanError {
    /// No recensement, référentiel or suivi could be read.
    #[error(
        "aucun recensement, référentiel ou suivi lisible dans {dir} : pas de bilan écrit ({files} fichier(s) examiné(s)). Lancez « spaser check {dir} » pour le détail.",
        dir = .dir.display()
    )]
    NothingRead {
        /// The input folder.
        dir: PathBuf,
        /// Files examined.
        files: usize,
    },
    /// Neither `--year`, nor `spaser.toml`, nor the inputs give a year.
    #[error("impossible de déterminer l'année du bilan (ni suivi, ni marché notifié) : précisez --year.")]
    NoYear,
    /// The workbook could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The bilan was written, its companion Recensement workbook could not be.
    #[error("bilan écrit, mais pas la liste des marchés à part : {0}")]
    Companion(WriteError),
}

/// A bilan in place that could not be replaced: the new one was written beside it.
#[derive(Debug, Clone)]
pub struct Locked {
    /// The bilan in place.
    pub path: PathBuf,
    /// Why it could not be replaced, in French.
    pub why: String,
}

impl Locked {
    /// What the log and the command say, in French.
    pub fn message(&self, written: &Path) -> String {
        format!(
            "{} ne peut pas être remplacé ({}) : le bilan est écrit à côté, dans {}",
            self.path.display(),
            self.why,
            written.display()
        )
    }
}

/// What a written bilan holds, for the closing line.
#[derive(Debug, Clone)]
pub struct Report {
    /// Set when the bilan in place could not be replaced and `path` is beside it.
    pub locked: Option<Locked>,
    /// Where it was written.
    pub path: PathBuf,
    /// Where the open-data export was written, when asked.
    pub export: Option<PathBuf>,
    /// Where the loi AGEC declaration was written, when asked.
    pub agec: Option<PathBuf>,
    /// The companion workbook that lists the purchases, above the threshold of §6.
    pub companion: Option<PathBuf>,
    /// The committee's document, when written (§6.2).
    pub document: Option<PathBuf>,
    /// The figures.
    pub bilan: Bilan,
    /// Files read.
    pub files: usize,
    /// Diagnostics by severity.
    pub tally: Tally,
    /// What the bilan lacks (no action, no indicator, no purchase notified in year N), in
    /// French: the bilan is written all the same, and the command says so (§6).
    pub gaps: Vec<String>,
}

impl Report {
    /// One French line: where, which year, statuses, anomalies.
    pub fn summary(&self) -> String {
        let counts = &self.bilan.counts;
        format!(
            "Bilan {} écrit dans {}{} : {} fichier(s) lu(s), {} action(s) ({} atteinte(s), {} partiellement, {} non atteinte(s), {} non renseignée(s)) ; anomalies : {} erreur(s), {} avertissement(s), {} info(s).",
            self.bilan.year,
            self.path.display(),
            self.document
                .as_ref()
                .and_then(|d| d.file_name())
                .map(|name| format!(" (document du comité : {})", name.to_string_lossy()))
                .unwrap_or_default(),
            self.files,
            counts.total(),
            counts.counts[0],
            counts.counts[1],
            counts.counts[2],
            counts.counts[3],
            self.tally.errors,
            self.tally.warnings,
            self.tally.infos,
        )
    }
}

/// Decides the year, computes the bilan of the inputs read and writes it (beside the bilan in
/// place when that one is locked), calling `bilan_written` as soon as the bilan and the export
/// are written: the companion Recensement workbook of §6, which lists every purchase and takes
/// much longer, follows. Errs when nothing usable was read, when no year can be decided, or when
/// a file cannot be written.
pub fn produce(
    inputs: &mut Inputs,
    settings: &BilanSettings,
    bilan_written: impl FnOnce(&Report),
) -> Result<Report, BilanError> {
    if nothing_read(inputs) {
        return Err(BilanError::NothingRead {
            dir: settings.input_dir.clone(),
            files: inputs.sources.len(),
        });
    }
    let year = super::year::decide(settings.read.default_year, inputs).ok_or(BilanError::NoYear)?;
    let bilan = compute::compute(inputs, &compute_settings(&settings.read, year));
    let path = settings
        .output
        .clone()
        .unwrap_or_else(|| default_output(&settings.input_dir, year));
    let diagnostics = all_diagnostics(inputs, &bilan);
    let mut report = Report {
        locked: None,
        export: settings.export.as_ref().map(|e| e.path.clone()),
        agec: settings.agec.clone(),
        companion: (inputs.purchases.len() > settings.read.companion_above())
            .then(|| write::companion_path(&path, year)),
        document: None,
        path,
        files: inputs.sources.len(),
        tally: Tally::of(&diagnostics),
        gaps: gaps(&bilan),
        bilan,
    };
    // The committee's document shows each fiche's status of N-1 beside N's.
    let previous = settings
        .document
        .then(|| compute::compute(inputs, &compute_settings_without_standard(&settings.read, year - 1)));
    let document = Document {
        previous: previous.as_ref(),
        bilan: &report.bilan,
        inputs,
        diagnostics: &diagnostics,
        catalogue: &settings.read.catalogue,
        base: &settings.input_dir,
        generated_at: Local::now().naive_local(),
        config_file: settings.read.config_file.as_deref(),
        companion: report.companion.as_deref(),
        authority: settings.read.config.collectivite.as_deref(),
        period: settings.read.config.periode.as_deref(),
        committee_date: settings.read.config.date_comite.as_deref(),
    };
    if let Err(error) = write::save(&document, &report.path) {
        // The bilan in place is open (locked on Windows): the new one is written beside it (§7).
        let WriteError::Replace { path, source } = error else {
            return Err(error.into());
        };
        let beside = own::written_beside(&path, &Local::now().format("%H-%M-%S").to_string());
        write::save(&document, &beside)?;
        report.locked = Some(Locked {
            why: write::save::in_french(&source),
            path,
        });
        report.path = beside;
    }
    if let Some(export) = &settings.export {
        write::open_data::save(&document, &export.path, export.format)?;
    }
    if let Some(agec) = &settings.agec {
        write::agec::save_csv(&report.bilan.agec, &declarant(&settings.read.config), agec)?;
    }
    if settings.document {
        // Beside the bilan asked for, even when that one was open and the new one went beside it.
        let intended = report.locked.as_ref().map_or(&report.path, |locked| &locked.path);
        report.document = Some(save_document(&document, intended)?);
    }
    bilan_written(&report);
    if let Some(companion) = &report.companion {
        write::save_companion(&document, companion).map_err(BilanError::Companion)?;
    }
    Ok(report)
}

/// Who declares the loi AGEC spending: `siret` of `spaser.toml` (checked when `--agec` was
/// read) and `raison_sociale`, else `collectivite`.
fn declarant(config: &crate::config::Config) -> write::agec::Declarant {
    write::agec::Declarant {
        siret: config
            .siret
            .as_deref()
            .and_then(crate::config::siret_digits)
            .unwrap_or_default(),
        raison_sociale: config
            .raison_sociale
            .clone()
            .or_else(|| config.collectivite.clone())
            .unwrap_or_default(),
    }
}

/// Writes the committee's document beside the bilan (§6.2); beside it in turn when it is open
/// in Word. Returns where it was written.
fn save_document(document: &Document<'_>, bilan: &Path) -> Result<PathBuf, BilanError> {
    let path = write::document::path_of(bilan);
    match write::document::save(document, &path) {
        Ok(()) => Ok(path),
        Err(WriteError::Replace { path, .. }) => {
            let beside =
                own::written_beside(&path, &Local::now().format("%H-%M-%S").to_string()).with_extension("docx");
            write::document::save(document, &beside)?;
            Ok(beside)
        }
        Err(error) => Err(error.into()),
    }
}

/// What an empty or partial bilan lacks (§6, last paragraph).
fn gaps(bilan: &Bilan) -> Vec<String> {
    let mut gaps = Vec::new();
    if bilan.actions.is_empty() {
        gaps.push("aucune fiche action lue : le bilan est vide".to_string());
    } else if bilan.indicators.is_empty() {
        gaps.push("aucun indicateur lu : les statuts ne reposent que sur les statuts déclarés".to_string());
    }
    if bilan.pnad[0].notified == 0 {
        gaps.push(format!(
            "aucun marché notifié en {} lu : les indicateurs calculés et le panneau PNAD sont vides",
            bilan.year
        ));
    }
    gaps
}

/// The compute settings of a year: the partial threshold of `spaser.toml`, else 0.5.
pub fn compute_settings(read: &RunSettings, year: i32) -> ComputeSettings {
    ComputeSettings {
        year,
        partial_threshold: read.partial_threshold().unwrap_or(DEFAULT_PARTIAL_THRESHOLD),
        thresholds: read.thresholds.clone(),
        standard: true,
        agec_categories: read
            .catalogue
            .enumeration("agec")
            .map(|e| e.canonical_values().into_iter().map(str::to_string).collect())
            .unwrap_or_default(),
    }
}

/// The compute settings of a year whose standard L.2111-3 set is not shown.
fn compute_settings_without_standard(read: &RunSettings, year: i32) -> ComputeSettings {
    ComputeSettings {
        standard: false,
        ..compute_settings(read, year)
    }
}

/// `Bilan_SPASER_<année>.xlsx` inside the input folder, so that the shared drive holds it.
fn default_output(input_dir: &Path, year: i32) -> PathBuf {
    input_dir.join(format!("Bilan_SPASER_{year}.xlsx"))
}

fn nothing_read(inputs: &Inputs) -> bool {
    inputs.purchases.is_empty()
        && inputs.actions.is_empty()
        && inputs.indicators.is_empty()
        && inputs.follow_ups.is_empty()
}

/// Reading and computing diagnostics together, sorted.
fn all_diagnostics(inputs: &Inputs, bilan: &Bilan) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = inputs.diagnostics.iter().chain(&bilan.diagnostics).cloned().collect();
    diagnostic::sort(&mut all);
    all
}

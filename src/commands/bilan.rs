//! `spaser bilan`: read every workbook of the folder, compute the year's indicators and
//! statuses, and write the bilan workbook — even when some inputs have errors (they are listed
//! in its Anomalies sheet). Exit 0 when written, 3 when nothing could be read or written.

use crate::cli::BilanSettings;
use crate::compute::status::DEFAULT_PARTIAL_THRESHOLD;
use crate::compute::{self, Bilan, ComputeSettings};
use crate::diagnostic::{self, Diagnostic, Tally};
use crate::exit;
use crate::inputs::{self, FileContent, Inputs, ReadSettings};
use crate::scan;
use crate::write::{self, Document};
use chrono::Local;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Below this number of files no progress bar is drawn: the run is instant.
const PROGRESS_MIN_FILES: usize = 20;

/// Runs the command and returns the exit code.
pub fn run(settings: &BilanSettings) -> u8 {
    let exclude: Vec<PathBuf> = settings.output.iter().cloned().collect();
    let files = match scan::scan(std::slice::from_ref(&settings.input_dir), &exclude) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("spaser : {}", error);
            return exit::FAILURE;
        }
    };
    let contents = read_all(&files, &settings.read, settings.quiet);
    let mut inputs = inputs::assemble(contents, &settings.read);
    match produce(&mut inputs, settings) {
        Ok(report) => {
            if !settings.quiet {
                println!("{}", report.summary());
            }
            exit::OK
        }
        Err(message) => {
            eprintln!("spaser : {message}");
            exit::FAILURE
        }
    }
}

/// Reads each file, with a progress bar on stderr when it is a terminal.
pub fn read_all(files: &[PathBuf], settings: &ReadSettings, quiet: bool) -> Vec<(PathBuf, FileContent)> {
    let bar = progress_bar(files.len(), quiet);
    let contents = inputs::load_files(files, settings, |file| {
        bar.set_message(
            file.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
        );
        bar.inc(1);
    });
    bar.finish_and_clear();
    contents
}

fn progress_bar(len: usize, quiet: bool) -> ProgressBar {
    if quiet || len < PROGRESS_MIN_FILES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("Lecture {bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// What a written bilan holds, for the closing line.
#[derive(Debug, Clone)]
pub struct Report {
    /// Where it was written.
    pub path: PathBuf,
    /// The figures.
    pub bilan: Bilan,
    /// Files read.
    pub files: usize,
    /// Diagnostics by severity.
    pub tally: Tally,
}

impl Report {
    /// One French line: where, which year, statuses, anomalies.
    pub fn summary(&self) -> String {
        let counts = &self.bilan.counts;
        format!(
            "Bilan {} écrit dans {} : {} fichier(s) lu(s), {} action(s) ({} atteinte(s), {} partiellement, {} non atteinte(s), {} non renseignée(s)) ; anomalies : {} erreur(s), {} avertissement(s), {} info(s).",
            self.bilan.year,
            self.path.display(),
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

/// Computes and writes the bilan of the inputs read. Errs (in French) when nothing usable was
/// read, when no year can be decided, or when the file cannot be written.
pub fn produce(inputs: &mut Inputs, settings: &BilanSettings) -> Result<Report, String> {
    if nothing_read(inputs) {
        return Err(format!(
            "aucun recensement, référentiel ou suivi lisible dans {} : pas de bilan écrit ({} fichier(s) examiné(s)). Lancez « spaser check {} » pour le détail.",
            settings.input_dir.display(),
            inputs.sources.len(),
            settings.input_dir.display()
        ));
    }
    let year = decide_year(settings, inputs)?;
    let bilan = compute::compute(inputs, &compute_settings(&settings.read, year));
    let path = settings
        .output
        .clone()
        .unwrap_or_else(|| default_output(&settings.input_dir, year));
    forget_output(inputs, &path);
    let diagnostics = all_diagnostics(inputs, &bilan);
    let document = Document {
        bilan: &bilan,
        inputs,
        diagnostics: &diagnostics,
        catalogue: &settings.read.catalogue,
        base: &settings.input_dir,
        generated_at: Local::now().naive_local(),
        config_file: settings.read.config_file.as_deref(),
    };
    write::save(&document, &path).map_err(|e| e.to_string())?;
    Ok(Report {
        path,
        files: inputs.sources.len(),
        tally: Tally::of(&diagnostics),
        bilan,
    })
}

/// The year of the bilan: `--year`, else `annee` of spaser.toml, else the inputs' latest year.
pub fn decide_year(settings: &BilanSettings, inputs: &Inputs) -> Result<i32, String> {
    compute::bilan_year(settings.read.default_year, inputs).ok_or_else(|| {
        "impossible de déterminer l'année du bilan (ni suivi, ni marché notifié) : précisez --year.".to_string()
    })
}

/// The compute settings of a year: the partial threshold of `spaser.toml`, else 0.5.
pub fn compute_settings(read: &ReadSettings, year: i32) -> ComputeSettings {
    ComputeSettings {
        year,
        partial_threshold: read.config.partial_threshold().unwrap_or(DEFAULT_PARTIAL_THRESHOLD),
    }
}

/// `Bilan_SPASER_<année>.xlsx` inside the input folder, so that the shared drive holds it.
pub fn default_output(input_dir: &Path, year: i32) -> PathBuf {
    input_dir.join(format!("Bilan_SPASER_{year}.xlsx"))
}

fn nothing_read(inputs: &Inputs) -> bool {
    inputs.purchases.is_empty()
        && inputs.actions.is_empty()
        && inputs.indicators.is_empty()
        && inputs.follow_ups.is_empty()
}

/// The output file itself (an earlier run's bilan found by the scan) is neither a source nor
/// an anomaly.
fn forget_output(inputs: &mut Inputs, output: &Path) {
    let Some(position) = inputs.sources.iter().position(|s| same_file(&s.path, output)) else {
        return;
    };
    let source = inputs.sources.remove(position);
    inputs.diagnostics.retain(|d| d.location.file != source.path);
}

/// Reading and computing diagnostics together, sorted.
fn all_diagnostics(inputs: &Inputs, bilan: &Bilan) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = inputs.diagnostics.iter().chain(&bilan.diagnostics).cloned().collect();
    diagnostic::sort(&mut all);
    all
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

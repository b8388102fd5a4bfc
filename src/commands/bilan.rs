//! `spaser bilan`: read every workbook of the folder, compute the year's indicators and
//! statuses, and write the bilan workbook — even when some inputs have errors (they are listed
//! in its Anomalies sheet). Exit 0 when written, 3 when nothing could be read or written.

use crate::exit;
use crate::model::FileContent;
use crate::pipeline::{self, Report};
use crate::scan;
use crate::settings::{BilanSettings, ReadSettings};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Below this number of files no progress bar is drawn: the run is instant.
const PROGRESS_MIN_FILES: usize = 20;

/// Runs the command and returns the exit code.
pub fn run(settings: &BilanSettings) -> u8 {
    let exclude: Vec<PathBuf> = settings
        .output
        .iter()
        .cloned()
        .chain(settings.export.iter().map(|e| e.path.clone()))
        .chain(companions(settings))
        .collect();
    let scanned = match scan::scan(std::slice::from_ref(&settings.input_dir), &exclude) {
        Ok(scanned) => scanned,
        Err(error) => {
            eprintln!("spaser : {}", error);
            return exit::FAILURE;
        }
    };
    let contents = read_all(&scanned.files, &settings.read, settings.quiet);
    let mut inputs = pipeline::assemble(contents, &scanned.problems, &settings.read);
    // The bilan is announced as soon as it is written; a companion workbook follows.
    let announce = |report: &Report| {
        if settings.quiet {
            return;
        }
        for gap in &report.gaps {
            eprintln!("spaser : attention, {gap}.");
        }
        println!("{}", report.summary());
        if let Some(export) = &report.export {
            println!("Indicateurs publiés en données ouvertes dans {}.", export.display());
        }
    };
    let code = match pipeline::produce_then(&mut inputs, settings, announce) {
        Ok(report) => {
            if let (Some(companion), false) = (&report.companion, settings.quiet) {
                println!("Marchés retenus listés à part dans {}.", companion.display());
            }
            exit::OK
        }
        Err(error) => {
            eprintln!("spaser : {error}");
            exit::FAILURE
        }
    };
    // The process ends here: freeing a million purchases one by one would only delay the exit;
    // the system takes the memory back at once.
    std::mem::forget(inputs);
    code
}

/// The companion Recensement workbooks already beside the bilan (any year): spaser's own, never
/// read (they are large).
fn companions(settings: &BilanSettings) -> Vec<PathBuf> {
    let folder = match &settings.output {
        Some(output) => crate::write::save::folder_of(output).to_path_buf(),
        None => settings.input_dir.clone(),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| crate::write::is_companion(p))
        .collect()
}

/// Reads each file, with a progress bar on stderr when it is a terminal.
pub fn read_all(files: &[PathBuf], settings: &ReadSettings, quiet: bool) -> Vec<(PathBuf, FileContent)> {
    let bar = progress_bar(files.len(), quiet);
    let contents = pipeline::load_files(files, settings, |file| {
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

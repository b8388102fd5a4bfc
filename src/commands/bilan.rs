//! `spaser bilan`: read every workbook of the folder, compute the year's indicators and
//! statuses, and write the bilan workbook — even when some inputs have errors (they are listed
//! in its Anomalies sheet). Exit 0 when written, 3 when nothing could be read or written.

use crate::exit;
use crate::model::Inputs;
use crate::pipeline::{self, Report};
use crate::scan::{self, Scanned};
use crate::settings::{BilanSettings, RunSettings};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Below this number of files no progress bar is drawn: the run is instant.
const PROGRESS_MIN_FILES: usize = 20;

/// Runs the command and returns the exit code.
pub fn run(settings: &BilanSettings) -> u8 {
    // Ctrl-C or SIGTERM while the bilan is written: its temporary files go with the run (§9).
    let _ = ctrlc::set_handler(|| {
        crate::write::save::remove_own_temporaries();
        std::process::exit(130);
    });
    let scanned = match scan::scan(std::slice::from_ref(&settings.input_dir), &settings.outputs()) {
        Ok(scanned) => scanned,
        Err(error) => {
            eprintln!(
                "spaser : {} : lecture impossible ({})",
                settings.input_dir.display(),
                crate::diagnostic::in_french(&error)
            );
            return exit::FAILURE;
        }
    };
    let mut inputs = read_all(&scanned, &settings.read, settings.quiet);
    // The bilan is announced as soon as it is written; a companion workbook follows.
    let announce = |report: &Report| {
        if let Some(locked) = &report.locked {
            eprintln!("spaser : attention, {}.", locked.message(&report.path));
        }
        if settings.quiet {
            return;
        }
        for gap in &report.gaps {
            eprintln!("spaser : attention, {gap}.");
        }
        println!("{}", report.summary());
        if let Some(agec) = &report.agec {
            println!(
                "Déclaration AGEC (art. 58) de {} écrite dans {}.",
                report.bilan.year,
                agec.display()
            );
        }
        if let Some(export) = &report.export {
            println!("Indicateurs publiés en données ouvertes dans {}.", export.display());
        }
    };
    let code = match pipeline::produce(&mut inputs, settings, announce) {
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

/// Reads each file, with a progress bar on stderr when it is a terminal.
fn read_all(scanned: &Scanned, settings: &RunSettings, quiet: bool) -> Inputs {
    let bar = progress_bar(scanned.files.len(), quiet);
    let loaded = pipeline::load(scanned, settings, None, &|file| {
        bar.set_message(
            file.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
        );
        bar.inc(1);
    });
    bar.finish_and_clear();
    loaded.inputs(settings)
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

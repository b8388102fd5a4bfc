//! `spaser watch` (§7): build the bilan, then rebuild it after every change of an input until
//! Ctrl-C / SIGTERM — one rebuild per save (quiet period), only changed workbooks re-read
//! ([`cache`]), woken by native events or by polling ([`trigger`]), one log line per rebuild.

pub mod cache;
pub mod trigger;

use crate::cli::BilanSettings;
use crate::commands::bilan::{self, Report};
use crate::compute;
use crate::diagnostic::Tally;
use crate::exit;
use crate::inputs;
use crate::scan;
use cache::Cache;
use chrono::Local;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use trigger::{OwnFiles, Signal};

/// Settings of `spaser watch`, checked.
#[derive(Debug, Clone)]
pub struct WatchSettings {
    /// What `bilan` needs.
    pub bilan: BilanSettings,
    /// Poll every this often instead of native events (network shares).
    pub poll: Option<Duration>,
    /// Quiet period after the last event before rebuilding.
    pub debounce: Duration,
    /// Build once and exit.
    pub once: bool,
}

/// The stem of the default output, shared by every year's bilan.
const DEFAULT_STEM: &str = "Bilan_SPASER_";

/// Runs the watch; returns the exit code.
pub fn run(settings: &WatchSettings) -> u8 {
    let mut builder = Builder::new(settings);
    let first = builder.rebuild();
    if settings.once {
        return if first { exit::OK } else { exit::FAILURE };
    }
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stop_tx = tx.clone();
    let stop_flag = Arc::clone(&stop);
    if let Err(error) = ctrlc::set_handler(move || {
        stop_flag.store(true, Ordering::Relaxed);
        let _ = stop_tx.send(Signal::Stop);
    }) {
        eprintln!("spaser : arrêt propre indisponible ({error})");
    }
    let dir = canonical(&settings.bilan.input_dir);
    let own = builder.own_files();
    // Kept alive for the whole loop: dropping the watcher stops the events.
    let _watcher = match settings.poll {
        Some(interval) => {
            trigger::polling(dir, own, interval, tx, Arc::clone(&stop));
            None
        }
        None => match trigger::native(&dir, own, tx) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                eprintln!("spaser : surveillance impossible ({error}) ; relancez avec --poll 5");
                return exit::FAILURE;
            }
        },
    };
    log(&format!(
        "surveillance de {} ({}) — Ctrl-C pour arrêter",
        settings.bilan.input_dir.display(),
        match settings.poll {
            Some(interval) => format!("examen toutes les {} s", interval.as_secs()),
            None => "événements du système".to_string(),
        }
    ));
    while wait_for_change(&rx, settings.debounce) {
        builder.rebuild();
    }
    log("arrêt demandé : surveillance terminée.");
    exit::OK
}

/// Waits for a change and then for the quiet period; `false` when asked to stop.
fn wait_for_change(rx: &Receiver<Signal>, debounce: Duration) -> bool {
    match rx.recv() {
        Ok(Signal::Changed) => {}
        Ok(Signal::Stop) | Err(_) => return false,
    }
    loop {
        match rx.recv_timeout(debounce) {
            Ok(Signal::Changed) => continue,
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => return true,
        }
    }
}

/// Rebuilds the bilan from the cache.
struct Builder<'a> {
    settings: &'a WatchSettings,
    cache: Cache,
}

impl<'a> Builder<'a> {
    fn new(settings: &'a WatchSettings) -> Self {
        Builder {
            settings,
            cache: Cache::default(),
        }
    }

    fn own_files(&self) -> OwnFiles {
        let stem = match &self.settings.bilan.output {
            Some(path) => path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default(),
            None => DEFAULT_STEM.to_string(),
        };
        OwnFiles { stem }
    }

    /// One rebuild, logged; `true` when a bilan was written.
    fn rebuild(&mut self) -> bool {
        let started = Instant::now();
        let bilan_settings = &self.settings.bilan;
        let own = self.own_files();
        let files: Vec<PathBuf> = match scan::scan(std::slice::from_ref(&bilan_settings.input_dir), &[]) {
            Ok(files) => files.into_iter().filter(|f| !own.contains(f)).collect(),
            Err(error) => {
                log(&format!("lecture du dossier impossible : {error}"));
                return false;
            }
        };
        let refresh = self.cache.refresh(&files, &bilan_settings.read);
        let mut inputs = inputs::assemble(refresh.contents, &bilan_settings.read);
        let target = match &bilan_settings.output {
            Some(path) => path.clone(),
            None => match compute::bilan_year(bilan_settings.read.default_year, &inputs) {
                Some(year) => bilan::default_output(&bilan_settings.input_dir, year),
                None => bilan::default_output(&bilan_settings.input_dir, 0),
            },
        };
        let outcome = write_to(&mut inputs, bilan_settings, &target).or_else(|error| {
            if !target.exists() {
                return Err(error);
            }
            // The bilan is open (locked on Windows): write a new one beside it.
            let beside = beside(&target);
            log(&format!(
                "{} ne peut pas être remplacé ({error}) : le bilan est écrit à côté, dans {}",
                target.display(),
                beside.display()
            ));
            write_to(&mut inputs, bilan_settings, &beside)
        });
        let elapsed = started.elapsed().as_millis();
        match outcome {
            Ok(report) => {
                log(&line(&report, refresh.reread, files.len(), elapsed));
                true
            }
            Err(error) => {
                log(&format!("bilan non écrit : {error} ({elapsed} ms)"));
                false
            }
        }
    }
}

fn write_to(inputs: &mut inputs::Inputs, settings: &BilanSettings, path: &Path) -> Result<Report, String> {
    let settings = BilanSettings {
        output: Some(path.to_path_buf()),
        ..settings.clone()
    };
    bilan::produce(inputs, &settings)
}

/// `Bilan_SPASER_2024 (mis à jour 14-05-01).xlsx` beside `Bilan_SPASER_2024.xlsx`.
fn beside(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    path.with_file_name(format!("{stem} (mis à jour {}).xlsx", Local::now().format("%H-%M-%S")))
}

/// The log line of a rebuild: files re-read / total, errors, warnings, duration.
fn line(report: &Report, reread: usize, total: usize, elapsed: u128) -> String {
    let Tally { errors, warnings, .. } = report.tally;
    format!(
        "bilan {} écrit dans {} : {reread}/{total} classeur(s) relu(s), {errors} erreur(s), {warnings} avertissement(s), {elapsed} ms",
        report.bilan.year,
        report.path.display()
    )
}

fn log(message: &str) {
    eprintln!("[{}] {message}", Local::now().format("%H:%M:%S"));
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

//! `spaser watch` (§7): build the bilan, then rebuild it after every change of an input until
//! Ctrl-C / SIGTERM — one rebuild per save (quiet period), only changed workbooks re-read
//! ([`cache`]), woken by native events or by polling ([`trigger`]), one log line per rebuild.

pub mod cache;
pub mod trigger;

use crate::config;
use crate::diagnostic::{Diagnostic, Tally};
use crate::exit;
use crate::model::Inputs;
use crate::pipeline::{self, BilanError, Report};
use crate::scan::{self, Scanned};
use crate::settings::{self, BilanSettings, WatchSettings};
use crate::write::WriteError;
use cache::{Cache, Stamp};
use chrono::Local;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use trigger::{OwnFiles, Scope, Signal};

/// The stem of the default output, shared by every year's bilan.
const DEFAULT_STEM: &str = "Bilan_SPASER_";

/// Runs the watch; returns the exit code.
pub fn run(settings: &WatchSettings) -> u8 {
    let mut builder = Builder::new(settings);
    if settings.once {
        return if builder.rebuild() { exit::OK } else { exit::FAILURE };
    }
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stop_tx = tx.clone();
    let stop_flag = Arc::clone(&stop);
    if let Err(error) = ctrlc::set_handler(move || {
        stop_flag.store(true, Ordering::Relaxed);
        let _ = stop_tx.send(Signal::Stop);
    }) {
        log_error(&format!("arrêt propre indisponible ({error})"));
    }
    // Watching starts before the first build, which can take a while on a large folder: a save
    // made meanwhile waits in the channel and brings a rebuild, instead of being missed.
    let dir = canonical(&settings.bilan.input_dir);
    let scope = Scope {
        own: builder.own_files(),
        config: canonical_file(&builder.config_path()),
    };
    // Kept alive for the whole loop: dropping the watcher stops the events.
    let _watcher = match settings.poll {
        Some(interval) => {
            trigger::polling(dir, scope, interval, tx, Arc::clone(&stop));
            None
        }
        None => match trigger::native(&dir, scope, tx) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                log_error(&format!("surveillance impossible ({error}) ; relancez avec --poll 5"));
                return exit::FAILURE;
            }
        },
    };
    builder.rebuild();
    builder.info(&format!(
        "surveillance de {} ({}) — Ctrl-C pour arrêter",
        settings.bilan.input_dir.display(),
        match settings.poll {
            Some(interval) => format!("examen toutes les {} s", interval.as_secs()),
            None => "événements du système".to_string(),
        }
    ));
    while let Some(changed) = wait_for_change(&rx, settings.debounce) {
        if changed || builder.listing_changed() {
            builder.rebuild();
        }
    }
    builder.info("arrêt demandé : surveillance terminée.");
    exit::OK
}

/// Waits for a change and then for the quiet period; `None` when asked to stop, else whether
/// an input surely changed (`true`) or only maybe the list of workbooks (`false`).
fn wait_for_change(rx: &Receiver<Signal>, debounce: Duration) -> Option<bool> {
    let mut changed = match rx.recv() {
        Ok(Signal::Changed) => true,
        Ok(Signal::Listing) => false,
        Ok(Signal::Stop) | Err(_) => return None,
    };
    loop {
        match rx.recv_timeout(debounce) {
            Ok(Signal::Changed) => changed = true,
            Ok(Signal::Listing) => {}
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(changed),
        }
    }
}

/// Rebuilds the bilan from the cache, with the settings of the moment: `spaser.toml` is read
/// again when it changes, and the year decided at the first bilan is kept until the watch stops
/// (a year typed by mistake in one Suivi row must not move the bilan to another file).
struct Builder {
    bilan: BilanSettings,
    cache: Cache,
    config_stamp: Option<Stamp>,
    year: Option<i32>,
    /// The bilan last written and the folder problems it showed: while neither the contents nor
    /// these problems change and the file is still there, a rebuild would write the same bilan.
    last: Option<(PathBuf, Vec<Diagnostic>)>,
}

impl Builder {
    fn new(settings: &WatchSettings) -> Self {
        let mut builder = Builder {
            bilan: settings.bilan.clone(),
            cache: Cache::default(),
            config_stamp: None,
            year: settings.bilan.read.default_year,
            last: None,
        };
        builder.config_stamp = Stamp::of(&builder.config_path());
        builder
    }

    fn own_files(&self) -> OwnFiles {
        let stem = match &self.bilan.output {
            Some(path) => path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default(),
            None => DEFAULT_STEM.to_string(),
        };
        let export = self
            .bilan
            .export
            .as_ref()
            .and_then(|e| e.path.file_name())
            .map(ToOwned::to_owned);
        OwnFiles { stem, export }
    }

    /// `--config`, else `spaser.toml` in the folder (which may appear later).
    fn config_path(&self) -> PathBuf {
        self.bilan
            .config
            .clone()
            .unwrap_or_else(|| self.bilan.input_dir.join(config::FILE_NAME))
    }

    /// The input workbooks of the folder now, and the entries that could not be read.
    fn scan(&self) -> std::io::Result<Scanned> {
        let own = self.own_files();
        let mut scanned = scan::scan(std::slice::from_ref(&self.bilan.input_dir), &[])?;
        scanned.files.retain(|f| !own.contains(f));
        Ok(scanned)
    }

    /// Whether the folder's workbooks are no longer those of the last bilan (a folder moved in
    /// or out). An unreadable folder counts as changed: the rebuild will say why.
    fn listing_changed(&self) -> bool {
        self.scan()
            .map_or(true, |scanned| !self.cache.holds_exactly(&scanned.files))
    }

    /// One rebuild, logged; `true` when a bilan was written.
    fn rebuild(&mut self) -> bool {
        let started = Instant::now();
        self.reload_config_if_changed();
        let scanned = match self.scan() {
            Ok(scanned) => scanned,
            Err(error) => {
                log_error(&format!("lecture du dossier impossible : {error}"));
                return false;
            }
        };
        let refresh = self.cache.refresh(&scanned.files, &self.bilan.read);
        if !refresh.changed && self.still_current(&scanned.problems) {
            self.info(&format!(
                "contenu inchangé ({} classeur(s), mêmes octets) : bilan non réécrit, {} ms",
                scanned.files.len(),
                started.elapsed().as_millis()
            ));
            return true;
        }
        let mut inputs = pipeline::assemble(refresh.contents, &scanned.problems, &self.bilan.read);
        // The bilan's line is logged as soon as it is written: a companion workbook follows.
        let outcome = self.write(&mut inputs, |report| {
            let elapsed = started.elapsed().as_millis();
            self.info(&line(report, refresh.reread, scanned.files.len(), elapsed));
        });
        let elapsed = started.elapsed().as_millis();
        match outcome {
            Ok(report) => {
                if let Some(companion) = &report.companion {
                    self.info(&format!(
                        "liste des marchés à part mise à jour dans {} : {elapsed} ms en tout",
                        companion.display()
                    ));
                }
                if self.year.is_none() {
                    self.info(&format!(
                        "année du bilan : {} (gardée jusqu'à l'arrêt ; --year pour en choisir une autre)",
                        report.bilan.year
                    ));
                    self.year = Some(report.bilan.year);
                }
                self.last = Some((report.path.clone(), scanned.problems.clone()));
                for gap in &report.gaps {
                    self.info(&format!("attention, {gap}"));
                }
                true
            }
            Err(error) => {
                self.last = None;
                log_error(&format!("bilan non écrit : {error} ({elapsed} ms)"));
                false
            }
        }
    }

    /// Whether the last bilan written still shows what the folder holds, given that no content
    /// changed: same folder problems, and the file is still there.
    fn still_current(&self, problems: &[Diagnostic]) -> bool {
        self.last
            .as_ref()
            .is_some_and(|(path, shown)| shown == problems && path.is_file())
    }

    /// Writes the bilan; beside the old one when the old one cannot be replaced. `written` is
    /// called once the bilan is written, before its companion.
    fn write(&self, inputs: &mut Inputs, written: impl Fn(&Report)) -> Result<Report, BilanError> {
        let mut settings = self.bilan.clone();
        settings.read.default_year = self.year.or(settings.read.default_year);
        let year = pipeline::decide_year(&settings, inputs)?;
        settings.read.default_year = Some(year);
        let target = settings
            .output
            .clone()
            .unwrap_or_else(|| pipeline::default_output(&settings.input_dir, year));
        match write_to(inputs, &settings, &target, &written) {
            // The bilan is open (locked on Windows): a new one is written beside it.
            Err(BilanError::Write(WriteError::Replace { source, .. })) => {
                let beside = beside(&target);
                let report = write_to(inputs, &settings, &beside, &written)?;
                log_error(&format!(
                    "{} ne peut pas être remplacé ({source}) : le bilan est écrit à côté, dans {}",
                    target.display(),
                    beside.display()
                ));
                Ok(report)
            }
            other => other,
        }
    }

    /// Reads `spaser.toml` again when its stamp changed; an invalid one keeps the previous
    /// settings. The cache is emptied: column synonyms and services change how files read.
    fn reload_config_if_changed(&mut self) {
        let path = self.config_path();
        let stamp = Stamp::of(&path);
        if stamp == self.config_stamp {
            return;
        }
        self.config_stamp = stamp;
        match settings::read_settings(&self.bilan.input_dir, self.bilan.year, self.bilan.config.as_deref()) {
            Ok(read) => {
                self.info(&format!(
                    "{} {} : tous les classeurs sont relus",
                    path.display(),
                    if stamp.is_some() { "relu" } else { "supprimé" }
                ));
                self.year = read.default_year;
                self.bilan.read = read;
                self.cache = Cache::default();
            }
            Err(error) => log_error(&format!(
                "{} invalide, réglages précédents conservés : {error}",
                path.display()
            )),
        }
    }

    /// A log line that `-q` silences.
    fn info(&self, message: &str) {
        if !self.bilan.quiet {
            log(message);
        }
    }
}

fn write_to(
    inputs: &mut Inputs,
    settings: &BilanSettings,
    path: &Path,
    written: impl Fn(&Report),
) -> Result<Report, BilanError> {
    let settings = BilanSettings {
        output: Some(path.to_path_buf()),
        ..settings.clone()
    };
    pipeline::produce_then(inputs, &settings, written)
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

/// A log line that `-q` keeps: something went wrong or the bilan is not where expected.
fn log_error(message: &str) {
    log(message);
}

/// The canonical path of a file that may not exist yet (its folder's canonical path).
fn canonical_file(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => canonical(parent).join(name),
        (_, Some(name)) => canonical(Path::new(".")).join(name),
        _ => path.to_path_buf(),
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

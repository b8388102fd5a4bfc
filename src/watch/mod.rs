//! `spaser watch` (§7): the run of `bilan`, again after every change of an input until
//! Ctrl-C / SIGTERM — woken by native events or by polling ([`trigger`]), one rebuild per save
//! (quiet period), only changed workbooks re-read (the run's [`Cache`]), one log line per
//! rebuild. Nothing else: reading, the year, computing and writing are the pipeline's.

mod network;
pub mod trigger;

use crate::config;
use crate::diagnostic::in_french;
use crate::diagnostic::{Diagnostic, Tally};
use crate::exit;
use crate::model::Inputs;
use crate::pipeline::{self, BilanError, Cache, Report, Stamp};
use crate::scan::{self, Scanned, own};
use crate::settings::{self, BilanSettings, WatchSettings};
use chrono::Local;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use trigger::{Scope, Signal};

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
    let handled = ctrlc::set_handler(move || {
        stop_flag.store(true, Ordering::Relaxed);
        let _ = stop_tx.send(Signal::Stop);
    });
    if handled.is_err() {
        log_error("arrêt propre indisponible : Ctrl-C arrêtera la surveillance sans attendre la fin du bilan en cours");
    }
    // Watching starts before the first build, which can take a while on a large folder: a save
    // made meanwhile waits in the channel and brings a rebuild, instead of being missed.
    let dir = canonical(&settings.bilan.input_dir);
    let scope = Scope {
        own: settings.bilan.outputs(),
        config: own::canonical_file(&builder.config_path()),
    };
    if settings.poll.is_none() && network::is_network_share(&dir) {
        log_error(&format!(
            "{} est sur un partage réseau : le système n'y signale pas les enregistrements faits depuis d'autres postes ; relancez avec --poll 5",
            settings.bilan.input_dir.display()
        ));
    }
    // Kept alive for the whole loop: dropping the watcher stops the events.
    let _watcher = match settings.poll {
        Some(interval) => {
            trigger::polling(dir, scope, interval, tx, Arc::clone(&stop));
            None
        }
        None => match trigger::native(&dir, scope, tx) {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                let why = match &error.kind {
                    notify::ErrorKind::Io(io) => in_french(io),
                    notify::ErrorKind::MaxFilesWatch => "trop de dossiers à surveiller pour le système".to_string(),
                    notify::ErrorKind::PathNotFound => "dossier introuvable".to_string(),
                    _ => "le système ne signale pas les enregistrements".to_string(),
                };
                log_error(&format!("surveillance impossible ({why}) ; relancez avec --poll 5"));
                return exit::FAILURE;
            }
        },
    };
    builder.info(&format!(
        "surveillance de {} ({}) — Ctrl-C pour arrêter ; premier bilan en cours",
        settings.bilan.input_dir.display(),
        match settings.poll {
            Some(interval) => format!("examen toutes les {} s", interval.as_secs()),
            None => "événements du système".to_string(),
        }
    ));
    builder.rebuild();
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

    /// `--config`, else `spaser.toml` in the folder (which may appear later).
    fn config_path(&self) -> PathBuf {
        self.bilan
            .config
            .clone()
            .unwrap_or_else(|| self.bilan.input_dir.join(config::FILE_NAME))
    }

    /// The input workbooks of the folder now, and the entries that could not be read.
    fn scan(&self) -> std::io::Result<Scanned> {
        scan::scan(std::slice::from_ref(&self.bilan.input_dir), &self.bilan.outputs())
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
                log_error(&format!("lecture du dossier impossible : {}", in_french(&error)));
                return false;
            }
        };
        let loaded = pipeline::load(&scanned, &self.bilan.read, Some(&mut self.cache), &|_| {});
        if !loaded.changed && self.still_current(&scanned.problems) {
            self.info(&format!(
                "contenu inchangé ({} classeur(s), mêmes octets) : bilan non réécrit, {} ms",
                scanned.files.len(),
                started.elapsed().as_millis()
            ));
            return true;
        }
        let reread = loaded.reread;
        let mut inputs = loaded.inputs(&self.bilan.read);
        // The bilan's line is logged as soon as it is written: a companion workbook follows.
        let outcome = self.write(&mut inputs, |report| {
            let elapsed = started.elapsed().as_millis();
            self.info(&line(report, reread, scanned.files.len(), elapsed));
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

    /// Writes the bilan of the year kept (beside the old one when that one is open). `written`
    /// is called once the bilan is written, before its companion.
    fn write(&self, inputs: &mut Inputs, written: impl Fn(&Report)) -> Result<Report, BilanError> {
        let mut settings = self.bilan.clone();
        settings.read.default_year = self.year.or(settings.read.default_year);
        let report = pipeline::produce(inputs, &settings, &written)?;
        if let Some(locked) = &report.locked {
            log_error(&locked.message(&report.path));
        }
        Ok(report)
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
        match settings::run_settings(&self.bilan.input_dir, self.bilan.year, self.bilan.config.as_deref()) {
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

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

//! What wakes `watch` up: native file events (notify) or, for network shares that deliver no
//! events, a poll that rescans the whole folder and compares every file's size, modification
//! time and identity — any difference, not only a later time. Lock files, temporary files and
//! the bilan itself never wake it.

use crate::pipeline::Stamp;
use crate::scan::{self, Outputs, own};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// A message to the watch loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// An input may have changed.
    Changed,
    /// A folder, or something that may have been one, came or went: the list of workbooks may
    /// have changed (a folder moved in or out brings one event for the folder, none for its
    /// workbooks), and only a scan can tell.
    Listing,
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// What a change must touch to wake the watch: an input workbook that is not the bilan's own,
/// or the configuration file.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The bilan's own files.
    pub own: Outputs,
    /// `spaser.toml` (whether it exists or not).
    pub config: PathBuf,
}

impl Scope {
    /// Whether a change to `path` may change the bilan.
    pub fn is_relevant(&self, path: &Path) -> bool {
        if path.file_name().is_some_and(|n| Some(n) == self.config.file_name()) {
            return true;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        !own::is_temporary_name(&name) && scan::has_input_extension(path) && !self.own.contains(path)
    }

    /// What an event on `path` means: a change of an input, maybe a change of the list of
    /// workbooks (a folder, or a path gone that may have been one), or nothing.
    pub fn signal_for(&self, path: &Path) -> Option<Signal> {
        if self.is_relevant(path) {
            return Some(Signal::Changed);
        }
        let ignored = path
            .file_name()
            .is_some_and(|n| own::is_temporary_name(&n.to_string_lossy()));
        let may_be_a_folder = path.is_dir() || !path.exists();
        (!ignored && !self.own.contains(path) && may_be_a_folder).then_some(Signal::Listing)
    }

    /// Every input workbook of `dir` with its stamp, and the configuration file's.
    pub fn snapshot(&self, dir: &Path) -> Snapshot {
        let mut snapshot: Snapshot = scan::scan(&[dir.to_path_buf()], &self.own)
            .unwrap_or_default()
            .files
            .into_iter()
            .map(|p| {
                let stamp = Stamp::of(&p);
                (p, stamp)
            })
            .collect();
        snapshot.insert(self.config.clone(), Stamp::of(&self.config));
        snapshot
    }
}

/// Starts native watching of `dir`; the watcher must be kept alive.
pub fn native(dir: &Path, scope: Scope, tx: Sender<Signal>) -> notify::Result<RecommendedWatcher> {
    let config = scope.config.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let signal = match event {
            Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => None,
            // The strongest meaning among the event's paths (a rename names two).
            Ok(event) => event
                .paths
                .iter()
                .filter_map(|p| scope.signal_for(p))
                .min_by_key(|s| *s != Signal::Changed),
            // An overflowing event queue loses changes: rebuild to be safe.
            Err(_) => Some(Signal::Changed),
        };
        if let Some(signal) = signal {
            let _ = tx.send(signal);
        }
    })?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    // A `--config` outside the folder is watched on its own.
    if !config.starts_with(dir)
        && let Some(parent) = config.parent()
        && parent.is_dir()
    {
        watcher.watch(parent, RecursiveMode::NonRecursive)?;
    }
    Ok(watcher)
}

/// The state of the folder as polling sees it.
pub type Snapshot = BTreeMap<PathBuf, Option<Stamp>>;

/// Polls `dir` every `interval` until `stop`; sends [`Signal::Changed`] whenever the snapshot
/// differs from the previous one.
pub fn polling(
    dir: PathBuf,
    scope: Scope,
    interval: Duration,
    tx: Sender<Signal>,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<()> {
    // Taken before returning, so before the first build reads the folder.
    let mut previous = scope.snapshot(&dir);
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(interval);
            let current = scope.snapshot(&dir);
            if current != previous {
                previous = current;
                if tx.send(Signal::Changed).is_err() {
                    return;
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_temporary_and_own_files_are_not_relevant_but_the_configuration_is() {
        let scope = Scope {
            own: Outputs::of(None, Path::new("/p"), &[]),
            config: PathBuf::from("/p/spaser.toml"),
        };
        for path in [
            "/p/~$recensement.xlsx",
            "/p/.~lock.recensement.xlsx#",
            "/p/A1B2C3D4",
            "/p/recensement.xlsx.tmp",
            "/p/.~spaser-abc.tmp",
            "/p/Bilan_SPASER_2024.xlsx",
            "/p/Bilan_SPASER_2024 (mis à jour 10-02-03).xlsx",
            "/p/notes.docx",
        ] {
            assert!(!scope.is_relevant(Path::new(path)), "{path}");
        }
        assert!(scope.is_relevant(Path::new("/p/voirie/recensement.xlsx")));
        assert!(scope.is_relevant(Path::new("/p/suivi.ods")));
        assert!(
            scope.is_relevant(Path::new("/p/spaser.toml")),
            "the configuration is reloaded"
        );
    }

    #[test]
    fn a_folder_or_a_path_gone_may_change_the_list_of_workbooks_a_file_of_another_kind_does_not() {
        let dir = tempfile::tempdir().expect("tmp");
        let scope = Scope {
            own: Outputs::of(None, dir.path(), &[]),
            config: dir.path().join("spaser.toml"),
        };
        std::fs::create_dir(dir.path().join("Cuisine")).expect("folder");
        std::fs::write(dir.path().join("notes.docx"), b"").expect("file");
        std::fs::write(dir.path().join("5D3A0F21"), b"").expect("excel temporary");
        assert_eq!(scope.signal_for(&dir.path().join("Cuisine")), Some(Signal::Listing));
        assert_eq!(
            scope.signal_for(&dir.path().join("Voirie 2.0")),
            Some(Signal::Listing),
            "gone"
        );
        assert_eq!(scope.signal_for(&dir.path().join("notes.docx")), None);
        assert_eq!(scope.signal_for(&dir.path().join("5D3A0F21")), None);
        assert_eq!(scope.signal_for(&dir.path().join("~$voirie.xlsx")), None);
        assert_eq!(scope.signal_for(&dir.path().join("voirie.xlsx")), Some(Signal::Changed));
    }
}

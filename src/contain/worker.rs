//! The worker's side: it says which file it starts and finishes reading (one line each in the
//! progress file the supervisor watches), and leaves out the files that ended a worker before.

use super::{ABORT_ON, LEFT_OUT, LeftOut, PROGRESS, ROLE};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// What the supervisor told this process.
#[derive(Default)]
struct Worker {
    /// Where to say which files are being read; none outside a worker.
    progress: Option<Mutex<File>>,
    /// The files to leave out.
    left_out: Vec<LeftOut>,
    /// The name of a file whose reading aborts the worker: how the tests make a worker die
    /// the way no known input does any more (honoured in a worker only).
    abort_on: Option<std::ffi::OsString>,
}

impl Worker {
    fn from_env() -> Self {
        let progress = std::env::var_os(PROGRESS)
            .and_then(|path| std::fs::OpenOptions::new().append(true).open(path).ok())
            .map(Mutex::new);
        let left_out = std::env::var(LEFT_OUT)
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let abort_on = std::env::var_os(ROLE)
            .and_then(|_| std::env::var_os(ABORT_ON))
            .filter(|name| !name.is_empty());
        Worker {
            progress,
            left_out,
            abort_on,
        }
    }

    fn say(&self, sign: char, path: &str) {
        let Some(progress) = &self.progress else { return };
        let Ok(mut file) = progress.lock() else { return };
        // One write per line, so that the supervisor never reads half of one; a failed write
        // only loses the attribution of a crash, never the run.
        let line = format!("{sign}{}\n", serde_json::Value::String(path.to_string()));
        let _ = file.write_all(line.as_bytes());
    }
}

fn worker() -> &'static Worker {
    static WORKER: OnceLock<Worker> = OnceLock::new();
    WORKER.get_or_init(Worker::from_env)
}

/// The name of [`ABORT_ON`] that aborts a worker as soon as it starts, before it says anything:
/// how the tests make a worker die as Windows sometimes kills a new process (`*` names no file
/// on any system).
const AT_START: &str = "*";

/// Called first thing in a worker: dies there when the tests ask for it.
pub fn starting() {
    if worker().abort_on.as_deref().is_some_and(|name| name == AT_START) {
        std::process::abort();
    }
}

/// A file being read: said when it starts and when it ends (when this is dropped, a caught
/// panic included).
pub struct Reading {
    path: String,
}

/// Says that `path` is being read, until the returned value is dropped.
pub fn reading(path: &Path) -> Reading {
    let name = path.to_string_lossy().into_owned();
    worker().say('+', &name);
    if worker()
        .abort_on
        .as_deref()
        .is_some_and(|file| path.file_name() == Some(file))
    {
        // The fault injected by the tests of the supervisor: the worker dies as an allocation
        // failure kills it, while reading this file.
        std::process::abort();
    }
    Reading { path: name }
}

impl Drop for Reading {
    fn drop(&mut self) {
        worker().say('-', &self.path);
    }
}

/// Whether `path` is to be left out, and why.
pub fn skipped(path: &Path) -> Option<&'static LeftOut> {
    let worker = worker();
    if worker.left_out.is_empty() {
        return None;
    }
    let path = path.to_string_lossy();
    worker.left_out.iter().find(|l| l.path == path)
}

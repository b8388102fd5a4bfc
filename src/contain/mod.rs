//! Crash-only reading (§9): the run that reads the inputs is a worker process that spaser
//! starts and watches. Reading one input may end that worker — an allocation that fails
//! aborts a process and cannot be caught; a stack overflow; an endless loop — never the command:
//! the supervisor ([`supervise`]) learns from the worker's progress which file was being read,
//! starts a new worker that leaves that file out (the file gets `lecture-interrompue`, [`skipped`])
//! and returns the last worker's exit code. `check`, `bilan` and `watch` run this way alike; in
//! `watch`, the same bytes are not read again until they change (their SHA-256 is kept).

#[cfg(windows)]
mod job;
mod supervisor;
mod worker;

pub use supervisor::{Limits, Outcome, supervise};
pub use worker::{Reading, reading, skipped, starting};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The environment variable set in a worker: it reads, it does not supervise.
const ROLE: &str = "SPASER_LECTEUR";
/// The environment variable naming the worker's progress file.
const PROGRESS: &str = "SPASER_SUIVI_LECTURE";
/// The environment variable naming a file whose reading aborts a worker, or `*` for a worker
/// that dies as it starts (tests only).
const ABORT_ON: &str = "SPASER_ESSAI_ABANDON";
/// The environment variable listing the files a worker leaves out (JSON).
const LEFT_OUT: &str = "SPASER_FICHIERS_ECARTES";

/// A file left out because reading it ended a worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The file, as the worker named it.
    pub path: String,
    /// SHA-256 of its bytes when it was left out: other bytes are read again.
    pub sha256: Option<String>,
    /// Why.
    pub reason: Reason,
}

/// How reading a file ended its worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The worker stopped abruptly (memory or stack exhausted, abort): how, as the system says.
    Died(String),
    /// Reading the file took longer than the limit, in seconds.
    TimedOut(u64),
}

impl Reason {
    /// What happened, in French, for the file's diagnostic.
    pub fn describe(&self, memory_mib: Option<u64>) -> String {
        match self {
            Reason::Died(how) => format!(
                "la lecture de ce classeur a arrêté net le lecteur de spaser ({how}{}) : il est écarté du bilan",
                memory_mib
                    .map(|m| format!(" ; mémoire permise : {m} Mio"))
                    .unwrap_or_default()
            ),
            Reason::TimedOut(seconds) => {
                format!(
                    "la lecture de ce classeur a dépassé {seconds} s : elle a été interrompue et il est écarté du bilan"
                )
            }
        }
    }
}

/// Whether this process is a worker (started by a supervisor).
pub fn is_worker() -> bool {
    std::env::var_os(ROLE).is_some()
}

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

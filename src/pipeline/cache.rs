//! What `watch` keeps between two runs: each workbook's content in memory with the stamp
//! (size, modification time, file identity) and content hash it was read with, so that a run
//! re-reads only what changed, and a workbook that cannot be read keeps its last good content.
//! Files are read by [`source::load_file`], as in every run.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::FileContent;
use crate::settings::RunSettings;
use crate::source;
use chrono::{DateTime, Local};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time.
    pub modified: Option<SystemTime>,
    /// Inode (Unix) — a file replaced by another with the same size and time still differs.
    pub identity: Option<u64>,
}

impl Stamp {
    /// The stamp of a file, if it can be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            size: metadata.len(),
            modified: metadata.modified().ok(),
            identity: identity(&metadata),
        })
    }
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(metadata.ino())
}

#[cfg(not(unix))]
fn identity(_metadata: &std::fs::Metadata) -> Option<u64> {
    None
}

struct Entry {
    stamp: Option<Stamp>,
    content: FileContent,
}

/// Contents of the workbooks read so far, by path.
#[derive(Default)]
pub struct Cache {
    entries: HashMap<PathBuf, Entry>,
}

/// What a refresh gives: every file's content (in the order given) and how many were read again.
pub struct Refresh {
    /// Contents by file.
    pub contents: Vec<(PathBuf, FileContent)>,
    /// Files whose bytes were parsed again.
    pub reread: usize,
    /// Whether any content differs from the previous refresh: a file parsed again, gone, or
    /// whose kept-content warning came or went. A save of the same bytes changes nothing.
    pub changed: bool,
}

/// What bringing one file up to date did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Update {
    /// The bytes are those of the content kept: nothing to do.
    SameBytes,
    /// The same bytes as the content kept, which had been kept while the file was unreadable:
    /// the content is current again (its warning leaves).
    Current,
    /// The bytes were parsed (or the file could not be read, and the last good content is kept).
    Parsed,
}

impl Cache {
    /// Brings the cache to `files`: forgets the files that are gone, re-reads those whose stamp
    /// and hash changed, keeps the last good content of those that cannot be read now.
    pub fn refresh(&mut self, files: &[PathBuf], settings: &RunSettings, done: &(dyn Fn(&Path) + Sync)) -> Refresh {
        let before = self.entries.len();
        self.entries.retain(|path, _| files.contains(path));
        let mut changed = self.entries.len() != before;
        let stale: Vec<(&PathBuf, Option<Stamp>)> = files
            .iter()
            .map(|file| (file, Stamp::of(file)))
            .filter(|(file, stamp)| {
                !self
                    .entries
                    .get(*file)
                    .is_some_and(|e| stamp.is_some() && e.stamp == *stamp && !e.content.unreadable)
            })
            .collect();
        // Read two or more at a time (the first build reads them all); kept in order.
        let fetched: Vec<Fetched> = stale
            .par_iter()
            .map(|(file, _)| {
                let fetched = fetch(file, self.entries.get(*file).map(|e| &e.content), settings);
                done(file);
                fetched
            })
            .collect();
        let mut reread = 0;
        for ((file, stamp), fetched) in stale.into_iter().zip(fetched) {
            match self.update(file, stamp, fetched) {
                Update::SameBytes => {}
                Update::Current => changed = true,
                Update::Parsed => {
                    changed = true;
                    reread += 1;
                }
            }
        }
        let contents = files
            .iter()
            .filter_map(|file| Some((file.clone(), self.entries.get(file)?.content.clone())))
            .collect();
        Refresh {
            contents,
            reread,
            changed,
        }
    }

    /// Whether the cache holds exactly these files (those of the last refresh).
    pub fn holds_exactly(&self, files: &[PathBuf]) -> bool {
        files.len() == self.entries.len() && files.iter().all(|f| self.entries.contains_key(f))
    }

    /// Puts what was fetched of `file` into the cache; says whether it was parsed or only hashed.
    fn update(&mut self, file: &Path, stamp: Option<Stamp>, fetched: Fetched) -> Update {
        let fresh = match fetched {
            Fetched::SameBytes => {
                let Some(entry) = self.entries.get_mut(file) else {
                    return Update::SameBytes;
                };
                // The same bytes as the content kept: it is current again.
                entry.stamp = stamp;
                let kept = entry.content.diagnostics.len();
                entry.content.diagnostics.retain(|d| d.code != Code::StaleContentKept);
                return if entry.content.diagnostics.len() == kept {
                    Update::SameBytes
                } else {
                    Update::Current
                };
            }
            Fetched::Fresh(content) => *content,
        };
        match self.entries.get_mut(file) {
            Some(entry) if fresh.unreadable && !entry.content.unreadable => {
                // Keep the last good content, and say so; the stamp is left as it was so that
                // the file is tried again at the next rebuild.
                let kept = keep_last_good(file, &entry.content, &fresh);
                entry.content = kept;
            }
            _ => {
                self.entries.insert(file.to_path_buf(), Entry { stamp, content: fresh });
            }
        }
        Update::Parsed
    }
}

/// What reading a file again gave.
enum Fetched {
    /// The bytes of the content kept.
    SameBytes,
    /// A new content (or why the file could not be read).
    Fresh(Box<FileContent>),
}

/// Reads `file`; parses it only when its bytes are not those of `kept`.
fn fetch(file: &Path, kept: Option<&FileContent>, settings: &RunSettings) -> Fetched {
    let kept_hash = kept.filter(|k| !k.unreadable).and_then(|k| k.sha256.as_deref());
    match source::load_file(file, settings, kept_hash) {
        None => Fetched::SameBytes,
        Some(content) => Fetched::Fresh(Box::new(content)),
    }
}

/// The last good content with a warning naming the date of that content.
fn keep_last_good(file: &Path, good: &FileContent, failed: &FileContent) -> FileContent {
    let mut kept = good.clone();
    kept.diagnostics.retain(|d| d.code != Code::StaleContentKept);
    let when = good
        .modified
        .map(|t| DateTime::<Local>::from(t).format("%d/%m/%Y %H:%M:%S").to_string())
        .unwrap_or_else(|| "?".to_string());
    let why = failed
        .diagnostics
        .first()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    kept.diagnostics.push(
        Diagnostic::warning(
            Location::file(file),
            Code::StaleContentKept,
            format!(
                "Classeur illisible pour l'instant (en cours d'enregistrement, tronqué ou verrouillé) : le bilan garde son contenu du {when}. {why}"
            ),
        )
        .suggest("Enregistrez de nouveau le classeur ; il sera relu au prochain enregistrement."),
    );
    kept
}

//! The one run that `check`, `bilan` and `watch` share: [`scan`](crate::scan) the inputs (spaser's own
//! outputs left out) → [`load`] them (every file read by [`source::load_file`], through `watch`'s
//! [`Cache`] when there is one) and check them together → decide the [`year`] → compute →
//! write ([`produce`]). Prints nothing: the commands and `watch` report what it returns.

mod cache;
mod produce;
pub mod year;

pub use cache::{Cache, Stamp};
pub use produce::{BilanError, Locked, Report, compute_settings, produce};

use crate::diagnostic::{self, Diagnostic, Tally};
use crate::model::{FileContent, Inputs, SourceFile};
use crate::scan::Scanned;
use crate::settings::RunSettings;
use crate::source;
use crate::validate::consistency;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What loading gave: every file's content, not yet put together.
pub struct Loaded {
    contents: Vec<(PathBuf, FileContent)>,
    problems: Vec<Diagnostic>,
    /// Files whose bytes were parsed (all of them without a cache).
    pub reread: usize,
    /// Whether any content differs from the cache's previous run (always without a cache).
    pub changed: bool,
}

impl Loaded {
    /// The inputs, put together and checked across files.
    pub fn inputs(self, settings: &RunSettings) -> Inputs {
        assemble(self.contents, &self.problems, settings)
    }
}

/// Reads every file the scan found, two or more at a time (one per core); `done` is called
/// after each file read. With a `cache` (`watch`), only the files changed since its last run are
/// read again.
pub fn load(
    scanned: &Scanned,
    settings: &RunSettings,
    cache: Option<&mut Cache>,
    done: &(dyn Fn(&Path) + Sync),
) -> Loaded {
    let problems = scanned.problems.clone();
    match cache {
        Some(cache) => {
            let refresh = cache.refresh(&scanned.files, settings, done);
            Loaded {
                contents: refresh.contents,
                problems,
                reread: refresh.reread,
                changed: refresh.changed,
            }
        }
        None => {
            let contents: Vec<(PathBuf, FileContent)> = scanned
                .files
                .par_iter()
                .filter_map(|file| {
                    let content = source::load_file(file, settings, None);
                    done(file);
                    Some((file.clone(), content?))
                })
                .collect();
            Loaded {
                reread: contents.len(),
                contents,
                problems,
                changed: true,
            }
        }
    }
}

/// The service a file speaks for, as `Sources` lists it: the ones its rows give (a `Service` or
/// `Direction` column; several joined), else the one of `spaser.toml`, else the file name.
fn service_of(path: &Path, content: &FileContent, settings: &RunSettings) -> String {
    let mut services: Vec<&str> = Vec::new();
    for purchase in &content.purchases {
        if !services.contains(&purchase.service.as_str()) {
            services.push(&purchase.service);
        }
    }
    if services.is_empty() {
        settings.default_service(path)
    } else {
        services.join(", ")
    }
}

/// Puts per-file contents together (in path order) with what the scan could not read, and runs
/// the cross-file checks.
fn assemble(mut contents: Vec<(PathBuf, FileContent)>, scan_problems: &[Diagnostic], settings: &RunSettings) -> Inputs {
    contents.sort_by(|a, b| a.0.cmp(&b.0));
    let mut inputs = Inputs {
        base: settings.base.clone(),
        ..Inputs::default()
    };
    for (path, content) in contents {
        inputs.sources.push(SourceFile {
            path: path.clone(),
            kinds: content.kinds.clone(),
            service: service_of(&path, &content, settings),
            rows_read: content.rows_read,
            concessions: content.concessions,
            tally: Tally::default(),
            modified: content.modified,
            sha256: content.sha256.clone(),
        });
        for (sheet, columns) in content.columns {
            inputs.columns.insert((path.clone(), sheet), columns);
        }
        inputs.purchases.extend(content.purchases);
        inputs.actions.extend(content.actions);
        inputs.indicators.extend(content.indicators);
        inputs.follow_ups.extend(content.follow_ups);
        inputs.insertion.extend(content.insertion);
        inputs.diagnostics.extend(content.diagnostics);
    }
    inputs.diagnostics.extend(scan_problems.iter().cloned());
    consistency::check(&mut inputs);
    diagnostic::sort(&mut inputs.diagnostics);
    inputs.diagnostics.dedup();
    for source in &mut inputs.sources {
        source.tally = Tally::of(inputs.diagnostics.iter().filter(|d| *d.location.file == *source.path));
    }
    inputs
}

//! The one path that `check`, `bilan` and `watch` share: read every file (two or more at a time)
//! → assemble them and check them together → compute the year → write the bilan ([`produce`]).
//! Prints nothing: the commands and `watch` report what it returns.

mod produce;

pub use produce::{BilanError, Report, compute_settings, decide_year, default_output, produce, produce_then};

use crate::diagnostic::{self, Diagnostic, Tally};
use crate::model::{FileContent, Inputs, SourceFile};
use crate::scan::Scanned;
use crate::settings::ReadSettings;
use crate::source;
use crate::validate::consistency;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Reads every file found by a scan and checks them together.
pub fn load(scanned: &Scanned, settings: &ReadSettings) -> Inputs {
    assemble(
        load_files(&scanned.files, settings, |_| {}),
        &scanned.problems,
        settings,
    )
}

/// Reads every file, two or more at a time (one per core); `done` is called after each file.
/// The result is in the order of `files`, whatever order the reads finish in.
pub fn load_files(
    files: &[PathBuf],
    settings: &ReadSettings,
    done: impl Fn(&Path) + Sync,
) -> Vec<(PathBuf, FileContent)> {
    files
        .par_iter()
        .map(|file| {
            let content = source::load_file(file, settings);
            done(file);
            (file.clone(), content)
        })
        .collect()
}

/// The service a file speaks for, as `Sources` lists it: the ones its rows give (a `Service` or
/// `Direction` column; several joined), else the one of `spaser.toml`, else the file name.
fn service_of(path: &Path, content: &FileContent, settings: &ReadSettings) -> String {
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
pub fn assemble(
    mut contents: Vec<(PathBuf, FileContent)>,
    scan_problems: &[Diagnostic],
    settings: &ReadSettings,
) -> Inputs {
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
        inputs.diagnostics.extend(content.diagnostics);
    }
    inputs.diagnostics.extend(scan_problems.iter().cloned());
    consistency::check(&mut inputs);
    diagnostic::sort(&mut inputs.diagnostics);
    inputs.diagnostics.dedup();
    for source in &mut inputs.sources {
        source.tally = Tally::of(inputs.diagnostics.iter().filter(|d| d.location.file == source.path));
    }
    inputs
}

//! The input-source seam: one file in, one [`FileContent`] out — its records with the rows they
//! came from, and its diagnostics — whatever kind of input the file is. One file's work depends
//! on nothing but that file, so that `watch` can cache it. A new kind of input (the DECP files
//! of §10, [`decp`]) plugs in at [`load_bytes`]; a new layout of sheet plugs into `recognise` and
//! `validate` through [`workbook`].

pub mod decp;
pub mod workbook;

use crate::contain;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::FileContent;
use crate::read;
use crate::settings::RunSettings;
use std::path::Path;
use std::time::SystemTime;

/// Reads one file, the one way every run reads a file. `kept` is the SHA-256 of a content
/// already held (by `watch`): when the file's bytes still hash to it, nothing is parsed and
/// `None` is returned.
pub fn load_file(path: &Path, settings: &RunSettings, kept: Option<&str>) -> Option<FileContent> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let Some(left_out) = contain::skipped(path)
        && let Ok(bytes) = std::fs::read(path)
        && left_out.sha256.as_deref().is_none_or(|sha| sha == sha256_hex(&bytes))
    {
        return Some(FileContent::unreadable(modified, interrupted(path, left_out, settings)));
    }
    let _reading = contain::reading(path);
    // One read of the file: the same bytes are hashed (for `Sources` and `watch`) and parsed.
    match read::read_file(path, &settings.limits) {
        Ok(bytes) => {
            // Hashed once, whether to compare with the content kept or for `Sources`.
            let hash = (settings.fingerprint || kept.is_some()).then(|| sha256_hex(&bytes));
            if kept.is_some() && kept == hash.as_deref() {
                return None;
            }
            Some(load_hashed(path, &bytes, modified, settings, hash))
        }
        Err(diagnostic) => Some(FileContent::unreadable(modified, diagnostic)),
    }
}

/// Reads one file from its bytes (already read, e.g. to compare their hash).
pub fn load_bytes(path: &Path, bytes: &[u8], modified: Option<SystemTime>, settings: &RunSettings) -> FileContent {
    let hash = settings.fingerprint.then(|| sha256_hex(bytes));
    load_hashed(path, bytes, modified, settings, hash)
}

/// [`load_bytes`] with the bytes' SHA-256 already computed, when it is.
fn load_hashed(
    path: &Path,
    bytes: &[u8],
    modified: Option<SystemTime>,
    settings: &RunSettings,
    hash: Option<String>,
) -> FileContent {
    let mut content = FileContent {
        modified,
        sha256: hash.filter(|_| settings.fingerprint),
        ..FileContent::default()
    };
    if decp::is_decp(path) {
        decp::load(path, bytes, settings, &mut content);
    } else if read::delimited::is_delimited(path) {
        workbook::load_delimited(path, bytes, settings, &mut content);
    } else {
        workbook::load(path, bytes, settings, &mut content);
    }
    crate::diagnostic::cap::cap(&mut content.diagnostics);
    // Hashed now, while the file's purchases are fresh in memory, for the cross-file checks.
    for purchase in &content.purchases {
        purchase.identity_hash();
    }
    content
}

pub use crate::contain::sha256_hex;

/// The diagnostic of a file whose reading ended a worker (§9): left out until its bytes change.
fn interrupted(path: &Path, left_out: &contain::LeftOut, settings: &RunSettings) -> Diagnostic {
    Diagnostic::error(
        Location::file(path),
        Code::ReadingInterrupted,
        format!("{}.", left_out.reason.describe(Some(settings.memory_mib()))),
    )
    .suggest(
        "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau (ou retirez-le du dossier), puis relancez.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::run_settings;

    #[test]
    fn a_file_is_fingerprinted_for_the_bilan_and_watch_and_not_for_check() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let file = std::fs::read_dir(samples.join("voirie"))
            .expect("samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .expect("a sample workbook");
        let bytes = std::fs::read(&file).expect("sample");
        let settings = run_settings(&samples, None, None).expect("settings");
        let content = load_bytes(&file, &bytes, None, &settings);
        assert_eq!(content.sha256, Some(sha256_hex(&bytes)));
        assert_eq!(content.sha256.as_deref().map(str::len), Some(64));
        let check = crate::settings::CheckSettings::resolve(
            vec![samples.clone()],
            None,
            None,
            crate::settings::Format::Text,
            false,
        )
        .expect("check settings");
        assert_eq!(load_bytes(&file, &bytes, None, &check.read).sha256, None);
    }
}

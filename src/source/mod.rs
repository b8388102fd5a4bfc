//! The input-source seam: one file in, one [`FileContent`] out — its records with the rows they
//! came from, and its diagnostics — whatever kind of input the file is. One file's work depends
//! on nothing but that file, so that `watch` can cache it. A new kind of input (the DECP files
//! of §10, [`decp`]) plugs in at [`load_bytes`]; a new layout of sheet plugs into `recognise` and
//! `validate` through [`workbook`].

pub mod decp;
pub mod workbook;

use crate::model::FileContent;
use crate::read;
use crate::settings::ReadSettings;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::SystemTime;

/// Reads one file.
pub fn load_file(path: &Path, settings: &ReadSettings) -> FileContent {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    // One read of the file: the same bytes are hashed (for `Sources`) and parsed.
    match read::read_file(path, &settings.limits) {
        Ok(bytes) => load_bytes(path, &bytes, modified, settings),
        Err(diagnostic) => FileContent::unreadable(modified, diagnostic),
    }
}

/// Reads one file from its bytes (already read, e.g. to compare their hash).
pub fn load_bytes(path: &Path, bytes: &[u8], modified: Option<SystemTime>, settings: &ReadSettings) -> FileContent {
    let mut content = FileContent {
        modified,
        sha256: Some(sha256_hex(bytes)),
        ..FileContent::default()
    };
    if decp::is_decp(path) {
        decp::load(path, bytes, settings, &mut content);
    } else {
        workbook::load(path, bytes, settings, &mut content);
    }
    // Hashed now, while the file's purchases are fresh in memory, for the cross-file checks.
    for purchase in &content.purchases {
        purchase.identity_hash();
    }
    content
}

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

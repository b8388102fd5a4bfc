//! Saving a workbook atomically (§9): into a hidden temporary file of the output's own folder
//! (which the scan ignores), flushed to disk, then renamed over the output. Any failure — disk
//! full, folder read-only, a panic inside the writer — leaves the previous file untouched and
//! its temporary file removed; the temporaries an interrupted run left are removed by the next
//! as soon as no running spaser holds their lock, and Ctrl-C removes a run's own.

use rust_xlsxwriter::{Workbook, XlsxError};
use std::io::{Seek, SeekFrom, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The names of spaser's temporary files: `.~spaser-XXXXXX.tmp`.
const PREFIX: &str = ".~spaser-";
const SUFFIX: &str = ".tmp";
/// A temporary file untouched for this long belongs to no running spaser: it is removed.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// rust_xlsxwriter refused the content.
    #[error("écriture du classeur impossible : {0}")]
    Xlsx(#[from] XlsxError),
    /// The file system refused.
    #[error("{} : écriture impossible ({})", path.display(), in_french(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The new file was written but could not replace the old one (open, locked).
    #[error("{} ne peut pas être remplacé ({})", path.display(), in_french(source))]
    Replace {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Writing stopped in the middle (disk full while writing a large sheet).
    #[error("{path} : écriture interrompue (disque plein ?) ; l'ancien fichier est intact")]
    Interrupted {
        /// The file.
        path: PathBuf,
    },
}

pub use crate::diagnostic::in_french;

/// The folder a file is written in.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Writes `bytes` (an export, §10) to `path` atomically, like a workbook.
pub fn save_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = temporary_beside(path).map_err(io_error)?;
    temporary.write_all(bytes).map_err(io_error)?;
    replace_with(temporary, path)
}

/// Writes any workbook to `path` atomically.
pub fn save_workbook(workbook: &mut Workbook, path: &Path) -> Result<(), WriteError> {
    save_atomically(path, |_| Ok(std::mem::take(workbook)))
}

/// Builds a workbook with `build` (given the folder for its working files) and writes it to
/// `path` atomically; a panic while building or writing is an [`WriteError::Interrupted`].
pub fn save_atomically(
    path: &Path,
    build: impl FnOnce(&Path) -> Result<Workbook, XlsxError>,
) -> Result<(), WriteError> {
    let folder = folder_of(path);
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Created first: an unwritable folder fails before any work.
    let mut temporary = temporary_beside(path).map_err(io_error)?;
    let mut sink = Latching::new(temporary.as_file_mut());
    let written = crate::read::quietly(|| {
        catch_unwind(AssertUnwindSafe(|| -> Result<(), XlsxError> {
            let mut workbook = build(folder)?;
            workbook.save_to_writer(&mut sink)
        }))
    });
    if let Some(source) = sink.failure.take() {
        return Err(io_error(source));
    }
    match written {
        Ok(result) => result?,
        Err(_) => {
            return Err(WriteError::Interrupted {
                path: path.to_path_buf(),
            });
        }
    }
    replace_with(temporary, path)
}

/// Flushes the temporary file to disk, then renames it over `path`.
fn replace_with(mut temporary: tempfile::NamedTempFile, path: &Path) -> Result<(), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    temporary.as_file_mut().flush().map_err(io_error)?;
    temporary.as_file().sync_all().map_err(io_error)?;
    let name = temporary.path().to_path_buf();
    let persisted = temporary.persist(path).map_err(|e| WriteError::Replace {
        path: path.to_path_buf(),
        source: e.error,
    });
    forget(&name);
    persisted.map(drop)
}

/// A hidden temporary file in `path`'s folder, with the permissions the output has (or would
/// have), after removing the ones an interrupted run left there. It is locked while this run
/// owns it, so that another run knows it is not to be removed, and listed, so that Ctrl-C
/// removes it ([`remove_own_temporaries`]).
fn temporary_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = folder_of(path);
    remove_stale_temporaries(folder);
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).suffix(SUFFIX);
    if let Some(permissions) = output_permissions(path) {
        builder.permissions(permissions);
    }
    let temporary = builder.tempfile_in(folder)?;
    // A file system without locks (some network shares) leaves only the age rule to others.
    let _ = temporary.as_file().try_lock();
    if let Ok(mut own) = OWN_TEMPORARIES.lock() {
        own.push(temporary.path().to_path_buf());
    }
    Ok(temporary)
}

/// The temporary files this process is writing.
static OWN_TEMPORARIES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the temporary files this process is writing: what Ctrl-C or SIGTERM do before the
/// process ends (§9). Those already renamed into place are gone from their temporary name.
pub fn remove_own_temporaries() {
    let Ok(mut own) = OWN_TEMPORARIES.lock() else { return };
    for path in own.drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

/// Forgets a temporary file once it is renamed into place or removed.
fn forget(temporary: &Path) {
    if let Ok(mut own) = OWN_TEMPORARIES.lock() {
        own.retain(|p| p != temporary);
    }
}

/// A writer that never fails: it keeps its first failure and, from then on, accepts everything
/// unwritten. The zip writer inside rust_xlsxwriter tries once more to finish the archive when it
/// is dropped after any failure (a full disk also fails the worksheets' own temporary files) and
/// prints an English line on stderr when that try fails too: here it succeeds into nothing, and
/// the first failure is reported after the save, in French.
struct Latching<W> {
    inner: W,
    failure: Option<std::io::Error>,
}

impl<W> Latching<W> {
    fn new(inner: W) -> Self {
        Latching { inner, failure: None }
    }

    fn latch<T>(&mut self, result: std::io::Result<T>, instead: T) -> std::io::Result<T> {
        Ok(result.unwrap_or_else(|error| {
            self.failure = Some(error);
            instead
        }))
    }
}

impl<W: Write> Write for Latching<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failure.is_some() {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.latch(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failure.is_some() {
            return Ok(());
        }
        let result = self.inner.flush();
        self.latch(result, ())
    }
}

impl<W: Seek> Seek for Latching<W> {
    fn seek(&mut self, position: SeekFrom) -> std::io::Result<u64> {
        if self.failure.is_some() {
            return Ok(0);
        }
        let result = self.inner.seek(position);
        self.latch(result, 0)
    }
}

/// Removes the temporary files an interrupted run (killed, power cut) left in `folder`: at once
/// when no running spaser holds its lock on it, else when it has been untouched for
/// [`STALE_AFTER`] (a file system without locks, a run on another computer of the share).
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let path = entry.path();
        if is_owned(&path) && !is_stale(&entry) {
            continue;
        }
        // Another user's file on the share may not be ours to remove: nothing to report.
        let _ = std::fs::remove_file(path);
    }
}

/// Whether a running spaser holds the temporary file's lock (when locks cannot tell, it may).
fn is_owned(path: &Path) -> bool {
    let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(path) else {
        return true;
    };
    match file.try_lock() {
        Ok(()) => false,
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

fn is_stale(entry: &std::fs::DirEntry) -> bool {
    entry.metadata().and_then(|m| m.modified()).is_ok_and(|modified| {
        SystemTime::now()
            .duration_since(modified)
            .is_ok_and(|age| age > STALE_AFTER)
    })
}

/// The bilan is read by everyone on the share: it keeps the permissions of the file it
/// replaces, else gets the usual `rw-r--r--` (a temporary file is created owner-only). Windows
/// gives a new file the folder's permissions already, and a read-only attribute copied onto the
/// temporary file would forbid writing it.
fn output_permissions(path: &Path) -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(metadata) => Some(metadata.permissions()),
            Err(_) => Some(std::fs::Permissions::from_mode(0o644)),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

//! Recognises what a file really is from its first bytes and its zip directory, before any
//! reader is chosen: the extension alone lies (CSV renamed `.xlsx`, encrypted workbooks).

use super::{Archive, ReadLimits};
use crate::diagnostic::in_french;
use std::io::Cursor;
use std::path::Path;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Binary Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

/// Why a file cannot be read as a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Zero bytes.
    Empty,
    /// Larger than the file limit, or with a zip entry larger than the part limit.
    TooLarge(String),
    /// An Office document protected by a password.
    Encrypted,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Not a spreadsheet at all (CSV or text renamed, another document).
    NotAWorkbook(String),
    /// It declares more than any real workbook holds (§9), before anything is loaded.
    Declared(String),
    /// An ODS row of values repeated more times than a recensement has rows.
    RowsRepeated(String),
    /// The file could not be opened or its zip is broken (truncated download, half-saved).
    Broken(String),
}

const ZIP_MAGIC: [u8; 4] = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC: [u8; 4] = [0xd0, 0xcf, 0x11, 0xe0];

/// Reads a file's bytes, once, refusing it before loading when it is over the size limit.
pub fn load_bytes(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>, Refusal> {
    let metadata = std::fs::metadata(path).map_err(|e| Refusal::Broken(in_french(&e)))?;
    if metadata.len() > limits.file_bytes {
        return Err(Refusal::TooLarge(format!(
            "le fichier fait {} Mio, au-delà de la limite de {} Mio",
            metadata.len() / (1024 * 1024),
            ReadLimits::mib(limits.file_bytes)
        )));
    }
    std::fs::read(path).map_err(|e| Refusal::Broken(in_french(&e)))
}

/// Tells which reader fits the file's bytes, or why none does. The path only gives the
/// extension (a CFB container is a legitimate `.xls`, but an encrypted `.xlsx`).
pub fn sniff<'b>(
    path: &Path,
    bytes: &'b [u8],
    limits: &ReadLimits,
) -> Result<(FileFormat, Option<Archive<'b>>), Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    let head = &bytes[..bytes.len().min(4)];
    if head == ZIP_MAGIC {
        return sniff_zip(bytes, limits).map(|(format, archive)| (format, Some(archive)));
    }
    if head == CFB_MAGIC {
        return if has_extension(path, &["xls"]) {
            Ok((FileFormat::Xls, None))
        } else {
            Err(Refusal::Encrypted)
        };
    }
    let what = if looks_like_text(head) {
        "un fichier texte (CSV ?)"
    } else {
        "un format inconnu"
    };
    Err(Refusal::NotAWorkbook(what.to_string()))
}

/// The workbook's format, and its zip directory read once for whoever reads on.
fn sniff_zip<'b>(bytes: &'b [u8], limits: &ReadLimits) -> Result<(FileFormat, Archive<'b>), Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Refusal::Broken(format!("archive zip incomplète ou corrompue ({e})")))?;
    let mut format = None;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|e| Refusal::Broken(format!("archive zip corrompue ({e})")))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.size() > limits.entry_bytes {
            return Err(Refusal::TooLarge(format!(
                "la partie « {} » ferait {} Mio une fois décompressée, au-delà de la limite de {} Mio",
                name,
                entry.size() / (1024 * 1024),
                ReadLimits::mib(limits.entry_bytes)
            )));
        }
        match name.as_str() {
            "xl/workbook.xml" => format = Some(FileFormat::Xlsx),
            "xl/workbook.bin" => return Err(Refusal::Xlsb),
            "content.xml" => format = format.or(Some(FileFormat::Ods)),
            _ => {}
        }
    }
    match format {
        Some(format) => Ok((format, archive)),
        None => Err(Refusal::NotAWorkbook(
            "une archive zip qui n'est pas un classeur".to_string(),
        )),
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn looks_like_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || *b >= 0x80)
}

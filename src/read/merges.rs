//! The merged regions of an `.xlsx` sheet without a second XML pass over its cells: calamine
//! parses the whole sheet again to find `<mergeCells>`, which comes after `</sheetData>`; here
//! only what follows the cells is parsed. The workbook is first [`unpack`]ed: each sheet part is
//! inflated once, its merges found on the way, and stored uncompressed in a copy of the
//! workbook that calamine then reads without inflating anything again. Any doubt (an unusual
//! layout, a part that cannot be found or inflated) returns `None`, and the caller reads the
//! workbook as it is, asking calamine for the merges.

use super::Archive;
use super::string_refs::{BadReference, StringRefFilter, cell};
use calamine::Dimensions;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The tail after the cells is kept in memory up to this size; beyond, calamine reads it.
const MAX_TAIL: usize = 64 * 1024 * 1024;
/// `workbook.xml` and its relationships are read up to this size.
const MAX_INDEX_PART: u64 = 16 * 1024 * 1024;
const SHEET_DATA: &[u8] = b"sheetData";
/// A sheet part is inflated in chunks of at most this size…
const MAX_CHUNK: usize = 256 * 1024;
/// …and this many last bytes of a chunk are kept to find a closing tag cut between two chunks.
const CARRY: usize = 32;

/// Sheet name → path of its part in the archive, from `xl/workbook.xml` and its relationships.
pub fn sheet_parts(mut archive: Archive<'_>) -> Option<HashMap<String, String>> {
    let relationships = small_part(&mut archive, "xl/_rels/workbook.xml.rels")?;
    let targets: HashMap<String, String> = elements(&relationships, "Relationship", &["Id", "Target"])
        .into_iter()
        .filter_map(|mut values| Some((values[0].take()?, values[1].take()?)))
        .collect();
    let workbook = small_part(&mut archive, "xl/workbook.xml")?;
    let parts = elements(&workbook, "sheet", &["name", "id"])
        .into_iter()
        .filter_map(|mut values| {
            let (name, id) = (values[0].take()?, values[1].take()?);
            let target = targets.get(&id)?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect();
    Some(parts)
}

/// The sheets' names, in workbook order, from `xl/workbook.xml` alone: nothing else is inflated.
pub fn sheet_names(mut archive: Archive<'_>) -> Option<Vec<String>> {
    let workbook = small_part(&mut archive, "xl/workbook.xml")?;
    elements(&workbook, "sheet", &["name"])
        .into_iter()
        .map(|mut values| values[0].take())
        .collect()
}

/// The merged regions of the sheet part at `path`.
pub fn merges(bytes: &[u8], path: &str) -> Option<Vec<Dimensions>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = archive.by_name(path).ok()?;
    let size = usize::try_from(entry.size()).unwrap_or(MAX_CHUNK);
    merges_in(&after_cells(entry, size, |_| Some(()))?)
}

/// The merged regions of what follows a sheet's cells; `None` for a reference this reading
/// does not understand (calamine reads the sheet instead).
fn merges_in(tail: &[u8]) -> Option<Vec<Dimensions>> {
    elements(tail, "mergeCell", &["ref"])
        .into_iter()
        .map(|mut values| values[0].take().as_deref().and_then(region))
        .collect()
}

/// A workbook whose sheet parts declare more than this, all together, is not unpacked (calamine
/// streams its sheets, their merges are found by a pass of their own): unpacking holds a copy
/// of the workbook with its sheets inflated in memory.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

/// A workbook whose sheet parts are stored uncompressed, and the merged regions found while
/// unpacking them, by sheet part.
pub struct Unpacked {
    /// The workbook, every other part copied as it was.
    pub bytes: Vec<u8>,
    /// Merged regions by sheet part path (a part missing here: ask calamine).
    pub merges: HashMap<String, Vec<Dimensions>>,
    /// Cells referencing no shared string, by sheet part path: their values are left out of
    /// the copy.
    pub bad_references: HashMap<String, Vec<BadReference>>,
}

/// Inflates each sheet part of `parts` once into an uncompressed copy of the workbook, finding
/// its merged regions on the way; `None` when anything goes wrong (the caller reads the
/// original).
pub fn unpack(mut archive: Archive<'_>, parts: &HashMap<String, String>, archive_len: usize) -> Option<Unpacked> {
    let is_sheet = |name: &str| parts.values().any(|p| p == name);
    // The copy holds the unpacked sheets and the other parts as they were.
    let (mut declared, mut copied): (u64, u64) = (0, 0);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).ok()?;
        if is_sheet(entry.name().ok()?.as_ref()) {
            declared = declared.saturating_add(entry.size());
        } else {
            copied = copied.saturating_add(entry.compressed_size());
        }
    }
    if declared > MAX_UNPACKED {
        return None;
    }
    // Room for the parts' headers too: a name and two records each. What the archive declares
    // is bounded by what it holds (a forged size never reserves gigabytes, §9): the copied parts
    // are at most the archive itself, the unpacked sheets at most a few times it (the vector
    // grows past that if they really are larger).
    let headers = archive.len().saturating_mul(256);
    let copied = usize::try_from(copied).unwrap_or(usize::MAX).min(archive_len);
    let declared = usize::try_from(declared)
        .unwrap_or(usize::MAX)
        .min(archive_len.saturating_mul(8));
    let room = declared.saturating_add(copied).saturating_add(headers);
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(room)));
    let mut merges = HashMap::new();
    let mut bad_references = HashMap::new();
    let string_count = super::declared::shared_string_count(&mut archive);
    for index in 0..archive.len() {
        let entry = archive.by_index(index).ok()?;
        let name = entry.name().ok()?.to_string();
        if !is_sheet(&name) {
            writer.raw_copy_file(entry).ok()?;
            continue;
        }
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        writer.start_file(name.as_str(), options).ok()?;
        let size = usize::try_from(entry.size()).unwrap_or(MAX_CHUNK);
        let mut copy = StringRefFilter::new(&mut writer, string_count);
        let tail = after_cells(entry, size, |data| copy.write(data))?;
        let bad = copy.finish()?;
        if !bad.is_empty() {
            bad_references.insert(name.clone(), bad);
        }
        if let Some(found) = merges_in(&tail) {
            merges.insert(name, found);
        }
    }
    Some(Unpacked {
        bytes: writer.finish().ok()?.into_inner(),
        merges,
        bad_references,
    })
}

/// What follows the closing `</sheetData>` (or `<sheetData/>`), read in chunks of at most
/// `chunk_len` bytes; every chunk is also given to `copy`.
fn after_cells(mut part: impl Read, chunk_len: usize, mut copy: impl FnMut(&[u8]) -> Option<()>) -> Option<Vec<u8>> {
    let mut chunk = vec![0u8; chunk_len.clamp(4 * 1024, MAX_CHUNK)];
    // The last bytes of the previous chunk, so that a tag cut between two chunks is found.
    let mut carry: Vec<u8> = Vec::new();
    let mut tail: Option<Vec<u8>> = None;
    loop {
        let read = part.read(&mut chunk).ok()?;
        if read == 0 {
            return tail;
        }
        let data = &chunk[..read];
        copy(data)?;
        if let Some(tail) = &mut tail {
            tail.extend_from_slice(data);
            if tail.len() > MAX_TAIL {
                return None;
            }
            continue;
        }
        tail = tail_after_closing(&carry, data);
        carry.extend_from_slice(&data[data.len().saturating_sub(CARRY)..]);
        carry.drain(..carry.len().saturating_sub(CARRY));
    }
}

/// The bytes after the tag that closes the cells, when it ends in `data` (it may begin in
/// `carry`, the end of the chunk before).
fn tail_after_closing(carry: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let mut seam = carry.to_vec();
    seam.extend_from_slice(&data[..data.len().min(CARRY)]);
    // A tag ending within `carry` was found with the chunk before.
    if let Some(end) = closing_end(&seam).filter(|end| *end > carry.len()) {
        return Some(data[end - carry.len()..].to_vec());
    }
    closing_end(data).map(|end| data[end..].to_vec())
}

/// The end of the tag that closes the cells: `</sheetData>`, `</x:sheetData>`, `<sheetData/>`.
fn closing_end(window: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(&window[from..], SHEET_DATA).map(|i| i + from) {
        let after = at + SHEET_DATA.len();
        let before = &window[..at];
        let prefix_start = before.iter().rposition(|b| !(b.is_ascii_alphanumeric() || *b == b':'));
        let closes = prefix_start.is_some_and(|i| before[i] == b'/' && i > 0 && before[i - 1] == b'<');
        let empty = window[after..].starts_with(b"/>");
        if (closes && window[after..].starts_with(b">")) || empty {
            return Some(after + if empty { 2 } else { 1 });
        }
        from = after;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn small_part(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let entry = archive.by_name(name).ok()?;
    let mut content = Vec::new();
    entry.take(MAX_INDEX_PART).read_to_end(&mut content).ok()?;
    Some(content)
}

/// For each element `local` (any namespace prefix), the values of `attributes` (by local name).
fn elements(xml: &[u8], local: &str, attributes: &[&str]) -> Vec<Vec<Option<String>>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == local => {
                let mut values = vec![None; attributes.len()];
                for attribute in e.attributes().flatten() {
                    let key = attribute.key.local_name().into_inner().to_string();
                    if let Some(i) = attributes.iter().position(|a| *a == key) {
                        values[i] = attribute
                            .normalized_value(quick_xml::XmlVersion::default())
                            .ok()
                            .map(|v| v.into_owned());
                    }
                }
                found.push(values);
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
        buf.clear();
    }
}

/// `B2:D4` (or a single `B2`) as 0-based corners.
fn region(reference: &str) -> Option<Dimensions> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    Some(Dimensions::new(cell(first)?, cell(last)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};
    use std::path::Path;

    fn xlsx_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                xlsx_files(&path, into);
            } else if path.extension().is_some_and(|e| e == "xlsx") {
                into.push(path);
            }
        }
    }

    #[test]
    fn every_merge_of_the_samples_and_fixtures_is_the_one_calamine_reads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        xlsx_files(&root.join("samples"), &mut files);
        xlsx_files(&root.join("tests/fixtures"), &mut files);
        let mut compared = 0;
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let archive = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            let parts = sheet_parts(archive.clone()).unwrap_or_else(|| panic!("{}", file.display()));
            let mut book = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
            let unpacked = unpack(archive, &parts, bytes.len()).unwrap_or_else(|| panic!("{}", file.display()));
            let mut stored = Xlsx::new(Cursor::new(&unpacked.bytes[..])).unwrap();
            for name in book.sheet_names() {
                let ours = merges(&bytes, &parts[&name]).unwrap_or_else(|| panic!("{name}"));
                let theirs = book.merge_cells_by_sheet_name(&name).unwrap();
                assert_eq!(ours, theirs, "{} › {name}", file.display());
                assert_eq!(
                    unpacked.merges.get(&parts[&name]),
                    Some(&ours),
                    "{} › {name}",
                    file.display()
                );
                assert_eq!(
                    stored.worksheet_range(&name).unwrap(),
                    book.worksheet_range(&name).unwrap(),
                    "the unpacked copy reads the same cells: {} › {name}",
                    file.display()
                );
                compared += ours.len();
            }
        }
        assert!(compared > 10, "merges compared: {compared}");
    }

    #[test]
    fn references_are_0_based_corners() {
        assert_eq!(cell("A1"), Some((0, 0)));
        assert_eq!(cell("AB12"), Some((11, 27)));
        assert_eq!(cell("$C$3"), Some((2, 2)));
        assert_eq!(cell("A0"), None);
        assert_eq!(cell("ZZZZZZ1"), Some((0, 321_272_405)));
        assert_eq!(cell("ZZZZZZZZZZ1").map(|c| c.1), Some(u32::MAX));
        assert_eq!(region("B2:D4"), Some(Dimensions::new((1, 1), (3, 3))));
        assert_eq!(region("E5"), Some(Dimensions::new((4, 4), (4, 4))));
    }

    #[test]
    fn only_what_follows_the_cells_is_kept_whatever_the_prefix() {
        let xml = b"<worksheet><sheetData><row><c><v>1</v></c></row></sheetData><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>";
        let tail = after_cells(&xml[..], xml.len(), |_: &[u8]| Some(())).unwrap();
        assert!(tail.starts_with(b"<mergeCells>"));
        let prefixed = b"<x:worksheet><x:sheetData></x:sheetData><x:mergeCells/></x:worksheet>";
        assert!(
            after_cells(&prefixed[..], 64, |_: &[u8]| Some(()))
                .unwrap()
                .starts_with(b"<x:mergeCells/>")
        );
        let empty = b"<worksheet><sheetData/><mergeCells/></worksheet>";
        assert!(
            after_cells(&empty[..], 0, |_: &[u8]| Some(()))
                .unwrap()
                .starts_with(b"<mergeCells/>")
        );
        assert_eq!(
            after_cells(&b"<worksheet><sheetData>"[..], 22, |_: &[u8]| Some(())),
            None
        );
    }

    #[test]
    fn a_closing_tag_cut_between_two_chunks_is_found() {
        let xml: &[u8] =
            b"<x:worksheet><x:sheetData><row><c><v>1</v></c></row></x:sheetData><x:mergeCells/></x:worksheet>";
        for cut in 0..=xml.len() {
            let (first, second) = xml.split_at(cut);
            let mut copy = Vec::new();
            let tail = after_cells(first.chain(second), xml.len(), |data: &[u8]| {
                copy.extend_from_slice(data);
                Some(())
            });
            assert!(tail.is_some_and(|t| t.starts_with(b"<x:mergeCells/>")), "cut at {cut}");
            assert_eq!(copy, xml, "cut at {cut}");
        }
    }
}

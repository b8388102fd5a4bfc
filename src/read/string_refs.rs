//! The shared-string references of `.xlsx` cells, checked while a sheet part is copied (§9):
//! calamine reads an index it cannot parse (`-1`, ` 3 `) as the first string, and fails the
//! whole sheet on an index past the table. Such a cell's value is left out of the copy (calamine
//! then reads it empty) and the cell is named, to be an error on its own.

use memchr::memmem;
use std::io::Write;
use std::sync::LazyLock;

/// A cell whose `<v>` is no index into the workbook's shared strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadReference {
    /// 0-based row and column.
    pub row: u32,
    pub col: u32,
    /// The index as the file holds it.
    pub raw: String,
}

/// The searchers, built once: `t=` (a cell's type), `c>` (a cell's closing tag), `v>` (its value).
static TYPE_ATTRIBUTE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"t="));
static CELL_CLOSE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"c>"));
static VALUE_OPEN: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"v>"));

/// Bytes not yet known to end after a whole cell are held back, up to this size (a single cell
/// this large gives up the check: the workbook is then read as it is).
const MAX_PENDING: usize = 8 * 1024 * 1024;

/// Copies a sheet part to `out`, leaving out the values of cells that reference no shared
/// string. `count` is the number of shared strings, when the workbook declares it.
pub struct StringRefFilter<'w, W: Write> {
    out: &'w mut W,
    count: Option<u64>,
    pending: Vec<u8>,
    found: Vec<BadReference>,
}

impl<'w, W: Write> StringRefFilter<'w, W> {
    pub fn new(out: &'w mut W, count: Option<u64>) -> Self {
        Self {
            out,
            count,
            pending: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Takes the next bytes of the part; `None` when writing fails or a cell is too large.
    pub fn write(&mut self, data: &[u8]) -> Option<()> {
        let Some(cut) = last_cell_end(data) else {
            self.pending.extend_from_slice(data);
            return (self.pending.len() <= MAX_PENDING).then_some(());
        };
        let mut from = 0;
        if !self.pending.is_empty() {
            // What was held back ends with the cell that closes first in `data`: only that
            // much is copied again, not the whole chunk.
            let first = first_cell_end(data).unwrap_or(cut);
            let mut head = std::mem::take(&mut self.pending);
            head.extend_from_slice(&data[..first]);
            self.copy_checked(&head)?;
            head.clear();
            self.pending = head;
            from = first;
        }
        self.copy_checked(&data[from..cut])?;
        self.pending.extend_from_slice(&data[cut..]);
        (self.pending.len() <= MAX_PENDING).then_some(())
    }

    /// Writes what is held back; the cells found.
    pub fn finish(mut self) -> Option<Vec<BadReference>> {
        let rest = std::mem::take(&mut self.pending);
        self.copy_checked(&rest)?;
        Some(self.found)
    }

    fn copy_checked(&mut self, segment: &[u8]) -> Option<()> {
        let mut written = 0;
        for (value, bad) in bad_values(segment, self.count) {
            self.out.write_all(&segment[written..value.start]).ok()?;
            written = value.end;
            self.found.push(bad);
        }
        self.out.write_all(&segment[written..]).ok()
    }
}

/// The end of the last closing cell tag (`</c>`, `</x:c>`) in `data`: every cell before it is
/// whole.
fn last_cell_end(data: &[u8]) -> Option<usize> {
    let mut end = data.len();
    while let Some(at) = memmem::rfind(&data[..end], b"c>") {
        let closes = at > 0 && matches!(data[at - 1], b'/' | b':') && is_closing_tag(&data[..at]);
        if closes {
            return Some(at + 2);
        }
        end = at;
    }
    None
}

/// The end of the first closing cell tag in `data`.
fn first_cell_end(data: &[u8]) -> Option<usize> {
    CELL_CLOSE
        .find_iter(data)
        .find(|at| *at > 0 && matches!(data[at - 1], b'/' | b':') && is_closing_tag(&data[..*at]))
        .map(|at| at + 2)
}

/// Whether the tag name ending at `before`'s end belongs to a closing tag (`</` or `</x:`).
fn is_closing_tag(before: &[u8]) -> bool {
    match before.iter().rposition(|b| *b == b'<') {
        Some(open) => before.get(open + 1) == Some(&b'/') && !before[open..].contains(&b'>'),
        None => false,
    }
}

/// The byte ranges of the bad values in `segment` (whole cells only), each with its cell.
fn bad_values(segment: &[u8], count: Option<u64>) -> Vec<(std::ops::Range<usize>, BadReference)> {
    let mut found = Vec::new();
    for at in TYPE_ATTRIBUTE.find_iter(segment) {
        let is_shared = at > 0
            && segment[at - 1].is_ascii_whitespace()
            && matches!(segment.get(at + 2..at + 5), Some(b"\"s\"" | b"'s'"));
        if is_shared && let Some(bad) = shared_cell_value(segment, at, count) {
            found.push(bad);
        }
    }
    found
}

/// The value of the `<c … t="s">` whose `t` attribute is at `at`, when it is no valid index.
fn shared_cell_value(segment: &[u8], at: usize, count: Option<u64>) -> Option<(std::ops::Range<usize>, BadReference)> {
    let open = memchr::memrchr(b'<', &segment[..at])?;
    let tag_end = memchr::memchr(b'>', &segment[at..])? + at;
    let tag = &segment[open + 1..tag_end];
    if local_name(tag) != b"c" || tag.ends_with(b"/") {
        return None;
    }
    let content = &segment[tag_end + 1..];
    // Excel writes `<v>` right after the tag; anything else is looked for within the cell.
    let value_open = if content.starts_with(b"<v>") {
        1
    } else {
        let cell_end = CELL_CLOSE.find(content)?;
        let content = &content[..cell_end];
        VALUE_OPEN
            .find(content)
            .filter(|i| *i > 0 && matches!(content[i - 1], b'<' | b':'))?
    };
    let start = tag_end + 1 + value_open + 2;
    let end = start + memchr::memchr(b'<', &segment[start..])?;
    let raw = &segment[start..end];
    if raw.is_empty() || is_index(raw, count) {
        return None;
    }
    let (row, col) = cell(std::str::from_utf8(attribute(tag, b"r")?).ok()?)?;
    let raw = String::from_utf8_lossy(&raw[..raw.len().min(64)]).into_owned();
    Some((start..end, BadReference { row, col, raw }))
}

fn is_index(raw: &[u8], count: Option<u64>) -> bool {
    let digits = raw.iter().all(u8::is_ascii_digit);
    let index = std::str::from_utf8(raw).ok().and_then(|s| s.parse::<u64>().ok());
    digits && index.is_some_and(|index| count.is_none_or(|count| index < count))
}

/// `x:c r="A1"` → `c`.
fn local_name(tag: &[u8]) -> &[u8] {
    let name_end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    match memchr::memchr(b':', name) {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// The value of attribute `name` in a tag's bytes.
fn attribute<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut from = 0;
    while let Some(at) = memmem::find(&tag[from..], name).map(|i| i + from) {
        from = at + name.len();
        let preceded = at > 0 && tag[at - 1].is_ascii_whitespace();
        let rest = &tag[from..];
        if preceded && rest.first() == Some(&b'=') {
            let quote = *rest.get(1)?;
            let value = &rest[2..];
            let end = memchr::memchr(quote, value)?;
            return Some(&value[..end]);
        }
    }
    None
}

/// `AB12` → (11, 27). A column or row beyond what a u32 holds reads as `u32::MAX`: the limits
/// then leave the merge out with its warning.
pub(super) fn cell(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().trim_start_matches('$');
    let digits = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = reference.split_at(digits);
    let letters = letters.trim_end_matches('$');
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(26).saturating_add(u64::from(b - b'A') + 1)
    }) - 1;
    let row = number.parse::<u64>().unwrap_or(u64::MAX).checked_sub(1)?;
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Some((clamp(row), clamp(col)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(chunks: &[&str], count: Option<u64>) -> (String, Vec<BadReference>) {
        let mut out = Vec::new();
        let mut filter = StringRefFilter::new(&mut out, count);
        for chunk in chunks {
            filter.write(chunk.as_bytes()).unwrap();
        }
        let found = filter.finish().unwrap();
        (String::from_utf8(out).unwrap(), found)
    }

    const ROW: &str = r#"<row r="2"><c r="A2" t="s"><v>-1</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" s="3" t="s"><v>7</v></c><c r="D2"><v>-1</v></c></row>"#;

    #[test]
    fn a_negative_or_out_of_range_shared_string_index_is_left_out_and_named() {
        let (copy, found) = filter(&[ROW], Some(5));
        assert_eq!(
            copy,
            r#"<row r="2"><c r="A2" t="s"><v></v></c><c r="B2" t="s"><v>1</v></c><c r="C2" s="3" t="s"><v></v></c><c r="D2"><v>-1</v></c></row>"#
        );
        let named: Vec<_> = found.iter().map(|b| (b.row, b.col, b.raw.as_str())).collect();
        assert_eq!(named, vec![(1, 0, "-1"), (1, 2, "7")]);
    }

    #[test]
    fn without_a_declared_count_only_what_is_no_number_is_named() {
        let (_, found) = filter(&[ROW], None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].raw, "-1");
    }

    #[test]
    fn a_cell_cut_between_two_chunks_is_checked_whole() {
        for cut in 1..ROW.len() {
            let (copy, found) = filter(&[&ROW[..cut], &ROW[cut..]], Some(5));
            assert_eq!(found.len(), 2, "cut at {cut}");
            assert!(copy.contains(r#"<c r="B2" t="s"><v>1</v></c>"#), "cut at {cut}");
        }
    }

    #[test]
    fn prefixed_tags_single_quotes_and_inline_text_are_understood() {
        let xml = r#"<x:c r='A1' t='s'><x:v> 3 </x:v></x:c><c r="B1" t="inlineStr"><is><t> t="s" </t></is></c>"#;
        let (copy, found) = filter(&[xml], Some(5));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].row, found[0].col, found[0].raw.as_str()), (0, 0, " 3 "));
        assert!(copy.starts_with("<x:c r='A1' t='s'><x:v></x:v>"));
        assert!(copy.ends_with(r#"<t> t="s" </t></is></c>"#));
    }
}

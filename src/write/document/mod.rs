//! The committee's document (§6.2): the bilan as the Word document the committee reads —
//! `Bilan_SPASER_<année>.docx` beside the workbook, written atomically like it. Real headings,
//! styles and tables (no text boxes), A4 landscape, body text 11 pt; the same figures and
//! reasons as the workbook, worded by [`super::wording`].

mod chart;
mod content;
mod grid;

use super::Document;
use super::save::{self, WriteError};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
    NumberingId, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Shading, SpecialIndentType, Start, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};
use std::path::{Path, PathBuf};

/// A4 landscape, in twentieths of a point.
const PAGE: (u32, u32) = (16_838, 11_906);
/// Margins of 1,5 cm.
const MARGIN: i32 = 850;
/// The width tables take, in twentieths of a point.
pub(crate) const TEXT_WIDTH: usize = (PAGE.0 as usize) - 2 * (MARGIN as usize);
/// Body text, in half-points: 11 pt.
const BODY: usize = 22;
/// Text in tables, in half-points: 10 pt.
const TABLE_TEXT: usize = 20;

/// The statuses a fiche's grid marks, in the order of its three columns.
const MARKED: [crate::model::Status; 3] = [
    crate::compute::summary::COUNTED[0],
    crate::compute::summary::COUNTED[1],
    crate::compute::summary::COUNTED[2],
];

/// The document beside a bilan: the same name with `.docx`.
pub fn path_of(bilan: &Path) -> PathBuf {
    bilan.with_extension("docx")
}

/// Writes the committee's document at `path`, atomically.
pub fn save(doc: &Document<'_>, path: &Path) -> Result<(), WriteError> {
    let bytes = bytes(doc).map_err(|source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    save::save_bytes(path, &bytes)
}

/// The document's bytes.
pub fn bytes(doc: &Document<'_>) -> std::io::Result<Vec<u8>> {
    let docx = content::build(base(), doc);
    let mut packed = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut packed)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    repeat_header_rows(packed.into_inner())
}

/// The empty document: page, fonts and styles.
fn base() -> Docx {
    Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN))
        .default_size(BODY)
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri"))
        .add_style(heading("Title", "Title", 48))
        .add_style(heading("Heading1", "heading 1", 32).outline_lvl(0))
        .add_style(heading("Heading2", "heading 2", 26).outline_lvl(1))
        .add_style(heading("Heading3", "heading 3", 22).outline_lvl(2))
        .add_abstract_numbering(AbstractNumbering::new(BULLETS).add_level(bullet_level()))
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

/// The numbering of bulleted lines: a Word list, « • » hanging in the cell's margin (docx-rs
/// declares a numbering 1 of its own).
const BULLETS: usize = 2;

fn bullet_level() -> Level {
    Level::new(
        0,
        Start::new(1),
        NumberFormat::new("bullet"),
        LevelText::new("•"),
        LevelJc::new("left"),
    )
    .indent(Some(240), Some(SpecialIndentType::Hanging(200)), None, None)
}

fn heading(id: &str, name: &str, size: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .size(size)
        .bold()
        .color("1F3864")
}

/// A paragraph of body text.
pub(crate) fn text(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// A heading of `level` (1 to 3), kept with what follows it.
pub(crate) fn title(level: usize, text: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .keep_next(true)
        .add_run(Run::new().add_text(text))
}

/// The paragraphs of a cell's text, line by line; a line typed with a bullet (`-`, `•`…) is an
/// item of a Word bulleted list.
pub(crate) fn lines(text: &str, size: usize) -> Vec<Paragraph> {
    let paragraphs: Vec<Paragraph> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.strip_prefix(['-', '•', '*', '–', '▪', '◦']) {
            Some(item) => Paragraph::new()
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                .add_run(Run::new().size(size).add_text(item.trim_start())),
            None => Paragraph::new().add_run(Run::new().size(size).add_text(line)),
        })
        .collect();
    if paragraphs.is_empty() {
        vec![Paragraph::new().add_run(Run::new().size(size))]
    } else {
        paragraphs
    }
}

/// A table cell holding `text`, `width` twentieths of a point wide.
pub(crate) fn cell(text: &str, width: usize) -> TableCell {
    lines(text, TABLE_TEXT)
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), TableCell::add_paragraph)
}

/// A cell with its text centred (a mark, a figure).
pub(crate) fn centred(text: &str, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().size(TABLE_TEXT).add_text(text)),
    )
}

/// A table: its header row (repeated on every page it spans) and rows, with column widths.
pub(crate) fn table(headers: &[&str], widths: &[usize], rows: Vec<TableRow>) -> Table {
    let header = TableRow::new(
        headers
            .iter()
            .zip(widths)
            .map(|(h, w)| {
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .shading(Shading::new().fill("DCE6F1"))
                    .add_paragraph(Paragraph::new().add_run(Run::new().size(TABLE_TEXT).bold().add_text(*h)))
            })
            .collect(),
    )
    .cant_split();
    let mut all = vec![header];
    all.extend(rows);
    Table::new(all)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// Marks the first row of every table as a header row repeated on each page (`w:tblHeader`,
/// which the document writer does not offer): every table's first row is its header.
fn repeat_header_rows(docx: Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).map_err(std::io::Error::other)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(std::io::Error::other)?;
        let name = entry.name().map_err(std::io::Error::other)?.to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(content).map_err(std::io::Error::other)?;
            content = with_header_rows(&xml).into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options).map_err(std::io::Error::other)?;
        out.write_all(&content)?;
    }
    Ok(out.finish().map_err(std::io::Error::other)?.into_inner())
}

/// `<w:tblHeader/>` in the row properties of each table's first row.
fn with_header_rows(xml: &str) -> String {
    const CANT_SPLIT: &str = "<w:cantSplit />";
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        // The first row's properties hold its `cantSplit` (every header row is made so).
        let row_end = table.find("</w:tr>").unwrap_or(table.len());
        match table[..row_end].find(CANT_SPLIT) {
            Some(mark) => {
                out.push_str(&table[..mark + CANT_SPLIT.len()]);
                out.push_str("<w:tblHeader />");
                rest = &table[mark + CANT_SPLIT.len()..];
            }
            None => {
                out.push_str(&table[.."<w:tbl>".len()]);
                rest = &table["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

//! What every table sheet of the bilan shares: one header row, sized columns, frozen header,
//! autofilter, landscape A4 printing fitted to the width with the header repeated, and cell
//! writers that keep input text as text.

use super::style::Styles;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// Excel refuses longer cell texts.
const MAX_CELL_CHARS: usize = 32_767;
/// A4 in Excel's paper size codes.
const PAPER_A4: u8 = 9;

/// One column of a table: header and width (in characters).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header, in French.
    pub header: String,
    /// Width in characters.
    pub width: f64,
}

impl Column {
    /// A column.
    pub fn new(header: impl Into<String>, width: f64) -> Self {
        Column {
            header: header.into(),
            width,
        }
    }
}

/// The footer's font size, as the body's: a page shrunk to fit keeps it at 8 pt or more (the
/// default 10 pt would print at 7).
const FOOTER_SIZE: &str = "&11";

/// Page margins, in inches: narrow at the sides, so that fitting to the page width shrinks the
/// text as little as possible.
pub const MARGIN_SIDE: f64 = 0.3;
const MARGIN_TOP: f64 = 0.5;
const MARGIN_BOTTOM: f64 = 0.6;
const MARGIN_HEADER_FOOTER: f64 = 0.3;

/// Page setup shared by every sheet: landscape A4, fitted to one page wide, narrow side
/// margins, header rows repeated on each printed page.
pub fn print_setup(sheet: &mut Worksheet, header_row: Option<u32>) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(
        MARGIN_SIDE,
        MARGIN_SIDE,
        MARGIN_TOP,
        MARGIN_BOTTOM,
        MARGIN_HEADER_FOOTER,
        MARGIN_HEADER_FOOTER,
    );
    sheet.set_footer(format!("&L{FOOTER_SIZE}&A&R{FOOTER_SIZE}Page &P / &N"));
    if let Some(row) = header_row {
        sheet.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// The footer of a bilan's printed pages: the bilan's year and the sheet, then the page.
pub fn bilan_footer(sheet: &mut Worksheet, year: i32) {
    sheet.set_footer(format!(
        "&L{FOOTER_SIZE}Bilan SPASER {year} — &A&R{FOOTER_SIZE}Page &P / &N"
    ));
}

/// The smallest print scale allowed: Calibri 11 shrunk to no less than 8 pt (§6).
const MIN_PRINT_SCALE: f64 = 8.0 / 11.0;
/// Points a column width unit takes once printed (LibreOffice measured: about 5,6; Excel 5,25).
const PT_PER_WIDTH_UNIT: f64 = 5.62;
/// A4 landscape's width, in points.
const A4_LANDSCAPE_PT: f64 = 841.89;

/// How many pages wide a sheet of columns `widths` wide prints on, so that its text is never
/// shrunk below 8 pt: one when it fits, more for a listing of many columns (Recensement). The
/// columns are laid on pages as a spreadsheet lays them, whole, each page after the first
/// repeating the first column.
pub fn pages_wide(widths: &[f64]) -> u16 {
    let printable = A4_LANDSCAPE_PT - 2.0 * MARGIN_SIDE * 72.0;
    let page = printable / (PT_PER_WIDTH_UNIT * MIN_PRINT_SCALE);
    let repeated = widths.first().copied().unwrap_or_default();
    let (mut pages, mut used) = (1u16, 0.0);
    for width in widths {
        if used > 0.0 && used + width > page {
            pages = pages.saturating_add(1);
            used = repeated;
        }
        used += width;
    }
    pages
}

/// Writes the header row (row 0), sizes the columns, freezes the header and sets up printing.
pub fn begin(sheet: &mut Worksheet, name: &str, columns: &[Column], styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (col, column) in (0u16..).zip(columns) {
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(0, col, &column.header, &styles.header)?;
    }
    fit_height(sheet, 0, columns.iter().map(|c| (c.header.as_str(), c.width)))?;
    sheet.set_freeze_panes(1, 0)?;
    print_setup(sheet, Some(0))?;
    let widths: Vec<f64> = columns.iter().map(|c| c.width).collect();
    let pages = pages_wide(&widths);
    if pages > 1 {
        // Printed over several pages wide: each page shows the row's first column again.
        sheet.set_print_fit_to_pages(pages, 0);
        sheet.set_repeat_columns(0, 0)?;
    }
    Ok(())
}

/// How many lines a wrapped text takes in a column of `width` characters: words wrapped one
/// after the other as Excel and LibreOffice wrap them (an estimate: the file stores no measured
/// heights, and LibreOffice does not grow rows by itself).
pub fn lines_needed(text: &str, width: f64) -> usize {
    let per_line = (width.max(1.0)) as usize;
    text.split('\n')
        .map(|paragraph| wrapped_lines(paragraph, per_line))
        .sum()
}

fn wrapped_lines(paragraph: &str, per_line: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for word in paragraph.split_whitespace() {
        let length = word.chars().count();
        if used > 0 && used + 1 + length <= per_line {
            used += 1 + length;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        // A word longer than the column is broken over as many lines as it needs.
        lines += length.saturating_sub(1) / per_line;
        used = (length - 1) % per_line + 1;
    }
    lines
}

/// Characters of running text a column width unit holds. A width counts Calibri's digit `0`;
/// French text in Calibri (and Carlito, its metric twin) averages narrower: about 1,3 letters
/// per unit measured in LibreOffice's PDF, 1,15 in bold. 1,05 leaves room for bold text and
/// long words, so that a text is never cut by a row too short.
const USABLE_WIDTH: f64 = 1.05;

/// The width to wrap text at in a column of `width` characters.
pub fn usable(width: f64) -> f64 {
    width * USABLE_WIDTH
}

/// Makes a row tall enough for its wrapped texts, given as (text, column width).
pub fn fit_height<'a>(
    sheet: &mut Worksheet,
    row: u32,
    cells: impl IntoIterator<Item = (&'a str, f64)>,
) -> Result<(), XlsxError> {
    let lines = cells
        .into_iter()
        .map(|(text, width)| lines_needed(text, usable(width)))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(row, row_height(lines))?;
    }
    Ok(())
}

/// Makes a row `lines` lines of text high (at most Excel's tallest row).
pub fn set_lines(sheet: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    sheet.set_row_height(row, row_height(lines))?;
    Ok(())
}

/// The height, in points, of a row `lines` lines of text high (a row of one line or none keeps
/// the default height).
pub fn row_height(lines: usize) -> f64 {
    (LINE_HEIGHT * lines.max(1) as f64).min(MAX_ROW_HEIGHT)
}

/// The header row's height, as [`begin`] sets it.
pub fn header_height(columns: &[Column]) -> f64 {
    let lines = columns
        .iter()
        .map(|c| lines_needed(&c.header, usable(c.width)))
        .max()
        .unwrap_or(1);
    row_height(lines)
}

/// Puts the autofilter over the header and `rows` data rows. A table without rows says why in
/// `empty` and prints on one page: its header's first columns and the sentence, never pages of
/// nothing but a header (§6).
pub fn end(
    sheet: &mut Worksheet,
    rows: u32,
    columns: &[Column],
    empty: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    autofilter(sheet, rows, columns.len())?;
    if rows > 0 {
        return Ok(());
    }
    let shown = columns_on_one_page(columns);
    let last_shown = u16::try_from(shown.saturating_sub(1)).unwrap_or(u16::MAX);
    if last_shown > 0 {
        sheet.merge_range(1, 0, 1, last_shown, empty, &styles.wrapped)?;
    } else {
        text(sheet, 1, 0, empty, &styles.wrapped)?;
    }
    let width: f64 = columns.iter().take(shown).map(|c| c.width).sum();
    fit_height(sheet, 1, [(empty, width)])?;
    sheet.set_print_area(0, 0, 1, last_shown)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Puts the autofilter over the header and `rows` rows of `columns` columns.
pub fn autofilter(sheet: &mut Worksheet, rows: u32, columns: usize) -> Result<(), XlsxError> {
    let last_col = u16::try_from(columns.saturating_sub(1)).unwrap_or(u16::MAX);
    sheet.autofilter(0, 0, rows, last_col)?;
    Ok(())
}

/// How many first columns print on one page at 8 pt or more (at least one).
fn columns_on_one_page(columns: &[Column]) -> usize {
    let widths: Vec<f64> = columns.iter().map(|c| c.width).collect();
    let fitting = (1..=widths.len())
        .take_while(|n| pages_wide(&widths[..*n]) == 1)
        .count();
    fitting.max(1)
}

/// Writes input text as a string, never as a formula (`=HYPERLINK(…)` stays text); texts over
/// Excel's limit are cut with an ellipsis.
pub fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str, format: &Format) -> Result<(), XlsxError> {
    write_text(sheet, row, col, value, Some(format))
}

/// [`text`] in the default cell format: for the large one-line tables, where rust_xlsxwriter
/// hashing a format for every cell costs about a tenth of the bilan's time.
pub fn plain_text(sheet: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    write_text(sheet, row, col, value, None)
}

fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    let cut;
    let value = if value.len() > MAX_CELL_CHARS && value.chars().count() > MAX_CELL_CHARS {
        let kept: String = value.chars().take(MAX_CELL_CHARS - 1).collect();
        cut = format!("{kept}…");
        cut.as_str()
    } else {
        value
    };
    match format {
        Some(format) => sheet.write_string_with_format(row, col, value, format)?,
        None => sheet.write_string(row, col, value)?,
    };
    Ok(())
}

/// Writes optional text.
pub fn opt_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&str>,
    format: &Format,
) -> Result<(), XlsxError> {
    value.map_or(Ok(()), |v| text(sheet, row, col, v, format))
}

/// Writes a decimal (the cell holds a number; the format decides how it shows).
pub fn number(sheet: &mut Worksheet, row: u32, col: u16, value: Decimal, format: &Format) -> Result<(), XlsxError> {
    sheet.write_with_format(row, col, value, format)?;
    Ok(())
}

/// Writes an optional decimal.
pub fn opt_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    value.map_or(Ok(()), |v| number(sheet, row, col, v, format))
}

/// A percentage on the 0–100 scale as the fraction Excel's `%` format expects.
pub fn fraction(percent: Decimal) -> Decimal {
    percent / Decimal::ONE_HUNDRED
}

/// `Oui` / `Non` for a boolean cell.
pub fn yes_no(value: bool) -> &'static str {
    if value { "Oui" } else { "Non" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_needs_as_many_lines_as_the_column_width_allows() {
        assert_eq!(lines_needed("", 10.0), 1);
        assert_eq!(lines_needed("0123456789", 10.0), 1);
        assert_eq!(lines_needed("0123456789a", 10.0), 2);
        assert_eq!(lines_needed("a\nb\nc", 10.0), 3);
        assert_eq!(lines_needed("I1.1 partiellement atteint", 14.0), 3, "words are not cut");
        assert_eq!(lines_needed("", 10.0), 1);
    }

    #[test]
    fn a_sheet_prints_one_page_wide_unless_its_text_would_shrink_below_8_pt() {
        assert_eq!(pages_wide(&[20.0; 5]), 1);
        assert_eq!(pages_wide(&[]), 1);
        // Forty columns of 15: several pages wide, not one at 2 pt.
        assert!(pages_wide(&[15.0; 40]) >= 3);
        let printable = A4_LANDSCAPE_PT - 2.0 * MARGIN_SIDE * 72.0;
        for count in [10, 20, 40, 80] {
            let widths = vec![15.0; count];
            let pages = pages_wide(&widths);
            // Every page holds whole columns and repeats the first: the widest page decides.
            let per_page = (widths.len() + usize::from(pages) - 1).div_ceil(usize::from(pages));
            let scale = printable / (per_page as f64 * 15.0 * PT_PER_WIDTH_UNIT);
            assert!(
                11.0 * scale.min(1.0) >= 8.0,
                "{count} columns on {pages} pages: {scale}"
            );
        }
        assert_eq!(pages_wide(&[f64::NAN, 10.0]), 1);
    }
}

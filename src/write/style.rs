//! The look of the bilan: cell formats (French number and date display), status colours, and
//! the conditional formats that colour status cells.
//!
//! Number formats are stored in the file's locale-neutral syntax; a French Excel or LibreOffice
//! shows `#,##0.00\ "€"` as `1 234,56 €` and `dd/mm/yyyy` as `jj/mm/aaaa`.

use crate::model::Status;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// Amounts in euros: `1 234,56 €`.
pub const MONEY: &str = "#,##0.00\\ \"€\"";
/// Dates: `15/11/2024`.
pub const DATE: &str = "dd/mm/yyyy";
/// Date and time: `15/11/2024 14:05`.
pub const DATE_TIME: &str = "dd/mm/yyyy hh:mm";
/// Whole numbers: `12 000`.
pub const INTEGER: &str = "#,##0";
/// Decimals: `1 234,50`.
pub const DECIMAL: &str = "#,##0.00";
/// Percentages stored as fractions: `43,5 %`.
pub const PERCENT: &str = "0.0%";

/// The formats every sheet uses, built once.
#[derive(Debug, Clone)]
pub struct Styles {
    /// Header cells: bold, filled, wrapped.
    pub header: Format,
    /// The title of a sheet.
    pub title: Format,
    /// A sub-title (a block of the Synthèse).
    pub subtitle: Format,
    /// Short text.
    pub text: Format,
    /// Long text, wrapped.
    pub wrapped: Format,
    /// Euros.
    pub money: Format,
    /// Dates.
    pub date: Format,
    /// Date and time.
    pub date_time: Format,
    /// Whole numbers.
    pub integer: Format,
    /// Decimals.
    pub decimal: Format,
    /// Fractions shown as percentages.
    pub percent: Format,
    /// Bold total rows.
    pub total: Format,
    /// Bold percentages (total rows).
    pub total_percent: Format,
}

impl Styles {
    /// Builds the formats.
    pub fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDCE6F1))
                .set_border(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_bold().set_font_size(12),
            text: top.clone(),
            wrapped: top.clone().set_text_wrap(),
            money: top.clone().set_num_format(MONEY),
            date: top.clone().set_num_format(DATE),
            date_time: top.clone().set_num_format(DATE_TIME),
            integer: top.clone().set_num_format(INTEGER),
            decimal: top.clone().set_num_format(DECIMAL),
            percent: top.clone().set_num_format(PERCENT),
            total: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            total_percent: Format::new()
                .set_bold()
                .set_border_top(FormatBorder::Thin)
                .set_num_format(PERCENT),
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Self::new()
    }
}

/// The fill and font colours of a status: green, orange, red, grey.
pub fn status_colours(status: Status) -> (u32, u32) {
    match status {
        Status::Atteint => (0xC6EFCE, 0x006100),
        Status::PartiellementAtteint => (0xFFD8A8, 0x8A4B00),
        Status::NonAtteint => (0xFFC7CE, 0x9C0006),
        Status::NonRenseigne | Status::SansCible => (0xE7E6E6, 0x3A3A3A),
    }
}

/// Colours the status cells of a column range by their label (conditional formatting, so that
/// a pilot who corrects a status by hand sees the colour follow).
pub fn colour_statuses(
    sheet: &mut Worksheet,
    first_row: u32,
    last_row: u32,
    first_col: u16,
    last_col: u16,
) -> Result<(), XlsxError> {
    if last_row < first_row {
        return Ok(());
    }
    for status in [
        Status::Atteint,
        Status::PartiellementAtteint,
        Status::NonAtteint,
        Status::NonRenseigne,
        Status::SansCible,
    ] {
        sheet.add_conditional_format(
            first_row,
            first_col,
            last_row,
            last_col,
            &coloured_when(status.label(), status),
        )?;
    }
    Ok(())
}

/// Colours the severity cells of the Anomalies sheet: erreur red, avertissement orange, info grey.
pub fn colour_severities(sheet: &mut Worksheet, first_row: u32, last_row: u32, col: u16) -> Result<(), XlsxError> {
    if last_row < first_row {
        return Ok(());
    }
    for (label, status) in [
        ("erreur", Status::NonAtteint),
        ("avertissement", Status::PartiellementAtteint),
        ("info", Status::NonRenseigne),
    ] {
        sheet.add_conditional_format(first_row, col, last_row, col, &coloured_when(label, status))?;
    }
    Ok(())
}

/// A conditional format giving cells equal to `label` the colours of `status`.
fn coloured_when(label: &str, status: Status) -> ConditionalFormatCell {
    let (fill, font) = status_colours(status);
    ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::EqualTo(label))
        .set_format(
            Format::new()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font)),
        )
}

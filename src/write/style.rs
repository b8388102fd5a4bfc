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
/// Whole euros, for indicator figures: `25 923 000 €`.
pub const WHOLE_MONEY: &str = "#,##0\\ \"€\"";
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
/// A difference of two percentages, stored in points: `+2,5 pts`, `−8,3 pts`.
pub const POINTS: &str = "\"+\"0.0\" pts\";\"−\"0.0\" pts\";0.0\" pts\"";

/// A status as printed, with its sign: `✔ Atteint`.
pub fn signed(status: Status) -> String {
    match status_sign(status) {
        Some(sign) => format!("{sign} {}", status.label()),
        None => status.label().to_string(),
    }
}

/// The three statuses a row or an action can be marked with, in the order of the columns.
pub const MARKED: [Status; 3] = [Status::Atteint, Status::PartiellementAtteint, Status::NonAtteint];

/// The sign a status carries in print, so that it survives black-and-white printing.
pub fn status_sign(status: Status) -> Option<&'static str> {
    match status {
        Status::Atteint => Some("✔"),
        Status::PartiellementAtteint => Some("◐"),
        Status::NonAtteint => Some("✘"),
        Status::NonRenseigne | Status::SansCible => None,
    }
}

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
    /// « — » where a figure does not exist (a share of nothing), aligned with the figures.
    pub no_figure: Format,
    /// Euros.
    pub money: Format,
    /// Whole euros.
    pub whole_money: Format,
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
    /// Bold euros (total rows).
    pub total_money: Format,
    /// A difference of two percentages, in points: `−8,3 pts`.
    pub points: Format,
    /// A status cell: wrapped, so that `◐ Partiellement atteint` fits a narrow column.
    pub status: Format,
    /// The `X` of a status column, centred, in the status's colours (Atteint, Partiellement
    /// atteint, Non atteint).
    pub marks: [Format; 3],
    /// A fiche's label, merged down over its block.
    pub fiche: Format,
    /// The last row of a fiche's block (its statut retenu).
    pub fiche_total: Format,
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
            no_figure: top.clone().set_align(FormatAlign::Right),
            money: top.clone().set_num_format(MONEY),
            whole_money: top.clone().set_num_format(WHOLE_MONEY),
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
            total_money: Format::new()
                .set_bold()
                .set_border_top(FormatBorder::Thin)
                .set_num_format(MONEY),
            points: top.clone().set_num_format(POINTS),
            status: top.clone().set_text_wrap(),
            marks: MARKED.map(|status| {
                let (fill, font) = status_colours(status);
                Format::new()
                    .set_bold()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::Top)
                    .set_background_color(Color::RGB(fill))
                    .set_font_color(Color::RGB(font))
                    .set_border(FormatBorder::Thin)
            }),
            fiche: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin),
            fiche_total: top
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Medium),
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
            &coloured_when(status.label(), status, status_sign(status)),
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
        sheet.add_conditional_format(first_row, col, last_row, col, &coloured_when(label, status, None))?;
    }
    Ok(())
}

/// A conditional format giving cells equal to `label` the colours of `status` and, when given,
/// a sign shown before the text (`✔ Atteint`; the cell's value stays `Atteint`).
fn coloured_when(label: &str, status: Status, sign: Option<&str>) -> ConditionalFormatCell {
    let (fill, font) = status_colours(status);
    let mut format = Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font));
    if let Some(sign) = sign {
        format = format.set_num_format(format!("\"{sign} \"@"));
    }
    ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::EqualTo(label))
        .set_format(format)
}

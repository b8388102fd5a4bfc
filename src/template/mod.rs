//! `spaser template` (§1): the empty workbooks that services fill — the recensement, and the
//! référentiel with its suivi — generated from the same column catalogue as the reader, so that
//! the template, the reader, the Notice and the validation cannot disagree. Dropdowns and input
//! messages come from [`validation`], the `Notice` sheet from [`notice`].

pub mod notice;
pub mod validation;

use crate::catalogue::{Catalogue, ColumnSpec, ColumnType, SheetKind};
use crate::write::style::{self, Styles};
use crate::write::table::{self, Column};
use crate::write::{self, WriteError};
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

pub use crate::catalogue::own_sheets::{LISTS as LISTS_SHEET, NOTICE as NOTICE_SHEET};

/// Which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    /// The recensement of purchases (§3).
    Recensement,
    /// The référentiel (Actions, Indicateurs) and the yearly Suivi (§4).
    Suivi,
}

impl TemplateKind {
    /// The kinds of sheets it holds, in order.
    pub fn sheets(self) -> &'static [SheetKind] {
        match self {
            TemplateKind::Recensement => &[SheetKind::Recensement],
            TemplateKind::Suivi => &[SheetKind::Actions, SheetKind::Indicateurs, SheetKind::Suivi],
        }
    }

    /// The default file name.
    pub fn default_file_name(self) -> &'static str {
        match self {
            TemplateKind::Recensement => "Modele_recensement_SPASER.xlsx",
            TemplateKind::Suivi => "Modele_suivi_SPASER.xlsx",
        }
    }

    /// Rows prepared (validations, formats) below the header.
    pub fn rows(self) -> u32 {
        match self {
            TemplateKind::Recensement => 5_000,
            TemplateKind::Suivi => 1_000,
        }
    }
}

/// How many yearly `Cible` columns the Indicateurs sheet gets, from the template's year on.
pub const TARGET_YEARS: i32 = 3;

/// One column of a template sheet: its catalogue entry and the header written (a year-suffixed
/// column such as `Cible` is written once per year).
#[derive(Debug, Clone)]
pub struct TemplateColumn<'a> {
    /// The catalogue's column.
    pub spec: &'a ColumnSpec,
    /// The header written.
    pub header: String,
}

/// The columns of one template sheet, in catalogue order.
pub fn columns(catalogue: &Catalogue, kind: SheetKind, year: i32) -> Vec<TemplateColumn<'_>> {
    let mut columns = Vec::new();
    for spec in catalogue.kind(kind).columns.iter().filter(|spec| !spec.folded) {
        if spec.year_suffix {
            for offset in 0..TARGET_YEARS {
                columns.push(TemplateColumn {
                    spec,
                    header: format!("{} {}", spec.label, year + offset),
                });
            }
        } else {
            columns.push(TemplateColumn {
                spec,
                header: spec.label.clone(),
            });
        }
    }
    columns
}

/// Writes the template to `path` (atomically).
pub fn save(kind: TemplateKind, catalogue: &Catalogue, year: i32, path: &Path) -> Result<(), WriteError> {
    let mut workbook = workbook(kind, catalogue, year)?;
    write::save_workbook(&mut workbook, path)
}

/// Builds the template in memory.
pub fn workbook(kind: TemplateKind, catalogue: &Catalogue, year: i32) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let title = match kind {
        TemplateKind::Recensement => "Recensement des achats — modèle SPASER",
        TemplateKind::Suivi => "Référentiel et suivi du SPASER — modèle",
    };
    workbook.set_properties(&DocProperties::new().set_title(title).set_author("spaser"));
    let styles = Styles::new();
    let lists = validation::Lists::new(catalogue);
    for &sheet_kind in kind.sheets() {
        let sheet = workbook.add_worksheet();
        data_sheet(sheet, catalogue, sheet_kind, year, kind.rows(), &lists, &styles)?;
    }
    notice::write(workbook.add_worksheet(), catalogue, kind, year, &styles)?;
    lists.write(workbook.add_worksheet())?;
    Ok(workbook)
}

/// A sheet to fill: header, widths, formats, dropdowns and input messages on `rows` rows.
fn data_sheet(
    sheet: &mut Worksheet,
    catalogue: &Catalogue,
    kind: SheetKind,
    year: i32,
    rows: u32,
    lists: &validation::Lists,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let columns = columns(catalogue, kind, year);
    let table_columns: Vec<Column> = columns
        .iter()
        .map(|c| Column::new(c.header.clone(), width(&c.spec.column_type)))
        .collect();
    table::begin(sheet, &catalogue.kind(kind).sheet, &table_columns, styles)?;
    for (col, column) in (0u16..).zip(&columns) {
        if let Some(format) = cell_format(&column.spec.column_type) {
            sheet.set_column_format(col, &format)?;
        }
        sheet.add_data_validation(0, col, 0, col, &validation::header_message(column)?)?;
        let rule = validation::rule(catalogue, kind, column, lists)?;
        sheet.add_data_validation(1, col, rows, col, &rule)?;
    }
    table::autofilter(sheet, rows, columns.len())
}

/// The number format a column's cells get, so that what services type shows the French way.
fn cell_format(column_type: &ColumnType) -> Option<Format> {
    let number_format = match column_type {
        ColumnType::Amount => style::MONEY,
        ColumnType::Decimal | ColumnType::Percent => style::DECIMAL,
        ColumnType::Date => style::DATE,
        ColumnType::Integer | ColumnType::Year => "0",
        // Kept as text so that leading zeros and dashes survive.
        ColumnType::Siret | ColumnType::Cpv => "@",
        _ => return None,
    };
    Some(Format::new().set_num_format(number_format))
}

fn width(column_type: &ColumnType) -> f64 {
    match column_type {
        ColumnType::Text | ColumnType::Value => 28.0,
        ColumnType::Amount => 16.0,
        ColumnType::Date | ColumnType::Siret => 16.0,
        ColumnType::Enum(_) | ColumnType::Codes => 22.0,
        _ => 13.0,
    }
}

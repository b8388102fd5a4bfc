//! The `Recensement` sheet: every purchase kept for the computations, with all §3 columns,
//! the two derived considerations, its source (Fichier, Ligne) and the extra columns services
//! added. Written row by row in low-memory mode: a million purchases fit. One line per
//! purchase (texts are not wrapped): it is a table to filter, not to read.

use super::style::Styles;
use super::table::{self, Column, fraction, yes_no};
use super::{Document, SHEET_RECENSEMENT, relative};
use crate::catalogue::{ColumnSpec, ColumnType, SheetKind};
use crate::model::Purchase;
use crate::model::purchase::{FieldValue, field_value};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use std::sync::Arc;

/// The last row index Excel accepts.
const EXCEL_LAST_ROW: u32 = 1_048_575;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let specs = &doc.catalogue.kind(SheetKind::Recensement).columns;
    let extras = extra_headers(&doc.inputs.purchases);
    let mut columns: Vec<Column> = specs
        .iter()
        .map(|spec| Column::new(spec.label.clone(), width_of(&spec.column_type)))
        .collect();
    columns.push(Column::new("Considération environnementale", 15.0));
    columns.push(Column::new("Considération sociale", 15.0));
    columns.push(Column::new("Fichier", 30.0));
    columns.push(Column::new("Ligne", 8.0));
    columns.extend(extras.iter().map(|h| Column::new(h.clone(), 20.0)));
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    table::begin(sheet, SHEET_RECENSEMENT, &columns, styles)?;
    let mut row = 0;
    for purchase in &doc.inputs.purchases {
        if row == EXCEL_LAST_ROW - 1 {
            row += 1;
            sheet.write_string(
                row,
                0,
                "Limite d'Excel atteinte : les marchés suivants ne sont pas affichés (ils sont comptés dans les indicateurs).",
            )?;
            break;
        }
        row += 1;
        write_row(sheet, row, purchase, specs, doc, styles, &extras)?;
    }
    table::end(sheet, row, columns.len())
}

/// The bilan's own Recensement sheet when a companion workbook lists the purchases: where they
/// are.
pub fn write_pointer(
    workbook: &mut Workbook,
    doc: &Document<'_>,
    companion: &std::path::Path,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_RECENSEMENT, &[Column::new("Recensement", 110.0)], styles)?;
    let name = companion
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let text = format!(
        "Les {} marchés retenus sont dans le classeur {name}, à côté de ce bilan (mêmes colonnes) : ce bilan reste ainsi rapide à ouvrir.",
        crate::parse::number::format_french(rust_decimal::Decimal::from(doc.inputs.purchases.len()))
    );
    table::text(sheet, 1, 0, &text, &styles.wrapped)?;
    table::end(sheet, 1, 1)
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    purchase: &Purchase,
    specs: &[ColumnSpec],
    doc: &Document<'_>,
    styles: &Styles,
    extras: &[String],
) -> Result<(), XlsxError> {
    let mut col: u16 = 0;
    for spec in specs {
        match field_value(purchase, &spec.key) {
            FieldValue::Missing => {}
            FieldValue::Text(text) => table::plain_text(sheet, row, col, text)?,
            FieldValue::Number(value) => match spec.column_type {
                ColumnType::Amount => table::number(sheet, row, col, value, &styles.money)?,
                ColumnType::Percent => table::number(sheet, row, col, fraction(value), &styles.percent)?,
                ColumnType::Integer | ColumnType::Year => {
                    sheet.write(row, col, value)?;
                }
                _ => table::number(sheet, row, col, value, &styles.decimal)?,
            },
            FieldValue::Date(date) => {
                sheet.write_datetime_with_format(row, col, date, &styles.date)?;
            }
            FieldValue::Bool(value) => table::plain_text(sheet, row, col, yes_no(value))?,
            FieldValue::Codes(codes) => table::plain_text(
                sheet,
                row,
                col,
                &codes.iter().map(|c| c.spelling()).collect::<Vec<_>>().join(", "),
            )?,
        }
        col += 1;
    }
    table::plain_text(sheet, row, col, yes_no(purchase.consideration_env()))?;
    table::plain_text(sheet, row, col + 1, yes_no(purchase.consideration_sociale()))?;
    match &purchase.source {
        // A DECP contract: its path names it, there is no line.
        Some(source) if source.entry.is_some() => {
            let place = format!(
                "{} › {}[{}]",
                relative(&source.file, doc.base),
                source.sheet,
                source.row
            );
            table::plain_text(sheet, row, col + 2, &place)?;
        }
        Some(source) => {
            let file = format!("{} › {}", relative(&source.file, doc.base), source.sheet);
            table::plain_text(sheet, row, col + 2, &file)?;
            sheet.write_number(row, col + 3, source.row + 1)?;
        }
        None => {}
    }
    col += 4;
    for header in extras {
        if let Some((_, value)) = purchase.extras.iter().find(|(h, _)| h == header) {
            table::plain_text(sheet, row, col, value)?;
        }
        col += 1;
    }
    Ok(())
}

/// The extra columns of every recensement, in the order they are first met.
fn extra_headers(purchases: &[Arc<Purchase>]) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for purchase in purchases {
        for (header, _) in &purchase.extras {
            if !headers.contains(header) {
                headers.push(header.clone());
            }
        }
    }
    headers
}

fn width_of(column_type: &ColumnType) -> f64 {
    match column_type {
        ColumnType::Text => 30.0,
        ColumnType::Amount => 15.0,
        ColumnType::Date => 12.0,
        ColumnType::Siret => 16.0,
        ColumnType::Enum(_) => 20.0,
        _ => 11.0,
    }
}

//! The `Recensement` sheet: every purchase kept for the computations, with all §3 columns,
//! the two derived considerations, its source (Fichier, Ligne) and the extra columns services
//! added. Written row by row in low-memory mode: a million purchases fit. One line per
//! purchase (texts are not wrapped): it is a table to filter, not to read.

use super::style::Styles;
use super::table::{self, Column, fraction, yes_no};
use super::{Document, SHEET_RECENSEMENT, relative};
use crate::catalogue::{ColumnSpec, ColumnType, SheetKind};
use crate::model::Purchase;
use crate::model::purchase::{Accessor, FieldValue, accessor};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;
use std::sync::Arc;

/// The last row index Excel accepts.
const EXCEL_LAST_ROW: u32 = 1_048_575;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let specs: Vec<&ColumnSpec> = doc
        .catalogue
        .kind(SheetKind::Recensement)
        .columns
        .iter()
        .filter(|spec| !spec.folded)
        .collect();
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
    // Numbers and dates take their column's format: a format given with each of a million
    // cells costs a lookup each.
    for (col, spec) in (0u16..).zip(&specs) {
        if let Some(format) = column_format(&spec.column_type, styles) {
            sheet.set_column_format(col, format)?;
        }
    }
    let readers: Vec<(Accessor, &ColumnType)> = specs.iter().map(|s| (accessor(&s.key), &s.column_type)).collect();
    let shown = doc.inputs.purchases.len().min(EXCEL_LAST_ROW as usize - 1);
    // One thread finds the rows' cells while this one writes the rows before them: writing is
    // most of what a million-row sheet costs, and it can only be done in order.
    let last = std::thread::scope(|scope| -> Result<u32, XlsxError> {
        let (batches, received) = std::sync::mpsc::sync_channel::<Vec<(u32, u16, Cell)>>(4);
        let purchases = &doc.inputs.purchases[..shown];
        let (readers, extras) = (&readers, &extras);
        scope.spawn(move || {
            let mut files = SourceNames::default();
            for (first, chunk) in (1..).step_by(BATCH).zip(purchases.chunks(BATCH)) {
                let mut batch = Vec::with_capacity(chunk.len() * readers.len());
                for (row, purchase) in (first..).zip(chunk) {
                    row_cells(row, purchase, readers, doc, extras, &mut files, &mut batch);
                }
                // The writer stopped (an error): no more rows are needed.
                if batches.send(batch).is_err() {
                    return;
                }
            }
        });
        for batch in received {
            for (row, col, cell) in batch {
                cell.write(sheet, row, col)?;
            }
        }
        Ok(shown as u32)
    })?;
    let mut row = last;
    if shown < doc.inputs.purchases.len() {
        row += 1;
        sheet.write_string(
            row,
            0,
            "Limite d'Excel atteinte : les marchés suivants ne sont pas affichés (ils sont comptés dans les indicateurs).",
        )?;
    }
    table::end(sheet, row, &columns, "Aucun marché dans les recensements lus.", styles)
}

/// The number or date format of a column's cells.
fn column_format<'a>(column_type: &ColumnType, styles: &'a Styles) -> Option<&'a Format> {
    match column_type {
        ColumnType::Amount => Some(&styles.money),
        ColumnType::Percent => Some(&styles.percent),
        ColumnType::Date => Some(&styles.date),
        ColumnType::Decimal => Some(&styles.decimal),
        _ => None,
    }
}

/// Rows found at a time by the thread that finds cells.
const BATCH: usize = 2_048;

/// One cell of the sheet, ready to be written.
enum Cell<'a> {
    Text(&'a str),
    Shared(Arc<str>),
    Owned(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell<'_> {
    fn write(self, sheet: &mut Worksheet, row: u32, col: u16) -> Result<(), XlsxError> {
        match self {
            Cell::Text(text) => table::plain_text(sheet, row, col, text),
            Cell::Shared(text) => table::plain_text(sheet, row, col, &text),
            Cell::Owned(text) => table::plain_text(sheet, row, col, &text),
            Cell::Number(value) => sheet.write_number(row, col, value).map(drop),
            Cell::Date(date) => sheet.write_datetime(row, col, date).map(drop),
        }
    }
}

/// A decimal as the number Excel stores (an exact decimal too wide for it is written as text).
fn number<'a>(value: Decimal) -> Cell<'a> {
    match value.to_f64() {
        Some(number) => Cell::Number(number),
        None => Cell::Owned(value.to_string()),
    }
}

/// `fichier › feuille` of each source sheet, made once per sheet (its purchases share the
/// sheet's file and name).
#[derive(Default)]
struct SourceNames {
    last: Option<(*const Path, *const str, Arc<str>)>,
}

impl SourceNames {
    fn of(&mut self, file: &Arc<Path>, sheet: &Arc<str>, base: &Path) -> Arc<str> {
        let key = (Arc::as_ptr(file), Arc::as_ptr(sheet));
        match &self.last {
            Some((f, s, name)) if (*f, *s) == key => Arc::clone(name),
            _ => {
                let name: Arc<str> = format!("{} › {}", relative(file, base), sheet).into();
                self.last = Some((key.0, key.1, Arc::clone(&name)));
                name
            }
        }
    }
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
    table::end(sheet, 1, &[Column::new("Recensement", 110.0)], "", styles)
}

fn row_cells<'a>(
    row: u32,
    purchase: &'a Purchase,
    readers: &[(Accessor, &ColumnType)],
    doc: &Document<'_>,
    extras: &[String],
    files: &mut SourceNames,
    cells: &mut Vec<(u32, u16, Cell<'a>)>,
) {
    let mut col: u16 = 0;
    for (read, column_type) in readers {
        let cell = match read(purchase) {
            FieldValue::Missing => None,
            FieldValue::Text(text) => Some(Cell::Text(text)),
            FieldValue::Number(value) => Some(match column_type {
                ColumnType::Percent => number(fraction(value)),
                _ => number(value),
            }),
            FieldValue::Date(date) => Some(Cell::Date(date)),
            FieldValue::Bool(value) => Some(Cell::Text(yes_no(value))),
            FieldValue::Codes(codes) => Some(Cell::Owned(
                codes.iter().map(|c| c.spelling()).collect::<Vec<_>>().join(", "),
            )),
        };
        cells.extend(cell.map(|cell| (row, col, cell)));
        col += 1;
    }
    cells.push((row, col, Cell::Text(yes_no(purchase.consideration_env()))));
    cells.push((row, col + 1, Cell::Text(yes_no(purchase.consideration_sociale()))));
    match &purchase.source {
        // A DECP contract: its path names it, there is no line.
        Some(source) if source.entry.is_some() => {
            let place = format!(
                "{} › {}[{}]",
                relative(&source.file, doc.base),
                source.sheet,
                source.row
            );
            cells.push((row, col + 2, Cell::Owned(place)));
        }
        Some(source) => {
            cells.push((
                row,
                col + 2,
                Cell::Shared(files.of(&source.file, &source.sheet, doc.base)),
            ));
            cells.push((row, col + 3, Cell::Number(f64::from(source.row + 1))));
        }
        None => {}
    }
    col += 4;
    for header in extras {
        if let Some((_, value)) = purchase.extras.iter().find(|(h, _)| h == header) {
            cells.push((row, col, Cell::Text(value)));
        }
        col += 1;
    }
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

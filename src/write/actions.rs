//! The `Actions` sheet: one row per fiche action with its three statuses, the share of its
//! indicators reached, and the year's texts.

use super::style::{self, Styles};
use super::table::{self, Column};
use super::{Document, SHEET_ACTIONS};
use rust_xlsxwriter::{Workbook, XlsxError};

/// Column of *Statut calculé*; the two next are *déclaré* and *retenu*.
const FIRST_STATUS_COL: u16 = 5;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let columns = [
        Column::new("Axe", 24.0),
        Column::new("Orientation", 24.0),
        Column::new("Code FA", 9.0),
        Column::new("Intitulé", 40.0),
        Column::new("Pilote", 18.0),
        Column::new("Statut calculé", 20.0),
        Column::new("Statut déclaré", 20.0),
        Column::new("Statut retenu", 20.0),
        Column::new("Indicateurs atteints", 12.0),
        Column::new("Mise en œuvre", 50.0),
        Column::new("Freins", 40.0),
        Column::new("Solutions", 40.0),
    ];
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_ACTIONS, &columns, styles)?;
    let mut row = 0;
    for result in &doc.bilan.actions {
        row += 1;
        let action = &result.action;
        let (reached, out_of) = result.reached;
        table::opt_text(sheet, row, 0, action.axe.as_deref(), &styles.wrapped)?;
        table::opt_text(sheet, row, 1, action.orientation.as_deref(), &styles.wrapped)?;
        table::text(sheet, row, 2, action.code.spelling(), &styles.text)?;
        table::text(sheet, row, 3, &action.intitule, &styles.wrapped)?;
        table::opt_text(sheet, row, 4, action.pilote.as_deref(), &styles.wrapped)?;
        table::text(sheet, row, 5, result.computed.label(), &styles.text)?;
        table::opt_text(sheet, row, 6, result.declared.map(|s| s.label()), &styles.text)?;
        table::text(sheet, row, 7, result.retained.label(), &styles.text)?;
        if out_of > 0 {
            table::text(sheet, row, 8, &format!("{reached} / {out_of}"), &styles.text)?;
        }
        table::text(sheet, row, 9, &result.mise_en_oeuvre, &styles.wrapped)?;
        table::text(sheet, row, 10, &result.freins, &styles.wrapped)?;
        table::text(sheet, row, 11, &result.solutions, &styles.wrapped)?;
        let wrapped = [
            (0, action.axe.as_deref().unwrap_or_default()),
            (1, action.orientation.as_deref().unwrap_or_default()),
            (3, action.intitule.as_str()),
            (4, action.pilote.as_deref().unwrap_or_default()),
            (9, result.mise_en_oeuvre.as_str()),
            (10, result.freins.as_str()),
            (11, result.solutions.as_str()),
        ];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
    }
    style::colour_statuses(sheet, 1, row, FIRST_STATUS_COL, FIRST_STATUS_COL + 2)?;
    table::end(sheet, row, columns.len())
}

//! The `Actions` sheet: one row per fiche action with its three statuses, the share of its
//! indicators reached, and why it is retained as it is (`Remarque`). The year's texts are in
//! `Bilan par fiche`, row by row.

use super::style::{self, Styles};
use super::table::{self, Column};
use super::{Document, SHEET_ACTIONS, wording};
use rust_xlsxwriter::{Workbook, XlsxError};

/// Column of *Statut calculé*; the two next are *déclaré* and *retenu*.
const FIRST_STATUS_COL: u16 = 5;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let columns = [
        Column::new("Axe", 16.0),
        Column::new("Orientation", 16.0),
        Column::new("Code FA", 9.0),
        Column::new("Intitulé", 30.0),
        Column::new("Pilote", 14.0),
        Column::new("Statut calculé", 15.0),
        Column::new("Statut déclaré", 15.0),
        Column::new("Statut retenu", 15.0),
        Column::new("Indicateurs atteints", 11.0),
        Column::new("Remarque", 34.0),
    ];
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_ACTIONS, &columns, styles)?;
    table::bilan_footer(sheet, doc.bilan.year);
    let mut row = 0;
    for result in &doc.bilan.actions {
        row += 1;
        let action = &result.action;
        let (reached, out_of) = result.reached;
        table::opt_text(sheet, row, 0, action.axe.as_deref(), &styles.wrapped)?;
        table::opt_text(sheet, row, 1, action.orientation.as_deref(), &styles.wrapped)?;
        table::text(sheet, row, 2, action.code.spelling(), &styles.wrapped)?;
        table::text(sheet, row, 3, &action.intitule, &styles.wrapped)?;
        table::opt_text(sheet, row, 4, action.pilote.as_deref(), &styles.wrapped)?;
        table::text(sheet, row, 5, result.computed.label(), &styles.status)?;
        table::opt_text(sheet, row, 6, result.declared.map(|s| s.label()), &styles.status)?;
        table::text(sheet, row, 7, result.retained.label(), &styles.status)?;
        if out_of > 0 {
            table::text(sheet, row, 8, &format!("{reached} / {out_of}"), &styles.text)?;
        }
        let remark = wording::retention(&result.retention, &doc.bilan.indicators, doc.bilan.year);
        table::text(sheet, row, 9, &remark, &styles.wrapped)?;
        let statuses = [Some(result.computed), result.declared, Some(result.retained)]
            .map(|s| s.map(style::signed).unwrap_or_default());
        let wrapped = [
            (0, action.axe.as_deref().unwrap_or_default()),
            (1, action.orientation.as_deref().unwrap_or_default()),
            (3, action.intitule.as_str()),
            (4, action.pilote.as_deref().unwrap_or_default()),
            (5, statuses[0].as_str()),
            (6, statuses[1].as_str()),
            (7, statuses[2].as_str()),
            (9, remark.as_str()),
        ];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
    }
    style::colour_statuses(sheet, 1, row, FIRST_STATUS_COL, FIRST_STATUS_COL + 2)?;
    table::end(
        sheet,
        row,
        &columns,
        "Aucune fiche action lue dans les entrées.",
        styles,
    )
}

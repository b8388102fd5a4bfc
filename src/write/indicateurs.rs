//! The `Indicateurs` sheet: one row per indicator with its target and réalisé for N, its
//! réalisé for N-1, its taux d'atteinte and its status.

use super::style::{self, Styles};
use super::table::{self, Column, fraction};
use super::{Document, SHEET_INDICATEURS};
use crate::compute::IndicatorResult;
use crate::compute::realised::Realised;
use crate::model::{Direction, IndicatorType};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

const STATUS_COL: u16 = 12;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let year = doc.bilan.year;
    let columns = [
        Column::new("Code FA", 9.0),
        Column::new("Code indicateur", 11.0),
        Column::new("Libellé", 45.0),
        Column::new("Type", 12.0),
        Column::new("Unité", 9.0),
        Column::new("Sens", 8.0),
        Column::new("Calcul", 28.0),
        Column::new("Valeur de référence", 13.0),
        Column::new(format!("Cible {year}"), 13.0),
        Column::new(format!("Réalisé {year}"), 13.0),
        Column::new(format!("Réalisé {}", year - 1), 13.0),
        Column::new("Taux d'atteinte", 11.0),
        Column::new("Statut", 20.0),
    ];
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_INDICATEURS, &columns, styles)?;
    let mut row = 0;
    for result in &doc.bilan.indicators {
        row += 1;
        write_row(sheet, row, result, styles)?;
        let calcul = calcul_label(result);
        let wrapped = [(2, result.indicator.libelle.as_str()), (6, calcul.as_str())];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
    }
    style::colour_statuses(sheet, 1, row, STATUS_COL, STATUS_COL)?;
    table::end(sheet, row, columns.len())
}

fn write_row(sheet: &mut Worksheet, row: u32, result: &IndicatorResult, styles: &Styles) -> Result<(), XlsxError> {
    let indicator = &result.indicator;
    table::text(sheet, row, 0, indicator.code_fa.spelling(), &styles.text)?;
    table::text(sheet, row, 1, indicator.code.spelling(), &styles.text)?;
    table::text(sheet, row, 2, &indicator.libelle, &styles.wrapped)?;
    table::text(sheet, row, 3, type_label(indicator.kind), &styles.text)?;
    table::opt_text(sheet, row, 4, indicator.unite.as_deref(), &styles.text)?;
    table::text(sheet, row, 5, direction_label(indicator.sens), &styles.text)?;
    table::text(sheet, row, 6, &calcul_label(result), &styles.wrapped)?;
    let percent = indicator.is_percent();
    let euros = indicator.unite.as_deref().is_some_and(|u| u.contains('€'));
    let value = |v: Decimal| figure(v, percent, euros, styles);
    if let Some(reference) = indicator.reference {
        let (v, f) = value(reference);
        table::number(sheet, row, 7, v, f)?;
    }
    match (result.target, &result.target_text) {
        (Some(target), _) => {
            let (v, f) = value(target);
            table::number(sheet, row, 8, v, f)?;
        }
        (None, Some(text)) => table::text(sheet, row, 8, text, &styles.text)?,
        (None, None) => {}
    }
    for (col, realised) in [(9, &result.realised), (10, &result.realised_previous)] {
        match realised {
            Some(Realised::Number(n)) => {
                let (v, f) = value(*n);
                table::number(sheet, row, col, v, f)?;
            }
            Some(Realised::Text(text)) => table::text(sheet, row, col, text, &styles.text)?,
            None => {}
        }
    }
    table::opt_number(sheet, row, 11, result.progress, &styles.percent)?;
    table::text(sheet, row, STATUS_COL, result.status.label(), &styles.text)
}

/// A figure in its unit: percentages as fractions under a `%` format, euros as money, other
/// figures as whole numbers or decimals.
fn figure(value: Decimal, percent: bool, euros: bool, styles: &Styles) -> (Decimal, &Format) {
    if percent {
        (fraction(value), &styles.percent)
    } else if euros {
        (value, &styles.money)
    } else if value.fract().is_zero() {
        (value, &styles.integer)
    } else {
        (value, &styles.decimal)
    }
}

fn calcul_label(result: &IndicatorResult) -> String {
    let indicator = &result.indicator;
    match (&indicator.calcul, &indicator.filtre) {
        (None, _) => "Saisi dans le suivi".to_string(),
        (Some(calcul), None) => calcul.clone(),
        (Some(calcul), Some(filtre)) => format!("{calcul} ; filtre : {filtre}"),
    }
}

/// The French label of an indicator type.
pub fn type_label(kind: IndicatorType) -> &'static str {
    match kind {
        IndicatorType::Quantitatif => "Quantitatif",
        IndicatorType::Binaire => "Binaire",
        IndicatorType::Qualitatif => "Qualitatif",
    }
}

/// The French label of a direction.
pub fn direction_label(direction: Direction) -> &'static str {
    match direction {
        Direction::Hausse => "Hausse",
        Direction::Baisse => "Baisse",
    }
}

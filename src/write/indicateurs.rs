//! The `Indicateurs` sheet: one row per indicator with its method in French, its reference
//! (and its year), its target and réalisé for N, its réalisé for N-1 and for each earlier year
//! the inputs hold (the trajectory, §10), its *% de la cible*, its *Progression* from the
//! reference, and its status.

use super::style::{self, Styles};
use super::table::{self, Column, fraction};
use super::{Document, SHEET_INDICATEURS, method, wording};
use crate::compute::IndicatorResult;
use crate::compute::realised::Realised;
use crate::model::{Direction, Indicator, IndicatorType};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The first column after the réalisés of N and N-1: the earlier years', then the last three.
const EARLIER_COL: u16 = 12;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let year = doc.bilan.year;
    // Widths chosen so that fitting the page width keeps the text at 8 pt or more (§6).
    let columns = [
        Column::new("Code FA", 7.0),
        Column::new("Code indicateur", 9.0),
        Column::new("Libellé", 20.0),
        Column::new("Type", 10.0),
        Column::new("Unité", 6.0),
        Column::new("Sens", 6.0),
        Column::new("Méthode", 20.0),
        Column::new("Valeur de référence", 10.0),
        Column::new("Année de référence", 8.0),
        Column::new(format!("Cible {year}"), 10.0),
        Column::new(format!("Réalisé {year}"), 10.0),
        Column::new(format!("Réalisé {}", year - 1), 10.0),
    ];
    let earlier = earlier_years(doc);
    let columns: Vec<Column> = columns
        .into_iter()
        .chain(earlier.iter().map(|y| Column::new(format!("Réalisé {y}"), 10.0)))
        .chain([
            Column::new("% de la cible", 8.0),
            Column::new("Progression", 11.0),
            Column::new("Statut", 14.0),
            Column::new("Remarque", 20.0),
        ])
        .collect();
    let status_col = EARLIER_COL + earlier.len() as u16 + 2;
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_INDICATEURS, &columns, styles)?;
    table::bilan_footer(sheet, year);
    let mut row = 0;
    for result in &doc.bilan.indicators {
        row += 1;
        let method = method::describe(&result.indicator, doc.catalogue);
        write_row(sheet, row, result, &method, &earlier, styles)?;
        let remark = wording::indicator_remark(result, year, true);
        let remark_col = status_col + 1;
        table::text(sheet, row, remark_col, &remark, &styles.wrapped)?;
        let wrapped = [
            (2, result.indicator.libelle.as_str()),
            (6, method.as_str()),
            (usize::from(remark_col), remark.as_str()),
        ];
        table::fit_height(sheet, row, wrapped.map(|(col, text)| (text, columns[col].width)))?;
    }
    style::colour_statuses(sheet, 1, row, status_col, status_col)?;
    table::end(
        sheet,
        row,
        &columns,
        "Aucun indicateur lu : ni feuille Indicateurs, ni indicateur décrit dans les fiches action.",
        styles,
    )
}

/// The years before N-1 that the inputs hold, latest first.
fn earlier_years(doc: &Document<'_>) -> Vec<i32> {
    let year = doc.bilan.year;
    doc.bilan
        .years
        .iter()
        .rev()
        .copied()
        .filter(|y| *y < year - 1)
        .collect()
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    result: &IndicatorResult,
    method: &str,
    earlier: &[i32],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let indicator = &result.indicator;
    table::text(sheet, row, 0, indicator.code_fa.spelling(), &styles.text)?;
    table::text(sheet, row, 1, indicator.code.spelling(), &styles.text)?;
    table::text(sheet, row, 2, &indicator.libelle, &styles.wrapped)?;
    table::text(sheet, row, 3, type_label(indicator.kind), &styles.wrapped)?;
    table::opt_text(sheet, row, 4, indicator.unite.as_deref(), &styles.wrapped)?;
    table::text(sheet, row, 5, direction_label(indicator.sens), &styles.text)?;
    table::text(sheet, row, 6, method, &styles.wrapped)?;
    if let Some(reference) = indicator.reference {
        let (v, f) = figure(indicator, reference, styles);
        table::number(sheet, row, 7, v, f)?;
    }
    if let Some(year) = indicator.annee_reference {
        sheet.write_number_with_format(row, 8, year, &styles.text)?;
    }
    write_target(sheet, row, 9, result, styles)?;
    write_realised(sheet, row, 10, indicator, result.realised.as_ref(), styles)?;
    write_realised(sheet, row, 11, indicator, result.realised_previous.as_ref(), styles)?;
    let mut col = EARLIER_COL;
    for year in earlier {
        write_realised(sheet, row, col, indicator, result.realised_in(*year), styles)?;
        col += 1;
    }
    table::opt_number(sheet, row, col, result.share_of_target, &styles.percent)?;
    // The progress from a reference; without one it is the % de la cible again.
    if indicator.reference.is_some() {
        table::opt_number(sheet, row, col + 1, result.progress, &styles.percent)?;
    }
    table::text(sheet, row, col + 2, result.status.label(), &styles.status)
}

/// Cible N: a figure in the indicator's unit, or the text typed for a binary or qualitative one.
pub fn write_target(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    result: &IndicatorResult,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match (result.target, &result.target_text) {
        (Some(target), _) => {
            let (v, f) = figure(&result.indicator, target, styles);
            table::number(sheet, row, col, v, f)
        }
        (None, Some(text)) => table::text(sheet, row, col, text, &styles.wrapped),
        (None, None) => Ok(()),
    }
}

/// A réalisé: a figure in the indicator's unit, or words.
pub fn write_realised(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    indicator: &Indicator,
    realised: Option<&Realised>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match realised {
        Some(Realised::Number(n)) => {
            let (v, f) = figure(indicator, *n, styles);
            table::number(sheet, row, col, v, f)
        }
        Some(Realised::Text(text)) => table::text(sheet, row, col, text, &styles.wrapped),
        None => Ok(()),
    }
}

/// A figure in its indicator's unit: percentages as fractions under a `%` format, euros as
/// whole euros (so that a large total fits its column), other figures as whole numbers or
/// decimals.
pub(super) fn figure<'a>(indicator: &Indicator, value: Decimal, styles: &'a Styles) -> (Decimal, &'a Format) {
    let percent = indicator.is_percent();
    let euros = indicator.unite.as_deref().is_some_and(|u| u.contains('€'));
    if percent {
        (fraction(value), &styles.percent)
    } else if euros {
        (value, &styles.whole_money)
    } else if value.fract().is_zero() {
        (value, &styles.integer)
    } else {
        (value, &styles.decimal)
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

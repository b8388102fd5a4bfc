//! The trajectory on the `Synthèse` (§10): for each computed indicator with targets, its
//! réalisé of every year the inputs hold against its yearly targets up to the scheme's last
//! year — a table (two rows per indicator) and a line chart per indicator, two side by side,
//! on pages of their own after the Synthèse's tables and charts.

use super::indicateurs::figure;
use super::style::Styles;
use super::table;
use super::{Document, SHEET_SYNTHESE};
use crate::compute::IndicatorResult;
use crate::compute::realised::Realised;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartLineDashType, ChartMarker, ChartMarkerType, ChartType, Worksheet,
    XlsxError,
};

/// The size of one chart, in pixels: two side by side within the tables' width.
const CHART_WIDTH: u32 = 480;
const CHART_HEIGHT: u32 = 240;
/// Rows a chart covers (default row height 20 px), and a blank row between.
const CHART_ROWS: u32 = 12;
/// Rows of charts on one printed page: a page break after each, so that no chart is cut.
const CHART_ROWS_PER_PAGE: u32 = 2;

/// Writes the block from row `top`, nothing when no computed indicator has targets; returns
/// the page breaks it needs (the caller sets them with the sheet's others).
pub fn write(sheet: &mut Worksheet, top: u32, doc: &Document<'_>, styles: &Styles) -> Result<Vec<u32>, XlsxError> {
    let shown = shown(doc);
    let Some(years) = span(doc, &shown) else {
        return Ok(Vec::new());
    };
    sheet.write_string_with_format(
        top,
        0,
        "Trajectoire des indicateurs calculés : réalisé de chaque année, cibles jusqu'à la fin du schéma",
        &styles.subtitle,
    )?;
    let header = top + 1;
    sheet.write_string_with_format(header, 0, "Indicateur", &styles.header)?;
    for (col, year) in (1u16..).zip(&years) {
        sheet.write_number_with_format(header, col, *year, &styles.header)?;
    }
    let mut row = header;
    for result in &shown {
        row += 1;
        write_rows(sheet, row, result, &years, styles)?;
        row += 1;
    }
    let charts_top = row + 2;
    let chart_rows = (shown.len() as u32).div_ceil(2);
    let mut breaks = vec![top, charts_top];
    breaks.extend(
        (1..chart_rows.div_ceil(CHART_ROWS_PER_PAGE))
            .map(|page| charts_top + page * CHART_ROWS_PER_PAGE * (CHART_ROWS + 1)),
    );
    for (i, result) in shown.iter().enumerate() {
        let data_row = header + 1 + 2 * i as u32;
        let chart = chart(result, header, data_row, years.len() as u16);
        let (chart_row, chart_col) = (
            charts_top + 1 + (i as u32 / 2) * (CHART_ROWS + 1),
            if i % 2 == 0 { 0 } else { 2 },
        );
        sheet.insert_chart(chart_row, chart_col, &chart)?;
    }
    Ok(breaks)
}

/// The indicators a trajectory shows: computed, with targets.
pub(crate) fn shown<'d>(doc: &'d Document<'_>) -> Vec<&'d IndicatorResult> {
    doc.bilan
        .indicators
        .iter()
        .filter(|r| r.indicator.computation.is_some() && !r.indicator.cibles.is_empty())
        .collect()
}

/// From the first year the inputs hold to the last year with a target (at least N).
pub(crate) fn span(doc: &Document<'_>, shown: &[&IndicatorResult]) -> Option<Vec<i32>> {
    if shown.is_empty() {
        return None;
    }
    let first = doc.bilan.years.first().copied().unwrap_or(doc.bilan.year);
    let last_target = shown
        .iter()
        .filter_map(|r| r.indicator.cibles.keys().next_back().copied())
        .max();
    let last = last_target.unwrap_or(doc.bilan.year).max(doc.bilan.year);
    Some((first.min(last)..=last).collect())
}

/// `I1.1 — réalisé` and `I1.1 — cible`, one value per year.
fn write_rows(
    sheet: &mut Worksheet,
    row: u32,
    result: &IndicatorResult,
    years: &[i32],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let indicator = &result.indicator;
    // The code only: the libellé is the chart's title and in the Indicateurs sheet, and one
    // line per row keeps the table on one printed page.
    table::text(
        sheet,
        row,
        0,
        &format!("{} — réalisé", indicator.code.spelling()),
        &styles.text,
    )?;
    table::text(
        sheet,
        row + 1,
        0,
        &format!("{} — cible", indicator.code.spelling()),
        &styles.text,
    )?;
    for (col, year) in (1u16..).zip(years) {
        if let Some(Realised::Number(value)) = result.realised_in(*year) {
            let (v, f) = figure(indicator, *value, styles);
            table::number(sheet, row, col, v, f)?;
        }
        if let Some(target) = indicator.cibles.get(year) {
            let (v, f) = figure(indicator, *target, styles);
            table::number(sheet, row + 1, col, v, f)?;
        }
    }
    Ok(())
}

/// Whether every réalisé and cible of a percentage indicator is at most 100 %.
fn within_100_percent(result: &IndicatorResult) -> bool {
    let hundred = rust_decimal::Decimal::ONE_HUNDRED;
    let realised = result.trajectory.iter().all(|(_, value)| match value {
        Some(Realised::Number(number)) => *number <= hundred,
        _ => true,
    });
    realised && result.indicator.cibles.values().all(|target| *target <= hundred)
}

fn chart(result: &IndicatorResult, header: u32, data_row: u32, years: u16) -> Chart {
    let indicator = &result.indicator;
    let mut chart = Chart::new(ChartType::Line);
    let title = format!("{} — {}", indicator.code.spelling(), indicator.libelle);
    chart
        .title()
        .set_name(&title)
        .set_overlay(false)
        .set_font(ChartFont::new().set_size(10));
    if indicator.is_percent() {
        chart.y_axis().set_num_format("0%").set_min(0.0);
        if within_100_percent(result) {
            // Shares on 0–100 % (§6.2): a scale of 20–60 % would overstate a change.
            chart.y_axis().set_max(1.0);
        }
    }
    let categories = (SHEET_SYNTHESE, header, 1, header, years);
    chart
        .add_series()
        .set_name("Réalisé")
        .set_categories(categories)
        .set_values((SHEET_SYNTHESE, data_row, 1, data_row, years))
        .set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
    chart
        .add_series()
        .set_name("Cible")
        .set_categories(categories)
        .set_values((SHEET_SYNTHESE, data_row + 1, 1, data_row + 1, years))
        .set_marker(ChartMarker::new().set_type(ChartMarkerType::Square))
        .set_format(
            rust_xlsxwriter::ChartFormat::new()
                .set_line(rust_xlsxwriter::ChartLine::new().set_dash_type(ChartLineDashType::Dash)),
        );
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    chart
}

//! The `Synthèse` sheet: year and generation date, actions by statut retenu (total and per axe,
//! with the taux d'atteinte global), the PNAD panel for N and N-1 (gaps in points), the number
//! of inputs and anomalies, and two charts below the tables, so that printing fits the tables'
//! width.

use super::style::{Styles, status_colours};
use super::table::{self, fraction};
use super::{Document, SHEET_SYNTHESE, wording};
use crate::compute::compliance::ComplianceSummary;
use crate::compute::standard::StandardFigure;
use crate::compute::summary::{COUNTED, PNAD_ENV_TARGET, PNAD_SOCIAL_TARGET, Pnad, StatusCounts};
use crate::diagnostic::Tally;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType, Color, Workbook, Worksheet,
    XlsxError,
};

/// A PNAD share of one year.
type ShareOf = fn(&Pnad) -> Option<Decimal>;

/// Rows and columns of the blocks, so that the charts can point at them.
const STATUS_TABLE_ROW: u32 = 5;
/// The charts' size, in pixels: side by side, within the tables' width.
const CHART_WIDTH: u32 = 480;
const CHART_HEIGHT: u32 = 300;
/// Rows below the charts' top where the next block may start (300 px of 20 px rows, and a gap).
const CHART_ROWS: u32 = 17;
/// Two lines: the headers of the Synthèse tables wrap in their narrow columns.
const HEADER_HEIGHT: f64 = 30.0;

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_SYNTHESE)?;
    sheet.set_column_width(0, 52)?;
    // Wide enough for the generation date and time (`02/12/2026 14:05`), never `###`.
    sheet.set_column_width(1, 17)?;
    sheet.set_column_range_width(2, 6, 14)?;
    table::print_setup(sheet, None)?;
    let bilan = doc.bilan;
    table::bilan_footer(sheet, bilan.year);
    sheet.write_string_with_format(
        0,
        0,
        format!("Bilan annuel du SPASER — année {}", bilan.year),
        &styles.title,
    )?;
    sheet.write_string(1, 0, "Année du bilan")?;
    sheet.write_number_with_format(1, 1, bilan.year, &styles.text)?;
    sheet.write_string(2, 0, "Généré le")?;
    sheet.write_datetime_with_format(2, 1, doc.generated_at, &styles.date_time)?;

    let row = status_block(sheet, &bilan.counts, styles)?;
    let axe_top = row + 2;
    let row = axe_block(sheet, axe_top, &bilan.counts_by_axe, styles)?;
    let row = pnad_block(sheet, row + 2, &bilan.pnad, styles)?;
    // The L.2111-3 figures, the loi Climat and the inputs start the second printed page: the
    // figures' table is never cut in two.
    let standard_top = row + 2;
    let row = standard_block(sheet, standard_top, &bilan.standard, bilan.year, styles)?;
    // The loi Climat panel only when contracts are in its scope (§11, from 21/08/2026): a bilan
    // of an earlier year would show a panel of zeros.
    let in_scope = bilan.compliance.years.iter().any(|(_, tally)| tally.in_scope > 0);
    let row = if in_scope {
        compliance_block(sheet, row + 2, &bilan.compliance, styles)?
    } else {
        row
    };
    let row = inputs_block(sheet, row + 2, doc, styles)?;
    // The charts start a printed page of their own rather than being cut by a page break.
    insert_charts(sheet, row + 2, axe_top + 1, bilan.counts_by_axe.len())?;
    let mut breaks = if bilan.standard.is_empty() {
        vec![row + 1]
    } else {
        vec![standard_top, row + 1]
    };
    breaks.extend(super::trajectoire::write(sheet, row + 2 + CHART_ROWS, doc, styles)?);
    // One call: each call replaces the sheet's page breaks.
    sheet.set_page_breaks(&breaks)?;
    Ok(())
}

/// Actions by statut retenu: count and share, total, taux d'atteinte global. Returns the last row.
fn status_block(sheet: &mut Worksheet, counts: &StatusCounts, styles: &Styles) -> Result<u32, XlsxError> {
    let top = STATUS_TABLE_ROW - 1;
    sheet.write_string_with_format(top, 0, "Actions par statut retenu", &styles.subtitle)?;
    for (col, header) in (0u16..).zip(["Statut retenu", "Nombre d'actions", "Part des actions"]) {
        sheet.write_string_with_format(STATUS_TABLE_ROW, col, header, &styles.header)?;
    }
    sheet.set_row_height(STATUS_TABLE_ROW, HEADER_HEIGHT)?;
    let mut row = STATUS_TABLE_ROW;
    for status in COUNTED {
        row += 1;
        sheet.write_string(row, 0, status.label())?;
        sheet.write_number(row, 1, count(counts.count(status)))?;
        table::opt_number(sheet, row, 2, counts.share(status).map(fraction), &styles.percent)?;
    }
    super::style::colour_statuses(sheet, STATUS_TABLE_ROW + 1, row, 0, 0)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "Total", &styles.total)?;
    sheet.write_number_with_format(row, 1, count(counts.total()), &styles.total)?;
    sheet.write_blank(row, 2, &styles.total)?;
    row += 1;
    sheet.write_string_with_format(
        row,
        0,
        "Taux d'atteinte global (Atteint / actions évaluées)",
        &styles.total,
    )?;
    match counts.global_rate() {
        Some(rate) => table::number(sheet, row, 1, fraction(rate), &styles.total_percent)?,
        None => {
            sheet.write_string_with_format(row, 1, "—", &styles.no_figure)?;
        }
    }
    Ok(row)
}

/// The same counts per axe. Returns the last row.
fn axe_block(
    sheet: &mut Worksheet,
    top: u32,
    by_axe: &[(String, StatusCounts)],
    styles: &Styles,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(top, 0, "Actions par axe et statut retenu", &styles.subtitle)?;
    let header_row = top + 1;
    sheet.write_string_with_format(header_row, 0, "Axe", &styles.header)?;
    for (col, status) in (1u16..).zip(COUNTED) {
        sheet.write_string_with_format(header_row, col, status.label(), &styles.header)?;
    }
    sheet.write_string_with_format(header_row, 5, "Total", &styles.header)?;
    sheet.write_string_with_format(header_row, 6, "Taux d'atteinte", &styles.header)?;
    sheet.set_row_height(header_row, HEADER_HEIGHT)?;
    let mut row = header_row;
    for (axe, counts) in by_axe {
        row += 1;
        table::text(sheet, row, 0, axe, &styles.wrapped)?;
        for (col, status) in (1u16..).zip(COUNTED) {
            sheet.write_number(row, col, count(counts.count(status)))?;
        }
        sheet.write_number(row, 5, count(counts.total()))?;
        table::opt_number(sheet, row, 6, counts.global_rate().map(fraction), &styles.percent)?;
    }
    Ok(row)
}

/// The PNAD 2022-2025 panel: share of notified purchases with an environmental / a social
/// consideration, years N and N-1, against 100 % and 30 %. Returns the last row.
fn pnad_block(sheet: &mut Worksheet, top: u32, pnad: &[Pnad; 2], styles: &Styles) -> Result<u32, XlsxError> {
    let [current, previous] = pnad;
    sheet.write_string_with_format(
        top,
        0,
        "Plan national pour des achats durables (PNAD 2022-2025)",
        &styles.subtitle,
    )?;
    let header_row = top + 1;
    let headers = [
        "Marchés notifiés dans l'année".to_string(),
        "Objectif PNAD 2025".to_string(),
        current.year.to_string(),
        previous.year.to_string(),
        format!("Écart {} à l'objectif", current.year),
    ];
    for (col, header) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(header_row, col, header, &styles.header)?;
    }
    sheet.set_row_height(header_row, HEADER_HEIGHT)?;
    let mut row = header_row + 1;
    sheet.write_string(row, 0, "Nombre de marchés notifiés")?;
    sheet.write_number(row, 2, count(current.notified))?;
    sheet.write_number(row, 3, count(previous.notified))?;
    let shares: [(&str, Decimal, ShareOf); 2] = [
        (
            "Part avec au moins une considération environnementale",
            PNAD_ENV_TARGET,
            Pnad::env_share,
        ),
        (
            "Part avec au moins une considération sociale",
            PNAD_SOCIAL_TARGET,
            Pnad::social_share,
        ),
    ];
    for (label, target, share) in shares {
        row += 1;
        sheet.write_string(row, 0, label)?;
        table::number(sheet, row, 1, fraction(target), &styles.percent)?;
        table::opt_number(sheet, row, 2, share(current).map(fraction), &styles.percent)?;
        table::opt_number(sheet, row, 3, share(previous).map(fraction), &styles.percent)?;
        // A difference of two percentages is in points: 53 % against 100 % is −47,0 pts.
        table::opt_number(
            sheet,
            row,
            4,
            share(current).map(|s| (s - target).round_dp(1)),
            &styles.points,
        )?;
    }
    Ok(row)
}

/// The standard L.2111-3 figures (§6, §10) of N and N-1, as the export publishes them, then
/// the concessions' block when there are concessions. Returns the last row.
fn standard_block(
    sheet: &mut Worksheet,
    top: u32,
    figures: &[StandardFigure],
    year: i32,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    if figures.is_empty() {
        return Ok(top.saturating_sub(2));
    }
    let title = "Chiffres publiés au titre de l'article L.2111-3 (marchés notifiés dans l'année)";
    let table = FigureTable { figures, year };
    let row = table.write(sheet, top, title, &wording::standard_rows(figures), styles)?;
    let concessions = wording::concession_rows(figures);
    if concessions.is_empty() {
        return Ok(row);
    }
    let title = "Concessions (contrats signés dans l'année, comptés à part des marchés)";
    table.write(sheet, row + 2, title, &concessions, styles)
}

/// Published figures of N and N-1, one row per code.
struct FigureTable<'a> {
    figures: &'a [StandardFigure],
    year: i32,
}

impl FigureTable<'_> {
    /// Writes a title, a header and the rows (label, N, N-1). Returns the last row.
    fn write(
        &self,
        sheet: &mut Worksheet,
        top: u32,
        title: &str,
        rows: &[(&str, &str)],
        styles: &Styles,
    ) -> Result<u32, XlsxError> {
        let year = self.year;
        sheet.write_string_with_format(top, 0, title, &styles.subtitle)?;
        let header_row = top + 1;
        for (col, header) in (0u16..).zip(["Chiffre publié".to_string(), year.to_string(), (year - 1).to_string()]) {
            sheet.write_string_with_format(header_row, col, header, &styles.header)?;
        }
        let mut row = header_row;
        for (code, label) in rows {
            row += 1;
            sheet.write_string(row, 0, *label)?;
            for (col, y) in [(1, year), (2, year - 1)] {
                let Some(figure) = self.figures.iter().find(|f| f.code == *code && f.year == y) else {
                    continue;
                };
                match figure.value {
                    Some(value) => {
                        let (value, format) = match figure.unit {
                            "%" => (fraction(value), &styles.percent),
                            "€ HT" => (value, &styles.whole_money),
                            "ETP" => (value, &styles.decimal),
                            _ => (value, &styles.integer),
                        };
                        table::number(sheet, row, col, value, format)?;
                    }
                    // A share of no marché is not 0 %.
                    None => drop(sheet.write_string_with_format(row, col, "—", &styles.no_figure)?),
                }
            }
        }
        Ok(row)
    }
}

/// The loi Climat et résilience (§11): contracts in scope and fully compliant, N and N-1, then
/// year N by service. Returns the last row.
fn compliance_block(
    sheet: &mut Worksheet,
    top: u32,
    summary: &ComplianceSummary,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let words = wording::compliance_words(summary);
    sheet.write_string_with_format(top, 0, words.title, &styles.subtitle)?;
    let header_row = top + 1;
    let [(year, current), (previous_year, previous)] = summary.years;
    let headers = [words.header.to_string(), year.to_string(), previous_year.to_string()];
    for (col, header) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(header_row, col, header, &styles.header)?;
    }
    let mut row = header_row;
    let lines = [
        (words.in_scope, current.in_scope, previous.in_scope),
        ("Pleinement conformes", current.compliant, previous.compliant),
    ];
    for (label, now, before) in lines {
        row += 1;
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, count(now))?;
        sheet.write_number(row, 2, count(before))?;
    }
    row += 1;
    sheet.write_string(row, 0, words.share)?;
    for (col, tally) in [(1, current), (2, previous)] {
        match tally.share() {
            Some(share) => table::number(sheet, row, col, fraction(share), &styles.percent)?,
            // No contract in scope: a share of nothing is not 0 %.
            None => drop(sheet.write_string_with_format(row, col, "—", &styles.no_figure)?),
        }
    }
    if summary.by_service.is_empty() {
        return Ok(row);
    }
    row += 2;
    for (col, header) in (0u16..).zip([
        format!("Par service ({year})"),
        "Concernés".to_string(),
        "Conformes".to_string(),
        "Part conforme".to_string(),
    ]) {
        sheet.write_string_with_format(row, col, &header, &styles.header)?;
    }
    for (service, tally) in &summary.by_service {
        row += 1;
        table::text(sheet, row, 0, service, &styles.wrapped)?;
        sheet.write_number(row, 1, count(tally.in_scope))?;
        sheet.write_number(row, 2, count(tally.compliant))?;
        table::opt_number(sheet, row, 3, tally.share().map(fraction), &styles.percent)?;
    }
    Ok(row)
}

/// Number of inputs and of anomalies by severity.
fn inputs_block(sheet: &mut Worksheet, top: u32, doc: &Document<'_>, styles: &Styles) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(top, 0, "Entrées", &styles.subtitle)?;
    let tally = Tally::of(doc.diagnostics);
    let concessions = doc.inputs.purchases.iter().filter(|p| p.is_concession()).count();
    let mut lines = vec![("Classeurs lus", doc.inputs.sources.len())];
    if concessions > 0 {
        lines.push(("Contrats retenus (recensement)", doc.inputs.purchases.len()));
        lines.push(("… dont contrats de concession", concessions));
    } else {
        lines.push(("Marchés retenus (recensement)", doc.inputs.purchases.len()));
    }
    lines.extend([
        ("Anomalies : erreurs", tally.errors),
        ("Anomalies : avertissements", tally.warnings),
        ("Anomalies : informations", tally.infos),
    ]);
    let mut row = top;
    for (label, value) in lines {
        row += 1;
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, count(value))?;
    }
    row += 1;
    sheet.write_string(
        row,
        0,
        "Le détail des anomalies est dans la feuille Anomalies ; les lignes en erreur sont exclues des calculs.",
    )?;
    if let Some(companion) = doc.companion {
        row += 1;
        let name = companion
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        sheet.write_string(
            row,
            0,
            format!("Les marchés retenus sont listés dans {name}, à côté de ce bilan."),
        )?;
    }
    Ok(row)
}

/// Below the tables at `top`: a pie of the statuses and, when there are several axes, a stacked
/// bar per axe beside it.
fn insert_charts(sheet: &mut Worksheet, top: u32, axe_header: u32, axes: usize) -> Result<(), XlsxError> {
    let first = STATUS_TABLE_ROW + 1;
    let last = STATUS_TABLE_ROW + COUNTED.len() as u32;
    let mut pie = Chart::new(ChartType::Pie);
    pie.title().set_name("Actions par statut retenu");
    pie.legend().set_position(ChartLegendPosition::Right);
    let colours: Vec<Color> = COUNTED.iter().map(|s| Color::RGB(status_colours(*s).0)).collect();
    pie.add_series()
        .set_categories((SHEET_SYNTHESE, first, 0, last, 0))
        .set_values((SHEET_SYNTHESE, first, 1, last, 1))
        .set_point_colors(&colours)
        .set_data_label(ChartDataLabel::new().show_value());
    pie.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    sheet.insert_chart(top, 0, &pie)?;
    if axes < 2 {
        return Ok(());
    }
    let (axe_first, axe_last) = (axe_header + 1, axe_header + axes as u32);
    let mut bars = Chart::new(ChartType::BarStacked);
    bars.title().set_name("Actions par axe");
    for (col, status) in (1u16..).zip(COUNTED) {
        bars.add_series()
            .set_name((SHEET_SYNTHESE, axe_header, col))
            .set_categories((SHEET_SYNTHESE, axe_first, 0, axe_last, 0))
            .set_values((SHEET_SYNTHESE, axe_first, col, axe_last, col))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(status_colours(status).0))),
            );
    }
    bars.legend().set_position(ChartLegendPosition::Bottom);
    bars.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    sheet.insert_chart(top, 2, &bars)?;
    Ok(())
}

fn count(value: usize) -> f64 {
    value as f64
}

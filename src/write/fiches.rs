//! The `Bilan par fiche` sheet, the committee's own table (§6, the layout of seed 001): for
//! each fiche action a block whose first column is its full label, merged down over the block
//! on each printed page it lies on (a block is kept on one page when it fits, see `paging`);
//! one row per indicator or objective with its wording, its target and réalisé for N, an `X`
//! under the status that counts for it (or, when none, the reason in `Remarque`) and its own
//! texts in full; a last row with the fiche's statut retenu, why, and the action's own texts. A
//! text longer than a row can show goes on over continuation rows, never cut.

use super::indicateurs::{write_realised, write_target};
use super::paging::Pager;
use super::style::{self, MARKED, Styles};
use super::table::{self, Column, lines_needed};
use super::{Document, SHEET_BILAN_PAR_FICHE, wording};
use crate::compute::lines::{About, Line, Texts};
use crate::compute::{ActionResult, Bilan, IndicatorResult};
use crate::model::Status;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// Lines of text a row holds at most: Excel's tallest row (409 pt) at 15 pt a line, with room.
const MAX_LINES: usize = 26;

const LABEL: u16 = 0;
const WORDING: u16 = 1;
const TARGET: u16 = 2;
const REALISED: u16 = 3;
const FIRST_MARK: u16 = 4;
const REMARK: u16 = 7;
const FIRST_TEXT: u16 = 8;

fn columns(year: i32) -> [Column; 11] {
    [
        Column::new("Fiche action", 19.0),
        Column::new(format!("Objectifs / indicateurs {year}"), 25.0),
        Column::new(format!("Cible {year}"), 11.0),
        Column::new(format!("Réalisé {year}"), 11.0),
        Column::new("Atteint", 8.0),
        Column::new("Partiellement atteint", 13.0),
        Column::new("Non atteint", 8.0),
        Column::new("Remarque", 14.0),
        Column::new(format!("Actions / Mise en œuvre {year}"), 24.0),
        Column::new("Freins / pourquoi ?", 19.0),
        Column::new("Solutions", 19.0),
    ]
}

/// One row of a block before it is laid out over one or several sheet rows.
struct BlockRow<'a> {
    wording: String,
    indicator: Option<&'a IndicatorResult>,
    mark: Status,
    remark: String,
    texts: &'a Texts,
    last: bool,
}

/// Writes the sheet.
pub fn write(workbook: &mut Workbook, doc: &Document<'_>, styles: &Styles) -> Result<(), XlsxError> {
    let columns = columns(doc.bilan.year);
    let sheet = workbook.add_worksheet();
    table::begin(sheet, SHEET_BILAN_PAR_FICHE, &columns, styles)?;
    table::bilan_footer(sheet, doc.bilan.year);
    let width = columns.iter().map(|c| c.width).sum();
    let mut pager = Pager::fitted(width, table::header_height(&columns));
    let mut row = 1;
    for action in &doc.bilan.actions {
        row = write_block(sheet, row, action, doc.bilan, &columns, styles, &mut pager)?;
    }
    sheet.set_page_breaks(pager.breaks())?;
    Ok(())
}

/// Writes one fiche's block from `top`; returns the row after it.
fn write_block(
    sheet: &mut Worksheet,
    top: u32,
    action: &ActionResult,
    bilan: &Bilan,
    columns: &[Column],
    styles: &Styles,
    pager: &mut Pager,
) -> Result<u32, XlsxError> {
    let rows: Vec<BlockRow<'_>> = action
        .lines
        .iter()
        .map(|line| line_row(line, &bilan.indicators, bilan.year))
        .chain(std::iter::once(BlockRow {
            wording: format!("Statut retenu de la fiche : {}", style::signed(action.retained)),
            indicator: None,
            mark: action.retained,
            remark: wording::retention(&action.retention, &bilan.indicators, bilan.year),
            texts: &action.own_texts,
            last: true,
        }))
        .collect();
    let mut row = top;
    let mut lines: Vec<usize> = Vec::new();
    for block_row in &rows {
        let (next, used) = write_row(sheet, row, block_row, columns, styles)?;
        row = next;
        lines.extend(used);
    }
    let label = format!("{} – {}", action.action.code, action.action.intitule);
    let label_lines = lines_needed(&label, table::usable(columns[usize::from(LABEL)].width));
    let total: usize = lines.iter().sum();
    if let Some(last) = lines.last_mut()
        && label_lines > total
    {
        // The merged label needs more height than its rows give: the last row takes it.
        *last += label_lines - total;
        table::set_lines(sheet, row - 1, *last)?;
    }
    let heights: Vec<f64> = lines.iter().map(|l| table::row_height(*l)).collect();
    // The label on each page the block lies on, so that a page never starts without its fiche.
    for (first, last) in pager.place(top, &heights) {
        if last > first {
            sheet.merge_range(first, LABEL, last, LABEL, &label, &styles.fiche)?;
        } else {
            table::text(sheet, first, LABEL, &label, &styles.fiche)?;
        }
    }
    Ok(row)
}

fn line_row<'a>(line: &'a Line, indicators: &'a [IndicatorResult], year: i32) -> BlockRow<'a> {
    let (wording, indicator) = match &line.about {
        About::Indicator(index) => {
            let result = indicators.get(*index);
            let wording = result.map_or_else(String::new, |r| format!("{} {}", r.indicator.code, r.indicator.libelle));
            (wording, result)
        }
        About::Objective(text) => (text.clone(), None),
    };
    BlockRow {
        wording,
        indicator,
        mark: line.status,
        remark: match (line.unassessed, indicator) {
            (Some(reason), _) => wording::unassessed(reason, year),
            (None, Some(result)) => wording::indicator_remark(result, year, false),
            (None, None) => String::new(),
        },
        texts: &line.texts,
        last: false,
    }
}

/// Writes a block row over as many sheet rows as its longest text needs; returns the next row
/// and the lines of text of each sheet row written.
fn write_row(
    sheet: &mut Worksheet,
    top: u32,
    block_row: &BlockRow<'_>,
    columns: &[Column],
    styles: &Styles,
) -> Result<(u32, Vec<usize>), XlsxError> {
    let format = if block_row.last {
        &styles.fiche_total
    } else {
        &styles.wrapped
    };
    let width = |col: u16| columns[usize::from(col)].width;
    let texts = [
        (WORDING, block_row.wording.as_str()),
        (REMARK, block_row.remark.as_str()),
        (
            FIRST_TEXT,
            block_row.texts.mise_en_oeuvre.as_deref().unwrap_or_default(),
        ),
        (FIRST_TEXT + 1, block_row.texts.freins.as_deref().unwrap_or_default()),
        (FIRST_TEXT + 2, block_row.texts.solutions.as_deref().unwrap_or_default()),
    ];
    let chunks: Vec<(u16, Vec<&str>)> = texts
        .iter()
        .map(|(col, text)| (*col, split_for_rows(text, table::usable(width(*col)), MAX_LINES)))
        .collect();
    let rows = chunks.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(1);
    let mut used = Vec::with_capacity(rows);
    for offset in 0..rows {
        let row = top + offset as u32;
        if block_row.last {
            // The statut retenu row is ruled across the whole block.
            for col in WORDING..=FIRST_TEXT + 2 {
                sheet.write_blank(row, col, format)?;
            }
        }
        let mut cells: Vec<(&str, f64)> = Vec::new();
        for (col, parts) in &chunks {
            let text = match parts.get(offset) {
                Some(part) => *part,
                None if *col == WORDING && offset > 0 => "(suite)",
                None => "",
            };
            table::text(sheet, row, *col, text, format)?;
            cells.push((text, width(*col)));
        }
        used.push(
            cells
                .iter()
                .map(|(t, w)| lines_needed(t, table::usable(*w)))
                .max()
                .unwrap_or(1),
        );
        table::fit_height(sheet, row, cells)?;
        if offset == 0 {
            write_figures_and_mark(sheet, row, block_row, styles)?;
        }
    }
    Ok((top + rows as u32, used))
}

fn write_figures_and_mark(
    sheet: &mut Worksheet,
    row: u32,
    block_row: &BlockRow<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    if let Some(result) = block_row.indicator {
        write_target(sheet, row, TARGET, result, styles)?;
        write_realised(
            sheet,
            row,
            REALISED,
            &result.indicator,
            result.realised.as_ref(),
            styles,
        )?;
    }
    if let Some(index) = MARKED.iter().position(|s| *s == block_row.mark) {
        sheet.write_string_with_format(row, FIRST_MARK + index as u16, "X", &styles.marks[index])?;
    }
    Ok(())
}

/// Splits a text into parts of at most `max_lines` wrapped lines in a column of `width`
/// characters, cutting only between words; the parts put back together are the text.
pub fn split_for_rows(text: &str, width: f64, max_lines: usize) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (at, _) in text
        .match_indices(char::is_whitespace)
        .chain(std::iter::once((text.len(), "")))
    {
        if lines_needed(text[start..at].trim(), width) > max_lines && end > start {
            parts.push(text[start..end].trim());
            start = end;
        }
        end = at;
    }
    parts.push(text[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_split_between_words_and_nothing_is_lost() {
        let text = "mot ".repeat(400);
        let parts = split_for_rows(text.trim(), 20.0, 10);
        assert!(parts.len() > 1, "{parts:?}");
        assert!(parts.iter().all(|p| lines_needed(p, 20.0) <= 10), "{parts:?}");
        assert_eq!(parts.join(" "), text.trim());
        assert_eq!(split_for_rows("court", 20.0, 10), ["court"]);
        assert!(split_for_rows("", 20.0, 10).is_empty());
    }
}

//! The fiches by axe, each as the committee's grid of seed 001: objectif or indicateur, cible,
//! réalisé, an X under Atteint, Partiellement atteint or Non atteint, Mise en œuvre, Freins,
//! Solutions — texts in full, rows breaking across pages, the header repeated — then the fiche's
//! statut retenu and why.

use super::{MARKED, TABLE_TEXT, TEXT_WIDTH, cell, centred, lines, table, text, title};
use crate::compute::lines::{About, Line, Texts};
use crate::compute::{ActionResult, Bilan};
use crate::write::style::signed;
use crate::write::{Document, wording};
use docx_rs::{Docx, Paragraph, Run, TableCell, TableRow, WidthType};

/// Column widths, in hundredths of the text width: with the Cible and Réalisé columns, and
/// without them for a fiche that has no figure (the objectives of last year's bilan table),
/// whose texts take their room.
const SHARES: [usize; 9] = [24, 8, 8, 6, 7, 6, 14, 14, 13];
const SHARES_WITHOUT_FIGURES: [usize; 9] = [26, 0, 0, 6, 7, 6, 19, 18, 18];

fn widths(figures: bool) -> [usize; 9] {
    let shares = if figures { SHARES } else { SHARES_WITHOUT_FIGURES };
    shares.map(|share| TEXT_WIDTH * share / 100)
}

/// Every fiche, under its axe's heading.
pub fn fiches(docx: Docx, doc: &Document<'_>) -> Docx {
    let bilan = doc.bilan;
    let mut docx =
        docx.add_paragraph(title(1, &format!("Les fiches action en {}", bilan.year)).page_break_before(true));
    let mut current_axe: Option<&str> = None;
    for action in &bilan.actions {
        // A scheme without axes has no axe heading.
        if let Some(axe) = action.action.axe.as_deref()
            && current_axe != Some(axe)
        {
            docx = docx.add_paragraph(title(2, axe));
            current_axe = Some(axe);
        }
        docx = fiche(docx, action, bilan);
    }
    docx
}

fn fiche(docx: Docx, action: &ActionResult, bilan: &Bilan) -> Docx {
    let figures = action
        .lines
        .iter()
        .any(|line| matches!(line.about, About::Indicator(_)));
    let widths = widths(figures);
    let year = bilan.year;
    let label = format!("{} – {}", action.action.code, action.action.intitule);
    let mut rows: Vec<Vec<TableCell>> = action.lines.iter().map(|line| line_row(line, bilan, &widths)).collect();
    if has_text(&action.own_texts) {
        rows.push(texts_row("La fiche dans son ensemble", &action.own_texts, &widths));
    }
    let rows: Vec<TableRow> = rows
        .into_iter()
        .map(|cells| {
            let mut cells: Vec<Option<TableCell>> = cells.into_iter().map(Some).collect();
            TableRow::new(shown(figures).iter().filter_map(|&i| cells[i].take()).collect())
        })
        .collect();
    let headers = [
        "Objectif / indicateur",
        "Cible",
        "Réalisé",
        "Atteint",
        "Partiel-lement atteint",
        "Non atteint",
        &format!("Mise en œuvre {year}"),
        "Freins / pourquoi ?",
        "Solutions",
    ];
    let why = wording::retention(&action.retention, &bilan.indicators, year);
    let mut verdict = Paragraph::new().add_run(
        Run::new()
            .bold()
            .add_text(format!("Statut retenu de la fiche : {}", signed(action.retained))),
    );
    if !why.is_empty() {
        verdict = verdict.add_run(Run::new().add_text(format!(" — {why}")));
    }
    let docx = docx.add_paragraph(title(3, &format!("{label} — {}", signed(action.retained))));
    let docx = if rows.is_empty() {
        docx.add_paragraph(text("Ni indicateur ni objectif suivi pour cette fiche."))
    } else {
        let headers: Vec<&str> = shown(figures).iter().map(|&i| headers[i]).collect();
        let widths: Vec<usize> = shown(figures).iter().map(|&i| widths[i]).collect();
        docx.add_table(table(&headers, &widths, rows))
    };
    docx.add_paragraph(verdict)
}

/// The grid's columns shown: all nine, or without Cible and Réalisé.
fn shown(figures: bool) -> &'static [usize] {
    if figures {
        &[0, 1, 2, 3, 4, 5, 6, 7, 8]
    } else {
        &[0, 3, 4, 5, 6, 7, 8]
    }
}

fn has_text(texts: &Texts) -> bool {
    texts.mise_en_oeuvre.is_some() || texts.freins.is_some() || texts.solutions.is_some()
}

/// One row of the grid, its nine cells: the wording and, below it, why it has its status.
fn line_row(line: &Line, bilan: &Bilan, widths: &[usize; 9]) -> Vec<TableCell> {
    let (wording, result) = match &line.about {
        About::Indicator(index) => {
            let result = bilan.indicators.get(*index);
            let wording = result.map_or_else(String::new, |r| r.indicator.libelle.clone());
            (wording, result)
        }
        About::Objective(text) => (text.clone(), None),
    };
    let reason = match (line.unassessed, result) {
        (Some(reason), _) => wording::unassessed(reason, bilan.year),
        (None, Some(result)) => wording::indicator_reason(result),
        (None, None) => format!("statut déclaré : {}", line.status.label().to_lowercase()),
    };
    let mut first = lines(&wording, TABLE_TEXT).into_iter().fold(
        TableCell::new().width(widths[0], WidthType::Dxa),
        TableCell::add_paragraph,
    );
    first = first.add_paragraph(Paragraph::new().add_run(Run::new().size(TABLE_TEXT).italic().add_text(reason)));
    let figure = |text: Option<String>| text.unwrap_or_default();
    let mut cells = vec![
        first,
        centred(&figure(result.and_then(wording::target_text)), widths[1]),
        centred(&figure(result.and_then(wording::realised_text)), widths[2]),
    ];
    cells.extend(
        MARKED
            .iter()
            .zip(&widths[3..6])
            .map(|(status, width)| centred(if line.status == *status { "X" } else { "" }, *width)),
    );
    cells.extend(text_cells(&line.texts, widths));
    cells
}

fn texts_row(label: &str, texts: &Texts, widths: &[usize; 9]) -> Vec<TableCell> {
    let mut cells = vec![cell(label, widths[0])];
    cells.extend(widths[1..6].iter().map(|w| cell("", *w)));
    cells.extend(text_cells(texts, widths));
    cells
}

fn text_cells(texts: &Texts, widths: &[usize; 9]) -> Vec<TableCell> {
    [&texts.mise_en_oeuvre, &texts.freins, &texts.solutions]
        .iter()
        .zip(&widths[6..])
        .map(|(text, width)| cell(text.as_deref().unwrap_or_default(), *width))
        .collect()
}

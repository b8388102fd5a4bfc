//! The fiches by axe, each as the committee's grid of seed 001: objectif or indicateur, cible,
//! réalisé, an X under Atteint, Partiellement atteint or Non atteint, Mise en œuvre, Freins,
//! Solutions — texts in full, rows breaking across pages, the header repeated — then the fiche's
//! statut retenu and why.

use super::content::MARKED;
use super::{TABLE_TEXT, TEXT_WIDTH, cell, centred, lines, table, text, title};
use crate::compute::lines::{About, Line, Texts};
use crate::compute::{ActionResult, Bilan};
use crate::write::style::signed;
use crate::write::{Document, wording};
use docx_rs::{Docx, Paragraph, Run, TableCell, TableRow, WidthType};

/// Column widths, in hundredths of the text width.
const SHARES: [usize; 9] = [24, 8, 8, 6, 7, 6, 14, 14, 13];

fn widths() -> [usize; 9] {
    SHARES.map(|share| TEXT_WIDTH * share / 100)
}

/// Every fiche, under its axe's heading.
pub fn fiches(docx: Docx, doc: &Document<'_>) -> Docx {
    let bilan = doc.bilan;
    let mut docx =
        docx.add_paragraph(title(1, &format!("Les fiches action en {}", bilan.year)).page_break_before(true));
    let mut current_axe: Option<&str> = None;
    for action in &bilan.actions {
        let axe = action.action.axe.as_deref().unwrap_or("Sans axe");
        if current_axe != Some(axe) {
            docx = docx.add_paragraph(title(2, axe));
            current_axe = Some(axe);
        }
        docx = fiche(docx, action, bilan);
    }
    docx
}

fn fiche(docx: Docx, action: &ActionResult, bilan: &Bilan) -> Docx {
    let widths = widths();
    let year = bilan.year;
    let label = format!("{} – {}", action.action.code, action.action.intitule);
    let mut rows: Vec<TableRow> = action.lines.iter().map(|line| line_row(line, bilan, &widths)).collect();
    if has_text(&action.own_texts) {
        rows.push(texts_row("La fiche dans son ensemble", &action.own_texts, &widths));
    }
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
        docx.add_table(table(&headers, &widths, rows))
    };
    docx.add_paragraph(verdict)
}

fn has_text(texts: &Texts) -> bool {
    texts.mise_en_oeuvre.is_some() || texts.freins.is_some() || texts.solutions.is_some()
}

/// One row of the grid: the wording and, below it, why it has its status.
fn line_row(line: &Line, bilan: &Bilan, widths: &[usize; 9]) -> TableRow {
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
    first = first.add_paragraph(Paragraph::new().add_run(Run::new().size(TABLE_TEXT - 2).italic().add_text(reason)));
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
    TableRow::new(cells)
}

fn texts_row(label: &str, texts: &Texts, widths: &[usize; 9]) -> TableRow {
    let mut cells = vec![cell(label, widths[0])];
    cells.extend(widths[1..6].iter().map(|w| cell("", *w)));
    cells.extend(text_cells(texts, widths));
    TableRow::new(cells)
}

fn text_cells(texts: &Texts, widths: &[usize; 9]) -> Vec<TableCell> {
    [&texts.mise_en_oeuvre, &texts.freins, &texts.solutions]
        .iter()
        .zip(&widths[6..])
        .map(|(text, width)| cell(text.as_deref().unwrap_or_default(), *width))
        .collect()
}

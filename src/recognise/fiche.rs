//! Recognising a fiche action in vertical form (§4.2): a sheet whose first 60 rows hold an
//! action heading (`Action n°3`, `Fiche action 2.1`, `FA 4`, or `Action` with its code beside)
//! and at least two other fiche labels, each on its own row. Finds where the heading, each
//! label (with the year it names) and each follow-up table are; reading their values is
//! validation's. The labels' spellings are data (`[[fiche]]` in `templates/catalogue.toml`).

use crate::catalogue::Catalogue;
use crate::model::Code;
use crate::normalise::{clean_text, normalise};
use crate::parse::identifiers::fa_label;
use crate::read::{CellValue, Grid};

/// The heading and the labels are looked for among this many first rows.
pub const FICHE_SEARCH_ROWS: u32 = 60;
/// A fiche has its heading and at least this many other labels.
const MIN_LABELS: usize = 2;

/// The kinds of indicator lines, each coded with its letter (`FA3-R1`, `FA3-E2`, `FA3-S1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorLine {
    /// `Indicateur(s) de réalisation`: `R`.
    Realisation,
    /// `Indicateur(s) d'effet(s)`: `E`.
    Effet,
    /// `Indicateurs de suivi annuel`: `S`.
    Suivi,
}

impl IndicatorLine {
    /// The letter of the indicator codes.
    pub fn letter(self) -> char {
        match self {
            IndicatorLine::Realisation => 'R',
            IndicatorLine::Effet => 'E',
            IndicatorLine::Suivi => 'S',
        }
    }
}

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Intitulé / Titre.
    Intitule,
    /// Axe.
    Axe,
    /// Orientation / Objectif / Enjeu.
    Orientation,
    /// Descriptif de l'action.
    Descriptif,
    /// Résultats attendus.
    ResultatsAttendus,
    /// A list of indicator lines.
    Indicators(IndicatorLine),
    /// Pilote.
    Pilote,
    /// Partenaires.
    Partenaires,
    /// A section title (`Suivi annuel`), without value.
    Section,
    /// Réalisé / Résultat of a year.
    Realise,
    /// Cible of a year.
    Cible,
    /// Statut / État d'avancement of a year.
    Statut,
    /// Mise en œuvre of a year.
    MiseEnOeuvre,
    /// Freins.
    Freins,
    /// Solutions.
    Solutions,
    /// A follow-up table's year column.
    Annee,
    /// A follow-up table's indicator column.
    Indicateur,
}

impl Field {
    fn from_key(key: &str) -> Option<Field> {
        Some(match key {
            "intitule" => Field::Intitule,
            "axe" => Field::Axe,
            "orientation" => Field::Orientation,
            "descriptif" => Field::Descriptif,
            "resultats_attendus" => Field::ResultatsAttendus,
            "indicateurs_realisation" => Field::Indicators(IndicatorLine::Realisation),
            "indicateurs_effet" => Field::Indicators(IndicatorLine::Effet),
            "indicateurs_suivi" => Field::Indicators(IndicatorLine::Suivi),
            "pilote" => Field::Pilote,
            "partenaires" => Field::Partenaires,
            "suivi_annuel" => Field::Section,
            "realise" => Field::Realise,
            "cible" => Field::Cible,
            "statut" => Field::Statut,
            "mise_en_oeuvre" => Field::MiseEnOeuvre,
            "freins" => Field::Freins,
            "solutions" => Field::Solutions,
            "annee" => Field::Annee,
            "indicateur" => Field::Indicateur,
            _ => return None,
        })
    }

    /// Whether the field heads a follow-up table's column.
    fn in_table(self) -> bool {
        matches!(
            self,
            Field::Annee
                | Field::Indicateur
                | Field::Realise
                | Field::Cible
                | Field::Statut
                | Field::MiseEnOeuvre
                | Field::Freins
                | Field::Solutions
        )
    }

    /// Whether the field only heads a table column and is no label of its own.
    fn table_only(self) -> bool {
        matches!(self, Field::Annee | Field::Indicateur)
    }
}

/// The action heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The code it carries (`None` for a bare `Action` label: the code is beside it).
    pub code: Option<Code>,
    /// The wording after the code (`FA 4 – Augmenter…`), empty when none.
    pub wording: String,
}

/// A label found on the fiche.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What it announces.
    pub field: Field,
    /// 0-based row.
    pub row: u32,
    /// 0-based column of the label cell.
    pub col: u32,
    /// The year it names (`Réalisé 2024`).
    pub year: Option<i32>,
    /// A value written in the label cell after `:` (`Pilote : DCP`).
    pub inline: Option<String>,
}

/// A follow-up table on the fiche: its header row, its columns and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// 0-based header row.
    pub header_row: u32,
    /// What each column holds.
    pub columns: Vec<(Field, u32)>,
    /// 0-based data rows.
    pub rows: Vec<u32>,
}

/// A recognised fiche.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FicheLayout {
    /// The action heading.
    pub heading: Heading,
    /// The labels, in row order.
    pub labels: Vec<Label>,
    /// The follow-up tables.
    pub tables: Vec<Table>,
    /// A title row above the heading (a single cell): the fiche's axe when no label gives one.
    pub title: Option<(u32, u32)>,
}

impl FicheLayout {
    /// Whether a row holds the heading, a label or a table: where a label's value below stops.
    pub fn is_boundary(&self, row: u32) -> bool {
        row == self.heading.row
            || self.labels.iter().any(|l| l.row == row)
            || self.tables.iter().any(|t| t.header_row == row || t.rows.contains(&row))
    }
}

/// The labels' spellings, as word lists.
struct Labels {
    entries: Vec<(Field, Vec<String>)>,
}

impl Labels {
    fn new(catalogue: &Catalogue) -> Self {
        let mut entries: Vec<(Field, Vec<String>)> = catalogue
            .fiche
            .iter()
            .filter_map(|label| Field::from_key(&label.key).map(|field| (field, &label.labels)))
            .flat_map(|(field, labels)| labels.iter().map(move |l| (field, label_words(l))))
            .collect();
        // Longest first, so that `Indicateurs de suivi annuel` is not taken for `Suivi annuel`.
        entries.sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        Labels { entries }
    }

    /// The field a cell's text announces, with the year or number that may follow the label
    /// and a value written after `:`.
    fn find(&self, text: &str) -> Option<(Field, Option<i32>, Option<String>)> {
        let (label, inline) = match text.split_once(':') {
            Some((label, rest)) => (label, Some(clean_text(rest).into_owned()).filter(|r| !r.is_empty())),
            None => (text, None),
        };
        let words = label_words(label);
        if words.is_empty() {
            return None;
        }
        if let Some((field, _)) = self.entries.iter().find(|(_, spelled)| *spelled == words) {
            return Some((*field, None, inline));
        }
        let (last, head) = words.split_last()?;
        let (field, _) = self.entries.iter().find(|(_, spelled)| spelled.as_slice() == head)?;
        if let Some(year) = year_of(last) {
            return Some((*field, Some(year), inline));
        }
        let numbered = matches!(field, Field::Axe | Field::Orientation) && is_number(last);
        numbered.then_some((*field, None, inline))
    }
}

/// A label's words for matching: normalised (§2), the plural `s` and `(s)` ignored.
fn label_words(text: &str) -> Vec<String> {
    normalise(text)
        .split_whitespace()
        .filter(|w| *w != "s")
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() > 2 => stem.to_string(),
            _ => w.to_string(),
        })
        .collect()
}

fn year_of(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok().filter(|_| word.len() == 4)?;
    (1990..=2100).contains(&year).then_some(year)
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit()) || word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

/// An action heading: `Action n°3`, `Fiche action 2.1`, `FA 4 – Augmenter…`, `FA-ENV`, or a
/// bare `Action` / `Fiche action` whose code is beside it.
fn heading_of(text: &str) -> Option<(Option<Code>, String)> {
    let words = label_words(text);
    if words == ["action"] || words == ["fiche", "action"] || words == ["fiche"] {
        return Some((None, String::new()));
    }
    let opens_with_prefix = ["action", "fiche", "fa"]
        .iter()
        .any(|p| words.first().is_some_and(|w| w == p));
    if !opens_with_prefix {
        return None;
    }
    let (code, wording) = fa_label(text)?;
    let plausible = code.key().chars().any(|c| c.is_ascii_digit())
        || wording.is_empty() && code.spelling() == code.spelling().to_uppercase();
    plausible.then_some((Some(code), wording))
}

/// Recognises a fiche; `None` when the sheet is not one.
pub fn recognise(grid: &Grid, catalogue: &Catalogue) -> Option<FicheLayout> {
    let labels = Labels::new(catalogue);
    let mut heading: Option<Heading> = None;
    let mut found: Vec<Label> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let height = grid.height();
    let mut row = 0;
    while row < height {
        let Some((col, text)) = first_text(grid, row) else {
            row += 1;
            continue;
        };
        if heading.is_none()
            && row < FICHE_SEARCH_ROWS
            && let Some((code, wording)) = heading_of(&text)
        {
            heading = Some(Heading {
                row,
                col,
                code,
                wording,
            });
            row += 1;
            continue;
        }
        match labels.find(&text) {
            Some((Field::Annee, _, _)) => {
                if let Some(table) = table_at(grid, row, &labels) {
                    row = table.rows.last().copied().unwrap_or(row) + 1;
                    tables.push(table);
                    continue;
                }
            }
            Some((field, year, inline)) if !field.table_only() => found.push(Label {
                field,
                row,
                col,
                year,
                inline,
            }),
            _ => {}
        }
        row += 1;
    }
    let heading = heading?;
    let early_labels = found
        .iter()
        .filter(|l| l.row < FICHE_SEARCH_ROWS && l.field != Field::Section)
        .count();
    if early_labels < MIN_LABELS {
        return None;
    }
    let title = (0..heading.row)
        .find(|&r| grid.row_cells(r).count() == 1 && !found.iter().any(|l| l.row == r))
        .and_then(|r| grid.row_cells(r).next().map(|(c, _)| (r, c)));
    Some(FicheLayout {
        heading,
        labels: found,
        tables,
        title,
    })
}

/// The first text cell of a row (labels are text), with its column.
fn first_text(grid: &Grid, row: u32) -> Option<(u32, String)> {
    match grid.row_cells(row).next()? {
        (col, CellValue::Text(text)) => Some((col, clean_text(text).into_owned())),
        _ => None,
    }
}

/// A follow-up table whose header starts at `row`: `Année` and at least one other column; its
/// rows run until a blank row or a row opening with a label.
fn table_at(grid: &Grid, row: u32, labels: &Labels) -> Option<Table> {
    let columns: Vec<(Field, u32)> = grid
        .row_cells(row)
        .filter_map(|(col, cell)| match cell {
            CellValue::Text(text) => labels
                .find(&clean_text(text))
                .filter(|(field, year, _)| field.in_table() && year.is_none())
                .map(|(field, _, _)| (field, col)),
            _ => None,
        })
        .collect();
    let has_year = columns.iter().any(|(f, _)| *f == Field::Annee);
    if !has_year || columns.len() < 2 {
        return None;
    }
    let rows = (row + 1..grid.height())
        .take_while(|&r| {
            !grid.row_is_blank(r) && first_text(grid, r).is_none_or(|(_, text)| labels.find(&text).is_none())
        })
        .collect();
    Some(Table {
        header_row: row,
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels::new(&Catalogue::builtin().expect("catalogue"))
    }

    #[test]
    fn labels_match_whatever_their_case_accents_colon_and_plural() {
        let l = labels();
        let field = |text: &str| l.find(text).map(|(f, y, _)| (f, y));
        assert_eq!(
            field("INDICATEURS D'EFFETS"),
            Some((Field::Indicators(IndicatorLine::Effet), None))
        );
        assert_eq!(
            field("Indicateur(s) de réalisation :"),
            Some((Field::Indicators(IndicatorLine::Realisation), None))
        );
        assert_eq!(
            field("Indicateurs de suivi annuel"),
            Some((Field::Indicators(IndicatorLine::Suivi), None))
        );
        assert_eq!(field("SUIVI ANNUEL"), Some((Field::Section, None)));
        assert_eq!(field("Réalisé 2024"), Some((Field::Realise, Some(2024))));
        assert_eq!(field("État d'avancement 2023"), Some((Field::Statut, Some(2023))));
        assert_eq!(field("Objectif 1"), Some((Field::Orientation, None)));
        assert_eq!(field("PILOTE DE L'ACTION"), Some((Field::Pilote, None)));
        assert_eq!(field("Le CAD est une instance"), None);
        assert_eq!(
            l.find("Pilote : DCP").and_then(|(_, _, inline)| inline),
            Some("DCP".to_string())
        );
    }

    #[test]
    fn an_action_heading_carries_its_code() {
        let code = |text: &str| heading_of(text).map(|(c, w)| (c.map(|c| c.key().to_string()), w));
        assert_eq!(code("Action n°3"), Some((Some("3".into()), String::new())));
        assert_eq!(code("Fiche action 2.1"), Some((Some("2.1".into()), String::new())));
        assert_eq!(
            code("FA 4 – Augmenter la part"),
            Some((Some("4".into()), "Augmenter la part".into()))
        );
        assert_eq!(code("FA-ENV"), Some((Some("ENV".into()), String::new())));
        assert_eq!(code("Action"), Some((None, String::new())));
        assert_eq!(code("Action de sensibilisation"), None);
        assert_eq!(code("Actions menées"), None);
    }
}

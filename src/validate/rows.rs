//! Reading the data rows of a recognised sheet, generically: blank rows skipped, total and note
//! rows set aside (with an info), every mapped cell parsed by its column type, every cell
//! problem turned into a located diagnostic, and rows missing a required value excluded.

use crate::catalogue::{Catalogue, ColumnSpec, EnumSpec, SheetKind};
use crate::diagnostic::{Code, Diagnostic, Location, Problem, Severity, cap};
use crate::model;
use crate::normalise::normalise;
use crate::parse::{self, Value};
use crate::read::{CellValue, Grid};
use crate::recognise::{Layout, MappedColumn};

/// A recognised sheet, ready to be read.
pub struct Sheet<'a> {
    /// Its cells.
    pub grid: &'a Grid,
    /// Its header layout.
    pub layout: &'a Layout,
    /// The sheet's location (file and sheet).
    pub location: &'a Location,
    /// The catalogue.
    pub catalogue: &'a Catalogue,
}

/// One cell's typed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<'s> {
    /// Catalogue key (the sheet's layout's).
    pub key: &'s str,
    /// 0-based column.
    pub col: u32,
    /// Year of a year-suffixed column.
    pub year: Option<i32>,
    /// The value.
    pub value: Value<'s>,
}

/// One data row's values, borrowing what the sheet's rows share from its layout.
#[derive(Debug, Clone, Default)]
pub struct Row<'s> {
    /// 0-based row.
    pub row: u32,
    /// Typed values of the mapped columns that hold one.
    pub fields: Vec<Field<'s>>,
    /// Columns that the header maps (even when empty): the layout's.
    pub columns: &'s [MappedColumn],
    /// Extra columns' texts: header and value.
    pub extras: Vec<(&'s str, String)>,
    /// A required value is missing or unreadable: the row is left out of the computations.
    pub excluded: bool,
    /// The label of the axe section row above it (`AXE 2 – Renforcer l'inclusion sociale`).
    pub section_axe: Option<String>,
}

impl Row<'_> {
    /// The value of `key`.
    pub fn value(&self, key: &str) -> Option<&Value<'_>> {
        self.fields.iter().find(|f| f.key == key).map(|f| &f.value)
    }

    /// The column of `key`, when the sheet has one.
    pub fn col(&self, key: &str) -> Option<u32> {
        self.columns.iter().find(|c| c.key == key).map(|c| c.col)
    }

    /// The text of `key`.
    pub fn text(&self, key: &str) -> Option<String> {
        self.value(key)?.text()
    }

    /// The year of `key`.
    pub fn year(&self, key: &str) -> Option<i32> {
        self.value(key)?.year()
    }

    /// The row's axe: its `Axe` cell, else the axe section row above it.
    pub fn axe(&self) -> Option<String> {
        non_blank(self.text("axe")).or_else(|| self.section_axe.clone())
    }

    /// The first code of `key`.
    pub fn code(&self, key: &str) -> Option<model::Code> {
        match self.value(key)? {
            Value::Codes(codes) => codes.first().cloned(),
            Value::Label { code, .. } => Some(code.clone()),
            _ => None,
        }
    }
}

/// Reads every data row of the sheet, pushing the problems found into `diagnostics`.
pub fn read_rows<'s>(sheet: &Sheet<'s>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row<'s>> {
    let mut rows = Vec::new();
    for_each_row(sheet, diagnostics, |row, _| rows.push(row));
    rows
}

/// Reads the data rows of the sheet one at a time, handing each to `take` as soon as it is
/// read (a sheet of purchases never holds all its rows at once); returns how many there were.
pub fn for_each_row<'s>(
    sheet: &Sheet<'s>,
    diagnostics: &mut Vec<Diagnostic>,
    mut take: impl FnMut(Row<'s>, &mut Vec<Diagnostic>),
) -> usize {
    let mut count = 0;
    let mut blank_since_data = false;
    let height = sheet.grid.height();
    let table_columns: Vec<u32> = sheet
        .layout
        .columns
        .iter()
        .map(|c| c.col)
        .chain(sheet.layout.extras.iter().map(|e| e.col))
        .collect();
    let mut outside = OutsideCells::default();
    let columns = SheetColumns::of(sheet);
    let sections = sheet.layout.kind != SheetKind::Recensement;
    let mut next_cap = diagnostics.len() + cap::COMPACT_EVERY;
    let mut section_axe: Option<String> = None;
    for row in sheet.layout.first_data_row..height {
        if sheet.grid.row_is_blank(row) {
            blank_since_data = count > 0;
            continue;
        }
        if sections && let Some(label) = section_label(sheet.grid, row) {
            if is_axe_label(label) {
                section_axe = Some(label.to_string());
            }
            continue;
        }
        // Values only in columns without a header are no data row: reported once for the sheet.
        if let Some(col) = outside_only(sheet.grid, row, &table_columns) {
            outside.add(row, col);
            continue;
        }
        if let Some(reason) = ignored_row_reason(sheet.grid, row, blank_since_data) {
            diagnostics.push(Diagnostic::info(
                sheet.location.at_row(row),
                Code::RowIgnored,
                format!("Ligne {} ignorée : {reason}, pas une ligne de données.", row + 1),
            ));
            continue;
        }
        let mut read = read_row(sheet, row, &columns, diagnostics);
        read.section_axe.clone_from(&section_axe);
        count += 1;
        take(read, diagnostics);
        // A sheet of a million identical mistakes never holds a million diagnostics (§9).
        if diagnostics.len() >= next_cap {
            cap::cap(diagnostics);
            next_cap = diagnostics.len() + cap::COMPACT_EVERY;
        }
    }
    outside.report(sheet.location, diagnostics);
    count
}

/// The first column of a row's values when none is under a header of the table.
fn outside_only(grid: &Grid, row: u32, table_columns: &[u32]) -> Option<u32> {
    let mut cells = grid.row_cells(row).peekable();
    let first = cells.peek().map(|(c, _)| *c)?;
    grid.row_cells(row)
        .all(|(c, _)| !table_columns.contains(&c))
        .then_some(first)
}

/// Rows whose values all lie outside the table's columns (a stray cell far right, repeated
/// down the sheet): counted, and reported in one diagnostic.
#[derive(Default)]
struct OutsideCells {
    count: usize,
    first: Option<(u32, u32)>,
}

impl OutsideCells {
    fn add(&mut self, row: u32, col: u32) {
        self.count += 1;
        self.first.get_or_insert((row, col));
    }

    fn report(&self, location: &Location, diagnostics: &mut Vec<Diagnostic>) {
        let Some((row, col)) = self.first else { return };
        diagnostics.push(
            Diagnostic::info(
                location.at_cell(row, col),
                Code::RowIgnored,
                format!(
                    "{} ligne(s) n'ont de valeur que hors des colonnes du tableau (la première en {}) : elles ne sont pas lues comme des données.",
                    self.count,
                    crate::diagnostic::a1(row, col)
                ),
            )
            .suggest("Effacez ces cellules isolées, ou donnez un en-tête à leur colonne."),
        );
    }
}

/// The label of a section row: a single text of its own, merged across the table or naming an
/// axe (`AXE 1 – Accélérer la transition écologique`). Section rows are labels, not data, and
/// raise nothing (§4).
fn section_label(grid: &Grid, row: u32) -> Option<&str> {
    let mut cells = grid.row_cells(row);
    let (col, CellValue::Text(text)) = cells.next()? else {
        return None;
    };
    if cells.next().is_some() {
        return None;
    }
    let merged_across = grid
        .merge_at(row, col)
        .is_some_and(|m| m.last.1 > m.first.1 && m.last.0 == m.first.0);
    (merged_across || is_axe_label(text)).then_some(&**text)
}

/// `AXE 2 – …`, `Axe 1 : …`, `Axe II`: a label naming an axe by its number.
pub fn is_axe_label(text: &str) -> bool {
    crate::model::axe_key(text).is_some_and(|key| key.numbered)
}

/// Total rows (`Total`, `Sous-total`) anywhere after the header, and note rows (a single text
/// cell) once the data has ended, are not data.
fn ignored_row_reason(grid: &Grid, row: u32, blank_since_data: bool) -> Option<&'static str> {
    let is_total = grid.row_cells(row).take(3).any(|(_, value)| match value {
        CellValue::Text(text) if may_be_total(text) => {
            let n = normalise(text);
            n == "total"
                || n.starts_with("total ")
                || n.starts_with("sous total")
                || n == "totaux"
                || n.starts_with("montant total")
        }
        _ => false,
    });
    if is_total {
        return Some("ligne de total");
    }
    let mut cells = grid.row_cells(row);
    let single_text = matches!(cells.next(), Some((_, CellValue::Text(_)))) && cells.next().is_none();
    if blank_since_data && single_text {
        return Some("note sous le tableau");
    }
    None
}

/// A column's catalogue entry, with its enumeration when it has one.
type TypedColumn<'a> = (&'a ColumnSpec, Option<&'a EnumSpec>);

/// What a sheet's rows share, found once for the sheet rather than once per row and cell: each
/// mapped column's catalogue entry, and the required ones.
struct SheetColumns<'a> {
    /// Per mapped column, left to right: its entry and enumeration, key, column and year.
    specs: Vec<(Option<TypedColumn<'a>>, &'a MappedColumn)>,
    /// The required columns the header maps: their entry and (first) column.
    required: Vec<(&'a ColumnSpec, u32)>,
}

impl<'a> SheetColumns<'a> {
    fn of(sheet: &Sheet<'a>) -> Self {
        let spec = sheet.catalogue.kind(sheet.layout.kind);
        let columns = &sheet.layout.columns;
        let required = spec
            .columns
            .iter()
            .filter(|c| c.required && !c.may_be_empty)
            .filter_map(|c| Some((c, sheet.layout.column(&c.key)?.col)))
            .collect();
        let mut specs: Vec<_> = columns
            .iter()
            .map(|m| {
                let column = spec.column(&m.key);
                (column.map(|c| (c, parse::column_enumeration(c, sheet.catalogue))), m)
            })
            .collect();
        // A row's cells are read left to right.
        specs.sort_by_key(|(_, m)| m.col);
        SheetColumns { specs, required }
    }
}

/// Whether a text may name a total: its first word is that of `total`, `totaux`, `sous-total`
/// or `montant total` (most cells are not, and are not normalised to find out).
fn may_be_total(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let word = start.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
    ["total", "totaux", "sous", "montant"]
        .iter()
        .any(|total| word.eq_ignore_ascii_case(total))
}

fn read_row<'s>(sheet: &Sheet<'s>, row: u32, columns: &SheetColumns<'s>, diagnostics: &mut Vec<Diagnostic>) -> Row<'s> {
    let mut out = Row {
        row,
        columns: &sheet.layout.columns,
        fields: Vec::with_capacity(columns.specs.len()),
        ..Row::default()
    };
    // The layout's columns run left to right: the row's cells are read in one pass.
    let mut cells = sheet.grid.row_cursor(row);
    for &(spec, mapped) in &columns.specs {
        let Some((column, enumeration)) = spec else {
            continue;
        };
        let (col, year) = (&mapped.col, &mapped.year);
        let cell = cells.get(*col);
        let reading = parse::read_typed_cell(cell, column, enumeration);
        if let Some(issue) = reading.issue {
            let (r, c) = sheet.grid.merge_origin(row, *col).unwrap_or((row, *col));
            let required_error = (column.required || column.exclude_row_on_error) && issue.severity == Severity::Error;
            diagnostics.push(located(issue, sheet.location.at_cell(r, c), required_error));
            out.excluded |= required_error;
        }
        if let Some(value) = reading.value {
            out.fields.push(Field {
                key: &mapped.key,
                col: *col,
                year: *year,
                value,
            });
        }
    }
    for &(column, col) in &columns.required {
        // A value that could not be read was reported already, with its reason.
        let missing = out.value(&column.key).is_none() && sheet.grid.get(row, col).is_empty();
        if missing {
            diagnostics.push(
                Diagnostic::error(
                    sheet.location.at_cell(row, col),
                    Code::RequiredValueMissing,
                    format!("Valeur obligatoire manquante : « {} ».", column.label),
                )
                .excluding_row()
                .suggest(format!("Renseignez « {} »{}.", column.label, example(&column.example))),
            );
            out.excluded = true;
        }
    }
    out.extras = sheet
        .layout
        .extras
        .iter()
        .map(|extra| (extra.header.as_str(), parse::text_of(sheet.grid.get(row, extra.col))))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    out
}

fn example(example: &str) -> String {
    if example.is_empty() {
        String::new()
    } else {
        format!(" (ex. {example})")
    }
}

/// Turns a cell problem into a diagnostic at `location`.
pub fn located(issue: Problem, location: Location, excludes_row: bool) -> Diagnostic {
    let diagnostic = issue.at(location);
    if excludes_row {
        diagnostic.excluding_row()
    } else {
        diagnostic
    }
}

/// The text, `None` when empty (cell texts are already cleaned by `parse::text_of`).
pub fn non_blank(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_row_is_told_by_its_first_word_whatever_its_case_and_punctuation() {
        for total in [
            "Total",
            "TOTAL GÉNÉRAL",
            "total :",
            "Sous-total voirie",
            "sous total",
            "Totaux",
            "Montant total",
            "  « Total »",
        ] {
            assert!(may_be_total(total), "{total}");
        }
        for data in [
            "Service voirie",
            "Travaux de voirie",
            "Maintenance",
            "Totalement neuf",
            "2024-001",
            "",
        ] {
            assert!(!may_be_total(data), "{data}");
        }
    }
}

//! A sheet as spaser sees it: cells at absolute 0-based positions (calamine's range offset
//! already added back), merged regions applied on lookup. Knows nothing of headers or columns.

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

/// Converts a float read from a workbook to the decimal the user typed: the shortest string
/// that round-trips the float, so that `0.1` stays exactly `0.1`.
pub fn float_to_decimal(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    cents(value).or_else(|| Decimal::from_str(&format!("{value}")).ok())
}

/// The shortest decimal of a float with at most two decimals (most amounts, hours, rates), found
/// without formatting it: below 10¹³ two such decimals are never one float apart, so the one
/// that gives back the float is the one typed.
fn cents(value: f64) -> Option<Decimal> {
    if value.abs() >= 1e13 {
        return None;
    }
    let hundredths = (value * 100.0).round();
    (hundredths / 100.0 == value).then(|| Decimal::new(hundredths as i64, 2).normalize())
}

/// A cell's text: its own, or the one copy that every cell showing the same entry of the
/// workbook's shared-string table points to (Excel saves each distinct text once; a column of
/// `Oui`, a service's name or a nature then costs no copy per cell).
#[derive(Debug, Clone)]
pub enum CellText {
    /// Text of this cell alone (an inline string, a text built from other cells).
    Own(String),
    /// Text shared with every cell holding the same shared string.
    Shared(Arc<str>),
}

impl std::ops::Deref for CellText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            CellText::Own(text) => text,
            CellText::Shared(text) => text,
        }
    }
}

impl PartialEq for CellText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<String> for CellText {
    fn from(text: String) -> Self {
        CellText::Own(text)
    }
}

impl From<&str> for CellText {
    fn from(text: &str) -> Self {
        CellText::Own(text.to_string())
    }
}

/// A cell's value as read from the file, before any interpretation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// No value.
    #[default]
    Empty,
    /// Text, as typed (not yet trimmed).
    Text(CellText),
    /// A number (xlsx and xls store every number as a float).
    Number(f64),
    /// A boolean cell (`VRAI`/`FAUX`).
    Bool(bool),
    /// A cell with a date number format, converted with the workbook's date system (1900 or
    /// 1904).
    Date(chrono::NaiveDateTime),
    /// A date given as ISO 8601 text (ODS).
    IsoDate(String),
    /// A formula error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never calculated (written by a tool that does not calculate).
    FormulaWithoutValue(String),
    /// A text cell pointing to no text of the workbook's shared strings (a damaged file): the
    /// index as the file holds it.
    MissingSharedString(String),
}

impl CellValue {
    /// Whether the cell holds nothing (blank text counts as nothing).
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(text) => text.chars().all(char::is_whitespace),
            _ => false,
        }
    }

    /// The cell shown as text, for messages and headers.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(text) => text.to_string(),
            CellValue::Number(n) => float_to_decimal(*n)
                .map(|d| d.normalize().to_string().replace('.', ","))
                .unwrap_or_else(|| n.to_string()),
            CellValue::Bool(true) => "VRAI".to_string(),
            CellValue::Bool(false) => "FAUX".to_string(),
            CellValue::Date(datetime) => datetime.format("%d/%m/%Y").to_string(),
            CellValue::IsoDate(text) => text.clone(),
            CellValue::Error(text) => text.clone(),
            CellValue::FormulaWithoutValue(formula) => format!("={formula}"),
            CellValue::MissingSharedString(index) => format!("(texte partagé n° {index} absent)"),
        }
    }
}

/// A merged region, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Top-left (row, column): the only cell holding the value.
    pub first: (u32, u32),
    /// Bottom-right (row, column).
    pub last: (u32, u32),
}

impl Merge {
    /// Whether the region contains the cell.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.first.0..=self.last.0).contains(&row) && (self.first.1..=self.last.1).contains(&col)
    }

    fn bands(&self) -> std::ops::RangeInclusive<u32> {
        self.first.0 / MERGE_BAND..=self.last.0 / MERGE_BAND
    }
}

/// Merged regions are indexed by bands of this many rows: a lookup scans only the regions of
/// its band, and a region costs one entry per band it spans, never one per cell.
const MERGE_BAND: u32 = 64;

/// One sheet's cells, sparse: memory follows the cells present, not rows × columns, and merged
/// regions stay regions (§9).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The sheet's name.
    pub name: String,
    /// Per row, its cells as (column, value), in column order.
    rows: Vec<Vec<(u32, CellValue)>>,
    width: u32,
    merges: Vec<Merge>,
    bands: HashMap<u32, Vec<usize>>,
}

impl Grid {
    /// An empty sheet named `name`.
    pub fn new(name: &str) -> Self {
        Grid {
            name: name.to_string(),
            ..Grid::default()
        }
    }

    /// Sets a cell's value at an absolute position.
    pub fn set(&mut self, row: u32, col: u32, value: CellValue) {
        if value == CellValue::Empty {
            return;
        }
        let index = row as usize;
        if self.rows.len() <= index {
            // Rows of a table are alike: a new row gets room for as many cells as the last one.
            let room = self.rows.last().map_or(0, Vec::len);
            self.rows.resize_with(index, Vec::new);
            self.rows.push(Vec::with_capacity(room));
        }
        let cells = &mut self.rows[index];
        // Readers give cells in order: appending is the usual case.
        match cells.last() {
            Some((last, _)) if *last >= col => match cells.binary_search_by_key(&col, |(c, _)| *c) {
                Ok(at) => cells[at].1 = value,
                Err(at) => cells.insert(at, (col, value)),
            },
            _ => cells.push((col, value)),
        }
        self.width = self.width.max(col + 1);
    }

    /// Declares a merged region; its top-left value then applies to every cell of the region.
    pub fn add_merge(&mut self, merge: Merge) {
        let index = self.merges.len();
        for band in merge.bands() {
            self.bands.entry(band).or_default().push(index);
        }
        self.merges.push(merge);
    }

    /// How many band entries a merge would add: what it costs to index.
    pub fn merge_cost(merge: &Merge) -> u64 {
        u64::from(merge.last.0 / MERGE_BAND - merge.first.0 / MERGE_BAND) + 1
    }

    /// The merged region containing the cell, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<Merge> {
        self.bands
            .get(&(row / MERGE_BAND))?
            .iter()
            .map(|&i| self.merges[i])
            .find(|m| m.contains(row, col))
    }

    /// The value stored at the cell itself, ignoring merges.
    pub fn raw(&self, row: u32, col: u32) -> &CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        let Some(cells) = self.rows.get(row as usize) else {
            return &EMPTY;
        };
        match cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(at) => &cells[at].1,
            Err(_) => &EMPTY,
        }
    }

    /// The value of the cell, taking merged regions into account: a cell inside a merged region
    /// has the value of the region's top-left cell.
    pub fn get(&self, row: u32, col: u32) -> &CellValue {
        let raw = self.raw(row, col);
        if !raw.is_empty() {
            return raw;
        }
        match self.merge_origin(row, col) {
            Some((r, c)) => self.raw(r, c),
            None => raw,
        }
    }

    /// The cells of `row` read left to right (see [`RowCursor`]).
    pub fn row_cursor(&self, row: u32) -> RowCursor<'_> {
        RowCursor {
            grid: self,
            row,
            cells: self.rows.get(row as usize).map_or(&[], Vec::as_slice),
            next: 0,
        }
    }

    /// Where the value of a cell comes from when it is inside a merged region, other than the
    /// region's top-left cell.
    pub fn merge_origin(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        self.merge_at(row, col)
            .map(|m| m.first)
            .filter(|first| *first != (row, col))
    }

    /// Number of rows (one past the last row holding a value).
    pub fn height(&self) -> u32 {
        let merged_bottom = self.merges.iter().map(|m| m.last.0 + 1).max().unwrap_or(0);
        (self.rows.len() as u32).max(merged_bottom)
    }

    /// Number of columns (one past the last column holding a value).
    pub fn width(&self) -> u32 {
        let merged_right = self.merges.iter().map(|m| m.last.1 + 1).max().unwrap_or(0);
        self.width.max(merged_right)
    }

    /// Whether the row holds no value of its own (values spread by merges do not count: a
    /// fiche-action label merged down does not make its blank rows data).
    pub fn row_is_blank(&self, row: u32) -> bool {
        self.rows
            .get(row as usize)
            .is_none_or(|cells| cells.iter().all(|(_, v)| v.is_empty()))
    }

    /// The cells of a row that hold a value of their own, with their column.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = (u32, &CellValue)> {
        self.rows
            .get(row as usize)
            .into_iter()
            .flat_map(|cells| cells.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v))
    }
}

/// One row's cells asked for by increasing column: each is found where the last one was left,
/// not searched for again. Values are the same as [`Grid::get`]'s, merges included.
pub struct RowCursor<'g> {
    grid: &'g Grid,
    row: u32,
    cells: &'g [(u32, CellValue)],
    next: usize,
}

impl<'g> RowCursor<'g> {
    /// The value of the cell at `col`; columns must be asked for in increasing order.
    pub fn get(&mut self, col: u32) -> &'g CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        while self.cells.get(self.next).is_some_and(|(c, _)| *c < col) {
            self.next += 1;
        }
        let raw = match self.cells.get(self.next) {
            Some((c, value)) if *c == col => value,
            _ => &EMPTY,
        };
        if raw.is_empty() && !self.grid.merges.is_empty() {
            return self.grid.get(self.row, col);
        }
        raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_float_from_excel_becomes_the_decimal_that_was_typed() {
        assert_eq!(float_to_decimal(0.1), Some(dec!(0.1)));
        assert_eq!(float_to_decimal(1234.56), Some(dec!(1234.56)));
        assert_eq!(float_to_decimal(0.1 + 0.2), Some(dec!(0.30000000000000004)));
        assert_eq!(float_to_decimal(f64::NAN), None);
    }

    proptest::proptest! {
        #[test]
        fn a_float_with_cents_becomes_the_decimal_its_shortest_writing_gives(cents in -10_000_000_000_000i64..10_000_000_000_000, any in proptest::num::f64::NORMAL) {
            let value = cents as f64 / 100.0;
            let written = |v: f64| Decimal::from_str(&format!("{v}")).ok();
            proptest::prop_assert_eq!(float_to_decimal(value), written(value));
            proptest::prop_assert_eq!(float_to_decimal(value).map(|d| d.scale()), written(value).map(|d| d.scale()));
            proptest::prop_assert_eq!(float_to_decimal(any), written(any));
        }
    }

    #[test]
    fn a_value_in_a_merged_region_applies_to_every_cell_of_the_region() {
        let mut grid = Grid::new("Bilan");
        grid.set(3, 0, CellValue::Text("FA1-Faciliter".into()));
        grid.add_merge(Merge {
            first: (3, 0),
            last: (8, 0),
        });
        for row in 3..=8 {
            assert_eq!(grid.get(row, 0), &CellValue::Text("FA1-Faciliter".into()), "row {row}");
        }
        assert_eq!(grid.get(9, 0), &CellValue::Empty);
        assert!(grid.row_is_blank(5), "a merged-down label does not make a row data");
    }

    #[test]
    fn a_large_merged_title_is_resolved_without_indexing_each_cell() {
        let mut grid = Grid::new("S");
        grid.set(0, 0, CellValue::Text("Titre".into()));
        let merge = Merge {
            first: (0, 0),
            last: (0, 16_000),
        };
        assert_eq!(Grid::merge_cost(&merge), 1);
        grid.add_merge(merge);
        assert_eq!(grid.get(0, 15_999), &CellValue::Text("Titre".into()));
        assert_eq!(grid.bands.values().map(Vec::len).sum::<usize>(), 1);
    }

    #[test]
    fn one_stray_cell_far_right_costs_one_cell_not_a_row_of_cells() {
        let mut grid = Grid::new("S");
        for row in 0..1_000 {
            grid.set(row, 999, CellValue::Number(1.0));
        }
        assert_eq!(grid.width(), 1_000);
        assert!(grid.rows.iter().all(|r| r.len() == 1));
        assert_eq!(grid.raw(10, 999), &CellValue::Number(1.0));
        assert_eq!(grid.raw(10, 998), &CellValue::Empty);
    }

    #[test]
    fn a_row_read_left_to_right_gives_what_each_cell_gives_merges_included() {
        let mut grid = Grid::new("S");
        grid.set(0, 1, CellValue::Text("Voirie".into()));
        grid.set(1, 0, CellValue::Text("A".into()));
        grid.set(1, 3, CellValue::Number(2.0));
        grid.set(1, 5, CellValue::Text("  ".into()));
        grid.add_merge(Merge {
            first: (0, 1),
            last: (2, 1),
        });
        for row in 0..3 {
            let mut cursor = grid.row_cursor(row);
            for col in 0..7 {
                assert_eq!(cursor.get(col), grid.get(row, col), "{row}, {col}");
            }
        }
        let mut skipping = grid.row_cursor(1);
        assert_eq!(skipping.get(3), &CellValue::Number(2.0));
        assert_eq!(skipping.get(6), &CellValue::Empty);
    }
}

//! A header that could name several columns decided by the values under it (§2): a `Type`
//! column of Travaux, Fournitures, Services is the nature.

use crate::catalogue::{Catalogue, ColumnType, KindSpec};
use crate::read::Grid;

/// Cells looked at under the header.
const SAMPLED_ROWS: u32 = 200;

/// The share of a column's non-empty cells an enumeration must take to decide it, in percent.
const DECIDING_SHARE: usize = 80;

/// Among `keys`, the one column whose allowed values take most of the values under the header
/// (from `first_row`); `None` when none, or several, do.
pub fn decide(
    grid: &Grid,
    col: u32,
    first_row: u32,
    keys: &[String],
    spec: &KindSpec,
    catalogue: &Catalogue,
) -> Option<String> {
    let texts: Vec<String> = (first_row..first_row.saturating_add(SAMPLED_ROWS).min(grid.height()))
        .map(|row| grid.get(row, col).display())
        .filter(|text| !text.trim().is_empty())
        .collect();
    if texts.is_empty() {
        return None;
    }
    let taking: Vec<&String> = keys
        .iter()
        .filter(|key| {
            let Some(ColumnType::Enum(name)) = spec.column(key).map(|c| &c.column_type) else {
                return false;
            };
            let Some(values) = catalogue.enumeration(name) else {
                return false;
            };
            let taken = texts.iter().filter(|t| values.lookup(t).is_some()).count();
            taken * 100 >= texts.len() * DECIDING_SHARE
        })
        .collect();
    match taking.as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    }
}

//! A header that could name several columns decided by the values under it (§2: a `Type`
//! column of Travaux, Fournitures, Services is the nature), else by the sheet's other headers
//! (§4: `N°` beside an `Action` column is the indicator's number).

use crate::catalogue::{Catalogue, ColumnType, KindSpec};
use crate::diagnostic::{Code, Diagnostic, Location};
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

/// An ambiguous header decided by the sheet's other headers (§4): `N°` beside an `Action`
/// column is the indicator's number; `Intitulé` beside an `Indicateur` column is the action's.
/// The one column among `keys` that no other header gives, else the one required column.
pub fn decided_by_other_headers<'k>(
    keys: &[String],
    mapped: impl Iterator<Item = &'k str>,
    spec: &KindSpec,
) -> Option<String> {
    let mapped: Vec<&str> = mapped.collect();
    // An enumeration column is decided by its values, never by elimination.
    let free: Vec<&String> = keys
        .iter()
        .filter(|key| !mapped.contains(&key.as_str()))
        .filter(|key| !matches!(spec.column(key).map(|c| &c.column_type), Some(ColumnType::Enum(_))))
        .collect();
    match free.as_slice() {
        [only] => Some((*only).clone()),
        _ => {
            let required: Vec<&&String> = free
                .iter()
                .filter(|key| spec.column(key).is_some_and(|c| c.required))
                .collect();
            match required.as_slice() {
                [only] => Some((**only).clone()),
                _ => None,
            }
        }
    }
}

/// The warning for a header neither its values nor the other headers decide: the column is
/// not used.
pub fn unresolved(location: Location, header: &str, labels: &[String]) -> Diagnostic {
    let quoted: Vec<String> = labels.iter().map(|l| format!("« {l} »")).collect();
    Diagnostic::warning(
        location,
        Code::HeaderAmbiguous,
        format!(
            "L'en-tête « {header} » peut désigner {} : la colonne n'est pas utilisée.",
            quoted.join(" ou ")
        ),
    )
    .suggest(format!(
        "Renommez l'en-tête avec le libellé complet, par exemple « {} ».",
        labels.first().map(String::as_str).unwrap_or_default()
    ))
}

//! Recognising a sheet: which kind it is (from its headers, never its name), where its header
//! row is (among the first 30 rows, one or two rows high), and which column holds which key.
//! Header problems (ambiguous, unknown, duplicate, missing) are reported here.

mod auxiliary;
mod by_values;
pub mod fiche;
pub mod matcher;
pub use auxiliary::is_template_auxiliary;

use crate::catalogue::{Catalogue, KindSpec, SheetKind};
use crate::diagnostic::{Code, Diagnostic, Location, a1, column_letters};
use crate::normalise::clean_text;
use crate::read::Grid;
use matcher::{HeaderMatch, Matcher, PreparedHeader, Strength, Vocabulary};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The header is looked for among this many first rows.
pub const HEADER_SEARCH_ROWS: u32 = 30;
/// A row is a header when it matches at least this many columns of a kind…
const MIN_MATCHED: usize = 3;
/// …or this many, provided every required column of the kind is among them.
const MIN_MATCHED_WITH_REQUIRED: usize = 2;

/// One column of the sheet mapped to a catalogue key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedColumn {
    /// 0-based column.
    pub col: u32,
    /// Catalogue key.
    pub key: String,
    /// Year read from the header (`Cible 2025`).
    pub year: Option<i32>,
    /// The header as written.
    pub header: String,
}

/// A column that is not in the catalogue, kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraColumn {
    /// 0-based column.
    pub col: u32,
    /// The header as written.
    pub header: String,
}

/// A recognised sheet's layout.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The kind of sheet.
    pub kind: SheetKind,
    /// 0-based row of the (first) header row.
    pub header_row: u32,
    /// 0-based first data row.
    pub first_data_row: u32,
    /// The mapped columns, left to right.
    pub columns: Vec<MappedColumn>,
    /// Columns not in the catalogue.
    pub extras: Vec<ExtraColumn>,
    /// Header problems.
    pub diagnostics: Vec<Diagnostic>,
}

impl Layout {
    /// The column holding `key` (the first one for year-suffixed keys).
    pub fn column(&self, key: &str) -> Option<&MappedColumn> {
        self.columns.iter().find(|c| c.key == key)
    }
}

/// One header cell's texts: its own label, under a group label for a two-row header.
struct HeaderText {
    col: u32,
    group: Option<String>,
    own: String,
}

/// One header cell as found for one kind of sheet, before deciding what it maps to.
struct HeaderCell<'r> {
    text: &'r HeaderText,
    found: &'r HeaderMatch,
}

/// A candidate header: a kind, a row, one or two rows high.
struct Candidate<'r> {
    kind: SheetKind,
    cells: Vec<HeaderCell<'r>>,
    two_rows: bool,
    matched: usize,
}

/// The header matchers of every kind of sheet, made once for a run from its catalogue and
/// shared by every sheet read. A folder's workbooks repeat the same headers: each is matched
/// once against every kind, and what it gave is remembered.
#[derive(Debug)]
pub struct Recogniser {
    matchers: Vec<(SheetKind, Matcher)>,
    /// The words of every kind's spellings: a text none of whose forms they could spell is no
    /// header of any kind (most texts met below a header).
    vocabulary: Vocabulary,
    /// What such a text gives for every kind.
    unknown: Arc<[HeaderMatch]>,
    /// What each header met so far gave for each kind (in the order of `matchers`), up to
    /// [`MEMO_SIZE`] headers.
    memo: RwLock<HashMap<String, Arc<[HeaderMatch]>>>,
}

/// Headers remembered: far more than a folder's workbooks hold, and bounded whatever a file's
/// first rows contain.
const MEMO_SIZE: usize = 20_000;

impl Recogniser {
    /// The matchers of `catalogue`'s kinds of sheet.
    pub fn new(catalogue: &Catalogue) -> Self {
        let matchers: Vec<(SheetKind, Matcher)> = SheetKind::ALL
            .iter()
            .map(|&kind| (kind, Matcher::new(catalogue.kind(kind))))
            .collect();
        Recogniser {
            vocabulary: Vocabulary::of(matchers.iter().flat_map(|(_, m)| m.spellings())),
            unknown: matchers.iter().map(|_| HeaderMatch::Unknown).collect(),
            matchers,
            memo: RwLock::default(),
        }
    }

    /// Recognises a sheet: `None` when no row among the first 30 looks like a header of any kind.
    /// `catalogue` is the one the recogniser was made of.
    pub fn recognise(&self, grid: &Grid, catalogue: &Catalogue, location: &Location) -> Option<Layout> {
        let mut key = String::new();
        let last = grid.height().min(HEADER_SEARCH_ROWS);
        for row in 0..last {
            if grid.row_is_blank(row) && grid.merge_origin(row, 0).is_none() {
                continue;
            }
            // A title above the header is never a group label (§2): it cannot start a two-row
            // header.
            let can_group = row + 1 < grid.height() && !is_title(grid, row);
            let single = header_texts(grid, row, false);
            let double = if can_group {
                header_texts(grid, row, true)
            } else {
                Vec::new()
            };
            let single_found = self.match_all(&single, &mut key);
            let double_found = self.match_all(&double, &mut key);
            let best = self
                .matchers
                .iter()
                .enumerate()
                .flat_map(|(index, (kind, _))| {
                    let single = candidate(&single, &single_found, index, false, *kind);
                    let double = can_group.then(|| candidate(&double, &double_found, index, true, *kind));
                    std::iter::once(single).chain(double)
                })
                .filter(|c| is_header(c, catalogue.kind(c.kind)))
                .max_by(|a, b| {
                    (a.matched, covers_required(a, catalogue.kind(a.kind)), !a.two_rows)
                        .cmp(&(b.matched, covers_required(b, catalogue.kind(b.kind)), !b.two_rows))
                        .then_with(|| kind_rank(b.kind).cmp(&kind_rank(a.kind)))
                });
            if let Some(best) = best {
                let matcher = self
                    .matchers
                    .iter()
                    .find(|(kind, _)| *kind == best.kind)
                    .map(|(_, m)| m)?;
                return Some(layout(best, row, grid, catalogue, matcher, location));
            }
        }
        None
    }

    /// What each header cell gives for every kind of sheet.
    fn match_all(&self, texts: &[HeaderText], key: &mut String) -> Vec<Arc<[HeaderMatch]>> {
        texts
            .iter()
            .map(|text| self.match_everywhere(text.group.as_deref(), &text.own, key))
            .collect()
    }

    /// What one header gives for every kind of sheet, remembered.
    fn match_everywhere(&self, group: Option<&str>, own: &str, key: &mut String) -> Arc<[HeaderMatch]> {
        memo_key(group, own, key);
        if let Some(found) = self.memo.read().ok().and_then(|memo| memo.get(key.as_str()).cloned()) {
            return found;
        }
        let prepared = PreparedHeader::new(group, own);
        if !prepared.may_match(&self.vocabulary) {
            return Arc::clone(&self.unknown);
        }
        let found: Arc<[HeaderMatch]> = self
            .matchers
            .iter()
            .map(|(_, matcher)| matcher.match_prepared(&prepared))
            .collect();
        if let Ok(mut memo) = self.memo.write()
            && memo.len() < MEMO_SIZE
        {
            memo.insert(key.clone(), Arc::clone(&found));
        }
        found
    }
}

/// The memo's key of a header: the group's length first, so that no two (group, own) pairs
/// share a key whatever characters they hold.
fn memo_key(group: Option<&str>, own: &str, key: &mut String) {
    key.clear();
    if let Some(group) = group {
        key.push_str(&group.len().to_string());
        key.push(':');
        key.push_str(group);
    } else {
        key.push('-');
    }
    key.push_str(own);
}

/// A row holding a single non-empty cell, merged across the table or not (`Recensement des
/// marchés notifiés en 2021 et 2022`): a title, not a row of group labels.
fn is_title(grid: &Grid, row: u32) -> bool {
    grid.row_cells(row).take(2).count() == 1
}

fn kind_rank(kind: SheetKind) -> usize {
    SheetKind::ALL.iter().position(|k| *k == kind).unwrap_or(usize::MAX)
}

/// The candidate of the kind at `index` among the recogniser's matchers.
fn candidate<'r>(
    texts: &'r [HeaderText],
    found: &'r [Arc<[HeaderMatch]>],
    index: usize,
    two_rows: bool,
    kind: SheetKind,
) -> Candidate<'r> {
    let cells: Vec<HeaderCell<'r>> = texts
        .iter()
        .zip(found)
        .filter_map(|(text, found)| {
            Some(HeaderCell {
                text,
                found: found.get(index)?,
            })
        })
        .collect();
    let matched = distinct_matched_keys(&cells).len();
    Candidate {
        kind,
        cells,
        two_rows,
        matched,
    }
}

/// The texts of a row's header cells, read as a header one or two rows high.
fn header_texts(grid: &Grid, row: u32, two_rows: bool) -> Vec<HeaderText> {
    (0..grid.width())
        .filter_map(|col| {
            let (group, own) = cell_texts(grid, row, col, two_rows)?;
            Some(HeaderText { col, group, own })
        })
        .collect()
}

/// The texts of a header cell: for a two-row header, the group label above and the cell's own
/// label; a group cell merged down over both rows is the column's label.
fn cell_texts(grid: &Grid, row: u32, col: u32, two_rows: bool) -> Option<(Option<String>, String)> {
    let top = clean_text(&grid.get(row, col).display()).into_owned();
    if !two_rows {
        return (!top.is_empty()).then_some((None, top));
    }
    let bottom = sub_label(grid, row, col);
    if bottom.is_empty() {
        return (!top.is_empty()).then_some((None, top));
    }
    let group = if top.is_empty() {
        inherited_group(grid, row, col)
    } else {
        Some(top)
    };
    Some((group, bottom))
}

/// The sub-label under a group cell; empty when the group cell is merged down over both rows.
fn sub_label(grid: &Grid, row: u32, col: u32) -> String {
    let merged_down = grid
        .merge_at(row, col)
        .is_some_and(|m| m.first.0 == row && m.last.0 > row);
    if merged_down {
        String::new()
    } else {
        clean_text(&grid.get(row + 1, col).display()).into_owned()
    }
}

/// A group label typed once over several sub-headers without a merge (ODS files, where
/// calamine gives no merges, or Excel's « centrer sur plusieurs colonnes »): the nearest group
/// label to the left, when every column in between has a sub-label.
fn inherited_group(grid: &Grid, row: u32, col: u32) -> Option<String> {
    for left in (0..col).rev() {
        if sub_label(grid, row, left).is_empty() {
            return None;
        }
        let top = clean_text(&grid.get(row, left).display()).into_owned();
        if !top.is_empty() {
            return Some(top);
        }
    }
    None
}

fn distinct_matched_keys<'r>(cells: &[HeaderCell<'r>]) -> Vec<&'r str> {
    let mut keys: Vec<&str> = Vec::new();
    for cell in cells {
        if let HeaderMatch::Column { key, .. } = &cell.found
            && !keys.contains(&key.as_str())
        {
            keys.push(key);
        }
    }
    keys
}

fn covers_required(candidate: &Candidate, spec: &KindSpec) -> bool {
    let keys = distinct_matched_keys(&candidate.cells);
    spec.columns
        .iter()
        .filter(|c| c.required)
        .all(|c| keys.contains(&c.key.as_str()))
}

fn is_header(candidate: &Candidate, spec: &KindSpec) -> bool {
    candidate.matched >= MIN_MATCHED
        || (candidate.matched >= MIN_MATCHED_WITH_REQUIRED && covers_required(candidate, spec))
}

fn layout(
    candidate: Candidate,
    row: u32,
    grid: &Grid,
    catalogue: &Catalogue,
    matcher: &Matcher,
    location: &Location,
) -> Layout {
    let first_data_row = row + 1 + u32::from(candidate.two_rows);
    let spec = catalogue.kind(candidate.kind);
    let header_cell = |col: u32| location.at_cell(row + u32::from(candidate.two_rows), col);
    let label_of = |key: &str| {
        spec.column(key)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| key.to_string())
    };
    let mut columns: Vec<(MappedColumn, Strength)> = Vec::new();
    let mut extras = Vec::new();
    let mut diagnostics = Vec::new();
    let mut ambiguous: Vec<(u32, String, Vec<String>)> = Vec::new();
    for HeaderCell { text, found } in candidate.cells {
        let HeaderText { col, group, own } = text;
        let header = match group {
            Some(group) => format!("{group} › {own}"),
            None => own.clone(),
        };
        match found.clone() {
            HeaderMatch::Column { key, strength, year } => {
                let duplicate = columns.iter().position(|(c, _)| c.key == key && c.year == year);
                match duplicate {
                    Some(index) => {
                        let (kept, kept_strength) = &columns[index];
                        let (used, dropped) = if strength > *kept_strength {
                            (*col, kept.col)
                        } else {
                            (kept.col, *col)
                        };
                        diagnostics.push(
                            Diagnostic::error(
                                header_cell(*col),
                                Code::HeaderDuplicate,
                                format!(
                                    "Les colonnes {} et {} correspondent toutes deux à « {} » : la colonne {} est utilisée, la colonne {} est conservée comme colonne supplémentaire.",
                                    column_letters(kept.col), column_letters(*col), label_of(&key), column_letters(used), column_letters(dropped)
                                ),
                            )
                            .suggest("Renommez ou supprimez l'une des deux colonnes."),
                        );
                        let mapped = MappedColumn {
                            col: *col,
                            key,
                            year,
                            header: header.clone(),
                        };
                        if strength > *kept_strength {
                            let old = std::mem::replace(&mut columns[index], (mapped, strength));
                            extras.push(ExtraColumn {
                                col: old.0.col,
                                header: old.0.header,
                            });
                        } else {
                            extras.push(ExtraColumn { col: *col, header });
                        }
                    }
                    None => columns.push((
                        MappedColumn {
                            col: *col,
                            key,
                            year,
                            header,
                        },
                        strength,
                    )),
                }
            }
            HeaderMatch::Ambiguous(keys)
                if let Some(key) = by_values::decide(grid, *col, first_data_row, &keys, spec, catalogue)
                    && !columns.iter().any(|(c, _)| c.key == key) =>
            {
                columns.push((
                    MappedColumn {
                        col: *col,
                        key,
                        year: None,
                        header,
                    },
                    Strength::Abbreviation,
                ));
            }
            HeaderMatch::Ambiguous(keys) => ambiguous.push((*col, header, keys)),
            HeaderMatch::Unknown => {
                if let Some((key, label)) = matcher.closest(own, &label_of) {
                    diagnostics.push(
                        Diagnostic::warning(
                            header_cell(*col),
                            Code::HeaderUnknown,
                            format!("En-tête « {header} » inconnu ; il ressemble à « {label} ». La colonne est conservée telle quelle."),
                        )
                        .suggest(format!(
                            "Renommez-le « {label} », ou ajoutez dans spaser.toml : [colonnes.{}] \"{}\" = \"{key}\"",
                            candidate.kind.key(),
                            own
                        )),
                    );
                }
                extras.push(ExtraColumn { col: *col, header });
            }
        }
    }
    for (col, header, keys) in ambiguous {
        match by_values::decided_by_other_headers(&keys, columns.iter().map(|(c, _)| c.key.as_str()), spec) {
            Some(key) => columns.push((
                MappedColumn {
                    col,
                    key,
                    year: None,
                    header,
                },
                Strength::Abbreviation,
            )),
            None => {
                let labels: Vec<String> = keys.iter().map(|k| label_of(k)).collect();
                diagnostics.push(by_values::unresolved(header_cell(col), &header, &labels));
                extras.push(ExtraColumn { col, header });
            }
        }
    }
    let mut columns: Vec<MappedColumn> = columns.into_iter().map(|(c, _)| c).collect();
    stand_in_for_reference(&mut columns);
    columns.sort_by_key(|c| c.col);
    extras.sort_by_key(|c| c.col);
    report_missing_required(spec, &columns, location, row, &mut diagnostics);
    report_extras(&extras, location, row, &mut diagnostics);
    Layout {
        kind: candidate.kind,
        header_row: row,
        first_data_row,
        columns,
        extras,
        diagnostics,
    }
}

/// A suite export may name its purchases by an `Identifiant` alone: it is then the reference.
fn stand_in_for_reference(columns: &mut [MappedColumn]) {
    if columns.iter().any(|c| c.key == "reference") {
        return;
    }
    if let Some(identifier) = columns.iter_mut().find(|c| c.key == "identifiant") {
        identifier.key = "reference".to_string();
    }
}

fn report_missing_required(
    spec: &KindSpec,
    columns: &[MappedColumn],
    location: &Location,
    row: u32,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for required in spec.columns.iter().filter(|c| c.required) {
        if !columns.iter().any(|c| c.key == required.key) {
            let synonyms = if required.synonyms.is_empty() {
                String::new()
            } else {
                format!(
                    " (ou {})",
                    required
                        .synonyms
                        .iter()
                        .take(3)
                        .map(|s| format!("« {s} »"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            diagnostics.push(
                Diagnostic::error(
                    location.at_row(row),
                    Code::HeaderMissing,
                    format!("Colonne obligatoire « {} » absente de l'en-tête ({}). Les lignes de la feuille ne peuvent pas être utilisées.", required.label, spec.kind),
                )
                .suggest(format!("Ajoutez une colonne « {} »{synonyms}.", required.label)),
            );
        }
    }
}

fn report_extras(extras: &[ExtraColumn], location: &Location, row: u32, diagnostics: &mut Vec<Diagnostic>) {
    if extras.is_empty() {
        return;
    }
    let names: Vec<String> = extras
        .iter()
        .map(|e| format!("« {} » ({})", e.header, a1(row, e.col)))
        .collect();
    diagnostics.push(Diagnostic::info(
        location.at_row(row),
        Code::ExtraColumns,
        format!("Colonnes hors catalogue conservées comme texte : {}.", names.join(", ")),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memo_len(recogniser: &Recogniser) -> usize {
        recogniser.memo.read().map(|memo| memo.len()).unwrap_or(0)
    }

    #[test]
    fn a_header_met_again_gives_what_it_gave_the_first_time_and_is_matched_once() {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let recogniser = Recogniser::new(&catalogue);
        let mut key = String::new();
        let first = recogniser.match_everywhere(Some("Considérations"), "Clause env.", &mut key);
        let again = recogniser.match_everywhere(Some("Considérations"), "Clause env.", &mut key);
        assert!(Arc::ptr_eq(&first, &again));
        let alone = recogniser.match_everywhere(None, "Montant HT", &mut key);
        let (kind, matcher) = &recogniser.matchers[0];
        assert_eq!(*kind, SheetKind::ALL[0]);
        assert_eq!(alone[0], matcher.match_header(None, "Montant HT"));
        assert_eq!(memo_len(&recogniser), 2);
    }

    #[test]
    fn a_header_gives_for_every_kind_what_that_kind_s_matcher_gives() {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let recogniser = Recogniser::new(&catalogue);
        let mut key = String::new();
        let texts = [
            (None, "Montant HT (€)"),
            (None, "Cible 2025"),
            (None, "MP-2024-0001"),
            (None, "Fourniture de 12 ordinateurs"),
            (Some("Considérations environnementales"), "Clause"),
            (Some("Référence"), "MP-2024-0001"),
            (Some("Titulaire"), "SIRET"),
            (None, "Date de notif."),
            (None, "2024"),
        ];
        for (group, own) in texts {
            let found = recogniser.match_everywhere(group, own, &mut key);
            for (index, (_, matcher)) in recogniser.matchers.iter().enumerate() {
                assert_eq!(found[index], matcher.match_header(group, own), "{group:?} {own}");
            }
        }
    }

    #[test]
    fn no_two_group_and_label_pairs_share_a_remembered_result() {
        let (mut a, mut b, mut c) = (String::new(), String::new(), String::new());
        memo_key(Some("Clause"), "env", &mut a);
        memo_key(Some("Claus"), "eenv", &mut b);
        memo_key(None, "Clauseenv", &mut c);
        assert!(a != b && b != c && a != c);
    }
}

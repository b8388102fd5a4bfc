//! A fiche action in vertical form (§4.2) into records: the action (code from the heading,
//! intitulé, axe, orientation, pilote, partenaires, descriptif, résultats attendus), one
//! indicator per indicator line (coded `<code>-R1`, `-E1`, `-S1`, its type guessed from its
//! wording, each guess an `info`), and its yearly follow-up — label/value pairs or small tables —
//! as Suivi rows. A label's value is the first non-empty cell to its right, else the non-empty
//! rows below it up to the next label.

mod follow_up;

use crate::catalogue::Catalogue;
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{self, Action, FollowUp, Indicator, IndicatorType, Origin, SourceRow, Status};
use crate::normalise::{clean_multiline, clean_text, normalise};
use crate::parse::text_of;
use crate::read::{CellValue, Grid};
use crate::recognise::fiche::{FicheLayout, Field, Label};
use follow_up::FollowUpDrafts;

/// What one fiche gives.
#[derive(Debug, Clone, Default)]
pub struct FicheRecords {
    /// The fiche action (none when its code cannot be read).
    pub action: Option<Action>,
    /// One per indicator line.
    pub indicators: Vec<Indicator>,
    /// The yearly follow-up, as Suivi rows.
    pub follow_ups: Vec<FollowUp>,
}

/// One piece of a label's value: a cell, or a line of it.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) cell: CellValue,
    pub(super) position: (u32, u32),
}

impl Piece {
    pub(super) fn text(&self) -> String {
        text_of(&self.cell)
    }
}

/// The fiche being read: the sheet, its layout, and where it is.
pub(super) struct Reader<'a> {
    pub(super) grid: &'a Grid,
    pub(super) layout: &'a FicheLayout,
    pub(super) location: &'a Location,
    catalogue: &'a Catalogue,
}

/// Reads a recognised fiche.
pub fn read(
    grid: &Grid,
    layout: &FicheLayout,
    location: &Location,
    catalogue: &Catalogue,
    default_year: Option<i32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FicheRecords {
    let reader = Reader {
        grid,
        layout,
        location,
        catalogue,
    };
    let Some(code) = reader.code() else {
        diagnostics.push(
            Diagnostic::error(
                location.at_cell(layout.heading.row, layout.heading.col),
                Code::FaCodeInvalid,
                "Fiche action sans code lisible : ses indicateurs et son suivi ne sont pas lus.",
            )
            .suggest("Écrivez le code dans l'en-tête de la fiche (ex. « Action n°3 » ou « FA 3 »)."),
        );
        return FicheRecords::default();
    };
    let action = reader.action(&code);
    let mut indicators = reader.indicators(&code, diagnostics);
    let drafts = FollowUpDrafts::read(&reader, &code, &indicators, default_year, diagnostics);
    let (mut follow_ups, targets) = drafts.finish();
    follow_up::apply_targets(&targets, &mut indicators);
    // Everything on a fiche is under the fiche's axe.
    for indicator in &mut indicators {
        indicator.axe.clone_from(&action.axe);
    }
    for follow_up in &mut follow_ups {
        follow_up.axe.clone_from(&action.axe);
    }
    FicheRecords {
        action: Some(action),
        indicators,
        follow_ups,
    }
}

impl Reader<'_> {
    pub(super) fn source(&self, row: u32) -> Option<SourceRow> {
        Some(SourceRow {
            file: std::sync::Arc::clone(&self.location.file),
            sheet: self.location.sheet.as_deref().unwrap_or_default().into(),
            row,
            entry: None,
        })
    }

    /// The code of the heading, else the value beside a bare `Action` heading.
    fn code(&self) -> Option<model::Code> {
        let heading = &self.layout.heading;
        match &heading.code {
            Some(code) => Some(code.clone()),
            None => {
                let beside = self.beside(heading.row, heading.col)?;
                let text = match &beside.cell {
                    CellValue::Number(n) => {
                        crate::read::float_to_decimal(*n).map_or_else(|| beside.text(), |d| d.normalize().to_string())
                    }
                    _ => beside.text(),
                };
                model::Code::new(&text)
            }
        }
    }

    /// The first non-empty cell right of a label, outside the label's own merged region.
    fn beside(&self, row: u32, col: u32) -> Option<Piece> {
        let own_end = self.grid.merge_at(row, col).map_or(col, |m| m.last.1);
        self.grid
            .row_cells(row)
            .find(|(c, _)| *c > own_end)
            .map(|(c, cell)| Piece {
                cell: cell.clone(),
                position: (row, c),
            })
    }

    /// The non-empty rows below `row` up to the next label, each one piece.
    fn below(&self, row: u32) -> Vec<Piece> {
        (row + 1..self.grid.height())
            .take_while(|&r| !self.layout.is_boundary(r))
            .filter_map(|r| {
                let cells: Vec<(u32, &CellValue)> = self.grid.row_cells(r).collect();
                match cells.as_slice() {
                    [] => None,
                    [(c, cell)] => Some(Piece {
                        cell: (*cell).clone(),
                        position: (r, *c),
                    }),
                    [(c, _), ..] => Some(Piece {
                        cell: CellValue::Text(
                            cells
                                .iter()
                                .map(|(_, v)| text_of(v))
                                .collect::<Vec<_>>()
                                .join(" ")
                                .into(),
                        ),
                        position: (r, *c),
                    }),
                }
            })
            .collect()
    }

    /// A label's value: written after `:`, else beside it, else the rows below it.
    pub(super) fn value(&self, label: &Label) -> Vec<Piece> {
        if let Some(inline) = &label.inline {
            return vec![Piece {
                cell: CellValue::Text(inline.as_str().into()),
                position: (label.row, label.col),
            }];
        }
        match self.beside(label.row, label.col) {
            Some(piece) => vec![piece],
            None => self.below(label.row),
        }
    }

    fn text_of_field(&self, field: Field) -> Option<String> {
        let label = self.layout.labels.iter().find(|l| l.field == field)?;
        joined(&self.value(label))
    }

    fn action(&self, code: &model::Code) -> Action {
        let heading = &self.layout.heading;
        let intitule = self
            .text_of_field(Field::Intitule)
            .or_else(|| Some(heading.wording.clone()).filter(|w| !w.is_empty()))
            .or_else(|| {
                // A bare `Action` heading has its code beside it: its intitulé is below.
                let beside = heading
                    .code
                    .is_some()
                    .then(|| self.beside(heading.row, heading.col))
                    .flatten();
                beside
                    .map(|p| vec![p])
                    .or_else(|| Some(self.below(heading.row)))
                    .and_then(|p| joined(&p))
            })
            .unwrap_or_default();
        let title = self
            .layout
            .title
            .map(|(row, col)| clean_text(&text_of(self.grid.get(row, col))).into_owned())
            .filter(|t| !t.is_empty());
        Action {
            source: self.source(heading.row),
            code: code.clone(),
            axe: self.text_of_field(Field::Axe).or(title),
            orientation: self.text_of_field(Field::Orientation),
            intitule,
            pilote: self.text_of_field(Field::Pilote),
            partenaires: self.text_of_field(Field::Partenaires),
            descriptif: self.text_of_field(Field::Descriptif),
            resultats_attendus: self.text_of_field(Field::ResultatsAttendus),
            origin: Origin::Fiche,
        }
    }

    /// One indicator per line under the indicator labels, coded by kind and rank.
    fn indicators(&self, code: &model::Code, diagnostics: &mut Vec<Diagnostic>) -> Vec<Indicator> {
        let mut indicators = Vec::new();
        let mut ranks: Vec<(char, usize)> = Vec::new();
        for label in &self.layout.labels {
            let Field::Indicators(line_kind) = label.field else {
                continue;
            };
            for (line, position) in lines(&self.value(label)) {
                let letter = line_kind.letter();
                let rank = match ranks.iter_mut().find(|(l, _)| *l == letter) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        ranks.push((letter, 1));
                        1
                    }
                };
                let Some(indicator_code) = model::Code::new(&format!("{}-{letter}{rank}", code_stem(code))) else {
                    continue;
                };
                let (kind, unite) = guess_type(&line);
                diagnostics.push(
                    Diagnostic::info(
                        self.location.at_cell(position.0, position.1),
                        Code::TypeGuessed,
                        format!(
                            "Indicateur {indicator_code} « {line} » : type deviné {}{} d'après son libellé.",
                            type_label(kind),
                            unite.as_deref().map(|u| format!(", unité {u}")).unwrap_or_default()
                        ),
                    )
                    .suggest(format!(
                        "Si ce n'est pas le bon type, décrivez l'indicateur {indicator_code} dans une feuille Indicateurs : elle prime sur la fiche."
                    )),
                );
                indicators.push(Indicator {
                    source: self.source(position.0),
                    code: indicator_code,
                    code_fa: code.clone(),
                    libelle: line,
                    kind,
                    unite,
                    origin: Origin::Fiche,
                    ..Indicator::default()
                });
            }
        }
        indicators
    }

    /// A declared status typed on the fiche; an unknown one is a warning.
    pub(super) fn status(&self, piece: &Piece, diagnostics: &mut Vec<Diagnostic>) -> Option<Status> {
        let text = piece.text();
        let spec = self.catalogue.enumeration("statut")?;
        match spec.lookup(&text).and_then(Status::from_declared) {
            Some(status) => Some(status),
            None => {
                diagnostics.push(
                    Diagnostic::warning(
                        self.location.at_cell(piece.position.0, piece.position.1),
                        Code::EnumUnknown,
                        format!("Statut « {text} » inconnu : il n'est pas retenu."),
                    )
                    .suggest(
                        "Écrivez Atteint, Partiellement atteint ou Non atteint (ou Réalisé, En cours, Non réalisé).",
                    ),
                );
                None
            }
        }
    }
}

/// `FA3` for an action whose key is a number (`Action n°3`), else its key (`ENV`): the stem of
/// the fiche's indicator codes (`FA3-R1`).
fn code_stem(code: &model::Code) -> String {
    if code.key().starts_with(|c: char| c.is_ascii_digit()) {
        format!("FA{}", code.key())
    } else {
        code.key().to_string()
    }
}

pub(super) fn joined(pieces: &[Piece]) -> Option<String> {
    let text = pieces.iter().map(Piece::text).collect::<Vec<_>>().join("\n");
    let text = clean_multiline(&text).into_owned();
    (!text.is_empty()).then_some(text)
}

/// Each line or bullet of a value, without its bullet, with the cell it is in.
fn lines(pieces: &[Piece]) -> Vec<(String, (u32, u32))> {
    pieces
        .iter()
        .flat_map(|piece| {
            piece
                .text()
                .lines()
                .map(|line| (unbulleted(line), piece.position))
                .filter(|(line, _)| !line.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

pub(super) fn unbulleted(line: &str) -> String {
    let trimmed = line.trim();
    let rest = trimmed
        .strip_prefix(['-', '•', '–', '—', '*', '·', '▪', '►'])
        .unwrap_or(trimmed);
    clean_text(rest).into_owned()
}

/// The type of an indicator line (§4.2): `Réuni / Pas réuni`, `Fait ou pas`, `Oui/Non` →
/// Binaire; `Nombre`/`Nb` → Quantitatif in `nombre`; `Taux`, `Part`, `%` → Quantitatif in `%`;
/// `Montant` → Quantitatif in `€`; otherwise Qualitatif.
pub fn guess_type(line: &str) -> (IndicatorType, Option<String>) {
    let words = normalise(line);
    let binary = [
        "reuni pas reuni",
        "fait ou pas",
        "oui non",
        "fait pas fait",
        "realise ou non",
    ];
    if binary.iter().any(|b| words.contains(b)) {
        return (IndicatorType::Binaire, None);
    }
    let first = words.split_whitespace().next().unwrap_or_default();
    let unit = match first {
        "nombre" | "nb" => Some("nombre"),
        "taux" | "part" | "pourcentage" => Some("%"),
        "montant" => Some("€"),
        _ if line.trim_start().starts_with('%') => Some("%"),
        _ => None,
    };
    match unit {
        Some(unit) => (IndicatorType::Quantitatif, Some(unit.to_string())),
        None => (IndicatorType::Qualitatif, None),
    }
}

fn type_label(kind: IndicatorType) -> &'static str {
    match kind {
        IndicatorType::Quantitatif => "Quantitatif",
        IndicatorType::Binaire => "Binaire",
        IndicatorType::Qualitatif => "Qualitatif",
    }
}

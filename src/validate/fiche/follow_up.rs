//! A fiche's yearly follow-up (§4.2): `Réalisé <année>`, `Cible <année>`, `Statut <année>`,
//! `Mise en œuvre <année>`, `Freins`, `Solutions` as label/value pairs, or a small table headed
//! `Année | Indicateur | Réalisé | …`; gathered into one Suivi row per year and subject.

use super::{Piece, Reader, joined, unbulleted};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, FollowUp, Indicator, IndicatorType, Realise, Subject};
use crate::normalise::normalise;
use crate::parse::text_of;
use crate::read::CellValue;
use crate::recognise::fiche::{Field, Table};
use crate::validate::suivi::{number_of, typed_realise};

/// The follow-up rows of a fiche being gathered, one per year and subject, and the targets it
/// gives its indicators.
pub(super) struct FollowUpDrafts<'a> {
    reader: &'a Reader<'a>,
    code: &'a model::Code,
    indicators: &'a [Indicator],
    rows: Vec<FollowUp>,
    targets: Vec<(usize, i32, Piece)>,
}

impl<'a> FollowUpDrafts<'a> {
    pub(super) fn read(
        reader: &'a Reader<'a>,
        code: &'a model::Code,
        indicators: &'a [Indicator],
        default_year: Option<i32>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut drafts = FollowUpDrafts {
            reader,
            code,
            indicators,
            rows: Vec::new(),
            targets: Vec::new(),
        };
        drafts.read_labels(default_year, diagnostics);
        for table in &reader.layout.tables {
            drafts.read_table(table, diagnostics);
        }
        drafts
    }

    /// The row of `year` about `subject`, created when first needed.
    fn row(&mut self, year: i32, subject: Subject, at: u32) -> &mut FollowUp {
        let index = match self
            .rows
            .iter()
            .position(|r| r.year == year && r.subject.as_ref() == Some(&subject))
        {
            Some(index) => index,
            None => {
                self.rows.push(FollowUp {
                    source: self.reader.source(at),
                    year,
                    code_fa: self.code.clone(),
                    subject: Some(subject),
                    ..FollowUp::default()
                });
                self.rows.len() - 1
            }
        };
        &mut self.rows[index]
    }

    fn indicator_subject(&self, index: usize) -> Subject {
        Subject::Indicator(self.indicators[index].code.clone())
    }

    /// Label/value pairs: `Réalisé 2024`, `Cible 2024`, `Statut 2024`, `Mise en œuvre 2024`,
    /// `Freins`, `Solutions` (a label without year takes the year of the label above it).
    fn read_labels(&mut self, default_year: Option<i32>, diagnostics: &mut Vec<Diagnostic>) {
        let reader = self.reader;
        let labels = &reader.layout.labels;
        let latest = labels.iter().filter_map(|l| l.year).max().or(default_year);
        let mut current = None;
        for label in labels {
            current = label.year.or(current);
            let yearly = matches!(
                label.field,
                Field::Realise | Field::Cible | Field::Statut | Field::MiseEnOeuvre | Field::Freins | Field::Solutions
            );
            let pieces = if yearly { reader.value(label) } else { Vec::new() };
            if pieces.is_empty() {
                continue;
            }
            let Some(year) = current.or(latest) else {
                diagnostics.push(
                    Diagnostic::warning(
                        reader.location.at_cell(label.row, label.col),
                        Code::YearMissing,
                        "Suivi de la fiche sans année : la valeur n'est rattachée à aucune année.",
                    )
                    .suggest("Écrivez l'année dans le libellé (« Réalisé 2024 ») ou relancez avec --year."),
                );
                continue;
            };
            let values = split_values(&pieces);
            match label.field {
                Field::Realise => {
                    for (index, piece) in per_indicator(&values, self.indicators.len()) {
                        let subject = self.indicator_subject(index);
                        self.row(year, subject, label.row).realise = Some(typed_realise(&piece.cell, piece.position));
                    }
                }
                Field::Cible => {
                    for (index, piece) in per_indicator(&values, self.indicators.len()) {
                        self.targets.push((index, year, piece.clone()));
                    }
                }
                Field::Statut => self.read_statuses(year, label.row, &values, diagnostics),
                field => {
                    let text = joined(&pieces);
                    let row = self.row(year, Subject::Action, label.row);
                    let slot = match field {
                        Field::MiseEnOeuvre => &mut row.mise_en_oeuvre,
                        Field::Freins => &mut row.freins,
                        _ => &mut row.solutions,
                    };
                    *slot = text;
                }
            }
        }
    }

    /// One status for the fiche is the action's (and its only indicator's); one per indicator
    /// line is each indicator's.
    fn read_statuses(&mut self, year: i32, at: u32, values: &[Piece], diagnostics: &mut Vec<Diagnostic>) {
        let reader = self.reader;
        if values.len() > 1 && values.len() == self.indicators.len() {
            for (index, piece) in values.iter().enumerate() {
                let status = reader.status(piece, diagnostics);
                let subject = self.indicator_subject(index);
                self.row(year, subject, at).statut_declare = status;
            }
            return;
        }
        let Some(first) = values.first() else { return };
        let status = reader.status(first, diagnostics);
        self.row(year, Subject::Action, at).statut_declare = status;
        if self.indicators.len() == 1 {
            let subject = self.indicator_subject(0);
            self.row(year, subject, at).statut_declare = status;
        }
    }

    /// A follow-up table: one row per year and indicator (an empty `Indicateur` is the action).
    fn read_table(&mut self, table: &Table, diagnostics: &mut Vec<Diagnostic>) {
        let reader = self.reader;
        let col = |field: Field| table.columns.iter().find(|(f, _)| *f == field).map(|(_, c)| *c);
        for &row in &table.rows {
            let piece = |field: Field| {
                let c = col(field)?;
                let cell = reader.grid.get(row, c);
                (!cell.is_empty()).then(|| Piece {
                    cell: cell.clone(),
                    position: (row, c),
                })
            };
            let Some(year) = piece(Field::Annee).and_then(|p| table_year(&p)) else {
                diagnostics.push(
                    Diagnostic::warning(
                        reader.location.at_row(row),
                        Code::YearInvalid,
                        "Ligne du tableau de suivi sans année lisible : elle n'est pas lue.",
                    )
                    .suggest("Écrivez l'année sur quatre chiffres (ex. 2024)."),
                );
                continue;
            };
            let index = match piece(Field::Indicateur) {
                None => None,
                Some(p) => match resolve_indicator(&p.text(), self.indicators) {
                    Some(index) => Some(index),
                    None => {
                        diagnostics.push(
                            Diagnostic::warning(
                                reader.location.at_cell(p.position.0, p.position.1),
                                Code::UnknownIndicator,
                                format!("Indicateur « {} » absent des indicateurs de la fiche : la ligne n'est pas lue.", p.text()),
                            )
                            .suggest("Recopiez le libellé de l'indicateur tel que la fiche l'écrit, son code (ex. FA3-R1) ou son numéro."),
                        );
                        continue;
                    }
                },
            };
            if let (Some(target), Some(index)) = (piece(Field::Cible), index) {
                self.targets.push((index, year, target));
            }
            let status = piece(Field::Statut).and_then(|p| reader.status(&p, diagnostics));
            let realise: Option<Realise> = piece(Field::Realise).map(|p| typed_realise(&p.cell, p.position));
            let text = |field: Field| piece(field).and_then(|p| joined(&[p]));
            let (mise_en_oeuvre, freins, solutions) =
                (text(Field::MiseEnOeuvre), text(Field::Freins), text(Field::Solutions));
            let subject = index.map_or(Subject::Action, |i| self.indicator_subject(i));
            let draft = self.row(year, subject, row);
            draft.realise = realise.or(draft.realise.take());
            draft.statut_declare = status.or(draft.statut_declare);
            draft.mise_en_oeuvre = mise_en_oeuvre.or(draft.mise_en_oeuvre.take());
            draft.freins = freins.or(draft.freins.take());
            draft.solutions = solutions.or(draft.solutions.take());
        }
    }

    /// The follow-up rows that hold something, and the targets for the indicators.
    pub(super) fn finish(self) -> (Vec<FollowUp>, Vec<(usize, i32, Piece)>) {
        let rows = self
            .rows
            .into_iter()
            .filter(|r| {
                r.realise.is_some()
                    || r.statut_declare.is_some()
                    || r.mise_en_oeuvre.is_some()
                    || r.freins.is_some()
                    || r.solutions.is_some()
            })
            .collect();
        (rows, self.targets)
    }
}

/// The fiche's `Cible <année>` values become its indicators' targets: a number for a
/// quantitative indicator, the text as typed otherwise.
pub(super) fn apply_targets(targets: &[(usize, i32, Piece)], indicators: &mut [Indicator]) {
    for (index, year, piece) in targets {
        let Some(indicator) = indicators.get_mut(*index) else {
            continue;
        };
        match (indicator.kind, number_of(&piece.cell)) {
            (IndicatorType::Quantitatif, Some(value)) => {
                indicator.cibles.insert(*year, value);
            }
            _ => {
                indicator.cibles_texte.insert(*year, piece.text());
            }
        }
    }
}

/// A value split into its lines: a multi-line text cell gives one piece per line.
fn split_values(pieces: &[Piece]) -> Vec<Piece> {
    pieces
        .iter()
        .flat_map(|piece| match &piece.cell {
            CellValue::Text(text) if text.contains('\n') => text
                .lines()
                .map(unbulleted)
                .filter(|l| !l.is_empty())
                .map(|l| Piece {
                    cell: CellValue::Text(l.into()),
                    position: piece.position,
                })
                .collect(),
            _ => vec![piece.clone()],
        })
        .collect()
}

/// One value is the fiche's first indicator's; several are the indicators' in order.
fn per_indicator(values: &[Piece], indicators: usize) -> Vec<(usize, &Piece)> {
    if indicators == 0 {
        return Vec::new();
    }
    values.iter().take(indicators).enumerate().collect()
}

fn table_year(piece: &Piece) -> Option<i32> {
    let year = match &piece.cell {
        CellValue::Number(n) if n.fract() == 0.0 => *n as i32,
        other => text_of(other).trim().parse().ok()?,
    };
    (1990..=2100).contains(&year).then_some(year)
}

/// The fiche indicator a table's `Indicateur` cell names: its code (`FA3-R1`, `R1`), its
/// wording, or its number (1 for the first).
fn resolve_indicator(text: &str, indicators: &[Indicator]) -> Option<usize> {
    if let Some(code) = model::Code::new(text)
        && let Some(index) = indicators.iter().position(|i| names_indicator(&code, i))
    {
        return Some(index);
    }
    let wanted = normalise(text);
    if let Some(index) = indicators.iter().position(|i| normalise(&i.libelle) == wanted) {
        return Some(index);
    }
    let number: usize = text.trim().parse().ok()?;
    (1..=indicators.len()).contains(&number).then(|| number - 1)
}

/// Whether a code names the indicator: its whole code (`FA3-R1`), or its own part (`R1`).
fn names_indicator(code: &model::Code, indicator: &Indicator) -> bool {
    let (key, own) = (indicator.code.key(), code.key());
    indicator.code == *code || own.starts_with(char::is_alphabetic) && key.len() > own.len() && key.ends_with(own)
}

//! The committee's rows of a fiche (§6, `Bilan par fiche`): one per indicator and per objective
//! of the bilan tables, each with its status, its own texts in full and, when it has none of the
//! three statuses, the reason; and why an action is retained as it is. Reasons are values: the
//! writers word them.

use super::IndicatorResult;
use super::status;
use crate::model::{FollowUp, IndicatorType, Status, Subject};

/// The texts of one follow-up row, in full.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// Mise en œuvre.
    pub mise_en_oeuvre: Option<String>,
    /// Freins.
    pub freins: Option<String>,
    /// Solutions.
    pub solutions: Option<String>,
}

impl Texts {
    /// The texts of a follow-up row, none when there is no row.
    pub fn of(row: Option<&FollowUp>) -> Self {
        row.map_or_else(Texts::default, |r| Texts {
            mise_en_oeuvre: r.mise_en_oeuvre.clone(),
            freins: r.freins.clone(),
            solutions: r.solutions.clone(),
        })
    }
}

/// What a row of the fiche is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    /// An indicator: its position in [`super::Bilan::indicators`].
    Indicator(usize),
    /// An objective of an existing bilan table: its wording (`Objectif n` when it has none).
    Objective(String),
}

/// One row of the committee's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What it is about.
    pub about: About,
    /// The status that counts for it.
    pub status: Status,
    /// Why it has none of the three statuses (Non renseigné, Sans cible).
    pub unassessed: Option<Unassessed>,
    /// Its own texts.
    pub texts: Texts,
}

/// A line for an indicator.
pub fn indicator_line(index: usize, result: &IndicatorResult, row: Option<&FollowUp>) -> Line {
    Line {
        about: About::Indicator(index),
        status: result.status,
        unassessed: unassessed(result),
        texts: Texts::of(row),
    }
}

/// A line for an objective of a bilan table (its declared status counts).
pub fn objective_line(row: &FollowUp) -> Line {
    let wording = match (&row.objective, &row.subject) {
        (Some(text), _) => text.clone(),
        (None, Some(Subject::Objective(n))) => format!("Objectif {n}"),
        (None, _) => "Objectif".to_string(),
    };
    let status = row.statut_declare.unwrap_or(Status::NonRenseigne);
    Line {
        about: About::Objective(wording),
        status,
        unassessed: (status == Status::NonRenseigne).then_some(Unassessed::NothingTicked),
        texts: Texts::of(Some(row)),
    }
}

/// Why a row has none of the three statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unassessed {
    /// The indicator has no target for the year.
    NoTarget,
    /// A qualitative indicator without a declared status for the year.
    NoStatusDeclared,
    /// A computed indicator whose computation gives no value for the year.
    NoComputedValue,
    /// No réalisé for the year.
    NoRealised,
    /// A réalisé with values for several populations (§4.3), never computed on.
    SeveralValues,
    /// An objective of a bilan table with no status ticked.
    NothingTicked,
}

/// Why the action's status is what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retention {
    /// Every indicator assessed is Atteint, and no declared status differs: nothing to explain.
    Agreed,
    /// The computed status is retained; these rows keep it from Atteint.
    Computed(Vec<Lagging>),
    /// The declared status differs from the computed one, which is retained; these rows keep
    /// the action from Atteint (none: every indicator assessed is Atteint).
    ComputedOverDeclared {
        /// The status the pilot declared.
        declared: Status,
        /// The computed status.
        computed: Status,
        /// The rows that keep it from Atteint.
        lagging: Vec<Lagging>,
    },
    /// No indicator assessed: the declared status is retained.
    DeclaredKept(Status),
    /// Neither an indicator assessed nor a declared status.
    NothingAssessed,
}

/// A row that keeps an action from Atteint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lagging {
    /// The row.
    pub about: About,
    /// Its status (Partiellement or Non atteint).
    pub status: Status,
}

fn unassessed(result: &IndicatorResult) -> Option<Unassessed> {
    let indicator = &result.indicator;
    match result.status {
        Status::SansCible => Some(Unassessed::NoTarget),
        Status::NonRenseigne => Some(match indicator.kind {
            IndicatorType::Qualitatif => Unassessed::NoStatusDeclared,
            _ if indicator.calcul.is_some() => Unassessed::NoComputedValue,
            _ if result.realised_typed.is_some() => Unassessed::SeveralValues,
            _ => Unassessed::NoRealised,
        }),
        _ => None,
    }
}

/// Why the action is retained as it is.
pub fn retention(computed: Status, declared: Option<Status>, lines: &[Line]) -> Retention {
    let lagging = lagging(computed, lines);
    match (status::is_assessed(computed), declared) {
        (true, Some(declared)) if declared != computed => Retention::ComputedOverDeclared {
            declared,
            computed,
            lagging,
        },
        (true, _) if lagging.is_empty() => Retention::Agreed,
        (true, _) => Retention::Computed(lagging),
        (false, Some(declared)) => Retention::DeclaredKept(declared),
        (false, None) => Retention::NothingAssessed,
    }
}

/// The assessed rows that keep the action from Atteint, when its status is not Atteint.
fn lagging(computed: Status, lines: &[Line]) -> Vec<Lagging> {
    if computed == Status::Atteint {
        return Vec::new();
    }
    lines
        .iter()
        .filter(|l| matches!(l.status, Status::PartiellementAtteint | Status::NonAtteint))
        .map(|l| Lagging {
            about: l.about.clone(),
            status: l.status,
        })
        .collect()
}

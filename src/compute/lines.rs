//! The committee's rows of a fiche (§6, `Bilan par fiche`): one per indicator and per objective
//! of the bilan tables, each with its status, its own texts in full and, when it has none of the
//! three statuses, the reason; and the remark saying why an action is retained as it is.

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
    pub remark: Option<String>,
    /// Its own texts.
    pub texts: Texts,
}

/// A line for an indicator.
pub fn indicator_line(index: usize, result: &IndicatorResult, row: Option<&FollowUp>, year: i32) -> Line {
    Line {
        about: About::Indicator(index),
        status: result.status,
        remark: indicator_remark(result, year),
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
        remark: (status == Status::NonRenseigne).then(|| "Non renseigné : aucun statut coché".to_string()),
        texts: Texts::of(Some(row)),
    }
}

fn indicator_remark(result: &IndicatorResult, year: i32) -> Option<String> {
    let indicator = &result.indicator;
    match result.status {
        Status::SansCible => Some(format!("Sans cible pour {year}")),
        Status::NonRenseigne => Some(match indicator.kind {
            IndicatorType::Qualitatif => format!("Non renseigné : pas de statut déclaré pour {year}"),
            _ if indicator.calcul.is_some() => {
                format!("Non renseigné : le calcul ne donne pas de valeur pour {year}")
            }
            _ => format!("Non renseigné : pas de réalisé {year}"),
        }),
        _ => None,
    }
}

/// Why the action is retained as it is, in one French sentence (empty when there is nothing to
/// explain: every indicator agrees and no declared status differs).
pub fn action_remark(
    computed: Status,
    declared: Option<Status>,
    lines: &[Line],
    indicators: &[IndicatorResult],
    year: i32,
) -> String {
    let lagging = lagging(computed, lines, indicators);
    match (status::is_assessed(computed), declared) {
        (true, Some(declared)) if declared != computed => {
            let why = if lagging.is_empty() {
                "tous les indicateurs évalués sont atteints".to_string()
            } else {
                lagging
            };
            format!(
                "Statut déclaré {}, calcul {} : {why}. Le calcul est retenu.",
                declared.label(),
                computed.label()
            )
        }
        (true, _) => lagging,
        (false, Some(declared)) => format!(
            "Aucun indicateur évalué pour {year} : le statut déclaré {} est retenu.",
            declared.label()
        ),
        (false, None) => format!("Aucun indicateur évalué ni statut déclaré pour {year}."),
    }
}

/// The assessed rows that keep the action from Atteint (`I1.2 non atteint, I1.3 partiellement
/// atteint`), when its status is not Atteint.
fn lagging(computed: Status, lines: &[Line], indicators: &[IndicatorResult]) -> String {
    if computed == Status::Atteint {
        return String::new();
    }
    lines
        .iter()
        .filter(|l| matches!(l.status, Status::PartiellementAtteint | Status::NonAtteint))
        .map(|l| {
            let name = match &l.about {
                About::Indicator(i) => indicators
                    .get(*i)
                    .map_or_else(String::new, |r| r.indicator.code.to_string()),
                About::Objective(wording) => format!("« {} »", shorten(wording)),
            };
            format!("{name} {}", l.status.label().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A wording cut to a few words for a remark (the full wording is on its own row).
fn shorten(text: &str) -> String {
    const WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= WORDS {
        text.to_string()
    } else {
        format!("{}…", words[..WORDS].join(" "))
    }
}

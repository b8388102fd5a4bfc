//! The French sentences the committee reads about a status: why a row has none of the three
//! statuses, and why an action is retained as it is. Compute gives the reasons; this words them
//! for the workbook (and for any other writer of the bilan).

use crate::compute::IndicatorResult;
use crate::compute::lines::{About, Lagging, Retention, Unassessed};

/// Why a row has none of the three statuses, for `year`.
pub fn unassessed(reason: Unassessed, year: i32) -> String {
    match reason {
        Unassessed::NoTarget => format!("Sans cible pour {year}"),
        Unassessed::NoStatusDeclared => format!("Non renseigné : pas de statut déclaré pour {year}"),
        Unassessed::NoComputedValue => format!("Non renseigné : le calcul ne donne pas de valeur pour {year}"),
        Unassessed::NoRealised => format!("Non renseigné : pas de réalisé {year}"),
        Unassessed::NothingTicked => "Non renseigné : aucun statut coché".to_string(),
    }
}

/// Why the action is retained as it is, in one French sentence (empty when there is nothing to
/// explain): `Statut déclaré Atteint, calcul Partiellement atteint : I1.2 non atteint. Le calcul
/// est retenu.`
pub fn retention(retention: &Retention, indicators: &[IndicatorResult], year: i32) -> String {
    match retention {
        Retention::Agreed => String::new(),
        Retention::Computed(lagging) => lagging_rows(lagging, indicators),
        Retention::ComputedOverDeclared {
            declared,
            computed,
            lagging,
        } => {
            let why = if lagging.is_empty() {
                "tous les indicateurs évalués sont atteints".to_string()
            } else {
                lagging_rows(lagging, indicators)
            };
            format!(
                "Statut déclaré {}, calcul {} : {why}. Le calcul est retenu.",
                declared.label(),
                computed.label()
            )
        }
        Retention::DeclaredKept(declared) => format!(
            "Aucun indicateur évalué pour {year} : le statut déclaré {} est retenu.",
            declared.label()
        ),
        Retention::NothingAssessed => format!("Aucun indicateur évalué ni statut déclaré pour {year}."),
    }
}

/// `I1.2 non atteint, « Former les acheteurs… » partiellement atteint`.
fn lagging_rows(lagging: &[Lagging], indicators: &[IndicatorResult]) -> String {
    lagging
        .iter()
        .map(|row| {
            let name = match &row.about {
                About::Indicator(i) => indicators
                    .get(*i)
                    .map_or_else(String::new, |r| r.indicator.code.to_string()),
                About::Objective(wording) => format!("« {} »", first_words(wording)),
            };
            format!("{name} {}", row.status.label().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A wording cut to a few words for a remark (the full wording is on its own row).
fn first_words(text: &str) -> String {
    const WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= WORDS {
        text.to_string()
    } else {
        format!("{}…", words[..WORDS].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn a_declared_status_overridden_by_the_computation_says_which_rows_lag() {
        let retention = Retention::ComputedOverDeclared {
            declared: Status::Atteint,
            computed: Status::PartiellementAtteint,
            lagging: vec![Lagging {
                about: About::Objective("Former les acheteurs aux clauses sociales dans tous les services".into()),
                status: Status::NonAtteint,
            }],
        };
        assert_eq!(
            super::retention(&retention, &[], 2024),
            "Statut déclaré Atteint, calcul Partiellement atteint : « Former les acheteurs aux clauses sociales dans tous… » non atteint. Le calcul est retenu."
        );
        assert_eq!(super::retention(&Retention::Agreed, &[], 2024), "");
        assert_eq!(
            unassessed(Unassessed::NoRealised, 2024),
            "Non renseigné : pas de réalisé 2024"
        );
    }
}

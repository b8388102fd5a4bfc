//! The réalisé of each indicator for a year: computed from the recensement when it has a
//! `Calcul`, else read from its Suivi row according to its type; and its status (§6.1).

use super::status::{self, Assessment, Goal};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{FollowUp, Indicator, IndicatorType, Status, Subject};
use crate::parse::number::format_french;
use rust_decimal::Decimal;

/// A réalisé as the bilan shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Realised {
    /// A figure (quantitative indicators).
    Number(Decimal),
    /// Words (binary indicators: `Oui`, `en cours`…).
    Text(String),
}

/// The follow-up row of an indicator for a year, if any.
pub fn follow_up_of<'a>(follow_ups: &'a [FollowUp], indicator: &Indicator, year: i32) -> Option<&'a FollowUp> {
    follow_ups
        .iter()
        .find(|f| f.year == year && matches!(&f.subject, Some(Subject::Indicator(c)) if *c == indicator.code))
}

/// The réalisé of `indicator`: `computed` (its figure from the recensement) when it has a
/// `Calcul`, else the one typed on its follow-up row.
pub fn realised(indicator: &Indicator, row: Option<&FollowUp>, computed: Option<Decimal>) -> Option<Realised> {
    if indicator.calcul.is_some() {
        return computed.map(Realised::Number);
    }
    let typed = row?.realise.as_ref()?;
    match indicator.kind {
        IndicatorType::Quantitatif => typed.number().map(Realised::Number),
        IndicatorType::Binaire => Some(Realised::Text(typed.words())),
        IndicatorType::Qualitatif => None,
    }
}

/// A réalisé typed as a fraction where a percentage was meant (0,4 for an indicator in % whose
/// target is 35): the percentage it probably is, so that every view of it flags it (§6.2).
pub fn doubtful(indicator: &Indicator, row: Option<&FollowUp>, target: Option<Decimal>) -> Option<Decimal> {
    let typed = row?.realise.as_ref()?;
    let value = typed.number()?;
    let with_sign = matches!(typed.value, crate::model::RealiseValue::Percent(_));
    (indicator.calcul.is_none()
        && indicator.is_percent()
        && !with_sign
        && value > Decimal::ZERO
        && value < Decimal::ONE
        && target.is_some_and(|t| t > Decimal::ONE))
    .then(|| value * Decimal::ONE_HUNDRED)
}

/// The status of an indicator in year N from its réalisé (§6.1).
pub fn assess(indicator: &Indicator, realised: Option<&Realised>, row: Option<&FollowUp>, goal: &Goal) -> Assessment {
    match indicator.kind {
        IndicatorType::Quantitatif => {
            let value = match realised {
                Some(Realised::Number(v)) => Some(*v),
                _ => None,
            };
            status::quantitative(value, goal)
        }
        IndicatorType::Binaire => match realised {
            Some(Realised::Text(text)) => status::binary(text).unwrap_or(Status::NonRenseigne).into(),
            _ => Status::NonRenseigne.into(),
        },
        IndicatorType::Qualitatif => row
            .and_then(|r| r.statut_declare)
            .unwrap_or(Status::NonRenseigne)
            .into(),
    }
}

/// Diagnostics about the réalisé typed for year N: a typed value that differs from the computed
/// one (warning), and a binary réalisé that none of the §6.1 words matches (warning).
pub fn check_typed(indicator: &Indicator, computed: Option<&Realised>, row: Option<&FollowUp>) -> Option<Diagnostic> {
    let row = row?;
    let typed = row.realise.as_ref()?;
    let source = row.source.as_ref()?;
    let location = Location::sheet(&source.file, &source.sheet).at_cell(typed.position.0, typed.position.1);
    if indicator.computation.is_some() {
        let typed_value = typed.number();
        let Some(Realised::Number(value)) = computed else {
            return None;
        };
        let matches = typed_value.is_some_and(|t| value.round_dp(t.scale()) == t);
        return (!matches).then(|| {
            Diagnostic::warning(
                location,
                Code::RealiseDiffersFromComputed,
                format!(
                    "Réalisé {} saisi pour l'indicateur {}, calculé depuis le recensement : le calcul donne {}. La valeur calculée est retenue.",
                    typed.text,
                    indicator.code,
                    format_french(value.round_dp(2))
                ),
            )
            .suggest("Videz la cellule Réalisé, ou vérifiez le recensement (statut, date de notification, attributs) si le calcul semble faux.")
        });
    }
    if indicator.kind == IndicatorType::Binaire && status::binary(&typed.words()).is_none() {
        return Some(
            Diagnostic::warning(
                location,
                Code::RealiseUnrecognised,
                format!(
                    "Réalisé « {} » de l'indicateur binaire {} non reconnu : il compte comme Non renseigné.",
                    typed.text, indicator.code
                ),
            )
            .suggest("Écrivez Oui / Fait / Réalisé, En cours / Partiel, ou Non / Pas fait."),
        );
    }
    None
}

//! The status rules of §6.1, word for word, as pure functions: an indicator's status from its
//! réalisé and target, an action's statut calculé from its indicators, the statut retenu.

use crate::model::{Direction, Status};
use crate::normalise::normalise;
use rust_decimal::Decimal;

/// The partial threshold when neither the indicator nor `spaser.toml` gives one.
pub const DEFAULT_PARTIAL_THRESHOLD: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// What a quantitative indicator is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    /// c: the target for year N, if any.
    pub target: Option<Decimal>,
    /// Valeur de référence, if typed.
    pub reference: Option<Decimal>,
    /// Sens.
    pub direction: Direction,
    /// Partial threshold, as a fraction.
    pub partial_threshold: Decimal,
}

/// A status with, when it was computed from a progress, that progress (1 = target reached).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// The status.
    pub status: Status,
    /// (v − r) / (c − r), shown as the *taux d'atteinte*.
    pub progress: Option<Decimal>,
    /// The target does not move away from the reference (c ≤ r for Hausse, c ≥ r for Baisse):
    /// a level to keep, without progress (§6.1).
    pub level_to_keep: bool,
}

impl From<Status> for Assessment {
    fn from(status: Status) -> Self {
        Assessment {
            status,
            progress: None,
            level_to_keep: false,
        }
    }
}

/// **Quantitatif**: réalisé empty → Non renseigné; no target → Sans cible; otherwise progress
/// = (v − r) / (c − r) with r = reference (0 when empty and Sens = Hausse): Atteint if ≥ 1,
/// Partiellement atteint if ≥ the threshold, else Non atteint. When Sens = Baisse without
/// reference, or when the target does not move away from the reference (c ≤ r for Hausse, c ≥ r
/// for Baisse: a level to keep): Atteint if v reaches c, else Non atteint, without progress.
pub fn quantitative(realise: Option<Decimal>, goal: &Goal) -> Assessment {
    let Some(v) = realise else {
        return Status::NonRenseigne.into();
    };
    let Some(c) = goal.target else {
        return Status::SansCible.into();
    };
    let reference = match (goal.reference, goal.direction) {
        (Some(r), _) => Some(r),
        (None, Direction::Hausse) => Some(Decimal::ZERO),
        (None, Direction::Baisse) => None,
    };
    let moves_away = |r: &Decimal| match goal.direction {
        Direction::Hausse => c > *r,
        Direction::Baisse => c < *r,
    };
    let progress = reference
        .filter(moves_away)
        .and_then(|r| v.checked_sub(r)?.checked_div(c.checked_sub(r)?));
    let Some(progress) = progress else {
        let reached = match goal.direction {
            Direction::Hausse => v >= c,
            Direction::Baisse => v <= c,
        };
        return Assessment {
            status: if reached { Status::Atteint } else { Status::NonAtteint },
            progress: None,
            level_to_keep: goal.reference.is_some_and(|r| !moves_away(&r)),
        };
    };
    let status = if progress >= Decimal::ONE {
        Status::Atteint
    } else if progress >= goal.partial_threshold {
        Status::PartiellementAtteint
    } else {
        Status::NonAtteint
    };
    Assessment {
        status,
        progress: Some(progress),
        level_to_keep: false,
    }
}

/// *% de la cible* (§6.1): v / c, and for Sens = Baisse c / v; `None` when dividing by zero.
pub fn share_of_target(v: Decimal, c: Decimal, direction: Direction) -> Option<Decimal> {
    match direction {
        Direction::Hausse => v.checked_div(c),
        Direction::Baisse => c.checked_div(v),
    }
}

/// The rules of §6.1 in plain French, for the Notice of the templates (subject, rule). The
/// binary words are those [`binary`] reads; a test keeps the two together.
pub const RULES: [(&str, &str); 6] = [
    (
        "Indicateur quantitatif",
        "Réalisé vide : Non renseigné. Pas de cible pour l'année : Sans cible. Sinon progression = (réalisé − référence) / (cible − référence), la référence valant 0 si elle est vide et le sens Hausse : Atteint à partir de 1 (100 %), Partiellement atteint à partir du seuil partiel (colonne Seuil partiel, sinon spaser.toml, sinon 50 %), Non atteint en dessous. Sens Baisse sans référence, ou cible qui ne s'éloigne pas de la référence (un niveau à tenir : cible inférieure ou égale à la référence en Hausse, supérieure ou égale en Baisse) : Atteint si la cible est atteinte, sinon Non atteint.",
    ),
    (
        "Indicateur binaire",
        "Réalisé oui, fait, réalisé, réuni, vrai, 1 ou x : Atteint. En cours, partiel, partiellement : Partiellement atteint. Non, pas fait, non réalisé, pas réuni, faux, 0 : Non atteint. Vide : Non renseigné.",
    ),
    (
        "Indicateur qualitatif",
        "Le statut déclaré sur sa ligne de la feuille Suivi, sinon Non renseigné.",
    ),
    (
        "Fiche action (statut calculé)",
        "Parmi les statuts Atteint, Partiellement atteint et Non atteint de ses indicateurs (Non renseigné et Sans cible ne comptent pas) : tous Atteint → Atteint ; tous Non atteint → Non atteint ; un mélange → Partiellement atteint ; aucun → Non renseigné.",
    ),
    (
        "Fiche action (statut retenu)",
        "Le statut calculé s'il est Atteint, Partiellement atteint ou Non atteint, sinon le statut déclaré — celui de la ligne de suivi de l'action (Code indicateur vide), ou la croix de ses lignes dans un tableau de bilan quand elles sont d'accord —, sinon Non renseigné. Un écart entre statut calculé et statut déclaré est signalé.",
    ),
    (
        "Taux d'atteinte global",
        "Actions atteintes / (atteintes + partiellement atteintes + non atteintes).",
    ),
];

/// How a binary réalisé reads: `Some(status)` for the words of §6.1, `None` for anything else.
pub fn binary(realise: &str) -> Option<Status> {
    let words = normalise(realise);
    if words.is_empty() {
        return Some(Status::NonRenseigne);
    }
    Some(match words.as_str() {
        "oui" | "fait" | "realise" | "reuni" | "vrai" | "1" | "x" => Status::Atteint,
        "en cours" | "partiel" | "partiellement" => Status::PartiellementAtteint,
        "non" | "pas fait" | "non realise" | "pas reuni" | "faux" | "0" => Status::NonAtteint,
        _ => return None,
    })
}

/// The statut calculé of an action from its indicators' statuses: only Atteint, Partiellement
/// atteint and Non atteint count; all Atteint → Atteint, all Non atteint → Non atteint, a mix →
/// Partiellement atteint, none → Non renseigné.
pub fn action(statuses: impl IntoIterator<Item = Status>) -> Status {
    let assessed: Vec<Status> = statuses
        .into_iter()
        .filter(|s| matches!(s, Status::Atteint | Status::PartiellementAtteint | Status::NonAtteint))
        .collect();
    if assessed.is_empty() {
        Status::NonRenseigne
    } else if assessed.iter().all(|s| *s == Status::Atteint) {
        Status::Atteint
    } else if assessed.iter().all(|s| *s == Status::NonAtteint) {
        Status::NonAtteint
    } else {
        Status::PartiellementAtteint
    }
}

/// Whether a status is one of the three that say how far an action went.
pub fn is_assessed(status: Status) -> bool {
    matches!(
        status,
        Status::Atteint | Status::PartiellementAtteint | Status::NonAtteint
    )
}

/// The statut retenu: the calculé when it is one of the three labels, else the déclaré, else
/// Non renseigné.
pub fn retained(computed: Status, declared: Option<Status>) -> Status {
    if is_assessed(computed) {
        computed
    } else {
        declared.unwrap_or(Status::NonRenseigne)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_notice_lists_exactly_the_binary_words_that_are_read() {
        let rule = RULES[1].1;
        let sentence = |start: &str| -> Vec<String> {
            let from = rule.find(start).map(|i| &rule[i + start.len()..]).unwrap_or_default();
            let to = from.find(" : ").unwrap_or(from.len());
            from[..to]
                .replace(" ou ", ", ")
                .split(", ")
                .map(str::trim)
                .map(String::from)
                .collect()
        };
        for (words, status) in [
            (sentence("Réalisé "), Status::Atteint),
            (sentence("Atteint. "), Status::PartiellementAtteint),
            (sentence("Partiellement atteint. "), Status::NonAtteint),
        ] {
            assert!(words.len() >= 3, "{words:?}");
            for word in words {
                assert_eq!(binary(&word), Some(status), "« {word} »");
            }
        }
    }

    fn goal(target: Option<Decimal>, reference: Option<Decimal>, direction: Direction) -> Goal {
        Goal {
            target,
            reference,
            direction,
            partial_threshold: DEFAULT_PARTIAL_THRESHOLD,
        }
    }

    fn status(v: Decimal, goal: &Goal) -> Status {
        quantitative(Some(v), goal).status
    }

    #[test]
    fn a_target_that_does_not_move_away_from_the_reference_is_a_level_to_keep_atteint_when_reached_else_non_atteint() {
        // Seed 002: réalisé 46,6 % for a target of 40 %, reference 43,5 %: the level is kept.
        let keep = goal(Some(dec!(40)), Some(dec!(43.5)), Direction::Hausse);
        assert_eq!(quantitative(Some(dec!(46.6)), &keep).status, Status::Atteint);
        assert_eq!(
            quantitative(Some(dec!(46.6)), &keep).progress,
            None,
            "no progression shown"
        );
        assert_eq!(status(dec!(39), &keep), Status::NonAtteint);
        let keep_low = goal(Some(dec!(10)), Some(dec!(8)), Direction::Baisse);
        assert_eq!(status(dec!(9), &keep_low), Status::Atteint);
        assert_eq!(status(dec!(11), &keep_low), Status::NonAtteint);
        let moving = goal(Some(dec!(50)), Some(dec!(40)), Direction::Hausse);
        assert_eq!(status(dec!(46), &moving), Status::PartiellementAtteint, "progress 60 %");
    }

    #[test]
    fn the_five_labels_are_spelled_exactly() {
        let labels: Vec<&str> = [
            Status::Atteint,
            Status::PartiellementAtteint,
            Status::NonAtteint,
            Status::NonRenseigne,
            Status::SansCible,
        ]
        .iter()
        .map(|s| s.label())
        .collect();
        assert_eq!(
            labels,
            [
                "Atteint",
                "Partiellement atteint",
                "Non atteint",
                "Non renseigné",
                "Sans cible"
            ]
        );
    }

    #[test]
    fn binary_oui_fait_realise_reuni_vrai_1_x_are_atteint() {
        for word in ["oui", "Fait", "réalisé", "Réuni", "VRAI", "1", "x"] {
            assert_eq!(binary(word), Some(Status::Atteint), "{word}");
        }
    }

    #[test]
    fn binary_en_cours_partiel_partiellement_are_partiellement_atteint() {
        for word in ["en cours", "En cours", "partiel", "Partiellement"] {
            assert_eq!(binary(word), Some(Status::PartiellementAtteint), "{word}");
        }
    }

    #[test]
    fn binary_non_pas_fait_non_realise_pas_reuni_faux_0_are_non_atteint() {
        for word in ["non", "pas fait", "Non réalisé", "pas réuni", "faux", "0"] {
            assert_eq!(binary(word), Some(Status::NonAtteint), "{word}");
        }
    }

    #[test]
    fn binary_empty_is_non_renseigne_and_other_words_are_not_recognised() {
        assert_eq!(binary(""), Some(Status::NonRenseigne));
        assert_eq!(binary("  "), Some(Status::NonRenseigne));
        assert_eq!(binary("peut-être"), None);
    }

    #[test]
    fn quantitative_empty_realise_is_non_renseigne() {
        let g = goal(Some(dec!(30)), None, Direction::Hausse);
        assert_eq!(quantitative(None, &g), Status::NonRenseigne.into());
    }

    #[test]
    fn quantitative_without_target_for_year_n_is_sans_cible() {
        let g = goal(None, Some(dec!(10)), Direction::Hausse);
        assert_eq!(quantitative(Some(dec!(50)), &g), Status::SansCible.into());
    }

    #[test]
    fn quantitative_exactly_at_target_is_atteint_with_exact_decimals() {
        let g = goal(Some(dec!(30)), None, Direction::Hausse);
        let assessment = quantitative(Some(dec!(30)), &g);
        assert_eq!(assessment.status, Status::Atteint);
        assert_eq!(assessment.progress, Some(Decimal::ONE));
        // 0.1 + 0.2 is exactly 0.3 in decimals.
        let g = goal(Some(dec!(0.3)), None, Direction::Hausse);
        assert_eq!(status(dec!(0.1) + dec!(0.2), &g), Status::Atteint);
    }

    #[test]
    fn quantitative_progress_uses_reference_zero_when_empty_and_hausse() {
        let g = goal(Some(dec!(40)), None, Direction::Hausse);
        assert_eq!(quantitative(Some(dec!(30)), &g).progress, Some(dec!(0.75)));
        assert_eq!(status(dec!(30), &g), Status::PartiellementAtteint);
        assert_eq!(status(dec!(19.99), &g), Status::NonAtteint);
        assert_eq!(status(dec!(41), &g), Status::Atteint);
    }

    #[test]
    fn quantitative_progress_from_the_reference_to_the_target() {
        let g = goal(Some(dec!(60)), Some(dec!(40)), Direction::Hausse);
        assert_eq!(quantitative(Some(dec!(55)), &g).progress, Some(dec!(0.75)));
        assert_eq!(status(dec!(55), &g), Status::PartiellementAtteint);
        assert_eq!(status(dec!(45), &g), Status::NonAtteint);
        assert_eq!(status(dec!(30), &g), Status::NonAtteint);
    }

    #[test]
    fn quantitative_exactly_at_the_partial_threshold_is_partiellement_atteint() {
        let g = goal(Some(dec!(60)), Some(dec!(40)), Direction::Hausse);
        assert_eq!(status(dec!(50), &g), Status::PartiellementAtteint);
        assert_eq!(status(dec!(49.999), &g), Status::NonAtteint);
        let strict = Goal {
            partial_threshold: dec!(0.8),
            ..g
        };
        assert_eq!(status(dec!(56), &strict), Status::PartiellementAtteint);
        assert_eq!(status(dec!(55), &strict), Status::NonAtteint);
    }

    #[test]
    fn quantitative_baisse_with_reference_measures_the_progress_downwards() {
        let g = goal(Some(dec!(80)), Some(dec!(100)), Direction::Baisse);
        assert_eq!(quantitative(Some(dec!(90)), &g).progress, Some(dec!(0.5)));
        assert_eq!(status(dec!(90), &g), Status::PartiellementAtteint);
        assert_eq!(status(dec!(80), &g), Status::Atteint);
        assert_eq!(status(dec!(70), &g), Status::Atteint);
        assert_eq!(status(dec!(95), &g), Status::NonAtteint);
        assert_eq!(status(dec!(110), &g), Status::NonAtteint);
    }

    #[test]
    fn quantitative_baisse_without_reference_is_atteint_only_when_v_is_at_most_c() {
        let g = goal(Some(dec!(80)), None, Direction::Baisse);
        assert_eq!(quantitative(Some(dec!(80)), &g), Status::Atteint.into());
        assert_eq!(quantitative(Some(dec!(79)), &g), Status::Atteint.into());
        assert_eq!(quantitative(Some(dec!(81)), &g), Status::NonAtteint.into());
    }

    #[test]
    fn quantitative_target_equal_to_reference_is_atteint_only_when_v_reaches_c() {
        let status = |v, g: &Goal| quantitative(Some(v), g).status;
        let g = goal(Some(dec!(50)), Some(dec!(50)), Direction::Hausse);
        assert_eq!(status(dec!(50), &g), Status::Atteint);
        assert_eq!(status(dec!(49), &g), Status::NonAtteint);
        let g = goal(Some(dec!(50)), Some(dec!(50)), Direction::Baisse);
        assert_eq!(status(dec!(49), &g), Status::Atteint);
        assert_eq!(status(dec!(51), &g), Status::NonAtteint);
        // Hausse with a zero target and no reference: c = r = 0.
        let g = goal(Some(dec!(0)), None, Direction::Hausse);
        assert_eq!(status(dec!(0), &g), Status::Atteint);
    }

    #[test]
    fn a_target_at_or_below_the_reference_is_a_level_to_keep_without_progression() {
        // Seed 002: réalisé 46,6 % for a target of 40 %, reference 43,5 %.
        let g = goal(Some(dec!(40)), Some(dec!(43.5)), Direction::Hausse);
        let assessment = quantitative(Some(dec!(46.6)), &g);
        assert_eq!(
            (assessment.status, assessment.progress, assessment.level_to_keep),
            (Status::Atteint, None, true)
        );
        assert_eq!(quantitative(Some(dec!(39)), &g).status, Status::NonAtteint);
        let g = goal(Some(dec!(20)), Some(dec!(10)), Direction::Baisse);
        assert!(quantitative(Some(dec!(15)), &g).level_to_keep);
        // A target moving away from the reference is no level to keep.
        let g = goal(Some(dec!(50)), Some(dec!(20)), Direction::Hausse);
        assert!(!quantitative(Some(dec!(35)), &g).level_to_keep);
    }

    #[test]
    fn action_all_atteint_is_atteint_all_non_atteint_is_non_atteint_a_mix_is_partiel() {
        use Status::*;
        assert_eq!(action([Atteint, Atteint]), Atteint);
        assert_eq!(action([NonAtteint, NonAtteint]), NonAtteint);
        assert_eq!(action([Atteint, NonAtteint]), PartiellementAtteint);
        assert_eq!(action([PartiellementAtteint]), PartiellementAtteint);
        assert_eq!(
            action([PartiellementAtteint, PartiellementAtteint]),
            PartiellementAtteint
        );
    }

    #[test]
    fn action_ignores_non_renseigne_and_sans_cible_and_without_any_is_non_renseigne() {
        use Status::*;
        assert_eq!(action([Atteint, NonRenseigne, SansCible]), Atteint);
        assert_eq!(action([NonRenseigne, SansCible]), NonRenseigne);
        assert_eq!(action([]), NonRenseigne);
    }

    #[test]
    fn statut_retenu_is_the_calcule_when_assessed_else_the_declare_else_non_renseigne() {
        use Status::*;
        assert_eq!(retained(Atteint, Some(NonAtteint)), Atteint);
        assert_eq!(retained(NonRenseigne, Some(PartiellementAtteint)), PartiellementAtteint);
        assert_eq!(retained(NonRenseigne, None), NonRenseigne);
    }
}

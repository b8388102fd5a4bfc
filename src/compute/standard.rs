//! The standard set of figures that L.2111-3 asks a SPASER to publish (§10), whatever the
//! référentiel holds: for years N and N-1, the real shares of the notified marchés « en nombre
//! de contrats ou en valeur » with each consideration, reserved marchés, ESS and TPE/PME holders,
//! the PNAD shares also over the marchés whose considerations are filled in, the insertion hours
//! and their ETP, and the §11 compliance share.

use super::compliance::ComplianceSummary;
use super::insertion::FacilitatorRows;
use super::population::{NotifiedByYear, gather, percentage};
use super::sum::ExactSum;
use crate::model::{FacilitatorFigure, Purchase};
use rust_decimal::Decimal;

/// Hours of insertion that make one full-time equivalent (1 607 h a year).
pub const HOURS_PER_ETP: i64 = 1_607;

/// The denominator of a share over every notified marché.
pub const ALL_NOTIFIED: &str = "tous les marchés notifiés de l'année";

/// One published figure.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardFigure {
    /// ASCII snake_case identifier (`consideration_env_nombre`).
    pub code: String,
    /// What it is, in French.
    pub label: String,
    /// `%`, `nombre`, `€ HT`, `h`, `ETP`.
    pub unit: &'static str,
    /// The year of notification.
    pub year: i32,
    /// The figure; `None` when its denominator is zero.
    pub value: Option<Decimal>,
    /// What a share is taken over; empty for a total.
    pub denominator: String,
}

/// Whether a purchase holds a trait, or says anything about it.
type Predicate = fn(&Purchase) -> bool;

/// A consideration or holder trait published by count and by amount.
struct Trait {
    code: &'static str,
    label: &'static str,
    holds: Predicate,
    /// For the PNAD pair: whether the purchase says anything about it (the second denominator).
    filled: Option<(Predicate, &'static str)>,
}

const TRAITS: [Trait; 9] = [
    Trait {
        code: "consideration_env",
        label: "au moins une considération environnementale",
        holds: Purchase::consideration_env,
        filled: Some((
            env_filled,
            "marchés notifiés dont les considérations environnementales sont renseignées",
        )),
    },
    Trait {
        code: "consideration_sociale",
        label: "au moins une considération sociale",
        holds: Purchase::consideration_sociale,
        filled: Some((
            social_filled,
            "marchés notifiés dont les considérations sociales sont renseignées",
        )),
    },
    Trait {
        code: "clause_env",
        label: "une clause environnementale",
        holds: |p| p.clause_env == Some(true),
        filled: None,
    },
    Trait {
        code: "critere_env",
        label: "un critère environnemental",
        holds: |p| p.critere_env == Some(true),
        filled: None,
    },
    Trait {
        code: "clause_sociale",
        label: "une clause sociale",
        holds: |p| p.clause_sociale == Some(true),
        filled: None,
    },
    Trait {
        code: "critere_social",
        label: "un critère social",
        holds: |p| p.critere_social == Some(true),
        filled: None,
    },
    Trait {
        code: "marche_reserve",
        label: "la qualité de marché réservé",
        holds: |p| p.marche_reserve == Some(true),
        filled: None,
    },
    Trait {
        code: "titulaire_ess",
        label: "un titulaire de l'économie sociale et solidaire",
        holds: |p| p.titulaire_ess == Some(true),
        filled: None,
    },
    Trait {
        code: "titulaire_tpe_pme",
        label: "un titulaire TPE ou PME",
        holds: |p| matches!(p.categorie_titulaire.as_deref(), Some("TPE" | "PME")),
        filled: None,
    },
];

fn env_filled(p: &Purchase) -> bool {
    p.clause_env.is_some() || p.critere_env.is_some()
}

fn social_filled(p: &Purchase) -> bool {
    p.clause_sociale.is_some() || p.critere_social.is_some() || p.marche_reserve.is_some()
}

/// The standard figures of `year` and `year - 1`.
pub fn figures(
    notified: &NotifiedByYear,
    year: i32,
    compliance: &ComplianceSummary,
    facilitator: &FacilitatorRows,
) -> Vec<StandardFigure> {
    let mut figures = Vec::new();
    let with_concessions = !notified.concessions(year).is_empty() || !notified.concessions(year - 1).is_empty();
    for year in [year, year - 1] {
        figures.extend(year_figures(notified.year(year), year));
        if with_concessions {
            figures.extend(concession_figures(notified.concessions(year), year));
        }
        if !facilitator.is_empty() {
            figures.extend(insertion_figures(facilitator, year));
        }
        if let Some((_, tally)) = compliance.years.iter().find(|(y, _)| *y == year) {
            figures.push(StandardFigure {
                code: "conformite_loi_climat_nombre".to_string(),
                label: "Part des marchés lancés depuis le 21/08/2026 qui respectent les obligations de la loi Climat et résilience, en nombre".to_string(),
                unit: "%",
                year,
                value: tally.share(),
                denominator: "marchés notifiés dans le champ de la loi Climat et résilience".to_string(),
            });
        }
    }
    figures
}

/// The facilitator's hours done in `year` and the people who worked them (§13), over every
/// contract followed, whatever its year of notification.
fn insertion_figures(facilitator: &FacilitatorRows, year: i32) -> [StandardFigure; 2] {
    let followed = "contrats suivis par le facilitateur des clauses sociales".to_string();
    [
        StandardFigure {
            code: "heures_insertion_realisees".to_string(),
            label: "Heures d'insertion réalisées (suivi du facilitateur)".to_string(),
            unit: "h",
            year,
            value: facilitator.figure(FacilitatorFigure::HoursDone, &[], year),
            denominator: followed.clone(),
        },
        StandardFigure {
            code: "participants_insertion".to_string(),
            label: "Personnes ayant travaillé ces heures".to_string(),
            unit: "nombre",
            year,
            value: facilitator.figure(FacilitatorFigure::Participants, &[], year),
            denominator: followed,
        },
    ]
}

/// How many marchés, and for how much.
#[derive(Debug, Clone, Copy, Default)]
struct CountAndAmount {
    count: usize,
    amount: ExactSum,
}

impl CountAndAmount {
    fn add(&mut self, purchase: &Purchase) {
        self.count += 1;
        if let Some(amount) = purchase.montant_ht {
            self.amount.add(amount);
        }
    }

    fn merge(&mut self, other: &CountAndAmount) {
        self.count += other.count;
        self.amount = self.amount.merge(&other.amount);
    }
}

fn year_figures(notified: &[&Purchase], year: i32) -> Vec<StandardFigure> {
    let mut all = CountAndAmount::default();
    notified.iter().for_each(|p| all.add(p));
    let mut figures = vec![
        total(
            "marches_notifies_nombre",
            "Nombre de marchés notifiés",
            "nombre",
            year,
            Some(Decimal::from(all.count)),
        ),
        total(
            "marches_notifies_montant",
            "Montant HT des marchés notifiés",
            "€ HT",
            year,
            all.amount.total(),
        ),
    ];
    for (item, [with, filled, with_among_filled]) in TRAITS.iter().zip(trait_tallies(notified)) {
        figures.extend(shares(item, year, with, all, ALL_NOTIFIED, ""));
        if let Some((_, denominator)) = item.filled {
            figures.extend(shares(
                item,
                year,
                with_among_filled,
                filled,
                denominator,
                "_renseignes",
            ));
        }
    }
    let hours = notified
        .iter()
        .filter_map(|p| p.heures_insertion)
        .collect::<ExactSum>()
        .total();
    figures.push(total(
        "heures_insertion",
        "Heures d'insertion des marchés notifiés",
        "h",
        year,
        hours,
    ));
    figures.push(total(
        "heures_insertion_etp",
        "Heures d'insertion des marchés notifiés, en équivalents temps plein (1 607 h)",
        "ETP",
        year,
        hours.map(|h| (h / Decimal::from(HOURS_PER_ETP)).round_dp(2)),
    ));
    figures
}

/// The denominator of a share over the concessions.
const ALL_CONCESSIONS: &str = "contrats de concession signés dans l'année";

/// The contrats de concession signed in `year`, counted apart from the marchés (§10): how
/// many, their global value, and the shares with each consideration and reserved.
fn concession_figures(concessions: &[&Purchase], year: i32) -> Vec<StandardFigure> {
    let mut all = CountAndAmount::default();
    concessions.iter().for_each(|p| all.add(p));
    let count = Decimal::from(all.count);
    let share = |code: &str, label: &str, holds: Predicate| StandardFigure {
        code: format!("concessions_{code}_nombre"),
        label: format!("Part des contrats de concession signés avec {label}, en nombre"),
        unit: "%",
        year,
        value: percentage(Decimal::from(concessions.iter().filter(|p| holds(p)).count()), count),
        denominator: ALL_CONCESSIONS.to_string(),
    };
    vec![
        total(
            "concessions_nombre",
            "Nombre de contrats de concession signés",
            "nombre",
            year,
            Some(count),
        ),
        total(
            "concessions_montant",
            "Valeur globale HT des contrats de concession signés",
            "€ HT",
            year,
            all.amount.total(),
        ),
        share(
            "consideration_env",
            "au moins une considération environnementale",
            Purchase::consideration_env,
        ),
        share(
            "consideration_sociale",
            "au moins une considération sociale",
            Purchase::consideration_sociale,
        ),
        share("reservees", "la qualité de concession réservée", |p| {
            p.marche_reserve == Some(true)
        }),
    ]
}

/// For each trait: the marchés with the trait, those that say anything about it (when the
/// trait has that second denominator), and those of them with the trait.
type TraitTallies = [[CountAndAmount; 3]; TRAITS.len()];

/// [`TraitTallies`] in one pass over the marchés (each is read once, not once per trait), two
/// or more parts at a time.
fn trait_tallies(notified: &[&Purchase]) -> TraitTallies {
    gather(notified, TraitTallies::default, add_traits, |mut tallies, other| {
        for (mine, theirs) in tallies.iter_mut().flatten().zip(other.iter().flatten()) {
            mine.merge(theirs);
        }
        tallies
    })
}

fn add_traits(tallies: &mut TraitTallies, purchase: &Purchase) {
    for (item, [with, filled, with_among_filled]) in TRAITS.iter().zip(tallies) {
        let holds = (item.holds)(purchase);
        if holds {
            with.add(purchase);
        }
        if item.filled.is_some_and(|(is_filled, _)| is_filled(purchase)) {
            filled.add(purchase);
            if holds {
                with_among_filled.add(purchase);
            }
        }
    }
}

fn total(code: &str, label: &str, unit: &'static str, year: i32, value: Option<Decimal>) -> StandardFigure {
    StandardFigure {
        code: code.to_string(),
        label: label.to_string(),
        unit,
        year,
        value,
        denominator: String::new(),
    }
}

/// The share of the marchés of `among` with the trait, by count and by amount.
fn shares(
    item: &Trait,
    year: i32,
    with: CountAndAmount,
    among: CountAndAmount,
    denominator: &str,
    suffix: &str,
) -> [StandardFigure; 2] {
    let (code, label) = (item.code, item.label);
    let figure = |by: &str, in_words: &str, value| StandardFigure {
        code: format!("{code}{suffix}_{by}"),
        label: format!("Part des marchés notifiés avec {label}, {in_words}"),
        unit: "%",
        year,
        value,
        denominator: denominator.to_string(),
    };
    [
        figure(
            "nombre",
            "en nombre",
            percentage(Decimal::from(with.count), Decimal::from(among.count)),
        ),
        figure(
            "montant",
            "en montant HT",
            with.amount
                .total()
                .zip(among.amount.total())
                .and_then(|(part, total)| percentage(part, total)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::STATUT_NOTIFIE;
    use rust_decimal_macros::dec;
    use std::sync::Arc;

    fn notified(amount: Decimal, clause_env: Option<bool>, hours: Option<Decimal>) -> Arc<Purchase> {
        Arc::new(Purchase {
            reference: "R".into(),
            montant_ht: Some(amount),
            statut: STATUT_NOTIFIE.into(),
            date_notification: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            clause_env,
            heures_insertion: hours,
            ..Purchase::default()
        })
    }

    fn value(figures: &[StandardFigure], code: &str, year: i32) -> Option<Decimal> {
        figures
            .iter()
            .find(|f| f.code == code && f.year == year)
            .unwrap_or_else(|| panic!("{code} {year}"))
            .value
    }

    #[test]
    fn shares_are_given_by_count_and_by_amount_over_all_notified_and_over_those_filled_in() {
        let purchases = [
            notified(dec!(300), Some(true), None),
            notified(dec!(100), Some(false), None),
            notified(dec!(600), None, None),
        ];
        let figures = figures(
            &NotifiedByYear::of(&purchases),
            2024,
            &ComplianceSummary::default(),
            &FacilitatorRows::default(),
        );
        assert_eq!(
            value(&figures, "consideration_env_nombre", 2024).map(|v| v.round_dp(2)),
            Some(dec!(33.33))
        );
        assert_eq!(value(&figures, "consideration_env_montant", 2024), Some(dec!(30)));
        assert_eq!(
            value(&figures, "consideration_env_renseignes_nombre", 2024),
            Some(dec!(50))
        );
        assert_eq!(
            value(&figures, "consideration_env_renseignes_montant", 2024),
            Some(dec!(75))
        );
        assert_eq!(
            value(&figures, "consideration_env_nombre", 2023),
            None,
            "no marché notified in N-1"
        );
    }

    #[test]
    fn insertion_hours_are_also_given_in_etp_of_1607_hours() {
        let purchases = [
            notified(dec!(1), None, Some(dec!(3214))),
            notified(dec!(1), None, Some(dec!(803.5))),
        ];
        let figures = figures(
            &NotifiedByYear::of(&purchases),
            2024,
            &ComplianceSummary::default(),
            &FacilitatorRows::default(),
        );
        assert_eq!(value(&figures, "heures_insertion", 2024), Some(dec!(4017.5)));
        assert_eq!(value(&figures, "heures_insertion_etp", 2024), Some(dec!(2.5)));
    }
}

//! Evaluates a parsed `Calcul`/`Filtre` ([`Computation`]) on the recensement (§4.1): the
//! population is the purchases notified in the year, narrowed by the filter; every figure is
//! an exact decimal.

use super::condition::{Test, passes_all};
use super::insertion::FacilitatorRows;
use super::sum::ExactSum;
use crate::model::purchase::{Accessor, FieldValue, accessor};
use crate::model::{Computation, Measure, Purchase};
use chrono::Datelike;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::borrow::Borrow;
use std::collections::HashMap;

fn number_of(value: FieldValue<'_>) -> Decimal {
    match value {
        FieldValue::Number(n) => n,
        _ => Decimal::ZERO,
    }
}

/// A computation ready to be applied to many purchases.
struct Prepared<'c> {
    filter: Vec<Test<'c>>,
    measure: PreparedMeasure<'c>,
}

enum PreparedMeasure<'c> {
    Count,
    Sum(Accessor),
    Share(Vec<Test<'c>>),
    AmountShare(Vec<Test<'c>>),
    /// Measured on other rows than the purchases (the facilitator's): no figure here.
    Elsewhere,
}

impl<'c> Prepared<'c> {
    fn of(computation: &'c Computation) -> Self {
        Prepared {
            filter: Test::all(&computation.filter),
            measure: match &computation.measure {
                Measure::Count => PreparedMeasure::Count,
                Measure::Sum(key) => PreparedMeasure::Sum(accessor(key)),
                Measure::Share(conditions) => PreparedMeasure::Share(Test::all(conditions)),
                Measure::AmountShare(conditions) => PreparedMeasure::AmountShare(Test::all(conditions)),
                Measure::Facilitator(_) => PreparedMeasure::Elsewhere,
            },
        }
    }
}

/// The contracts notified in each year, in input order — the population of every figure of
/// that year (§4.1) — gathered in one pass, so that each figure looks only at its year's. The
/// marchés and the contrats de concession are kept apart: every figure is on marchés unless a
/// `Filtre` names `type_contrat` (§10).
#[derive(Debug, Default)]
pub struct NotifiedByYear<'a> {
    by_year: HashMap<i32, Vec<&'a Purchase>>,
    concessions: HashMap<i32, Vec<&'a Purchase>>,
}

impl<'a> NotifiedByYear<'a> {
    /// Sorts the notified contracts by year of notification (of signature, for a concession).
    pub fn of<P: Borrow<Purchase> + Sync>(purchases: &'a [P]) -> Self {
        // Telling a notified purchase is reading it: done two or more parts at a time.
        let found: Vec<Vec<(i32, &'a Purchase)>> = purchases
            .par_chunks(part_of(purchases.len()))
            .map(|part| {
                part.iter()
                    .map(Borrow::borrow)
                    .filter(|p| p.notified())
                    .filter_map(|p| Some((p.date_notification?.year(), p)))
                    .collect()
            })
            .collect();
        let mut notified = NotifiedByYear::default();
        for (year, purchase) in found.into_iter().flatten() {
            let by_year = if purchase.is_concession() {
                &mut notified.concessions
            } else {
                &mut notified.by_year
            };
            by_year.entry(year).or_default().push(purchase);
        }
        notified
    }

    /// The marchés notified in `year`, in input order.
    pub fn year(&self, year: i32) -> &[&'a Purchase] {
        self.by_year.get(&year).map_or(&[], Vec::as_slice)
    }

    /// The contrats de concession signed in `year`, in input order.
    pub fn concessions(&self, year: i32) -> &[&'a Purchase] {
        self.concessions.get(&year).map_or(&[], Vec::as_slice)
    }

    /// The marchés then the concessions of `year`: the population of a figure whose `Filtre`
    /// names `type_contrat`.
    fn contracts(&self, year: i32) -> Vec<&'a Purchase> {
        [self.year(year), self.concessions(year)].concat()
    }

    /// The years with at least one notified contract, in no order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.by_year.keys().chain(self.concessions.keys()).copied()
    }
}

/// Whether a computation's population takes the concessions in: only when its `Filtre` names
/// the type of contract (`type_contrat = concession`).
fn takes_concessions(computation: &Computation) -> bool {
    computation.filter.iter().any(|c| c.field == "type_contrat")
}

/// The réalisé of a computed indicator for `year`. `None` for a share when the population
/// is empty (no purchase, or no amount): a percentage of nothing is not a figure.
pub fn evaluate<P: Borrow<Purchase> + Sync>(computation: &Computation, purchases: &[P], year: i32) -> Option<Decimal> {
    let notified = NotifiedByYear::of(purchases);
    let population = if takes_concessions(computation) {
        notified.contracts(year)
    } else {
        notified.year(year).to_vec()
    };
    evaluate_many(&[computation], &population).pop().flatten()
}

/// The figures of several computations over one year's population, in one pass over it (each
/// purchase is read once, not once per computation), two or more parts at a time; the figures
/// do not depend on how the population is split.
pub fn evaluate_many(computations: &[&Computation], notified: &[&Purchase]) -> Vec<Option<Decimal>> {
    let prepared: Vec<Prepared> = computations.iter().map(|c| Prepared::of(c)).collect();
    let gathered = gather(
        notified,
        || vec![Gathered::default(); prepared.len()],
        |gathered, purchase| {
            for (computation, gathered) in prepared.iter().zip(gathered.iter_mut()) {
                if passes_all(purchase, &computation.filter) {
                    gathered.add(purchase, &computation.measure);
                }
            }
        },
        |a, b| a.iter().zip(&b).map(|(a, b)| a.merge(b)).collect(),
    );
    gathered
        .iter()
        .zip(&prepared)
        .map(|(gathered, computation)| gathered.figure(&computation.measure))
        .collect()
}

/// The réalisé of every computed indicator in every year asked, each year's computations done
/// together in one pass over its population.
#[derive(Debug, Default)]
pub struct ComputedFigures {
    figures: HashMap<(usize, i32), Option<Decimal>>,
}

impl ComputedFigures {
    /// Evaluates `computations` (by indicator, `None` for an indicator without one) in `years`:
    /// those on the recensement over its notified purchases, those on the facilitator's
    /// follow-up over its rows.
    pub fn of(
        computations: &[Option<&Computation>],
        years: &[i32],
        notified: &NotifiedByYear,
        facilitator: &FacilitatorRows,
    ) -> Self {
        let present: Vec<(usize, &Computation)> = computations
            .iter()
            .enumerate()
            .filter_map(|(index, c)| Some((index, (*c)?)))
            .collect();
        let (followed, recensed): (Vec<_>, Vec<_>) = present
            .into_iter()
            .partition(|(_, c)| matches!(c.measure, Measure::Facilitator(_)));
        let (all_contracts, marches): (Vec<_>, Vec<_>) = recensed.into_iter().partition(|(_, c)| takes_concessions(c));
        let mut figures = HashMap::new();
        let mut evaluate = |group: &[(usize, &Computation)], population: &[&Purchase], year: i32| {
            if group.is_empty() {
                return;
            }
            let only: Vec<&Computation> = group.iter().map(|(_, c)| *c).collect();
            for ((index, _), value) in group.iter().zip(evaluate_many(&only, population)) {
                figures.insert((*index, year), value);
            }
        };
        for &year in years {
            evaluate(&marches, notified.year(year), year);
            if !all_contracts.is_empty() {
                evaluate(&all_contracts, &notified.contracts(year), year);
            }
        }
        for &year in years {
            for (index, computation) in &followed {
                if let Measure::Facilitator(figure) = computation.measure {
                    figures.insert((*index, year), facilitator.figure(figure, &computation.filter, year));
                }
            }
        }
        ComputedFigures { figures }
    }

    /// The figure of the indicator at `index` in `year`, when it was computed.
    pub fn get(&self, index: usize, year: i32) -> Option<Decimal> {
        self.figures.get(&(index, year)).copied().flatten()
    }
}

/// How many purchases a parallel pass gives each part: a few parts per core, so that a small
/// population is shared too, and no more than a few thousand purchases each.
fn part_of(population: usize) -> usize {
    (population / (4 * rayon::current_num_threads().max(1))).clamp(512, 8_192)
}

/// Folds a population into a tally, two or more parts at a time (one per core): `add` counts
/// one purchase, `merge` puts two parts' tallies together — so the tally must not depend on
/// how the population is split.
pub fn gather<T: Send>(
    population: &[&Purchase],
    empty: impl Fn() -> T + Sync,
    add: impl Fn(&mut T, &Purchase) + Sync,
    merge: impl Fn(T, T) -> T + Sync + Send,
) -> T {
    population
        .par_chunks(part_of(population.len()))
        .map(|part| {
            let mut tally = empty();
            part.iter().for_each(|purchase| add(&mut tally, purchase));
            tally
        })
        .reduce(&empty, merge)
}

/// What one pass over a population gathers, for any measure.
#[derive(Debug, Clone, Copy, Default)]
struct Gathered {
    count: usize,
    part_count: usize,
    amount: ExactSum,
    part_amount: ExactSum,
    sum: ExactSum,
}

impl Gathered {
    fn add(&mut self, purchase: &Purchase, measure: &PreparedMeasure<'_>) {
        self.count += 1;
        match measure {
            PreparedMeasure::Count | PreparedMeasure::Elsewhere => {}
            PreparedMeasure::Sum(read) => self.sum.add(number_of(read(purchase))),
            PreparedMeasure::Share(tests) => self.part_count += usize::from(passes_all(purchase, tests)),
            // A purchase without amount counts in number, not in amount.
            PreparedMeasure::AmountShare(tests) => {
                if let Some(amount) = purchase.montant_ht {
                    self.amount.add(amount);
                    if passes_all(purchase, tests) {
                        self.part_amount.add(amount);
                    }
                }
            }
        }
    }

    fn merge(self, other: &Gathered) -> Gathered {
        Gathered {
            count: self.count + other.count,
            part_count: self.part_count + other.part_count,
            amount: self.amount.merge(&other.amount),
            part_amount: self.part_amount.merge(&other.part_amount),
            sum: self.sum.merge(&other.sum),
        }
    }

    fn figure(&self, measure: &PreparedMeasure<'_>) -> Option<Decimal> {
        match measure {
            PreparedMeasure::Count => Some(Decimal::from(self.count)),
            PreparedMeasure::Sum(_) => self.sum.total(),
            PreparedMeasure::Share(_) => percentage(Decimal::from(self.part_count), Decimal::from(self.count)),
            PreparedMeasure::AmountShare(_) => percentage(self.part_amount.total()?, self.amount.total()?),
            PreparedMeasure::Elsewhere => None,
        }
    }
}

/// `part / total × 100`, multiplied first so that 1 / 3 keeps all its digits.
pub fn percentage(part: Decimal, total: Decimal) -> Option<Decimal> {
    if total.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::model::STATUT_NOTIFIE;
    use crate::parse::expression::parse_computation;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn notified(day: &str, montant: Decimal) -> Purchase {
        Purchase {
            reference: day.to_string(),
            nature: "Fournitures".into(),
            montant_ht: Some(montant),
            statut: STATUT_NOTIFIE.into(),
            date_notification: NaiveDate::parse_from_str(day, "%Y-%m-%d").ok(),
            ..Purchase::default()
        }
    }

    fn compute(calcul: &str, filtre: Option<&str>, purchases: &[Purchase], year: i32) -> Option<Decimal> {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let computation = parse_computation(calcul, filtre, &catalogue).expect("valid expression");
        evaluate(&computation, purchases, year)
    }

    fn recensement() -> Vec<Purchase> {
        vec![
            Purchase {
                clause_env: Some(true),
                alloti: Some(true),
                heures_insertion: Some(dec!(120.5)),
                categorie_titulaire: Some("PME".into()),
                actions_ciblees: vec![crate::model::Code::new("FA3").expect("code")],
                ..notified("2024-02-01", dec!(30000))
            },
            Purchase {
                critere_social: Some(true),
                alloti: Some(false),
                heures_insertion: Some(dec!(200)),
                categorie_titulaire: Some("TPE".into()),
                ..notified("2024-06-30", dec!(50000))
            },
            Purchase {
                marche_reserve: Some(true),
                nature: "Services".into(),
                categorie_titulaire: Some("Grande entreprise".into()),
                ..notified("2024-12-31", dec!(20000))
            },
            // Notified in 2023: outside the 2024 population.
            Purchase {
                clause_env: Some(true),
                ..notified("2023-12-31", dec!(1000000))
            },
            // Not notified: outside every population, although dated.
            Purchase {
                statut: "En cours".into(),
                clause_env: Some(true),
                ..notified("2024-03-01", dec!(999))
            },
        ]
    }

    #[test]
    fn the_population_is_the_purchases_notified_in_year_n() {
        assert_eq!(compute("nombre", None, &recensement(), 2024), Some(dec!(3)));
        assert_eq!(compute("nombre", None, &recensement(), 2023), Some(dec!(1)));
        assert_eq!(compute("nombre", None, &recensement(), 2022), Some(dec!(0)));
    }

    #[test]
    fn montant_sums_montant_ht_and_somme_sums_a_field_ignoring_empty_cells() {
        assert_eq!(compute("montant", None, &recensement(), 2024), Some(dec!(100000)));
        assert_eq!(
            compute("somme:heures_insertion", None, &recensement(), 2024),
            Some(dec!(320.5))
        );
        assert_eq!(
            compute("heures_insertion", None, &recensement(), 2024),
            Some(dec!(320.5))
        );
    }

    #[test]
    fn part_is_a_percentage_of_the_population_and_part_montant_weights_by_amount() {
        assert_eq!(
            compute("part_env", None, &recensement(), 2024),
            Some(dec!(100) / dec!(3))
        );
        assert_eq!(
            compute("part_sociale", None, &recensement(), 2024),
            Some(dec!(100) * dec!(2) / dec!(3))
        );
        assert_eq!(
            compute("part_montant:consideration_env = oui", None, &recensement(), 2024),
            Some(dec!(30))
        );
        assert_eq!(
            compute("part_tpe_pme", None, &recensement(), 2024),
            Some(dec!(100) * dec!(2) / dec!(3))
        );
        assert_eq!(
            compute("part_allotis", None, &recensement(), 2024),
            Some(dec!(100) / dec!(3))
        );
    }

    #[test]
    fn a_share_of_an_empty_population_has_no_value() {
        assert_eq!(compute("part_env", None, &recensement(), 2022), None);
        assert_eq!(compute("part_montant:alloti = oui", None, &recensement(), 2022), None);
    }

    #[test]
    fn filtre_narrows_the_population_with_every_operator() {
        let r = recensement();
        let count = |filtre: &str| compute("nombre", Some(filtre), &r, 2024);
        assert_eq!(count("montant_ht = 30000"), Some(dec!(1)));
        assert_eq!(count("montant_ht != 30000"), Some(dec!(2)));
        assert_eq!(count("montant_ht < 30000"), Some(dec!(1)));
        assert_eq!(count("montant_ht <= 30000"), Some(dec!(2)));
        assert_eq!(count("montant_ht > 30000"), Some(dec!(1)));
        assert_eq!(count("montant_ht >= 30000"), Some(dec!(2)));
        assert_eq!(count("actions_ciblees contient FA3"), Some(dec!(1)));
        assert_eq!(count("objet contient 2024-06"), Some(dec!(0)));
        assert_eq!(count("reference contient 2024-06"), Some(dec!(1)));
        assert_eq!(count("nature = Services; montant_ht >= 10 000"), Some(dec!(1)));
        assert_eq!(count("date_notification >= 30/06/2024"), Some(dec!(2)));
    }

    #[test]
    fn an_empty_field_satisfies_only_not_equal() {
        let r = recensement();
        let count = |filtre: &str| compute("nombre", Some(filtre), &r, 2024);
        assert_eq!(count("alloti = oui"), Some(dec!(1)));
        assert_eq!(count("alloti = non"), Some(dec!(1)));
        assert_eq!(count("alloti != oui"), Some(dec!(2)));
        assert_eq!(count("heures_insertion >= 0"), Some(dec!(2)));
    }

    #[test]
    fn shortcuts_nb_count_the_purchases_that_have_the_attribute() {
        let mut r = recensement();
        r[0].mutualise = Some(true);
        r[1].innovant = Some(true);
        r[2].innovant = Some(true);
        assert_eq!(compute("nb_reserves", None, &r, 2024), Some(dec!(1)));
        assert_eq!(compute("nb_mutualises", None, &r, 2024), Some(dec!(1)));
        assert_eq!(compute("nb_innovants", None, &r, 2024), Some(dec!(2)));
    }

    #[test]
    fn absurd_amounts_give_no_value_rather_than_overflow() {
        let huge = vec![
            notified("2024-01-01", Decimal::MAX),
            notified("2024-01-02", Decimal::MAX),
        ];
        assert_eq!(compute("montant", None, &huge, 2024), None);
        assert_eq!(compute("part_montant:alloti = oui", None, &huge, 2024), None);
        assert_eq!(compute("nombre", None, &huge, 2024), Some(dec!(2)));
    }

    #[test]
    fn thirty_out_of_a_hundred_is_exactly_thirty_percent() {
        assert_eq!(percentage(dec!(30), dec!(100)), Some(dec!(30)));
        assert_eq!(percentage(dec!(1), dec!(3)), Some(dec!(100) / dec!(3)));
        assert_eq!(percentage(dec!(5), dec!(0)), None);
    }

    fn concession(day: &str, montant: Decimal) -> Purchase {
        Purchase {
            type_contrat: Some(crate::model::purchase::TYPE_CONCESSION.into()),
            clause_env: Some(true),
            ..notified(day, montant)
        }
    }

    #[test]
    fn figures_stay_on_marches_unless_a_filtre_names_type_contrat() {
        let contracts = vec![
            notified("2024-02-01", dec!(100)),
            notified("2024-03-01", dec!(300)),
            concession("2024-04-01", dec!(5000)),
        ];
        assert_eq!(compute("nombre", None, &contracts, 2024), Some(dec!(2)));
        assert_eq!(compute("montant", None, &contracts, 2024), Some(dec!(400)));
        assert_eq!(compute("part_env", None, &contracts, 2024), Some(dec!(0)));
        assert_eq!(
            compute("montant", Some("type_contrat = concession"), &contracts, 2024),
            Some(dec!(5000))
        );
        assert_eq!(
            compute("part_env", Some("type_contrat = DSP"), &contracts, 2024),
            Some(dec!(100)),
            "a synonym of Concession names the concessions"
        );
        assert_eq!(
            compute("nombre", Some("type_contrat != marché"), &contracts, 2024),
            Some(dec!(1))
        );
        assert_eq!(
            compute("nombre", Some("type_contrat = marché, concession"), &contracts, 2024),
            Some(dec!(3)),
            "both kinds when the Filtre names both"
        );
    }
}

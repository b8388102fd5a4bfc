//! Evaluates a parsed `Calcul`/`Filtre` ([`Computation`]) on the recensement (§4.1): the
//! population is the purchases notified in the year, narrowed by the filter; every figure is
//! an exact decimal.

use crate::model::purchase::{FieldValue, field_value};
use crate::model::{Computation, Condition, Measure, Operand, Operator, Purchase};
use crate::normalise::normalise;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Whether a purchase satisfies a condition. An empty field satisfies only `!=`.
pub fn satisfies(purchase: &Purchase, condition: &Condition) -> bool {
    let value = field_value(purchase, &condition.field);
    let equal = match (&value, &condition.operand) {
        (FieldValue::Missing, _) => return condition.op == Operator::Ne,
        (FieldValue::Bool(b), Operand::Bool(wanted)) => Some(b == wanted),
        (FieldValue::Text(text), Operand::OneOf(values)) => Some(values.iter().any(|v| v == text)),
        (FieldValue::Text(text), Operand::Text(wanted)) => {
            if condition.op == Operator::Contains {
                return normalise(text).contains(wanted.as_str());
            }
            Some(normalise(text) == *wanted)
        }
        (FieldValue::Codes(codes), Operand::Code(code)) => {
            let contains = codes.contains(code);
            return if condition.op == Operator::Ne {
                !contains
            } else {
                contains
            };
        }
        _ => None,
    };
    let ordering = match (&value, &condition.operand) {
        (FieldValue::Number(n), Operand::Number(wanted)) => Some(n.cmp(wanted)),
        (FieldValue::Date(d), Operand::Date(wanted)) => Some(d.cmp(wanted)),
        _ => equal.map(|e| if e { Ordering::Equal } else { Ordering::Less }),
    };
    let Some(ordering) = ordering else {
        return false;
    };
    match condition.op {
        Operator::Eq => ordering == Ordering::Equal,
        Operator::Ne => ordering != Ordering::Equal,
        Operator::Lt => ordering == Ordering::Less,
        Operator::Le => ordering != Ordering::Greater,
        Operator::Gt => ordering == Ordering::Greater,
        Operator::Ge => ordering != Ordering::Less,
        Operator::Contains => ordering == Ordering::Equal,
    }
}

fn satisfies_all(purchase: &Purchase, conditions: &[Condition]) -> bool {
    conditions.iter().all(|c| satisfies(purchase, c))
}

fn number_of(purchase: &Purchase, key: &str) -> Decimal {
    match field_value(purchase, key) {
        FieldValue::Number(n) => n,
        _ => Decimal::ZERO,
    }
}

/// The purchases notified in each year, in input order — the population of every figure of
/// that year (§4.1) — gathered in one pass, so that each figure looks only at its year's.
#[derive(Debug, Default)]
pub struct NotifiedByYear<'a> {
    by_year: HashMap<i32, Vec<&'a Purchase>>,
}

impl<'a> NotifiedByYear<'a> {
    /// Sorts the notified purchases by year of notification.
    pub fn of(purchases: &'a [impl Borrow<Purchase>]) -> Self {
        let mut by_year: HashMap<i32, Vec<&'a Purchase>> = HashMap::new();
        for purchase in purchases.iter().map(Borrow::borrow) {
            if let (true, Some(date)) = (purchase.notified(), purchase.date_notification) {
                by_year.entry(date.year()).or_default().push(purchase);
            }
        }
        NotifiedByYear { by_year }
    }

    /// The purchases notified in `year`, in input order.
    pub fn year(&self, year: i32) -> &[&'a Purchase] {
        self.by_year.get(&year).map_or(&[], Vec::as_slice)
    }

    /// The years with at least one notified purchase, in no order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.by_year.keys().copied()
    }
}

/// The réalisé of a computed indicator for `year`. `None` for a share when the population
/// is empty (no purchase, or no amount): a percentage of nothing is not a figure.
pub fn evaluate(computation: &Computation, purchases: &[impl Borrow<Purchase>], year: i32) -> Option<Decimal> {
    evaluate_notified(computation, NotifiedByYear::of(purchases).year(year))
}

/// [`evaluate`] on the purchases notified in the year, already gathered.
pub fn evaluate_notified(computation: &Computation, notified: &[&Purchase]) -> Option<Decimal> {
    let population = notified
        .iter()
        .copied()
        .filter(|p| satisfies_all(p, &computation.filter));
    match &computation.measure {
        Measure::Count => Some(Decimal::from(population.count())),
        Measure::Sum(key) => checked_sum(population.map(|p| number_of(p, key))),
        Measure::Share(conditions) => {
            let (mut part, mut total) = (0usize, 0usize);
            for purchase in population {
                total += 1;
                part += usize::from(satisfies_all(purchase, conditions));
            }
            percentage(Decimal::from(part), Decimal::from(total))
        }
        Measure::AmountShare(conditions) => {
            let (mut part, mut total) = (Decimal::ZERO, Decimal::ZERO);
            for purchase in population {
                total = total.checked_add(purchase.montant_ht)?;
                if satisfies_all(purchase, conditions) {
                    part = part.checked_add(purchase.montant_ht)?;
                }
            }
            percentage(part, total)
        }
    }
}

/// A sum that gives up (`None`) rather than overflow on absurd figures.
fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, |sum, v| sum.checked_add(v))
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
            montant_ht: montant,
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
}

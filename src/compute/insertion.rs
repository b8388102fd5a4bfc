//! The facilitator's figures (§13): hours of insertion done and the people who worked them in
//! a year, over the facilitator's rows of that year whatever the contract's year of
//! notification; a `Filtre` narrows the rows through the contract each one follows.

use super::condition::satisfies;
use super::sum::ExactSum;
use crate::model::insertion::reference_key;
use crate::model::{Condition, FacilitatorFigure, InsertionRow, Purchase};
use rust_decimal::Decimal;
use std::borrow::Borrow;
use std::collections::HashMap;

/// The facilitator's rows, with the contracts of the recensement they follow.
#[derive(Debug, Default)]
pub struct FacilitatorRows<'a> {
    rows: &'a [InsertionRow],
    contracts: HashMap<String, Vec<&'a Purchase>>,
}

impl<'a> FacilitatorRows<'a> {
    /// Joins `rows` to `purchases` by reference, lot included (nothing to join without rows).
    pub fn of<P: Borrow<Purchase>>(rows: &'a [InsertionRow], purchases: &'a [P]) -> Self {
        let mut contracts: HashMap<String, Vec<&'a Purchase>> = HashMap::new();
        if !rows.is_empty() {
            for purchase in purchases.iter().map(Borrow::borrow) {
                contracts
                    .entry(reference_key(&purchase.reference))
                    .or_default()
                    .push(purchase);
            }
        }
        FacilitatorRows { rows, contracts }
    }

    /// Whether a facilitator's workbook was read at all.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The figure of `year` over the rows whose contract passes `filter` (every row when it is
    /// empty; a row whose contract is not in the recensement passes no filter). `None` when the
    /// facilitator has no row for the year: a year not followed is not zero hours.
    pub fn figure(&self, figure: FacilitatorFigure, filter: &[Condition], year: i32) -> Option<Decimal> {
        let of_year: Vec<&InsertionRow> = self.rows.iter().filter(|r| r.year == year).collect();
        if of_year.is_empty() {
            return None;
        }
        let kept = of_year.into_iter().filter(|row| self.follows(row, filter));
        match figure {
            FacilitatorFigure::HoursDone => {
                let mut hours = ExactSum::default();
                kept.for_each(|row| hours.add(row.heures_realisees));
                hours.total()
            }
            FacilitatorFigure::Participants => {
                let counted: Vec<i64> = kept.filter_map(|row| row.participants).collect();
                (!counted.is_empty()).then(|| Decimal::from(counted.iter().sum::<i64>()))
            }
        }
    }

    fn follows(&self, row: &InsertionRow, filter: &[Condition]) -> bool {
        filter.is_empty()
            || self
                .contracts
                .get(&reference_key(&row.reference))
                .is_some_and(|contracts| contracts.iter().any(|p| satisfies(p, filter)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::parse::expression::parse_conditions;
    use rust_decimal_macros::dec;

    fn row(reference: &str, year: i32, hours: Decimal, participants: Option<i64>) -> InsertionRow {
        InsertionRow {
            reference: reference.to_string(),
            year,
            heures_realisees: hours,
            participants,
            ..InsertionRow::default()
        }
    }

    fn purchase(reference: &str, service: &str) -> Purchase {
        Purchase {
            reference: reference.to_string(),
            service: service.to_string(),
            ..Purchase::default()
        }
    }

    fn filter(text: &str) -> Vec<Condition> {
        parse_conditions(text, &Catalogue::builtin().expect("catalogue")).expect("valid filter")
    }

    #[test]
    fn hours_done_and_participants_sum_the_rows_of_the_year_whatever_the_notification_year() {
        let rows = [
            row("2022-VOI-001", 2024, dec!(350.5), Some(3)),
            row("2024-BAT-002-L2", 2024, dec!(120), None),
            row("2022-VOI-001", 2023, dec!(400), Some(4)),
        ];
        let purchases: [Purchase; 0] = [];
        let facilitator = FacilitatorRows::of(&rows, &purchases);
        assert_eq!(
            facilitator.figure(FacilitatorFigure::HoursDone, &[], 2024),
            Some(dec!(470.5))
        );
        assert_eq!(
            facilitator.figure(FacilitatorFigure::Participants, &[], 2024),
            Some(dec!(3))
        );
        assert_eq!(
            facilitator.figure(FacilitatorFigure::HoursDone, &[], 2023),
            Some(dec!(400))
        );
    }

    #[test]
    fn a_year_the_facilitator_did_not_follow_has_no_figure_rather_than_zero() {
        let rows = [row("2022-VOI-001", 2024, dec!(350), Some(3))];
        let purchases: [Purchase; 0] = [];
        let facilitator = FacilitatorRows::of(&rows, &purchases);
        assert_eq!(facilitator.figure(FacilitatorFigure::HoursDone, &[], 2022), None);
        assert_eq!(
            FacilitatorRows::of(&[], &purchases).figure(FacilitatorFigure::HoursDone, &[], 2024),
            None
        );
    }

    #[test]
    fn a_filtre_narrows_the_rows_through_the_contract_they_follow_lot_and_spelling_aside() {
        let rows = [
            row("2022 voi 001", 2024, dec!(350), Some(3)),
            row("2024-BAT-002-L2", 2024, dec!(120), Some(1)),
            row("INCONNU-9", 2024, dec!(80), Some(1)),
        ];
        let purchases = [
            purchase("2022-VOI-001", "Voirie"),
            purchase("2024-BAT-002-L2", "Bâtiments"),
        ];
        let facilitator = FacilitatorRows::of(&rows, &purchases);
        let voirie = filter("service = Voirie");
        assert_eq!(
            facilitator.figure(FacilitatorFigure::HoursDone, &voirie, 2024),
            Some(dec!(350))
        );
        assert_eq!(
            facilitator.figure(FacilitatorFigure::Participants, &voirie, 2024),
            Some(dec!(3))
        );
        assert_eq!(
            facilitator.figure(FacilitatorFigure::HoursDone, &[], 2024),
            Some(dec!(550))
        );
    }
}

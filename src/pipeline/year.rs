//! The year of the bilan (§1), decided here and nowhere else, for `check`, `bilan` and `watch`.

use crate::model::Inputs;
use crate::model::YEARS;
use chrono::Datelike;

/// The year of the bilan: the one asked for (`--year`, else `annee` of `spaser.toml`, else the
/// year `watch` kept), else the latest year of the suivi data, else the latest notification year
/// of the recensement. A year of the data outside 1990–2100 (a typing mistake, reported where it
/// was read) never becomes the bilan's. `None` when nothing gives one.
pub fn decide(asked: Option<i32>, inputs: &Inputs) -> Option<i32> {
    let plausible = |year: &i32| YEARS.contains(year);
    asked
        .or_else(|| inputs.follow_ups.iter().map(|f| f.year).filter(plausible).max())
        .or_else(|| {
            inputs
                .purchases
                .iter()
                .filter_map(|p| p.date_notification.map(|d| d.year()))
                .filter(plausible)
                .max()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Purchase;
    use chrono::NaiveDate;
    use std::sync::Arc;

    fn notified(year: i32) -> Arc<Purchase> {
        Arc::new(Purchase {
            date_notification: NaiveDate::from_ymd_opt(year, 3, 1),
            ..Purchase::default()
        })
    }

    #[test]
    fn the_year_asked_wins_then_the_latest_suivi_year_then_the_latest_notification() {
        let mut inputs = Inputs {
            purchases: vec![notified(2023), notified(2024)],
            ..Inputs::default()
        };
        assert_eq!(decide(None, &inputs), Some(2024));
        assert_eq!(decide(Some(2022), &inputs), Some(2022));
        inputs.purchases.push(notified(2052));
        assert_eq!(decide(None, &inputs), Some(2052), "a plausible year of the data counts");
        inputs.purchases.push(notified(9999));
        assert_eq!(decide(None, &inputs), Some(2052), "a year out of 1990–2100 never does");
        assert_eq!(decide(None, &Inputs::default()), None);
    }
}

//! Dates no service meant (§2): a notification date more than one year after the run's date, or
//! before 2000, is a typing mistake (`2052` for `2025`) — an error that leaves the row out, with
//! the date in the row's or the sheet's own year as suggestion when one is given.

use crate::diagnostic::{Code, Diagnostic, Location};
use chrono::{Datelike, Months, NaiveDate};

/// The earliest plausible notification date.
const EARLIEST: (i32, u32, u32) = (2000, 1, 1);

/// The notification dates a run accepts: from 2000 to one year after the run's date.
#[derive(Debug, Clone, Copy)]
pub struct Plausible {
    earliest: NaiveDate,
    latest: NaiveDate,
}

impl Plausible {
    /// The dates plausible on `today`.
    pub fn on(today: NaiveDate) -> Plausible {
        Plausible {
            earliest: NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2).unwrap_or(NaiveDate::MIN),
            latest: today.checked_add_months(Months::new(12)).unwrap_or(NaiveDate::MAX),
        }
    }

    /// The error for an implausible notification `date`; `year_given` is the year the row (an
    /// `Année` column) or the sheet (named `2025`) says; `location` is asked only for an error.
    pub fn notification(
        self,
        date: NaiveDate,
        year_given: Option<i32>,
        location: impl FnOnce() -> Location,
    ) -> Option<Diagnostic> {
        let why = if date > self.latest {
            "plus d'un an après la date du jour"
        } else if date < self.earliest {
            "antérieure à 2000"
        } else {
            return None;
        };
        let error = Diagnostic::error(
            location(),
            Code::DateImplausible,
            format!(
                "Date de notification du {} improbable ({why}).",
                date.format("%d/%m/%Y")
            ),
        )
        .excluding_row();
        let suggested = year_given
            .filter(|year| *year != date.year())
            .and_then(|year| date.with_year(year))
            .filter(|d| (self.earliest..=self.latest).contains(d));
        Some(match suggested {
            Some(date) => error.suggest(format!(
                "Vouliez-vous dire le {} (l'année de la ligne ou de la feuille) ?",
                date.format("%d/%m/%Y")
            )),
            None => error.suggest("Corrigez l'année de la date de notification."),
        })
    }
}

/// The year a sheet's name gives (`2025`, `Marchés 2025`), if it holds one of 1990–2100.
pub fn year_of_sheet(name: &str) -> Option<i32> {
    name.split(|c: char| !c.is_ascii_digit())
        .filter(|part| part.len() == 4)
        .filter_map(|part| part.parse::<i32>().ok())
        .find(|year| crate::model::YEARS.contains(year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_notification_date_more_than_a_year_ahead_or_before_2000_is_an_error_excluding_the_row() {
        let plausible = Plausible::on(date(2026, 12, 4));
        let at = || Location::file(Path::new("a.xlsx"));
        let error = plausible.notification(date(2052, 3, 15), Some(2025), at).expect("2052");
        assert_eq!(error.code, Code::DateImplausible);
        assert!(error.message().contains("exclue des calculs"));
        assert_eq!(
            error.suggestion(),
            Some("Vouliez-vous dire le 15/03/2025 (l'année de la ligne ou de la feuille) ?")
        );
        assert!(plausible.notification(date(1999, 12, 31), None, at).is_some());
        assert!(plausible.notification(date(2027, 12, 4), None, at).is_none());
        assert!(plausible.notification(date(2027, 12, 5), None, at).is_some());
        assert!(plausible.notification(date(2000, 1, 1), None, at).is_none());
    }

    #[test]
    fn a_sheet_named_after_a_year_gives_it() {
        assert_eq!(year_of_sheet("2025"), Some(2025));
        assert_eq!(year_of_sheet("Marchés 2024"), Some(2024));
        assert_eq!(year_of_sheet("Marchés"), None);
        assert_eq!(year_of_sheet("Lot 12345"), None);
    }
}

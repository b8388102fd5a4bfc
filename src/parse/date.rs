//! Dates as services type them: Excel date cells (1900 or 1904 system, converted by calamine),
//! ODS ISO strings, and text `15/11/2022`, `15-11-2022`, `2022-11-15`. Two-digit years and
//! impossible dates are errors.

use crate::diagnostic::Code;
use crate::diagnostic::Problem;
use crate::normalise::clean_text;
use chrono::NaiveDate;

/// A number in a date column without a date format is read as an Excel serial only when it
/// falls between these years; outside, it is certainly not a date.
const SERIAL_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Parses a date typed as text.
pub fn parse_date_text(text: &str) -> Result<NaiveDate, Problem> {
    let cleaned = clean_text(text);
    // `2022-11-15T00:00:00` (ODS), `15/11/2022 00:00`: the time part is dropped.
    let date_part = cleaned.split(['T', ' ']).next().unwrap_or_default();
    let invalid = |why: &str| {
        Problem::error(
            Code::DateInvalid,
            format!("Date « {cleaned} » {why} : une date jj/mm/aaaa est attendue (ex. 15/11/2022)."),
        )
    };
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(invalid("illisible"));
    }
    let (year, month, day) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else {
        (parts[2], parts[1], parts[0])
    };
    if year.len() != 4 {
        return Err(invalid("a une année à deux chiffres")
            .suggest(format!("Écrivez l'année en entier (ex. {}/{}/20{year}).", day, month)));
    }
    let (Ok(y), Ok(m), Ok(d)) = (year.parse::<i32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return Err(invalid("illisible"));
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| invalid("n'existe pas"))
}

/// Reads an Excel serial number typed in a cell without date format (1900 system), when it is
/// plausibly a date.
pub fn from_plain_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || serial.fract() != 0.0 {
        return None;
    }
    // 1899-12-30 is day 0 of the 1900 system once Excel's phantom 29/02/1900 is accounted for.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let date = epoch.checked_add_days(chrono::Days::new(serial as u64))?;
    use chrono::Datelike;
    SERIAL_YEARS.contains(&date.year()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn dates_accept_text_15_11_2022_and_15_11_2022_dashed_and_iso() {
        assert_eq!(parse_date_text("15/11/2022").ok(), Some(ymd(2022, 11, 15)));
        assert_eq!(parse_date_text("15-11-2022").ok(), Some(ymd(2022, 11, 15)));
        assert_eq!(parse_date_text("2022-11-15").ok(), Some(ymd(2022, 11, 15)));
        assert_eq!(parse_date_text(" 5/3/2023 ").ok(), Some(ymd(2023, 3, 5)));
        assert_eq!(parse_date_text("2022-11-15T00:00:00").ok(), Some(ymd(2022, 11, 15)));
    }

    #[test]
    fn a_two_digit_year_is_an_error() {
        let error = parse_date_text("15/11/22").expect_err("two-digit year");
        assert_eq!(error.code, Code::DateInvalid);
        assert!(error.explanation.message.contains("deux chiffres"));
    }

    #[test]
    fn an_impossible_date_is_an_error() {
        let error = parse_date_text("31/02/2022").expect_err("31 February");
        assert!(error.explanation.message.contains("n'existe pas"));
        assert!(parse_date_text("demain").is_err());
    }

    #[test]
    fn a_plain_serial_is_a_date_only_in_plausible_years() {
        assert_eq!(from_plain_serial(44880.0), Some(ymd(2022, 11, 15)));
        assert_eq!(from_plain_serial(12.0), None);
        assert_eq!(from_plain_serial(44880.5), None);
    }
}

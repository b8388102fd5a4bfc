//! Values with units and notes (§4.3), as pilots type targets, references and réalisés:
//! `60 000 h`, `≥ 50 %`, `≤ 2`, `2 / an`, `0 (2022)`, `41 / 88 soit 46,6 %`,
//! `43,5 % (2022 : 40 VE / 92)` — a number, its unit, a sense, a year and a note. A cell with
//! values for several populations (`Travaux 60 % / Services 20 %`) is never read as its first
//! number.

use super::number::parse_decimal_text;
use crate::model::{Direction, UnitValue, ValueUnit};
use crate::normalise::{clean_text, normalise};
use rust_decimal::Decimal;

/// Why a text is not one measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAValue {
    /// Values for several populations: their labels (`Travaux`, `Services`).
    SeveralPopulations(Vec<String>),
    /// No figure could be read.
    NoFigure,
}

/// Reads a text cell as a measure.
pub fn read(text: &str) -> Result<UnitValue, NotAValue> {
    let cleaned = clean_text(text).replace('\u{a0}', " ");
    let (body, year) = split_note(cleaned.trim());
    let (direction, body) = split_comparator(body);
    if let Some(labels) = several_populations(body) {
        return Err(NotAValue::SeveralPopulations(labels));
    }
    let main = after_soit(body).unwrap_or(body);
    let main = strip_lead_words(main);
    let (value, unit) = figure(main).ok_or(NotAValue::NoFigure)?;
    Ok(UnitValue {
        value,
        unit,
        direction,
        year,
    })
}

/// Splits a trailing parenthesised note off, with the year it starts with.
fn split_note(text: &str) -> (&str, Option<i32>) {
    let Some(open) = text.rfind('(') else {
        return (text, None);
    };
    if !text.ends_with(')') || open == 0 {
        return (text, None);
    }
    let inside = &text[open + 1..text.len() - 1];
    let digits: String = inside.trim_start().chars().take_while(char::is_ascii_digit).collect();
    let year = (digits.len() == 4).then(|| digits.parse().ok()).flatten();
    (text[..open].trim_end(), year)
}

/// A leading `≥`, `>=`, `>`, `au moins`, `minimum` (Hausse) or `≤`, `<=`, `<`, `au plus`,
/// `maximum`, `moins de` (Baisse).
fn split_comparator(text: &str) -> (Option<Direction>, &str) {
    const HAUSSE: [&str; 7] = ["≥", ">=", "=>", ">", "au moins", "minimum", "min."];
    const BAISSE: [&str; 8] = ["≤", "<=", "=<", "<", "au plus", "maximum", "max.", "moins de"];
    for (words, direction) in [(&HAUSSE[..], Direction::Hausse), (&BAISSE[..], Direction::Baisse)] {
        for word in words {
            if let Some(rest) = strip_prefix_ignore_case(text, word) {
                return (Some(direction), rest.trim_start());
            }
        }
    }
    (None, text)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// `Travaux 60 % / Services 20 %`: several parts, each with words before a figure.
fn several_populations(text: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = text.split(['/', ';', '|']).map(str::trim).collect();
    if parts.len() < 2 {
        return None;
    }
    let labels: Vec<String> = parts
        .iter()
        .filter_map(|part| {
            let start = part.find(|c: char| c.is_ascii_digit())?;
            let label = part[..start].trim().trim_end_matches(':').trim();
            label.chars().any(char::is_alphabetic).then(|| label.to_string())
        })
        .collect();
    (labels.len() >= 2).then_some(labels)
}

/// The part after the last « soit » (`41 / 88 soit 46,6 %`).
fn after_soit(text: &str) -> Option<&str> {
    let lowered = text.to_lowercase();
    let at = lowered.rfind("soit ")?;
    // `to_lowercase` keeps byte offsets for the ASCII word searched.
    text.get(at + "soit ".len()..).map(str::trim)
}

/// Words that may precede a figure without changing it: `environ 40 %`, `Objectif : 60 000 h`.
fn strip_lead_words(text: &str) -> &str {
    let mut rest = text.trim();
    if let Some(colon) = rest.find(':')
        && !rest[..colon].chars().any(|c| c.is_ascii_digit())
    {
        rest = rest[colon + 1..].trim_start();
    }
    for word in ["environ", "env.", "~", "≈", "près de"] {
        if let Some(after) = strip_prefix_ignore_case(rest, word) {
            return after.trim_start();
        }
    }
    rest
}

/// The figure of a text and its unit: `60 000 h`, `46,6 %`, `2 / an`, `41 / 88` (a fraction,
/// as a percentage), `12 k€`, `10 marchés`.
fn figure(text: &str) -> Option<(Decimal, Option<ValueUnit>)> {
    let number_end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, ' ' | ',' | '.' | '\'' | '+' | '-' | '−')))
        .map_or(text.len(), |(i, _)| i);
    let number_text = text[..number_end].trim();
    let value = parse_decimal_text(number_text)?;
    let rest = text[number_end..].trim();
    if let Some(denominator) = rest.strip_prefix('/').map(str::trim).and_then(parse_decimal_text) {
        return fraction(value, denominator).map(|v| (v, Some(ValueUnit::Percent)));
    }
    if let Some(after_sur) = strip_prefix_ignore_case(rest, "sur ").and_then(|r| leading_number(r.trim())) {
        return fraction(value, after_sur).map(|v| (v, Some(ValueUnit::Percent)));
    }
    unit_of(rest, value)
}

fn fraction(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    (denominator > Decimal::ZERO).then(|| (numerator * Decimal::ONE_HUNDRED / denominator).round_dp(1))
}

fn leading_number(text: &str) -> Option<Decimal> {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, ' ' | ',' | '.')))
        .map_or(text.len(), |(i, _)| i);
    parse_decimal_text(text[..end].trim())
}

/// The unit in what follows the figure; any other words are a note (`/ an`, `marchés`).
fn unit_of(rest: &str, value: Decimal) -> Option<(Decimal, Option<ValueUnit>)> {
    let word = normalise(rest.split(['/', '(', ',', ';']).next().unwrap_or_default());
    let first = word.split(' ').next().unwrap_or_default();
    let unit = match first {
        _ if rest.starts_with('%') => Some(ValueUnit::Percent),
        "h" | "heure" | "heures" | "hrs" => Some(ValueUnit::Hours),
        "k" | "k€" | "keur" => return Some((value * Decimal::ONE_THOUSAND, Some(ValueUnit::Euros))),
        "m" | "m€" | "meur" | "million" | "millions" => {
            return Some((value * Decimal::from(1_000_000), Some(ValueUnit::Euros)));
        }
        _ if rest.starts_with('€') || first.starts_with("euro") => Some(ValueUnit::Euros),
        "pourcent" | "pourcents" | "pct" => Some(ValueUnit::Percent),
        _ => None,
    };
    Some((value, unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn value(text: &str) -> (Decimal, Option<ValueUnit>, Option<Direction>, Option<i32>) {
        let m = read(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        (m.value, m.unit, m.direction, m.year)
    }

    #[test]
    fn values_with_units_and_notes_are_read_as_a_number_a_unit_and_a_note() {
        use Direction::*;
        use ValueUnit::*;
        assert_eq!(value("60 000 h"), (dec!(60000), Some(Hours), None, None));
        assert_eq!(value("≥ 50 %"), (dec!(50), Some(Percent), Some(Hausse), None));
        assert_eq!(value("≤ 2"), (dec!(2), None, Some(Baisse), None));
        assert_eq!(value("2 / an"), (dec!(2), None, None, None));
        assert_eq!(value("0 (2022)"), (dec!(0), None, None, Some(2022)));
        assert_eq!(value("41 / 88 soit 46,6 %"), (dec!(46.6), Some(Percent), None, None));
        assert_eq!(
            value("43,5 % (2022 : 40 VE / 92)"),
            (dec!(43.5), Some(Percent), None, Some(2022))
        );
        assert_eq!(value("48 000 h (2022)"), (dec!(48000), Some(Hours), None, Some(2022)));
        assert_eq!(value(">= 30%"), (dec!(30), Some(Percent), Some(Hausse), None));
        assert_eq!(value("au moins 5 marchés"), (dec!(5), None, Some(Hausse), None));
        assert_eq!(value("environ 40 %"), (dec!(40), Some(Percent), None, None));
        assert_eq!(value("12 k€"), (dec!(12000), Some(Euros), None, None));
    }

    #[test]
    fn a_fraction_without_soit_is_read_as_a_percentage() {
        assert_eq!(value("41 / 88").0, dec!(46.6));
        assert_eq!(value("7 sur 20").0, dec!(35.0));
        assert_eq!(value("41 / 88").1, Some(ValueUnit::Percent));
    }

    #[test]
    fn a_cell_with_values_for_several_populations_is_never_its_first_number() {
        assert_eq!(
            read("Travaux 60 % / Services 20 %"),
            Err(NotAValue::SeveralPopulations(vec![
                "Travaux".to_string(),
                "Services".to_string()
            ]))
        );
        assert_eq!(
            read("Travaux : 60 % ; Fournitures : 10 %").map_err(|e| matches!(e, NotAValue::SeveralPopulations(_))),
            Err(true)
        );
    }

    #[test]
    fn words_without_a_figure_are_not_a_measure() {
        assert_eq!(read("en cours"), Err(NotAValue::NoFigure));
        assert_eq!(read("Oui"), Err(NotAValue::NoFigure));
        assert_eq!(read(""), Err(NotAValue::NoFigure));
    }
}

//! Numbers as services type them: French text (`1 234,56 €`, `30 %`) parsed without `f64`
//! (Excel's floats become decimals in `read`). Money and percentages never go through floats.

use crate::diagnostic::Code;
use crate::diagnostic::Problem;
use crate::normalise::clean_text;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a number typed as text in French or English form: `1 234,56`, `1234.56`,
/// `1.234,56`, `1,234.56`, with optional `€`, `EUR`, `euros`, `HT`. Returns `None` when the text
/// is not a plain number (multiples such as `k€` are read by [`multiplied_amount`]).
pub fn parse_decimal_text(text: &str) -> Option<Decimal> {
    let cleaned = clean_text(text);
    let mut body: &str = &cleaned;
    while let Some(suffix) = ["euros", "euro", "eur", "€", "ht", "ttc"]
        .iter()
        .find(|s| ends_with_ignore_case(body, s))
    {
        body = body[..body.len() - suffix.len()].trim_end();
    }
    let body = body.trim_start_matches('+');
    let (negative, body) = match body.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, body),
    };
    let value = plain_decimal(body).or_else(|| grouped_decimal(body))?;
    Some(if negative { -value } else { value })
}

/// The digits of `body`, with spaces or apostrophes between groups and at most one `,` or `.`
/// as the decimal separator, read without building a string: most typed amounts. `None` for
/// any other text, which [`grouped_decimal`] then reads.
fn plain_decimal(body: &str) -> Option<Decimal> {
    let (mut mantissa, mut digits, mut decimals) = (0_i128, 0_u32, None::<u32>);
    for byte in body.bytes() {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 28 {
                    return None;
                }
                mantissa = mantissa * 10 + i128::from(byte - b'0');
                if let Some(decimals) = &mut decimals {
                    *decimals += 1;
                }
            }
            b' ' | b'\'' => {}
            b',' | b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    let scale = match decimals {
        _ if digits == 0 => return None,
        None => 0,
        // `1234,` reads as `1234,0`, as `grouped_decimal` reads it.
        Some(0) => {
            mantissa *= 10;
            1
        }
        Some(decimals) => decimals,
    };
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// Any decimal `body`: thousands separators told from the decimal one (`1.234.567`,
/// `1,234.56`, `1 234,56`).
fn grouped_decimal(body: &str) -> Option<Decimal> {
    let digits: String = body.chars().filter(|c| !matches!(c, ' ' | '\'' | '’')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    let canonical = canonical_decimal(&digits)?;
    Decimal::from_str(&canonical).ok()
}

fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    let start = text.len().wrapping_sub(suffix.len());
    text.len() >= suffix.len() && text.is_char_boundary(start) && text[start..].eq_ignore_ascii_case(suffix)
}

/// Decides which of `,` and `.` is the decimal separator and drops the other.
fn canonical_decimal(digits: &str) -> Option<String> {
    let commas = digits.matches(',').count();
    let dots = digits.matches('.').count();
    let decimal_sep = match (commas, dots) {
        (0, 0) => None,
        (1, 0) => Some(','),
        (0, 1) => Some('.'),
        (_, 0) | (0, _) => {
            // Several identical separators: thousands groups (`1.234.567`), each of 3 digits.
            let sep = if commas > 0 { ',' } else { '.' };
            let groups: Vec<&str> = digits.split(sep).collect();
            if groups[1..].iter().any(|g| g.len() != 3) {
                return None;
            }
            return Some(groups.concat());
        }
        _ => {
            let last_comma = digits.rfind(',')?;
            let last_dot = digits.rfind('.')?;
            Some(if last_comma > last_dot { ',' } else { '.' })
        }
    };
    let Some(sep) = decimal_sep else {
        return Some(digits.to_string());
    };
    let thousands = if sep == ',' { '.' } else { ',' };
    let (int_part, frac_part) = digits.rsplit_once(sep)?;
    if int_part.contains(sep) || frac_part.contains(thousands) || frac_part.is_empty() && int_part.is_empty() {
        return None;
    }
    let int_part: String = int_part.chars().filter(|c| *c != thousands).collect();
    Some(format!(
        "{}.{}",
        if int_part.is_empty() { "0" } else { &int_part },
        if frac_part.is_empty() { "0" } else { frac_part }
    ))
}

/// Parses an amount typed as text in euros (`12 k€` is read by [`multiplied_amount`]).
pub fn parse_amount_text(text: &str) -> Result<Decimal, Problem> {
    if let Some(value) = parse_decimal_text(text) {
        return non_negative(value, || text.to_string(), Code::AmountInvalid, "Le montant");
    }
    Err(Problem::error(
        Code::AmountInvalid,
        format!(
            "Montant « {} » illisible : un nombre en euros est attendu (ex. 1 234,56 €).",
            clean_text(text)
        ),
    ))
}

/// Parses a decimal ≥ 0 typed as text (`1 200`, `12,5`).
pub fn parse_non_negative_text(text: &str, what: &str) -> Result<Decimal, Problem> {
    match parse_decimal_text(text) {
        Some(value) => non_negative(value, || text.to_string(), Code::NumberInvalid, what),
        None => Err(Problem::error(
            Code::NumberInvalid,
            format!(
                "{what} « {} » illisible : un nombre est attendu (ex. 1 200 ou 12,5).",
                clean_text(text)
            ),
        )),
    }
}

/// Checks that a decimal is not negative.
/// `typed` gives the value as typed, only when the message needs it.
pub fn non_negative(
    value: Decimal,
    typed: impl FnOnce() -> String,
    code: Code,
    what: &str,
) -> Result<Decimal, Problem> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Problem::error(
            code,
            format!(
                "{what} « {} » est négatif : une valeur positive ou nulle est attendue.",
                clean_text(&typed())
            ),
        ));
    }
    Ok(value)
}

/// An amount typed with a multiple (`12 k€`, `1,2 M€`, `3 millions`): its value in euros, read
/// with a warning that names it; `None` for any other text.
pub fn multiplied_amount(text: &str) -> Option<(Decimal, Problem)> {
    let cleaned = clean_text(text)
        .to_lowercase()
        .replace('€', "")
        .replace("euros", "")
        .replace("eur", "");
    let cleaned = cleaned.replace(" ht", "");
    let trimmed = cleaned.trim();
    let (number, factor) = [
        ("millions", 1_000_000),
        ("million", 1_000_000),
        ("k", 1_000),
        ("m", 1_000_000),
    ]
    .iter()
    .find_map(|(suffix, factor)| Some((trimmed.strip_suffix(suffix)?, Decimal::from(*factor))))?;
    let value = parse_decimal_text(number.trim())?.checked_mul(factor)?;
    if value.is_sign_negative() {
        return None;
    }
    let warning = Problem::warning(
        Code::UnitRead,
        format!(
            "Montant « {} » lu comme {} € : vérifiez-le.",
            clean_text(text),
            format_french(value)
        ),
    )
    .suggest(format!("Écrivez le montant en euros : {} €.", format_french(value)));
    Some((value, warning))
}

/// A unit typed after a number (`205 h`, `1 607 heures`, `12 %`, `800 €`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Hours.
    Hours,
    /// A percentage.
    Percent,
    /// Euros.
    Euros,
}

impl Unit {
    /// How the unit reads in a message.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Hours => "heures",
            Unit::Percent => "%",
            Unit::Euros => "€",
        }
    }
}

/// A non-negative number followed by its unit: `205 h`, `1 607 heures`, `12 %`, `800 €`.
pub fn number_with_unit(text: &str) -> Option<(Decimal, Unit)> {
    let cleaned = clean_text(text);
    let lowered = cleaned.to_lowercase();
    let units: [(&str, Unit); 7] = [
        ("heures", Unit::Hours),
        ("heure", Unit::Hours),
        ("hrs", Unit::Hours),
        ("h", Unit::Hours),
        ("%", Unit::Percent),
        ("€", Unit::Euros),
        ("euros", Unit::Euros),
    ];
    let (number, unit) = units
        .iter()
        .find_map(|(suffix, unit)| Some((lowered.strip_suffix(suffix)?, *unit)))?;
    let value = parse_decimal_text(number.trim())?;
    (!value.is_sign_negative()).then_some((value, unit))
}

/// Formats a decimal the French way: `12000` → `12 000`, `1234.5` → `1 234,5`.
pub fn format_french(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let (sign, digits) = match int_part.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", int_part),
    };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Parses a percentage typed as text: `30 %`, `30`, `12,5 %`. The result is on the 0–100 scale
/// when a `%` sign is present; otherwise the number as typed.
pub fn parse_percent_text(text: &str) -> Option<(Decimal, bool)> {
    let cleaned = clean_text(text);
    match cleaned.strip_suffix('%') {
        Some(number) => parse_decimal_text(number.trim()).map(|v| (v, true)),
        None => parse_decimal_text(&cleaned).map(|v| (v, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_accept_french_text_with_narrow_and_non_breaking_spaces() {
        assert_eq!(parse_amount_text("1 234,56 €").ok(), Some(dec!(1234.56)));
        assert_eq!(parse_amount_text("1\u{202f}234,56\u{a0}€").ok(), Some(dec!(1234.56)));
        assert_eq!(parse_amount_text("1234.56").ok(), Some(dec!(1234.56)));
        assert_eq!(parse_amount_text("1 234,56").ok(), Some(dec!(1234.56)));
        assert_eq!(parse_amount_text("1.234.567,5").ok(), Some(dec!(1234567.5)));
        assert_eq!(parse_amount_text("1,234.5").ok(), Some(dec!(1234.5)));
        assert_eq!(parse_amount_text("90 000 € HT").ok(), Some(dec!(90000)));
    }

    #[test]
    fn amounts_12_k_euros_and_1_2_m_euros_are_read_with_a_warning_naming_the_value_read() {
        let (value, warning) = multiplied_amount("12 k€").expect("k€");
        assert_eq!(value, dec!(12000));
        assert_eq!(warning.code, Code::UnitRead);
        assert!(
            warning.explanation.message.contains("lu comme 12 000 €"),
            "{:?}",
            warning.explanation
        );
        assert_eq!(multiplied_amount("1,2 M€").map(|(v, _)| v), Some(dec!(1200000)));
        assert_eq!(multiplied_amount("3 millions").map(|(v, _)| v), Some(dec!(3000000)));
        assert_eq!(multiplied_amount("douze k€"), None);
    }

    #[test]
    fn numbers_with_their_unit_are_read_with_the_unit() {
        assert_eq!(number_with_unit("205 h"), Some((dec!(205), Unit::Hours)));
        assert_eq!(number_with_unit("1 607 heures"), Some((dec!(1607), Unit::Hours)));
        assert_eq!(number_with_unit("12 %"), Some((dec!(12), Unit::Percent)));
        assert_eq!(number_with_unit("800 €"), Some((dec!(800), Unit::Euros)));
        assert_eq!(number_with_unit("205"), None);
    }

    #[test]
    fn a_negative_amount_is_an_error() {
        assert!(parse_amount_text("-50").is_err());
        assert!(parse_amount_text("douze").is_err());
        assert!(parse_amount_text("1,2,3").is_err());
    }

    #[test]
    fn percent_text_30_percent_is_30() {
        assert_eq!(parse_percent_text("30 %"), Some((dec!(30), true)));
        assert_eq!(parse_percent_text("12,5%"), Some((dec!(12.5), true)));
        assert_eq!(parse_percent_text("0,3"), Some((dec!(0.3), false)));
    }

    #[test]
    fn french_formatting_groups_thousands() {
        assert_eq!(format_french(dec!(12000)), "12 000");
        assert_eq!(format_french(dec!(1234.50)), "1 234,5");
        assert_eq!(format_french(dec!(-1234567)), "-1 234 567");
    }

    proptest::proptest! {
        #[test]
        fn a_plain_amount_reads_as_the_general_reading_reads_it(body in "[0-9 ',.]{0,14}|[0-9]{25,32}") {
            if let Some(plain) = plain_decimal(&body) {
                proptest::prop_assert_eq!(Some(plain), grouped_decimal(&body));
                proptest::prop_assert_eq!(plain.scale(), grouped_decimal(&body).map_or(99, |d| d.scale()));
            }
        }
    }
}

//! Identifiers: SIRET (14 digits, Luhn key), CPV codes (`NNNNNNNN-N`), fiche action codes
//! (`FA 1`, `FA-1`, `Action n°1` → `FA1`) and fiche action labels (`FA 4- Augmenter …`).

use crate::normalise::{clean_text, normalise};

/// A SIRET reduced to its digits; `None` when it is not 14 digits.
pub fn siret_digits(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}' && *c != '.')
        .collect();
    (digits.len() == 14 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Whether a 14-digit SIRET passes its key: the Luhn check, or for La Poste's establishments
/// (SIREN 356 000 000) the sum of digits being a multiple of 5.
pub fn siret_key_is_valid(digits: &str) -> bool {
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if values.len() != 14 {
        return false;
    }
    if digits.starts_with("356000000") {
        return values.iter().sum::<u32>().is_multiple_of(5);
    }
    let sum: u32 = values
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether a CPV code has the form `NNNNNNNN-N`.
pub fn cpv_is_well_formed(text: &str) -> bool {
    let cleaned = clean_text(text);
    let bytes = cleaned.as_bytes();
    bytes.len() == 10 && bytes[8] == b'-' && bytes[..8].iter().chain(&bytes[9..]).all(u8::is_ascii_digit)
}

/// Normalises a fiche action code: `FA 1`, `FA1`, `FA-1`, `fa 01`, `Action n°1`,
/// `Fiche action 1`, `1` → `FA1`; `FA 2.3` → `FA2.3`. `None` when there is no number.
pub fn fa_code(text: &str) -> Option<String> {
    fa_code_and_rest(text)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(code, _)| code)
}

/// Splits a fiche action label into its code and its wording:
/// `FA 4- Augmenter la part…` → (`FA4`, `Augmenter la part…`).
pub fn fa_label(text: &str) -> Option<(String, String)> {
    fa_code_and_rest(text)
}

fn fa_code_and_rest(text: &str) -> Option<(String, String)> {
    let cleaned = clean_text(text);
    let rest = strip_fa_prefix(&cleaned);
    let number_len = rest
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit() || (*c == '.' && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()) && *i > 0)
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let number = &rest[..number_len];
    let number = number.trim_start_matches('0');
    let number = if number.is_empty() || number.starts_with('.') {
        format!("0{number}")
    } else {
        number.to_string()
    };
    let wording = rest[number_len..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '.' | ')' | '/'))
        .trim()
        .to_string();
    Some((format!("FA{number}"), wording))
}

/// Drops `FA`, `Fiche action`, `Action`, `N°` and separators before the number.
fn strip_fa_prefix(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        let lower = normalise(rest.get(..rest.len().min(14)).unwrap_or(rest));
        let skipped = [
            "fiche action",
            "fiches action",
            "action",
            "fiche",
            "fa",
            "n",
            "no",
            "numero",
        ]
        .iter()
        .find(|prefix| starts_with_word(&lower, prefix))
        .map(|prefix| prefix_byte_len(rest, prefix));
        let trimmed = match skipped {
            Some(len) => &rest[len..],
            None => rest,
        };
        let trimmed = trimmed.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '°' | 'º' | ':' | '.' | '#' | '_')
        });
        if trimmed.len() == rest.len() {
            return rest;
        }
        rest = trimmed;
    }
}

fn starts_with_word(normalised: &str, prefix: &str) -> bool {
    normalised.starts_with(prefix)
        && normalised[prefix.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphabetic())
}

/// The byte length in `text` of the characters that normalise to `prefix` (accents, case and
/// the space of `fiche action` included).
fn prefix_byte_len(text: &str, prefix: &str) -> usize {
    let wanted = prefix.chars().filter(|c| !c.is_whitespace()).count();
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if seen == wanted {
                return i;
            }
            seen += 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fa_1_fa1_fa_dash_1_and_action_n_1_all_normalise_to_fa1() {
        for typed in [
            "FA 1",
            "FA1",
            "FA-1",
            "Action n°1",
            "fa 01",
            "Fiche action 1",
            "FA n°1",
            "1",
            "FA° 1",
        ] {
            assert_eq!(fa_code(typed).as_deref(), Some("FA1"), "{typed}");
        }
        assert_eq!(fa_code("FA 2.3").as_deref(), Some("FA2.3"));
        assert_eq!(fa_code("FA").as_deref(), None);
        assert_eq!(fa_code("Axe 1").as_deref(), None);
    }

    #[test]
    fn the_fa_code_is_read_from_the_fiche_action_label() {
        assert_eq!(
            fa_label("FA 4- Augmenter la part des marchés"),
            Some(("FA4".to_string(), "Augmenter la part des marchés".to_string()))
        );
        assert_eq!(fa_label("FA1-Faciliter l'accès").map(|l| l.0), Some("FA1".to_string()));
        assert_eq!(
            fa_label("FA 11 - Vers une administration").map(|l| l.1),
            Some("Vers une administration".to_string())
        );
        assert_eq!(
            fa_label("Action n°3 : Former les acheteurs").map(|l| l.0),
            Some("FA3".to_string())
        );
    }

    #[test]
    fn siret_is_14_digits_with_a_luhn_key() {
        assert_eq!(siret_digits("732 829 320 00074").as_deref(), Some("73282932000074"));
        assert!(siret_key_is_valid("73282932000074"));
        assert!(!siret_key_is_valid("73282932000075"));
        assert!(
            siret_key_is_valid("35600000000001"),
            "La Poste rule: digit sum multiple of 5"
        );
        assert_eq!(siret_digits("1234"), None);
    }

    #[test]
    fn cpv_codes_have_the_form_nnnnnnnn_n() {
        assert!(cpv_is_well_formed("77310000-6"));
        assert!(!cpv_is_well_formed("77310000"));
        assert!(!cpv_is_well_formed("7731000-6"));
    }
}

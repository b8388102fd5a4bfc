//! Identifiers: SIRET (14 digits, Luhn key), CPV codes (`NNNNNNNN-N`) and fiche action labels
//! (`FA 4- Augmenter …`: the code, then the wording). Codes themselves are `model::Code`.

use crate::model::Code;
use crate::normalise::{clean_text, normalise};

/// A SIRET reduced to its digits; `None` when it is not 14 digits.
pub fn siret_digits(text: &str) -> Option<String> {
    let mut digits = String::with_capacity(14);
    digits.extend(
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}' && *c != '.'),
    );
    (digits.len() == 14 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Whether a 14-digit SIRET passes its key: the Luhn check, or for La Poste's establishments
/// (SIREN 356 000 000) the sum of digits being a multiple of 5.
pub fn siret_key_is_valid(digits: &str) -> bool {
    let mut values = [0u32; 14];
    let mut count = 0;
    for value in digits.chars().filter_map(|c| c.to_digit(10)) {
        if count == values.len() {
            return false;
        }
        values[count] = value;
        count += 1;
    }
    if count != values.len() {
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

/// Splits a fiche action label into its code and its wording: `FA 4- Augmenter la part…` →
/// (`FA 4`, `Augmenter la part…`), `Action n°3 : Former` → (`Action n°3`, `Former`),
/// `FA-ENV – Achats verts` → (`FA-ENV`, `Achats verts`). The code is a number after `FA`,
/// `Action`, `Fiche action`, `n°`, or a first word holding a digit (`O1-A2 Former`); `None` when
/// the label opens with neither.
pub fn fa_label(text: &str) -> Option<(Code, String)> {
    let cleaned = clean_text(text);
    let rest = strip_fa_prefix(&cleaned);
    let prefix_len = cleaned.len() - rest.len();
    let token_len = if rest.starts_with(|c: char| c.is_ascii_digit()) {
        rest.char_indices()
            .take_while(|(i, c)| {
                c.is_ascii_digit() || (*c == '.' && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
            })
            .map(|(i, c)| i + c.len_utf8())
            .last()?
    } else {
        rest.find(|c: char| c.is_whitespace() || matches!(c, '–' | '—' | ':' | ','))
            .unwrap_or(rest.len())
    };
    let token = &rest[..token_len];
    if token.is_empty() || prefix_len == 0 && !token.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let code = Code::new(&cleaned[..prefix_len + token_len])?;
    let wording = rest[token_len..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '.' | ')' | '/'))
        .trim()
        .to_string();
    Some((code, wording))
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

    fn label(text: &str) -> Option<(String, String, String)> {
        fa_label(text).map(|(code, wording)| (code.spelling().to_string(), code.key().to_string(), wording))
    }

    #[test]
    fn the_code_is_read_from_the_fiche_action_label_as_typed() {
        assert_eq!(
            label("FA 4- Augmenter la part des marchés"),
            Some(("FA 4".into(), "4".into(), "Augmenter la part des marchés".into()))
        );
        assert_eq!(label("FA1-Faciliter l'accès").map(|l| l.1), Some("1".to_string()));
        assert_eq!(
            label("FA 11 - Vers une administration").map(|l| l.2),
            Some("Vers une administration".to_string())
        );
        assert_eq!(
            label("Action n°3 : Former les acheteurs").map(|l| (l.0, l.1)),
            Some(("Action n°3".to_string(), "3".to_string()))
        );
        assert_eq!(
            label("FA-ENV – Achats verts"),
            Some(("FA-ENV".into(), "ENV".into(), "Achats verts".into()))
        );
        assert_eq!(
            label("O1-A2 Former").map(|l| (l.1, l.2)),
            Some(("O1A2".into(), "Former".into()))
        );
        assert_eq!(label("Augmenter la part des marchés"), None);
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

//! The authority's own codes for fiches action and indicators (§4): `FA 4`, `FA-ENV`, `1.2`,
//! `A3`, `Action 2.1`, `O1-A2`, `Fiche n°7` are all valid, never forced into one shape. Two
//! spellings are the same code when their *key* is equal; the spelling is what the bilan shows.

use std::fmt;
use std::hash::{Hash, Hasher};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words that may open a code and are not part of its key, longest first.
const PREFIXES: [&str; 8] = [
    "FICHE ACTION",
    "FICHES ACTION",
    "FICHE",
    "ACTION",
    "FA",
    "NUMERO",
    "NO",
    "N°",
];

/// A code as typed, with its key. Equality, hashing and ordering go by the key only.
#[derive(Debug, Clone, Default)]
pub struct Code {
    spelling: String,
    key: String,
}

impl Code {
    /// The code typed as `spelling`; `None` when it is empty or nothing but punctuation.
    pub fn new(spelling: &str) -> Option<Code> {
        let spelling = crate::normalise::clean_text(spelling).into_owned();
        let key = key_of(&spelling)?;
        Some(Code { spelling, key })
    }

    /// What identifies the code: upper case, no accents, no leading `Fiche action` / `FA` /
    /// `n°`, no spaces, `-`, `_`, `#`, `:`, no leading zeros (`Action n°01` → `1`).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The code as written.
    pub fn spelling(&self) -> &str {
        &self.spelling
    }

    /// The code within a scope (an axe, an action): a different code from the same spelling in
    /// another scope, spelled `spelling`.
    pub fn within(&self, scope: &str, spelling: String) -> Code {
        Code {
            spelling,
            key: format!("{scope}›{}", self.key),
        }
    }

    /// The same code written as `other` writes it.
    pub fn spelled_as(&self, other: &Code) -> Code {
        Code {
            spelling: other.spelling.clone(),
            key: self.key.clone(),
        }
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Code {}

/// `code == "FA 4"`: whether the text is a spelling of the same code.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        key_of(other).is_some_and(|key| key == self.key)
    }
}

impl PartialEq<String> for Code {
    fn eq(&self, other: &String) -> bool {
        self == &other.as_str()
    }
}

impl Hash for Code {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spelling)
    }
}

/// The key of a spelling (see [`Code::key`]); `None` when it holds no letter or digit.
fn key_of(spelling: &str) -> Option<String> {
    let folded = fold(spelling);
    if !folded.chars().any(char::is_alphanumeric) {
        return None;
    }
    let rest = strip_prefixes(&folded);
    let key = compact(rest);
    Some(if key.is_empty() { compact(&folded) } else { key })
}

/// Upper case without accents (`œ` → `OE`).
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'œ' | 'Œ' => "OE".chars().collect::<Vec<_>>(),
            'æ' | 'Æ' => "AE".chars().collect(),
            'º' => vec!['°'],
            other => other.to_uppercase().collect(),
        })
        .collect()
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—' | '_' | '#' | ':' | '.' | '°')
}

/// Drops the words that open a code (`Fiche action n° `), each only as a whole word.
fn strip_prefixes(folded: &str) -> &str {
    let mut rest = folded.trim_start();
    loop {
        let Some(prefix) = PREFIXES
            .iter()
            .find(|p| rest.starts_with(*p) && !rest[p.len()..].starts_with(|c: char| c.is_alphabetic()))
        else {
            return rest;
        };
        rest = rest[prefix.len()..].trim_start_matches(is_separator);
    }
}

/// Spaces, `-`, `_`, `#`, `:` and `°` dropped; a comma between digits read as a point (`1,2`
/// typed as text is `1.2`); leading zeros of each number dropped.
fn compact(text: &str) -> String {
    let mut chars = text
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '–' | '—' | '_' | '#' | ':' | '°')))
        .peekable();
    let mut key = String::with_capacity(text.len());
    // Within a number: whether a digit other than a leading zero was kept, and whether zeros
    // were dropped (a number that is only zeros keeps one).
    let (mut significant, mut zeros) = (false, false);
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        let before = previous.replace(c);
        if c.is_ascii_digit() {
            if c == '0' && !significant {
                zeros = true;
            } else {
                significant = true;
                key.push(c);
            }
            continue;
        }
        if zeros && !significant {
            key.push('0');
        }
        (significant, zeros) = (false, false);
        let between_digits =
            before.is_some_and(|b| b.is_ascii_digit()) && chars.peek().is_some_and(char::is_ascii_digit);
        key.push(if c == ',' && between_digits { '.' } else { c });
    }
    if zeros && !significant {
        key.push('0');
    }
    let kept = key.trim_end_matches('.').len();
    key.truncate(kept);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Option<String> {
        Code::new(text).map(|c| c.key().to_string())
    }

    #[test]
    fn any_spelling_of_the_same_action_has_the_same_key() {
        for text in [
            "FA 01",
            "FA1",
            "fa-1",
            "Action n°1",
            "1",
            "Fiche action 1",
            "Fiche n° 1",
            "FA #1",
            "action no 1",
        ] {
            assert_eq!(key(text).as_deref(), Some("1"), "{text}");
        }
        assert_eq!(key("FA-ENV").as_deref(), Some("ENV"));
        assert_eq!(key("FA ENV").as_deref(), Some("ENV"));
        assert_eq!(key("1.2").as_deref(), Some("1.2"));
        assert_eq!(key("Action 1.2").as_deref(), Some("1.2"));
        assert_eq!(key("1,2").as_deref(), Some("1.2"));
        assert_eq!(key("A3").as_deref(), Some("A3"));
        assert_eq!(key("Action 2.1").as_deref(), Some("2.1"));
        assert_eq!(key("O1-A2").as_deref(), Some("O1A2"));
        assert_eq!(key("Fiche n°7").as_deref(), Some("7"));
        assert_eq!(key("FA 007").as_deref(), Some("7"));
        assert_eq!(key("FA 10").as_deref(), Some("10"));
        assert_eq!(key("FA 0").as_deref(), Some("0"));
        assert_eq!(key("I1.02").as_deref(), Some("I1.2"));
        assert_eq!(key("Équité").as_deref(), Some("EQUITE"));
    }

    #[test]
    fn a_prefix_is_dropped_only_as_a_whole_word() {
        assert_eq!(key("FABRIQUE").as_deref(), Some("FABRIQUE"));
        assert_eq!(key("Actions2").as_deref(), Some("ACTIONS2"));
        assert_eq!(key("NORD 2").as_deref(), Some("NORD2"));
        assert_eq!(key("FA").as_deref(), Some("FA"), "a prefix alone is the whole code");
    }

    #[test]
    fn an_empty_or_punctuation_only_code_has_no_key() {
        for text in ["", "   ", "-", "—", "#:.", "°"] {
            assert_eq!(key(text), None, "{text:?}");
        }
    }

    #[test]
    fn two_codes_are_equal_by_key_and_keep_their_spelling() {
        let referentiel = Code::new("FA 4").expect("code");
        let suivi = Code::new("Action n°4").expect("code");
        assert_eq!(referentiel, suivi);
        assert_eq!(suivi.spelling(), "Action n°4");
        assert_eq!(suivi.spelled_as(&referentiel).spelling(), "FA 4");
    }
}

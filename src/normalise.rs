//! Text normalisation shared by header matching and enumeration matching: lower case, no
//! accents, punctuation turned into spaces, spaces collapsed. Owns nothing else.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Normalises a label or a value for comparison: `"Montant HT (€)"` → `"montant ht"`,
/// `"Date de notif."` → `"date de notif"`, `"Mise en œuvre"` → `"mise en oeuvre"`.
///
/// Every character that is not a letter or a digit separates words, so `d'insertion` gives the
/// two words `d insertion` on both the header side and the catalogue side.
pub fn normalise(text: &str) -> String {
    if text.is_ascii() {
        normalise_ascii(text)
    } else {
        normalise_unicode(text)
    }
}

fn normalise_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        match ch {
            'œ' | 'Œ' => push_word_chars(&mut out, &mut pending_space, "oe".chars()),
            'æ' | 'Æ' => push_word_chars(&mut out, &mut pending_space, "ae".chars()),
            'ß' => push_word_chars(&mut out, &mut pending_space, "ss".chars()),
            c if c.is_alphanumeric() => push_word_chars(&mut out, &mut pending_space, c.to_lowercase()),
            _ => pending_space = !out.is_empty(),
        }
    }
    out
}

/// [`normalise`] for ASCII text, which has no accents to take off: most cells of a workbook.
fn normalise_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(ascii_normalised(text).map(char::from));
    out
}

/// [`normalise`], appended to `out` — without allocating when `text` is ASCII and `out` has room.
pub fn normalise_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(ascii_normalised(text).map(char::from));
    } else {
        out.push_str(&normalise_unicode(text));
    }
}

/// The bytes of an ASCII text normalised: its words (runs of letters and digits) in lower case,
/// one space between them.
fn ascii_normalised(text: &str) -> AsciiNormalised<'_> {
    AsciiNormalised {
        bytes: text.as_bytes().iter(),
        started: false,
        between_words: false,
        held: None,
    }
}

/// [`ascii_normalised`] read byte by byte, in one pass: it runs on every purchase's service,
/// reference and filtered values.
struct AsciiNormalised<'a> {
    bytes: std::slice::Iter<'a, u8>,
    /// A word has begun.
    started: bool,
    /// A separator was seen after a word: the next letter or digit starts a new word.
    between_words: bool,
    /// The letter that follows a space just given.
    held: Option<u8>,
}

impl Iterator for AsciiNormalised<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if let Some(held) = self.held.take() {
            return Some(held);
        }
        for &byte in self.bytes.by_ref() {
            if !byte.is_ascii_alphanumeric() {
                self.between_words = self.started;
                continue;
            }
            let lower = byte.to_ascii_lowercase();
            if std::mem::replace(&mut self.between_words, false) {
                self.held = Some(lower);
                return Some(b' ');
            }
            self.started = true;
            return Some(lower);
        }
        None
    }
}

/// Whether `text` normalises to `normalised` — without building the normalised text when
/// `text` is ASCII (a filter compares every purchase's value).
pub fn normalises_to(text: &str, normalised: &str) -> bool {
    if text.is_ascii() {
        ascii_normalised(text).eq(normalised.bytes())
    } else {
        normalise(text) == normalised
    }
}

/// The words of a normalised text.
pub fn words(normalised: &str) -> Vec<&str> {
    normalised.split(' ').filter(|w| !w.is_empty()).collect()
}

/// Trims a cell's text, turning the non-breaking and narrow spaces of French typography into
/// plain spaces and collapsing runs of whitespace. Most cells are clean already: they are
/// given back as they are, without a copy.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for part in text.split(char::is_whitespace) {
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    Cow::Owned(out)
}

/// Whether [`clean_text`] would leave the text as it is: no whitespace but single plain spaces
/// between words.
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Eight bytes are looked at at a time; a word holding a control byte or what may be a
    // non-ASCII space is left to the byte loop.
    let mut words = bytes.chunks_exact(8);
    let mut after_space = false;
    for chunk in words.by_ref() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if control(word) != 0 || (word & HIGH_BITS != 0 && may_hold_unicode_space(word)) {
            return is_clean_bytes(text);
        }
        let spaces = equal_bytes(word, b' ');
        if spaces & (spaces << 8) != 0 || (after_space && spaces & 0x80 != 0) {
            return false;
        }
        after_space = spaces >> 63 != 0;
    }
    // The last bytes (fewer than eight) are the byte loop's to judge, from the word before.
    is_clean_bytes_from(text, bytes.len() - words.remainder().len())
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below 0x20.
fn control(word: u64) -> u64 {
    // Seven-bit bytes plus 0x60 reach 0x80 exactly when they are 0x20 or more, with no carry
    // into the next byte; bytes above 0x7F are no control.
    let at_least_space = ((word & !HIGH_BITS) + ONES * 0x60) & HIGH_BITS;
    !(at_least_space | word) & HIGH_BITS
}

/// Whether a byte of `word` may begin a non-ASCII space (U+0085, U+00A0, U+1680, U+2000 to
/// U+205F, U+3000 begin with 0xC2, 0xE1, 0xE2 or 0xE3 in UTF-8). Accented letters (`é` is
/// 0xC3 0xA9) do not: most French texts stay on the fast path.
fn may_hold_unicode_space(word: u64) -> bool {
    [0xC2, 0xE1, 0xE2, 0xE3]
        .iter()
        .any(|&lead| equal_bytes(word, lead) != 0)
}

/// The high bit of each byte of `word` equal to `byte` (exact, no false positive).
fn equal_bytes(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    !(((x & !HIGH_BITS) + !HIGH_BITS) | x) & HIGH_BITS
}

/// [`is_clean`] byte by byte.
fn is_clean_bytes(text: &str) -> bool {
    is_clean_bytes_from(text, 0)
}

/// [`is_clean`] byte by byte from `start`, the text before it being clean and not ending in a
/// space unless the byte at `start - 1` is one.
fn is_clean_bytes_from(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    let mut after_space = start == 0 || bytes[start - 1] == b' ';
    for &byte in &bytes[start..] {
        if !byte.is_ascii() {
            return is_clean_unicode(text);
        }
        let space = byte == b' ';
        if matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r') || (space && after_space) {
            return false;
        }
        after_space = space;
    }
    !after_space || text.is_empty()
}

/// [`is_clean`] for a text that is not all ASCII.
fn is_clean_unicode(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        let space = c.is_whitespace();
        if space && (c != ' ' || after_space) {
            return false;
        }
        after_space = space;
    }
    !after_space || text.is_empty()
}

/// Like [`clean_text`] but keeps line breaks, for long texts (mise en œuvre, freins…).
pub fn clean_multiline(text: &str) -> Cow<'_, str> {
    // A clean text has no line break: most long texts are told apart in one pass.
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return clean_text(text);
    }
    Cow::Owned(
        text.lines()
            .map(clean_text)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn push_word_chars(out: &mut String, pending_space: &mut bool, chars: impl Iterator<Item = char>) {
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.extend(chars);
}

fn is_combining_mark(ch: char) -> bool {
    matches!(ch, '\u{300}'..='\u{36f}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_ascii_shortcut_normalises_like_the_general_path(text in "[ -~]{0,40}") {
            prop_assert_eq!(normalise_ascii(&text), normalise_unicode(&text));
        }

        #[test]
        fn normalise_into_appends_what_normalise_gives(text in "[ -~é]{0,20}") {
            let mut out = String::from("x");
            normalise_into(&text, &mut out);
            prop_assert_eq!(out, format!("x{}", normalise(&text)));
        }

        #[test]
        fn normalises_to_says_whether_the_normalised_texts_are_equal(text in "[ -~é]{0,20}", other in "[ -~]{0,20}") {
            prop_assert!(normalises_to(&text, &normalise(&text)));
            prop_assert_eq!(normalises_to(&text, &normalise(&other)), normalise(&text) == normalise(&other));
        }
    }

    #[test]
    fn lower_cases_removes_accents_and_punctuation() {
        assert_eq!(normalise("Montant HT (€)"), "montant ht");
        assert_eq!(normalise("Date de notif."), "date de notif");
        assert_eq!(
            normalise("  Clause   sociale d’insertion "),
            "clause sociale d insertion"
        );
        assert_eq!(normalise("Actions/Mise en Œuvre 2022"), "actions mise en oeuvre 2022");
        assert_eq!(normalise("Fiche Action-N°"), "fiche action n");
        assert_eq!(normalise("ÉTAT"), "etat");
    }

    proptest! {
        #[test]
        fn the_ascii_shortcut_tells_a_clean_text_like_the_general_path(text in prop_oneof![
            "([ab]{1,9}  ?){0,6}[ab]{0,9}",
            "[ab ]{0,20}[\t\n\r\x0b\x0c\x1f\x7fé][ab ]{0,20}",
            "[a \t\n\r\x0b\x0c\x1f]{0,12}",
            "(a{1,9}[é’«°€\u{85}\u{a0}\u{202f}\u{2009}\u{3000}]?a{0,3} ?){0,6}a{8}",
        ]) {
            prop_assert_eq!(is_clean(&text), is_clean_unicode(&text));
        }

        #[test]
        fn a_clean_text_is_given_back_as_it_is_and_cleaning_twice_changes_nothing(text in "[a \u{a0}\u{202f}\t\n\r]{0,12}") {
            let once = clean_text(&text).into_owned();
            prop_assert_eq!(clean_text(&once).into_owned(), once.clone());
            prop_assert!(matches!(clean_text(&once), Cow::Borrowed(_)));
            let multiline = clean_multiline(&text).into_owned();
            prop_assert_eq!(clean_multiline(&multiline).into_owned(), multiline);
        }
    }

    #[test]
    fn clean_text_turns_french_spaces_into_plain_spaces() {
        assert_eq!(clean_text(" 1\u{202f}234,56\u{a0}€ "), "1 234,56 €");
        assert_eq!(clean_multiline("a  b\n\n c "), "a b\nc");
    }
}

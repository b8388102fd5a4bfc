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
fn ascii_normalised(text: &str) -> impl Iterator<Item = u8> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .enumerate()
        .flat_map(|(index, word)| {
            (index > 0)
                .then_some(b' ')
                .into_iter()
                .chain(word.bytes().map(|b| b.to_ascii_lowercase()))
        })
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
    // Most cells are ASCII: their bytes are looked at without decoding characters.
    let mut after_space = true;
    for &byte in text.as_bytes() {
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
    if !text.contains(['\n', '\r']) {
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
        fn the_ascii_shortcut_tells_a_clean_text_like_the_general_path(text in "[a \t\n\r\x0b\x0c\x1f]{0,12}") {
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

//! Booleans as services type them: `Oui/Non`, `O/N`, `X`/empty, `Vrai/Faux`, `1/0`, whatever
//! the case and accents.

use crate::normalise::normalise;

/// Reads a boolean typed as text; `None` when the text is not one of the accepted forms.
pub fn parse_boolean_text(text: &str) -> Option<bool> {
    // The usual spellings as typed, found without normalising (ten such cells a row).
    match text {
        "Oui" | "oui" | "OUI" | "O" | "o" | "X" | "x" | "1" => return Some(true),
        "Non" | "non" | "NON" | "N" | "n" | "0" => return Some(false),
        _ => {}
    }
    match normalise(text).as_str() {
        "oui" | "o" | "x" | "vrai" | "1" | "yes" | "y" | "true" => Some(true),
        "non" | "n" | "faux" | "0" | "no" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_accept_oui_non_o_n_x_vrai_faux_1_0_case_and_accent_insensitive() {
        for yes in ["Oui", "OUI", "o", "X", "x", "Vrai", "VRAI", "1", " oui "] {
            assert_eq!(parse_boolean_text(yes), Some(true), "{yes}");
        }
        for no in ["Non", "n", "Faux", "0", "NON"] {
            assert_eq!(parse_boolean_text(no), Some(false), "{no}");
        }
        assert_eq!(parse_boolean_text("peut-être"), None);
    }
}

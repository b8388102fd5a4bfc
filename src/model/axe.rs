//! Axes of a scheme as pilots write them (`AXE 1 – Accélérer…`, `Axe 1 : …`, `Axe 1 - enjeu 1`,
//! `1`, `Axe II`): what identifies an axe, so that the same action code under two axes is two
//! actions (§4).

use crate::normalise::normalise;

/// What identifies an axe.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AxeKey {
    /// The axe's number (`1`), else its normalised wording.
    pub key: String,
    /// Whether the axe is named by a number.
    pub numbered: bool,
}

impl AxeKey {
    /// How the bilan names the axe before an action code: `Axe 1`, else its wording.
    pub fn label(&self, text: &str) -> String {
        if self.numbered {
            format!("Axe {}", self.key)
        } else {
            crate::normalise::clean_text(text).into_owned()
        }
    }
}

/// The key of an axe's label; `None` when it holds no letter or digit.
pub fn axe_key(text: &str) -> Option<AxeKey> {
    let normalised = normalise(text);
    let mut words = normalised.split(' ').filter(|w| !w.is_empty());
    let first = words.next()?;
    let number = match first {
        "axe" | "axes" => words.next().and_then(number_of),
        _ if first.chars().all(|c| c.is_ascii_digit()) => number_of(first),
        _ => None,
    };
    Some(match number {
        Some(number) => AxeKey {
            key: number.to_string(),
            numbered: true,
        },
        None => AxeKey {
            key: normalised,
            numbered: false,
        },
    })
}

/// `1`, `01`, `I`, `iv`: an axe's number.
fn number_of(word: &str) -> Option<u32> {
    if let Ok(number) = word.parse::<u32>() {
        return Some(number);
    }
    const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    ROMAN.iter().position(|r| *r == word).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axe_is_its_number_however_its_label_is_written() {
        for label in [
            "AXE 1 – ACCÉLÉRER LA TRANSITION ÉCOLOGIQUE",
            "Axe 1 : Accélérer la transition écologique",
            "Axe 1 - enjeu 1",
            "axe 01",
            "1",
            "Axe I",
        ] {
            assert_eq!(
                axe_key(label),
                Some(AxeKey {
                    key: "1".into(),
                    numbered: true
                }),
                "{label}"
            );
        }
        assert_eq!(axe_key("Axe II : inclusion").map(|k| k.key), Some("2".to_string()));
        let words = axe_key("Transition écologique").unwrap();
        assert!(!words.numbered);
        assert_eq!(words.key, "transition ecologique");
        assert_eq!(axe_key(" – "), None);
    }
}

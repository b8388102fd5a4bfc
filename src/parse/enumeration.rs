//! Enumeration values matched like headers (case, accents, spaces), with synonyms; an unknown
//! value gets the closest allowed value as a suggestion.

use crate::catalogue::EnumSpec;
use crate::diagnostic::Code;
use crate::diagnostic::Problem;
use crate::normalise::{clean_text, normalise};
use std::sync::Arc;

/// A suggestion corrects a typing mistake, never changes the meaning: it is offered only for a
/// text of this many characters or more…
const SUGGESTION_MIN_CHARS: usize = 4;
/// …that differs from the suggested spelling by at most one edit per this many characters
/// (`Fourniture courante` → `Fournitures courantes`; never `AO` → `AOR`, restreint).
const CHARS_PER_EDIT: usize = 6;

/// Reads an enumeration value; an unknown value is an error suggesting the closest one.
pub fn parse_enum(text: &str, spec: &EnumSpec, what: &str) -> Result<Arc<str>, Problem> {
    if let Some(value) = spec.lookup_shared(text) {
        return Ok(Arc::clone(value));
    }
    let allowed = spec.canonical_values().join(", ");
    let error = Problem::error(
        Code::EnumUnknown,
        format!(
            "« {} » n'est pas une valeur connue de la colonne {what} : valeurs possibles {allowed}.",
            clean_text(text)
        ),
    );
    Err(match closest(text, spec) {
        Some(value) => error.suggest(format!("Vouliez-vous dire « {value} » ?")),
        None => error.suggest(format!("Choisissez parmi : {allowed}.")),
    })
}

/// The canonical value whose spelling `text` is a typing mistake of, if any: the fewest edits,
/// within one edit per few characters.
pub fn closest<'a>(text: &str, spec: &'a EnumSpec) -> Option<&'a str> {
    let wanted = normalise(text);
    let length = wanted.chars().count();
    if length < SUGGESTION_MIN_CHARS {
        return None;
    }
    let allowed = (length / CHARS_PER_EDIT).max(1);
    spec.spellings()
        .map(|(spelling, value)| (strsim::damerau_levenshtein(&wanted, &normalise(spelling)), value))
        .filter(|(edits, _)| *edits <= allowed)
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    fn nature() -> EnumSpec {
        Catalogue::builtin()
            .expect("catalogue")
            .enumeration("nature")
            .expect("nature")
            .clone()
    }

    #[test]
    fn enumerations_match_case_accents_spaces_and_synonyms() {
        let spec = nature();
        assert_eq!(
            parse_enum("  TRAVAUX ", &spec, "Nature").ok().as_deref(),
            Some("Travaux")
        );
        assert_eq!(parse_enum("f", &spec, "Nature").ok().as_deref(), Some("Fournitures"));
        assert_eq!(
            parse_enum("Prestations intellectuelles", &spec, "Nature")
                .ok()
                .as_deref(),
            Some("Services")
        );
    }

    fn procedure() -> EnumSpec {
        Catalogue::builtin()
            .expect("catalogue")
            .enumeration("procedure")
            .expect("procedure")
            .clone()
    }

    #[test]
    fn procedures_as_services_type_them_are_read() {
        let spec = procedure();
        for (typed, read) in [
            ("AO", "Appel d'offres ouvert"),
            ("AO ouvert", "Appel d'offres ouvert"),
            ("AO restreint", "Appel d'offres restreint"),
            ("MAPA < 40 k€", "Procédure adaptée"),
            ("MAPA travaux", "Procédure adaptée"),
            ("Procédure adaptée ouverte", "Procédure adaptée"),
            ("Négocié", "Procédure avec négociation"),
            ("Négociée", "Procédure avec négociation"),
            ("PN", "Procédure avec négociation"),
            ("PCN", "Procédure avec négociation"),
            ("Gré à gré", "Sans publicité ni mise en concurrence"),
            ("Sans mise en concurrence", "Sans publicité ni mise en concurrence"),
        ] {
            assert_eq!(
                parse_enum(typed, &spec, "Procédure").ok().as_deref(),
                Some(read),
                "{typed}"
            );
        }
        assert!(
            parse_enum("MAPAS", &spec, "Procédure").is_err(),
            "a prefix is a word of its own"
        );
    }

    #[test]
    fn a_suggestion_never_changes_the_meaning_else_the_allowed_values_are_listed() {
        let spec = procedure();
        let error = parse_enum("AOX", &spec, "Procédure").expect_err("unknown");
        let suggestion = error.explanation.suggestion.unwrap_or_default();
        assert!(suggestion.starts_with("Choisissez parmi"), "{suggestion}");
        let error = parse_enum("Dialogue compétitf", &spec, "Procédure").expect_err("typo");
        assert_eq!(
            error.explanation.suggestion.as_deref(),
            Some("Vouliez-vous dire « Dialogue compétitif » ?")
        );
    }

    #[test]
    fn an_unknown_enumeration_value_is_an_error_with_the_closest_value_suggested() {
        let error = parse_enum("Fourniture courante", &nature(), "Nature").expect_err("unknown");
        assert_eq!(error.code, Code::EnumUnknown);
        assert_eq!(
            error.explanation.suggestion.as_deref(),
            Some("Vouliez-vous dire « Fournitures » ?")
        );
        let error = parse_enum("zzz", &nature(), "Nature").expect_err("unknown");
        assert!(
            error
                .explanation
                .suggestion
                .as_deref()
                .is_some_and(|s| s.starts_with("Choisissez parmi"))
        );
    }
}

//! Enumeration values matched like headers (case, accents, spaces), with synonyms; an unknown
//! value gets the closest allowed value as a suggestion.

use crate::catalogue::EnumSpec;
use crate::diagnostic::Code;
use crate::diagnostic::Problem;
use crate::normalise::{clean_text, normalise};
use std::sync::Arc;

/// Below this similarity the suggestion lists the allowed values instead of guessing one.
const SUGGESTION_THRESHOLD: f64 = 0.75;

/// Reads an enumeration value; an unknown value is an error suggesting the closest one.
pub fn parse_enum(text: &str, spec: &EnumSpec, what: &str) -> Result<Arc<str>, Problem> {
    if let Some(value) = spec.lookup_shared(text) {
        return Ok(Arc::clone(value));
    }
    let allowed = spec.canonical_values().join(", ");
    let error = Problem::error(
        Code::EnumUnknown,
        format!("{what} « {} » inconnu : valeurs possibles {allowed}.", clean_text(text)),
    );
    Err(match closest(text, spec) {
        Some(value) => error.suggest(format!("Vouliez-vous dire « {value} » ?")),
        None => error.suggest(format!("Choisissez parmi : {allowed}.")),
    })
}

/// The canonical value whose spelling is closest to `text`, if close enough.
pub fn closest<'a>(text: &str, spec: &'a EnumSpec) -> Option<&'a str> {
    let wanted = normalise(text);
    spec.spellings()
        .map(|(spelling, value)| (strsim::jaro_winkler(&wanted, &normalise(spelling)), value))
        .filter(|(score, _)| *score >= SUGGESTION_THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0))
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

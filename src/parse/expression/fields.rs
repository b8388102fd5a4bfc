//! The fields a condition may name: the §3 columns of the recensement and the two derived
//! considerations, found by key, header or synonym, with how their values compare.

use crate::catalogue::{Catalogue, ColumnType, SheetKind};
use crate::diagnostic::Explanation;
use crate::model::computation::{CONSIDERATION_ENV, CONSIDERATION_SOCIALE};
use crate::normalise::{clean_text, normalise};

/// How a field's values compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// Oui / Non.
    Bool,
    /// Amounts, decimals, integers, percentages, years.
    Number,
    /// Dates.
    Date,
    /// One value of the named enumeration.
    Enum(String),
    /// Free text, compared like enumerations (case and accents ignored).
    Text,
    /// A list of fiche action codes.
    Codes,
}

/// Every field a condition may name: (key, label, kind). The §3 columns (those read into another
/// field left out), then the two derived considerations.
pub fn fields(catalogue: &Catalogue) -> Vec<(String, String, FieldKind)> {
    let mut fields: Vec<(String, String, FieldKind)> = catalogue
        .kind(SheetKind::Recensement)
        .columns
        .iter()
        .filter(|c| !c.folded)
        .map(|c| (c.key.clone(), c.label.clone(), field_kind(&c.column_type)))
        .collect();
    fields.push((
        CONSIDERATION_ENV.to_string(),
        "Considération environnementale".to_string(),
        FieldKind::Bool,
    ));
    fields.push((
        CONSIDERATION_SOCIALE.to_string(),
        "Considération sociale".to_string(),
        FieldKind::Bool,
    ));
    fields
}

fn field_kind(column_type: &ColumnType) -> FieldKind {
    match column_type {
        ColumnType::Amount | ColumnType::Decimal | ColumnType::Percent | ColumnType::Integer | ColumnType::Year => {
            FieldKind::Number
        }
        ColumnType::Date => FieldKind::Date,
        ColumnType::Boolean => FieldKind::Bool,
        ColumnType::Enum(name) => FieldKind::Enum(name.clone()),
        ColumnType::Code | ColumnType::Codes => FieldKind::Codes,
        ColumnType::Text
        | ColumnType::Siret
        | ColumnType::Cpv
        | ColumnType::FaLabel
        | ColumnType::Mark
        | ColumnType::Value => FieldKind::Text,
    }
}

/// Finds a field by key, header or header synonym.
pub(super) fn resolve_field(text: &str, catalogue: &Catalogue) -> Result<(String, FieldKind), Explanation> {
    let wanted = normalise(text);
    let columns = &catalogue.kind(SheetKind::Recensement).columns;
    let known = fields(catalogue);
    let found = known.iter().find(|(key, label, _)| {
        normalise(key) == wanted
            || normalise(label) == wanted
            || columns
                .iter()
                .find(|c| &c.key == key)
                .is_some_and(|c| c.synonyms.iter().any(|s| normalise(s) == wanted))
    });
    if let Some((key, _, kind)) = found {
        return Ok((key.clone(), kind.clone()));
    }
    let keys: Vec<&str> = known.iter().map(|(key, _, _)| key.as_str()).collect();
    let error = if wanted.is_empty() {
        Explanation::new("Condition sans champ avant l'opérateur.")
    } else {
        Explanation::new(format!("Champ « {} » inconnu.", clean_text(text)))
    };
    Err(match closest(text, keys.iter().copied()) {
        Some(key) => error.suggest(format!("Vouliez-vous dire « {key} » ?")),
        None => error.suggest(format!("Champs possibles : {}.", keys.join(", "))),
    })
}

/// The candidate closest to `text` (Jaro-Winkler on normalised spellings), if close enough.
pub(super) fn closest<'a>(text: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = normalise(text);
    if wanted.is_empty() {
        return None;
    }
    candidates
        .map(|c| (strsim::jaro_winkler(&wanted, &normalise(c)), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

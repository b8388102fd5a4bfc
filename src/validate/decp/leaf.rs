//! The leaves of a DECP contract (JSON values, or XML text) as the readers take them: text,
//! cell values, list items, enumeration values compared.

use crate::normalise::normalise;
use crate::parse::Value as Typed;
use crate::read::CellValue;
use serde_json::Value;

/// The same value of an enumeration: as written (the usual case, and cheap), else once
/// normalised (case, accents, spaces).
pub(super) fn same(a: &str, b: &str) -> bool {
    a == b || normalise(a) == normalise(b)
}

pub(super) fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        _ => true,
    }
}

/// A leaf as text: a number as JSON writes it.
pub(super) fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.trim().to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn text_value(value: Typed) -> Option<String> {
    match value {
        Typed::Text(text) => Some(text.into_owned()),
        Typed::Enum(value) => Some(value.to_string()),
        _ => None,
    }
}

/// A leaf as the cell parsers take it.
pub(super) fn cell_of(value: &Value) -> CellValue {
    match value {
        Value::Null => CellValue::Empty,
        Value::Bool(b) => CellValue::Bool(*b),
        Value::Number(n) => n
            .as_f64()
            .map_or(CellValue::Text(n.to_string().into()), CellValue::Number),
        Value::String(text) => CellValue::Text(text.as_str().into()),
        other => CellValue::Text(other.to_string().into()),
    }
}

/// The texts of a list field: `["a", "b"]`, `{"item": ["a"]}`, `{"item": "a"}` or `"a"`.
pub(super) fn collect_texts(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(text) if !text.trim().is_empty() => into.push(text.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|item| collect_texts(item, into)),
        Value::Object(fields) => fields.values().for_each(|item| collect_texts(item, into)),
        _ => {}
    }
}

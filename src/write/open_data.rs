//! The §10 publication (`spaser bilan --export`): the year's indicators as open data, the
//! référentiel's and the standard L.2111-3 set, one row each, in CSV (UTF-8, `;`, `.` decimals)
//! or JSON (an array of objects with the same keys), following the data.gouv.fr conventions:
//! ASCII snake_case headers, ISO dates. A text a spreadsheet would evaluate is neutralised.

use super::Document;
use super::method;
use super::save::{WriteError, save_bytes};
use crate::catalogue::Catalogue;
use crate::compute::realised::Realised;
use crate::compute::standard::StandardFigure;
use crate::compute::{Bilan, IndicatorResult};
use crate::settings::ExportFormat;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use std::path::Path;

/// The columns, in order.
pub const COLUMNS: [&str; 11] = crate::catalogue::own_sheets::EXPORT_COLUMNS;

/// Computed figures are published with this many decimals (77.78 %).
const PUBLISHED_DECIMALS: u32 = 2;

/// Where a row comes from.
const FROM_REFERENTIEL: &str = "référentiel";
const FROM_STANDARD: &str = "standard L.2111-3";

/// One value of a row.
#[derive(Debug, Clone, PartialEq, Default)]
enum Field {
    Text(String),
    Number(Decimal),
    #[default]
    Empty,
}

impl Field {
    fn text(text: impl Into<String>) -> Field {
        let text = text.into();
        if text.is_empty() {
            Field::Empty
        } else {
            Field::Text(text)
        }
    }

    fn number(value: Option<Decimal>) -> Field {
        value.map_or(Field::Empty, |v| Field::Number(v.normalize()))
    }
}

/// Writes the export of `doc` to `path`, atomically.
pub fn save(doc: &Document<'_>, path: &Path, format: ExportFormat) -> Result<(), WriteError> {
    let rows = rows(
        doc.bilan,
        &doc.bilan.standard,
        doc.catalogue,
        &doc.generated_at.date().format("%Y-%m-%d").to_string(),
    );
    let bytes = match format {
        ExportFormat::Csv => csv(&rows),
        ExportFormat::Json => json(&rows),
    };
    save_bytes(path, &bytes)
}

fn rows(bilan: &Bilan, standard: &[StandardFigure], catalogue: &Catalogue, date: &str) -> Vec<[Field; 11]> {
    let referentiel = bilan
        .indicators
        .iter()
        .map(|result| indicator_row(result, bilan.year, catalogue, date));
    let standard = standard.iter().map(|figure| standard_row(figure, date));
    referentiel.chain(standard).collect()
}

fn indicator_row(result: &IndicatorResult, year: i32, catalogue: &Catalogue, date: &str) -> [Field; 11] {
    let indicator = &result.indicator;
    let target = match (result.target, &result.target_text) {
        (Some(target), _) => Field::number(Some(target)),
        (None, Some(text)) => Field::text(text.clone()),
        (None, None) => Field::Empty,
    };
    let realised = match &result.realised {
        Some(Realised::Number(value)) => Field::number(Some(value.round_dp(PUBLISHED_DECIMALS))),
        Some(Realised::Text(text)) => Field::text(text.clone()),
        None => Field::Empty,
    };
    [
        Field::text(FROM_REFERENTIEL),
        Field::text(indicator.code.spelling()),
        Field::text(indicator.libelle.clone()),
        Field::text(indicator.unite.clone().unwrap_or_default()),
        Field::Number(Decimal::from(year)),
        target,
        realised,
        Field::text(result.status.label()),
        Field::text(method::describe(indicator, catalogue)),
        Field::Empty,
        Field::text(date),
    ]
}

fn standard_row(figure: &StandardFigure, date: &str) -> [Field; 11] {
    [
        Field::text(FROM_STANDARD),
        Field::text(figure.code.clone()),
        Field::text(figure.label.clone()),
        Field::text(figure.unit),
        Field::Number(Decimal::from(figure.year)),
        Field::Empty,
        Field::number(figure.value.map(|v| v.round_dp(PUBLISHED_DECIMALS))),
        Field::Empty,
        Field::text(
            if super::wording::INSERTION_ROWS
                .iter()
                .any(|(code, _)| *code == figure.code)
            {
                "Calculé par spaser depuis le suivi du facilitateur des clauses sociales"
            } else {
                "Calculé par spaser depuis le recensement"
            },
        ),
        Field::text(figure.denominator.clone()),
        Field::text(date),
    ]
}

/// A text that a spreadsheet opening the file would take for a formula (`=`, `+`, `-`, `@`,
/// tab, carriage return first) is prefixed with an apostrophe.
fn neutralised(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn csv(rows: &[[Field; 11]]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    // Writing into memory fails only if a row had another width, which `COLUMNS` rules out.
    let _ = writer.write_record(COLUMNS);
    for row in rows {
        let _ = writer.write_record(row.iter().map(csv_cell));
    }
    writer.into_inner().unwrap_or_default()
}

fn csv_cell(field: &Field) -> String {
    match field {
        Field::Empty => String::new(),
        Field::Number(value) => value.to_string(),
        Field::Text(text) => neutralised(text),
    }
}

/// One row as a JSON object, its keys in the order of [`COLUMNS`].
struct JsonRow<'a>(&'a [Field; 11]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(COLUMNS.len()))?;
        for (key, field) in COLUMNS.iter().zip(self.0) {
            match field {
                Field::Empty => map.serialize_entry(key, &())?,
                // Figures stay exact decimals (`78.26`), never a float: written as they read.
                Field::Number(value) => {
                    let raw = RawValue::from_string(value.to_string()).map_err(serde::ser::Error::custom)?;
                    map.serialize_entry(key, &raw)?;
                }
                Field::Text(text) => map.serialize_entry(key, &neutralised(text))?,
            }
        }
        map.end()
    }
}

fn json(rows: &[[Field; 11]]) -> Vec<u8> {
    let rows: Vec<JsonRow<'_>> = rows.iter().map(JsonRow).collect();
    let mut text = serde_json::to_vec_pretty(&rows).unwrap_or_default();
    text.push(b'\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(text: &str, number: Decimal) -> [Field; 11] {
        let mut row: [Field; 11] = Default::default();
        row[0] = Field::text(text);
        row[6] = Field::Number(number);
        row
    }

    #[test]
    fn csv_uses_semicolons_point_decimals_and_neutralises_formulas() {
        let text = String::from_utf8(csv(&[row("=HYPERLINK(\"x\")", dec!(-21.7)), row("a;b", dec!(78.26))])).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], COLUMNS.join(";"));
        assert!(
            lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\";;;;;;-21.7;"),
            "{}",
            lines[1]
        );
        assert!(lines[2].starts_with("\"a;b\";;;;;;78.26;"), "{}", lines[2]);
    }

    #[test]
    fn json_is_an_array_of_objects_with_the_same_keys_and_exact_numbers() {
        let text = String::from_utf8(json(&[row("@SUM(A1)", dec!(0.1)), row("ok", dec!(1607))])).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        let items = parsed.as_array().unwrap();
        assert_eq!(items.len(), 2);
        let keys: Vec<&String> = items[0].as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), COLUMNS.len());
        assert_eq!(items[0]["source"], "'@SUM(A1)");
        assert!(text.contains("\"realise\": 0.1,"), "{text}");
        assert_eq!(items[1]["cible"], serde_json::Value::Null);
    }
}

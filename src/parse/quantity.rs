//! Amounts and other quantities of a cell: numbers, French text, and units typed with them
//! (`12 k€`, `205 h`) read with a warning naming the value read.

use super::{Reading, Value, number};
use crate::diagnostic::{Code, Problem};
use crate::read::{CellValue, float_to_decimal};
use rust_decimal::Decimal;

fn amount(cell: &CellValue) -> Result<Decimal, Problem> {
    match cell {
        CellValue::Number(n) => {
            let value = float_to_decimal(*n)
                .ok_or_else(|| Problem::error(Code::AmountInvalid, "Montant hors des limites représentables."))?;
            number::non_negative(value, || cell.display(), Code::AmountInvalid, "Le montant")
        }
        CellValue::Text(text) => number::parse_amount_text(text),
        other => Err(Problem::error(
            Code::AmountInvalid,
            format!(
                "« {} » n'est pas un montant : un nombre en euros est attendu.",
                other.display()
            ),
        )),
    }
}

/// An amount; typed with a multiple (`12 k€`), read with a warning naming the value read.
pub(super) fn amount_reading(cell: &CellValue) -> Reading<'static> {
    match amount(cell) {
        Ok(value) => Reading::ok(Value::Decimal(value)),
        Err(error) => match cell {
            CellValue::Text(text) => match number::multiplied_amount(text) {
                Some((value, warning)) => Reading::warn(Value::Decimal(value), warning),
                None => Reading::error(error),
            },
            _ => Reading::error(error),
        },
    }
}

/// A number; typed with its unit (`205 h` in hours), read with a warning naming the value read,
/// and an error when the unit contradicts the column (`12 %` in hours).
pub(super) fn decimal_reading(cell: &CellValue, label: &str) -> Reading<'static> {
    let error = match non_negative_decimal(cell, label) {
        Ok(value) => return Reading::ok(Value::Decimal(value)),
        Err(error) => error,
    };
    let CellValue::Text(text) = cell else {
        return Reading::error(error);
    };
    let Some((value, unit)) = number::number_with_unit(text) else {
        return Reading::error(error);
    };
    let expected = expected_unit(label);
    if expected != Some(unit) {
        return Reading::error(Problem::error(
            Code::NumberInvalid,
            format!(
                "{label} « {} » : l'unité « {} » ne convient pas à cette colonne{}.",
                crate::normalise::clean_text(text),
                unit.label(),
                expected.map_or_else(String::new, |u| format!(", qui compte en {}", u.label()))
            ),
        ));
    }
    Reading::warn(
        Value::Decimal(value),
        Problem::warning(
            Code::UnitRead,
            format!(
                "{label} « {} » lu comme {} {}.",
                crate::normalise::clean_text(text),
                number::format_french(value),
                unit.label()
            ),
        )
        .suggest("Écrivez le nombre seul : l'unité est celle de la colonne."),
    )
}

/// The unit a column counts in, from its label (`Heures d'insertion` → heures).
fn expected_unit(label: &str) -> Option<number::Unit> {
    let label = crate::normalise::normalise(label);
    if label.contains("heure") {
        Some(number::Unit::Hours)
    } else if label.contains("montant") {
        Some(number::Unit::Euros)
    } else if label.contains("taux") || label.contains("part ") || label.starts_with("part") {
        Some(number::Unit::Percent)
    } else {
        None
    }
}

pub(super) fn non_negative_decimal(cell: &CellValue, label: &str) -> Result<Decimal, Problem> {
    match cell {
        CellValue::Number(n) => {
            let value = float_to_decimal(*n)
                .ok_or_else(|| Problem::error(Code::NumberInvalid, "Nombre hors des limites représentables."))?;
            number::non_negative(value, || cell.display(), Code::NumberInvalid, label)
        }
        CellValue::Text(text) => number::parse_non_negative_text(text, label),
        other => Err(Problem::error(
            Code::NumberInvalid,
            format!("{label} « {} » : un nombre est attendu.", other.display()),
        )),
    }
}

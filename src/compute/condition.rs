//! Whether a purchase satisfies the conditions of a `Filtre` or a `part:` (§4.1): each
//! condition with the reader of its field, found once for a whole population.

use crate::model::purchase::{Accessor, FieldValue, accessor};
use crate::model::{Condition, Operand, Operator, Purchase};
use crate::normalise::{normalise, normalises_to};
use std::cmp::Ordering;

/// Whether a field's value satisfies a condition. An empty field satisfies only `!=`.
fn holds(value: FieldValue<'_>, condition: &Condition) -> bool {
    let equal = match (&value, &condition.operand) {
        (FieldValue::Missing, _) => return condition.op == Operator::Ne,
        (FieldValue::Bool(b), Operand::Bool(wanted)) => Some(b == wanted),
        (FieldValue::Text(text), Operand::OneOf(values)) => Some(values.iter().any(|v| v == text)),
        (FieldValue::Text(text), Operand::Text(wanted)) => {
            if condition.op == Operator::Contains {
                return normalise(text).contains(wanted.as_str());
            }
            Some(normalises_to(text, wanted))
        }
        (FieldValue::Codes(codes), Operand::Code(code)) => {
            let contains = codes.contains(code);
            return if condition.op == Operator::Ne {
                !contains
            } else {
                contains
            };
        }
        _ => None,
    };
    let ordering = match (&value, &condition.operand) {
        (FieldValue::Number(n), Operand::Number(wanted)) => Some(n.cmp(wanted)),
        (FieldValue::Date(d), Operand::Date(wanted)) => Some(d.cmp(wanted)),
        _ => equal.map(|e| if e { Ordering::Equal } else { Ordering::Less }),
    };
    let Some(ordering) = ordering else {
        return false;
    };
    match condition.op {
        Operator::Eq => ordering == Ordering::Equal,
        Operator::Ne => ordering != Ordering::Equal,
        Operator::Lt => ordering == Ordering::Less,
        Operator::Le => ordering != Ordering::Greater,
        Operator::Gt => ordering == Ordering::Greater,
        Operator::Ge => ordering != Ordering::Less,
        Operator::Contains => ordering == Ordering::Equal,
    }
}

/// A condition with the reader of its field, found once for a whole population.
pub struct Test<'c> {
    read: Accessor,
    condition: &'c Condition,
}

impl<'c> Test<'c> {
    /// The tests of `conditions`.
    pub fn all(conditions: &'c [Condition]) -> Vec<Test<'c>> {
        conditions
            .iter()
            .map(|condition| Test {
                read: accessor(&condition.field),
                condition,
            })
            .collect()
    }
}

/// Whether a purchase passes every test.
pub fn passes_all(purchase: &Purchase, tests: &[Test<'_>]) -> bool {
    tests.iter().all(|t| holds((t.read)(purchase), t.condition))
}

/// Whether one purchase satisfies every condition (for a few purchases; a population is
/// tested with its readers found once).
pub fn satisfies(purchase: &Purchase, conditions: &[Condition]) -> bool {
    passes_all(purchase, &Test::all(conditions))
}

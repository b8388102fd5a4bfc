//! A target, reference or réalisé typed with its unit and note (§4.3: `60 000 h`, `≥ 50 %`,
//! `0 (2022)`), once read: the figure, its unit, the sense and the year it says.

use super::Direction;
use rust_decimal::Decimal;

/// What a text cell says once read with its unit and note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitValue {
    /// The figure (a percentage on the 0–100 scale).
    pub value: Decimal,
    /// Its unit, when the text gives one.
    pub unit: Option<ValueUnit>,
    /// `≥` says Hausse, `≤` says Baisse.
    pub direction: Option<Direction>,
    /// A year in parentheses: `0 (2022)`, `43,5 % (2022 : …)`.
    pub year: Option<i32>,
}

/// A unit typed with a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueUnit {
    /// `%`.
    Percent,
    /// `h`, `heures`.
    Hours,
    /// `€`, `k€`, `M€`.
    Euros,
}

impl ValueUnit {
    /// How the unit reads after a number.
    pub fn label(self) -> &'static str {
        match self {
            ValueUnit::Percent => "%",
            ValueUnit::Hours => "heures",
            ValueUnit::Euros => "€",
        }
    }
}

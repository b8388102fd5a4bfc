//! How a computed indicator is computed (§4.1): what is measured on the population of
//! purchases notified in the year, and the conditions that narrow it. Parsed from `Calcul` and
//! `Filtre` by `parse::expression`, evaluated by `compute::population`.

use super::code::Code;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Key of the derived field *considération environnementale* (§3).
pub const CONSIDERATION_ENV: &str = "consideration_env";
/// Key of the derived field *considération sociale* (§3).
pub const CONSIDERATION_SOCIALE: &str = "consideration_sociale";

/// What is measured on the population.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// Number of purchases.
    Count,
    /// Sum of a numeric field (`montant` is the sum of `montant_ht`).
    Sum(String),
    /// Percentage (0–100) of purchases satisfying every condition.
    Share(Vec<Condition>),
    /// Percentage (0–100) of the amount of purchases satisfying every condition.
    AmountShare(Vec<Condition>),
    /// A figure of the facilitator's follow-up for the year (§13), over its rows rather than
    /// the notified purchases; the filter narrows them through the contract each row follows.
    Facilitator(FacilitatorFigure),
}

/// What the facilitator's follow-up gives for a year (§13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacilitatorFigure {
    /// Hours of insertion done (`heures_insertion_realisees`).
    HoursDone,
    /// People who worked them (`participants_insertion`).
    Participants,
}

/// A parsed `Calcul` with its `Filtre`.
#[derive(Debug, Clone, PartialEq)]
pub struct Computation {
    /// What is measured.
    pub measure: Measure,
    /// Conditions narrowing the population (`Filtre`, and those a shortcut implies).
    pub filter: Vec<Condition>,
}

impl Computation {}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `contient`
    Contains,
}

impl Operator {
    /// How the operator is written.
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
            Operator::Contains => "contient",
        }
    }
}

/// The value a condition compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(Decimal),
    /// A date.
    Date(NaiveDate),
    /// One of these canonical enumeration values.
    OneOf(Vec<String>),
    /// Normalised text.
    Text(String),
    /// A fiche action code.
    Code(Code),
}

/// One `champ op valeur`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The field's key.
    pub field: String,
    /// The operator.
    pub op: Operator,
    /// The value.
    pub operand: Operand,
}

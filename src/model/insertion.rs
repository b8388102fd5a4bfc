//! The clause-sociale facilitator's follow-up (§13): for a contract and a year, the hours of
//! insertion actually done and the people who worked them — the committee's key social
//! indicator, where the recensement only knows the hours planned.

use super::SourceRow;
use crate::normalise::normalise;
use rust_decimal::Decimal;

/// One row of the facilitator's workbook.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InsertionRow {
    /// Where it was read.
    pub source: Option<SourceRow>,
    /// The contract's reference, lot included (`2024-VOI-012-L2`), as the recensement forms it.
    pub reference: String,
    /// The year the hours were done.
    pub year: i32,
    /// The enterprise.
    pub entreprise: Option<String>,
    /// Hours planned for the year, when the facilitator gives them.
    pub heures_prevues: Option<Decimal>,
    /// Hours done.
    pub heures_realisees: Decimal,
    /// People who worked them.
    pub participants: Option<i64>,
    /// Their public (jeunes, DELD, RSA…).
    pub public: Option<String>,
}

/// How the facilitator's references meet the recensement's: case, accents, spaces, dashes,
/// slashes and dots aside — facilitators retype numbers, so looser than the doublon check.
pub fn reference_key(reference: &str) -> String {
    normalise(reference).replace([' ', '-', '_', '/', '.'], "")
}

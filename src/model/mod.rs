//! The domain, free of files, workbooks and parsers: purchases (recensement), fiches action,
//! indicators with their computation, the yearly follow-up, and the inputs of a run that they
//! form — each record remembering the row it came from. Everything downstream of validation
//! works on these types only.

/// The years spaser handles (§1): every command's `--year`, a year read in the data.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

pub mod axe;
pub mod code;
pub mod compliance;
pub mod computation;
pub mod inputs;
pub mod insertion;
pub mod purchase;
pub mod suivi;
pub mod unit_value;

pub use axe::{AxeKey, axe_key};
pub use code::Code;
pub use computation::{Computation, Condition, FacilitatorFigure, Measure, Operand, Operator};
pub use inputs::{FileContent, Inputs, SourceFile};
pub use insertion::InsertionRow;
pub use purchase::{FieldValue, Purchase, STATUT_NOTIFIE, STATUT_PROGRAMME};
pub use suivi::{
    Action, Direction, FollowUp, Indicator, IndicatorType, Origin, Realise, RealiseValue, Status, Subject,
};
pub use unit_value::{UnitValue, ValueUnit};

use crate::diagnostic::EntryList;
use std::path::Path;
use std::sync::Arc;

/// Where a record was read: file, sheet and 0-based row; or, for a contract of a DECP file, the
/// file, the list's path and the contract's index. File and sheet are shared by the records of
/// a sheet (a million purchases would otherwise hold a million copies).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRow {
    /// The input file.
    pub file: Arc<Path>,
    /// The sheet.
    pub sheet: Arc<str>,
    /// 0-based row (a DECP contract's index in its list).
    pub row: u32,
    /// The DECP list holding the record, when it is a contract of a DECP file.
    pub entry: Option<EntryList>,
}

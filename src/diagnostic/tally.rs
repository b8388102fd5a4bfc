//! Counting diagnostics by severity, for summaries and the Sources sheet.

use super::{Diagnostic, Severity};

/// Counts of diagnostics by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Tally {
    /// Counts the given diagnostics.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut tally = Tally::default();
        for d in diagnostics {
            // A diagnostic standing for those left out of a file counts them all.
            let count = d.elided.max(1);
            match d.severity {
                Severity::Error => tally.errors += count,
                Severity::Warning => tally.warnings += count,
                Severity::Info => tally.infos += count,
            }
        }
        tally
    }
}

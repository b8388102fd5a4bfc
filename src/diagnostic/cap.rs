//! Bounded diagnostics (§9): at most [`PER_CODE`] diagnostics of one code per file, then one
//! that counts the rest, so that a file of a million identical mistakes gives a hundred lines
//! and a count — in `check`, the Anomalies sheet and `watch` alike — never a million.

use super::{Code, Diagnostic, Location, Severity};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Diagnostics kept of one code in one file.
pub const PER_CODE: usize = 100;

/// How many diagnostics may pile up before a reader compacts them while it reads.
pub const COMPACT_EVERY: usize = 4 * 1024;

type Key = (Arc<Path>, Code);

/// Keeps the first [`PER_CODE`] diagnostics of each code in each file, in order; the others are
/// counted into one diagnostic per file and code, which says how many more there are. Capping
/// again is harmless: the counts add up.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<Key, usize> = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.elided == 0) {
        *seen.entry((Arc::clone(&d.location.file), d.code)).or_default() += 1;
    }
    if seen.values().all(|n| *n <= PER_CODE) {
        return;
    }
    let mut kept: HashMap<Key, usize> = HashMap::new();
    let mut elided: HashMap<Key, Elided> = HashMap::new();
    diagnostics.retain(|d| {
        let key = (Arc::clone(&d.location.file), d.code);
        if d.elided > 0 {
            elided.entry(key).or_default().add(d, d.elided);
            return false;
        }
        let count = kept.entry(key.clone()).or_default();
        *count += 1;
        if *count <= PER_CODE {
            return true;
        }
        elided.entry(key).or_default().add(d, 1);
        false
    });
    let mut summaries: Vec<Diagnostic> = elided
        .into_iter()
        .filter_map(|((_, code), elided)| elided.summary(code))
        .collect();
    summaries.sort_by(|a, b| (&a.location.file, a.code).cmp(&(&b.location.file, b.code)));
    diagnostics.extend(summaries);
}

/// The diagnostics of one file and code left out.
#[derive(Default)]
struct Elided {
    count: usize,
    severity: Option<Severity>,
    location: Option<Location>,
}

impl Elided {
    fn add(&mut self, d: &Diagnostic, count: usize) {
        self.count += count;
        self.severity = Some(self.severity.map_or(d.severity, |s| s.min(d.severity)));
        if self.location.is_none() {
            let mut location = Location::file(&d.location.file);
            location.sheet.clone_from(&d.location.sheet);
            self.location = Some(location);
        }
    }

    fn summary(self, code: Code) -> Option<Diagnostic> {
        let (severity, location) = (self.severity?, self.location?);
        let message = format!(
            "… et {} autre(s) diagnostic(s) « {code} » dans ce fichier, non listé(s) : les {PER_CODE} premiers le sont.",
            grouped(self.count)
        );
        let mut summary = Diagnostic::new(location, severity, code, message)
            .suggest("Corrigez les premiers cas listés : les autres sont le plus souvent la même erreur.");
        summary.elided = self.count;
        Some(summary)
    }
}

/// `999 900`: digits grouped by three, the French way.
fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(file: &str, row: u32, code: Code) -> Diagnostic {
        Diagnostic::error(
            Location::sheet(Path::new(file), "Marchés").at_row(row),
            code,
            "Montant invalide.",
        )
    }

    #[test]
    fn at_most_a_hundred_diagnostics_of_one_code_per_file_then_one_that_counts_the_rest() {
        let mut diagnostics: Vec<Diagnostic> = (0..1000).map(|r| error("a.xlsx", r, Code::AmountInvalid)).collect();
        diagnostics.extend((0..5).map(|r| error("a.xlsx", r, Code::DateInvalid)));
        diagnostics.extend((0..150).map(|r| error("b.xlsx", r, Code::AmountInvalid)));
        cap(&mut diagnostics);
        cap(&mut diagnostics);
        let of = |file: &str, code: Code| {
            diagnostics
                .iter()
                .filter(|d| d.location.file.as_ref() == Path::new(file) && d.code == code && d.elided == 0)
                .count()
        };
        assert_eq!(of("a.xlsx", Code::AmountInvalid), PER_CODE);
        assert_eq!(of("a.xlsx", Code::DateInvalid), 5);
        assert_eq!(of("b.xlsx", Code::AmountInvalid), PER_CODE);
        let summaries: Vec<(usize, &str)> = diagnostics
            .iter()
            .filter(|d| d.elided > 0)
            .map(|d| (d.elided, d.message()))
            .collect();
        assert_eq!(summaries.len(), 2);
        assert_eq!(summaries[0].0, 900);
        assert!(summaries[0].1.starts_with("… et 900 autre(s)"), "{}", summaries[0].1);
        assert_eq!(summaries[1].0, 50);
        assert_eq!(
            crate::diagnostic::Tally::of(&diagnostics).errors,
            1155,
            "the count keeps every one"
        );
        assert_eq!(grouped(999_900), "999 900");
        // The first ones are kept, in order.
        assert_eq!(diagnostics[0].location.cell_label(), "ligne 1");
    }
}

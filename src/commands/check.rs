//! `spaser check`: the run without its writing — read every workbook, print every diagnostic
//! (text or JSON), those the bilan's computation would add included, and exit 1 when there is
//! at least one error.

use crate::compute;
use crate::diagnostic::{self, PathStyle, Severity, Tally};
use crate::exit;
use crate::pipeline::{self, year};
use crate::render;
use crate::scan::{self, Outputs};
use crate::settings::{CheckSettings, Format};

/// Runs the check and returns the exit code.
pub fn run(settings: &CheckSettings) -> u8 {
    let scanned = match scan::scan(&settings.paths, &Outputs::none()) {
        Ok(scanned) => scanned,
        Err(error) => {
            eprintln!("spaser : {error}");
            return exit::USAGE;
        }
    };
    let inputs = pipeline::load(&scanned, &settings.read, None, &|_| {}).inputs(&settings.read);
    let mut diagnostics = inputs.diagnostics.clone();
    // What only computing finds (typed réalisé vs calcul, écarts de statut) is shown too, for
    // the year the bilan would have.
    if let Some(year) = year::decide(settings.read.default_year, &inputs) {
        let only_diagnostics = compute::ComputeSettings {
            standard: false,
            ..pipeline::compute_settings(&settings.read, year)
        };
        let bilan = compute::compute(&inputs, &only_diagnostics);
        diagnostics.extend(bilan.diagnostics);
        diagnostic::sort(&mut diagnostics);
    }
    let shown: Vec<_> = diagnostics
        .iter()
        .filter(|d| !settings.quiet || d.severity == Severity::Error)
        .cloned()
        .collect();
    let paths = PathStyle::of(&settings.paths);
    match settings.format {
        Format::Json => println!("{}", render::json::report(&shown, &paths)),
        Format::Text => print!("{}", render::text::report(&shown, scanned.files.len(), &paths)),
    }
    // The process ends here: freeing a million purchases one by one would only delay the exit
    // (a third of a second at 1 000 000); the system takes the memory back at once.
    std::mem::forget(inputs);
    if Tally::of(&diagnostics).errors > 0 {
        exit::ERRORS_FOUND
    } else {
        exit::OK
    }
}

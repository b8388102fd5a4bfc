//! `spaser check`: read every workbook, print every diagnostic (text or JSON), exit 1 when
//! there is at least one error.

use crate::cli::{CheckSettings, Format};
use crate::diagnostic::Severity;
use crate::exit;
use crate::inputs;
use crate::render;
use crate::scan;

/// Runs the check and returns the exit code.
pub fn run(settings: &CheckSettings) -> u8 {
    let files = match scan::scan(&settings.paths, &[]) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("spaser : {error}");
            return exit::USAGE;
        }
    };
    let inputs = inputs::load(&files, &settings.read);
    let shown: Vec<_> = inputs
        .diagnostics
        .iter()
        .filter(|d| !settings.quiet || d.severity == Severity::Error)
        .cloned()
        .collect();
    match settings.format {
        Format::Json => println!("{}", render::json::report(&shown)),
        Format::Text => print!("{}", render::text::report(&shown, files.len())),
    }
    if inputs.tally().errors > 0 {
        exit::ERRORS_FOUND
    } else {
        exit::OK
    }
}

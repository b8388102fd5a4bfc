//! Exit codes, decided in one place (§1).

use std::process::ExitCode;

/// Success: `check` found no error; `bilan` written.
pub const OK: u8 = 0;
/// `check` found at least one error.
pub const ERRORS_FOUND: u8 = 1;
/// Bad usage or configuration (clap also exits with 2).
pub const USAGE: u8 = 2;
/// `bilan`: nothing could be read, or the output could not be written.
pub const FAILURE: u8 = 3;

/// Converts to the process exit code.
pub fn code(value: u8) -> ExitCode {
    ExitCode::from(value)
}

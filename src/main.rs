//! The `spaser` binary: everything happens in the library.

fn main() -> std::process::ExitCode {
    spaser::cli::main()
}

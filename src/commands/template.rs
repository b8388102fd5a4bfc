//! `spaser template`: write the empty workbook a service fills. Never overwrites a file: a
//! filled recensement must not be lost to a mistyped `-o`. Exit 0 when written, 2 when the
//! output already exists, 3 when it could not be written.

use crate::exit;
use crate::template::{self, TemplateKind};
use std::path::PathBuf;

/// Settings of `spaser template`, checked.
#[derive(Debug, Clone)]
pub struct TemplateSettings {
    /// Which template.
    pub kind: TemplateKind,
    /// Where to write it.
    pub output: PathBuf,
    /// First year of the yearly `Cible` columns.
    pub year: i32,
    /// The catalogue (extended by the `spaser.toml` of the output's folder, if any).
    pub catalogue: crate::catalogue::Catalogue,
    /// Print nothing on success.
    pub quiet: bool,
}

/// Writes the template and returns the exit code.
pub fn run(settings: &TemplateSettings) -> u8 {
    if settings.output.exists() {
        eprintln!(
            "spaser : {} existe déjà : choisissez un autre nom avec -o (un modèle n'écrase jamais un fichier).",
            settings.output.display()
        );
        return exit::USAGE;
    }
    match template::save(settings.kind, &settings.catalogue, settings.year, &settings.output) {
        Ok(()) => {
            if !settings.quiet {
                println!("Modèle écrit : {}", settings.output.display());
            }
            exit::OK
        }
        Err(error) => {
            eprintln!("spaser : {error}");
            exit::FAILURE
        }
    }
}

//! The command line (clap only): flags are parsed here and turned into checked settings before
//! any work; the commands never see clap's types. Help texts are in French, flags in English.

use crate::catalogue::Catalogue;
use crate::commands;
use crate::config::Config;
use crate::exit;
use crate::inputs::ReadSettings;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// spaser — bilan annuel du SPASER à partir des classeurs Excel des services.
#[derive(Debug, Parser)]
#[command(name = "spaser", version, about, long_about = None)]
pub struct Cli {
    /// N'affiche que les erreurs.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Commande à exécuter.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lit les classeurs (recensement, suivi, tableaux de bilan) et signale, cellule par cellule, ce qui ne va pas.
    Check {
        /// Fichiers ou dossiers à lire (dossier courant par défaut ; les dossiers sont parcourus récursivement).
        paths: Vec<PathBuf>,
        /// Année du bilan : sert d'année aux tableaux de bilan dont l'en-tête n'en porte pas.
        #[arg(long)]
        year: Option<i32>,
        /// Format de sortie : text (lisible) ou json (un tableau JSON sur la sortie standard).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines of text.
    Text,
    /// One JSON array.
    Json,
}

/// Settings of `spaser check`, checked.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// Files and folders to read.
    pub paths: Vec<PathBuf>,
    /// Reading settings.
    pub read: ReadSettings,
    /// Output format.
    pub format: Format,
    /// Only errors.
    pub quiet: bool,
}

/// Parses the command line and runs the command; returns the process exit code.
pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check { paths, year, format } => {
            resolve_check(paths, year, format, cli.quiet).map(|settings| commands::check::run(&settings))
        }
    };
    match outcome {
        Ok(code) => exit::code(code),
        Err(message) => {
            eprintln!("spaser : {message}");
            exit::code(exit::USAGE)
        }
    }
}

fn resolve_check(paths: Vec<PathBuf>, year: Option<i32>, format: Format, quiet: bool) -> Result<CheckSettings, String> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    for path in &paths {
        if !path.exists() {
            return Err(format!("{} : fichier ou dossier introuvable", path.display()));
        }
    }
    let base = config_dir(&paths[0]);
    let read = read_settings(&base, year)?;
    Ok(CheckSettings {
        paths,
        read,
        format,
        quiet,
    })
}

/// The folder whose `spaser.toml` applies: the first path if it is a folder, else its parent.
fn config_dir(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Reading settings for a folder: the catalogue extended by its `spaser.toml`, if any.
pub fn read_settings(base: &Path, year: Option<i32>) -> Result<ReadSettings, String> {
    let catalogue = Catalogue::builtin().map_err(|e| e.to_string())?;
    let (config, catalogue) = match Config::load_from_dir(base).map_err(|e| e.to_string())? {
        Some((config, path)) => {
            let catalogue = config.extend(catalogue, &path).map_err(|e| e.to_string())?;
            (config, catalogue)
        }
        None => (Config::default(), catalogue),
    };
    let default_year = year.or(config.annee);
    Ok(ReadSettings {
        catalogue,
        base: base.to_path_buf(),
        config,
        default_year,
    })
}

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
    /// Calcule les indicateurs et les statuts de l'année et écrit le classeur de bilan pour le comité.
    Bilan {
        /// Dossier, année, fichier de sortie, configuration.
        #[command(flatten)]
        args: BilanArgs,
    },
    /// Écrit le bilan, puis le réécrit à chaque enregistrement d'un classeur du dossier (Ctrl-C pour arrêter).
    ///
    /// Sur un partage réseau (SMB/CIFS, NFS), le système ne signale pas les enregistrements faits
    /// depuis d'autres postes : utilisez --poll.
    Watch {
        /// Dossier, année, fichier de sortie, configuration.
        #[command(flatten)]
        args: BilanArgs,
        /// Examine le dossier toutes les SECS secondes au lieu d'attendre les événements du système (indispensable sur un partage réseau SMB/NFS).
        #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
        poll: Option<u64>,
        /// Période de calme (ms) après le dernier changement avant de reconstruire : un enregistrement = une reconstruction.
        #[arg(long, value_name = "MS", default_value_t = 2000)]
        debounce: u64,
        /// Écrit le bilan une fois et s'arrête (pour une tâche planifiée).
        #[arg(long)]
        once: bool,
    },
}

/// What `bilan` and `watch` share: the folder, the year, the output and the configuration.
#[derive(Debug, Clone, clap::Args)]
pub struct BilanArgs {
    /// Dossier des classeurs (parcouru récursivement ; dossier courant par défaut).
    pub input_dir: Option<PathBuf>,
    /// Année du bilan (par défaut : la dernière année présente dans le suivi).
    #[arg(long)]
    pub year: Option<i32>,
    /// Classeur à écrire (par défaut : Bilan_SPASER_<année>.xlsx dans le dossier des classeurs).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Fichier de configuration (par défaut : spaser.toml du dossier des classeurs, s'il existe).
    #[arg(long)]
    pub config: Option<PathBuf>,
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
        Command::Bilan { args } => resolve_bilan(args, cli.quiet).map(|settings| commands::bilan::run(&settings)),
        Command::Watch {
            args,
            poll,
            debounce,
            once,
        } => resolve_bilan(args, cli.quiet).map(|bilan| {
            crate::watch::run(&crate::watch::WatchSettings {
                bilan,
                poll: poll.map(std::time::Duration::from_secs),
                debounce: std::time::Duration::from_millis(debounce),
                once,
            })
        }),
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
    let read = read_settings(&base, year, None)?;
    Ok(CheckSettings {
        paths,
        read,
        format,
        quiet,
    })
}

/// Settings of `spaser bilan`, checked.
#[derive(Debug, Clone)]
pub struct BilanSettings {
    /// The folder scanned.
    pub input_dir: PathBuf,
    /// `--year`.
    pub year: Option<i32>,
    /// `-o`, when given.
    pub output: Option<PathBuf>,
    /// `--config`, when given (else `spaser.toml` of the folder, if any).
    pub config: Option<PathBuf>,
    /// Reading settings.
    pub read: ReadSettings,
    /// Only errors.
    pub quiet: bool,
}

fn resolve_bilan(args: BilanArgs, quiet: bool) -> Result<BilanSettings, String> {
    let BilanArgs {
        input_dir,
        year,
        output,
        config,
    } = args;
    let input_dir = input_dir.unwrap_or_else(|| PathBuf::from("."));
    if !input_dir.is_dir() {
        return Err(format!("{} : dossier introuvable", input_dir.display()));
    }
    if let Some(output) = &output
        && output.extension().is_none_or(|e| !e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(format!(
            "{} : le bilan s'écrit au format .xlsx (ex. -o Bilan_SPASER_2024.xlsx)",
            output.display()
        ));
    }
    if let Some(config) = &config
        && !config.is_file()
    {
        return Err(format!("{} : fichier de configuration introuvable", config.display()));
    }
    let read = read_settings(&input_dir, year, config.as_deref())?;
    Ok(BilanSettings {
        input_dir,
        year,
        output,
        config,
        read,
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

/// Reading settings for a folder: the catalogue extended by `config` (a `spaser.toml`), else
/// by the folder's `spaser.toml`, if any.
pub fn read_settings(base: &Path, year: Option<i32>, config: Option<&Path>) -> Result<ReadSettings, String> {
    let catalogue = Catalogue::builtin().map_err(|e| e.to_string())?;
    let found = match config {
        Some(path) => Some((Config::load(path).map_err(|e| e.to_string())?, path.to_path_buf())),
        None => Config::load_from_dir(base).map_err(|e| e.to_string())?,
    };
    let (config, catalogue, config_file) = match found {
        Some((config, path)) => {
            let catalogue = config.extend(catalogue, &path).map_err(|e| e.to_string())?;
            (config, catalogue, Some(path))
        }
        None => (Config::default(), catalogue, None),
    };
    let default_year = year.or(config.annee);
    Ok(ReadSettings {
        catalogue,
        base: base.to_path_buf(),
        config,
        default_year,
        config_file,
    })
}

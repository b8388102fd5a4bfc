//! The command line (clap only): flags are parsed here and handed to [`crate::settings`] to be
//! checked before any work; the commands never see clap's types. Help texts are in French,
//! flags in English.

use crate::commands;
use crate::commands::template::TemplateSettings;
use crate::contain;
use crate::exit;
use crate::settings::{BilanSettings, CheckSettings, Format, RunSettings, WatchSettings};
use crate::template::TemplateKind;
use crate::watch;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// clap's help with its one English heading (`Usage:`) in French.
const HELP_TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// spaser — bilan annuel du SPASER à partir des classeurs Excel des services.
#[derive(Debug, Parser)]
#[command(
    name = "spaser",
    version,
    about,
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    help_template = HELP_TEMPLATE
)]
pub struct Cli {
    /// Affiche l'aide.
    #[arg(short, long, global = true, action = clap::ArgAction::Help)]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
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
    /// Lit les classeurs (recensement, suivi, tableaux de bilan) et les fichiers DECP, et signale, cellule par cellule, ce qui ne va pas.
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        /// Fichiers ou dossiers à lire (dossier courant par défaut ; les dossiers sont parcourus récursivement).
        #[arg(value_name = "CHEMIN")]
        paths: Vec<PathBuf>,
        /// Année du bilan (1990 à 2100) : sert d'année aux tableaux de bilan dont l'en-tête n'en porte pas.
        #[arg(long, value_name = "ANNÉE")]
        year: Option<i32>,
        /// Format de sortie : text (lisible, par défaut) ou json (un tableau JSON sur la sortie standard).
        #[arg(long, value_enum, default_value_t = FormatChoice::Text, hide_possible_values = true, hide_default_value = true)]
        format: FormatChoice,
        /// Fichier de configuration (par défaut : spaser.toml du premier dossier donné, s'il existe).
        #[arg(long, value_name = "FICHIER")]
        config: Option<PathBuf>,
    },
    /// Calcule les indicateurs et les statuts de l'année et écrit le classeur de bilan pour le comité.
    #[command(help_template = HELP_TEMPLATE)]
    Bilan {
        /// Dossier, année, fichier de sortie, configuration.
        #[command(flatten)]
        args: BilanArgs,
    },
    /// Écrit le bilan, puis le réécrit à chaque enregistrement d'un classeur du dossier (Ctrl-C pour arrêter).
    ///
    /// Sur un partage réseau (SMB/CIFS, NFS), le système ne signale pas les enregistrements faits
    /// depuis d'autres postes : utilisez --poll.
    #[command(help_template = HELP_TEMPLATE)]
    Watch {
        /// Dossier, année, fichier de sortie, configuration.
        #[command(flatten)]
        args: BilanArgs,
        /// Examine le dossier toutes les SECS secondes (1 à 3600) au lieu d'attendre les événements du système (indispensable sur un partage réseau SMB/NFS).
        #[arg(long, value_name = "SECS")]
        poll: Option<u64>,
        /// Période de calme (ms, de 0 à 600000, 2000 par défaut) après le dernier changement avant de reconstruire : un enregistrement = une reconstruction.
        #[arg(long, value_name = "MS", default_value_t = 2000, hide_default_value = true)]
        debounce: u64,
        /// Écrit le bilan une fois et s'arrête (pour une tâche planifiée).
        #[arg(long)]
        once: bool,
    },
    /// Écrit le classeur vide qu'un service remplit : listes déroulantes, messages de saisie et feuille Notice.
    ///
    /// Le modèle suit le catalogue de colonnes du lecteur (étendu par le spaser.toml du dossier
    /// où il est écrit) : ce qu'il propose est exactement ce que spaser sait lire.
    #[command(help_template = HELP_TEMPLATE)]
    Template {
        /// recensement (achats de l'année) ou suivi (Actions, Indicateurs, Suivi).
        #[arg(value_name = "MODÈLE", hide_possible_values = true)]
        kind: TemplateChoice,
        /// Classeur à écrire (par défaut : Modele_recensement_SPASER.xlsx ou Modele_suivi_SPASER.xlsx dans le dossier courant ; jamais écrasé).
        #[arg(short, long, value_name = "FICHIER")]
        output: Option<PathBuf>,
        /// Première année des colonnes « Cible <année> » du suivi, de 1990 à 2100 (par défaut : l'année en cours).
        #[arg(long, value_name = "ANNÉE")]
        year: Option<i32>,
    },
}

/// Which template `spaser template` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateChoice {
    /// Recensement des achats (feuille Marchés).
    Recensement,
    /// Référentiel et suivi (feuilles Actions, Indicateurs, Suivi).
    Suivi,
}

impl From<TemplateChoice> for TemplateKind {
    fn from(choice: TemplateChoice) -> Self {
        match choice {
            TemplateChoice::Recensement => TemplateKind::Recensement,
            TemplateChoice::Suivi => TemplateKind::Suivi,
        }
    }
}

/// What `bilan` and `watch` share: the folder, the year, the output and the configuration.
#[derive(Debug, Clone, clap::Args)]
pub struct BilanArgs {
    /// Dossier des classeurs (parcouru récursivement ; dossier courant par défaut).
    #[arg(value_name = "DOSSIER")]
    pub input_dir: Option<PathBuf>,
    /// Année du bilan, de 1990 à 2100 (par défaut : la dernière année présente dans le suivi).
    #[arg(long, value_name = "ANNÉE")]
    pub year: Option<i32>,
    /// Classeur à écrire (par défaut : Bilan_SPASER_<année>.xlsx dans le dossier des classeurs).
    #[arg(short, long, value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Fichier de configuration (par défaut : spaser.toml du dossier des classeurs, s'il existe).
    #[arg(long, value_name = "FICHIER")]
    pub config: Option<PathBuf>,
    /// Publie aussi les indicateurs de l'année en données ouvertes (.csv ou .json, art. L.2111-3).
    #[arg(long, value_name = "FICHIER")]
    pub export: Option<PathBuf>,
    /// Écrit aussi la déclaration AGEC art. 58 de l'année (.csv au schéma data.gouv.fr ; SIRET et
    /// raison sociale dans spaser.toml).
    #[arg(long, value_name = "FICHIER.csv")]
    pub agec: Option<PathBuf>,
    /// N'écrit pas le document du comité (.docx à côté du classeur de bilan).
    #[arg(long)]
    pub no_document: bool,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatChoice {
    /// Texte lisible, une ligne par problème.
    Text,
    /// Un tableau JSON sur la sortie standard.
    Json,
}

impl From<FormatChoice> for Format {
    fn from(choice: FormatChoice) -> Self {
        match choice {
            FormatChoice::Text => Format::Text,
            FormatChoice::Json => Format::Json,
        }
    }
}

/// Parses the command line and runs the command; returns the process exit code.
pub fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let quiet = cli.quiet;
    let outcome = match cli.command {
        Command::Check {
            paths,
            year,
            format,
            config,
        } => CheckSettings::resolve(paths, year, config, format.into(), quiet)
            .map(|settings| contained(&settings.read, || commands::check::run(&settings))),
        Command::Bilan { args } => {
            bilan_settings(args, quiet).map(|settings| contained(&settings.read, || commands::bilan::run(&settings)))
        }
        Command::Watch {
            args,
            poll,
            debounce,
            once,
        } => bilan_settings(args, quiet)
            .and_then(|bilan| WatchSettings::resolve(bilan, poll, debounce, once))
            .map(|settings| contained(&settings.bilan.read, || watch::run(&settings))),
        Command::Template { kind, output, year } => TemplateSettings::resolve(kind.into(), output, year, quiet)
            .map(|settings| commands::template::run(&settings)),
    };
    match outcome {
        Ok(code) => exit::code(code),
        Err(error) => {
            eprintln!("spaser : {error}");
            exit::code(exit::USAGE)
        }
    }
}

/// Runs a command that reads inputs in a worker process that spaser supervises (§9,
/// [`contain`]); in the worker itself, runs it.
fn contained(settings: &RunSettings, run: impl FnOnce() -> u8) -> u8 {
    if contain::is_worker() {
        contain::starting();
        return run();
    }
    let normal = [exit::OK, exit::ERRORS_FOUND, exit::USAGE, exit::FAILURE].map(i32::from);
    match contain::supervise(settings.containment(), &normal) {
        contain::Outcome::Exited(code) => u8::try_from(code).unwrap_or(exit::FAILURE),
        // No process could be started for the reading: it is done here, unprotected, rather
        // than not at all.
        contain::Outcome::NotStarted => run(),
        contain::Outcome::Failed(how) => {
            eprintln!(
                "spaser : arrêt inattendu du lecteur ({how}) ; aucun fichier en cours de lecture n'en est la cause."
            );
            exit::FAILURE
        }
    }
}

fn bilan_settings(args: BilanArgs, quiet: bool) -> Result<BilanSettings, crate::settings::SettingsError> {
    let BilanArgs {
        input_dir,
        year,
        output,
        config,
        export,
        agec,
        no_document,
    } = args;
    let exports = crate::settings::Exports { export, agec };
    BilanSettings::resolve(input_dir, year, output, config, exports, !no_document, quiet)
}

/// Prints clap's help and version as they are, and its usage errors in French.
fn usage_error(error: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Nothing more can be said when stdout is gone.
            let _ = error.print();
            exit::code(u8::try_from(error.exit_code()).unwrap_or(exit::USAGE))
        }
        _ => {
            eprintln!("spaser : {}\nAide : spaser --help", usage_message(error));
            exit::code(exit::USAGE)
        }
    }
}

/// A usage error in French, from clap's structured context.
pub fn usage_message(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind: ContextKind| error.get(kind).map(ToString::to_string);
    let argument = context(ContextKind::InvalidArg).unwrap_or_default();
    let mut message = match error.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => match context(ContextKind::InvalidValue) {
            Some(value) if !value.is_empty() => format!("valeur « {value} » incorrecte pour {argument}"),
            _ => format!("valeur manquante pour {argument}"),
        },
        ErrorKind::UnknownArgument if argument.starts_with('-') => format!("option inconnue : {argument}"),
        ErrorKind::UnknownArgument => format!("argument en trop : {argument}"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue : {} (commandes : check, bilan, watch, template)",
            context(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand => "commande manquante : check, bilan, watch ou template".to_string(),
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {argument}"),
        ErrorKind::ArgumentConflict => format!("option en double ou incompatible : {argument}"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("trop de valeurs pour {argument}")
        }
        _ => format!("ligne de commande incorrecte ({})", error.kind()),
    };
    if let Some(valid) = context(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        message.push_str(&format!(" ; valeurs possibles : {valid}"));
    }
    let suggestion = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(context);
    if let Some(suggestion) = suggestion {
        message.push_str(&format!(" — vouliez-vous dire « {suggestion} » ?"));
    }
    message
}

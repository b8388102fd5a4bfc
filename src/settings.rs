//! Checked settings, built from the command line's raw values before any work: the folders and
//! files exist, the output is an `.xlsx`, `spaser.toml` is read and the catalogue extended. The
//! commands, `watch` and the pipeline receive these, never clap's types.

use crate::catalogue::{Catalogue, CatalogueError};
use crate::config::{Config, ConfigError, LimitsTable};
use crate::model::compliance::Thresholds;
use crate::read::{ReadLimits, float_to_decimal};
use crate::recognise::Recogniser;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Why the settings cannot be used: bad usage or configuration (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A path given on the command line does not exist.
    #[error("{0} : fichier ou dossier introuvable")]
    PathNotFound(PathBuf),
    /// The input folder does not exist.
    #[error("{0} : dossier introuvable")]
    FolderNotFound(PathBuf),
    /// `--config` names a file that does not exist.
    #[error("{0} : fichier de configuration introuvable")]
    ConfigNotFound(PathBuf),
    /// The output is not an `.xlsx` file.
    #[error("{path} : {what} s'écrit au format .xlsx (ex. -o {example})")]
    NotXlsx {
        /// The output asked for.
        path: PathBuf,
        /// What is written (« le bilan », « le modèle »).
        what: &'static str,
        /// A correct name.
        example: String,
    },
    /// The export is neither `.csv` nor `.json`.
    #[error("{0} : l'export des indicateurs s'écrit au format .csv ou .json (ex. --export indicateurs_2024.csv)")]
    NotExport(PathBuf),
    /// `--agec` not ending in `.csv`.
    #[error("--agec {} : la déclaration AGEC s'écrit en .csv (schéma data.gouv.fr), par exemple --agec agec_2024.csv", .0.display())]
    NotAgecCsv(PathBuf),
    /// `--agec` without the buyer's SIRET or name.
    #[error(
        "--agec : la déclaration demande le SIRET et la raison sociale de l'acheteur ; ajoutez dans spaser.toml siret = \"…\" (14 chiffres) et raison_sociale = \"…\" (ou collectivite)"
    )]
    AgecWithoutSiret,
    /// A year out of the range spaser handles.
    #[error("--year {0} : année hors de 1990–2100")]
    YearOutOfRange(i32),
    /// A polling interval out of 1–3600 s.
    #[error("--poll {0} : intervalle hors de 1–3600 secondes")]
    PollOutOfRange(u64),
    /// A quiet period out of 0–600 000 ms.
    #[error("--debounce {0} : période de calme hors de 0–600000 millisecondes (10 minutes)")]
    DebounceOutOfRange(u64),
    /// `spaser.toml` cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The builtin catalogue does not hold together.
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// The builtin thresholds file does not parse.
    #[error("templates/seuils.toml illisible : {0}")]
    Thresholds(toml::de::Error),
}

/// The memory of the process that reads the inputs, in Mio, when `spaser.toml` says nothing.
const DEFAULT_MEMORY_MIB: u64 = 4096;
/// The longest the reading of one file may take, in seconds, when `spaser.toml` says nothing.
const DEFAULT_SECONDS_PER_FILE: u64 = 120;

/// What one run (`check`, `bilan`, `watch`) needs besides its files, from the command line and
/// `spaser.toml`: how to read (catalogue, limits, services), how to compute (year, thresholds,
/// partial threshold) and where the companion workbook starts.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// The catalogue (builtin, extended by `spaser.toml`).
    pub catalogue: Catalogue,
    /// The folder the files were found in (for relative service names).
    pub base: PathBuf,
    /// The folder's `spaser.toml` (service of each file, defaults).
    pub config: Config,
    /// Year for bilan tables whose headers carry none (`--year`).
    pub default_year: Option<i32>,
    /// The `spaser.toml` that was read, if any.
    pub config_file: Option<PathBuf>,
    /// The §9 limits (defaults, or `[limites]` of `spaser.toml`).
    pub limits: ReadLimits,
    /// The EU thresholds by period (§11): `[[seuils]]` of `spaser.toml`, then the builtin ones.
    pub thresholds: Thresholds,
    /// The header matchers of `catalogue`, shared by every sheet of the run.
    pub recogniser: Arc<Recogniser>,
    /// Whether each file's SHA-256 is computed (the bilan's Sources sheet shows it, watch
    /// compares it); `check` shows none and spares the work.
    pub fingerprint: bool,
}

impl RunSettings {
    /// The partial threshold of `spaser.toml` as an exact decimal (the float TOML gives is read
    /// back as the shortest decimal that round-trips, so `0.6` is exactly 0.6).
    pub fn partial_threshold(&self) -> Option<Decimal> {
        self.config.seuil_partiel.and_then(float_to_decimal)
    }

    /// The memory of the process that reads the inputs, in Mio (§9): `memoire_mio` of
    /// `[limites]`, else 4 096.
    pub fn memory_mib(&self) -> u64 {
        self.config.limites.memoire_mio.unwrap_or(DEFAULT_MEMORY_MIB)
    }

    /// What the process that reads the inputs may use (§9, [`crate::contain`]).
    pub fn containment(&self) -> crate::contain::Limits {
        crate::contain::Limits {
            memory_mib: self.memory_mib(),
            per_file: std::time::Duration::from_secs(
                self.config
                    .limites
                    .secondes_par_fichier
                    .unwrap_or(DEFAULT_SECONDS_PER_FILE),
            ),
        }
    }

    /// Above this many purchases, the Recensement sheet is a companion workbook (§6):
    /// `marches_dans_le_bilan` of `[limites]`, else 100 000.
    pub fn companion_above(&self) -> usize {
        self.config
            .limites
            .marches_dans_le_bilan
            .map_or(DEFAULT_COMPANION_ABOVE, |n| usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// The service of a DECP contract (§10): the one `[services]` of `spaser.toml` names for its
    /// buyer's id (`acheteur.id`, a SIRET), else the one it names for the file, else the id,
    /// else the file name.
    pub fn buyer_service(&self, buyer: Option<&str>, file: &Path) -> String {
        buyer
            .and_then(|id| self.config.services.get(id).cloned())
            .or_else(|| self.config.service_for(file, &self.base))
            .or_else(|| buyer.map(str::to_string))
            .unwrap_or_else(|| self.default_service(file))
    }

    /// The service named in `spaser.toml` for `file`, else the file name without extension.
    pub fn default_service(&self, file: &Path) -> String {
        self.config.service_for(file, &self.base).unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        })
    }
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text, one line per problem.
    Text,
    /// One JSON array on stdout.
    Json,
}

/// Purchases the bilan lists itself; above, a companion workbook holds them (§6).
pub const DEFAULT_COMPANION_ABOVE: usize = 100_000;

/// Settings of `spaser check`, checked.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// Files and folders to read.
    pub paths: Vec<PathBuf>,
    /// Reading settings.
    pub read: RunSettings,
    /// Output format.
    pub format: Format,
    /// Only errors.
    pub quiet: bool,
}

impl CheckSettings {
    /// Checks the paths (the current folder when none) and `--config`, then reads the
    /// configuration: `--config`, else the first path's `spaser.toml`.
    pub fn resolve(
        paths: Vec<PathBuf>,
        year: Option<i32>,
        config: Option<PathBuf>,
        format: Format,
        quiet: bool,
    ) -> Result<Self, SettingsError> {
        let paths = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths
        };
        let year = check_year(year)?;
        if let Some(missing) = paths.iter().find(|p| !p.exists()) {
            return Err(SettingsError::PathNotFound(missing.clone()));
        }
        if let Some(config) = config.as_ref().filter(|c| !c.is_file()) {
            return Err(SettingsError::ConfigNotFound(config.clone()));
        }
        let read = RunSettings {
            fingerprint: false,
            ..run_settings(&config_dir(&paths[0]), year, config.as_deref())?
        };
        Ok(CheckSettings {
            paths,
            read,
            format,
            quiet,
        })
    }
}

/// The files `bilan` and `watch` publish besides the bilan, as asked.
#[derive(Debug, Clone, Default)]
pub struct Exports {
    /// `--export`: the indicators as open data.
    pub export: Option<PathBuf>,
    /// `--agec`: the loi AGEC art. 58 declaration.
    pub agec: Option<PathBuf>,
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
    /// `--export`, when given: the indicators as open data, written with the bilan.
    pub export: Option<Export>,
    /// `--agec`, when given: the loi AGEC art. 58 declaration (CSV), written with the bilan.
    pub agec: Option<PathBuf>,
    /// Whether the committee's document is written beside the bilan (no `--no-document`).
    pub document: bool,
    /// Reading settings.
    pub read: RunSettings,
    /// Only errors.
    pub quiet: bool,
}

impl BilanSettings {
    /// Checks the folder (the current one when none), the output's extension and `--config`,
    /// then reads the configuration.
    pub fn resolve(
        input_dir: Option<PathBuf>,
        year: Option<i32>,
        output: Option<PathBuf>,
        config: Option<PathBuf>,
        exports: Exports,
        document: bool,
        quiet: bool,
    ) -> Result<Self, SettingsError> {
        let Exports { export, agec } = exports;
        let year = check_year(year)?;
        let input_dir = input_dir.unwrap_or_else(|| PathBuf::from("."));
        if !input_dir.is_dir() {
            return Err(SettingsError::FolderNotFound(input_dir));
        }
        if let Some(output) = &output {
            require_xlsx(output, "le bilan", "Bilan_SPASER_2024.xlsx")?;
        }
        if let Some(config) = &config
            && !config.is_file()
        {
            return Err(SettingsError::ConfigNotFound(config.clone()));
        }
        let export = export
            .map(|path| match ExportFormat::of(&path) {
                Some(format) => Ok(Export { path, format }),
                None => Err(SettingsError::NotExport(path)),
            })
            .transpose()?;
        if let Some(agec) = agec.as_ref().filter(|a| ExportFormat::of(a) != Some(ExportFormat::Csv)) {
            return Err(SettingsError::NotAgecCsv(agec.clone()));
        }
        let read = run_settings(&input_dir, year, config.as_deref())?;
        let named = read.config.raison_sociale.is_some() || read.config.collectivite.is_some();
        if agec.is_some() && (read.config.siret.is_none() || !named) {
            return Err(SettingsError::AgecWithoutSiret);
        }
        Ok(BilanSettings {
            input_dir,
            year,
            output,
            config,
            export,
            agec,
            document,
            read,
            quiet,
        })
    }
}

impl BilanSettings {
    /// The files this run writes, never read back as inputs.
    pub fn outputs(&self) -> crate::scan::Outputs {
        let exports: Vec<&Path> = self
            .export
            .iter()
            .map(|e| e.path.as_path())
            .chain(self.agec.as_deref())
            .collect();
        crate::scan::Outputs::of(self.output.as_deref(), &self.input_dir, &exports)
    }
}

/// The format of an export, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `.csv`.
    Csv,
    /// `.json`.
    Json,
}

impl ExportFormat {
    /// The format an export path asks for, if it is one.
    pub fn of(path: &Path) -> Option<ExportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

/// The §10 publication asked with `--export`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// Where it is written.
    pub path: PathBuf,
    /// In which format.
    pub format: ExportFormat,
}

/// Settings of `spaser watch`, checked.
#[derive(Debug, Clone)]
pub struct WatchSettings {
    /// What `bilan` needs.
    pub bilan: BilanSettings,
    /// Poll every this often instead of native events (network shares).
    pub poll: Option<Duration>,
    /// Quiet period after the last event before rebuilding.
    pub debounce: Duration,
    /// Build once and exit.
    pub once: bool,
}

pub use crate::model::YEARS;

/// `--poll`, in seconds (§1).
pub const POLL_SECONDS: std::ops::RangeInclusive<u64> = 1..=3600;

/// `--debounce`, in milliseconds (§1).
pub const DEBOUNCE_MILLISECONDS: std::ops::RangeInclusive<u64> = 0..=600_000;

/// Refuses a `--year` outside [`YEARS`], before any work.
pub fn check_year(year: Option<i32>) -> Result<Option<i32>, SettingsError> {
    match year {
        Some(year) if !YEARS.contains(&year) => Err(SettingsError::YearOutOfRange(year)),
        other => Ok(other),
    }
}

impl WatchSettings {
    /// Checks `--poll` and `--debounce` against their ranges, before any work.
    pub fn resolve(bilan: BilanSettings, poll: Option<u64>, debounce: u64, once: bool) -> Result<Self, SettingsError> {
        if let Some(poll) = poll.filter(|p| !POLL_SECONDS.contains(p)) {
            return Err(SettingsError::PollOutOfRange(poll));
        }
        if !DEBOUNCE_MILLISECONDS.contains(&debounce) {
            return Err(SettingsError::DebounceOutOfRange(debounce));
        }
        Ok(WatchSettings {
            bilan,
            poll: poll.map(Duration::from_secs),
            debounce: Duration::from_millis(debounce),
            once,
        })
    }
}

/// Refuses an output that is not an `.xlsx` file.
pub fn require_xlsx(output: &Path, what: &'static str, example: &str) -> Result<(), SettingsError> {
    if output.extension().is_none_or(|e| !e.eq_ignore_ascii_case("xlsx")) {
        return Err(SettingsError::NotXlsx {
            path: output.to_path_buf(),
            what,
            example: example.to_string(),
        });
    }
    Ok(())
}

/// The folder whose `spaser.toml` applies: the path if it is a folder, else its parent.
pub fn config_dir(path: &Path) -> PathBuf {
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
pub fn run_settings(base: &Path, year: Option<i32>, config: Option<&Path>) -> Result<RunSettings, SettingsError> {
    let catalogue = Catalogue::builtin()?;
    let found = match config {
        Some(path) => Some((Config::load(path)?, path.to_path_buf())),
        None => Config::load_from_dir(base)?,
    };
    let (config, catalogue, config_file) = match found {
        Some((config, path)) => {
            let catalogue = config.extend(catalogue, &path)?;
            (config, catalogue, Some(path))
        }
        None => (Config::default(), catalogue, None),
    };
    let default_year = year.or(config.annee);
    Ok(RunSettings {
        recogniser: Arc::new(Recogniser::new(&catalogue)),
        catalogue,
        base: base.to_path_buf(),
        limits: limits_of(&config.limites),
        thresholds: Thresholds::builtin()
            .map_err(SettingsError::Thresholds)?
            .overridden_by(&config.seuils),
        config,
        default_year,
        config_file,
        fingerprint: true,
    })
}

/// The limits of `[limites]`, each absent one at its default.
pub fn limits_of(limites: &LimitsTable) -> ReadLimits {
    let default = ReadLimits::default();
    ReadLimits {
        file_bytes: limites
            .taille_classeur_mio
            .map_or(default.file_bytes, ReadLimits::from_mib),
        entry_bytes: limites
            .partie_decompressee_mio
            .map_or(default.entry_bytes, ReadLimits::from_mib),
        shared_strings_bytes: limites
            .textes_partages_mio
            .map_or(default.shared_strings_bytes, ReadLimits::from_mib),
        rows: limites.lignes.unwrap_or(default.rows),
        columns: limites.colonnes.unwrap_or(default.columns),
        cells: limites.cellules.unwrap_or(default.cells),
        merge_bands: default.merge_bands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_threshold_of_spaser_toml_is_the_decimal_typed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("spaser.toml"), "seuil_partiel = 0.6\n").expect("write");
        let settings = run_settings(dir.path(), None, None).expect("settings");
        assert_eq!(settings.partial_threshold(), Decimal::from_str_exact("0.6").ok());
    }
}

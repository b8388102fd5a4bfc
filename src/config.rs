//! `spaser.toml`, the pilot's settings kept beside the workbooks: default year, partial
//! threshold, the service of each file, and extra header and value spellings that extend the
//! catalogue without recompiling.

use crate::catalogue::{Catalogue, CatalogueError, SheetKind};
use crate::model::compliance::ThresholdPeriod;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for in the input folder.
pub const FILE_NAME: &str = "spaser.toml";

/// The contents of `spaser.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Default year of the bilan.
    #[serde(default)]
    pub annee: Option<i32>,
    /// The authority, on the committee's document (`Département du Val-de-Marne`).
    #[serde(default)]
    pub collectivite: Option<String>,
    /// The authority's SIRET, for the loi AGEC declaration (`--agec`).
    #[serde(default)]
    pub siret: Option<String>,
    /// The authority's raison sociale for the loi AGEC declaration (default: `collectivite`).
    #[serde(default)]
    pub raison_sociale: Option<String>,
    /// The scheme's period, on the committee's document (`2023-2028`).
    #[serde(default)]
    pub periode: Option<String>,
    /// The committee's date, on the committee's document (`12/03/2026`).
    #[serde(default)]
    pub date_comite: Option<String>,
    /// Default partial threshold (0.5 when absent), as typed; read as a decimal by the settings.
    #[serde(default)]
    pub seuil_partiel: Option<f64>,
    /// Service of each file: file name or path relative to the folder → service.
    #[serde(default)]
    pub services: BTreeMap<String, String>,
    /// Extra headers per kind of sheet: header → key.
    #[serde(default)]
    pub colonnes: BTreeMap<String, BTreeMap<String, String>>,
    /// Extra enumeration spellings: list name → spelling → canonical value.
    #[serde(default)]
    pub valeurs: BTreeMap<String, BTreeMap<String, String>>,
    /// The §9 limits, raised (or lowered) from their defaults.
    #[serde(default)]
    pub limites: LimitsTable,
    /// EU thresholds (§11) that take precedence over those of `templates/seuils.toml`.
    #[serde(default)]
    pub seuils: Vec<ThresholdPeriod>,
}

/// `[limites]` of `spaser.toml`: each absent key keeps its default (§9).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LimitsTable {
    /// Workbook size, in Mio (200).
    pub taille_classeur_mio: Option<u64>,
    /// A zip part once inflated, in Mio (1024).
    pub partie_decompressee_mio: Option<u64>,
    /// Shared strings once inflated, in Mio (512).
    pub textes_partages_mio: Option<u64>,
    /// Rows of a sheet (2 000 000).
    pub lignes: Option<u32>,
    /// Columns of a sheet (1 000).
    pub colonnes: Option<u32>,
    /// Cells of a sheet, rows × used columns (20 000 000).
    pub cellules: Option<u64>,
    /// Purchases listed in the bilan's own `Recensement` sheet; above, they go to a companion
    /// workbook beside it (100 000, §6).
    pub marches_dans_le_bilan: Option<u64>,
    /// Memory of the process that reads the inputs, in Mio (4 096, §9).
    pub memoire_mio: Option<u64>,
    /// The longest the reading of one file may take, in seconds (120, §9).
    pub secondes_par_fichier: Option<u64>,
}

/// A `spaser.toml` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{path} : lecture impossible ({})", crate::diagnostic::in_french(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The TOML is invalid: where and why, in French.
    #[error("{path} : {message}", path = .path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Where and what, in French.
        message: String,
    },
    /// A value out of the range spaser accepts.
    #[error("{path} : {key} = {value} refusé ({expected})", path = .path.display())]
    OutOfRange {
        /// The file.
        path: PathBuf,
        /// The key.
        key: &'static str,
        /// The value read.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A section names an unknown kind of sheet.
    #[error(
        "{path} : [colonnes.{kind}] ne correspond à aucun type de feuille (recensement, actions, indicateurs, suivi, bilan)"
    )]
    UnknownKind {
        /// The file.
        path: PathBuf,
        /// The unknown kind.
        kind: String,
    },
    /// The extension does not fit the catalogue.
    #[error("{path} : {source}")]
    Catalogue {
        /// The file.
        path: PathBuf,
        /// Why.
        source: CatalogueError,
    },
}

impl Config {
    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|error| ConfigError::Syntax {
            path: path.to_path_buf(),
            message: french_syntax_error(&error, &text),
        })?;
        config.check_ranges(path)?;
        Ok(config)
    }

    /// `annee` is a year of 1990–2100, `seuil_partiel` a share strictly between 0 and 1.
    fn check_ranges(&self, path: &Path) -> Result<(), ConfigError> {
        let refuse = |key, value: String, expected| ConfigError::OutOfRange {
            path: path.to_path_buf(),
            key,
            value,
            expected,
        };
        if let Some(year) = self.annee
            && !(1990..=2100).contains(&year)
        {
            return Err(refuse(
                "annee",
                year.to_string(),
                "une année de 1990 à 2100 est attendue",
            ));
        }
        if let Some(siret) = &self.siret
            && siret_digits(siret).is_none()
        {
            return Err(refuse(
                "siret",
                siret.clone(),
                "14 chiffres sont attendus, par exemple \"21940028000016\"",
            ));
        }
        if let Some(threshold) = self.seuil_partiel
            && !(threshold > 0.0 && threshold < 1.0)
        {
            return Err(refuse(
                "seuil_partiel",
                threshold.to_string(),
                "une part strictement entre 0 et 1 est attendue, par exemple 0.5 pour 50 %",
            ));
        }
        let limits = [
            ("taille_classeur_mio", self.limites.taille_classeur_mio),
            ("partie_decompressee_mio", self.limites.partie_decompressee_mio),
            ("textes_partages_mio", self.limites.textes_partages_mio),
            ("lignes", self.limites.lignes.map(u64::from)),
            ("colonnes", self.limites.colonnes.map(u64::from)),
            ("cellules", self.limites.cellules),
            ("marches_dans_le_bilan", self.limites.marches_dans_le_bilan),
            ("memoire_mio", self.limites.memoire_mio),
            ("secondes_par_fichier", self.limites.secondes_par_fichier),
        ];
        if let Some((key, value)) = limits
            .into_iter()
            .find_map(|(k, v)| v.filter(|v| *v == 0).map(|v| (k, v)))
        {
            return Err(refuse(
                key,
                value.to_string(),
                "une limite se donne par un nombre supérieur à 0",
            ));
        }
        Ok(())
    }

    /// Reads `dir/spaser.toml` when it exists.
    pub fn load_from_dir(dir: &Path) -> Result<Option<(Self, PathBuf)>, ConfigError> {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            Self::load(&path).map(|c| Some((c, path)))
        } else {
            Ok(None)
        }
    }

    /// The catalogue extended with this file's headers and values.
    pub fn extend(&self, mut catalogue: Catalogue, path: &Path) -> Result<Catalogue, ConfigError> {
        for (kind_key, headers) in &self.colonnes {
            let kind = SheetKind::ALL
                .into_iter()
                .find(|k| k.key() == kind_key)
                .ok_or_else(|| ConfigError::UnknownKind {
                    path: path.to_path_buf(),
                    kind: kind_key.clone(),
                })?;
            for (header, key) in headers {
                catalogue
                    .add_column_synonym(kind, header, key)
                    .map_err(|source| ConfigError::Catalogue {
                        path: path.to_path_buf(),
                        source,
                    })?;
            }
        }
        for (name, spellings) in &self.valeurs {
            for (spelling, value) in spellings {
                catalogue
                    .add_enum_synonym(name, spelling, value)
                    .map_err(|source| ConfigError::Catalogue {
                        path: path.to_path_buf(),
                        source,
                    })?;
            }
        }
        Ok(catalogue)
    }

    /// The service named for `file` (by path relative to `base`, or by file name).
    pub fn service_for(&self, file: &Path, base: &Path) -> Option<String> {
        let relative = file
            .strip_prefix(base)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        self.services
            .get(&relative)
            .or_else(|| self.services.get(&name))
            .cloned()
    }
}

/// The 14 digits of a SIRET typed with or without spaces.
pub fn siret_digits(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A TOML error in French, with its line and column: toml's own messages are in English.
fn french_syntax_error(error: &toml::de::Error, text: &str) -> String {
    let place = error.span().map_or_else(String::new, |span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("ligne {line}, colonne {column} : ")
    });
    let message = error.message();
    let what = if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next())
    {
        format!(
            "clé inconnue « {field} » (clés possibles : annee, collectivite, periode, date_comite, siret, raison_sociale, seuil_partiel, services, colonnes, valeurs, limites, seuils)"
        )
    } else if message.starts_with("invalid type") {
        "valeur du mauvais type (un nombre, un texte entre guillemets ou une section est attendu selon la clé)"
            .to_string()
    } else if message.contains("duplicate key") {
        "clé écrite deux fois".to_string()
    } else {
        "syntaxe TOML incorrecte (vérifiez les guillemets, les crochets des sections et les signes =)".to_string()
    };
    format!("{place}{what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaser_toml_maps_headers_values_and_services() {
        let config: Config = toml::from_str(
            r#"
            annee = 2024
            seuil_partiel = 0.6
            [services]
            "voirie/recensement.xlsx" = "Voirie"
            "dsi.xlsx" = "DSI"
            [colonnes.recensement]
            "Montant engagé" = "montant_ht"
            [valeurs.nature]
            "Prest. intell." = "Services"
            "#,
        )
        .expect("valid toml");
        assert_eq!(config.annee, Some(2024));
        assert_eq!(config.seuil_partiel, Some(0.6));
        let base = Path::new("/partage");
        assert_eq!(
            config
                .service_for(Path::new("/partage/voirie/recensement.xlsx"), base)
                .as_deref(),
            Some("Voirie")
        );
        assert_eq!(
            config.service_for(Path::new("/partage/x/dsi.xlsx"), base).as_deref(),
            Some("DSI")
        );
        let catalogue = config
            .extend(Catalogue::builtin().expect("catalogue"), Path::new("spaser.toml"))
            .expect("extends");
        assert_eq!(
            catalogue.enumeration("nature").and_then(|e| e.lookup("Prest. intell.")),
            Some("Services")
        );
    }

    fn load(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).expect("write");
        Config::load(&path)
    }

    #[test]
    fn out_of_range_values_of_spaser_toml_are_refused_in_french() {
        for (text, key) in [
            ("annee = 99999", "annee"),
            ("annee = 1899", "annee"),
            ("seuil_partiel = 5", "seuil_partiel"),
            ("seuil_partiel = -0.5", "seuil_partiel"),
            ("seuil_partiel = 0", "seuil_partiel"),
        ] {
            let error = load(text).expect_err(text).to_string();
            assert!(error.contains(key) && error.contains("refusé"), "{text}: {error}");
        }
        assert!(load("annee = 2024\nseuil_partiel = 0.6").is_ok());
    }

    #[test]
    fn toml_errors_are_in_french_with_their_line() {
        let error = load("annee = 2024\n[services\n").expect_err("syntax").to_string();
        assert!(
            error.contains("ligne 2") && error.contains("syntaxe TOML incorrecte"),
            "{error}"
        );
        let error = load("anne = 2024").expect_err("unknown key").to_string();
        assert!(error.contains("clé inconnue « anne »"), "{error}");
        let error = load("annee = \"deux mille\"").expect_err("type").to_string();
        assert!(error.contains("mauvais type"), "{error}");
    }

    #[test]
    fn an_unknown_key_in_spaser_toml_is_a_configuration_error() {
        let config: Config = toml::from_str("[colonnes.recensement]\n\"X\" = \"montant\"\n").expect("valid toml");
        let error = config
            .extend(Catalogue::builtin().expect("catalogue"), Path::new("spaser.toml"))
            .expect_err("unknown key");
        assert!(error.to_string().contains("montant_ht"), "{error}");
    }
}

//! `spaser.toml`, the pilot's settings kept beside the workbooks: default year, partial
//! threshold, the service of each file, and extra header and value spellings that extend the
//! catalogue without recompiling.

use crate::catalogue::{Catalogue, CatalogueError, SheetKind};
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
}

/// A `spaser.toml` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{path} : lecture impossible ({source})")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The TOML is invalid.
    #[error("{path} : {source}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Why.
        source: toml::de::Error,
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
        toml::from_str(&text).map_err(|source| ConfigError::Syntax {
            path: path.to_path_buf(),
            source,
        })
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

    #[test]
    fn an_unknown_key_in_spaser_toml_is_a_configuration_error() {
        let config: Config = toml::from_str("[colonnes.recensement]\n\"X\" = \"montant\"\n").expect("valid toml");
        let error = config
            .extend(Catalogue::builtin().expect("catalogue"), Path::new("spaser.toml"))
            .expect_err("unknown key");
        assert!(error.to_string().contains("montant_ht"), "{error}");
    }
}

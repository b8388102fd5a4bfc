//! The column catalogue: for each kind of sheet, its columns (key, canonical label, synonyms,
//! type, required), and the enumerations with their synonyms. Loaded from
//! `templates/catalogue.toml` (compiled in) and extended by a `spaser.toml`. The reader, the
//! templates and the Notice all take their columns from here.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// The catalogue shipped with spaser.
pub const BUILTIN: &str = include_str!("../../templates/catalogue.toml");

/// The names of the sheets spaser writes, kept with the catalogue: the writers name their sheets
/// from here, and the reader recognises spaser's own outputs from here without importing them.
pub mod own_sheets {
    /// The bilan's first sheet.
    pub const SYNTHESE: &str = "Synthèse";
    /// The committee's table, one block per fiche.
    pub const BILAN_PAR_FICHE: &str = "Bilan par fiche";
    /// The bilan's actions sheet.
    pub const ACTIONS: &str = "Actions";
    /// The bilan's indicators sheet.
    pub const INDICATEURS: &str = "Indicateurs";
    /// The bilan's loi Climat et résilience sheet (§11).
    pub const CONFORMITE: &str = "Conformité 2026";
    /// The bilan's loi AGEC art. 58 declaration sheet (§10), when a category has spending.
    pub const AGEC: &str = "Déclaration AGEC";
    /// The bilan's purchases sheet.
    pub const RECENSEMENT: &str = "Recensement";
    /// The bilan's diagnostics sheet.
    pub const ANOMALIES: &str = "Anomalies";
    /// The bilan's sources sheet.
    pub const SOURCES: &str = "Sources";
    /// The sheets of a bilan, in order (§6).
    pub const BILAN: [&str; 8] = [
        SYNTHESE,
        BILAN_PAR_FICHE,
        ACTIONS,
        INDICATEURS,
        CONFORMITE,
        RECENSEMENT,
        ANOMALIES,
        SOURCES,
    ];
    /// The header of the open-data export (`--export`, §10).
    pub const EXPORT_COLUMNS: [&str; 11] = [
        "source",
        "code",
        "libelle",
        "unite",
        "annee",
        "cible",
        "realise",
        "statut",
        "methode",
        "denominateur",
        "date_calcul",
    ];
    /// The header of the loi AGEC declaration (`--agec`, §10): the data.gouv.fr schema's fields.
    pub const AGEC_COLUMNS: [&str; 9] = [
        "annee",
        "siret",
        "raison_sociale",
        "type_produit_acquis",
        "montant_total",
        "montant_reemploi_et_reutilisation",
        "montant_produits_issus_don",
        "montant_produits_recycles",
        "commentaires",
    ];
    /// The sheets of a bilan whose year has loi AGEC spending (§10).
    pub const BILAN_WITH_AGEC: [&str; 9] = [
        SYNTHESE,
        BILAN_PAR_FICHE,
        ACTIONS,
        INDICATEURS,
        CONFORMITE,
        AGEC,
        RECENSEMENT,
        ANOMALIES,
        SOURCES,
    ];
    /// The sheets of the companion workbook that holds the Recensement of a large authority
    /// beside its bilan (§6).
    pub const COMPANION: [&str; 2] = [RECENSEMENT, SOURCES];
    /// The name of a companion workbook: `Recensement_SPASER_<année>.xlsx`.
    pub const COMPANION_PREFIX: &str = "Recensement_SPASER_";
    /// The sheets of the bilans earlier versions wrote: still spaser's own, never inputs.
    pub const EARLIER_BILANS: [&[&str]; 2] = [
        &[SYNTHESE, ACTIONS, INDICATEURS, RECENSEMENT, ANOMALIES, SOURCES],
        &[
            SYNTHESE,
            BILAN_PAR_FICHE,
            ACTIONS,
            INDICATEURS,
            RECENSEMENT,
            ANOMALIES,
            SOURCES,
        ],
    ];
    /// The template's sheet explaining every column.
    pub const NOTICE: &str = "Notice";
    /// The template's hidden sheet holding the dropdowns' values.
    pub const LISTS: &str = "Listes";
    /// The template's sheets that explain and feed the others, and hold no data.
    pub const TEMPLATE_AUXILIARY: [&str; 2] = [NOTICE, LISTS];
}

pub mod decp;
mod enumeration;

pub use enumeration::{EnumSpec, EnumValue};

/// The DECP field a §3 key is read from, to name it in diagnostics.
pub fn decp_field(key: &str) -> Option<&'static str> {
    decp::FIELDS.iter().find(|(k, _)| *k == key).map(|(_, field)| *field)
}

/// The DECP field a §3 key is read from in a contrat de concession (§10).
pub fn decp_concession_field(key: &str) -> Option<&'static str> {
    if decp::NOT_IN_CONCESSIONS.contains(&key) {
        return None;
    }
    decp::CONCESSION_FIELDS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, field)| *field)
        .or_else(|| decp_field(key))
}

/// A kind of sheet that spaser recognises from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SheetKind {
    /// Purchases (§3).
    Recensement,
    /// Fiches action (§4).
    Actions,
    /// Indicators with targets (§4).
    Indicateurs,
    /// Yearly follow-up (§4).
    Suivi,
    /// An existing bilan table (seed 001 layout, §4).
    Bilan,
    /// A fiche action in vertical form, one sheet per fiche (§4.2); recognised from its labels,
    /// not from a header row, so it is not among [`SheetKind::ALL`].
    Fiche,
    /// A DECP file (§10), JSON or XML: recensement rows read from the national format, not
    /// from a sheet.
    Decp,
    /// The clause-sociale facilitator's follow-up of insertion hours (§13).
    Insertion,
}

impl SheetKind {
    /// Every kind, in the order used to break ties when recognising a sheet.
    pub const ALL: [SheetKind; 6] = [
        SheetKind::Recensement,
        SheetKind::Actions,
        SheetKind::Indicateurs,
        SheetKind::Suivi,
        SheetKind::Bilan,
        SheetKind::Insertion,
    ];

    /// The key used in `spaser.toml` and in the catalogue.
    pub fn key(self) -> &'static str {
        match self {
            SheetKind::Recensement => "recensement",
            SheetKind::Actions => "actions",
            SheetKind::Indicateurs => "indicateurs",
            SheetKind::Suivi => "suivi",
            SheetKind::Bilan => "bilan",
            SheetKind::Fiche => "fiche",
            SheetKind::Decp => "decp",
            SheetKind::Insertion => "insertion",
        }
    }

    /// The French name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            SheetKind::Recensement => "recensement",
            SheetKind::Actions => "référentiel des actions",
            SheetKind::Indicateurs => "référentiel des indicateurs",
            SheetKind::Suivi => "suivi annuel",
            SheetKind::Bilan => "tableau de bilan existant",
            SheetKind::Fiche => "fiche action (forme verticale)",
            SheetKind::Decp => "recensement DECP (données essentielles)",
            SheetKind::Insertion => "suivi des heures d'insertion",
        }
    }
}

impl fmt::Display for SheetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The type of a column's cells, deciding which parser reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnType {
    /// Free text.
    Text,
    /// Money in euros, ≥ 0.
    Amount,
    /// A decimal number ≥ 0.
    Decimal,
    /// A percentage stored 0–100.
    Percent,
    /// An integer > 0.
    Integer,
    /// A four-digit year.
    Year,
    /// A date.
    Date,
    /// Oui/Non.
    Boolean,
    /// 14 digits with a Luhn key.
    Siret,
    /// `NNNNNNNN-N`.
    Cpv,
    /// One action or indicator code, as the authority writes it (§4).
    Code,
    /// Several action codes separated by `;` or `,`.
    Codes,
    /// A fiche action label carrying its code (`FA 4- Augmenter …`).
    FaLabel,
    /// An `X` in a status column.
    Mark,
    /// A value read later against its indicator (number, percentage or text).
    Value,
    /// One of the values of the named enumeration.
    Enum(String),
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let parsed = match text.as_str() {
            "text" => ColumnType::Text,
            "amount" => ColumnType::Amount,
            "decimal" => ColumnType::Decimal,
            "percent" => ColumnType::Percent,
            "integer" => ColumnType::Integer,
            "year" => ColumnType::Year,
            "date" => ColumnType::Date,
            "boolean" => ColumnType::Boolean,
            "siret" => ColumnType::Siret,
            "cpv" => ColumnType::Cpv,
            "code" | "fa_code" => ColumnType::Code,
            "codes" | "fa_codes" => ColumnType::Codes,
            "fa_label" => ColumnType::FaLabel,
            "mark" => ColumnType::Mark,
            "value" => ColumnType::Value,
            other => match other.strip_prefix("enum:") {
                Some(name) => ColumnType::Enum(name.to_string()),
                None => return Err(serde::de::Error::custom(format!("type de colonne inconnu : {other}"))),
            },
        };
        Ok(parsed)
    }
}

/// One column of a kind of sheet.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnSpec {
    /// Stable key (`montant_ht`).
    pub key: String,
    /// Canonical header (`Montant HT (€)`).
    pub label: String,
    /// Other headers services use.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Cell type.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// Whether a row needs a value here (and a sheet needs this column).
    #[serde(default)]
    pub required: bool,
    /// Whether the column is read into another field (`N° lot` and `Identifiant` into the
    /// reference): never a column of its own in a template or in the bilan.
    #[serde(default)]
    pub folded: bool,
    /// Whether a row may leave this required column empty, its value then unknown (an
    /// accord-cadre without a maximum has no amount): the column stays required in a sheet.
    #[serde(default)]
    pub may_be_empty: bool,
    /// Whether an unreadable value leaves the row out although the column is optional (a
    /// notification date that cannot be read leaves the purchase without year nor statut).
    #[serde(default)]
    pub exclude_row_on_error: bool,
    /// Whether the header may end with a year (`Cible 2025`).
    #[serde(default)]
    pub year_suffix: bool,
    /// What to type, for the Notice and input messages.
    #[serde(default)]
    pub help: String,
    /// An example value.
    #[serde(default)]
    pub example: String,
}

/// The columns of one kind of sheet.
#[derive(Debug, Clone, Deserialize)]
pub struct KindSpec {
    /// Which kind.
    pub kind: SheetKind,
    /// Default sheet name in templates.
    pub sheet: String,
    /// Its columns, in template order.
    pub columns: Vec<ColumnSpec>,
}

impl KindSpec {
    /// The column with this key.
    pub fn column(&self, key: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.key == key)
    }
}

/// One label of a fiche action in vertical form (§4.2) and its spellings.
#[derive(Debug, Clone, Deserialize)]
pub struct FicheLabel {
    /// Stable key (`pilote`, `realise`…).
    pub key: String,
    /// How fiches write it.
    pub labels: Vec<String>,
}

/// The whole catalogue.
#[derive(Debug, Clone, Deserialize)]
pub struct Catalogue {
    /// Kinds of sheets.
    pub kinds: Vec<KindSpec>,
    /// Enumerations by name.
    pub enums: BTreeMap<String, EnumSpec>,
    /// The labels of fiches action in vertical form.
    #[serde(default)]
    pub fiche: Vec<FicheLabel>,
}

/// A catalogue that does not hold together (only possible with a hand-edited extension).
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// The TOML text is not a catalogue.
    #[error("catalogue illisible : {0}")]
    Syntax(#[from] toml::de::Error),
    /// A key that the extension names does not exist.
    #[error("la colonne « {key} » n'existe pas dans le {kind} (colonnes connues : {known})")]
    UnknownKey {
        /// The kind of sheet.
        kind: SheetKind,
        /// The unknown key.
        key: String,
        /// The known keys.
        known: String,
    },
    /// An enumeration that the extension names does not exist.
    #[error("la liste de valeurs « {0} » n'existe pas")]
    UnknownEnum(String),
    /// A value that the extension maps to is not one of the enumeration's values.
    #[error("« {value} » n'est pas une valeur de la liste « {name} » (valeurs : {known})")]
    UnknownEnumValue {
        /// The enumeration.
        name: String,
        /// The unknown canonical value.
        value: String,
        /// The allowed values.
        known: String,
    },
    /// A column type names an enumeration that does not exist.
    #[error("la colonne « {0} » utilise une liste de valeurs inconnue « {1} »")]
    MissingEnum(String, String),
    /// A kind of sheet has no columns in the catalogue.
    #[error("le catalogue ne décrit pas les colonnes du {0}")]
    MissingKind(SheetKind),
}

impl Catalogue {
    /// The catalogue shipped with spaser.
    pub fn builtin() -> Result<Self, CatalogueError> {
        Self::from_toml(BUILTIN)
    }

    /// Parses a catalogue and checks that every enumeration it names exists.
    pub fn from_toml(text: &str) -> Result<Self, CatalogueError> {
        let catalogue: Catalogue = toml::from_str(text)?;
        if let Some(missing) = SheetKind::ALL
            .into_iter()
            .find(|k| !catalogue.kinds.iter().any(|spec| spec.kind == *k))
        {
            return Err(CatalogueError::MissingKind(missing));
        }
        for kind in &catalogue.kinds {
            for column in &kind.columns {
                if let ColumnType::Enum(name) = &column.column_type
                    && !catalogue.enums.contains_key(name)
                {
                    return Err(CatalogueError::MissingEnum(column.key.clone(), name.clone()));
                }
            }
        }
        Ok(catalogue)
    }

    /// The columns of a kind of sheet.
    pub fn kind(&self, kind: SheetKind) -> &KindSpec {
        // `from_toml` refuses a catalogue that lacks a kind, so the fallback is never taken.
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .unwrap_or_else(|| &self.kinds[0])
    }

    /// An enumeration by name.
    pub fn enumeration(&self, name: &str) -> Option<&EnumSpec> {
        self.enums.get(name)
    }

    /// Adds a header synonym for a column (from `spaser.toml`).
    pub fn add_column_synonym(&mut self, kind: SheetKind, header: &str, key: &str) -> Result<(), CatalogueError> {
        let spec = self
            .kinds
            .iter_mut()
            .find(|k| k.kind == kind)
            .ok_or_else(|| CatalogueError::UnknownEnum(kind.key().to_string()))?;
        let known = spec
            .columns
            .iter()
            .map(|c| c.key.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        match spec.columns.iter_mut().find(|c| c.key == key) {
            Some(column) => {
                column.synonyms.push(header.to_string());
                Ok(())
            }
            None => Err(CatalogueError::UnknownKey {
                kind,
                key: key.to_string(),
                known,
            }),
        }
    }

    /// Adds a synonym to an enumeration value (from `spaser.toml`).
    pub fn add_enum_synonym(&mut self, name: &str, spelling: &str, value: &str) -> Result<(), CatalogueError> {
        let spec = self
            .enums
            .get_mut(name)
            .ok_or_else(|| CatalogueError::UnknownEnum(name.to_string()))?;
        if spec.add_synonym(spelling, value) {
            return Ok(());
        }
        Err(CatalogueError::UnknownEnumValue {
            name: name.to_string(),
            value: value.to_string(),
            known: spec.canonical_values().join(", "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_defines_every_kind_and_enum() {
        let catalogue = Catalogue::builtin().expect("builtin catalogue");
        for kind in SheetKind::ALL {
            assert!(catalogue.kinds.iter().any(|k| k.kind == kind), "{kind:?}");
        }
        assert_eq!(
            catalogue.enumeration("nature").and_then(|e| e.lookup("t")),
            Some("Travaux")
        );
    }

    #[test]
    fn recensement_has_every_column_of_spec_section_3() {
        let catalogue = Catalogue::builtin().expect("builtin catalogue");
        let keys: Vec<_> = catalogue
            .kind(SheetKind::Recensement)
            .columns
            .iter()
            .map(|c| c.key.as_str())
            .collect();
        let spec = [
            "reference",
            "service",
            "objet",
            "nature",
            "type_contrat",
            "procedure",
            "montant_ht",
            "annee_prevue",
            "date_notification",
            "statut",
            "duree_mois",
            "cpv",
            "clause_env",
            "critere_env",
            "clause_sociale",
            "critere_social",
            "marche_reserve",
            "heures_insertion",
            "titulaire",
            "siret",
            "categorie_titulaire",
            "titulaire_ess",
            "alloti",
            "mutualise",
            "variante",
            "innovant",
            "taux_avance",
            "montant_reemploi",
            "categorie_agec",
            "montant_don",
            "montant_recycle",
            "actions_ciblees",
            "date_lancement",
            "defense_securite",
            "derogation_env",
            "derogation_sociale",
            "commentaire",
            "lot",
            "identifiant",
            "titulaire_pme",
            "considerations_sociales",
            "considerations_env",
        ];
        assert_eq!(keys, spec);
    }

    #[test]
    fn spaser_toml_can_add_a_header_synonym_and_an_enum_synonym() {
        let mut catalogue = Catalogue::builtin().expect("builtin catalogue");
        catalogue
            .add_column_synonym(SheetKind::Recensement, "Montant engagé", "montant_ht")
            .expect("known key");
        assert!(
            catalogue
                .kind(SheetKind::Recensement)
                .column("montant_ht")
                .is_some_and(|c| c.synonyms.contains(&"Montant engagé".to_string()))
        );
        catalogue
            .add_enum_synonym("nature", "Prest. intell.", "Services")
            .expect("known value");
        assert_eq!(
            catalogue.enumeration("nature").and_then(|e| e.lookup("prest intell")),
            Some("Services")
        );
        assert!(
            catalogue
                .add_column_synonym(SheetKind::Recensement, "X", "montant")
                .is_err()
        );
        assert!(catalogue.add_enum_synonym("nature", "X", "Travaux publics").is_err());
    }
}

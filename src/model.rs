//! The domain, free of files and workbooks: purchases (recensement), fiches action, indicators
//! and the yearly follow-up, each remembering the row it came from. Everything downstream of
//! validation works on these types only.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::parse::expression::Computation;
use crate::read::CellValue;

/// Where a record was read: file, sheet and 0-based row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRow {
    /// The input file.
    pub file: PathBuf,
    /// The sheet.
    pub sheet: String,
    /// 0-based row.
    pub row: u32,
}

/// The purchase statut meaning the contract was notified.
pub const STATUT_NOTIFIE: &str = "Notifié";
/// The purchase statut given when neither a statut nor a notification date is typed.
pub const STATUT_PROGRAMME: &str = "Programmé";

/// One purchase (*marché* or *lot*) of the recensement (§3).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Purchase {
    /// Where it was read.
    pub source: Option<SourceRow>,
    /// Référence (unique per service and year).
    pub reference: String,
    /// Service acheteur.
    pub service: String,
    /// Objet.
    pub objet: String,
    /// Nature: Travaux, Fournitures, Services.
    pub nature: String,
    /// Procédure.
    pub procedure: Option<String>,
    /// Montant HT in euros.
    pub montant_ht: Decimal,
    /// Année prévue.
    pub annee_prevue: Option<i32>,
    /// Date de notification.
    pub date_notification: Option<NaiveDate>,
    /// Statut (Programmé, En cours, Notifié, Infructueux, Sans suite).
    pub statut: String,
    /// Durée en mois.
    pub duree_mois: Option<i64>,
    /// Code CPV.
    pub cpv: Option<String>,
    /// Clause environnementale.
    pub clause_env: Option<bool>,
    /// Critère environnemental.
    pub critere_env: Option<bool>,
    /// Clause sociale d'insertion.
    pub clause_sociale: Option<bool>,
    /// Critère social.
    pub critere_social: Option<bool>,
    /// Marché réservé.
    pub marche_reserve: Option<bool>,
    /// Heures d'insertion.
    pub heures_insertion: Option<Decimal>,
    /// Titulaire.
    pub titulaire: Option<String>,
    /// SIRET du titulaire (14 digits).
    pub siret: Option<String>,
    /// Catégorie du titulaire.
    pub categorie_titulaire: Option<String>,
    /// Titulaire ESS.
    pub titulaire_ess: Option<bool>,
    /// Alloti.
    pub alloti: Option<bool>,
    /// Achat mutualisé.
    pub mutualise: Option<bool>,
    /// Variantes autorisées.
    pub variante: Option<bool>,
    /// Marché innovant.
    pub innovant: Option<bool>,
    /// Taux d'avance, 0–100.
    pub taux_avance: Option<Decimal>,
    /// Montant réemploi ou recyclé HT.
    pub montant_reemploi: Option<Decimal>,
    /// Actions SPASER ciblées (normalised codes).
    pub actions_ciblees: Vec<String>,
    /// Commentaire.
    pub commentaire: Option<String>,
    /// Columns not in the catalogue: header and text.
    pub extras: Vec<(String, String)>,
}

impl Purchase {
    /// *Considération environnementale* = clause_env or critere_env (§3).
    pub fn consideration_env(&self) -> bool {
        self.clause_env == Some(true) || self.critere_env == Some(true)
    }

    /// *Considération sociale* = clause_sociale or critere_social or marche_reserve (§3).
    pub fn consideration_sociale(&self) -> bool {
        self.clause_sociale == Some(true) || self.critere_social == Some(true) || self.marche_reserve == Some(true)
    }

    /// The year the purchase belongs to: its notification year, else its planned year.
    pub fn year(&self) -> Option<i32> {
        self.date_notification.map(|d| d.year()).or(self.annee_prevue)
    }

    /// Whether it was notified in `year` (the population of computed indicators, §4.1).
    pub fn notified_in(&self, year: i32) -> bool {
        self.statut == STATUT_NOTIFIE && self.date_notification.is_some_and(|d| d.year() == year)
    }
}

/// A fiche action (§4, Actions).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Action {
    /// Where it was defined.
    pub source: Option<SourceRow>,
    /// Normalised code (`FA4`).
    pub code: String,
    /// Axe.
    pub axe: Option<String>,
    /// Orientation.
    pub orientation: Option<String>,
    /// Intitulé.
    pub intitule: String,
    /// Pilote.
    pub pilote: Option<String>,
    /// Partenaires.
    pub partenaires: Option<String>,
    /// Known only from an existing bilan table.
    pub from_bilan_table: bool,
}

impl Action {
    /// Whether two definitions say the same thing (the source aside).
    pub fn same_content(&self, other: &Action) -> bool {
        (
            &self.code,
            &self.axe,
            &self.orientation,
            &self.intitule,
            &self.pilote,
            &self.partenaires,
        ) == (
            &other.code,
            &other.axe,
            &other.orientation,
            &other.intitule,
            &other.pilote,
            &other.partenaires,
        )
    }
}

/// The type of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IndicatorType {
    /// A figure compared with a target.
    #[default]
    Quantitatif,
    /// Done / not done.
    Binaire,
    /// Its status is the declared one.
    Qualitatif,
}

impl IndicatorType {
    /// From the canonical enumeration value.
    pub fn from_label(label: &str) -> Self {
        match label {
            "Binaire" => IndicatorType::Binaire,
            "Qualitatif" => IndicatorType::Qualitatif,
            _ => IndicatorType::Quantitatif,
        }
    }
}

/// The direction an indicator should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Up (default).
    #[default]
    Hausse,
    /// Down.
    Baisse,
}

/// A value typed in a cell, with its position, read later against its indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedValue {
    /// The raw cell.
    pub cell: CellValue,
    /// 0-based (row, column) of the cell.
    pub position: (u32, u32),
}

/// An indicator (§4, Indicateurs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Indicator {
    /// Where it was defined.
    pub source: Option<SourceRow>,
    /// Code indicateur.
    pub code: String,
    /// Code FA (normalised).
    pub code_fa: String,
    /// Libellé.
    pub libelle: String,
    /// Type.
    pub kind: IndicatorType,
    /// Unité (`%`, `nombre`, `€`, `heures`…).
    pub unite: Option<String>,
    /// Sens.
    pub sens: Direction,
    /// Calcul (§4.1), empty when typed in Suivi.
    pub calcul: Option<String>,
    /// Filtre (§4.1).
    pub filtre: Option<String>,
    /// `Calcul` and `Filtre` parsed; `None` when typed in Suivi or when the expression is
    /// invalid (then `calcul` is set and an error was reported on its cell).
    pub computation: Option<Computation>,
    /// Valeur de référence.
    pub reference: Option<Decimal>,
    /// Année de référence.
    pub annee_reference: Option<i32>,
    /// Targets by year, as decimals (quantitative indicators).
    pub cibles: BTreeMap<i32, Decimal>,
    /// Targets by year as typed (binary and qualitative indicators keep text).
    pub cibles_texte: BTreeMap<i32, String>,
    /// Seuil partiel, as a fraction (0.5 for 50 %).
    pub seuil_partiel: Option<Decimal>,
}

impl Indicator {
    /// Whether the indicator is expressed in percent.
    pub fn is_percent(&self) -> bool {
        self.unite
            .as_deref()
            .is_some_and(|u| u.trim() == "%" || crate::normalise::normalise(u).starts_with("pourcent"))
    }

    /// Whether two definitions say the same thing (the source aside).
    pub fn same_content(&self, other: &Indicator) -> bool {
        Indicator {
            source: None,
            ..self.clone()
        } == Indicator {
            source: None,
            ..other.clone()
        }
    }
}

/// A status label (§6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Atteint.
    Atteint,
    /// Partiellement atteint.
    PartiellementAtteint,
    /// Non atteint.
    NonAtteint,
    /// Non renseigné.
    NonRenseigne,
    /// Sans cible.
    SansCible,
}

impl Status {
    /// The label, exactly as §6.1 spells it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Atteint => "Atteint",
            Status::PartiellementAtteint => "Partiellement atteint",
            Status::NonAtteint => "Non atteint",
            Status::NonRenseigne => "Non renseigné",
            Status::SansCible => "Sans cible",
        }
    }

    /// From a canonical declared-status value.
    pub fn from_declared(label: &str) -> Option<Self> {
        match label {
            "Atteint" => Some(Status::Atteint),
            "Partiellement atteint" => Some(Status::PartiellementAtteint),
            "Non atteint" => Some(Status::NonAtteint),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What a follow-up row is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// The action as a whole (Suivi row without indicator).
    Action,
    /// One indicator.
    Indicator(String),
    /// One objective of an existing bilan table (its position among the action's objectives).
    Objective(usize),
}

/// A yearly follow-up row (§4, Suivi, and the rows of existing bilan tables).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FollowUp {
    /// Where it was read.
    pub source: Option<SourceRow>,
    /// Année.
    pub year: i32,
    /// Code FA (normalised).
    pub code_fa: String,
    /// What it is about.
    pub subject: Option<Subject>,
    /// The objective's text (existing bilan tables).
    pub objective: Option<String>,
    /// Réalisé, as typed.
    pub realise: Option<TypedValue>,
    /// Statut déclaré.
    pub statut_declare: Option<Status>,
    /// Mise en œuvre.
    pub mise_en_oeuvre: Option<String>,
    /// Freins.
    pub freins: Option<String>,
    /// Solutions.
    pub solutions: Option<String>,
    /// Commentaire.
    pub commentaire: Option<String>,
}

//! The référentiel and its follow-up (§4): fiches action, indicators with their targets and
//! computation, the yearly Suivi rows, and the status labels of §6.1.

use super::SourceRow;
use super::code::Code;
use super::computation::Computation;
use crate::normalise::normalise;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

/// Where a definition comes from. When the same action or indicator comes from several, the
/// first in this order wins: the référentiel, then a fiche in vertical form (§4.2), then an
/// existing bilan table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Origin {
    /// The Actions or Indicateurs sheet of a référentiel.
    #[default]
    Referentiel,
    /// A fiche action in vertical form.
    Fiche,
    /// An existing bilan table (seed 001 layout).
    BilanTable,
}

/// A fiche action (§4, Actions).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Action {
    /// Where it was defined.
    pub source: Option<SourceRow>,
    /// Code, as the authority writes it.
    pub code: Code,
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
    /// Descriptif de l'action (fiches in vertical form), shown, never computed on.
    pub descriptif: Option<String>,
    /// Résultats attendus (fiches in vertical form), shown, never computed on.
    pub resultats_attendus: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Action {
    /// Whether two definitions say the same thing (the source aside).
    pub fn same_content(&self, other: &Action) -> bool {
        Action {
            source: None,
            ..self.clone()
        } == Action {
            source: None,
            ..other.clone()
        }
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

/// A réalisé as typed in the Suivi, typed once at validation: what it says, and its text as
/// typed (shown in messages, and read as words for a binary indicator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Realise {
    /// What the cell says.
    pub value: RealiseValue,
    /// The cell's text, cleaned (numbers the French way).
    pub text: String,
    /// 0-based (row, column) of the cell.
    pub position: (u32, u32),
    /// Read from a text with a unit or a note (§4.3: `41 / 88 soit 46,6 %`), not a plain number.
    pub measured: Option<super::UnitValue>,
}

/// What a typed réalisé says, before it is read against its indicator (which may be defined in
/// another workbook).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RealiseValue {
    /// A number, typed as a number or as text (`1 200,5`).
    Number(Decimal),
    /// A number typed with a `%` sign (`30 %`), on the 0–100 scale.
    Percent(Decimal),
    /// A boolean cell (`VRAI` / `FAUX`).
    Boolean(bool),
    /// Words (`Oui`, `en cours`, `fait`…): its text.
    Words,
    /// Values for several populations (`Travaux 60 % / Services 20 %`): their labels. Never
    /// computed on (§4.3).
    SeveralPopulations(Vec<String>),
}

impl Realise {
    /// The figure it gives, when it is a number (with or without `%`).
    pub fn number(&self) -> Option<Decimal> {
        match self.value {
            RealiseValue::Number(n) | RealiseValue::Percent(n) => Some(n),
            RealiseValue::Boolean(_) | RealiseValue::Words | RealiseValue::SeveralPopulations(_) => None,
        }
    }

    /// The words a binary indicator reads: a boolean cell as `Oui` / `Non`, else the text.
    pub fn words(&self) -> String {
        match self.value {
            RealiseValue::Boolean(true) => "Oui".to_string(),
            RealiseValue::Boolean(false) => "Non".to_string(),
            _ => self.text.clone(),
        }
    }
}

/// An indicator (§4, Indicateurs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Indicator {
    /// Where it was defined.
    pub source: Option<SourceRow>,
    /// Code indicateur.
    pub code: Code,
    /// Code FA.
    pub code_fa: Code,
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
    /// Cells typed with a unit or a note (§4.3), as typed: (what, text), e.g. (`Cible 2025`,
    /// `≥ 40 %`). The bilan shows them beside the numbers read.
    pub saisies: Vec<(String, String)>,
    /// How it is computed, in the pilot's words (`Mode de calcul`), shown as its Méthode.
    pub methode: Option<String>,
    /// The axe of its row (an `Axe` column or a section row above), to tell actions numbered
    /// per axe apart.
    pub axe: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Indicator {
    /// Whether the indicator is expressed in percent.
    pub fn is_percent(&self) -> bool {
        self.unite
            .as_deref()
            .is_some_and(|u| u.trim() == "%" || normalise(u).starts_with("pourcent"))
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
    Indicator(Code),
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
    /// Code FA.
    pub code_fa: Code,
    /// What it is about.
    pub subject: Option<Subject>,
    /// The objective's text (existing bilan tables).
    pub objective: Option<String>,
    /// Réalisé, as typed.
    pub realise: Option<Realise>,
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
    /// The axe of its row (an `Axe` column, a section row above, the fiche's axe), to tell
    /// actions numbered per axe apart.
    pub axe: Option<String>,
}

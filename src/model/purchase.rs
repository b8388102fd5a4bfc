//! One purchase (*marché* or *lot*) of the recensement (§3), its derived considerations, and
//! its fields by §3 key as conditions compare them and the Recensement sheet writes them.

use super::SourceRow;
use super::code::Code;
use super::computation::{CONSIDERATION_ENV, CONSIDERATION_SOCIALE};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

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
    /// Actions SPASER ciblées.
    pub actions_ciblees: Vec<Code>,
    /// Date de lancement de la consultation (or of the notice sent), §11.
    pub date_lancement: Option<NaiveDate>,
    /// Marché de défense ou de sécurité (outside the §11 obligations).
    pub defense_securite: Option<bool>,
    /// Why an environmental consideration is impossible (§11 derogation).
    pub derogation_env: Option<String>,
    /// Why a social consideration is impossible (§11 derogation).
    pub derogation_sociale: Option<String>,
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
        self.notified() && self.date_notification.is_some_and(|d| d.year() == year)
    }

    /// Whether it was notified.
    pub fn notified(&self) -> bool {
        self.statut == STATUT_NOTIFIE
    }
}

/// The value of one field of a purchase, as conditions compare it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue<'a> {
    /// The cell was empty.
    Missing,
    /// Text (free text or a canonical enumeration value).
    Text(&'a str),
    /// A number.
    Number(Decimal),
    /// A date.
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// Fiche action codes.
    Codes(&'a [Code]),
}

/// The value of the field named by its §3 key (or a derived consideration).
pub fn field_value<'a>(purchase: &'a Purchase, key: &str) -> FieldValue<'a> {
    fn text(value: &Option<String>) -> FieldValue<'_> {
        value.as_deref().map_or(FieldValue::Missing, FieldValue::Text)
    }
    fn number(value: Option<Decimal>) -> FieldValue<'static> {
        value.map_or(FieldValue::Missing, FieldValue::Number)
    }
    fn boolean(value: Option<bool>) -> FieldValue<'static> {
        value.map_or(FieldValue::Missing, FieldValue::Bool)
    }
    match key {
        "reference" => FieldValue::Text(&purchase.reference),
        "service" => FieldValue::Text(&purchase.service),
        "objet" => FieldValue::Text(&purchase.objet),
        "nature" => FieldValue::Text(&purchase.nature),
        "procedure" => text(&purchase.procedure),
        "montant_ht" => FieldValue::Number(purchase.montant_ht),
        "annee_prevue" => number(purchase.annee_prevue.map(Decimal::from)),
        "date_notification" => purchase.date_notification.map_or(FieldValue::Missing, FieldValue::Date),
        "statut" => FieldValue::Text(&purchase.statut),
        "duree_mois" => number(purchase.duree_mois.map(Decimal::from)),
        "cpv" => text(&purchase.cpv),
        "clause_env" => boolean(purchase.clause_env),
        "critere_env" => boolean(purchase.critere_env),
        "clause_sociale" => boolean(purchase.clause_sociale),
        "critere_social" => boolean(purchase.critere_social),
        "marche_reserve" => boolean(purchase.marche_reserve),
        "heures_insertion" => number(purchase.heures_insertion),
        "titulaire" => text(&purchase.titulaire),
        "siret" => text(&purchase.siret),
        "categorie_titulaire" => text(&purchase.categorie_titulaire),
        "titulaire_ess" => boolean(purchase.titulaire_ess),
        "alloti" => boolean(purchase.alloti),
        "mutualise" => boolean(purchase.mutualise),
        "variante" => boolean(purchase.variante),
        "innovant" => boolean(purchase.innovant),
        "taux_avance" => number(purchase.taux_avance),
        "montant_reemploi" => number(purchase.montant_reemploi),
        "actions_ciblees" => FieldValue::Codes(&purchase.actions_ciblees),
        "date_lancement" => purchase.date_lancement.map_or(FieldValue::Missing, FieldValue::Date),
        "defense_securite" => boolean(purchase.defense_securite),
        "derogation_env" => text(&purchase.derogation_env),
        "derogation_sociale" => text(&purchase.derogation_sociale),
        "commentaire" => text(&purchase.commentaire),
        CONSIDERATION_ENV => FieldValue::Bool(purchase.consideration_env()),
        CONSIDERATION_SOCIALE => FieldValue::Bool(purchase.consideration_sociale()),
        _ => FieldValue::Missing,
    }
}

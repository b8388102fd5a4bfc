//! One purchase (*marché* or *lot*) of the recensement (§3), its derived considerations, and
//! its fields by §3 key as conditions compare them and the Recensement sheet writes them.

use super::SourceRow;
use super::code::Code;
use super::computation::{CONSIDERATION_ENV, CONSIDERATION_SOCIALE};
use crate::normalise::normalise_into;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

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
    /// Nature: Travaux, Fournitures, Services (shared: a sheet's purchases hold a few values).
    pub nature: Arc<str>,
    /// Type de contrat: `None` for a marché (the default), `Concession` for a contrat de
    /// concession (concession de service or de travaux, délégation de service public).
    pub type_contrat: Option<Arc<str>>,
    /// Procédure.
    pub procedure: Option<Arc<str>>,
    /// Montant HT in euros; `None` when the row leaves it empty (an accord-cadre without a
    /// maximum): the purchase counts in number, not in amount.
    pub montant_ht: Option<Decimal>,
    /// Année prévue.
    pub annee_prevue: Option<i32>,
    /// Date de notification.
    pub date_notification: Option<NaiveDate>,
    /// Statut (Programmé, En cours, Notifié, Infructueux, Sans suite).
    pub statut: Arc<str>,
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
    pub categorie_titulaire: Option<Arc<str>>,
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
    /// Montant réemploi ou réutilisation HT (loi AGEC art. 58).
    pub montant_reemploi: Option<Decimal>,
    /// Catégorie de produits of the loi AGEC art. 58 declaration (one of the 17 labels).
    pub categorie_agec: Option<Arc<str>>,
    /// Montant HT of products acquired by donation (within the réemploi).
    pub montant_don: Option<Decimal>,
    /// Montant HT of products made with recycled materials.
    pub montant_recycle: Option<Decimal>,
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
    /// The hash of what makes it unique, once computed (see [`Purchase::identity_hash`]).
    pub identity: IdentityHash,
}

/// The `Type de contrat` of a contrat de concession.
pub const TYPE_CONCESSION: &str = "Concession";
/// The `Type de contrat` of a marché (the default).
pub const TYPE_MARCHE: &str = "Marché";

impl Purchase {
    /// Whether it is a contrat de concession rather than a marché (§3, §10): counted apart.
    pub fn is_concession(&self) -> bool {
        self.type_contrat.as_deref() == Some(TYPE_CONCESSION)
    }

    /// Whether a loi AGEC part (réemploi, don, recyclé) above zero is given (§10).
    pub fn has_agec_part(&self) -> bool {
        [self.montant_reemploi, self.montant_don, self.montant_recycle]
            .iter()
            .any(|part| part.is_some_and(|p| p > Decimal::ZERO))
    }

    /// Goods, whose loi AGEC parts are declared by product category.
    pub fn is_agec_goods(&self) -> bool {
        &*self.nature == "Fournitures"
    }
}

/// [`Purchase::identity_hash`] kept once computed. Two purchases compare equal whether or not
/// theirs was computed.
#[derive(Debug, Clone, Default)]
pub struct IdentityHash(OnceLock<u64>);

impl PartialEq for IdentityHash {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Purchase {
    /// The hash of what makes a purchase unique — its service, reference and year, compared
    /// normalised — computed on first use and kept: a file's reader asks for it while the
    /// purchase is fresh in memory, the cross-file duplicate check then reads only the hash.
    pub fn identity_hash(&self) -> u64 {
        *self.identity.0.get_or_init(|| {
            let mut key = String::with_capacity(self.service.len() + self.reference.len() + 1);
            normalise_into(&self.service, &mut key);
            key.push('\0');
            normalise_into(&self.reference, &mut key);
            let mut hasher = DefaultHasher::new();
            (key.as_str(), self.year()).hash(&mut hasher);
            hasher.finish()
        })
    }

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

    /// Whether it was notified.
    pub fn notified(&self) -> bool {
        *self.statut == *STATUT_NOTIFIE
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

/// Reads one field of a purchase (see [`accessor`]).
pub type Accessor = for<'a> fn(&'a Purchase) -> FieldValue<'a>;

/// The reader of the field named by its §3 key (or a derived consideration): found once for a
/// whole population rather than by name for every purchase.
pub fn accessor(key: &str) -> Accessor {
    fn text<T: std::ops::Deref<Target = str>>(value: &Option<T>) -> FieldValue<'_> {
        value.as_deref().map_or(FieldValue::Missing, FieldValue::Text)
    }
    fn number(value: Option<Decimal>) -> FieldValue<'static> {
        value.map_or(FieldValue::Missing, FieldValue::Number)
    }
    fn boolean(value: Option<bool>) -> FieldValue<'static> {
        value.map_or(FieldValue::Missing, FieldValue::Bool)
    }
    match key {
        "reference" => |p| FieldValue::Text(&p.reference),
        "service" => |p| FieldValue::Text(&p.service),
        "objet" => |p| FieldValue::Text(&p.objet),
        "nature" => |p| FieldValue::Text(&p.nature),
        "type_contrat" => |p| FieldValue::Text(p.type_contrat.as_deref().unwrap_or(TYPE_MARCHE)),
        "procedure" => |p| text(&p.procedure),
        "montant_ht" => |p| p.montant_ht.map_or(FieldValue::Missing, FieldValue::Number),
        "annee_prevue" => |p| number(p.annee_prevue.map(Decimal::from)),
        "date_notification" => |p| p.date_notification.map_or(FieldValue::Missing, FieldValue::Date),
        "statut" => |p| FieldValue::Text(&p.statut),
        "duree_mois" => |p| number(p.duree_mois.map(Decimal::from)),
        "cpv" => |p| text(&p.cpv),
        "clause_env" => |p| boolean(p.clause_env),
        "critere_env" => |p| boolean(p.critere_env),
        "clause_sociale" => |p| boolean(p.clause_sociale),
        "critere_social" => |p| boolean(p.critere_social),
        "marche_reserve" => |p| boolean(p.marche_reserve),
        "heures_insertion" => |p| number(p.heures_insertion),
        "titulaire" => |p| text(&p.titulaire),
        "siret" => |p| text(&p.siret),
        "categorie_titulaire" => |p| text(&p.categorie_titulaire),
        "titulaire_ess" => |p| boolean(p.titulaire_ess),
        "alloti" => |p| boolean(p.alloti),
        "mutualise" => |p| boolean(p.mutualise),
        "variante" => |p| boolean(p.variante),
        "innovant" => |p| boolean(p.innovant),
        "taux_avance" => |p| number(p.taux_avance),
        "montant_reemploi" => |p| number(p.montant_reemploi),
        "categorie_agec" => |p| text(&p.categorie_agec),
        "montant_don" => |p| number(p.montant_don),
        "montant_recycle" => |p| number(p.montant_recycle),
        "actions_ciblees" => |p| FieldValue::Codes(&p.actions_ciblees),
        "date_lancement" => |p| p.date_lancement.map_or(FieldValue::Missing, FieldValue::Date),
        "defense_securite" => |p| boolean(p.defense_securite),
        "derogation_env" => |p| text(&p.derogation_env),
        "derogation_sociale" => |p| text(&p.derogation_sociale),
        "commentaire" => |p| text(&p.commentaire),
        CONSIDERATION_ENV => |p| FieldValue::Bool(p.consideration_env()),
        CONSIDERATION_SOCIALE => |p| FieldValue::Bool(p.consideration_sociale()),
        _ => |_| FieldValue::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purchase(service: &str, reference: &str, year: i32) -> Purchase {
        Purchase {
            service: service.into(),
            reference: reference.into(),
            annee_prevue: Some(year),
            ..Purchase::default()
        }
    }

    #[test]
    fn the_identity_hash_goes_by_service_reference_and_year_compared_normalised() {
        let typed = purchase("Direction Voirie", "2024-012", 2024);
        assert_eq!(
            typed.identity_hash(),
            purchase("direction  voirie", "2024 012", 2024).identity_hash()
        );
        assert_ne!(
            typed.identity_hash(),
            purchase("Direction Voirie", "2024-013", 2024).identity_hash()
        );
        assert_ne!(
            typed.identity_hash(),
            purchase("Direction Voirie", "2024-012", 2025).identity_hash()
        );
        assert_ne!(
            typed.identity_hash(),
            purchase("Direction Voiri", "e2024-012", 2024).identity_hash()
        );
    }

    #[test]
    fn a_purchase_whose_identity_hash_was_computed_equals_the_same_purchase_without() {
        let computed = purchase("Voirie", "V-1", 2024);
        computed.identity_hash();
        assert_eq!(computed, purchase("Voirie", "V-1", 2024));
    }
}

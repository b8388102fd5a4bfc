//! The DECP format (données essentielles de la commande publique, schema v2, §10) as data: the
//! field each §3 key is read from, and the enumeration values spaser gives a meaning to.

/// §3 key → DECP field (a dotted path inside a contract), read in this order.
pub const FIELDS: [(&str, &str); 17] = [
    ("reference", "id"),
    ("service", "acheteur.id"),
    ("objet", "objet"),
    ("nature", "ccag"),
    ("procedure", "procedure"),
    ("montant_ht", "montant"),
    ("date_notification", "dateNotification"),
    ("duree_mois", "dureeMois"),
    ("cpv", "codeCPV"),
    ("innovant", "marcheInnovant"),
    ("taux_avance", "tauxAvance"),
    ("siret", "titulaires[0].titulaire.id"),
    ("clause_env", "considerationsEnvironnementales"),
    ("critere_env", "considerationsEnvironnementales"),
    ("clause_sociale", "considerationsSociales"),
    ("critere_social", "considerationsSociales"),
    ("marche_reserve", "considerationsSociales"),
];
/// §3 key → field of a contrat de concession (`contrat-concession`), where it differs from a
/// marché's: the concession's authority, global value, signature date and concessionnaires.
pub const CONCESSION_FIELDS: [(&str, &str); 5] = [
    ("service", "autoriteConcedante.id"),
    ("nature", "nature"),
    ("montant_ht", "valeurGlobale"),
    ("date_notification", "dateSignature"),
    ("siret", "concessionnaires[0].concessionnaire.id"),
];
/// The §3 keys a contrat de concession does not have (no CPV, no innovation flag, no advance).
pub const NOT_IN_CONCESSIONS: [&str; 3] = ["cpv", "innovant", "taux_avance"];
/// The schema's `nature` values of a contrat de concession, with the nature each gives.
pub const CONCESSION_NATURES: [(&str, &str); 4] = [
    ("Concession de travaux", "Travaux"),
    ("Concession de service", "Services"),
    ("Concession de service public", "Services"),
    ("Délégation de service public", "Services"),
];
/// The environmental considerations: value → §3 key (`None`: « none »).
pub const ENVIRONMENTAL: [(&str, Option<&str>); 3] = [
    ("Clause environnementale", Some("clause_env")),
    ("Critère environnemental", Some("critere_env")),
    ("Pas de considération environnementale", None),
];
/// The social considerations: value → §3 key (`None`: « none »).
pub const SOCIAL: [(&str, Option<&str>); 5] = [
    ("Clause sociale", Some("clause_sociale")),
    ("Critère social", Some("critere_social")),
    ("Marché réservé", Some("marche_reserve")),
    ("Concession réservée", Some("marche_reserve")),
    ("Pas de considération sociale", None),
];
/// What real files write for « Pas de considération … » (§10).
pub const NONE_SPELLINGS: [&str; 3] = ["Sans objet", "Aucune", "Non"];
/// The `ccag` that makes a contract works whatever its CPV code.
pub const CCAG_TRAVAUX: &str = "Travaux";
/// The schema's `ccag` values.
pub const CCAG: [&str; 7] = [
    "Travaux",
    "Maitrise d'œuvre",
    "Fournitures courantes et services",
    "Marchés industriels",
    "Prestations intellectuelles",
    "Techniques de l'information et de la communication",
    "Pas de CCAG",
];
/// The `ccag` values that say services when the CPV code is missing.
pub const CCAG_SERVICES: [&str; 3] = [
    "Maitrise d'œuvre",
    "Prestations intellectuelles",
    "Techniques de l'information et de la communication",
];
/// The CPV divisions (two first digits) of supplies; 45 is works, any other services.
pub const CPV_SUPPLIES: (u8, u8, u8) = (3, 44, 48);
/// The CPV division of works.
pub const CPV_WORKS: u8 = 45;
/// The `nature` of a defence or security contract (outside the §11 obligations).
pub const NATURE_DEFENSE: &str = "Marché de défense ou de sécurité";
/// The schema's `nature` values for a marché.
pub const NATURES: [&str; 3] = ["Marché", "Marché de partenariat", NATURE_DEFENSE];
/// `dureeMois` values that say « not given ».
pub const NOT_GIVEN: [&str; 4] = ["NC", "N/C", "ND", "nan"];

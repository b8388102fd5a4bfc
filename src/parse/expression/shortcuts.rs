//! The shortcuts and general forms of `Calcul` (§4.1), as data: the parser expands them, the
//! Notice and the template's input messages list them.

/// A shortcut of `Calcul`: its name, what it stands for, and its meaning in French.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    /// The name typed in `Calcul`.
    pub name: &'static str,
    /// The `Calcul` it stands for.
    pub calcul: &'static str,
    /// The conditions it adds to `Filtre` (empty for none).
    pub filtre: &'static str,
    /// What it computes, for the Notice.
    pub meaning: &'static str,
}

/// Every shortcut of §4.1, in the order the Notice lists them.
pub const SHORTCUTS: [Shortcut; 10] = [
    Shortcut {
        name: "part_env",
        calcul: "part:consideration_env = oui",
        filtre: "",
        meaning: "Part (%) des marchés notifiés avec au moins une considération environnementale (clause ou critère).",
    },
    Shortcut {
        name: "part_sociale",
        calcul: "part:consideration_sociale = oui",
        filtre: "",
        meaning: "Part (%) des marchés notifiés avec au moins une considération sociale (clause, critère ou marché réservé).",
    },
    Shortcut {
        name: "nb_reserves",
        calcul: "nombre",
        filtre: "marche_reserve = oui",
        meaning: "Nombre de marchés réservés (SIAE, EA, ESAT, ESS) notifiés.",
    },
    Shortcut {
        name: "heures_insertion",
        calcul: "somme:heures_insertion",
        filtre: "",
        meaning: "Somme des heures d'insertion des marchés notifiés.",
    },
    Shortcut {
        name: "part_tpe_pme",
        calcul: "part:categorie_titulaire = TPE, PME",
        filtre: "",
        meaning: "Part (%) des marchés notifiés attribués à une TPE ou une PME.",
    },
    Shortcut {
        name: "part_allotis",
        calcul: "part:alloti = oui",
        filtre: "",
        meaning: "Part (%) des marchés notifiés allotis.",
    },
    Shortcut {
        name: "nb_mutualises",
        calcul: "nombre",
        filtre: "mutualise = oui",
        meaning: "Nombre de marchés mutualisés notifiés (groupement de commandes, centrale d'achat).",
    },
    Shortcut {
        name: "nb_innovants",
        calcul: "nombre",
        filtre: "innovant = oui",
        meaning: "Nombre de marchés innovants notifiés.",
    },
    Shortcut {
        name: "heures_insertion_realisees",
        calcul: FACILITATOR,
        filtre: "",
        meaning: "Heures d'insertion réalisées dans l'année selon le suivi du facilitateur des clauses sociales (toutes les lignes de l'année, quelle que soit l'année de notification du marché ; un Filtre porte sur le marché suivi).",
    },
    Shortcut {
        name: "participants_insertion",
        calcul: FACILITATOR,
        filtre: "",
        meaning: "Personnes ayant travaillé ces heures dans l'année, selon le suivi du facilitateur des clauses sociales.",
    },
];

/// The `calcul` of the shortcuts that read the facilitator's follow-up rather than the
/// recensement: no form stands for them.
pub const FACILITATOR: &str = "suivi du facilitateur";

/// The general forms of `Calcul`, as the Notice and suggestions show them.
pub const FORMS: [(&str, &str); 5] = [
    ("nombre", "Nombre de marchés notifiés dans l'année (après Filtre)."),
    ("montant", "Somme des montants HT des marchés notifiés."),
    (
        "somme:<champ>",
        "Somme d'un champ numérique, ex. somme:heures_insertion.",
    ),
    (
        "part:<condition>",
        "Part (%) des marchés qui remplissent la condition, ex. part:alloti = oui.",
    ),
    (
        "part_montant:<condition>",
        "Part (%) du montant HT des marchés qui remplissent la condition.",
    ),
];

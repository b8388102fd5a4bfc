//! The water service's DECP export (§10): it keeps no recensement workbook, its profil
//! d'acheteur exports the données essentielles. Six marchés over 2023–2024, one délégation de
//! service public (a concession, counted apart), one marché co-led with the voirie and listed in
//! its workbook too (counted once), and « Sans objet » where the format says « Pas de
//! considération sociale » (a deviation real exports show).

use serde_json::{Value, json};
use std::path::Path;

/// The water service's buyer id (`acheteur.id`), named in `spaser.toml`.
pub const BUYER: &str = "20005478100014";

#[allow(clippy::too_many_arguments)]
fn marche(
    id: &str,
    objet: &str,
    ccag: &str,
    cpv: &str,
    amount: f64,
    notified: &str,
    social: &[&str],
    environmental: &[&str],
) -> Value {
    json!({
        "id": id,
        "acheteur": { "id": BUYER },
        "nature": "Marché",
        "objet": objet,
        "codeCPV": cpv,
        "procedure": if amount >= 221_000.0 { "Appel d'offres ouvert" } else { "Procédure adaptée" },
        "lieuExecution": { "code": "95000", "typeCode": "Code postal" },
        "dureeMois": 36,
        "dateNotification": notified,
        "datePublicationDonnees": notified,
        "montant": amount,
        "formePrix": "Unitaire",
        "offresRecues": 3,
        "ccag": ccag,
        "marcheInnovant": false,
        "tauxAvance": 0.05,
        "titulaires": [ { "titulaire": { "typeIdentifiant": "SIRET", "id": "55204599900869" } } ],
        "considerationsSociales": { "considerationSociale": social },
        "considerationsEnvironnementales": { "considerationEnvironnementale": environmental },
        "modifications": []
    })
}

/// Writes `eau/decp_eau_assainissement.json`; `shared` is a voirie reference of 2024 that the
/// export lists too.
pub fn write_decp(dir: &Path, shared: &str) -> std::io::Result<()> {
    const NO_SOCIAL: &[&str] = &["Pas de considération sociale"];
    const NO_ENV: &[&str] = &["Pas de considération environnementale"];
    let marches = vec![
        marche(
            "2023-EAU-01",
            "Renouvellement de canalisations d'eau potable, secteur nord",
            "Travaux",
            "45232150-8",
            1_840_000.0,
            "2023-04-12",
            &["Clause sociale"],
            &["Clause environnementale"],
        ),
        marche(
            "2023-EAU-02",
            "Fourniture de compteurs d'eau à télérelève",
            "Fournitures courantes et services",
            "38421100-3",
            268_500.0,
            "2023-09-05",
            NO_SOCIAL,
            &["Critère environnemental"],
        ),
        marche(
            "2024-EAU-01",
            "Réhabilitation de la station d'épuration des Prés",
            "Travaux",
            "45252100-9",
            3_615_000.0,
            "2024-02-20",
            &["Clause sociale", "Critère social"],
            &["Clause environnementale", "Critère environnemental"],
        ),
        marche(
            "2024-EAU-02",
            "Analyses de la qualité de l'eau",
            "Fournitures courantes et services",
            "71900000-7",
            96_000.0,
            "2024-05-14",
            &["Sans objet"],
            NO_ENV,
        ),
        marche(
            "2024-EAU-03",
            "Curage des réseaux d'assainissement",
            "Fournitures courantes et services",
            "90470000-2",
            412_000.0,
            "2024-10-01",
            &["Marché réservé"],
            &["Clause environnementale"],
        ),
        marche(
            shared,
            "Reprise de chaussée après travaux de réseaux (marché conduit avec la voirie)",
            "Travaux",
            "45233140-2",
            150_000.0,
            "2024-03-15",
            NO_SOCIAL,
            NO_ENV,
        ),
    ];
    let concession = json!({
        "id": "2024-EAU-DSP",
        "autoriteConcedante": { "id": BUYER },
        "nature": "Délégation de service public",
        "objet": "Exploitation du service public de l'assainissement collectif",
        "procedure": "Procédure négociée ouverte",
        "dureeMois": 144,
        "dateSignature": "2024-06-28",
        "datePublicationDonnees": "2024-07-10",
        "dateDebutExecution": "2025-01-01",
        "valeurGlobale": 48_000_000.0,
        "montantSubventionPublique": 0,
        "concessionnaires": [ { "concessionnaire": { "typeIdentifiant": "SIRET", "id": "55204599900869" } } ]
    });
    let decp = json!({ "marches": { "marche": marches, "contrat-concession": [concession] } });
    std::fs::create_dir_all(dir.join("eau"))?;
    let text = serde_json::to_string_pretty(&decp).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("eau").join("decp_eau_assainissement.json"), text)
}

//! A synthetic DECP file (§10) for the bench: `contracts` marchés in the nested JSON form, with
//! the fields real exports carry (modifications, titulaires, considerations).

use crate::corpus::Lcg;
use std::io::Write;
use std::path::Path;

/// Writes the file.
pub fn generate(path: &Path, contracts: usize, year: i32) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut draw = Lcg::new(2024);
    write!(out, r#"{{"marches": {{"marche": ["#)?;
    for i in 0..contracts {
        let (ccag, cpv) = draw.pick(&[
            ("Travaux", "45233140-2"),
            ("Fournitures courantes et services", "30192000-1"),
            ("Fournitures courantes et services", "90910000-9"),
            ("Prestations intellectuelles", "71000000-8"),
        ]);
        let social = draw.pick(&[
            r#"["Clause sociale"]"#,
            r#"["Pas de considération sociale"]"#,
            r#"["Critère social", "Marché réservé"]"#,
        ]);
        let environmental = draw.pick(&[
            r#"["Clause environnementale", "Critère environnemental"]"#,
            r#"["Pas de considération environnementale"]"#,
        ]);
        let innovant = draw.chance(10);
        let amount = 40_000 + draw.below(5_000_000);
        let cents = draw.below(100);
        let month = 1 + i % 12;
        let day = 1 + i % 28;
        if i > 0 {
            out.write_all(b",")?;
        }
        write!(
            out,
            r#"{{"id": "{year}-{i:07}", "acheteur": {{"id": "21750001630066"}}, "nature": "Marché",
"objet": "Marché de l'année {year}, lot {i}", "codeCPV": "{cpv}", "procedure": "Procédure adaptée",
"dureeMois": 12, "dateNotification": "{year}-{month:02}-{day:02}", "datePublicationDonnees": "{year}-12-01",
"montant": {amount}.{cents:02}, "marcheInnovant": {innovant}, "ccag": "{ccag}", "offresRecues": 3, "formePrix": "Forfaitaire",
"titulaires": [{{"titulaire": {{"typeIdentifiant": "SIRET", "id": "55204599900869"}}}}],
"considerationsSociales": {{"considerationSociale": {social}}},
"considerationsEnvironnementales": {{"considerationEnvironnementale": {environmental}}},
"modifications": [{{"modification": {{"id": 1, "montant": 1000, "dureeMois": 2,
"dateNotificationModification": "{year}-12-01", "datePublicationDonneesModification": "{year}-12-02"}}}}]}}"#
        )?;
    }
    write!(out, "]}}}}")?;
    out.flush()
}

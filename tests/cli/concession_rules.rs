//! SPEC §3, §10, §11, concessions: contrats de concession read from DECP (`contrat-concession`:
//! autorité concédante, date de signature, valeur globale, concessionnaires) and from a
//! `Type de contrat` column; counted apart from the marchés (a Concessions block in the
//! Synthèse, a column in Recensement), the PNAD and L.2111-3 shares on marchés unless a
//! `Filtre` names `type_contrat`; the loi Climat environmental checks run on them, the
//! social-clause one does not — on a DECP export and a workbook written by Python's json and
//! openpyxl (`tests/fixtures/gen/gen_concessions.py`).

use super::support::*;
use rust_decimal::Decimal;
use spaser::model::Purchase;
use std::str::FromStr;

fn share() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    for name in ["concessions-decp.json", "concessions-recensement.xlsx"] {
        std::fs::copy(shared_fixtures().join(name), dir.path().join(name)).expect("copy");
    }
    dir
}

fn purchases(dir: &std::path::Path) -> Vec<Purchase> {
    load(&[dir.to_path_buf()], dir)
        .purchases
        .iter()
        .map(|p| (**p).clone())
        .collect()
}

fn by_reference<'a>(purchases: &'a [Purchase], reference: &str) -> &'a Purchase {
    purchases
        .iter()
        .find(|p| p.reference == reference)
        .unwrap_or_else(|| panic!("no {reference}"))
}

fn amount(text: &str) -> Decimal {
    Decimal::from_str(text).expect("decimal")
}

#[test]
fn decp_contrats_de_concession_are_read_with_their_authority_signature_date_global_value_and_concessionnaire() {
    let dir = share();
    let read = purchases(dir.path());
    let dsp = by_reference(&read, "2026DSP-EAU-01");
    assert!(dsp.is_concession());
    assert_eq!(dsp.service, "20000000000018", "autoriteConcedante.id → service");
    assert_eq!(
        dsp.date_notification.map(|d| d.to_string()),
        Some("2026-10-01".into()),
        "dateSignature"
    );
    assert_eq!(dsp.montant_ht, Some(amount("48000000")), "valeurGlobale → montant_ht");
    assert_eq!(dsp.siret.as_deref(), Some("38103128500491"), "first concessionnaire");
    assert_eq!(&*dsp.nature, "Services", "a délégation de service public is services");
    assert_eq!(dsp.procedure.as_deref(), Some("Procédure négociée ouverte"));
    assert_eq!((dsp.clause_env, dsp.critere_env), (Some(true), Some(false)));
    let reserved = by_reference(&read, "2025CONC-INS-02");
    assert_eq!(
        reserved.marche_reserve,
        Some(true),
        "« Concession réservée » is a social consideration"
    );
    assert!(reserved.consideration_sociale());
    assert!(
        !by_reference(&read, "2026-EAU-003").is_concession(),
        "the marché stays a marché"
    );
}

#[test]
fn a_type_de_contrat_column_reads_concession_dsp_and_concession_de_travaux_as_concessions_empty_as_marche() {
    let dir = share();
    let read = purchases(dir.path());
    let kinds: Vec<(&str, bool)> = ["2026-VOI-001", "2026-VOI-002", "2026-PARK-01", "2026-PISC-01"]
        .iter()
        .map(|r| (*r, by_reference(&read, r).is_concession()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2026-VOI-001", false),
            ("2026-VOI-002", false),
            ("2026-PARK-01", true),
            ("2026-PISC-01", true)
        ]
    );
}

#[test]
fn pnad_and_l2111_3_shares_stay_on_marches_and_the_synthese_counts_the_concessions_apart() {
    let dir = share();
    let (code, text) = bilan(dir.path(), &[".", "--year", "2026", "-o", "bilan.xlsx"]);
    assert!(code == 0 || code == 1, "{text}");
    let mut book = Book::open(&dir.path().join("bilan.xlsx"));
    let synthese = book.sheet("Synthèse");
    // Marchés of 2026: 2026-EAU-003 (env), 2026-VOI-001 (env), 2026-VOI-002 (none).
    let notified = synthese.row_labelled("Nombre de marchés notifiés");
    assert_eq!(num(&notified[2]), 3.0, "{notified:?}");
    let marches = synthese.row_labelled("Marchés notifiés (montant HT)");
    assert_eq!(num(&marches[1]), 1_200_000.0, "{marches:?}");
    // Concessions signed in 2026: the DSP de l'eau, the parking, the piscine; 2025: one.
    let count = synthese.row_labelled("Contrats de concession signés (nombre)");
    assert_eq!((num(&count[1]), num(&count[2])), (3.0, 1.0), "{count:?}");
    let value = synthese.row_labelled("Valeur globale HT");
    assert_eq!(num(&value[1]), 66_000_000.0, "{value:?}");
    let reserved = synthese.row_labelled("Concessions réservées, en nombre");
    assert_eq!(
        num(&reserved[2]),
        1.0,
        "2025: the one concession is reserved: {reserved:?}"
    );
    let recensement = book.sheet("Recensement");
    assert_eq!(
        recensement.record("Référence", "2026-PISC-01")["Type de contrat"],
        "Concession"
    );
    assert_eq!(
        recensement.record("Référence", "2026-VOI-002")["Type de contrat"],
        "Marché"
    );
}

#[test]
fn an_indicator_whose_filtre_names_type_contrat_concession_is_computed_on_the_concessions() {
    let dir = share();
    write_book(
        &dir.path().join("referentiel.xlsx"),
        &[
            one_action("FA 2", "Verdir les délégations de service public"),
            computed_indicators(
                "Cible 2026",
                &[
                    (
                        "I2.1",
                        "FA 2",
                        "Concessions avec une considération environnementale",
                        "%",
                        "part_env",
                        "type_contrat = concession",
                        100.0,
                    ),
                    (
                        "I2.2",
                        "FA 2",
                        "Marchés avec une considération environnementale",
                        "%",
                        "part_env",
                        "",
                        100.0,
                    ),
                ],
            ),
        ],
    );
    let (code, text) = bilan(dir.path(), &[".", "--year", "2026", "-o", "bilan.xlsx"]);
    assert!(code == 0 || code == 1, "{text}");
    let indicators = Book::open(&dir.path().join("bilan.xlsx")).sheet("Indicateurs");
    // Percentages are written as fractions of 1 with a % format. The three concessions of
    // 2026 all have an environmental clause.
    assert_eq!(num(&indicators.record("Code indicateur", "I2.1")["Réalisé 2026"]), 1.0);
    // Two marchés of three.
    let marches = num(&indicators.record("Code indicateur", "I2.2")["Réalisé 2026"]);
    assert!((marches - 2.0 / 3.0).abs() < 1e-9, "{marches}");
}

#[test]
fn loi_climat_checks_a_concession_environmental_condition_and_criterion_but_never_its_social_clause() {
    let dir = share();
    let (_, seen) = check(dir.path(), &["."]);
    let compliance: Vec<(&str, &str, &str)> = seen
        .iter()
        .filter(|d| d.code.starts_with("non-conforme"))
        .map(|d| (d.file.as_str(), d.cell.as_str(), d.code.as_str()))
        .collect();
    // The DSP de l'eau, signed 01/10/2026 for 48 M€ (far above the 5 404 000 € concession
    // threshold) with no social clause: only its missing environmental criterion is said. The
    // piscine (signed 04/11/2026, 6 M€, both environmental considerations) is compliant.
    assert_eq!(
        compliance,
        [(
            "concessions-decp.json",
            "marches.contrat-concession[0].considerationsEnvironnementales",
            "non-conforme-critere-env"
        )],
        "{seen:#?}"
    );
    let finding = seen
        .iter()
        .find(|d| d.code == "non-conforme-critere-env")
        .expect("finding");
    assert!(
        finding
            .message
            .starts_with("Concession « 2026DSP-EAU-01 » signée le 01/10/2026")
            && finding.message.contains("R.3124-4"),
        "{}",
        finding.message
    );

    let (code, text) = bilan(dir.path(), &[".", "--year", "2026", "-o", "bilan.xlsx"]);
    assert!(code == 0 || code == 1, "{text}");
    let conformite = Book::open(&dir.path().join("bilan.xlsx")).sheet("Conformité 2026");
    let dsp = conformite.record("Référence", "2026DSP-EAU-01");
    assert_eq!(dsp["Clause sociale (au-dessus du seuil)"], "sans objet (concession)");
    assert_eq!(dsp["Nature"], "Concession (Services)");
    assert_eq!(dsp["Conforme"], "Non");
    assert_eq!(conformite.record("Référence", "2026-PISC-01")["Conforme"], "Oui");
}

#[test]
fn an_xml_decp_contrat_concession_is_read_as_a_concession_and_its_missing_value_said_by_its_field() {
    let dir = tempfile::tempdir().expect("tmp");
    let xml = "<marches>\
        <contrat-concession><id>DSP-1</id><autoriteConcedante><id>20000000000018</id></autoriteConcedante>\
        <nature>Concession de travaux</nature><objet>Parc de stationnement</objet>\
        <dateSignature>2024-05-02</dateSignature><valeurGlobale>7500000</valeurGlobale>\
        <considerationsSociales><considerationSociale>Concession réservée</considerationSociale></considerationsSociales>\
        </contrat-concession>\
        <contrat-concession><id>DSP-2</id><autoriteConcedante><id>20000000000018</id></autoriteConcedante>\
        <nature>Délégation de service public</nature><objet>Piscine</objet>\
        <dateSignature>2024-06-02</dateSignature></contrat-concession>\
        </marches>";
    std::fs::write(dir.path().join("decp.xml"), xml).expect("write");
    let read = purchases(dir.path());
    assert_eq!(read.len(), 1, "DSP-2 has no valeurGlobale: left out");
    let dsp = &read[0];
    assert!(dsp.is_concession());
    assert_eq!((&*dsp.nature, dsp.montant_ht), ("Travaux", Some(amount("7500000"))));
    assert_eq!(dsp.marche_reserve, Some(true));
    let (_, seen) = check(dir.path(), &["."]);
    let missing = seen
        .iter()
        .find(|d| d.code == "valeur-obligatoire-manquante")
        .expect("the missing value is said");
    assert_eq!(missing.cell, "marches.contrat-concession[1].valeurGlobale");
    assert!(missing.message.contains("valeur globale"), "{}", missing.message);
}

#[test]
fn a_concession_typed_in_the_nature_column_is_a_concession_of_services_or_of_works_never_an_error() {
    let dir = tempfile::tempdir().expect("tmp");
    write_book(
        &dir.path().join("recensement.xlsx"),
        &[SheetSpec::new(
            "Marchés",
            vec![
                recensement_header(&[]),
                vec![
                    C::T("2024-EAU-DSP"),
                    C::T("Délégation du service de l'eau"),
                    C::T("DSP"),
                    C::N(9_000_000.0),
                    C::D(2024, 3, 1),
                ],
                vec![
                    C::T("2024-PARK"),
                    C::T("Parc de stationnement"),
                    C::T("Concession de travaux"),
                    C::N(7_000_000.0),
                    C::D(2024, 4, 1),
                ],
                vec![
                    C::T("2024-VOI-001"),
                    C::T("Réfection de chaussée"),
                    C::T("Travaux"),
                    C::N(800_000.0),
                    C::D(2024, 5, 1),
                ],
            ],
        )],
    );
    let read = purchases(dir.path());
    let kinds: Vec<(&str, &str, bool)> = read
        .iter()
        .map(|p| (p.reference.as_str(), &*p.nature, p.is_concession()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2024-EAU-DSP", "Services", true),
            ("2024-PARK", "Travaux", true),
            ("2024-VOI-001", "Travaux", false)
        ]
    );
    let (code, seen) = check(dir.path(), &["."]);
    assert_eq!(code, 0, "{seen:#?}");
}

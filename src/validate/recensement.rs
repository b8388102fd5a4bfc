//! Recensement rows into purchases (§3): defaults (service, statut), the notification date
//! required for a notified purchase, and the row-level coherence warnings (hours without a
//! clause, reuse above the amount).

use super::rows::{Row, Sheet, non_blank};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::compliance::{self, Check, Thresholds};
use crate::model::{Purchase, STATUT_NOTIFIE, STATUT_PROGRAMME, SourceRow};
use crate::parse::number::format_french;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::Arc;

/// Builds the purchases of a recensement sheet. `default_service` is the service named in
/// `spaser.toml` for the file, else the file name.
pub fn purchases(
    sheet: &Sheet<'_>,
    rows: &[Row],
    default_service: &str,
    thresholds: &Thresholds,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Purchase> {
    // The file and sheet every purchase of the sheet points to, shared.
    let origin: Origin = (sheet.location.file.as_path().into(), sheet.grid.name.as_str().into());
    rows.iter()
        .filter(|row| !row.excluded)
        .filter_map(|row| {
            let purchase = purchase(sheet, row, &origin, default_service, diagnostics)?;
            let cell = |key: &str| match row.col(key) {
                Some(col) => sheet.location.at_cell(row.row, col),
                None => sheet.location.at_row(row.row),
            };
            compliance_findings(&purchase, thresholds, &cell, diagnostics);
            Some(purchase)
        })
        .collect()
}

/// §11: each obligation a contract in scope misses is a warning on its row; a justified one an
/// `info` « dérogation motivée ».
pub(crate) fn compliance_findings(
    purchase: &Purchase,
    thresholds: &Thresholds,
    cell: &dyn Fn(&str) -> crate::diagnostic::Location,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(compliance) = compliance::assess(purchase, thresholds) else {
        return;
    };
    let since = if compliance.launch_unknown {
        format!(
            "notifié le {} (date de lancement inconnue)",
            compliance.reference_date.format("%d/%m/%Y")
        )
    } else {
        format!("lancé le {}", compliance.reference_date.format("%d/%m/%Y"))
    };
    let threshold = compliance.threshold.map(format_french).unwrap_or_default();
    let checks = [
        (
            &compliance.clause_env,
            "clause_env",
            Code::NonCompliantClauseEnv,
            "sans condition d'exécution environnementale (art. L.2112-2, loi Climat et résilience)".to_string(),
            "derogation_env",
        ),
        (
            &compliance.critere_env,
            "critere_env",
            Code::NonCompliantCritereEnv,
            "sans critère d'attribution environnemental (art. L.2152-7, loi Climat et résilience)".to_string(),
            "derogation_env",
        ),
        (
            &compliance.clause_sociale,
            "clause_sociale",
            Code::NonCompliantClauseSociale,
            format!(
                "de {} € HT, au-dessus du seuil européen de {threshold} € HT, sans condition d'exécution sociale (art. L.2112-2-1)",
                format_french(purchase.montant_ht)
            ),
            "derogation_sociale",
        ),
    ];
    for (check, key, code, what, derogation_key) in checks {
        match check {
            Check::Missing => diagnostics.push(
                Diagnostic::warning(
                    cell(key),
                    code,
                    format!("Marché « {} » {since}, {what}.", purchase.reference),
                )
                .suggest(format!(
                    "Prévoyez la considération, ou motivez l'impossibilité dans la colonne « {} ».",
                    if derogation_key == "derogation_env" {
                        "Dérogation environnementale"
                    } else {
                        "Dérogation sociale"
                    }
                )),
            ),
            Check::Derogation(justification) => diagnostics.push(Diagnostic::info(
                cell(derogation_key),
                Code::MotivatedDerogation,
                format!(
                    "Marché « {} » {since}, {what} : dérogation motivée (« {justification} »).",
                    purchase.reference
                ),
            )),
            Check::Met | Check::NotRequired => {}
        }
    }
}

/// A sheet's file and name, as purchases point to them.
type Origin = (Arc<Path>, Arc<str>);

fn purchase(
    sheet: &Sheet<'_>,
    row: &Row,
    origin: &Origin,
    default_service: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Purchase> {
    let cell = |key: &str| sheet.location.at_cell(row.row, row.col(key).unwrap_or(0));
    let date_notification = row.date("date_notification");
    let statut = row.text("statut").unwrap_or_else(|| {
        if date_notification.is_some() {
            STATUT_NOTIFIE.to_string()
        } else {
            STATUT_PROGRAMME.to_string()
        }
    });
    if statut == STATUT_NOTIFIE && date_notification.is_none() {
        let location = match row.col("date_notification") {
            Some(col) => sheet.location.at_cell(row.row, col),
            None => cell("statut"),
        };
        diagnostics.push(
            Diagnostic::error(
                location,
                Code::DateNotificationMissing,
                "Marché au statut Notifié sans date de notification lisible.",
            )
            .excluding_row()
            .suggest("Saisissez la date de notification (jj/mm/aaaa) ou corrigez le statut."),
        );
        return None;
    }
    let purchase = Purchase {
        source: Some(SourceRow {
            file: Arc::clone(&origin.0),
            sheet: Arc::clone(&origin.1),
            row: row.row,
            entry: None,
        }),
        reference: row.text("reference")?,
        service: non_blank(row.text("service")).unwrap_or_else(|| default_service.to_string()),
        objet: row.text("objet")?,
        nature: row.text("nature")?,
        procedure: row.text("procedure"),
        montant_ht: row.decimal("montant_ht")?,
        annee_prevue: row.year("annee_prevue"),
        date_notification,
        statut,
        duree_mois: row.integer("duree_mois"),
        cpv: row.text("cpv"),
        clause_env: row.boolean("clause_env"),
        critere_env: row.boolean("critere_env"),
        clause_sociale: row.boolean("clause_sociale"),
        critere_social: row.boolean("critere_social"),
        marche_reserve: row.boolean("marche_reserve"),
        heures_insertion: row.decimal("heures_insertion"),
        titulaire: non_blank(row.text("titulaire")),
        siret: row.text("siret"),
        categorie_titulaire: row.text("categorie_titulaire"),
        titulaire_ess: row.boolean("titulaire_ess"),
        alloti: row.boolean("alloti"),
        mutualise: row.boolean("mutualise"),
        variante: row.boolean("variante"),
        innovant: row.boolean("innovant"),
        taux_avance: row.decimal("taux_avance"),
        montant_reemploi: row.decimal("montant_reemploi"),
        actions_ciblees: row.codes("actions_ciblees"),
        date_lancement: row.date("date_lancement"),
        defense_securite: row.boolean("defense_securite"),
        derogation_env: non_blank(row.text("derogation_env")),
        derogation_sociale: non_blank(row.text("derogation_sociale")),
        commentaire: non_blank(row.text("commentaire")),
        extras: row.extras.clone(),
    };
    coherence_warnings(&purchase, &cell, diagnostics);
    Some(purchase)
}

fn coherence_warnings(
    purchase: &Purchase,
    cell: &dyn Fn(&str) -> crate::diagnostic::Location,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(hours) = purchase.heures_insertion
        && hours > Decimal::ZERO
        && purchase.clause_sociale != Some(true)
    {
        diagnostics.push(
            Diagnostic::warning(
                cell("heures_insertion"),
                Code::HoursWithoutClause,
                format!(
                    "{} heures d'insertion déclarées sans clause sociale d'insertion.",
                    format_french(hours)
                ),
            )
            .suggest("Cochez « Clause sociale d'insertion » à Oui, ou retirez les heures."),
        );
    }
    if let Some(reuse) = purchase.montant_reemploi
        && reuse > purchase.montant_ht
    {
        diagnostics.push(
            Diagnostic::warning(
                cell("montant_reemploi"),
                Code::ReuseAboveAmount,
                format!(
                    "Montant réemploi ou recyclé ({} €) supérieur au montant HT du marché ({} €).",
                    format_french(reuse),
                    format_french(purchase.montant_ht)
                ),
            )
            .suggest("Vérifiez les deux montants (même unité, HT)."),
        );
    }
}

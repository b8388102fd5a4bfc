//! Recensement rows into purchases (§3): defaults (service, statut), the notification date
//! required for a notified purchase, and the row-level coherence warnings (hours without a
//! clause, reuse above the amount).

use super::rows::{Row, Sheet, non_blank};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Purchase, STATUT_NOTIFIE, STATUT_PROGRAMME, SourceRow};
use crate::parse::number::format_french;
use rust_decimal::Decimal;

/// Builds the purchases of a recensement sheet. `default_service` is the service named in
/// `spaser.toml` for the file, else the file name.
pub fn purchases(
    sheet: &Sheet<'_>,
    rows: &[Row],
    default_service: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Purchase> {
    rows.iter()
        .filter(|row| !row.excluded)
        .filter_map(|row| purchase(sheet, row, default_service, diagnostics))
        .collect()
}

fn purchase(
    sheet: &Sheet<'_>,
    row: &Row,
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
            file: sheet.location.file.clone(),
            sheet: sheet.grid.name.clone(),
            row: row.row,
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

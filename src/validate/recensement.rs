//! Recensement rows into purchases (§3): defaults (service, statut), the notification date
//! required for a notified purchase, and the row-level coherence warnings (hours without a
//! clause, reuse above the amount).

use super::rows::{Row, Sheet, non_blank};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::compliance::{self, Check, Thresholds};
use crate::model::{Purchase, STATUT_NOTIFIE, STATUT_PROGRAMME, SourceRow};
use crate::parse::Value;
use crate::parse::number::format_french;
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

/// Builds the purchases of a recensement sheet, one row at a time. `default_service` is the
/// service named in `spaser.toml` for the file, else the file name.
pub struct PurchaseBuilder<'a> {
    /// The file and sheet every purchase of the sheet points to, shared.
    origin: Origin,
    default_service: &'a str,
    thresholds: &'a Thresholds,
    values: SheetValues,
}

/// The enumeration values (nature, statut…) a sheet's purchases share: one copy each for the
/// sheet, not one per purchase — and not the catalogue's own, whose counter every core would
/// then touch for every purchase.
#[derive(Default)]
struct SheetValues {
    /// The sheet's copy of each value met so far.
    copies: RefCell<Vec<Arc<str>>>,
}

impl SheetValues {
    /// A cell's value as a shared text (cleaned, never empty).
    fn shared(&self, value: &Value) -> Option<Arc<str>> {
        match value {
            Value::Enum(canonical) => Some(self.copy_of(canonical)),
            other => text(other).map(Arc::from),
        }
    }

    /// The sheet's copy of `value`, made on first use.
    fn copy_of(&self, value: &str) -> Arc<str> {
        let mut copies = self.copies.borrow_mut();
        if let Some(copy) = copies.iter().find(|copy| ***copy == *value) {
            return Arc::clone(copy);
        }
        let copy: Arc<str> = Arc::from(value);
        copies.push(Arc::clone(&copy));
        copy
    }
}

impl<'a> PurchaseBuilder<'a> {
    /// A builder for the rows of `sheet`.
    pub fn new(sheet: &Sheet<'_>, default_service: &'a str, thresholds: &'a Thresholds) -> Self {
        PurchaseBuilder {
            origin: (sheet.location.file.as_path().into(), sheet.grid.name.as_str().into()),
            default_service,
            thresholds,
            values: SheetValues::default(),
        }
    }

    /// The purchase of one row, `None` when the row is excluded or holds none.
    pub fn purchase(
        &self,
        sheet: &Sheet<'_>,
        mut row: Row,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Arc<Purchase>> {
        if row.excluded {
            return None;
        }
        let purchase = purchase(
            sheet,
            &mut row,
            &self.origin,
            self.default_service,
            &self.values,
            diagnostics,
        )?;
        let cell = |key: &str| match row.col(key) {
            Some(col) => sheet.location.at_cell(row.row, col),
            None => sheet.location.at_row(row.row),
        };
        compliance_findings(&purchase, self.thresholds, &cell, diagnostics);
        Some(Arc::new(purchase))
    }
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
    row: &mut Row,
    origin: &Origin,
    default_service: &str,
    values: &SheetValues,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Purchase> {
    let fields = std::mem::take(&mut row.fields);
    let row: &Row = row;
    let at = row.row;
    let col = |key: &str| row.col(key);
    let cell = |key: &str| sheet.location.at_cell(at, col(key).unwrap_or(0));
    let mut purchase = Purchase {
        source: Some(SourceRow {
            file: Arc::clone(&origin.0),
            sheet: Arc::clone(&origin.1),
            row: at,
            entry: None,
        }),
        ..Purchase::default()
    };
    // Each value is copied into its field, in one pass over the row. (Copied, not moved: the
    // purchase's texts then lie together in memory, which its later reads and its freeing
    // measurably prefer.)
    let mut montant_ht = None;
    let mut statut = None;
    for field in fields {
        match (field.key, field.value) {
            ("montant_ht", value) => montant_ht = value.decimal(),
            ("statut", value) => statut = values.shared(&value),
            // A row's codes are its own: moved, not copied.
            ("actions_ciblees", Value::Codes(codes)) => purchase.actions_ciblees = codes,
            (key, value) => assign(&mut purchase, key, &value, values),
        }
    }
    purchase.extras = row
        .extras
        .iter()
        .map(|(header, text)| (header.to_string(), text.clone()))
        .collect();
    if purchase.service.is_empty() {
        default_service.clone_into(&mut purchase.service);
    }
    purchase.statut = statut.unwrap_or_else(|| {
        values.copy_of(if purchase.date_notification.is_some() {
            STATUT_NOTIFIE
        } else {
            STATUT_PROGRAMME
        })
    });
    if *purchase.statut == *STATUT_NOTIFIE && purchase.date_notification.is_none() {
        let location = match col("date_notification") {
            Some(col) => sheet.location.at_cell(at, col),
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
    // Required: a row without them was excluded already; never a purchase without them.
    purchase.montant_ht = montant_ht?;
    if [&purchase.reference, &purchase.objet, &*purchase.nature]
        .iter()
        .any(|t| t.is_empty())
    {
        return None;
    }
    coherence_warnings(&purchase, &cell, diagnostics);
    Some(purchase)
}

/// Moves a cell's value into the purchase's field of that §3 key.
fn assign(purchase: &mut Purchase, key: &str, value: &Value, values: &SheetValues) {
    let p = purchase;
    match key {
        "reference" => p.reference = text(value).unwrap_or_default(),
        "service" => p.service = text(value).unwrap_or_default(),
        "objet" => p.objet = text(value).unwrap_or_default(),
        "nature" => p.nature = values.shared(value).unwrap_or_default(),
        "procedure" => p.procedure = values.shared(value),
        "annee_prevue" => p.annee_prevue = value.year(),
        "date_notification" => p.date_notification = value.date(),
        "duree_mois" => p.duree_mois = value.integer(),
        "cpv" => p.cpv = text(value),
        "clause_env" => p.clause_env = value.boolean(),
        "critere_env" => p.critere_env = value.boolean(),
        "clause_sociale" => p.clause_sociale = value.boolean(),
        "critere_social" => p.critere_social = value.boolean(),
        "marche_reserve" => p.marche_reserve = value.boolean(),
        "heures_insertion" => p.heures_insertion = value.decimal(),
        "titulaire" => p.titulaire = text(value),
        "siret" => p.siret = text(value),
        "categorie_titulaire" => p.categorie_titulaire = values.shared(value),
        "titulaire_ess" => p.titulaire_ess = value.boolean(),
        "alloti" => p.alloti = value.boolean(),
        "mutualise" => p.mutualise = value.boolean(),
        "variante" => p.variante = value.boolean(),
        "innovant" => p.innovant = value.boolean(),
        "taux_avance" => p.taux_avance = value.decimal(),
        "montant_reemploi" => p.montant_reemploi = value.decimal(),
        "actions_ciblees" => p.actions_ciblees = value.codes(),
        "date_lancement" => p.date_lancement = value.date(),
        "defense_securite" => p.defense_securite = value.boolean(),
        "derogation_env" => p.derogation_env = text(value),
        "derogation_sociale" => p.derogation_sociale = text(value),
        "commentaire" => p.commentaire = text(value),
        _ => {}
    }
}

/// A text value (cleaned, never empty), as [`Row::text`] reads it.
fn text(value: &Value) -> Option<String> {
    non_blank(value.text())
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

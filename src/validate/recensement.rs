//! Recensement rows into purchases (§3): defaults (service, statut), the notification date
//! required for a notified purchase, and the row-level coherence warnings (hours without a
//! clause, reuse above the amount).

use super::considerations::{self, Side};
use super::plausibility;
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
    setters: Setters,
    /// The notification dates plausible on the run's date.
    plausible: plausibility::Plausible,
    /// The year the sheet's name gives, if any.
    sheet_year: Option<i32>,
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
            origin: (Arc::clone(&sheet.location.file), sheet.grid.name.as_str().into()),
            default_service,
            thresholds,
            values: SheetValues::default(),
            setters: Setters::of(sheet),
            plausible: plausibility::Plausible::on(chrono::Local::now().date_naive()),
            sheet_year: plausibility::year_of_sheet(&sheet.grid.name),
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
        let purchase = purchase(sheet, &mut row, self, diagnostics)?;
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
    let concession = purchase.is_concession();
    let (notified, launched) = if concession {
        ("signée", "lancée")
    } else {
        ("notifié", "lancé")
    };
    let since = if compliance.launch_unknown {
        format!(
            "{notified} le {} (date de lancement inconnue)",
            compliance.reference_date.format("%d/%m/%Y")
        )
    } else {
        format!("{launched} le {}", compliance.reference_date.format("%d/%m/%Y"))
    };
    let threshold = compliance.threshold.map(format_french).unwrap_or_default();
    let (contract, clause_article, criterion_article) = if concession {
        ("Concession", "art. L.3114-2", "art. R.3124-4")
    } else {
        ("Marché", "art. L.2112-2", "art. L.2152-7")
    };
    let checks = [
        (
            &compliance.clause_env,
            "clause_env",
            Code::NonCompliantClauseEnv,
            format!("sans condition d'exécution environnementale ({clause_article}, loi Climat et résilience)"),
            "derogation_env",
        ),
        (
            &compliance.critere_env,
            "critere_env",
            Code::NonCompliantCritereEnv,
            format!("sans critère d'attribution environnemental ({criterion_article}, loi Climat et résilience)"),
            "derogation_env",
        ),
        (
            &compliance.clause_sociale,
            "clause_sociale",
            Code::NonCompliantClauseSociale,
            format!(
                "de {} € HT, au-dessus du seuil européen de {threshold} € HT, sans condition d'exécution sociale (art. L.2112-2-1)",
                purchase.montant_ht.map(format_french).unwrap_or_default()
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
                    format!("{contract} « {} » {since}, {what}.", purchase.reference),
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
                    "{contract} « {} » {since}, {what} : dérogation motivée (« {justification} »).",
                    purchase.reference
                ),
            )),
            Check::Met | Check::NotRequired | Check::NotApplicable => {}
        }
    }
}

/// A sheet's file and name, as purchases point to them.
type Origin = (Arc<Path>, Arc<str>);

/// A purchase being built from its row, with the values checked once the row is read.
#[derive(Default)]
struct Draft {
    purchase: Purchase,
    montant_ht: Option<Decimal>,
    statut: Option<Arc<str>>,
    /// `Identifiant`: the reference when given.
    identifier: Option<String>,
    /// `N° lot`: the lot of the marché the reference names.
    lot: Option<String>,
    /// `Considérations sociales` and `… environnementales` as lists, as DECP writes them.
    considerations: [Option<String>; 2],
    /// A `PME` column of Oui/Non.
    pme: Option<bool>,
    /// A concession typed in the Nature column (`DSP`).
    concession_by_nature: bool,
}

/// The hidden values of the nature enumeration that say a concession, and the nature each
/// stands for.
const NATURE_OF_CONCESSION: [(&str, &str); 2] = [
    ("Concession de travaux", "Travaux"),
    ("Concession de services", "Services"),
];

/// Moves one cell's value into its field of the purchase.
type Setter = fn(&mut Draft, Value<'_>, &SheetValues);

/// Per column of the sheet, the setter of its §3 key: found once for the sheet, not by
/// comparing each cell's key with every field's name.
struct Setters(Vec<Option<Setter>>);

impl Setters {
    fn of(sheet: &Sheet<'_>) -> Self {
        let mut by_column = Vec::new();
        for column in &sheet.layout.columns {
            let Some(setter) = setter(&column.key) else { continue };
            let at = column.col as usize;
            if by_column.len() <= at {
                by_column.resize(at + 1, None);
            }
            by_column[at] = Some(setter);
        }
        Setters(by_column)
    }

    fn at(&self, col: u32) -> Option<Setter> {
        self.0.get(col as usize).copied().flatten()
    }
}

fn purchase(
    sheet: &Sheet<'_>,
    row: &mut Row,
    builder: &PurchaseBuilder<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Purchase> {
    let fields = std::mem::take(&mut row.fields);
    let row: &Row = row;
    let at = row.row;
    let col = |key: &str| row.col(key);
    let cell = |key: &str| sheet.location.at_cell(at, col(key).unwrap_or(0));
    let (file, sheet_name) = &builder.origin;
    let values = &builder.values;
    let mut draft = Draft::default();
    draft.purchase.source = Some(SourceRow {
        file: Arc::clone(file),
        sheet: Arc::clone(sheet_name),
        row: at,
        entry: None,
    });
    // Each value goes into its field, in one pass over the row.
    for field in fields {
        if let Some(set) = builder.setters.at(field.col) {
            set(&mut draft, field.value, values);
        }
    }
    let Draft {
        mut purchase,
        montant_ht,
        statut,
        identifier,
        lot,
        considerations,
        pme,
        concession_by_nature,
    } = draft;
    if concession_by_nature && purchase.type_contrat.is_none() {
        purchase.type_contrat = Some(values.copy_of(crate::model::purchase::TYPE_CONCESSION));
    }
    // A `PME` column of Oui/Non says the category when no category column does.
    if purchase.categorie_titulaire.is_none()
        && let Some(pme) = pme
    {
        purchase.categorie_titulaire = Some(values.copy_of(if pme { "PME" } else { "Non connue" }));
    }
    let sides = [
        ("considerations_sociales", Side::Social),
        ("considerations_env", Side::Environmental),
    ];
    for (text, (key, side)) in considerations.iter().zip(sides) {
        if let Some(text) = text {
            considerations::apply(text, side, &mut purchase, &cell(key), diagnostics);
        }
    }
    purchase.reference = reference_of(purchase.reference, identifier, lot.as_deref());
    purchase.extras = row
        .extras
        .iter()
        .map(|(header, text)| (header.to_string(), text.clone()))
        .collect();
    if purchase.service.is_empty() {
        builder.default_service.clone_into(&mut purchase.service);
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
    if let Some(date) = purchase.date_notification
        && let Some(error) = builder
            .plausible
            .notification(date, purchase.annee_prevue.or(builder.sheet_year), || {
                cell("date_notification")
            })
    {
        diagnostics.push(error);
        return None;
    }
    purchase.montant_ht = montant_ht;
    if purchase.montant_ht.is_none() && *purchase.statut == *STATUT_NOTIFIE {
        diagnostics.push(amount_missing(&purchase, cell("montant_ht")));
    }
    // Required: a row without them was excluded already; never a purchase without them.
    if [&purchase.reference, &purchase.objet, &*purchase.nature]
        .iter()
        .any(|t| t.is_empty())
    {
        return None;
    }
    coherence_warnings(&purchase, &cell, diagnostics);
    agec_warnings(&purchase, &cell, col("categorie_agec").is_some(), diagnostics);
    Some(purchase)
}

/// The setter of a §3 key (copying texts, not moving them: the purchase's texts then lie
/// together in memory, which its later reads and its freeing measurably prefer).
fn setter(key: &str) -> Option<Setter> {
    Some(match key {
        "montant_ht" => |d, v, _| d.montant_ht = v.decimal(),
        "statut" => |d, v, values| d.statut = values.shared(&v),
        // A row's codes are its own: moved, not copied.
        "actions_ciblees" => |d, v, _| {
            d.purchase.actions_ciblees = match v {
                Value::Codes(codes) => codes,
                other => other.codes(),
            }
        },
        "reference" => |d, v, _| d.purchase.reference = text(&v).unwrap_or_default(),
        "identifiant" => |d, v, _| d.identifier = text(&v),
        "lot" => |d, v, _| d.lot = text(&v),
        "considerations_sociales" => |d, v, _| d.considerations[0] = text(&v),
        "considerations_env" => |d, v, _| d.considerations[1] = text(&v),
        "titulaire_pme" => |d, v, _| d.pme = v.boolean(),
        "service" => |d, v, _| d.purchase.service = text(&v).unwrap_or_default(),
        "objet" => |d, v, _| d.purchase.objet = text(&v).unwrap_or_default(),
        "nature" => |d, v, values| {
            let nature = values.shared(&v).unwrap_or_default();
            // `DSP` or `Concession de travaux` typed as a nature: a concession of services or
            // of works (§3).
            let of_concession = NATURE_OF_CONCESSION.iter().find(|(typed, _)| *typed == &*nature);
            d.concession_by_nature = of_concession.is_some();
            d.purchase.nature = match of_concession {
                Some((_, nature)) => values.copy_of(nature),
                None => nature,
            };
        },
        "procedure" => |d, v, values| d.purchase.procedure = values.shared(&v),
        "type_contrat" => |d, v, values| {
            d.purchase.type_contrat = values
                .shared(&v)
                .filter(|t| &**t != crate::model::purchase::TYPE_MARCHE);
        },
        "annee_prevue" => |d, v, _| d.purchase.annee_prevue = v.year(),
        "date_notification" => |d, v, _| d.purchase.date_notification = v.date(),
        "duree_mois" => |d, v, _| d.purchase.duree_mois = v.integer(),
        "cpv" => |d, v, _| d.purchase.cpv = text(&v),
        "clause_env" => |d, v, _| d.purchase.clause_env = v.boolean(),
        "critere_env" => |d, v, _| d.purchase.critere_env = v.boolean(),
        "clause_sociale" => |d, v, _| d.purchase.clause_sociale = v.boolean(),
        "critere_social" => |d, v, _| d.purchase.critere_social = v.boolean(),
        "marche_reserve" => |d, v, _| d.purchase.marche_reserve = v.boolean(),
        "heures_insertion" => |d, v, _| d.purchase.heures_insertion = v.decimal(),
        "titulaire" => |d, v, _| d.purchase.titulaire = text(&v),
        "siret" => |d, v, _| d.purchase.siret = text(&v),
        "categorie_titulaire" => |d, v, values| d.purchase.categorie_titulaire = values.shared(&v),
        "titulaire_ess" => |d, v, _| d.purchase.titulaire_ess = v.boolean(),
        "alloti" => |d, v, _| d.purchase.alloti = v.boolean(),
        "mutualise" => |d, v, _| d.purchase.mutualise = v.boolean(),
        "variante" => |d, v, _| d.purchase.variante = v.boolean(),
        "innovant" => |d, v, _| d.purchase.innovant = v.boolean(),
        "taux_avance" => |d, v, _| d.purchase.taux_avance = v.decimal(),
        "montant_reemploi" => |d, v, _| d.purchase.montant_reemploi = v.decimal(),
        "categorie_agec" => |d, v, values| d.purchase.categorie_agec = values.shared(&v),
        "montant_don" => |d, v, _| d.purchase.montant_don = v.decimal(),
        "montant_recycle" => |d, v, _| d.purchase.montant_recycle = v.decimal(),
        "date_lancement" => |d, v, _| d.purchase.date_lancement = v.date(),
        "defense_securite" => |d, v, _| d.purchase.defense_securite = v.boolean(),
        "derogation_env" => |d, v, _| d.purchase.derogation_env = text(&v),
        "derogation_sociale" => |d, v, _| d.purchase.derogation_sociale = text(&v),
        "commentaire" => |d, v, _| d.purchase.commentaire = text(&v),
        _ => return None,
    })
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
    if let (Some(reuse), Some(amount)) = (purchase.montant_reemploi, purchase.montant_ht)
        && reuse > amount
    {
        diagnostics.push(
            Diagnostic::warning(
                cell("montant_reemploi"),
                Code::ReuseAboveAmount,
                format!(
                    "Montant réemploi ou recyclé ({} €) supérieur au montant HT du marché ({} €).",
                    format_french(reuse),
                    format_french(amount)
                ),
            )
            .suggest("Vérifiez les deux montants (même unité, HT)."),
        );
    }
}

/// The loi AGEC parts of a purchase (§10): each at most its amount, the donations within the
/// réemploi, and, in a sheet that has the `Catégorie AGEC` column, a category for goods with
/// such a part (a sheet without it is counted under the bilan's declaration instead).
fn agec_warnings(
    purchase: &Purchase,
    cell: &dyn Fn(&str) -> crate::diagnostic::Location,
    has_category_column: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let parts = [
        ("montant_don", "issu de dons", purchase.montant_don),
        ("montant_recycle", "de produits recyclés", purchase.montant_recycle),
    ];
    for (key, what, part) in parts {
        if let (Some(part), Some(amount)) = (part, purchase.montant_ht)
            && part > amount
        {
            diagnostics.push(
                Diagnostic::warning(
                    cell(key),
                    Code::AgecPartAboveAmount,
                    format!(
                        "Montant {what} ({} €) supérieur au montant HT du marché ({} €).",
                        format_french(part),
                        format_french(amount)
                    ),
                )
                .suggest("Vérifiez les deux montants (même unité, HT) : la déclaration AGEC les reprend."),
            );
        }
    }
    if let Some(donation) = purchase.montant_don
        && donation > purchase.montant_reemploi.unwrap_or_default()
    {
        diagnostics.push(
            Diagnostic::warning(
                cell("montant_don"),
                Code::DonationAboveReuse,
                format!(
                    "Montant issu de dons ({} €) supérieur au montant réemploi ou réutilisation ({} €) : un don est un réemploi.",
                    format_french(donation),
                    format_french(purchase.montant_reemploi.unwrap_or_default())
                ),
            )
            .suggest("Comptez aussi les dons dans la colonne du réemploi."),
        );
    }
    let has_part = purchase.has_agec_part();
    if has_category_column && has_part && purchase.categorie_agec.is_none() && purchase.is_agec_goods() {
        diagnostics.push(
            Diagnostic::warning(
                cell("categorie_agec"),
                Code::AgecCategoryMissing,
                "Fournitures avec un montant réemploi, don ou recyclé sans catégorie AGEC : elles manqueront à la déclaration annuelle (loi AGEC art. 58).".to_string(),
            )
            .suggest("Indiquez la catégorie de produits (Informatique, Papier, Mobilier…) dans une colonne « Catégorie AGEC »."),
        );
    }
}

/// The reference of a purchase: the `Identifiant` when given, else the marché's number with its
/// lot (`2025-001-L2`: the lots of one marché are distinct purchases).
pub(crate) fn reference_of(number: String, identifier: Option<String>, lot: Option<&str>) -> String {
    if let Some(identifier) = identifier {
        return identifier;
    }
    let Some(lot) = lot else { return number };
    let lot = lot.trim();
    let lot = lot
        .strip_prefix("Lot")
        .or_else(|| lot.strip_prefix("lot"))
        .or_else(|| lot.strip_prefix("LOT"))
        .map_or(lot, |rest| rest.trim_start_matches([' ', 'n', '°', 'º', '.']).trim());
    if number.is_empty() || lot.is_empty() {
        return number;
    }
    format!("{number}-L{lot}")
}

/// A notified purchase without amount: counted in number, not in amount (§3).
fn amount_missing(purchase: &Purchase, location: crate::diagnostic::Location) -> Diagnostic {
    let framework = [Some(purchase.objet.as_str()), purchase.procedure.as_deref()]
        .into_iter()
        .flatten()
        .chain(purchase.extras.iter().map(|(_, text)| text.as_str()))
        .any(|text| crate::normalise::normalise(text).contains("accord cadre"));
    let why = if framework {
        " (un accord-cadre sans maximum n'a pas de montant)"
    } else {
        ""
    };
    Diagnostic::warning(
        location,
        Code::AmountMissing,
        format!("Marché notifié sans montant{why} : il est compté en nombre, pas en montant."),
    )
    .suggest("Saisissez le montant HT (le maximum de l'accord-cadre, ou le montant estimé) pour qu'il compte aussi en valeur.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, SheetKind};

    #[test]
    fn every_recensement_column_of_the_catalogue_fills_a_field_of_the_purchase() {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let columns = &catalogue.kind(SheetKind::Recensement).columns;
        assert!(columns.len() > 20, "{} colonnes", columns.len());
        for column in columns {
            assert!(setter(&column.key).is_some(), "« {} » n'a pas de champ", column.key);
        }
    }
}

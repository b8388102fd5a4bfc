//! The facilitator's workbook (§13) into rows of insertion hours, and their join to the
//! recensement by reference (lot included): a row without contract and hours done above twice
//! those planned are warnings; a contract with a social clause the facilitator does not follow
//! is an `info`, listed for the pilot.

use super::plausibility::year_of_sheet;
use super::recensement::reference_of;
use super::rows::{Row, Sheet, non_blank};
use super::suivi::source;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::insertion::reference_key as key;
use crate::model::{Inputs, InsertionRow, Purchase};
use crate::parse::number::format_french;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// The rows of a facilitator's sheet; a row without year (neither its cell nor the sheet's
/// name gives one) is left out with an error.
pub fn rows(sheet: &Sheet<'_>, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) -> Vec<InsertionRow> {
    let sheet_year = year_of_sheet(&sheet.grid.name);
    rows.iter()
        .filter(|row| !row.excluded)
        .filter_map(|row| {
            let number = row.text("reference")?;
            let lot = non_blank(row.text("lot"));
            let Some(year) = row.year("annee").or(sheet_year) else {
                diagnostics.push(
                    Diagnostic::error(
                        sheet.location.at_row(row.row),
                        Code::RequiredValueMissing,
                        "Ligne sans année : ni colonne Année renseignée, ni année dans le nom de la feuille. La ligne est exclue des calculs.",
                    )
                    .suggest("Ajoutez une colonne « Année » ou nommez la feuille par son année (« 2024 »)."),
                );
                return None;
            };
            Some(InsertionRow {
                source: source(sheet, row),
                reference: reference_of(number, None, lot.as_deref()),
                year,
                entreprise: non_blank(row.text("entreprise")),
                heures_prevues: row.value("heures_prevues").and_then(|v| v.decimal()),
                heures_realisees: row.value("heures_realisees").and_then(|v| v.decimal())?,
                participants: row.value("participants").and_then(|v| v.integer()),
                public: non_blank(row.text("public")),
            })
        })
        .collect()
}

/// Joins the facilitator's rows to the recensement; nothing is said when there are none.
pub fn join(inputs: &Inputs) -> Vec<Diagnostic> {
    if inputs.insertion.is_empty() {
        return Vec::new();
    }
    let mut contracts: HashMap<String, Vec<&Purchase>> = HashMap::new();
    for purchase in &inputs.purchases {
        contracts.entry(key(&purchase.reference)).or_default().push(purchase);
    }
    let mut diagnostics = Vec::new();
    let mut followed = HashSet::new();
    for row in &inputs.insertion {
        let found = contracts.get(&key(&row.reference));
        followed.insert(key(&row.reference));
        let at = |key: &str| inputs.location_of(&row.source, key);
        let Some(found) = found else {
            diagnostics.push(
                Diagnostic::warning(
                    at("reference"),
                    Code::InsertionWithoutContract,
                    format!(
                        "Heures d'insertion de « {} » ({}) : aucun marché de ce numéro dans les recensements lus.",
                        row.reference, row.year
                    ),
                )
                .suggest("Vérifiez le numéro (et le lot) tel qu'il est écrit dans le recensement du service."),
            );
            continue;
        };
        let planned = row
            .heures_prevues
            .or_else(|| found.iter().filter_map(|p| p.heures_insertion).reduce(|a, b| a + b));
        if let Some(planned) = planned.filter(|p| *p > Decimal::ZERO)
            && row.heures_realisees > planned * Decimal::TWO
        {
            diagnostics.push(
                Diagnostic::warning(
                    at("heures_realisees"),
                    Code::InsertionHoursExcessive,
                    format!(
                        "{} heures réalisées en {} pour « {} », plus du double des {} heures prévues.",
                        format_french(row.heures_realisees),
                        row.year,
                        row.reference,
                        format_french(planned)
                    ),
                )
                .suggest("Vérifiez les deux chiffres (heures de l'année, pas le cumul ; même marché)."),
            );
        }
    }
    for purchase in &inputs.purchases {
        if purchase.notified() && purchase.clause_sociale == Some(true) && !followed.contains(&key(&purchase.reference))
        {
            diagnostics.push(Diagnostic::info(
                inputs.location_of(&purchase.source, "clause_sociale"),
                Code::ClauseWithoutFollowUp,
                format!(
                    "Marché « {} » avec une clause sociale d'insertion, absent du suivi du facilitateur : ses heures réalisées ne sont pas comptées.",
                    purchase.reference
                ),
            ));
        }
    }
    diagnostics
}

//! The same contract typed by two services, one in each workbook (§3): the same reference (lot
//! included) and year, or — where references differ — the same SIRET, amount, notification date
//! and objet. A warning names both cells; the contract counts once, the first by path order.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Inputs, Purchase};
use crate::normalise::normalise;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// What names a contract in a workbook: its reference and year.
type ByReference = (String, Option<i32>);
/// What a contract is where references differ: SIRET, amount, notification date, objet.
type ByContent = (String, Decimal, NaiveDate, String);

/// The purchases with each contract typed in several workbooks kept once (workbook rows only:
/// a DECP contract is counted once by its own rule).
pub fn counted_once(
    purchases: Vec<Arc<Purchase>>,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<Purchase>> {
    let mut by_reference: HashMap<ByReference, usize> = HashMap::new();
    let mut by_content: HashMap<ByContent, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(purchases.len());
    for purchase in purchases {
        let Some(file) = workbook_file(&purchase) else {
            kept.push(purchase);
            continue;
        };
        let reference = (normalise(&purchase.reference), purchase.year());
        let content = content_key(&purchase);
        let earlier = by_reference
            .get(&reference)
            .or_else(|| content.as_ref().and_then(|c| by_content.get(c)))
            .map(|&index| &kept[index])
            .filter(|first: &&Arc<Purchase>| workbook_file(first) != Some(file));
        if let Some(first) = earlier {
            diagnostics.push(twice(&purchase, first, inputs));
            continue;
        }
        let index = kept.len();
        by_reference.entry(reference).or_insert(index);
        if let Some(content) = content {
            by_content.entry(content).or_insert(index);
        }
        kept.push(purchase);
    }
    kept
}

/// The workbook a purchase was read from; `None` for a DECP contract.
fn workbook_file(purchase: &Purchase) -> Option<&Path> {
    purchase.source.as_ref().filter(|s| s.entry.is_none()).map(|s| &*s.file)
}

fn content_key(purchase: &Purchase) -> Option<ByContent> {
    Some((
        purchase.siret.clone()?,
        purchase.montant_ht?,
        purchase.date_notification?,
        normalise(&purchase.objet),
    ))
}

fn twice(purchase: &Purchase, first: &Purchase, inputs: &Inputs) -> Diagnostic {
    let same = if normalise(&purchase.reference) == normalise(&first.reference) {
        format!("Référence « {} » déjà saisie", purchase.reference)
    } else {
        format!(
            "Marché « {} » (même titulaire, montant, date de notification et objet que « {} ») déjà saisi",
            purchase.reference, first.reference
        )
    };
    Diagnostic::warning(
        inputs.location_of(&purchase.source, "reference"),
        Code::DuplicateAcrossFiles,
        format!(
            "{same} en {} : c'est le même contrat, compté une seule fois (la première saisie).",
            inputs.describe(&first.source)
        ),
    )
    .suggest("Gardez le contrat dans le seul classeur du service qui le pilote, ou distinguez les lots (N° lot).")
}

//! The same contract typed by two services, one in each workbook (§3): the same reference (lot
//! included) and year, or — where references differ — the same SIRET, amount, notification date
//! and objet. A warning names both cells; the contract counts once, the first by path order.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Inputs, Purchase};
use crate::normalise::{normalise, normalise_into};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::path::Path;
use std::sync::Arc;

/// A purchase's two identities, hashed: by reference and year; by SIRET, amount, date and objet.
type Keys = (u64, Option<u64>);

/// The purchases with each contract typed in several workbooks kept once (workbook rows only:
/// a DECP contract is counted once by its own rule). Keys are hashed two or more at a time; a
/// hash met again is confirmed on the texts before two rows are called one contract.
pub fn counted_once(
    purchases: Vec<Arc<Purchase>>,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<Purchase>> {
    let hasher = foldhash::fast::FixedState::default();
    let keys: Vec<Keys> = purchases.par_iter().map(|p| keys_of(p, &hasher)).collect();
    let mut by_reference: HashMap<u64, usize, foldhash::fast::FixedState> = HashMap::default();
    let mut by_content: HashMap<u64, usize, foldhash::fast::FixedState> = HashMap::default();
    let mut kept: Vec<Arc<Purchase>> = Vec::with_capacity(purchases.len());
    for (purchase, (reference, content)) in purchases.into_iter().zip(keys) {
        let Some(file) = workbook_file(&purchase) else {
            kept.push(purchase);
            continue;
        };
        let same_reference = by_reference
            .get(&reference)
            .map(|&i| &kept[i])
            .filter(|first| same_reference_and_year(first, &purchase));
        let same_content = content
            .and_then(|c| by_content.get(&c))
            .map(|&i| &kept[i])
            .filter(|first| same_content(first, &purchase));
        let earlier = same_reference
            .or(same_content)
            .filter(|first| workbook_file(first) != Some(file));
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

fn keys_of(purchase: &Purchase, state: &impl BuildHasher) -> Keys {
    let mut text = String::with_capacity(purchase.reference.len() + purchase.objet.len());
    normalise_into(&purchase.reference, &mut text);
    let reference = state.hash_one((text.as_str(), purchase.year()));
    let content = match (&purchase.siret, purchase.montant_ht, purchase.date_notification) {
        (Some(siret), Some(amount), Some(date)) => {
            text.clear();
            normalise_into(&purchase.objet, &mut text);
            Some(state.hash_one((siret, amount, date, text.as_str())))
        }
        _ => None,
    };
    (reference, content)
}

fn same_reference_and_year(a: &Purchase, b: &Purchase) -> bool {
    a.year() == b.year() && normalise(&a.reference) == normalise(&b.reference)
}

fn same_content(a: &Purchase, b: &Purchase) -> bool {
    a.siret.is_some()
        && a.siret == b.siret
        && a.montant_ht.is_some()
        && a.montant_ht == b.montant_ht
        && a.date_notification.is_some()
        && a.date_notification == b.date_notification
        && normalise(&a.objet) == normalise(&b.objet)
}

/// The workbook a purchase was read from; `None` for a DECP contract.
fn workbook_file(purchase: &Purchase) -> Option<&Path> {
    purchase.source.as_ref().filter(|s| s.entry.is_none()).map(|s| &*s.file)
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

//! Checks across rows and files, once every workbook is read: duplicates (purchases per
//! service and year, follow-up rows per year, action and indicator), definitions that
//! contradict each other, references to unknown actions or indicators, and percentages typed
//! as fractions.

use super::definitions::{self, suggest_code};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{self, FollowUp, Indicator, IndicatorType, Inputs, Purchase, RealiseValue, SourceRow, Subject};
use crate::normalise::normalise;
use crate::parse::number::format_french;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Runs every cross-file check, removing the records that cannot be used.
pub fn check(inputs: &mut Inputs) {
    let mut diagnostics = Vec::new();
    inputs.purchases = decp_counted_once(std::mem::take(&mut inputs.purchases), inputs, &mut diagnostics);
    inputs.purchases = unique_purchases(std::mem::take(&mut inputs.purchases), inputs, &mut diagnostics);
    inputs.purchases =
        super::across_files::counted_once(std::mem::take(&mut inputs.purchases), inputs, &mut diagnostics);
    super::axes::identify(inputs, &mut diagnostics);
    inputs.actions = definitions::merge_actions(std::mem::take(&mut inputs.actions), &inputs.base, &mut diagnostics);
    inputs.indicators = definitions::merge_indicators(std::mem::take(&mut inputs.indicators), inputs, &mut diagnostics);
    definitions::respell(inputs);
    inputs.follow_ups = checked_follow_ups(std::mem::take(&mut inputs.follow_ups), inputs, &mut diagnostics);
    targeted_actions_exist(inputs, &mut diagnostics);
    diagnostics.extend(super::insertion::join(inputs));
    inputs.diagnostics.extend(diagnostics);
    crate::diagnostic::cap::cap(&mut inputs.diagnostics);
}

/// A DECP contract whose reference and year are also those of a workbook row, or of a DECP
/// contract read before it (overlapping exports, a contract published again), is counted once
/// (§10): the workbook row wins, as it carries what DECP lacks (heures d'insertion, TPE/PME…).
fn decp_counted_once(
    purchases: Vec<Arc<Purchase>>,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<Purchase>> {
    let is_decp = |p: &Purchase| p.source.as_ref().is_some_and(|s| s.entry.is_some());
    if !purchases.iter().any(|p| is_decp(p)) {
        return purchases;
    }
    let key = |p: &Purchase| (normalise(&p.reference), p.year());
    let mut seen: HashMap<(String, Option<i32>), Option<SourceRow>> = purchases
        .iter()
        .filter(|p| !is_decp(p))
        .map(|p| (key(p), p.source.clone()))
        .collect();
    let mut kept = Vec::with_capacity(purchases.len());
    for purchase in purchases {
        if !is_decp(&purchase) {
            kept.push(purchase);
            continue;
        }
        match seen.get(&key(&purchase)) {
            Some(first) => diagnostics.push(Diagnostic::info(
                inputs.location_of(&purchase.source, "reference"),
                Code::DecpDuplicate,
                format!(
                    "Contrat « {} »{} déjà lu en {} : il est compté une seule fois, avec les données de la première lecture{}.",
                    purchase.reference,
                    purchase.year().map(|y| format!(" de {y}")).unwrap_or_default(),
                    inputs.describe(first),
                    if first.as_ref().is_some_and(|s| s.entry.is_none()) { " (le classeur l'emporte sur le DECP)" } else { "" }
                ),
            )),
            None => {
                seen.insert(key(&purchase), purchase.source.clone());
                kept.push(purchase);
            }
        }
    }
    kept
}

/// A reference that appears twice in one service and year is an error naming both rows; the
/// first row (in path, sheet, row order) is kept, the later one left out.
fn unique_purchases(
    purchases: Vec<Arc<Purchase>>,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<Purchase>> {
    let first_rows = first_rows_of_duplicates(&purchases);
    let mut next_cap = diagnostics.len() + crate::diagnostic::cap::COMPACT_EVERY;
    for (purchase, first) in purchases.iter().zip(&first_rows) {
        let Some(first) = first.map(|f| &purchases[f].source) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::error(
                inputs.location_of(&purchase.source, "reference"),
                Code::Duplicate,
                format!(
                    "Référence « {} » en double pour le service « {} »{} : déjà présente en {}. Cette ligne est exclue des calculs.",
                    purchase.reference,
                    purchase.service,
                    purchase.year().map(|y| format!(" en {y}")).unwrap_or_default(),
                    inputs.describe(first)
                ),
            )
            .suggest("Supprimez le doublon ou distinguez les lots (ex. 2024-012-L1, 2024-012-L2)."),
        );
        if diagnostics.len() >= next_cap {
            crate::diagnostic::cap::cap(diagnostics);
            next_cap = diagnostics.len() + crate::diagnostic::cap::COMPACT_EVERY;
        }
    }
    purchases
        .into_iter()
        .zip(first_rows)
        .filter_map(|(purchase, first)| first.is_none().then_some(purchase))
        .collect()
}

/// What makes a purchase unique: its service, reference and year, compared normalised.
type DuplicateKey = (String, String, Option<i32>);

fn duplicate_key(purchase: &Purchase) -> DuplicateKey {
    (
        normalise(&purchase.service),
        normalise(&purchase.reference),
        purchase.year(),
    )
}

/// For each purchase, the earlier one it repeats, if any. Only the keys' hashes are sorted (each
/// purchase's, computed when its file was read); purchases with one hash are then compared by
/// their keys, in row order.
fn first_rows_of_duplicates(purchases: &[Arc<Purchase>]) -> Vec<Option<usize>> {
    let mut by_hash: Vec<(u64, usize)> = purchases
        .par_iter()
        .enumerate()
        .map(|(index, p)| (p.identity_hash(), index))
        .collect();
    // By hash, then by row: each group of one hash comes in row order.
    by_hash.par_sort_unstable();
    let mut first_rows = vec![None; purchases.len()];
    for group in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // Different keys with one hash: practically never, but then each is still told apart.
        let mut firsts: Vec<(usize, DuplicateKey)> = Vec::new();
        for &(_, index) in group {
            let key = duplicate_key(&purchases[index]);
            match firsts.iter().find(|(_, first_key)| *first_key == key) {
                Some((first, _)) => first_rows[index] = Some(*first),
                None => firsts.push((index, key)),
            }
        }
    }
    first_rows
}

/// Follow-up rows: one per year, action and indicator (error naming both, even across files);
/// the indicator and action must exist; a quantitative réalisé must be a number; a percentage
/// typed as a fraction when the target is above 1 is flagged.
fn checked_follow_ups(follow_ups: Vec<FollowUp>, inputs: &Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<FollowUp> {
    let known_actions: Vec<&model::Code> = inputs.actions.iter().map(|a| &a.code).collect();
    let indicators: HashMap<&model::Code, &Indicator> = inputs.indicators.iter().map(|i| (&i.code, i)).collect();
    let mut seen: HashMap<(i32, model::Code, Subject), Option<SourceRow>> = HashMap::new();
    let mut kept = Vec::with_capacity(follow_ups.len());
    for follow_up in follow_ups {
        let subject = follow_up.subject.clone().unwrap_or(Subject::Action);
        if !known_actions.contains(&&follow_up.code_fa) {
            diagnostics.push(
                Diagnostic::warning(
                    inputs.location_of(&follow_up.source, "code_fa"),
                    Code::UnknownAction,
                    format!(
                        "Ligne de suivi pour la fiche action {}, absente du référentiel.",
                        follow_up.code_fa
                    ),
                )
                .suggest(suggest_code(
                    follow_up.code_fa.spelling(),
                    known_actions.iter().map(|c| c.spelling()),
                )),
            );
        }
        let indicator = match &subject {
            Subject::Indicator(code) => match indicators.get(code) {
                Some(indicator) => Some(*indicator),
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            inputs.location_of(&follow_up.source, "code_indicateur"),
                            Code::UnknownIndicator,
                            format!("Indicateur « {code} » absent du référentiel des indicateurs. La ligne est exclue des calculs."),
                        )
                        .suggest(suggest_code(code.spelling(), inputs.indicators.iter().map(|i| i.code.spelling()))),
                    );
                    continue;
                }
            },
            _ => None,
        };
        if !matches!(subject, Subject::Objective(_)) {
            let key = (follow_up.year, follow_up.code_fa.clone(), subject.clone());
            if let Some(first) = seen.get(&key) {
                diagnostics.push(
                    Diagnostic::error(
                        inputs.location_of(&follow_up.source, "code_fa"),
                        Code::Duplicate,
                        format!(
                            "Deuxième ligne de suivi {} pour {}{} : déjà saisie en {}. Cette ligne est exclue des calculs.",
                            follow_up.year,
                            follow_up.code_fa,
                            match &subject {
                                Subject::Indicator(code) => format!(", indicateur {code}"),
                                _ => String::new(),
                            },
                            inputs.describe(first)
                        ),
                    )
                    .suggest("Gardez une seule ligne par année, action et indicateur."),
                );
                continue;
            }
            seen.insert(key, follow_up.source.clone());
        }
        if let Some(indicator) = indicator {
            check_realise(&follow_up, indicator, diagnostics);
        }
        kept.push(follow_up);
    }
    kept
}

fn check_realise(follow_up: &FollowUp, indicator: &Indicator, diagnostics: &mut Vec<Diagnostic>) {
    let (Some(realise), Some(source)) = (&follow_up.realise, &follow_up.source) else {
        return;
    };
    if indicator.kind != IndicatorType::Quantitatif {
        return;
    }
    let location = Location::sheet(&source.file, &source.sheet).at_cell(realise.position.0, realise.position.1);
    let typed = &realise.text;
    let what = format!("Réalisé {} de l'indicateur {}", follow_up.year, indicator.code);
    if let RealiseValue::SeveralPopulations(labels) = &realise.value {
        diagnostics.push(super::suivi::several_values(location, &what, typed, labels));
        return;
    }
    if let Some(measured) = &realise.measured {
        diagnostics.push(super::suivi::value_read(location.clone(), &what, typed, measured));
    }
    let Some(value) = realise.number() else {
        diagnostics.push(
            Diagnostic::error(
                location,
                Code::NumberInvalid,
                format!(
                    "Réalisé « {typed} » de l'indicateur {} : un nombre est attendu.",
                    indicator.code
                ),
            )
            .suggest("Saisissez un nombre (ex. 30, 30 % ou 12 000)."),
        );
        return;
    };
    let target = indicator.cibles.get(&follow_up.year);
    let typed_with_sign = matches!(realise.value, RealiseValue::Percent(_));
    if indicator.is_percent()
        && !typed_with_sign
        && value > Decimal::ZERO
        && value < Decimal::ONE
        && target.is_some_and(|t| *t > Decimal::ONE)
    {
        let as_percent = format_french(value * Decimal::ONE_HUNDRED);
        diagnostics.push(
            Diagnostic::warning(
                location,
                Code::PercentAmbiguous,
                format!("Réalisé {typed} pour l'indicateur {} en %, dont la cible est {} : vouliez-vous dire {as_percent} % ?", indicator.code, target.map(|t| format_french(*t)).unwrap_or_default()),
            )
            .suggest(format!("Les pourcentages se saisissent de 0 à 100 : écrivez {as_percent}.")),
        );
    }
}

/// `Actions SPASER ciblées` naming an action that the référentiel does not know is a warning
/// (only when a référentiel of actions was read at all).
fn targeted_actions_exist(inputs: &Inputs, diagnostics: &mut Vec<Diagnostic>) {
    let known: Vec<&model::Code> = inputs.actions.iter().map(|a| &a.code).collect();
    if known.is_empty() {
        return;
    }
    // Looked up for every code of every purchase: a million purchases, dozens of fiches.
    let known_keys: HashSet<&str> = known.iter().map(|c| c.key()).collect();
    let unknown_targets = |purchase: &Arc<Purchase>| {
        let unknown: Vec<&str> = purchase
            .actions_ciblees
            .iter()
            .filter(|c| !known_keys.contains(c.key()))
            .map(model::Code::spelling)
            .collect();
        (!unknown.is_empty()).then(|| {
            Diagnostic::warning(
                inputs.location_of(&purchase.source, "actions_ciblees"),
                Code::UnknownAction,
                format!(
                    "Action(s) SPASER ciblée(s) inconnue(s) du référentiel : {}.",
                    unknown.join(", ")
                ),
            )
            .suggest(format!(
                "Fiches action connues : {}.",
                known.iter().map(|c| c.spelling()).collect::<Vec<_>>().join(", ")
            ))
        })
    };
    let found: Vec<Diagnostic> = inputs.purchases.par_iter().filter_map(unknown_targets).collect();
    diagnostics.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purchase(service: &str, reference: &str, year: i32) -> Arc<Purchase> {
        Arc::new(Purchase {
            service: service.into(),
            reference: reference.into(),
            annee_prevue: Some(year),
            ..Purchase::default()
        })
    }

    #[test]
    fn a_repeated_reference_points_to_its_first_row_in_one_service_and_year_compared_normalised() {
        let purchases = [
            purchase("Voirie", "2024-001", 2024),
            purchase("Bâtiments", "2024-001", 2024),
            purchase("voirie", "2024 001", 2024),
            purchase("Voirie", "2024-001", 2023),
            purchase("Voirie", "2024-002", 2024),
            purchase("VOIRIE", "2024-001", 2024),
        ];
        assert_eq!(
            first_rows_of_duplicates(&purchases),
            [None, None, Some(0), None, None, Some(0)]
        );
    }
}

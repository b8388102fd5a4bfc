//! Checks across rows and files, once every workbook is read: duplicates (purchases per
//! service and year, follow-up rows per year, action and indicator), definitions that
//! contradict each other, references to unknown actions or indicators, and percentages typed
//! as fractions.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{Action, FollowUp, Indicator, IndicatorType, Inputs, Purchase, RealiseValue, SourceRow, Subject};
use crate::normalise::normalise;
use crate::parse::number::format_french;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Runs every cross-file check, removing the records that cannot be used.
pub fn check(inputs: &mut Inputs) {
    let mut diagnostics = Vec::new();
    inputs.purchases = unique_purchases(std::mem::take(&mut inputs.purchases), inputs, &mut diagnostics);
    inputs.actions = unique_actions(std::mem::take(&mut inputs.actions), &mut diagnostics);
    inputs.indicators = unique_indicators(std::mem::take(&mut inputs.indicators), inputs, &mut diagnostics);
    inputs.follow_ups = checked_follow_ups(std::mem::take(&mut inputs.follow_ups), inputs, &mut diagnostics);
    targeted_actions_exist(inputs, &mut diagnostics);
    inputs.diagnostics.extend(diagnostics);
}

fn describe(source: &Option<SourceRow>) -> String {
    match source {
        Some(s) => format!("{} › {} › ligne {}", s.file.display(), s.sheet, s.row + 1),
        None => "?".to_string(),
    }
}

/// A reference that appears twice in one service and year is an error naming both rows; the
/// first row (in path, sheet, row order) is kept, the later one left out.
fn unique_purchases(
    purchases: Vec<Arc<Purchase>>,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Arc<Purchase>> {
    let mut seen: HashMap<(String, String, Option<i32>), Option<SourceRow>> = HashMap::new();
    let mut kept = Vec::with_capacity(purchases.len());
    for purchase in purchases {
        let key = (
            normalise(&purchase.service),
            normalise(&purchase.reference),
            purchase.year(),
        );
        match seen.get(&key) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    inputs.location_of(&purchase.source, "reference"),
                    Code::Duplicate,
                    format!(
                        "Référence « {} » en double pour le service « {} »{} : déjà présente en {}. Cette ligne est exclue des calculs.",
                        purchase.reference,
                        purchase.service,
                        purchase.year().map(|y| format!(" en {y}")).unwrap_or_default(),
                        describe(first)
                    ),
                )
                .suggest("Supprimez le doublon ou distinguez les lots (ex. 2024-012-L1, 2024-012-L2)."),
            ),
            None => {
                seen.insert(key, purchase.source.clone());
                kept.push(purchase);
            }
        }
    }
    kept
}

/// The same action defined twice with different content is an error (both named); identical
/// definitions are merged. Actions known only from bilan tables are added when not defined
/// otherwise.
fn unique_actions(actions: Vec<Action>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Action> {
    let (defined, from_tables): (Vec<Action>, Vec<Action>) = actions.into_iter().partition(|a| !a.from_bilan_table);
    let mut kept: BTreeMap<String, Action> = BTreeMap::new();
    for action in defined {
        match kept.get(&action.code) {
            Some(first) if !first.same_content(&action) => diagnostics.push(conflict(
                &action.source,
                &format!(
                    "La fiche action {} est définie deux fois avec des contenus différents",
                    action.code
                ),
                &first.source,
            )),
            Some(_) => {}
            None => {
                kept.insert(action.code.clone(), action);
            }
        }
    }
    for action in from_tables {
        kept.entry(action.code.clone()).or_insert(action);
    }
    kept.into_values().collect()
}

fn conflict(source: &Option<SourceRow>, what: &str, first: &Option<SourceRow>) -> Diagnostic {
    let location = match source {
        Some(s) => Location::sheet(&s.file, &s.sheet).at_row(s.row),
        None => Location::file(std::path::Path::new("")),
    };
    Diagnostic::error(
        location,
        Code::ConflictingDefinition,
        format!("{what} : la première définition ({}) est retenue.", describe(first)),
    )
    .suggest("Gardez une seule définition, dans le référentiel du pilote.")
}

/// Indicators: a code defined twice differently is an error; an indicator whose fiche action
/// does not exist is an error and is left out.
fn unique_indicators(indicators: Vec<Indicator>, inputs: &Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<Indicator> {
    let known_actions: BTreeSet<&str> = inputs.actions.iter().map(|a| a.code.as_str()).collect();
    let mut kept: BTreeMap<String, Indicator> = BTreeMap::new();
    for indicator in indicators {
        if !known_actions.contains(indicator.code_fa.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    inputs.location_of(&indicator.source, "code_fa"),
                    Code::UnknownAction,
                    format!("L'indicateur {} se rapporte à la fiche action {}, qui n'est définie nulle part. La ligne est exclue des calculs.", indicator.code, indicator.code_fa),
                )
                .suggest(suggest_code(&indicator.code_fa, known_actions.iter().copied())),
            );
            continue;
        }
        let key = normalise(&indicator.code);
        match kept.get(&key) {
            Some(first) if !first.same_content(&indicator) => diagnostics.push(conflict(
                &indicator.source,
                &format!(
                    "L'indicateur {} est défini deux fois avec des contenus différents",
                    indicator.code
                ),
                &first.source,
            )),
            Some(_) => {}
            None => {
                kept.insert(key, indicator);
            }
        }
    }
    kept.into_values().collect()
}

fn suggest_code<'a>(code: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    let closest = known
        .iter()
        .map(|k| (strsim::jaro_winkler(code, k), *k))
        .filter(|(s, _)| *s >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((_, k)) => {
            format!("Vouliez-vous dire {k} ? Sinon, ajoutez la fiche action au référentiel (feuille Actions).")
        }
        None if known.is_empty() => "Ajoutez une feuille Actions au référentiel (Code FA, Intitulé).".to_string(),
        None => format!("Fiches action connues : {}.", known.join(", ")),
    }
}

/// Follow-up rows: one per year, action and indicator (error naming both, even across files);
/// the indicator and action must exist; a quantitative réalisé must be a number; a percentage
/// typed as a fraction when the target is above 1 is flagged.
fn checked_follow_ups(follow_ups: Vec<FollowUp>, inputs: &Inputs, diagnostics: &mut Vec<Diagnostic>) -> Vec<FollowUp> {
    let known_actions: BTreeSet<&str> = inputs.actions.iter().map(|a| a.code.as_str()).collect();
    let indicators: HashMap<String, &Indicator> = inputs.indicators.iter().map(|i| (normalise(&i.code), i)).collect();
    let mut seen: HashMap<(i32, String, Subject), Option<SourceRow>> = HashMap::new();
    let mut kept = Vec::with_capacity(follow_ups.len());
    for follow_up in follow_ups {
        let subject = follow_up.subject.clone().unwrap_or(Subject::Action);
        if !known_actions.contains(follow_up.code_fa.as_str()) {
            diagnostics.push(
                Diagnostic::warning(
                    inputs.location_of(&follow_up.source, "code_fa"),
                    Code::UnknownAction,
                    format!(
                        "Ligne de suivi pour la fiche action {}, absente du référentiel.",
                        follow_up.code_fa
                    ),
                )
                .suggest(suggest_code(&follow_up.code_fa, known_actions.iter().copied())),
            );
        }
        let indicator = match &subject {
            Subject::Indicator(code) => match indicators.get(&normalise(code)) {
                Some(indicator) => Some(*indicator),
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            inputs.location_of(&follow_up.source, "code_indicateur"),
                            Code::UnknownIndicator,
                            format!("Indicateur « {code} » absent du référentiel des indicateurs. La ligne est exclue des calculs."),
                        )
                        .suggest(suggest_code(code, indicators.values().map(|i| i.code.as_str()))),
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
                            describe(first)
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
    let known: BTreeSet<&str> = inputs.actions.iter().map(|a| a.code.as_str()).collect();
    if known.is_empty() {
        return;
    }
    for purchase in &inputs.purchases {
        let unknown: Vec<&str> = purchase
            .actions_ciblees
            .iter()
            .map(String::as_str)
            .filter(|c| !known.contains(c))
            .collect();
        if !unknown.is_empty() {
            diagnostics.push(
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
                    known.iter().copied().collect::<Vec<_>>().join(", ")
                )),
            );
        }
    }
}

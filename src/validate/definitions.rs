//! The référentiel put together across files (§4, §4.2): each fiche action and each indicator
//! kept once, in the référentiel's order, then in order of first appearance. The référentiel
//! wins over a fiche in vertical form, which wins over an existing bilan table; two definitions
//! of the same origin that differ are an error. Every code is then shown as the référentiel
//! spells it.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::inputs::describe;
use crate::model::{self, Action, Indicator, Inputs, Origin, SourceRow, Subject};
use crate::normalise::normalise;
use std::collections::HashMap;
use std::path::Path;

fn row_location(source: &Option<SourceRow>) -> Location {
    match source {
        Some(s) => Location::sheet(&s.file, &s.sheet).at_row(s.row),
        None => Location::file(std::path::Path::new("")),
    }
}

/// The actions, each once, the référentiel's first.
pub fn merge_actions(mut actions: Vec<Action>, base: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Action> {
    actions.sort_by_key(|a| a.origin);
    let mut kept: Vec<Action> = Vec::with_capacity(actions.len());
    let mut index: HashMap<model::Code, usize> = HashMap::new();
    for action in actions {
        let Some(&at) = index.get(&action.code) else {
            index.insert(action.code.clone(), kept.len());
            kept.push(action);
            continue;
        };
        let first = &mut kept[at];
        if first.origin == action.origin {
            // An action repeated over bilan tables (one per year) is the same action.
            if action.origin != Origin::BilanTable && !first.same_content(&action) {
                diagnostics.push(conflict(
                    &action.source,
                    &format!(
                        "La fiche action {} est définie deux fois avec des contenus différents",
                        action.code
                    ),
                    &first.source,
                    base,
                ));
            }
            continue;
        }
        if action.origin == Origin::Fiche && normalise(&first.intitule) != normalise(&action.intitule) {
            diagnostics.push(
                Diagnostic::info(
                    row_location(&action.source),
                    Code::IntituleDiffers,
                    format!(
                        "Fiche action {} : l'intitulé de la fiche (« {} ») diffère de celui du référentiel (« {} »), qui est retenu.",
                        action.code, action.intitule, first.intitule
                    ),
                )
                .suggest("Alignez l'intitulé de la fiche sur celui du référentiel."),
            );
        }
        fill_empty(first, action);
    }
    kept
}

/// The texts the first definition leaves empty, taken from a later one.
fn fill_empty(first: &mut Action, later: Action) {
    for (mine, theirs) in [
        (&mut first.axe, later.axe),
        (&mut first.orientation, later.orientation),
        (&mut first.pilote, later.pilote),
        (&mut first.partenaires, later.partenaires),
        (&mut first.descriptif, later.descriptif),
        (&mut first.resultats_attendus, later.resultats_attendus),
    ] {
        if mine.is_none() {
            *mine = theirs;
        }
    }
    if first.intitule.is_empty() {
        first.intitule = later.intitule;
    }
}

/// A definition that contradicts the first one read: an error naming both.
pub fn conflict(source: &Option<SourceRow>, what: &str, first: &Option<SourceRow>, base: &Path) -> Diagnostic {
    Diagnostic::error(
        row_location(source),
        Code::ConflictingDefinition,
        format!(
            "{what} : la première définition ({}) est retenue.",
            describe(first, base)
        ),
    )
    .suggest("Gardez une seule définition, dans le référentiel du pilote.")
}

/// The indicators, each once, the référentiel's first; an indicator whose fiche action does not
/// exist is an error and is left out.
pub fn merge_indicators(
    mut indicators: Vec<Indicator>,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Indicator> {
    let known_actions: Vec<&model::Code> = inputs.actions.iter().map(|a| &a.code).collect();
    indicators.sort_by_key(|i| i.origin);
    let mut kept: Vec<Indicator> = Vec::with_capacity(indicators.len());
    let mut index: HashMap<model::Code, usize> = HashMap::new();
    for indicator in indicators {
        if !known_actions.contains(&&indicator.code_fa) {
            diagnostics.push(
                Diagnostic::error(
                    inputs.location_of(&indicator.source, "code_fa"),
                    Code::UnknownAction,
                    format!("L'indicateur {} se rapporte à la fiche action {}, qui n'est définie nulle part. La ligne est exclue des calculs.", indicator.code, indicator.code_fa),
                )
                .suggest(suggest_code(indicator.code_fa.spelling(), known_actions.iter().map(|c| c.spelling()))),
            );
            continue;
        }
        let Some(&at) = index.get(&indicator.code) else {
            index.insert(indicator.code.clone(), kept.len());
            kept.push(indicator);
            continue;
        };
        let first = &kept[at];
        if first.origin != indicator.origin {
            diagnostics.push(Diagnostic::info(
                row_location(&indicator.source),
                Code::DefinitionReplaced,
                format!(
                    "L'indicateur {} de la fiche est aussi défini dans le référentiel ({}) : la définition du référentiel est retenue.",
                    indicator.code,
                    inputs.describe(&first.source)
                ),
            ));
        } else if !first.same_content(&indicator) {
            diagnostics.push(conflict(
                &indicator.source,
                &format!(
                    "L'indicateur {} est défini deux fois avec des contenus différents",
                    indicator.code
                ),
                &first.source,
                &inputs.base,
            ));
        }
    }
    kept
}

/// Every action and indicator code written as its kept definition writes it (the
/// référentiel's spelling, else the first one read).
pub fn respell(inputs: &mut Inputs) {
    let actions: HashMap<&model::Code, &model::Code> = inputs.actions.iter().map(|a| (&a.code, &a.code)).collect();
    let respell_action = |code: &mut model::Code| {
        if let Some(kept) = actions.get(code) {
            *code = code.spelled_as(kept);
        }
    };
    for indicator in &mut inputs.indicators {
        respell_action(&mut indicator.code_fa);
    }
    let indicators: HashMap<&model::Code, &model::Code> =
        inputs.indicators.iter().map(|i| (&i.code, &i.code)).collect();
    for follow_up in &mut inputs.follow_ups {
        respell_action(&mut follow_up.code_fa);
        if let Some(Subject::Indicator(code)) = &mut follow_up.subject
            && let Some(kept) = indicators.get(code)
        {
            *code = code.spelled_as(kept);
        }
    }
}

/// « Vouliez-vous dire … ? » with the closest known code, else the list of known codes.
pub fn suggest_code<'a>(code: &str, known: impl Iterator<Item = &'a str>) -> String {
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

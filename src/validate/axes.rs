//! Actions numbered per axe (§4): when a scheme uses the same action code under different axes
//! (« Action 1.1 » in axes 1, 2 and 3), each is its own action, `Axe 1 – Action 1.1`, and every
//! row naming the code is resolved through its own axe; a code that stays ambiguous is an error
//! naming the candidates, never a merge. Indicators numbered per action (`N° ind.` 1, 2… under
//! each action of one sheet) are told apart by their action the same way.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Action, AxeKey, FollowUp, Indicator, Inputs, Origin, SourceRow, Subject, axe_key};
use std::collections::HashMap;

/// The axes an action code is defined under, when the scheme numbers its actions per axe.
struct PerAxe {
    /// Per code key: each axe it is defined under, with its code within that axe.
    codes: HashMap<String, Vec<(AxeKey, model::Code)>>,
}

enum Resolved {
    /// The code is the same under every axe (or is not numbered per axe).
    Unchanged,
    /// The action of the row's axe.
    Within(model::Code),
    /// No axe, or an axe under which the code is not defined: the candidates.
    Ambiguous(Vec<String>),
}

impl PerAxe {
    /// The codes defined under several axes by definitions of one origin (a référentiel, the
    /// fiches, the bilan tables): axes written differently by two kinds of inputs do not split
    /// an action.
    fn of(actions: &[Action]) -> Self {
        let mut seen: HashMap<(Origin, String), Vec<AxeKey>> = HashMap::new();
        for action in actions {
            if let Some(axe) = action.axe.as_deref().and_then(axe_key) {
                let keys = seen.entry((action.origin, action.code.key().to_string())).or_default();
                if !keys.contains(&axe) {
                    keys.push(axe);
                }
            }
        }
        let mut codes: HashMap<String, Vec<(AxeKey, model::Code)>> = HashMap::new();
        for action in actions {
            let per_axe = seen
                .iter()
                .any(|((_, code), keys)| code == action.code.key() && keys.len() > 1);
            let Some((axe, text)) = action.axe.as_deref().and_then(|t| Some((axe_key(t)?, t))) else {
                continue;
            };
            if !per_axe {
                continue;
            }
            let candidates = codes.entry(action.code.key().to_string()).or_default();
            if !candidates.iter().any(|(known, _)| *known == axe) {
                let spelling = format!("{} – {}", axe.label(text), action.code);
                let within = action.code.within(&axe.key, spelling);
                candidates.push((axe, within));
            }
        }
        PerAxe { codes }
    }

    fn resolve(&self, code: &model::Code, axe: Option<&str>) -> Resolved {
        let Some(candidates) = self.codes.get(code.key()) else {
            return Resolved::Unchanged;
        };
        let axe = axe.and_then(axe_key);
        match candidates.iter().find(|(known, _)| Some(known) == axe.as_ref()) {
            Some((_, within)) => Resolved::Within(within.clone()),
            None => Resolved::Ambiguous(candidates.iter().map(|(_, c)| c.to_string()).collect()),
        }
    }
}

/// Tells apart the actions numbered per axe and the indicators numbered per action, before the
/// référentiel is put together; rows that cannot be resolved are left out, each with an error.
pub fn identify(inputs: &mut Inputs, diagnostics: &mut Vec<Diagnostic>) {
    let per_axe = PerAxe::of(&inputs.actions);
    if !per_axe.codes.is_empty() {
        inputs.actions = within_axes(std::mem::take(&mut inputs.actions), &per_axe, inputs, diagnostics);
        inputs.indicators = std::mem::take(&mut inputs.indicators)
            .into_iter()
            .filter_map(|mut indicator| {
                let axe = indicator.axe.clone();
                let resolved = resolve_into(&mut indicator.code_fa, axe.as_deref(), &per_axe);
                keep(indicator, resolved, "L'indicateur", inputs, diagnostics)
            })
            .collect();
        inputs.follow_ups = std::mem::take(&mut inputs.follow_ups)
            .into_iter()
            .filter_map(|mut follow_up| {
                let axe = follow_up.axe.clone();
                let resolved = resolve_into(&mut follow_up.code_fa, axe.as_deref(), &per_axe);
                keep(follow_up, resolved, "La ligne de suivi", inputs, diagnostics)
            })
            .collect();
    }
    indicators_within_actions(&mut inputs.indicators, &mut inputs.follow_ups);
}

fn within_axes(
    actions: Vec<Action>,
    per_axe: &PerAxe,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Action> {
    actions
        .into_iter()
        .filter_map(|mut action| {
            let axe = action.axe.clone();
            let resolved = resolve_into(&mut action.code, axe.as_deref(), per_axe);
            keep(action, resolved, "La fiche action", inputs, diagnostics)
        })
        .collect()
}

/// Rewrites `code` as the action of `axe`; `None` when the code is ambiguous.
fn resolve_into(code: &mut model::Code, axe: Option<&str>, per_axe: &PerAxe) -> Option<Vec<String>> {
    match per_axe.resolve(code, axe) {
        Resolved::Unchanged => None,
        Resolved::Within(within) => {
            *code = within;
            None
        }
        Resolved::Ambiguous(candidates) => Some(candidates),
    }
}

/// A record with a source row and the code it names.
trait Named {
    fn source(&self) -> &Option<SourceRow>;
    fn code_fa(&self) -> &model::Code;
}

impl Named for Action {
    fn source(&self) -> &Option<SourceRow> {
        &self.source
    }
    fn code_fa(&self) -> &model::Code {
        &self.code
    }
}

impl Named for Indicator {
    fn source(&self) -> &Option<SourceRow> {
        &self.source
    }
    fn code_fa(&self) -> &model::Code {
        &self.code_fa
    }
}

impl Named for FollowUp {
    fn source(&self) -> &Option<SourceRow> {
        &self.source
    }
    fn code_fa(&self) -> &model::Code {
        &self.code_fa
    }
}

/// The record when its code was resolved; else an error naming the candidates.
fn keep<T: Named>(
    record: T,
    ambiguous: Option<Vec<String>>,
    what: &str,
    inputs: &Inputs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let Some(candidates) = ambiguous else {
        return Some(record);
    };
    diagnostics.push(
        Diagnostic::error(
            inputs.location_of(record.source(), "code_fa"),
            Code::ActionAmbiguous,
            format!(
                "{what} nomme l'action {}, numérotée par axe dans ce schéma ({}), sans dire de quel axe il s'agit.",
                record.code_fa(),
                candidates.join(", ")
            ),
        )
        .excluding_row()
        .suggest(
            "Renseignez la colonne Axe de la ligne, ou placez-la sous la ligne de section de son axe (« AXE 2 – … »).",
        ),
    );
    None
}

/// An indicator code within the sheet that defines it.
type IndicatorInSheet = (Option<(std::path::PathBuf, String)>, String);

fn in_sheet(indicator: &Indicator) -> IndicatorInSheet {
    let sheet = indicator
        .source
        .as_ref()
        .map(|s| (s.file.to_path_buf(), s.sheet.to_string()));
    (sheet, indicator.code.key().to_string())
}

/// Indicators numbered per action within one sheet (`N° ind.` 1, 2 under every action): each
/// is known through its action, and so are the follow-up rows naming it with that action.
fn indicators_within_actions(indicators: &mut [Indicator], follow_ups: &mut [FollowUp]) {
    let mut actions_of: HashMap<IndicatorInSheet, Vec<model::Code>> = HashMap::new();
    for indicator in indicators.iter() {
        let actions = actions_of.entry(in_sheet(indicator)).or_default();
        if !actions.contains(&indicator.code_fa) {
            actions.push(indicator.code_fa.clone());
        }
    }
    actions_of.retain(|_, actions| actions.len() > 1);
    if actions_of.is_empty() {
        return;
    }
    let is_local = |indicator: &Indicator| actions_of.contains_key(&in_sheet(indicator));
    let mut scoped: HashMap<(model::Code, model::Code), model::Code> = HashMap::new();
    for indicator in indicators.iter_mut().filter(|i| is_local(i)) {
        let within = indicator
            .code
            .within(indicator.code_fa.key(), indicator.code.spelling().to_string());
        scoped.insert((indicator.code_fa.clone(), indicator.code.clone()), within.clone());
        indicator.code = within;
    }
    for follow_up in follow_ups.iter_mut() {
        if let Some(Subject::Indicator(code)) = &mut follow_up.subject
            && let Some(within) = scoped.get(&(follow_up.code_fa.clone(), code.clone()))
        {
            *code = within.clone();
        }
    }
}

//! The compute step: from validated [`Inputs`] to the figures of the bilan for year N — every
//! indicator's réalisé (N and N-1) and status, every action's statut calculé, déclaré and
//! retenu with its texts, the Synthèse counts and the PNAD panel. Pure: no file is touched.

pub mod agec;
pub mod compliance;
pub mod condition;
pub mod insertion;
pub mod lines;
pub mod population;
pub mod realised;
pub mod standard;
pub mod status;
pub mod sum;
pub mod summary;

use crate::diagnostic::{self, Code, Diagnostic};
use crate::model::Inputs;
use crate::model::compliance::Thresholds;
use crate::model::{Action, Computation, FollowUp, Indicator, Status, Subject};
use insertion::FacilitatorRows;
use population::{ComputedFigures, NotifiedByYear};
use realised::Realised;
use rust_decimal::Decimal;
use status::Goal;
use summary::{Pnad, StatusCounts};

/// What the compute step needs besides the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComputeSettings {
    /// The year of the bilan.
    pub year: i32,
    /// The partial threshold of `spaser.toml` (fraction), else 0.5.
    pub partial_threshold: Decimal,
    /// The EU thresholds by period (§11).
    pub thresholds: Thresholds,
    /// Whether the standard L.2111-3 set is computed (a bilan publishes it; `check` shows only
    /// diagnostics and spares the pass over every purchase).
    pub standard: bool,
    /// The loi AGEC categories in the arrêté's order (the declaration is computed with the
    /// standard set).
    pub agec_categories: Vec<String>,
}

/// One indicator's line of the bilan.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    /// The indicator.
    pub indicator: Indicator,
    /// Cible N (numeric target).
    pub target: Option<Decimal>,
    /// Cible N as typed, for binary and qualitative indicators.
    pub target_text: Option<String>,
    /// Réalisé N.
    pub realised: Option<Realised>,
    /// Réalisé N-1.
    pub realised_previous: Option<Realised>,
    /// *Progression* (§6.1 progress, 1 = 100 %).
    pub progress: Option<Decimal>,
    /// *% de la cible*: v / c (for Baisse, c / v), 1 = 100 %.
    pub share_of_target: Option<Decimal>,
    /// Status in year N.
    pub status: Status,
    /// The target is a level to keep (§6.1): no progression, Atteint when reached.
    pub level_to_keep: bool,
    /// Réalisé N looks like a fraction typed for a percentage: the percentage it probably is.
    pub doubtful: Option<Decimal>,
    /// Réalisé N as typed, when it was read from a text with a unit or a note, or holds values
    /// for several populations (§4.3): the bilan shows it beside the number.
    pub realised_typed: Option<String>,
    /// The réalisé of every year of [`Bilan::years`], in order (the trajectory of §10).
    pub trajectory: Vec<(i32, Option<Realised>)>,
}

impl IndicatorResult {
    /// The réalisé of `year`, when the year is one of the inputs'.
    pub fn realised_in(&self, year: i32) -> Option<&Realised> {
        self.trajectory.iter().find(|(y, _)| *y == year)?.1.as_ref()
    }
}

/// One action's line of the bilan.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionResult {
    /// The fiche action.
    pub action: Action,
    /// Statut calculé from its indicators (or objectives).
    pub computed: Status,
    /// Statut déclaré on its own Suivi row.
    pub declared: Option<Status>,
    /// Statut retenu.
    pub retained: Status,
    /// Indicators (or objectives) Atteint, and how many there are.
    pub reached: (usize, usize),
    /// Why it is retained as it is.
    pub retention: lines::Retention,
    /// Its rows for the committee: one per indicator, then one per objective.
    pub lines: Vec<lines::Line>,
    /// The texts of its own Suivi row (no indicator).
    pub own_texts: lines::Texts,
}

/// Everything the bilan workbook shows, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Bilan {
    /// Year N.
    pub year: i32,
    /// The partial threshold used by default.
    pub partial_threshold: Decimal,
    /// One line per action, in the référentiel's order.
    pub actions: Vec<ActionResult>,
    /// One line per indicator, in the référentiel's order.
    pub indicators: Vec<IndicatorResult>,
    /// Actions by statut retenu.
    pub counts: StatusCounts,
    /// Actions by statut retenu, per axe (in action order; `Sans axe` for actions without one).
    pub counts_by_axe: Vec<(String, StatusCounts)>,
    /// PNAD panel for N and N-1.
    pub pnad: [Pnad; 2],
    /// The loi Climat et résilience, contract by contract (§11).
    pub compliance: compliance::ComplianceSummary,
    /// The years the inputs hold up to N (notifications and follow-up rows), in order: the
    /// trajectory's years.
    pub years: Vec<i32>,
    /// The standard L.2111-3 set of N and N-1, published with the référentiel's indicators
    /// (§10).
    pub standard: Vec<standard::StandardFigure>,
    /// The loi AGEC art. 58 declaration of N (computed with the standard set).
    pub agec: agec::AgecDeclaration,
    /// Diagnostics found while computing (typed vs computed, écarts de statut…).
    pub diagnostics: Vec<Diagnostic>,
}

/// Computes the bilan of `settings.year`. The indicators are computed two or more at a time
/// (one per core), beside the §11 summary; the results never depend on which finishes first.
pub fn compute(inputs: &Inputs, settings: &ComputeSettings) -> Bilan {
    let year = settings.year;
    let notified = NotifiedByYear::of(&inputs.purchases);
    let facilitator = FacilitatorRows::of(&inputs.insertion, &inputs.purchases);
    let years = years_present(inputs, &notified, year);
    // Actions and indicators come in the référentiel's order, then in order of first appearance
    // (§4): the order of the inputs, never sorted.
    let computations: Vec<Option<&Computation>> = inputs.indicators.iter().map(|i| i.computation.as_ref()).collect();
    let (computed, compliance) = rayon::join(
        || ComputedFigures::of(&computations, &years, &notified, &facilitator),
        || compliance::summarise(&inputs.purchases, &settings.thresholds, year),
    );
    let indicators: Vec<_> = inputs
        .indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| indicator_result(indicator, inputs, |y| computed.get(index, y), settings, &years))
        .collect();
    let (indicator_results, typed): (Vec<IndicatorResult>, Vec<Option<Diagnostic>>) = indicators.into_iter().unzip();
    let mut diagnostics: Vec<Diagnostic> = typed.into_iter().flatten().collect();
    let action_results: Vec<ActionResult> = inputs
        .actions
        .iter()
        .map(|action| action_result(action, &indicator_results, inputs, year, &mut diagnostics))
        .collect();
    diagnostic::sort(&mut diagnostics);
    let pnad = [Pnad::of(&notified, year), Pnad::of(&notified, year - 1)];
    let (standard, agec) = if settings.standard {
        let order: Vec<&str> = settings.agec_categories.iter().map(String::as_str).collect();
        (
            standard::figures(&notified, year, &compliance, &facilitator),
            agec::declaration(&notified, year, &order),
        )
    } else {
        (Vec::new(), agec::AgecDeclaration::default())
    };
    Bilan {
        standard,
        agec,
        year,
        partial_threshold: settings.partial_threshold,
        counts: StatusCounts::of(action_results.iter().map(|a| a.retained)),
        counts_by_axe: counts_by_axe(&action_results),
        pnad,
        years,
        compliance,
        actions: action_results,
        indicators: indicator_results,
        diagnostics,
    }
}

/// The years of notification and of follow-up rows, up to `year` (a bilan never shows a later
/// year's partial figures), always with `year - 1` and `year`.
fn years_present(inputs: &Inputs, notified: &NotifiedByYear, year: i32) -> Vec<i32> {
    let followed = inputs.follow_ups.iter().map(|f| f.year);
    let mut years: Vec<i32> = notified
        .years()
        .chain(followed)
        .chain([year - 1, year])
        .filter(|y| *y <= year)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// One indicator's line, and the diagnostic of its typed réalisé if any.
fn indicator_result(
    indicator: &Indicator,
    inputs: &Inputs,
    computed: impl Fn(i32) -> Option<Decimal>,
    settings: &ComputeSettings,
    years: &[i32],
) -> (IndicatorResult, Option<Diagnostic>) {
    let year = settings.year;
    let row = realised::follow_up_of(&inputs.follow_ups, indicator, year);
    let previous_row = realised::follow_up_of(&inputs.follow_ups, indicator, year - 1);
    let value = realised::realised(indicator, row, computed(year));
    let previous = realised::realised(indicator, previous_row, computed(year - 1));
    let typed_diagnostic = realised::check_typed(indicator, value.as_ref(), row);
    let goal = Goal {
        target: indicator.cibles.get(&year).copied(),
        reference: indicator.reference,
        direction: indicator.sens,
        partial_threshold: indicator.seuil_partiel.unwrap_or(settings.partial_threshold),
    };
    let assessment = realised::assess(indicator, value.as_ref(), row, &goal);
    let share_of_target = match (&value, goal.target) {
        (Some(Realised::Number(v)), Some(c)) => status::share_of_target(*v, c, indicator.sens),
        _ => None,
    };
    // N and N-1 are already known; the earlier years are computed (or read) here.
    let trajectory = years
        .iter()
        .map(|&y| {
            let realised = if y == year {
                value.clone()
            } else if y == year - 1 {
                previous.clone()
            } else {
                let row = realised::follow_up_of(&inputs.follow_ups, indicator, y);
                realised::realised(indicator, row, computed(y))
            };
            (y, realised)
        })
        .collect();
    let result = IndicatorResult {
        trajectory,
        indicator: indicator.clone(),
        target: goal.target,
        target_text: indicator.cibles_texte.get(&year).cloned(),
        realised: value,
        realised_previous: previous,
        progress: assessment.progress,
        share_of_target,
        status: assessment.status,
        level_to_keep: assessment.level_to_keep,
        doubtful: realised::doubtful(indicator, row, goal.target),
        realised_typed: row
            .and_then(|r| r.realise.as_ref())
            .filter(|r| r.measured.is_some() || matches!(r.value, crate::model::RealiseValue::SeveralPopulations(_)))
            .map(|r| r.text.clone()),
    };
    (result, typed_diagnostic)
}

fn action_result(
    action: &Action,
    indicators: &[IndicatorResult],
    inputs: &Inputs,
    year: i32,
    diagnostics: &mut Vec<Diagnostic>,
) -> ActionResult {
    let own: Vec<(usize, &IndicatorResult)> = indicators
        .iter()
        .enumerate()
        .filter(|(_, r)| r.indicator.code_fa == action.code)
        .collect();
    let own_indicators: Vec<&IndicatorResult> = own.iter().map(|(_, r)| *r).collect();
    let rows = rows_of_action(inputs, action, year, &own_indicators);
    // Without indicators, the objectives of existing bilan tables play their role (§6.1).
    let statuses: Vec<Status> = if own_indicators.is_empty() {
        rows.iter()
            .filter(|r| matches!(r.subject, Some(Subject::Objective(_))))
            .map(|r| r.statut_declare.unwrap_or(Status::NonRenseigne))
            .collect()
    } else {
        own_indicators.iter().map(|r| r.status).collect()
    };
    let computed = status::action(statuses.iter().copied());
    let own_row = rows.iter().find(|r| matches!(r.subject, Some(Subject::Action) | None));
    let (declared, declaring_row) = match own_row.and_then(|r| r.statut_declare) {
        Some(declared) => (Some(declared), own_row.copied()),
        None => declared_by_objectives(&rows),
    };
    if let (Some(declared), Some(row)) = (declared, declaring_row)
        && status::is_assessed(computed)
        && declared != computed
    {
        diagnostics.push(status_gap(action, computed, declared, row, inputs));
    }
    let lines = committee_lines(&own, &rows);
    ActionResult {
        action: action.clone(),
        computed,
        declared,
        retained: status::retained(computed, declared),
        retention: lines::retention(computed, declared, &lines),
        own_texts: lines::Texts::of(own_row.copied()),
        lines,
        reached: (
            statuses.iter().filter(|s| **s == Status::Atteint).count(),
            statuses.len(),
        ),
    }
}

/// The statut déclaré an existing bilan table gives an action (§6.1): the X of its row, or of
/// all its rows when they agree; with the first of those rows.
fn declared_by_objectives<'a>(rows: &[&'a FollowUp]) -> (Option<Status>, Option<&'a FollowUp>) {
    let mut objectives = rows.iter().filter(|r| matches!(r.subject, Some(Subject::Objective(_))));
    let Some(first) = objectives.next() else {
        return (None, None);
    };
    let declared = first.statut_declare;
    if declared.is_some() && objectives.all(|r| r.statut_declare == declared) {
        (declared, Some(*first))
    } else {
        (None, None)
    }
}

/// The rows of the committee's table: the action's indicators, then its objectives.
fn committee_lines(own: &[(usize, &IndicatorResult)], rows: &[&FollowUp]) -> Vec<lines::Line> {
    let indicator_lines = own.iter().map(|(index, result)| {
        let row = rows
            .iter()
            .find(|f| matches!(&f.subject, Some(Subject::Indicator(c)) if *c == result.indicator.code))
            .copied();
        lines::indicator_line(*index, result, row)
    });
    let objective_lines = rows
        .iter()
        .filter(|r| matches!(r.subject, Some(Subject::Objective(_))))
        .map(|r| lines::objective_line(r));
    indicator_lines.chain(objective_lines).collect()
}

/// The action's Suivi rows of the year: its own row first, then its indicators' rows in
/// indicator order, then the objectives of bilan tables in their order.
fn rows_of_action<'a>(
    inputs: &'a Inputs,
    action: &Action,
    year: i32,
    indicators: &[&IndicatorResult],
) -> Vec<&'a FollowUp> {
    let mut rows: Vec<&FollowUp> = inputs
        .follow_ups
        .iter()
        .filter(|f| f.year == year && f.code_fa == action.code)
        .collect();
    let rank = |f: &FollowUp| match &f.subject {
        Some(Subject::Action) | None => (0, 0),
        Some(Subject::Indicator(code)) => (
            1,
            indicators
                .iter()
                .position(|i| i.indicator.code == *code)
                .unwrap_or(usize::MAX),
        ),
        Some(Subject::Objective(n)) => (2, *n),
    };
    rows.sort_by_key(|f| rank(f));
    rows
}

fn status_gap(action: &Action, computed: Status, declared: Status, row: &FollowUp, inputs: &Inputs) -> Diagnostic {
    Diagnostic::warning(
        inputs.location_of(&row.source, "statut_declare"),
        Code::StatusGap,
        format!(
            "Fiche action {} : statut déclaré « {declared} », statut calculé depuis les indicateurs « {computed} ». Le statut calculé est retenu.",
            action.code
        ),
    )
    .suggest("Vérifiez les réalisés et les cibles des indicateurs, ou expliquez l'écart en commentaire pour le comité.")
}

fn counts_by_axe(actions: &[ActionResult]) -> Vec<(String, StatusCounts)> {
    let mut axes: Vec<String> = Vec::new();
    for action in actions {
        let axe = axe_of(action);
        if !axes.contains(&axe) {
            axes.push(axe);
        }
    }
    axes.into_iter()
        .map(|axe| {
            let counts = StatusCounts::of(actions.iter().filter(|a| axe_of(a) == axe).map(|a| a.retained));
            (axe, counts)
        })
        .collect()
}

fn axe_of(action: &ActionResult) -> String {
    action.action.axe.clone().unwrap_or_else(|| "Sans axe".to_string())
}

//! The French sentences the committee reads about a status: why a row has none of the three
//! statuses, and why an action is retained as it is. Compute gives the reasons; this words them
//! for the workbook (and for any other writer of the bilan).

use crate::compute::IndicatorResult;
use crate::compute::lines::{About, Lagging, Retention, Unassessed};
use crate::compute::realised::Realised;
use crate::model::Direction;
use crate::parse::number::format_french;
use rust_decimal::Decimal;

/// The standard L.2111-3 figures of §10 shown in the Synthèse and the committee's document, with their short labels.
pub const STANDARD_ROWS: [(&str, &str); 14] = [
    ("marches_notifies_nombre", "Marchés notifiés (nombre)"),
    ("marches_notifies_montant", "Marchés notifiés (montant HT)"),
    (
        "consideration_env_nombre",
        "Avec une considération environnementale, en nombre",
    ),
    (
        "consideration_env_montant",
        "Avec une considération environnementale, en montant",
    ),
    (
        "consideration_env_renseignes_nombre",
        "… parmi les marchés où elle est renseignée",
    ),
    (
        "consideration_sociale_nombre",
        "Avec une considération sociale, en nombre",
    ),
    (
        "consideration_sociale_montant",
        "Avec une considération sociale, en montant",
    ),
    (
        "consideration_sociale_renseignes_nombre",
        "… parmi les marchés où elle est renseignée",
    ),
    ("titulaire_tpe_pme_nombre", "Titulaire TPE ou PME, en nombre"),
    ("titulaire_tpe_pme_montant", "Titulaire TPE ou PME, en montant"),
    ("marche_reserve_nombre", "Marchés réservés, en nombre"),
    ("titulaire_ess_nombre", "Titulaire de l'ESS, en nombre"),
    ("heures_insertion", "Heures d'insertion prévues"),
    ("heures_insertion_etp", "… en équivalents temps plein (1 607 h)"),
];

/// The facilitator's figures (§13), shown after the standard rows when the inputs have them.
pub const INSERTION_ROWS: [(&str, &str); 2] = [
    (
        "heures_insertion_realisees",
        "Heures d'insertion réalisées (suivi du facilitateur)",
    ),
    ("participants_insertion", "… personnes ayant travaillé ces heures"),
];

/// The rows of the L.2111-3 table: the standard ones, then the facilitator's when given.
pub fn standard_rows(figures: &[crate::compute::standard::StandardFigure]) -> Vec<(&'static str, &'static str)> {
    let followed = figures.iter().any(|f| f.code == INSERTION_ROWS[0].0);
    let extra = if followed { &INSERTION_ROWS[..] } else { &[] };
    STANDARD_ROWS.iter().chain(extra).copied().collect()
}

/// The contrats de concession (§10), counted apart from the marchés: shown in a block of their
/// own when the inputs hold any, in N or N-1.
pub const CONCESSION_ROWS: [(&str, &str); 5] = [
    ("concessions_nombre", "Contrats de concession signés (nombre)"),
    ("concessions_montant", "Valeur globale HT"),
    (
        "concessions_consideration_env_nombre",
        "Avec une considération environnementale, en nombre",
    ),
    (
        "concessions_consideration_sociale_nombre",
        "Avec une considération sociale, en nombre",
    ),
    ("concessions_reservees_nombre", "Concessions réservées, en nombre"),
];

/// The rows of the concessions' block; none without a concession.
pub fn concession_rows(figures: &[crate::compute::standard::StandardFigure]) -> Vec<(&'static str, &'static str)> {
    let any = figures.iter().any(|f| f.code == CONCESSION_ROWS[0].0);
    if any { CONCESSION_ROWS.to_vec() } else { Vec::new() }
}

/// The words of the loi Climat panel (§11): marchés, or contracts when concessions are in its
/// scope (they carry the environmental obligations too).
pub struct ComplianceWords {
    /// The panel's title.
    pub title: &'static str,
    /// The header of its first column.
    pub header: &'static str,
    /// The row of contracts in scope.
    pub in_scope: &'static str,
    /// The row of the compliant share.
    pub share: &'static str,
}

/// The loi Climat panel's words for `summary`.
pub fn compliance_words(summary: &crate::compute::compliance::ComplianceSummary) -> ComplianceWords {
    if summary.contracts.iter().any(|c| c.purchase.is_concession()) {
        ComplianceWords {
            title: "Loi Climat et résilience : marchés et concessions lancés depuis le 21/08/2026 (hors défense et sécurité)",
            header: "Contrats notifiés ou signés dans l'année",
            in_scope: "Contrats concernés",
            share: "Part des contrats pleinement conformes",
        }
    } else {
        ComplianceWords {
            title: "Loi Climat et résilience : marchés lancés depuis le 21/08/2026 (hors défense et sécurité)",
            header: "Marchés notifiés dans l'année",
            in_scope: "Marchés concernés",
            share: "Part des marchés pleinement conformes",
        }
    }
}

/// Why a row has none of the three statuses, for `year`.
pub fn unassessed(reason: Unassessed, year: i32) -> String {
    match reason {
        Unassessed::NoTarget => format!("Sans cible pour {year}"),
        Unassessed::NoStatusDeclared => format!("Non renseigné : pas de statut déclaré pour {year}"),
        Unassessed::NoComputedValue => format!("Non renseigné : le calcul ne donne pas de valeur pour {year}"),
        Unassessed::NoRealised => format!("Non renseigné : pas de réalisé {year}"),
        Unassessed::SeveralValues => {
            format!(
                "Non renseigné : le réalisé {year} donne plusieurs valeurs (une par population), aucune n'est retenue"
            )
        }
        Unassessed::NothingTicked => "Non renseigné : aucun statut coché".to_string(),
    }
}

/// Why the action is retained as it is, in one French sentence (empty when there is nothing to
/// explain): `Statut déclaré Atteint, calcul Partiellement atteint : I1.2 non atteint. Le calcul
/// est retenu.`
pub fn retention(retention: &Retention, indicators: &[IndicatorResult], year: i32) -> String {
    match retention {
        Retention::Agreed => String::new(),
        Retention::Computed(lagging) => lagging_rows(lagging, indicators),
        Retention::ComputedOverDeclared {
            declared,
            computed,
            lagging,
        } => {
            let why = if lagging.is_empty() {
                "tous les indicateurs évalués sont atteints".to_string()
            } else {
                lagging_rows(lagging, indicators)
            };
            format!(
                "Statut déclaré {}, calcul {} : {why}. Le calcul est retenu.",
                declared.label(),
                computed.label()
            )
        }
        Retention::DeclaredKept(declared) => format!(
            "Aucun indicateur évalué pour {year} : le statut déclaré {} est retenu.",
            declared.label()
        ),
        Retention::NothingAssessed => format!("Aucun indicateur évalué ni statut déclaré pour {year}."),
    }
}

/// `I1.2 non atteint, « Former les acheteurs… » partiellement atteint`.
fn lagging_rows(lagging: &[Lagging], indicators: &[IndicatorResult]) -> String {
    lagging
        .iter()
        .map(|row| {
            let name = match &row.about {
                About::Indicator(i) => indicators
                    .get(*i)
                    .map_or_else(String::new, |r| indicator_name(&r.indicator.code)),
                About::Objective(wording) => format!("« {} »", first_words(wording)),
            };
            format!("{name} {}", row.status.label().to_lowercase())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An indicator's code as a remark names it: `I1.2`, but `indicateur 2` for a bare number.
fn indicator_name(code: &crate::model::Code) -> String {
    if code.spelling().chars().any(char::is_alphabetic) {
        code.to_string()
    } else {
        format!("indicateur {code}")
    }
}

/// What the committee should know about an indicator's figures for `year`: a target that is a
/// level to keep (§6.1), and the cells typed with a unit or a note, as typed (§4.3) — the
/// réalisé's only, unless `every_typed_cell`.
pub fn indicator_remark(result: &IndicatorResult, year: i32, every_typed_cell: bool) -> String {
    let mut parts = Vec::new();
    if result.level_to_keep
        && let (Some(target), Some(reference)) = (result.target, result.indicator.reference)
    {
        let unit = if result.indicator.is_percent() { " %" } else { "" };
        let (side, reached) = match result.indicator.sens {
            Direction::Hausse => ("au niveau de la référence ou en deçà", "dès que le réalisé l'atteint"),
            Direction::Baisse => (
                "au niveau de la référence ou au-delà",
                "tant que le réalisé ne la dépasse pas",
            ),
        };
        parts.push(format!(
            "Cible {}{unit} {side} ({}{unit}) : niveau à maintenir, atteint {reached} ; pas de progression calculée",
            format_french(target),
            format_french(reference)
        ));
    }
    let typed: Vec<String> = result
        .indicator
        .saisies
        .iter()
        .filter(|(what, _)| every_typed_cell && (what == "Référence" || *what == format!("Cible {year}")))
        .map(|(what, text)| format!("{what} « {text} »"))
        .chain(
            result
                .realised_typed
                .iter()
                .map(|text| format!("Réalisé {year} « {text} »")),
        )
        .collect();
    if !typed.is_empty() {
        parts.push(format!("Saisi : {}", typed.join(", ")));
    }
    if let Some(note) = doubtful_note(result) {
        parts.insert(0, note[..1].to_uppercase() + &note[1..]);
    }
    let remark = parts.join(". ");
    if remark.is_empty() || remark.ends_with('?') {
        remark
    } else {
        format!("{remark}.")
    }
}

/// A figure in its indicator's unit: `46,6 %`, `60 000 heures`, `12 000 €`, `3`.
pub fn figure(result: &IndicatorResult, value: Decimal) -> String {
    let indicator = &result.indicator;
    // A share is shown to a tenth, a small one (a fraction typed for a percentage) to a hundredth.
    let decimals = if indicator.is_percent() && value.abs() >= Decimal::ONE {
        1
    } else {
        2
    };
    let shown = format_french(value.round_dp(decimals));
    match indicator.unite.as_deref().map(str::trim) {
        _ if indicator.is_percent() => format!("{shown} %"),
        Some(unit) if !unit.is_empty() && !unit.eq_ignore_ascii_case("nombre") => format!("{shown} {unit}"),
        _ => shown,
    }
}

/// Cible N as the committee reads it.
pub fn target_text(result: &IndicatorResult) -> Option<String> {
    match (result.target, &result.target_text) {
        (Some(target), _) => Some(figure(result, target)),
        (None, Some(text)) => Some(text.clone()),
        (None, None) => None,
    }
}

/// Réalisé N as the committee reads it.
pub fn realised_text(result: &IndicatorResult) -> Option<String> {
    match &result.realised {
        Some(Realised::Number(value)) => Some(figure(result, *value)),
        Some(Realised::Text(text)) => Some(text.clone()),
        None => None,
    }
}

/// Why an assessed indicator has its status, in words: `réalisé 46,6 % pour une cible de
/// 40 % : atteint (progression de 110 % depuis la référence)`.
pub fn indicator_reason(result: &IndicatorResult) -> String {
    let status = result.status.label().to_lowercase();
    let mut reason = match (realised_text(result), target_text(result)) {
        (Some(realised), Some(target)) => format!("réalisé {realised} pour une cible de {target} : {status}"),
        (Some(realised), None) => format!("réalisé {realised} : {status}"),
        _ => status,
    };
    if let Some(progress) = result.progress.filter(|_| result.indicator.reference.is_some()) {
        reason.push_str(&format!(
            " (progression de {} % depuis la référence)",
            format_french((progress * Decimal::ONE_HUNDRED).round_dp(0))
        ));
    }
    if result.level_to_keep {
        reason.push_str(" ; cible au niveau de la référence ou en deçà : un niveau à maintenir");
    }
    if let Some(note) = doubtful_note(result) {
        reason.push_str(&format!(" ; {note}"));
    }
    reason
}

/// `valeur douteuse : 0,4 % — vouliez-vous dire 40 % ?`, for a réalisé that looks like a
/// fraction typed for a percentage.
pub fn doubtful_note(result: &IndicatorResult) -> Option<String> {
    let meant = result.doubtful?;
    let typed = realised_text(result)?;
    Some(format!(
        "valeur douteuse : {typed} — vouliez-vous dire {} % ?",
        format_french(meant.round_dp(1))
    ))
}

/// A standard L.2111-3 figure as text (`78,1 %`, `47 689 038 €`, `16,13`), `—` for a share of
/// no marché.
pub fn standard_value(figure: &crate::compute::standard::StandardFigure) -> String {
    let Some(value) = figure.value else {
        return "—".to_string();
    };
    match figure.unit {
        "%" => format!("{} %", format_french(value.round_dp(1))),
        "€ HT" => format!("{} €", format_french(value.round_dp(0))),
        "ETP" => format_french(value.round_dp(2)),
        _ => format_french(value.round_dp(0)),
    }
}

/// A wording cut to a few words for a remark (the full wording is on its own row).
fn first_words(text: &str) -> String {
    const WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= WORDS {
        text.to_string()
    } else {
        format!("{}…", words[..WORDS].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn a_declared_status_overridden_by_the_computation_says_which_rows_lag() {
        let retention = Retention::ComputedOverDeclared {
            declared: Status::Atteint,
            computed: Status::PartiellementAtteint,
            lagging: vec![Lagging {
                about: About::Objective("Former les acheteurs aux clauses sociales dans tous les services".into()),
                status: Status::NonAtteint,
            }],
        };
        assert_eq!(
            super::retention(&retention, &[], 2024),
            "Statut déclaré Atteint, calcul Partiellement atteint : « Former les acheteurs aux clauses sociales dans tous… » non atteint. Le calcul est retenu."
        );
        assert_eq!(super::retention(&Retention::Agreed, &[], 2024), "");
        assert_eq!(
            unassessed(Unassessed::NoRealised, 2024),
            "Non renseigné : pas de réalisé 2024"
        );
    }
}

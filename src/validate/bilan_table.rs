//! Existing bilan tables (the layout of seed 001): one follow-up row per objective with the
//! status marked by an X, the actions named by the fiche action labels, the axe of the section
//! row above (§4).

use super::rows::{Row, Sheet, non_blank};
use super::suivi::source;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{self, Action, FollowUp, Origin, Status, Subject};
use crate::parse::Value;
use std::collections::HashMap;

/// What an existing bilan table gives: one follow-up row per objective, and the actions named
/// by the fiche action labels.
pub struct BilanTable {
    /// Follow-up rows (subject: objective).
    pub follow_ups: Vec<FollowUp>,
    /// Actions from the fiche action labels.
    pub actions: Vec<Action>,
}

const MARK_COLUMNS: [(&str, Status); 3] = [
    ("atteint", Status::Atteint),
    ("partiellement_atteint", Status::PartiellementAtteint),
    ("non_atteint", Status::NonAtteint),
];

/// Reads an existing bilan table. The year comes from the headers (`Objectifs / Actions 2022`),
/// else from `default_year` (`--year`).
pub fn read(
    sheet: &Sheet<'_>,
    rows: &[Row],
    default_year: Option<i32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BilanTable {
    let mut table = BilanTable {
        follow_ups: Vec::new(),
        actions: Vec::new(),
    };
    let Some(year) = table_year(sheet, default_year, diagnostics) else {
        return table;
    };
    let mut objectives_per_action: HashMap<(model::Code, Option<String>), usize> = HashMap::new();
    for row in rows.iter().filter(|row| !row.excluded) {
        let Some(Value::Label { code, wording }) = row.value("fiche_action") else {
            continue;
        };
        let axe = row.axe();
        if !table.actions.iter().any(|a| &a.code == code && a.axe == axe) {
            table.actions.push(Action {
                source: source(sheet, row),
                code: code.clone(),
                intitule: wording.clone(),
                axe: axe.clone(),
                origin: Origin::BilanTable,
                ..Action::default()
            });
        }
        let index = objectives_per_action.entry((code.clone(), axe.clone())).or_default();
        *index += 1;
        table.follow_ups.push(FollowUp {
            source: source(sheet, row),
            year,
            code_fa: code.clone(),
            subject: Some(Subject::Objective(*index)),
            objective: non_blank(row.text("objectif")),
            realise: None,
            statut_declare: declared_status(sheet, row, diagnostics),
            mise_en_oeuvre: non_blank(row.text("mise_en_oeuvre")),
            freins: non_blank(row.text("freins")),
            solutions: non_blank(row.text("solutions")),
            commentaire: None,
            axe,
        });
    }
    table
}

fn table_year(sheet: &Sheet<'_>, default_year: Option<i32>, diagnostics: &mut Vec<Diagnostic>) -> Option<i32> {
    let mut years: Vec<i32> = sheet.layout.columns.iter().filter_map(|c| c.year).collect();
    years.sort_unstable();
    years.dedup();
    match years.as_slice() {
        [year] => Some(*year),
        [] => {
            if default_year.is_none() {
                diagnostics.push(
                    Diagnostic::error(
                        sheet.location.at_row(sheet.layout.header_row),
                        Code::YearMissing,
                        "Tableau de bilan sans année dans ses en-têtes : ses lignes ne peuvent pas être rattachées à une année.",
                    )
                    .suggest("Écrivez l'année dans l'en-tête (« Objectifs / Actions 2024 ») ou relancez avec --year."),
                );
            }
            default_year
        }
        [.., last] => {
            diagnostics.push(
                Diagnostic::warning(
                    sheet.location.at_row(sheet.layout.header_row),
                    Code::YearMissing,
                    format!(
                        "Les en-têtes du tableau de bilan portent plusieurs années ({}) : l'année {last} est retenue.",
                        years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                )
                .suggest("Une année par tableau de bilan."),
            );
            Some(*last)
        }
    }
}

/// The declared status of an objective: the single status column, or the one of the three
/// status columns marked with an `X`.
fn declared_status(sheet: &Sheet<'_>, row: &Row, diagnostics: &mut Vec<Diagnostic>) -> Option<Status> {
    if let Some(status) = row.text("statut_declare").and_then(|s| Status::from_declared(&s)) {
        return Some(status);
    }
    let marked: Vec<Status> = MARK_COLUMNS
        .iter()
        .filter(|(key, _)| matches!(row.value(key), Some(Value::Mark)))
        .map(|(_, status)| *status)
        .collect();
    let has_mark_columns = MARK_COLUMNS.iter().any(|(key, _)| row.col(key).is_some());
    let first_status_col = MARK_COLUMNS
        .iter()
        .find_map(|(key, _)| row.col(key))
        .or(row.col("statut_declare"))
        .unwrap_or(0);
    match marked.as_slice() {
        [status] => Some(*status),
        [] => {
            diagnostics.push(
                Diagnostic::warning(
                    sheet.location.at_cell(row.row, first_status_col),
                    Code::StatusMissing,
                    "Objectif sans statut déclaré : il compte comme Non renseigné.",
                )
                .suggest(if has_mark_columns {
                    "Mettez un X dans l'une des colonnes Atteint, Partiellement atteint ou Non atteint."
                } else {
                    "Renseignez le statut : Atteint, Partiellement atteint ou Non atteint."
                }),
            );
            None
        }
        several => {
            let labels: Vec<&str> = several.iter().map(|s| s.label()).collect();
            diagnostics.push(
                Diagnostic::error(
                    sheet.location.at_cell(row.row, first_status_col),
                    Code::StatusMultiple,
                    format!(
                        "Objectif marqué dans plusieurs colonnes de statut ({}) : le statut n'est pas retenu.",
                        labels.join(", ")
                    ),
                )
                .suggest("Ne laissez qu'un seul X sur la ligne."),
            );
            None
        }
    }
}

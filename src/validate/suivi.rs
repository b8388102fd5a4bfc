//! The suivi sheets (§4) into fiches action, indicators and follow-up rows, and the existing
//! bilan tables (seed 001 layout) into follow-up rows per objective.

use super::rows::{Row, Sheet, non_blank};
use crate::diagnostic::{Code, Diagnostic, Explanation, Location};
use crate::model::{
    self, Action, Computation, Direction, FollowUp, Indicator, IndicatorType, Origin, Realise, RealiseValue, SourceRow,
    Status, Subject,
};
use crate::parse::expression::parse_computation;
use crate::parse::number::{format_french, parse_decimal_text, parse_percent_text};
use crate::parse::{Value, text_of};
use crate::read::{CellValue, float_to_decimal};
use rust_decimal::Decimal;
use std::collections::HashMap;

fn source(sheet: &Sheet<'_>, row: &Row) -> Option<SourceRow> {
    Some(SourceRow {
        file: std::sync::Arc::clone(&sheet.location.file),
        sheet: sheet.grid.name.as_str().into(),
        row: row.row,
        entry: None,
    })
}

/// Fiches action of an Actions sheet.
pub fn actions(sheet: &Sheet<'_>, rows: &[Row]) -> Vec<Action> {
    rows.iter()
        .filter(|row| !row.excluded)
        .filter_map(|row| {
            Some(Action {
                source: source(sheet, row),
                code: row.code("code_fa")?,
                axe: non_blank(row.text("axe")),
                orientation: non_blank(row.text("orientation")),
                intitule: row.text("intitule")?,
                pilote: non_blank(row.text("pilote")),
                partenaires: non_blank(row.text("partenaires")),
                ..Action::default()
            })
        })
        .collect()
}

/// Indicators of an Indicateurs sheet; targets and reference values are read as numbers for
/// quantitative indicators.
pub fn indicators(sheet: &Sheet<'_>, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) -> Vec<Indicator> {
    rows.iter()
        .filter(|row| !row.excluded)
        .filter_map(|row| indicator(sheet, row, diagnostics))
        .collect()
}

fn indicator(sheet: &Sheet<'_>, row: &Row, diagnostics: &mut Vec<Diagnostic>) -> Option<Indicator> {
    let kind = row
        .text("type")
        .map(|t| IndicatorType::from_label(&t))
        .unwrap_or_default();
    let mut indicator = Indicator {
        source: source(sheet, row),
        code: row.code("code_indicateur")?,
        code_fa: row.code("code_fa")?,
        libelle: row.text("libelle")?,
        kind,
        unite: non_blank(row.text("unite")),
        sens: match row.text("sens").as_deref() {
            Some("Baisse") => Direction::Baisse,
            _ => Direction::Hausse,
        },
        calcul: non_blank(row.text("calcul")),
        filtre: non_blank(row.text("filtre")),
        annee_reference: row.year("annee_reference"),
        ..Indicator::default()
    };
    let numeric = kind == IndicatorType::Quantitatif;
    let at = |col: u32| sheet.location.at_cell(row.row, col);
    let mut typed_targets: Vec<(i32, Decimal, u32, CellValue)> = Vec::new();
    for field in row.fields.iter() {
        let Value::Raw(cell) = &field.value else { continue };
        match field.key {
            "valeur_reference" if numeric => {
                indicator.reference = number_or_report(cell, "Valeur de référence", at(field.col), diagnostics)
            }
            "cible" => match field.year {
                Some(year) if numeric => {
                    if let Some(target) = number_or_report(cell, &format!("Cible {year}"), at(field.col), diagnostics) {
                        indicator.cibles.insert(year, target);
                        typed_targets.push((year, target, field.col, cell.clone().into_owned()));
                    }
                }
                Some(year) => {
                    indicator.cibles_texte.insert(year, text_of(cell));
                }
                None => diagnostics.push(
                    Diagnostic::warning(
                        at(field.col),
                        Code::YearMissing,
                        "Colonne de cible sans année : la cible n'est rattachée à aucune année.",
                    )
                    .suggest("Nommez la colonne « Cible 2025 » (une colonne par année)."),
                ),
            },
            "seuil_partiel" => indicator.seuil_partiel = threshold_or_report(cell, at(field.col), diagnostics),
            _ => {}
        }
    }
    if indicator.is_percent() {
        fraction_targets(&indicator, &typed_targets, &at, diagnostics);
    }
    indicator.computation = computation(sheet, row, &indicator, diagnostics);
    Some(indicator)
}

/// §2 percentages apply to targets too: in a `%` indicator whose other targets are above 1, a
/// target between 0 and 1 typed without `%` is probably a fraction (0,3 for 30 %).
fn fraction_targets(
    indicator: &Indicator,
    targets: &[(i32, Decimal, u32, CellValue)],
    at: &dyn Fn(u32) -> Location,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let above_one =
        targets.iter().any(|(_, v, _, _)| *v > Decimal::ONE) || indicator.reference.is_some_and(|r| r > Decimal::ONE);
    if !above_one {
        return;
    }
    for (year, value, col, cell) in targets {
        let with_sign = matches!(cell, CellValue::Text(t) if t.contains('%'));
        if *value > Decimal::ZERO && *value < Decimal::ONE && !with_sign {
            let as_percent = format_french(*value * Decimal::ONE_HUNDRED);
            diagnostics.push(
                Diagnostic::warning(
                    at(*col),
                    Code::PercentAmbiguous,
                    format!(
                        "Cible {year} « {} » de l'indicateur {} en %, dont les autres cibles dépassent 1 : vouliez-vous dire {as_percent} % ?",
                        format_french(*value),
                        indicator.code
                    ),
                )
                .suggest(format!("Les pourcentages se saisissent de 0 à 100 : écrivez {as_percent}.")),
            );
        }
    }
}

/// Parses `Calcul` with `Filtre` (§4.1); each invalid expression is an error on its own cell.
fn computation(
    sheet: &Sheet<'_>,
    row: &Row,
    indicator: &Indicator,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Computation> {
    let calcul = indicator.calcul.as_deref()?;
    let at = |key: &str| match row.col(key) {
        Some(col) => sheet.location.at_cell(row.row, col),
        None => sheet.location.at_row(row.row),
    };
    if indicator.kind != IndicatorType::Quantitatif {
        diagnostics.push(
            Diagnostic::warning(
                at("calcul"),
                Code::CalculIgnored,
                format!(
                    "Calcul « {calcul} » ignoré : l'indicateur {} n'est pas quantitatif, son réalisé se saisit dans le Suivi.",
                    indicator.code
                ),
            )
            .suggest("Videz la cellule Calcul, ou passez le Type à Quantitatif."),
        );
        return None;
    }
    match parse_computation(calcul, indicator.filtre.as_deref(), sheet.catalogue) {
        Ok(computation) => Some(computation),
        Err((calcul_error, filter_error)) => {
            let excluded = format!(
                " Le réalisé de l'indicateur {} ne peut pas être calculé.",
                indicator.code
            );
            for (error, key, code) in [
                (calcul_error, "calcul", Code::CalculInvalid),
                (filter_error, "filtre", Code::FilterInvalid),
            ] {
                if let Some(error) = error {
                    let message = format!("{}{excluded}", error.message);
                    diagnostics.push(Diagnostic::error(at(key), code, Explanation { message, ..error }));
                }
            }
            None
        }
    }
}

/// A number typed in a target or reference cell: `30`, `30 %`, `1 200,5`.
pub(super) fn number_of(cell: &CellValue) -> Option<Decimal> {
    match cell {
        CellValue::Number(n) => float_to_decimal(*n),
        CellValue::Text(text) => parse_percent_text(text)
            .map(|(v, _)| v)
            .or_else(|| parse_decimal_text(text)),
        _ => None,
    }
}

fn number_or_report(
    cell: &CellValue,
    what: &str,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    let value = number_of(cell);
    if value.is_none() {
        diagnostics.push(
            Diagnostic::error(
                location,
                Code::NumberInvalid,
                format!(
                    "{what} « {} » : un nombre est attendu pour un indicateur quantitatif.",
                    text_of(cell)
                ),
            )
            .suggest("Saisissez un nombre (ex. 30, 30 % ou 12 000)."),
        );
    }
    value
}

/// The partial threshold as a fraction: `0,5`, `50`, `50 %` all give 0.5.
fn threshold_or_report(cell: &CellValue, location: Location, diagnostics: &mut Vec<Diagnostic>) -> Option<Decimal> {
    let fraction = number_of(cell).map(|v| if v > Decimal::ONE { v / Decimal::ONE_HUNDRED } else { v });
    match fraction {
        Some(v) if v > Decimal::ZERO && v < Decimal::ONE => Some(v),
        _ => {
            diagnostics.push(
                Diagnostic::error(
                    location,
                    Code::PercentInvalid,
                    format!(
                        "Seuil partiel « {} » : une part strictement entre 0 et 100 % est attendue.",
                        text_of(cell)
                    ),
                )
                .suggest("Saisissez par exemple 50 %. Sans seuil, 50 % s'applique."),
            );
            None
        }
    }
}

/// Follow-up rows of a Suivi sheet.
pub fn follow_ups(sheet: &Sheet<'_>, rows: &[Row]) -> Vec<FollowUp> {
    rows.iter()
        .filter(|row| !row.excluded)
        .filter_map(|row| {
            let code_indicateur = row.code("code_indicateur");
            let realise = row
                .fields
                .iter()
                .find(|f| f.key == "realise")
                .and_then(|f| match &f.value {
                    Value::Raw(cell) => Some(typed_realise(cell, (row.row, f.col))),
                    _ => None,
                });
            Some(FollowUp {
                source: source(sheet, row),
                year: row.year("annee")?,
                code_fa: row.code("code_fa")?,
                subject: Some(code_indicateur.map(Subject::Indicator).unwrap_or(Subject::Action)),
                objective: None,
                realise,
                statut_declare: row.text("statut_declare").and_then(|s| Status::from_declared(&s)),
                mise_en_oeuvre: non_blank(row.text("mise_en_oeuvre")),
                freins: non_blank(row.text("freins")),
                solutions: non_blank(row.text("solutions")),
                commentaire: non_blank(row.text("commentaire")),
            })
        })
        .collect()
}

/// A réalisé typed once, without its indicator (it may be defined in another workbook): a
/// number, a number with `%`, a boolean cell, or words.
pub(super) fn typed_realise(cell: &CellValue, position: (u32, u32)) -> Realise {
    let value = match cell {
        CellValue::Number(n) => float_to_decimal(*n).map_or(RealiseValue::Words, RealiseValue::Number),
        CellValue::Text(text) => match parse_percent_text(text) {
            Some((value, true)) => RealiseValue::Percent(value),
            Some((value, false)) => RealiseValue::Number(value),
            None => RealiseValue::Words,
        },
        CellValue::Bool(b) => RealiseValue::Boolean(*b),
        _ => RealiseValue::Words,
    };
    Realise {
        value,
        text: text_of(cell),
        position,
    }
}

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
pub fn bilan_table(
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
    let mut objectives_per_action: HashMap<model::Code, usize> = HashMap::new();
    for row in rows.iter().filter(|row| !row.excluded) {
        let Some(Value::Label { code, wording }) = row.value("fiche_action") else {
            continue;
        };
        if !table.actions.iter().any(|a| &a.code == code) {
            table.actions.push(Action {
                source: source(sheet, row),
                code: code.clone(),
                intitule: wording.clone(),
                origin: Origin::BilanTable,
                ..Action::default()
            });
        }
        let index = objectives_per_action.entry(code.clone()).or_default();
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

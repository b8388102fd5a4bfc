//! The suivi sheets (§4) into fiches action, indicators and follow-up rows, and the existing
//! bilan tables (seed 001 layout) into follow-up rows per objective.

use super::rows::{Row, Sheet, non_blank};
use crate::diagnostic::{Code, Diagnostic, Explanation, Location};
use crate::model::UnitValue;
use crate::model::{
    self, Action, Computation, Direction, FollowUp, Indicator, IndicatorType, Realise, RealiseValue, SourceRow, Status,
    Subject,
};
use crate::parse::expression::parse_computation;
use crate::parse::number::{format_french, parse_decimal_text, parse_percent_text};
use crate::parse::unit_value::{self, NotAValue};
use crate::parse::{Value, text_of};
use crate::read::{CellValue, float_to_decimal};
use rust_decimal::Decimal;

pub(super) fn source(sheet: &Sheet<'_>, row: &Row) -> Option<SourceRow> {
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

/// What an Indicateurs sheet gives. A combined référentiel (§4: actions, indicators, targets
/// and `Réalisé <année>` columns in one sheet) gives its actions and follow-up rows too.
#[derive(Default)]
pub struct Referentiel {
    /// The indicators.
    pub indicators: Vec<Indicator>,
    /// The actions of a combined référentiel (an `Intitulé de l'action` column).
    pub actions: Vec<Action>,
    /// Each `Réalisé <année>` cell as that year's follow-up row of its indicator.
    pub follow_ups: Vec<FollowUp>,
}

/// Indicators of an Indicateurs sheet; targets and reference values are read as numbers for
/// quantitative indicators. In a combined référentiel, also its actions and réalisés.
pub fn indicators(sheet: &Sheet<'_>, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) -> Referentiel {
    let mut referentiel = Referentiel::default();
    for row in rows.iter().filter(|row| !row.excluded) {
        let Some(indicator) = indicator(sheet, row, diagnostics) else {
            continue;
        };
        let titled_code = match row.value("code_fa") {
            Some(Value::Label { wording, .. }) => Some(wording.clone()),
            _ => None,
        };
        if let Some(intitule) = non_blank(row.text("intitule_action")).or(titled_code)
            && !referentiel
                .actions
                .iter()
                .any(|a: &Action| a.code == indicator.code_fa && a.axe == indicator.axe)
        {
            referentiel.actions.push(Action {
                source: source(sheet, row),
                code: indicator.code_fa.clone(),
                axe: indicator.axe.clone(),
                orientation: non_blank(row.text("orientation")),
                intitule,
                ..Action::default()
            });
        }
        referentiel.follow_ups.extend(realised_by_year(sheet, row, &indicator));
        referentiel.indicators.push(indicator);
    }
    referentiel
}

/// The `Réalisé <année>` cells of a combined référentiel's row, as follow-up rows.
fn realised_by_year(sheet: &Sheet<'_>, row: &Row, indicator: &Indicator) -> Vec<FollowUp> {
    row.fields
        .iter()
        .filter(|f| f.key == "realise")
        .filter_map(|field| {
            let Value::Raw(cell) = &field.value else { return None };
            Some(FollowUp {
                source: source(sheet, row),
                year: field.year?,
                code_fa: indicator.code_fa.clone(),
                subject: Some(Subject::Indicator(indicator.code.clone())),
                realise: Some(typed_realise(cell, (row.row, field.col))),
                axe: indicator.axe.clone(),
                ..FollowUp::default()
            })
        })
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
        axe: row.axe(),
        ..Indicator::default()
    };
    method_in_words(&mut indicator, non_blank(row.text("methode")), sheet.catalogue);
    let numeric = kind == IndicatorType::Quantitatif;
    let at = |col: u32| sheet.location.at_cell(row.row, col);
    let mut typed_targets: Vec<(i32, Decimal, u32, CellValue)> = Vec::new();
    let mut read_direction = None;
    let mut read_unit = None;
    for field in row.fields.iter() {
        let Value::Raw(cell) = &field.value else { continue };
        match field.key {
            "valeur_reference" if numeric => {
                if let Some((value, measure)) =
                    number_or_report(cell, "Valeur de référence", at(field.col), diagnostics)
                {
                    indicator.reference = Some(value);
                    if let Some(measure) = measure {
                        indicator.annee_reference = indicator.annee_reference.or(measure.year);
                        read_direction = read_direction.or(measure.direction);
                        read_unit = read_unit.or(measure.unit);
                        indicator.saisies.push(("Référence".to_string(), text_of(cell)));
                    }
                }
            }
            "cible" => match field.year {
                Some(year) if numeric => {
                    let what = format!("Cible {year}");
                    if let Some((target, measure)) = number_or_report(cell, &what, at(field.col), diagnostics) {
                        if let Some(measure) = measure {
                            read_direction = read_direction.or(measure.direction);
                            read_unit = read_unit.or(measure.unit);
                            indicator.saisies.push((what, text_of(cell)));
                        }
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
    if row.text("sens").is_none()
        && let Some(direction) = read_direction
    {
        indicator.sens = direction;
    }
    if indicator.unite.is_none() {
        indicator.unite = read_unit.map(|unit| unit.label().to_string());
    }
    if indicator.is_percent() {
        fraction_targets(&indicator, &typed_targets, &at, diagnostics);
    }
    indicator.computation = computation(sheet, row, &indicator, diagnostics);
    Some(indicator)
}

/// `Mode de calcul`: a valid `Calcul` expression written there is computed (when no `Calcul`
/// column says otherwise); words are the Méthode the bilan shows.
fn method_in_words(indicator: &mut Indicator, method: Option<String>, catalogue: &crate::catalogue::Catalogue) {
    let Some(method) = method else { return };
    let computable = indicator.calcul.is_none()
        && indicator.kind == IndicatorType::Quantitatif
        && parse_computation(&method, indicator.filtre.as_deref(), catalogue).is_ok();
    if computable {
        indicator.calcul = Some(method);
    } else {
        indicator.methode = Some(method);
    }
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

/// A target or reference cell read as a number, else as a value with its unit and note (§4.3,
/// an info naming the value read); a cell giving several populations' values is a warning and
/// gives no number.
fn number_or_report(
    cell: &CellValue,
    what: &str,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Decimal, Option<UnitValue>)> {
    if let Some(value) = number_of(cell) {
        return Some((value, None));
    }
    let typed = text_of(cell);
    match unit_value::read(&typed) {
        Ok(measure) => {
            diagnostics.push(value_read(location, what, &typed, &measure));
            Some((measure.value, Some(measure)))
        }
        Err(NotAValue::SeveralPopulations(labels)) => {
            diagnostics.push(several_values(location, what, &typed, &labels));
            None
        }
        Err(NotAValue::NoFigure) => {
            diagnostics.push(
                Diagnostic::error(
                    location,
                    Code::NumberInvalid,
                    format!("{what} « {typed} » : un nombre est attendu pour un indicateur quantitatif."),
                )
                .suggest("Saisissez un nombre (ex. 30, 30 % ou 12 000)."),
            );
            None
        }
    }
}

/// The info naming what a value typed with its unit and note was read as (§4.3).
pub(crate) fn value_read(location: Location, what: &str, typed: &str, measure: &UnitValue) -> Diagnostic {
    let mut read = format_french(measure.value);
    if let Some(unit) = measure.unit {
        read = format!("{read} {}", unit.label());
    }
    let mut details = Vec::new();
    match measure.direction {
        Some(Direction::Hausse) => details.push("sens Hausse".to_string()),
        Some(Direction::Baisse) => details.push("sens Baisse".to_string()),
        None => {}
    }
    if let Some(year) = measure.year {
        details.push(format!("année {year}"));
    }
    let details = if details.is_empty() {
        String::new()
    } else {
        format!(" ({})", details.join(", "))
    };
    Diagnostic::info(
        location,
        Code::ValueRead,
        format!("{what} « {typed} » lu comme {read}{details} ; le texte saisi est repris dans le bilan."),
    )
}

/// The warning for a cell holding values for several populations (§4.3).
pub(crate) fn several_values(location: Location, what: &str, typed: &str, labels: &[String]) -> Diagnostic {
    Diagnostic::warning(
        location,
        Code::SeveralValues,
        format!(
            "{what} « {typed} » : plusieurs valeurs, pour {} ; aucune n'est retenue, la valeur n'est pas calculée.",
            labels.join(", ")
        ),
    )
    .suggest("Un indicateur par population (une ligne chacun), ou une seule valeur globale dans la cellule.")
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
                axe: row.axe(),
            })
        })
        .collect()
}

/// A réalisé typed once, without its indicator (it may be defined in another workbook): a
/// number, a number with `%`, a value with its unit and note (§4.3), a boolean cell, or words.
pub(super) fn typed_realise(cell: &CellValue, position: (u32, u32)) -> Realise {
    let mut measured = None;
    let value = match cell {
        CellValue::Number(n) => float_to_decimal(*n).map_or(RealiseValue::Words, RealiseValue::Number),
        CellValue::Text(text) => match parse_percent_text(text) {
            Some((value, true)) => RealiseValue::Percent(value),
            Some((value, false)) => RealiseValue::Number(value),
            None => match unit_value::read(text) {
                Ok(measure) => {
                    let value = if measure.unit == Some(model::ValueUnit::Percent) {
                        RealiseValue::Percent(measure.value)
                    } else {
                        RealiseValue::Number(measure.value)
                    };
                    measured = Some(measure);
                    value
                }
                Err(NotAValue::SeveralPopulations(labels)) => RealiseValue::SeveralPopulations(labels),
                Err(NotAValue::NoFigure) => RealiseValue::Words,
            },
        },
        CellValue::Bool(b) => RealiseValue::Boolean(*b),
        _ => RealiseValue::Words,
    };
    Realise {
        value,
        text: text_of(cell),
        position,
        measured,
    }
}

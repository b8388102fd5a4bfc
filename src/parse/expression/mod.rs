//! The `Calcul` and `Filtre` expressions of computed indicators (§4.1), parsed once into a
//! [`Computation`] that the compute step evaluates on the recensement. An unknown field,
//! operator or shortcut is an [`Explanation`] carrying the closest known spelling.
//!
//! Grammar (case, accents and spaces do not matter):
//!
//! ```text
//! calcul    := "nombre" | "montant" | "somme:" field | "part:" conditions
//!            | "part_montant:" conditions | shortcut
//! conditions:= condition (";" condition)*
//! condition := field op value
//! op        := "=" | "!=" | "<" | "<=" | ">" | ">=" | "contient"   (also "<>", "≠", "≤", "≥")
//! ```
//!
//! `field` is a §3 key (`montant_ht`) or header (`Montant HT (€)`), or `consideration_env` /
//! `consideration_sociale`. For an enumeration, `value` may list several values separated by
//! commas: the condition holds when the field is one of them (`categorie_titulaire = TPE, PME`).
//!
//! The shortcut table lives in [`shortcuts`] (the Notice lists it), the fields a condition may
//! name in [`fields`](mod@fields); evaluation is `compute::population`.

pub mod fields;
pub mod shortcuts;

pub use fields::{FieldKind, fields};
pub use shortcuts::{FORMS, SHORTCUTS, Shortcut};

use crate::catalogue::Catalogue;
use crate::diagnostic::Explanation;
use crate::model::Code;
use crate::model::computation::{Computation, Condition, FacilitatorFigure, Measure, Operand, Operator};
use crate::normalise::{clean_text, normalise};
use crate::parse::boolean::parse_boolean_text;
use crate::parse::date::parse_date_text;
use crate::parse::number::{parse_decimal_text, parse_percent_text};
use fields::{closest, resolve_field};

const OPERATOR_SYMBOLS: [&str; 7] = ["=", "!=", "<", "<=", ">", ">=", "contient"];

/// Parses `Calcul` and `Filtre` together. Errors are returned per cell: the first for
/// `Calcul`, the second for `Filtre`.
pub fn parse_computation(
    calcul: &str,
    filtre: Option<&str>,
    catalogue: &Catalogue,
) -> Result<Computation, (Option<Explanation>, Option<Explanation>)> {
    let calcul = parse_calcul(calcul, catalogue);
    let filter = filtre.map_or(Ok(Vec::new()), |text| parse_conditions(text, catalogue));
    match (calcul, filter) {
        (Ok(mut computation), Ok(filter)) => {
            computation.filter.extend(filter);
            Ok(computation)
        }
        (calcul, filter) => Err((calcul.err(), filter.err())),
    }
}

/// Parses a `Calcul` (a form or a shortcut).
pub fn parse_calcul(text: &str, catalogue: &Catalogue) -> Result<Computation, Explanation> {
    let cleaned = clean_text(text);
    if let Some(shortcut) = SHORTCUTS.iter().find(|s| normalise(s.name) == normalise(&cleaned)) {
        if let Some(figure) = facilitator_figure(shortcut.name) {
            return Ok(Computation {
                measure: Measure::Facilitator(figure),
                filter: Vec::new(),
            });
        }
        let mut computation = parse_form(shortcut.calcul, catalogue)?;
        computation.filter = parse_conditions(shortcut.filtre, catalogue)?;
        return Ok(computation);
    }
    parse_form(&cleaned, catalogue)
}

fn facilitator_figure(shortcut: &str) -> Option<FacilitatorFigure> {
    match shortcut {
        "heures_insertion_realisees" => Some(FacilitatorFigure::HoursDone),
        "participants_insertion" => Some(FacilitatorFigure::Participants),
        _ => None,
    }
}

fn parse_form(text: &str, catalogue: &Catalogue) -> Result<Computation, Explanation> {
    let (head, argument) = match text.split_once(':') {
        Some((head, argument)) => (normalise(head), Some(argument.trim())),
        None => (normalise(text), None),
    };
    let measure = match (head.as_str(), argument) {
        ("nombre", None) => Measure::Count,
        ("montant", None) => Measure::Sum("montant_ht".to_string()),
        ("somme", Some(field)) => Measure::Sum(numeric_field(field, catalogue)?),
        ("part", Some(conditions)) => Measure::Share(non_empty_conditions(conditions, catalogue)?),
        ("part montant", Some(conditions)) => Measure::AmountShare(non_empty_conditions(conditions, catalogue)?),
        ("somme" | "part" | "part montant", None) => {
            return Err(Explanation::new(format!(
                "Calcul « {text} » incomplet : il manque ce qui suit les deux-points."
            ))
            .suggest(match head.as_str() {
                "somme" => "Écrivez par exemple somme:heures_insertion.",
                _ => "Écrivez par exemple part:alloti = oui.",
            }));
        }
        _ => return Err(unknown_calcul(text)),
    };
    Ok(Computation {
        measure,
        filter: Vec::new(),
    })
}

fn unknown_calcul(text: &str) -> Explanation {
    let names: Vec<&str> = FORMS
        .iter()
        .map(|(form, _)| *form)
        .chain(SHORTCUTS.iter().map(|s| s.name))
        .collect();
    let typed = text.split(':').next().unwrap_or(text);
    let error = Explanation::new(format!(
        "Calcul « {text} » inconnu : ni une forme (nombre, montant, somme:, part:, part_montant:) ni un raccourci."
    ));
    match closest(typed, names.iter().map(|n| n.split(':').next().unwrap_or(n))) {
        Some(name) => error.suggest(format!(
            "Vouliez-vous dire « {name} » ? Calculs possibles : {}.",
            names.join(", ")
        )),
        None => error.suggest(format!("Calculs possibles : {}.", names.join(", "))),
    }
}

fn non_empty_conditions(text: &str, catalogue: &Catalogue) -> Result<Vec<Condition>, Explanation> {
    let conditions = parse_conditions(text, catalogue)?;
    if conditions.is_empty() {
        return Err(
            Explanation::new("Condition manquante après « part: ».").suggest("Écrivez par exemple part:alloti = oui.")
        );
    }
    Ok(conditions)
}

fn numeric_field(text: &str, catalogue: &Catalogue) -> Result<String, Explanation> {
    let (key, kind) = resolve_field(text, catalogue)?;
    if kind != FieldKind::Number {
        return Err(Explanation::new(format!(
            "somme:{} : le champ « {key} » n'est pas numérique.",
            clean_text(text)
        ))
        .suggest(format!("Champs numériques : {}.", numeric_keys(catalogue).join(", "))));
    }
    Ok(key)
}

fn numeric_keys(catalogue: &Catalogue) -> Vec<String> {
    fields(catalogue)
        .into_iter()
        .filter(|(_, _, kind)| *kind == FieldKind::Number)
        .map(|(key, _, _)| key)
        .collect()
}

/// Parses conditions joined by `;` (an empty text gives none).
pub fn parse_conditions(text: &str, catalogue: &Catalogue) -> Result<Vec<Condition>, Explanation> {
    text.split(';')
        .map(clean_text)
        .filter(|part| !part.is_empty())
        .map(|part| parse_condition(&part, catalogue))
        .collect()
}

fn parse_condition(text: &str, catalogue: &Catalogue) -> Result<Condition, Explanation> {
    let (field_text, op, value_text) = split_condition(text, catalogue)?;
    let (field, kind) = resolve_field(field_text, catalogue)?;
    check_operator_fits(op, &field, &kind)?;
    let value_text = value_text.trim();
    if value_text.is_empty() {
        return Err(
            Explanation::new(format!("Condition « {text} » sans valeur après « {} ».", op.symbol())).suggest(format!(
                "Écrivez par exemple « {field} {} {} ».",
                op.symbol(),
                example_value(&kind)
            )),
        );
    }
    let operand = parse_operand(value_text, &field, &kind, catalogue)?;
    Ok(Condition { field, op, operand })
}

/// Splits `champ op valeur` at the operator, symbolic (`>=`) or a word (`contient`).
fn split_condition<'a>(text: &'a str, catalogue: &Catalogue) -> Result<(&'a str, Operator, &'a str), Explanation> {
    let is_op_char = |c: char| matches!(c, '=' | '!' | '<' | '>' | '≠' | '≤' | '≥');
    if let Some(start) = text.find(is_op_char) {
        let run_len: usize = text[start..]
            .chars()
            .take_while(|c| is_op_char(*c))
            .map(char::len_utf8)
            .sum();
        let symbol = &text[start..start + run_len];
        let op = symbolic_operator(symbol).ok_or_else(|| unknown_operator(symbol, text))?;
        return Ok((&text[..start], op, &text[start + run_len..]));
    }
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    if let Some(&(start, word)) = words.iter().find(|(_, w)| normalise(w) == "contient") {
        return Ok((&text[..start], Operator::Contains, &text[start + word.len()..]));
    }
    // No operator: the word after the longest known field is the unknown operator.
    for split in (1..words.len()).rev() {
        let (start, word) = words[split];
        if resolve_field(&text[..start], catalogue).is_ok() {
            return Err(unknown_operator(word, text));
        }
    }
    Err(Explanation::new(format!(
        "Condition « {text} » illisible : la forme attendue est « champ opérateur valeur »."
    ))
    .suggest("Par exemple « montant_ht >= 40000 » ou « alloti = oui » ; plusieurs conditions se séparent par « ; »."))
}

fn symbolic_operator(symbol: &str) -> Option<Operator> {
    Some(match symbol {
        "=" => Operator::Eq,
        "!=" | "<>" | "≠" => Operator::Ne,
        "<" => Operator::Lt,
        "<=" | "≤" => Operator::Le,
        ">" => Operator::Gt,
        ">=" | "≥" => Operator::Ge,
        _ => return None,
    })
}

fn unknown_operator(symbol: &str, text: &str) -> Explanation {
    let suggestion = match symbol {
        "==" => Some("="),
        "=>" => Some(">="),
        "=<" => Some("<="),
        "=!" => Some("!="),
        other => closest(other, OPERATOR_SYMBOLS.iter().copied()),
    };
    let error = Explanation::new(format!(
        "Opérateur « {symbol} » inconnu dans « {text} » : opérateurs possibles {}.",
        OPERATOR_SYMBOLS.join(" ")
    ));
    match suggestion {
        Some(op) => error.suggest(format!("Vouliez-vous dire « {op} » ?")),
        None => error.suggest(format!("Opérateurs possibles : {}.", OPERATOR_SYMBOLS.join(" "))),
    }
}

fn check_operator_fits(op: Operator, field: &str, kind: &FieldKind) -> Result<(), Explanation> {
    let allowed: &[Operator] = match kind {
        FieldKind::Number | FieldKind::Date => &[
            Operator::Eq,
            Operator::Ne,
            Operator::Lt,
            Operator::Le,
            Operator::Gt,
            Operator::Ge,
        ],
        FieldKind::Bool | FieldKind::Enum(_) => &[Operator::Eq, Operator::Ne],
        FieldKind::Text | FieldKind::Codes => &[Operator::Eq, Operator::Ne, Operator::Contains],
    };
    if allowed.contains(&op) {
        return Ok(());
    }
    let symbols: Vec<&str> = allowed.iter().map(|o| o.symbol()).collect();
    Err(Explanation::new(format!(
        "L'opérateur « {} » ne s'applique pas au champ « {field} ».",
        op.symbol()
    ))
    .suggest(format!("Opérateurs possibles pour ce champ : {}.", symbols.join(" "))))
}

fn parse_operand(text: &str, field: &str, kind: &FieldKind, catalogue: &Catalogue) -> Result<Operand, Explanation> {
    let invalid = |expected: &str| {
        Explanation::new(format!(
            "Valeur « {text} » invalide pour le champ « {field} » : {expected} attendu."
        ))
        .suggest(format!("Écrivez par exemple « {field} = {} ».", example_value(kind)))
    };
    match kind {
        FieldKind::Bool => parse_boolean_text(text)
            .map(Operand::Bool)
            .ok_or_else(|| invalid("oui ou non")),
        FieldKind::Number => parse_decimal_text(text)
            .or_else(|| parse_percent_text(text).map(|(v, _)| v))
            .map(Operand::Number)
            .ok_or_else(|| invalid("un nombre")),
        FieldKind::Date => parse_date_text(text)
            .map(Operand::Date)
            .map_err(|_| invalid("une date jj/mm/aaaa")),
        FieldKind::Enum(name) => enum_values(text, field, name, catalogue).map(Operand::OneOf),
        FieldKind::Text => Ok(Operand::Text(normalise(text))),
        FieldKind::Codes => Code::new(text)
            .map(Operand::Code)
            .ok_or_else(|| invalid("un code de fiche action (ex. FA3)")),
    }
}

fn enum_values(text: &str, field: &str, name: &str, catalogue: &Catalogue) -> Result<Vec<String>, Explanation> {
    let Some(spec) = catalogue.enumeration(name) else {
        return Ok(vec![clean_text(text).into_owned()]);
    };
    text.split([',', '|'])
        .map(clean_text)
        .filter(|v| !v.is_empty())
        .map(|value| match spec.lookup(&value) {
            Some(canonical) => Ok(canonical.to_string()),
            None => {
                let allowed = spec.canonical_values().join(", ");
                let error = Explanation::new(format!(
                    "Valeur « {value} » inconnue pour le champ « {field} » : valeurs possibles {allowed}."
                ));
                Err(match super::enumeration::closest(&value, spec) {
                    Some(close) => error.suggest(format!("Vouliez-vous dire « {close} » ?")),
                    None => error.suggest(format!("Choisissez parmi : {allowed}.")),
                })
            }
        })
        .collect()
}

fn example_value(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Bool => "oui",
        FieldKind::Number => "40000",
        FieldKind::Date => "01/07/2024",
        FieldKind::Enum(_) => "Fournitures",
        FieldKind::Text => "texte",
        FieldKind::Codes => "FA3",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn catalogue() -> Catalogue {
        Catalogue::builtin().expect("builtin catalogue")
    }

    fn calcul(text: &str) -> Result<Computation, Explanation> {
        parse_calcul(text, &catalogue())
    }

    fn conditions(text: &str) -> Result<Vec<Condition>, Explanation> {
        parse_conditions(text, &catalogue())
    }

    fn condition(field: &str, op: Operator, operand: Operand) -> Condition {
        Condition {
            field: field.to_string(),
            op,
            operand,
        }
    }

    #[test]
    fn calcul_nombre_counts_and_montant_sums_montant_ht() {
        assert_eq!(calcul("nombre").map(|c| c.measure), Ok(Measure::Count));
        assert_eq!(
            calcul(" Montant ").map(|c| c.measure),
            Ok(Measure::Sum("montant_ht".into()))
        );
    }

    #[test]
    fn shortcuts_heures_insertion_realisees_and_participants_insertion_read_the_facilitator_follow_up() {
        assert_eq!(
            calcul("heures_insertion_realisees").map(|c| c.measure),
            Ok(Measure::Facilitator(FacilitatorFigure::HoursDone))
        );
        assert_eq!(
            calcul("Participants insertion").map(|c| c.measure),
            Ok(Measure::Facilitator(FacilitatorFigure::Participants))
        );
    }

    #[test]
    fn calcul_somme_of_a_numeric_field() {
        assert_eq!(
            calcul("somme:heures_insertion").map(|c| c.measure),
            Ok(Measure::Sum("heures_insertion".into()))
        );
        assert_eq!(
            calcul("somme : Montant réemploi ou recyclé HT (€)").map(|c| c.measure),
            Ok(Measure::Sum("montant_reemploi".into()))
        );
        let error = calcul("somme:objet").expect_err("text field");
        assert!(error.message.contains("n'est pas numérique"), "{error:?}");
    }

    #[test]
    fn calcul_part_and_part_montant_take_conditions() {
        let expected = vec![condition("alloti", Operator::Eq, Operand::Bool(true))];
        assert_eq!(
            calcul("part:alloti = oui").map(|c| c.measure),
            Ok(Measure::Share(expected.clone()))
        );
        assert_eq!(
            calcul("part_montant:alloti=Oui").map(|c| c.measure),
            Ok(Measure::AmountShare(expected))
        );
        assert!(calcul("part:").is_err());
        assert!(calcul("part").is_err());
    }

    #[test]
    fn every_shortcut_expands_to_its_form_and_filter() {
        for shortcut in SHORTCUTS.iter().filter(|s| s.calcul != shortcuts::FACILITATOR) {
            let computation = calcul(shortcut.name).unwrap_or_else(|e| panic!("{}: {e:?}", shortcut.name));
            let form = calcul(shortcut.calcul).expect("form");
            assert_eq!(computation.measure, form.measure, "{}", shortcut.name);
            assert_eq!(
                computation.filter,
                conditions(shortcut.filtre).expect("filtre"),
                "{}",
                shortcut.name
            );
        }
        assert_eq!(
            calcul("part_tpe_pme").map(|c| c.measure),
            Ok(Measure::Share(vec![condition(
                "categorie_titulaire",
                Operator::Eq,
                Operand::OneOf(vec!["TPE".into(), "PME".into()])
            )]))
        );
        assert_eq!(
            calcul("nb_reserves").map(|c| c.filter),
            Ok(vec![condition("marche_reserve", Operator::Eq, Operand::Bool(true))])
        );
    }

    #[test]
    fn an_unknown_shortcut_is_an_error_suggesting_the_closest() {
        let error = calcul("part_envi").expect_err("unknown");
        assert!(error.message.contains("inconnu"), "{error:?}");
        assert!(
            error.suggestion.as_deref().is_some_and(|s| s.contains("« part_env »")),
            "{error:?}"
        );
    }

    #[test]
    fn filtre_accepts_every_operator() {
        let cases = [
            ("montant_ht = 40000", Operator::Eq),
            ("montant_ht != 40000", Operator::Ne),
            ("montant_ht <> 40000", Operator::Ne),
            ("montant_ht < 40000", Operator::Lt),
            ("montant_ht <= 40000", Operator::Le),
            ("montant_ht > 40000", Operator::Gt),
            ("montant_ht >= 40000", Operator::Ge),
            ("montant_ht ≥ 40000", Operator::Ge),
        ];
        for (text, op) in cases {
            assert_eq!(
                conditions(text),
                Ok(vec![condition("montant_ht", op, Operand::Number(dec!(40000)))]),
                "{text}"
            );
        }
        assert_eq!(
            conditions("actions_ciblees contient FA 3"),
            Ok(vec![condition(
                "actions_ciblees",
                Operator::Contains,
                Operand::Code(Code::new("FA3").expect("code"))
            )])
        );
    }

    #[test]
    fn filtre_joins_conditions_with_semicolons_and_reads_french_numbers() {
        assert_eq!(
            conditions("nature = F; montant_ht >= 40 000 € ;"),
            Ok(vec![
                condition("nature", Operator::Eq, Operand::OneOf(vec!["Fournitures".into()])),
                condition("montant_ht", Operator::Ge, Operand::Number(dec!(40000))),
            ])
        );
        assert_eq!(
            conditions("Date de notification >= 01/07/2024"),
            Ok(vec![condition(
                "date_notification",
                Operator::Ge,
                Operand::Date(NaiveDate::from_ymd_opt(2024, 7, 1).expect("date"))
            )])
        );
    }

    #[test]
    fn an_unknown_field_is_an_error_suggesting_the_closest_key() {
        let error = conditions("montant_hors_taxe >= 40000").expect_err("unknown field");
        assert!(
            error.message.contains("Champ « montant_hors_taxe » inconnu"),
            "{error:?}"
        );
        assert_eq!(error.suggestion.as_deref(), Some("Vouliez-vous dire « montant_ht » ?"));
    }

    #[test]
    fn an_unknown_operator_is_an_error_suggesting_the_right_one() {
        let error = conditions("montant_ht => 40000").expect_err("=>");
        assert!(error.message.contains("Opérateur « => » inconnu"), "{error:?}");
        assert_eq!(error.suggestion.as_deref(), Some("Vouliez-vous dire « >= » ?"));
        let error = conditions("actions_ciblees contien FA3").expect_err("word");
        assert!(error.message.contains("Opérateur « contien » inconnu"), "{error:?}");
        assert_eq!(error.suggestion.as_deref(), Some("Vouliez-vous dire « contient » ?"));
    }

    #[test]
    fn an_operator_that_does_not_fit_the_field_or_a_bad_value_is_an_error() {
        assert!(conditions("alloti > oui").is_err());
        assert!(conditions("alloti = peut-être").is_err());
        assert!(conditions("montant_ht >= beaucoup").is_err());
        let error = conditions("nature = Fourniture courante").expect_err("enum");
        assert!(error.message.contains("inconnue"), "{error:?}");
        assert!(conditions("montant_ht >=").is_err());
        assert!(conditions("n'importe quoi").is_err());
    }
}

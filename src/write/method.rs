//! The `Méthode` of an indicator said in French (§6): its `Calcul` and `Filtre` as a committee
//! reads them — « Part des marchés notifiés avec au moins une considération environnementale,
//! parmi ceux de moins de 40 000 € HT » — instead of `part_env ; filtre : montant_ht < 40000`.

use crate::catalogue::{Catalogue, SheetKind};
use crate::model::computation::{CONSIDERATION_ENV, CONSIDERATION_SOCIALE};
use crate::model::{Computation, Condition, FacilitatorFigure, Indicator, Measure, Operand, Operator};
use crate::parse::number::format_french;

/// The method of an indicator, in French.
pub fn describe(indicator: &Indicator, catalogue: &Catalogue) -> String {
    match (&indicator.calcul, &indicator.computation) {
        (None, _) => match &indicator.methode {
            Some(words) => words.clone(),
            None => "Valeur saisie dans le suivi".to_string(),
        },
        (Some(calcul), None) => format!("Calcul « {calcul} » invalide : voir Anomalies"),
        (Some(_), Some(computation)) => sentence(computation, catalogue),
    }
}

/// `Calcul` and `Filtre` as one sentence.
pub fn sentence(computation: &Computation, catalogue: &Catalogue) -> String {
    let among = if computation.filter.is_empty() {
        String::new()
    } else {
        format!(", parmi ceux {}", conditions(&computation.filter, catalogue))
    };
    match &computation.measure {
        Measure::Count => format!("Nombre de marchés notifiés dans l'année{among}"),
        Measure::Sum(key) if key == "montant_ht" => {
            format!("Montant HT total des marchés notifiés dans l'année{among}")
        }
        Measure::Sum(key) => format!(
            "Somme « {} » des marchés notifiés dans l'année{among}",
            label(key, catalogue)
        ),
        Measure::Share(conds) => format!("Part des marchés notifiés {}{among}", conditions(conds, catalogue)),
        Measure::AmountShare(conds) => format!(
            "Part du montant HT des marchés notifiés {}{among}",
            conditions(conds, catalogue)
        ),
        Measure::Facilitator(figure) => {
            let what = match figure {
                FacilitatorFigure::HoursDone => "Heures d'insertion réalisées dans l'année",
                FacilitatorFigure::Participants => "Personnes ayant travaillé des heures d'insertion dans l'année",
            };
            let contracts = if computation.filter.is_empty() {
                String::new()
            } else {
                format!(", pour les marchés {}", conditions(&computation.filter, catalogue))
            };
            format!("{what} selon le suivi du facilitateur des clauses sociales{contracts}")
        }
    }
}

fn conditions(conditions: &[Condition], catalogue: &Catalogue) -> String {
    conditions
        .iter()
        .map(|c| condition(c, catalogue))
        .collect::<Vec<_>>()
        .join(" et ")
}

fn label(key: &str, catalogue: &Catalogue) -> String {
    match key {
        CONSIDERATION_ENV => "Considération environnementale".to_string(),
        CONSIDERATION_SOCIALE => "Considération sociale".to_string(),
        _ => catalogue
            .kind(SheetKind::Recensement)
            .column(key)
            .map_or_else(|| key.to_string(), |c| c.label.clone()),
    }
}

/// How a condition on a yes/no field reads, when the field has a wording of its own.
fn yes_no_wording(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        CONSIDERATION_ENV => (
            "avec au moins une considération environnementale",
            "sans considération environnementale",
        ),
        CONSIDERATION_SOCIALE => ("avec au moins une considération sociale", "sans considération sociale"),
        "clause_env" => ("avec une clause environnementale", "sans clause environnementale"),
        "critere_env" => ("avec un critère environnemental", "sans critère environnemental"),
        "clause_sociale" => ("avec une clause sociale d'insertion", "sans clause sociale d'insertion"),
        "critere_social" => ("avec un critère social", "sans critère social"),
        "marche_reserve" => ("réservés (SIAE, EA, ESAT, ESS)", "non réservés"),
        "titulaire_ess" => ("attribués à un titulaire de l'ESS", "attribués hors ESS"),
        "alloti" => ("allotis", "non allotis"),
        "mutualise" => ("mutualisés", "non mutualisés"),
        "variante" => ("autorisant des variantes", "sans variantes"),
        "innovant" => ("innovants", "non innovants"),
        _ => return None,
    })
}

fn condition(condition: &Condition, catalogue: &Catalogue) -> String {
    let key = condition.field.as_str();
    let negated = condition.op == Operator::Ne;
    match &condition.operand {
        Operand::Bool(value) => {
            let yes = *value != negated;
            match yes_no_wording(key) {
                Some((with, without)) => (if yes { with } else { without }).to_string(),
                None => format!(
                    "dont « {} » vaut {}",
                    label(key, catalogue),
                    if yes { "Oui" } else { "Non" }
                ),
            }
        }
        Operand::Number(value) if key == "montant_ht" => {
            amount(condition.op, &format!("{} € HT", format_french(*value)))
        }
        Operand::Number(value) => format!(
            "dont « {} » {} {}",
            label(key, catalogue),
            comparison(condition.op),
            format_french(*value)
        ),
        Operand::Date(date) => format!(
            "dont « {} » {} {}",
            label(key, catalogue),
            date_comparison(condition.op),
            date.format("%d/%m/%Y")
        ),
        Operand::OneOf(values) => format!(
            "dont « {} » {} {}",
            label(key, catalogue),
            if negated { "n'est pas" } else { "est" },
            values.join(" ou ")
        ),
        Operand::Text(text) => format!(
            "dont « {} » {} « {text} »",
            label(key, catalogue),
            match condition.op {
                Operator::Contains => "contient",
                Operator::Ne => "n'est pas",
                _ => "est",
            }
        ),
        Operand::Code(code) if negated => format!("ne ciblant pas l'action {code}"),
        Operand::Code(code) => format!("ciblant l'action {code}"),
    }
}

fn amount(op: Operator, value: &str) -> String {
    match op {
        Operator::Lt => format!("de moins de {value}"),
        Operator::Le => format!("d'au plus {value}"),
        Operator::Gt => format!("de plus de {value}"),
        Operator::Ge => format!("d'au moins {value}"),
        Operator::Eq | Operator::Contains => format!("de {value} exactement"),
        Operator::Ne => format!("d'un montant autre que {value}"),
    }
}

fn comparison(op: Operator) -> &'static str {
    match op {
        Operator::Lt => "est inférieur à",
        Operator::Le => "est au plus",
        Operator::Gt => "est supérieur à",
        Operator::Ge => "est au moins",
        Operator::Eq | Operator::Contains => "vaut",
        Operator::Ne => "ne vaut pas",
    }
}

fn date_comparison(op: Operator) -> &'static str {
    match op {
        Operator::Lt => "est avant le",
        Operator::Le => "est au plus tard le",
        Operator::Gt => "est après le",
        Operator::Ge => "est à partir du",
        Operator::Eq | Operator::Contains => "est le",
        Operator::Ne => "n'est pas le",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::expression::parse_computation;

    fn method(calcul: &str, filtre: Option<&str>) -> String {
        let catalogue = Catalogue::builtin().expect("catalogue");
        let computation = parse_computation(calcul, filtre, &catalogue).expect("valid");
        sentence(&computation, &catalogue)
    }

    #[test]
    fn each_form_of_calcul_is_said_in_french() {
        assert_eq!(method("nombre", None), "Nombre de marchés notifiés dans l'année");
        assert_eq!(
            method("montant", None),
            "Montant HT total des marchés notifiés dans l'année"
        );
        assert_eq!(
            method("somme:heures_insertion", None),
            "Somme « Heures d'insertion » des marchés notifiés dans l'année"
        );
        assert_eq!(
            method("part:clause_env = oui", None),
            "Part des marchés notifiés avec une clause environnementale"
        );
        assert_eq!(
            method("part_montant:alloti = oui", None),
            "Part du montant HT des marchés notifiés allotis"
        );
        assert_eq!(
            method("part_env", Some("montant_ht < 40000")),
            "Part des marchés notifiés avec au moins une considération environnementale, parmi ceux de moins de 40 000 € HT"
        );
        assert_eq!(
            method("nb_reserves", None),
            "Nombre de marchés notifiés dans l'année, parmi ceux réservés (SIAE, EA, ESAT, ESS)"
        );
        assert_eq!(
            method(
                "part_tpe_pme",
                Some("nature = Travaux; date_notification >= 01/07/2024")
            ),
            "Part des marchés notifiés dont « Catégorie du titulaire » est TPE ou PME, parmi ceux dont « Nature » est Travaux et dont « Date de notification » est à partir du 01/07/2024"
        );
        assert_eq!(
            method("nombre", Some("actions_ciblees contient FA 3")),
            "Nombre de marchés notifiés dans l'année, parmi ceux ciblant l'action FA 3"
        );
    }

    #[test]
    fn the_facilitator_shortcuts_say_they_read_the_facilitator_follow_up() {
        assert_eq!(
            method("heures_insertion_realisees", None),
            "Heures d'insertion réalisées dans l'année selon le suivi du facilitateur des clauses sociales"
        );
        assert_eq!(
            method("participants_insertion", Some("nature = Travaux")),
            "Personnes ayant travaillé des heures d'insertion dans l'année selon le suivi du facilitateur des clauses sociales, pour les marchés dont « Nature » est Travaux"
        );
    }
}

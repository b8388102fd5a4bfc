//! The considerations columns that procurement suites and DECP write (§3): `Considérations
//! sociales` = `Clause sociale, Critère social`, `Considérations environnementales` = `Pas de
//! considération environnementale`. Each list sets the purchase's flags; a flag column of the same
//! sheet wins where both are filled, and a disagreement is a warning.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::Purchase;
use crate::normalise::normalise;

/// A consideration a list can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    ClauseSociale,
    CritereSocial,
    MarcheReserve,
    ClauseEnv,
    CritereEnv,
}

impl Item {
    /// Every item, with the spellings suites use (normalised) and its label.
    const ALL: [(Item, &'static [&'static str], &'static str); 5] = [
        (
            Item::ClauseSociale,
            &[
                "clause sociale",
                "clause sociale d insertion",
                "clause d insertion",
                "clause insertion",
            ],
            "Clause sociale",
        ),
        (
            Item::CritereSocial,
            &["critere social", "critere sociale", "critere d insertion"],
            "Critère social",
        ),
        (
            Item::MarcheReserve,
            &["marche reserve", "reserve", "marches reserves", "concession reservee"],
            "Marché réservé",
        ),
        (Item::ClauseEnv, &["clause environnementale"], "Clause environnementale"),
        (
            Item::CritereEnv,
            &["critere environnemental"],
            "Critère environnemental",
        ),
    ];

    fn of(normalised: &str) -> Option<Item> {
        Item::ALL
            .iter()
            .find(|(_, spellings, _)| spellings.contains(&normalised))
            .map(|(item, _, _)| *item)
    }

    fn label(self) -> &'static str {
        Item::ALL
            .iter()
            .find(|(item, _, _)| *item == self)
            .map_or("", |(_, _, label)| label)
    }

    fn flag(self, purchase: &mut Purchase) -> &mut Option<bool> {
        match self {
            Item::ClauseSociale => &mut purchase.clause_sociale,
            Item::CritereSocial => &mut purchase.critere_social,
            Item::MarcheReserve => &mut purchase.marche_reserve,
            Item::ClauseEnv => &mut purchase.clause_env,
            Item::CritereEnv => &mut purchase.critere_env,
        }
    }
}

/// Which column a list was read from: the flags it speaks for when it names none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `Considérations sociales`.
    Social,
    /// `Considérations environnementales`.
    Environmental,
}

impl Side {
    fn items(self) -> &'static [Item] {
        match self {
            Side::Social => &[Item::ClauseSociale, Item::CritereSocial, Item::MarcheReserve],
            Side::Environmental => &[Item::ClauseEnv, Item::CritereEnv],
        }
    }
}

/// A list that means « none »: `Pas de considération sociale`, `Sans objet`, `Aucune`.
fn means_none(normalised: &str) -> bool {
    normalised.is_empty()
        || normalised.starts_with("pas de consideration")
        || ["sans objet", "aucune", "aucun", "neant", "non", "nc"].contains(&normalised)
}

/// Sets the purchase's flags from the list typed in its `side` column at `location`; a flag
/// already given by its own column is kept, and a disagreement is a warning.
pub fn apply(text: &str, side: Side, purchase: &mut Purchase, location: &Location, diagnostics: &mut Vec<Diagnostic>) {
    let mut named: Vec<Item> = Vec::new();
    for part in text.split([',', ';', '/', '+', '\n']) {
        let normalised = normalise(part);
        if means_none(&normalised) {
            continue;
        }
        match Item::of(&normalised) {
            Some(item) => named.push(item),
            None => {
                diagnostics.push(unknown_item(part.trim(), location.clone()));
                return;
            }
        }
    }
    let spoken_for = side.items().iter().chain(named.iter()).copied();
    let mut disagreements = Vec::new();
    for item in spoken_for {
        let listed = named.contains(&item);
        let flag = item.flag(purchase);
        match *flag {
            None => *flag = Some(listed),
            Some(own) if own != listed && !disagreements.contains(&item) => disagreements.push(item),
            Some(_) => {}
        }
    }
    if !disagreements.is_empty() {
        diagnostics.push(disagreement(text, &disagreements, location.clone()));
    }
}

fn unknown_item(part: &str, location: Location) -> Diagnostic {
    let wanted = normalise(part);
    let closest = Item::ALL
        .iter()
        .flat_map(|(item, spellings, _)| spellings.iter().map(move |s| (item, s)))
        .map(|(item, spelling)| (strsim::damerau_levenshtein(&wanted, spelling), *item))
        .filter(|(edits, _)| *edits <= (wanted.chars().count() / 6).max(1))
        .min_by_key(|(edits, _)| *edits);
    let error = Diagnostic::error(
        location,
        Code::EnumUnknown,
        format!("Considération « {part} » inconnue : la liste n'est pas lue."),
    );
    match closest {
        Some((_, item)) => error.suggest(format!("Vouliez-vous dire « {} » ?", item.label())),
        None => error.suggest(
            "Écrivez les considérations séparées par des virgules : Clause sociale, Critère social, Marché réservé, Clause environnementale, Critère environnemental, ou « Pas de considération ».",
        ),
    }
}

fn disagreement(text: &str, items: &[Item], location: Location) -> Diagnostic {
    let names: Vec<&str> = items.iter().map(|i| i.label()).collect();
    Diagnostic::warning(
        location,
        Code::ConsiderationsDisagree,
        format!(
            "La liste « {} » ne dit pas la même chose que la colonne {} de la ligne : la colonne est retenue.",
            text.trim(),
            names.join(", ")
        ),
    )
    .suggest("Mettez la liste et la colonne d'accord, ou laissez l'une des deux vide.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn flags(p: &Purchase) -> [Option<bool>; 5] {
        [
            p.clause_sociale,
            p.critere_social,
            p.marche_reserve,
            p.clause_env,
            p.critere_env,
        ]
    }

    #[test]
    fn a_decp_list_sets_the_flags_it_names_and_clears_the_others_of_its_side() {
        let at = Location::file(Path::new("a.csv"));
        let mut purchase = Purchase::default();
        let mut diagnostics = Vec::new();
        apply(
            "Clause sociale, Critère social",
            Side::Social,
            &mut purchase,
            &at,
            &mut diagnostics,
        );
        apply(
            "Pas de considération environnementale",
            Side::Environmental,
            &mut purchase,
            &at,
            &mut diagnostics,
        );
        assert_eq!(
            flags(&purchase),
            [Some(true), Some(true), Some(false), Some(false), Some(false)]
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut purchase = Purchase::default();
        apply(
            "Réservé + Clause d'insertion",
            Side::Social,
            &mut purchase,
            &at,
            &mut diagnostics,
        );
        assert_eq!(flags(&purchase)[..3], [Some(true), Some(false), Some(true)]);
    }

    #[test]
    fn a_flag_column_wins_and_a_disagreement_is_a_warning_an_unknown_item_an_error() {
        let at = Location::file(Path::new("a.csv"));
        let mut purchase = Purchase {
            clause_sociale: Some(false),
            ..Purchase::default()
        };
        let mut diagnostics = Vec::new();
        apply("Clause sociale", Side::Social, &mut purchase, &at, &mut diagnostics);
        assert_eq!(purchase.clause_sociale, Some(false));
        assert_eq!(diagnostics[0].code, Code::ConsiderationsDisagree);
        let mut diagnostics = Vec::new();
        apply(
            "Clause sociale; Bio",
            Side::Social,
            &mut Purchase::default(),
            &at,
            &mut diagnostics,
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::EnumUnknown);
        assert!(diagnostics[0].message().contains("« Bio »"));
        let mut diagnostics = Vec::new();
        apply(
            "Clauses sociales",
            Side::Social,
            &mut Purchase::default(),
            &at,
            &mut diagnostics,
        );
        assert_eq!(
            diagnostics[0].suggestion(),
            Some("Vouliez-vous dire « Clause sociale » ?")
        );
    }
}

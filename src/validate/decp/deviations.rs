//! The deviations from the DECP format that real files show (§10), accepted where their meaning
//! is clear, with one warning per file and kind of deviation rather than one per contract.

use crate::diagnostic::{Code, Diagnostic, Location};
use std::collections::BTreeMap;

/// A deviation from the format that real files show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Deviation {
    /// « Sans objet » for « Pas de considération … ».
    NoneSpelledOtherwise,
    /// A list written as one text joined with `, `.
    FlattenedList,
    /// `dureeMois: "NC"`.
    DurationNotGiven,
    /// `true` written `"oui"`, `"1"`.
    BooleanAsText,
    /// A number written as text.
    NumberAsText,
    /// `acheteur_id` for `acheteur.id`.
    FlattenedKey,
    /// A titulaire without its `titulaire` wrapper.
    TitulaireUnwrapped,
    /// `offresRecues: 0` for a notified contract.
    NoOfferReceived,
}

impl Deviation {
    fn explain(self) -> &'static str {
        match self {
            Deviation::NoneSpelledOtherwise => {
                "« Sans objet » est écrit pour « Pas de considération … » : lu comme aucune considération"
            }
            Deviation::FlattenedList => {
                "des listes sont écrites en un seul texte (« Clause sociale, Critère social ») : lues élément par élément"
            }
            Deviation::DurationNotGiven => "la durée est « NC » : lue comme non renseignée",
            Deviation::BooleanAsText => "des booléens sont écrits en texte (« oui », « 1 ») : lus comme vrai ou faux",
            Deviation::NumberAsText => "des nombres sont écrits en texte : lus comme des nombres",
            Deviation::FlattenedKey => {
                "des champs imbriqués sont aplatis (« acheteur_id » pour « acheteur.id ») : lus comme imbriqués"
            }
            Deviation::TitulaireUnwrapped => {
                "des titulaires (ou concessionnaires) sont écrits sans leur objet « titulaire » (« concessionnaire ») : lus tels quels"
            }
            Deviation::NoOfferReceived => {
                "« offresRecues » vaut 0 pour un marché notifié : valeur non significative (spaser ne l'utilise pas)"
            }
        }
    }
}

/// The deviations seen in one file: for each kind, where it was first seen and how often.
#[derive(Debug, Default)]
pub struct Deviations(BTreeMap<Deviation, (Location, usize)>);

impl Deviations {
    pub(super) fn note(&mut self, deviation: Deviation, location: Location) {
        self.0.entry(deviation).or_insert((location, 0)).1 += 1;
    }

    /// One warning per kind of deviation, at its first place.
    pub fn into_diagnostics(self) -> impl Iterator<Item = Diagnostic> {
        self.0.into_iter().map(|(deviation, (location, count))| {
            Diagnostic::warning(
                location,
                Code::DecpDeviation,
                format!(
                    "Écart au format DECP : {} ({count} fois ; la première ici).",
                    deviation.explain()
                ),
            )
            .suggest("Signalez l'écart à l'éditeur du profil d'acheteur qui produit l'export.")
        })
    }
}

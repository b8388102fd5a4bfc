//! DECP contracts into purchases (§10): the field mapping (considerations → clause and critère
//! flags, nature from `ccag` and the CPV division, the first titulaire's SIRET), the schema's
//! enumerations, and the deviations real files show, accepted where their meaning is clear with
//! one warning per file and kind of deviation rather than one per contract.

use super::recensement::compliance_findings;
use crate::catalogue::{Catalogue, SheetKind, decp, decp_field};
use crate::diagnostic::{Code, Diagnostic, EntryList, Location, Problem};
use crate::model::compliance::Thresholds;
use crate::model::{Purchase, STATUT_NOTIFIE, SourceRow};
use crate::normalise::normalise;
use crate::parse::{self, Value as Typed, decimal_of};
use crate::read::CellValue;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// No public contract reaches this amount: a larger one is a placeholder (`1e17`).
const IMPLAUSIBLE_AMOUNT: i64 = 100_000_000_000;

/// What the contracts of one file are read with.
pub struct Context<'a> {
    /// The file.
    pub file: &'a Path,
    /// The column catalogue: its recensement columns type the fields.
    pub catalogue: &'a Catalogue,
    /// The EU thresholds of §11.
    pub thresholds: &'a Thresholds,
    /// The service of a buyer, from its `acheteur.id`.
    pub service: &'a dyn Fn(Option<&str>) -> String,
    /// Whether leaves carry JSON types: in XML every leaf is text, and text is no deviation.
    pub typed: bool,
    /// The notification dates plausible on the run's date.
    pub plausible: super::plausibility::Plausible,
}

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
                "des titulaires sont écrits sans leur objet « titulaire » : lus tels quels"
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
    fn note(&mut self, deviation: Deviation, location: Location) {
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

/// Reads one marché of a DECP file; `None` when a required field is missing or unusable (the
/// diagnostic says so).
pub fn purchase(
    context: &Context<'_>,
    list: EntryList,
    index: u32,
    fields: &Value,
    deviations: &mut Deviations,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Purchase> {
    let mut contract = Contract {
        context,
        list,
        index,
        fields,
        deviations,
        diagnostics,
    };
    contract.read()
}

/// One contract being read.
struct Contract<'a, 'c> {
    context: &'a Context<'c>,
    list: EntryList,
    index: u32,
    fields: &'a Value,
    deviations: &'a mut Deviations,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Contract<'a, '_> {
    fn read(&mut self) -> Option<Purchase> {
        let reference = self.reference();
        let objet = self.objet();
        let montant = self.amount();
        let date = self.notification_date();
        let nature = self.nature();
        let (Some(reference), Some(objet), Some(montant_ht), Some(date), Some(nature)) =
            (reference, objet, montant, date, nature)
        else {
            return None;
        };
        let (file, list, index) = (self.context.file, self.list, self.index);
        let at = || Location::entry(file, list, index, decp_field("date_notification"));
        if let Some(error) = self.context.plausible.notification(date, None, at) {
            self.diagnostics.push(error);
            return None;
        }
        let environmental = self.considerations(
            "considerationsEnvironnementales",
            "considerationsEnvironnementales.considerationEnvironnementale",
            &decp::ENVIRONMENTAL,
        );
        let social = self.considerations(
            "considerationsSociales",
            "considerationsSociales.considerationSociale",
            &decp::SOCIAL,
        );
        let flag = |found: &Option<Vec<&str>>, key: &str| found.as_ref().map(|keys| keys.contains(&key));
        self.offers_received();
        let buyer = self.lookup("acheteur.id").map(|(value, _)| leaf_text(value));
        let purchase = Purchase {
            source: Some(SourceRow {
                file: self.context.file.into(),
                sheet: self.list.path().into(),
                row: self.index,
                entry: Some(self.list),
            }),
            reference,
            service: (self.context.service)(buyer.as_deref()),
            objet,
            nature: nature.into(),
            procedure: self.typed("procedure").and_then(text_value).map(std::sync::Arc::from),
            montant_ht: Some(montant_ht),
            annee_prevue: None,
            date_notification: Some(date),
            statut: STATUT_NOTIFIE.into(),
            duree_mois: self.duration(),
            cpv: self.typed("cpv").and_then(text_value),
            clause_env: flag(&environmental, "clause_env"),
            critere_env: flag(&environmental, "critere_env"),
            clause_sociale: flag(&social, "clause_sociale"),
            critere_social: flag(&social, "critere_social"),
            marche_reserve: flag(&social, "marche_reserve"),
            innovant: self.typed("innovant").and_then(|v| match v {
                Typed::Bool(b) => Some(b),
                _ => None,
            }),
            taux_avance: self.advance_rate(),
            siret: self.siret(),
            defense_securite: self.defence(),
            ..Purchase::default()
        };
        let cell = |key: &str| Location::entry(file, list, index, decp_field(key));
        compliance_findings(&purchase, self.context.thresholds, &cell, self.diagnostics);
        Some(purchase)
    }

    fn at(&self, field: &'static str) -> Location {
        Location::entry(self.context.file, self.list, self.index, Some(field))
    }

    fn deviate(&mut self, deviation: Deviation, field: &'static str) {
        let location = self.at(field);
        self.deviations.note(deviation, location);
    }

    fn push(&mut self, problem: Problem, field: &'static str) {
        let location = self.at(field);
        self.diagnostics.push(problem.at(location));
    }

    fn missing(&mut self, field: &'static str, what: &str) {
        let location = self.at(field);
        self.diagnostics.push(
            Diagnostic::error(
                location,
                Code::RequiredValueMissing,
                format!("Contrat sans {what} (« {field} »)."),
            )
            .excluding_row()
            .suggest("Complétez la donnée dans le profil d'acheteur, puis exportez à nouveau."),
        );
    }

    /// A field by its dotted path; also found under the flattened key (`acheteur_id`). Empty
    /// text and `null` are no value.
    fn lookup(&mut self, path: &'static str) -> Option<(&'a Value, &'static str)> {
        let fields: &'a Value = self.fields;
        let nested = path.split('.').try_fold(fields, |value, key| value.get(key));
        let found = match nested {
            Some(value) => Some(value),
            None if path.contains('.') => {
                let flat = fields.get(path.replace('.', "_"));
                if flat.is_some_and(is_present) {
                    self.deviate(Deviation::FlattenedKey, path);
                }
                flat
            }
            None => None,
        };
        found.filter(|v| is_present(v)).map(|v| (v, path))
    }

    /// A §3 field read as its recensement column would be read.
    fn typed(&mut self, key: &'static str) -> Option<Typed<'static>> {
        let field = decp_field(key)?;
        let (value, _) = self.lookup(field)?;
        self.typed_value(key, field, value)
    }

    fn typed_value(&mut self, key: &str, field: &'static str, value: &Value) -> Option<Typed<'static>> {
        let catalogue = self.context.catalogue;
        let column = catalogue.kind(SheetKind::Recensement).column(key)?;
        if self.context.typed && value.is_string() {
            match column.column_type {
                crate::catalogue::ColumnType::Boolean => self.deviate(Deviation::BooleanAsText, field),
                crate::catalogue::ColumnType::Amount
                | crate::catalogue::ColumnType::Decimal
                | crate::catalogue::ColumnType::Integer => self.deviate(Deviation::NumberAsText, field),
                _ => {}
            }
        }
        let cell = cell_of(value);
        let reading = parse::read_cell(&cell, column, catalogue);
        if let Some(issue) = reading.issue {
            self.push(issue, field);
        }
        reading.value.map(Typed::into_owned)
    }

    fn objet(&mut self) -> Option<String> {
        let objet = self.typed("objet").and_then(text_value);
        if objet.is_none() {
            self.missing("objet", "objet");
        }
        objet
    }

    /// `id`, as written (a number id is not shown the French way).
    fn reference(&mut self) -> Option<String> {
        match self.lookup("id") {
            Some((value, _)) => Some(leaf_text(value)),
            None => {
                self.missing("id", "identifiant");
                None
            }
        }
    }

    fn amount(&mut self) -> Option<Decimal> {
        if self.lookup("montant").is_none() {
            self.missing("montant", "montant");
            return None;
        }
        let Some(Typed::Decimal(amount)) = self.typed("montant_ht") else {
            return None;
        };
        if amount >= Decimal::from(IMPLAUSIBLE_AMOUNT) {
            self.push(
                Problem::error(
                    Code::AmountInvalid,
                    format!(
                        "Montant de {} € HT invraisemblable (valeur de remplissage ?). Le contrat est exclu des calculs.",
                        parse::number::format_french(amount)
                    ),
                )
                .suggest("Corrigez le montant dans le profil d'acheteur, puis exportez à nouveau."),
                "montant",
            );
            return None;
        }
        Some(amount)
    }

    /// `dateNotification`; an ISO date with a time or a time zone (`2024-05-15+02:00`) is the
    /// date.
    fn notification_date(&mut self) -> Option<NaiveDate> {
        let Some((value, field)) = self.lookup("dateNotification") else {
            self.missing("dateNotification", "date de notification");
            return None;
        };
        let text = leaf_text(value);
        if let Some(date) = text
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            return Some(date);
        }
        match self.typed_value("date_notification", field, value) {
            Some(Typed::Date(date)) => Some(date),
            _ => {
                self.push(
                    Problem::error(
                        Code::DateNotificationMissing,
                        "Contrat sans date de notification lisible (aaaa-mm-jj attendu). Le contrat est exclu des calculs.",
                    ),
                    field,
                );
                None
            }
        }
    }

    /// Travaux by `ccag`; else by the CPV division (03–44 and 48 supplies, 45 works, other
    /// services); without a CPV code, by the `ccag` when it says services or supplies.
    fn nature(&mut self) -> Option<String> {
        let ccag = self.lookup("ccag").map(|(v, _)| leaf_text(v));
        if let Some(ccag) = &ccag
            && !decp::CCAG.iter().any(|known| same(known, ccag))
        {
            self.push(
                Problem::warning(
                    Code::EnumUnknown,
                    format!("CCAG « {ccag} » inconnu du format DECP ; la nature est prise du code CPV."),
                ),
                "ccag",
            );
        }
        let is = |value: &str| ccag.as_deref().is_some_and(|c| same(c, value));
        if is(decp::CCAG_TRAVAUX) {
            return Some("Travaux".to_string());
        }
        let division = self
            .lookup("codeCPV")
            .and_then(|(v, _)| leaf_text(v).get(..2).and_then(|d| d.parse::<u8>().ok()));
        let (low, high, other) = decp::CPV_SUPPLIES;
        let nature = match division {
            Some(decp::CPV_WORKS) => "Travaux",
            Some(d) if (low..=high).contains(&d) || d == other => "Fournitures",
            Some(_) => "Services",
            None if decp::CCAG_SERVICES.iter().any(|c| is(c)) => "Services",
            None if is("Marchés industriels") => "Fournitures",
            None => {
                self.push(
                    Problem::error(
                        Code::RequiredValueMissing,
                        "Nature indéterminable : ni code CPV, ni CCAG qui la dise. Le contrat est exclu des calculs.",
                    )
                    .suggest("Renseignez le code CPV du marché dans le profil d'acheteur."),
                    "codeCPV",
                );
                return None;
            }
        };
        Some(nature.to_string())
    }

    /// The §3 keys of the considerations given (`None`: the field is absent, so unknown). The
    /// list is `field.item` (`{"considerationSociale": [...]}`), or `field` itself.
    fn considerations(
        &mut self,
        field: &'static str,
        nested: &'static str,
        values: &[(&'static str, Option<&'static str>)],
    ) -> Option<Vec<&'static str>> {
        let (value, _) = match self.lookup(nested) {
            Some(found) => found,
            None => self.lookup(field)?,
        };
        let mut texts = Vec::new();
        collect_texts(value, &mut texts);
        let mut keys = Vec::new();
        for text in texts {
            let known = |t: &str| {
                values
                    .iter()
                    .find(|(v, _)| *v == t)
                    .or_else(|| values.iter().find(|(v, _)| same(v, t)))
            };
            let items: Vec<String> = if known(&text).is_none() && text.contains(',') {
                self.deviate(Deviation::FlattenedList, field);
                text.split(',')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            } else {
                vec![text]
            };
            for item in items {
                match known(&item) {
                    Some((_, Some(key))) => keys.push(*key),
                    Some((_, None)) => {}
                    None if decp::NONE_SPELLINGS.iter().any(|s| same(s, &item)) => {
                        self.deviate(Deviation::NoneSpelledOtherwise, field);
                    }
                    None => self.push(
                        Problem::warning(
                            Code::EnumUnknown,
                            format!(
                                "Considération « {item} » inconnue du format DECP (valeurs possibles : {}) : elle n'est pas comptée.",
                                values.iter().map(|(v, _)| *v).collect::<Vec<_>>().join(", ")
                            ),
                        ),
                        field,
                    ),
                }
            }
        }
        Some(keys)
    }

    fn duration(&mut self) -> Option<i64> {
        let (value, field) = self.lookup("dureeMois")?;
        if let Some(text) = value.as_str()
            && decp::NOT_GIVEN.iter().any(|n| n.eq_ignore_ascii_case(text.trim()))
        {
            self.deviate(Deviation::DurationNotGiven, field);
            return None;
        }
        match self.typed("duree_mois") {
            Some(Typed::Integer(months)) => Some(months),
            _ => None,
        }
    }

    /// `tauxAvance` is a fraction (0,1 for 10 %); a percentage (10) is read as one.
    fn advance_rate(&mut self) -> Option<Decimal> {
        let (value, field) = self.lookup("tauxAvance")?;
        let rate = decimal_of(&cell_of(value));
        match rate {
            Some(rate) if rate >= Decimal::ZERO && rate <= Decimal::ONE => Some(rate * Decimal::ONE_HUNDRED),
            Some(rate) if rate > Decimal::ONE && rate <= Decimal::ONE_HUNDRED => Some(rate),
            _ => {
                let shown = leaf_text(value);
                self.push(
                    Problem::warning(
                        Code::PercentInvalid,
                        format!("Taux d'avance « {shown} » illisible : une fraction entre 0 et 1 est attendue. Il n'est pas repris."),
                    ),
                    field,
                );
                None
            }
        }
    }

    /// The first titulaire's SIRET; a titulaire identified otherwise (TVA, HORS-UE) has none.
    fn siret(&mut self) -> Option<String> {
        const FIELD: &str = "titulaires[0].titulaire.id";
        let (titulaires, _) = self.lookup("titulaires")?;
        let first = match titulaires {
            Value::Array(items) => items.first()?,
            other => other,
        };
        let holder = match first.get("titulaire") {
            Some(Value::Array(items)) => items.first()?,
            Some(holder) => holder,
            None => first,
        };
        if first.get("titulaire").is_none() && first.get("id").is_some() {
            self.deviate(Deviation::TitulaireUnwrapped, FIELD);
        }
        let kind = holder.get("typeIdentifiant").map(leaf_text);
        if kind.is_some_and(|k| !k.eq_ignore_ascii_case("SIRET")) {
            return None;
        }
        let id = holder.get("id").filter(|v| is_present(v))?;
        match self.typed_value("siret", FIELD, &Value::String(leaf_text(id))) {
            Some(Typed::Text(digits)) => Some(digits.into_owned()),
            _ => None,
        }
    }

    /// `nature` « Marché de défense ou de sécurité » puts the contract outside §11.
    fn defence(&mut self) -> Option<bool> {
        let (value, field) = self.lookup("nature")?;
        let nature = leaf_text(value);
        if !decp::NATURES.iter().any(|n| same(n, &nature)) {
            self.push(
                Problem::warning(
                    Code::EnumUnknown,
                    format!(
                        "Nature « {nature} » inconnue du format DECP (valeurs possibles : {}).",
                        decp::NATURES.join(", ")
                    ),
                ),
                field,
            );
        }
        Some(same(&nature, decp::NATURE_DEFENSE))
    }

    fn offers_received(&mut self) {
        if let Some((value, field)) = self.lookup("offresRecues")
            && value.as_f64() == Some(0.0)
        {
            self.deviate(Deviation::NoOfferReceived, field);
        }
    }
}

/// The same value of an enumeration: as written (the usual case, and cheap), else once
/// normalised (case, accents, spaces).
fn same(a: &str, b: &str) -> bool {
    a == b || normalise(a) == normalise(b)
}

fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        _ => true,
    }
}

/// A leaf as text: a number as JSON writes it.
fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.trim().to_string(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn text_value(value: Typed) -> Option<String> {
    match value {
        Typed::Text(text) => Some(text.into_owned()),
        Typed::Enum(value) => Some(value.to_string()),
        _ => None,
    }
}

/// A leaf as the cell parsers take it.
fn cell_of(value: &Value) -> CellValue {
    match value {
        Value::Null => CellValue::Empty,
        Value::Bool(b) => CellValue::Bool(*b),
        Value::Number(n) => n
            .as_f64()
            .map_or(CellValue::Text(n.to_string().into()), CellValue::Number),
        Value::String(text) => CellValue::Text(text.as_str().into()),
        other => CellValue::Text(other.to_string().into()),
    }
}

/// The texts of a list field: `["a", "b"]`, `{"item": ["a"]}`, `{"item": "a"}` or `"a"`.
fn collect_texts(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(text) if !text.trim().is_empty() => into.push(text.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|item| collect_texts(item, into)),
        Value::Object(fields) => fields.values().for_each(|item| collect_texts(item, into)),
        _ => {}
    }
}

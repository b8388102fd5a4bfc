//! DECP contracts into purchases (§10): the field mapping of marchés and of contrats de
//! concession (considerations → clause and critère flags, nature from `ccag` and the CPV
//! division or from the concession's kind, the first titulaire's or concessionnaire's SIRET),
//! the schema's enumerations, and the deviations real files show ([`Deviations`]).

mod deviations;
mod leaf;

pub use deviations::{Deviation, Deviations};

use leaf::{cell_of, collect_texts, is_present, leaf_text, same, text_value};

use super::recensement::compliance_findings;
use crate::catalogue::{Catalogue, SheetKind, decp, decp_concession_field, decp_field};
use crate::diagnostic::{Code, Diagnostic, EntryList, Location, Problem};
use crate::model::compliance::Thresholds;
use crate::model::purchase::TYPE_CONCESSION;
use crate::model::{Purchase, STATUT_NOTIFIE, SourceRow};
use crate::parse::{self, Value as Typed, decimal_of};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;
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

/// Where a contract was found in its file, and whether it is a contrat de concession.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// The list holding it.
    pub list: EntryList,
    /// Its index there.
    pub index: u32,
    /// A contrat de concession (`contrat-concession`) rather than a marché.
    pub concession: bool,
}

/// Reads one contract of a DECP file; `None` when a required field is missing or unusable (the
/// diagnostic says so).
pub fn purchase(
    context: &Context<'_>,
    place: Place,
    fields: &Value,
    deviations: &mut Deviations,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Purchase> {
    let mut contract = Contract {
        context,
        list: place.list,
        index: place.index,
        concession: place.concession,
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
    concession: bool,
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
        let date_field = self.field("date_notification");
        let at = || Location::entry(file, list, index, date_field);
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
        let buyer = self
            .field("service")
            .and_then(|field| self.lookup(field))
            .map(|(value, _)| leaf_text(value));
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
            type_contrat: self.concession.then(|| TYPE_CONCESSION.into()),
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
        let concession = self.concession;
        let cell = |key: &str| Location::entry(file, list, index, field_of(concession, key));
        compliance_findings(&purchase, self.context.thresholds, &cell, self.diagnostics);
        Some(purchase)
    }

    /// The field a §3 key is read from, in this kind of contract.
    fn field(&self, key: &str) -> Option<&'static str> {
        field_of(self.concession, key)
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
        let field = self.field(key)?;
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
        let field = self.field("montant_ht")?;
        if self.lookup(field).is_none() {
            self.missing(field, if self.concession { "valeur globale" } else { "montant" });
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
                field,
            );
            return None;
        }
        Some(amount)
    }

    /// `dateNotification` (`dateSignature` for a concession); an ISO date with a time or a time
    /// zone (`2024-05-15+02:00`) is the date.
    fn notification_date(&mut self) -> Option<NaiveDate> {
        let field = self.field("date_notification")?;
        let Some((value, field)) = self.lookup(field) else {
            let what = if self.concession {
                "date de signature"
            } else {
                "date de notification"
            };
            self.missing(field, what);
            return None;
        };
        let text = leaf_text(value);
        if let Some(date) = text
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            return Some(date);
        }
        // A date written otherwise (`15/05/2024`) is read as a cell would be; anything else is
        // one error, in the format's own terms.
        let catalogue = self.context.catalogue;
        let cell = cell_of(value);
        let read = catalogue
            .kind(SheetKind::Recensement)
            .column("date_notification")
            .and_then(|column| match parse::read_cell(&cell, column, catalogue).value {
                Some(Typed::Date(date)) => Some(date),
                _ => None,
            });
        if let Some(date) = read {
            return Some(date);
        }
        let location = self.at(field);
        self.diagnostics.push(
            Diagnostic::error(
                location,
                Code::DateInvalid,
                format!("Date « {text} » illisible : le format DECP attend aaaa-mm-jj (ex. 2024-05-15)."),
            )
            .excluding_row()
            .suggest("Corrigez la date dans le profil d'acheteur, puis exportez à nouveau."),
        );
        None
    }

    /// Travaux by `ccag`; else by the CPV division (03–44 and 48 supplies, 45 works, other
    /// services); without a CPV code, by the `ccag` when it says services or supplies.
    fn nature(&mut self) -> Option<String> {
        if self.concession {
            return self.concession_nature();
        }
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

    /// A concession's nature: works for a « Concession de travaux », services otherwise (a
    /// concession of supplies does not exist); an unknown value is said and read as services.
    fn concession_nature(&mut self) -> Option<String> {
        let Some((value, field)) = self.lookup("nature") else {
            return Some("Services".to_string());
        };
        let written = leaf_text(value);
        let known = decp::CONCESSION_NATURES.iter().find(|(n, _)| same(n, &written));
        if known.is_none() {
            let values: Vec<&str> = decp::CONCESSION_NATURES.iter().map(|(n, _)| *n).collect();
            self.push(
                Problem::warning(
                    Code::EnumUnknown,
                    format!(
                        "Nature « {written} » inconnue du format DECP pour une concession (valeurs possibles : {}) : lue comme une concession de service.",
                        values.join(", ")
                    ),
                ),
                field,
            );
        }
        Some(known.map_or("Services", |(_, nature)| *nature).to_string())
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

    /// The first titulaire's SIRET (concessionnaire's, for a concession); one identified
    /// otherwise (TVA, HORS-UE) has none.
    fn siret(&mut self) -> Option<String> {
        let (list, item, field) = if self.concession {
            (
                "concessionnaires",
                "concessionnaire",
                "concessionnaires[0].concessionnaire.id",
            )
        } else {
            ("titulaires", "titulaire", "titulaires[0].titulaire.id")
        };
        let (titulaires, _) = self.lookup(list)?;
        let first = match titulaires {
            Value::Array(items) => items.first()?,
            other => other,
        };
        let holder = match first.get(item) {
            Some(Value::Array(items)) => items.first()?,
            Some(holder) => holder,
            None => first,
        };
        if first.get(item).is_none() && first.get("id").is_some() {
            self.deviate(Deviation::TitulaireUnwrapped, field);
        }
        let kind = holder.get("typeIdentifiant").map(leaf_text);
        if kind.is_some_and(|k| !k.eq_ignore_ascii_case("SIRET")) {
            return None;
        }
        let id = holder.get("id").filter(|v| is_present(v))?;
        match self.typed_value("siret", field, &Value::String(leaf_text(id))) {
            Some(Typed::Text(digits)) => Some(digits.into_owned()),
            _ => None,
        }
    }

    /// `nature` « Marché de défense ou de sécurité » puts the contract outside §11 (a
    /// concession's nature says its kind).
    fn defence(&mut self) -> Option<bool> {
        if self.concession {
            return None;
        }
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

/// The field a §3 key is read from in a marché, or in a contrat de concession.
fn field_of(concession: bool, key: &str) -> Option<&'static str> {
    if concession {
        decp_concession_field(key)
    } else {
        decp_field(key)
    }
}

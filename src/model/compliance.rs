//! The obligations of the loi Climat et résilience, contract by contract (§11): from 21 August
//! 2026, every contract carries an environmental execution condition (L.2112-2) and an
//! environmental award criterion (L.2152-7), and those at or above the EU threshold a social
//! execution condition (L.2112-2-1); defence and security contracts are outside. A justification
//! typed in a derogation column turns a missing consideration into a motivated derogation.
//! Contrats de concession carry the two environmental obligations (L.3114-2, R.3124-4) and no
//! social one; their EU threshold is the concessions' (5 404 000 € HT in 2026–2027).

use super::Purchase;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

/// The EU thresholds shipped with spaser, by period (`templates/seuils.toml`).
pub const BUILTIN_THRESHOLDS: &str = include_str!("../../templates/seuils.toml");

/// The day the obligations apply from: consultations launched on or after it.
pub fn in_force_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 21).unwrap_or_default()
}

/// The EU thresholds of one period, in euros HT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ThresholdPeriod {
    /// First day.
    #[serde(deserialize_with = "toml_date")]
    pub debut: NaiveDate,
    /// Last day.
    #[serde(deserialize_with = "toml_date")]
    pub fin: NaiveDate,
    /// Supplies and services.
    pub fournitures_services: Decimal,
    /// Works.
    pub travaux: Decimal,
    /// Contrats de concession; the works threshold when a period of `spaser.toml` leaves it
    /// out (the two are the same figure in every period so far).
    #[serde(default)]
    pub concessions: Option<Decimal>,
}

/// A date written as TOML writes dates (`debut = 2026-01-01`) or as text (`"2026-01-01"`).
fn toml_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Date(toml::value::Datetime),
        Text(String),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Date(date) => date.to_string(),
        Written::Text(text) => text,
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("date « {text} » : la forme AAAA-MM-JJ est attendue")))
}

/// Thresholds by period; the first period containing a date applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Thresholds {
    /// The periods, those that take precedence first.
    pub seuils: Vec<ThresholdPeriod>,
}

impl Thresholds {
    /// The thresholds shipped with spaser.
    pub fn builtin() -> Result<Self, toml::de::Error> {
        toml::from_str(BUILTIN_THRESHOLDS)
    }

    /// These thresholds with `first` taking precedence (`[[seuils]]` of `spaser.toml`).
    pub fn overridden_by(mut self, first: &[ThresholdPeriod]) -> Self {
        let mut seuils = first.to_vec();
        seuils.append(&mut self.seuils);
        Thresholds { seuils }
    }

    /// The threshold of a contract: a concession's, else by nature.
    pub fn for_purchase(&self, purchase: &Purchase, on: NaiveDate) -> Option<Decimal> {
        if purchase.is_concession() {
            let period = self.period(on)?;
            return Some(period.concessions.unwrap_or(period.travaux));
        }
        self.for_contract(&purchase.nature, on)
    }

    /// The threshold for a nature (Travaux, else supplies and services) on a date.
    pub fn for_contract(&self, nature: &str, on: NaiveDate) -> Option<Decimal> {
        let period = self.period(on)?;
        Some(if nature == "Travaux" {
            period.travaux
        } else {
            period.fournitures_services
        })
    }

    /// The first period containing `on`.
    fn period(&self, on: NaiveDate) -> Option<&ThresholdPeriod> {
        self.seuils.iter().find(|p| (p.debut..=p.fin).contains(&on))
    }
}

/// How one obligation is met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The consideration is there.
    Met,
    /// It is missing.
    Missing,
    /// It is missing, with the justification typed in the derogation column.
    Derogation(String),
    /// Not required (below the EU threshold, for the social condition).
    NotRequired,
    /// Not an obligation of this kind of contract (the social condition of a concession: no
    /// rule like L.2112-2-1 applies to them).
    NotApplicable,
}

impl Check {
    fn of(present: Option<bool>, derogation: Option<&String>) -> Check {
        match (present, derogation.filter(|d| !d.trim().is_empty())) {
            (Some(true), _) => Check::Met,
            (_, Some(justification)) => Check::Derogation(justification.clone()),
            _ => Check::Missing,
        }
    }

    /// Whether the obligation is fulfilled (met, justified, or not required).
    pub fn is_fulfilled(&self) -> bool {
        !matches!(self, Check::Missing)
    }
}

/// A contract in scope and how it meets each obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    /// The date the scope was decided on: the launch, else the notification.
    pub reference_date: NaiveDate,
    /// Whether the launch date was missing (the notification date was taken).
    pub launch_unknown: bool,
    /// The EU threshold that applied, if the date falls in a known period.
    pub threshold: Option<Decimal>,
    /// Environmental execution condition (L.2112-2).
    pub clause_env: Check,
    /// Environmental award criterion (L.2152-7).
    pub critere_env: Check,
    /// Social execution condition above the threshold (L.2112-2-1); not applicable to a
    /// concession.
    pub clause_sociale: Check,
}

impl Compliance {
    /// Whether every obligation is fulfilled.
    pub fn is_compliant(&self) -> bool {
        self.clause_env.is_fulfilled() && self.critere_env.is_fulfilled() && self.clause_sociale.is_fulfilled()
    }
}

/// How a notified contract meets the obligations, `None` when it is outside their scope:
/// launched before 21/08/2026 (or, without a launch date, notified before), not notified, or a
/// defence and security contract.
pub fn assess(purchase: &Purchase, thresholds: &Thresholds) -> Option<Compliance> {
    if !purchase.notified() || purchase.defense_securite == Some(true) {
        return None;
    }
    let (reference_date, launch_unknown) = match (purchase.date_lancement, purchase.date_notification) {
        (Some(launch), _) => (launch, false),
        (None, Some(notification)) => (notification, true),
        (None, None) => return None,
    };
    if reference_date < in_force_from() {
        return None;
    }
    let threshold = thresholds.for_purchase(purchase, reference_date);
    let above = threshold
        .zip(purchase.montant_ht)
        .is_some_and(|(t, amount)| amount >= t);
    Some(Compliance {
        reference_date,
        launch_unknown,
        threshold,
        clause_env: Check::of(purchase.clause_env, purchase.derogation_env.as_ref()),
        critere_env: Check::of(purchase.critere_env, purchase.derogation_env.as_ref()),
        clause_sociale: if purchase.is_concession() {
            Check::NotApplicable
        } else if above {
            Check::of(purchase.clause_sociale, purchase.derogation_sociale.as_ref())
        } else {
            Check::NotRequired
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::STATUT_NOTIFIE;
    use rust_decimal_macros::dec;

    fn contract(nature: &str, montant: Decimal, launch: Option<(i32, u32, u32)>) -> Purchase {
        Purchase {
            nature: nature.into(),
            montant_ht: Some(montant),
            statut: STATUT_NOTIFIE.into(),
            date_lancement: launch.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            date_notification: NaiveDate::from_ymd_opt(2026, 12, 1),
            clause_env: Some(true),
            critere_env: Some(true),
            ..Purchase::default()
        }
    }

    #[test]
    fn the_builtin_thresholds_are_those_of_2024_2025_and_2026_2027() {
        let thresholds = Thresholds::builtin().expect("templates/seuils.toml");
        let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(thresholds.for_contract("Travaux", on(2026, 9, 1)), Some(dec!(5404000)));
        assert_eq!(
            thresholds.for_contract("Fournitures", on(2026, 9, 1)),
            Some(dec!(216000))
        );
        assert_eq!(thresholds.for_contract("Services", on(2025, 6, 1)), Some(dec!(221000)));
        assert_eq!(thresholds.for_contract("Travaux", on(2025, 6, 1)), Some(dec!(5538000)));
        assert_eq!(thresholds.for_contract("Travaux", on(2030, 1, 1)), None);
    }

    #[test]
    fn a_concession_carries_the_environmental_obligations_and_no_social_clause_finding() {
        let thresholds = Thresholds::builtin().expect("thresholds");
        let concession = Purchase {
            type_contrat: Some(crate::model::purchase::TYPE_CONCESSION.into()),
            clause_env: None,
            ..contract("Services", dec!(80000000), Some((2026, 9, 1)))
        };
        let assessed = assess(&concession, &thresholds).expect("in scope");
        assert_eq!(assessed.clause_env, Check::Missing);
        assert_eq!(assessed.critere_env, Check::Met);
        assert_eq!(assessed.clause_sociale, Check::NotApplicable);
        assert_eq!(assessed.threshold, Some(dec!(5404000)), "the EU concession threshold");
        assert!(!assessed.is_compliant());
    }

    #[test]
    fn the_concession_threshold_is_read_from_seuils_toml_else_the_works_one() {
        let on = NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
        let concession = Purchase {
            type_contrat: Some(crate::model::purchase::TYPE_CONCESSION.into()),
            nature: "Services".into(),
            ..Purchase::default()
        };
        let builtin = Thresholds::builtin().expect("thresholds");
        assert_eq!(builtin.for_purchase(&concession, on), Some(dec!(5404000)));
        let without: Thresholds =
            toml::from_str("[[seuils]]\ndebut = 2026-01-01\nfin = 2027-12-31\nfournitures_services = 1\ntravaux = 7\n")
                .expect("toml");
        assert_eq!(without.for_purchase(&concession, on), Some(dec!(7)));
    }

    #[test]
    fn a_contract_launched_the_day_before_is_outside_and_on_21_08_2026_inside() {
        let thresholds = Thresholds::builtin().expect("thresholds");
        assert_eq!(
            assess(&contract("Services", dec!(1000), Some((2026, 8, 20))), &thresholds),
            None
        );
        assert!(assess(&contract("Services", dec!(1000), Some((2026, 8, 21))), &thresholds).is_some());
    }
}

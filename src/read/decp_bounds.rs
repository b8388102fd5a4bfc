//! What a DECP file may hold (§9), counted as it is read: contracts per list at most the rows a
//! sheet may hold, values per contract at most ten times the columns. A file beyond is refused
//! with the limit named, before a forged list or array has cost its memory.

use super::ReadLimits;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The bounds of one DECP file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecpBounds {
    /// Contracts in one list.
    pub contracts: u32,
    /// Values (objects, lists, leaves) in one contract.
    pub values: usize,
}

impl DecpBounds {
    /// The bounds that follow from the read limits.
    pub fn of(limits: &ReadLimits) -> Self {
        Self {
            contracts: limits.rows,
            values: usize::try_from(limits.columns).unwrap_or(usize::MAX).saturating_mul(10),
        }
    }

    /// Why a list with one contract more is refused.
    pub fn too_many_contracts(&self) -> String {
        format!(
            "le fichier compte plus de {} contrats dans une liste, au-delà de la limite ([limites] lignes)",
            self.contracts
        )
    }

    /// Why a contract with one value more is refused.
    pub fn too_many_values(&self) -> String {
        format!(
            "un contrat compte plus de {} valeurs, au-delà de la limite (dix fois [limites] colonnes)",
            self.values
        )
    }
}

impl Default for DecpBounds {
    fn default() -> Self {
        Self::of(&ReadLimits::default())
    }
}

/// A contract's JSON tree, built while a budget of values lasts.
pub struct BoundedValue<'b> {
    pub budget: &'b mut usize,
    pub bounds: DecpBounds,
}

impl BoundedValue<'_> {
    fn spend<E: de::Error>(&mut self) -> Result<(), E> {
        *self.budget = self
            .budget
            .checked_sub(1)
            .ok_or_else(|| E::custom(self.bounds.too_many_values()))?;
        Ok(())
    }

    fn inner(&mut self) -> BoundedValue<'_> {
        BoundedValue {
            budget: self.budget,
            bounds: self.bounds,
        }
    }
}

impl<'de> DeserializeSeed<'de> for BoundedValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BoundedValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("une valeur JSON")
    }

    fn visit_bool<E: de::Error>(mut self, value: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(mut self, value: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(mut self, value: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(mut self, value: f64) -> Result<Value, E> {
        self.spend()?;
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(mut self, value: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E: de::Error>(mut self, value: String) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(mut self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.inner())? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self.inner())?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, values: usize) -> Result<Value, String> {
        let bounds = DecpBounds { contracts: 10, values };
        let mut budget = bounds.values;
        let seed = BoundedValue {
            budget: &mut budget,
            bounds,
        };
        seed.deserialize(&mut serde_json::Deserializer::from_str(text))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_contract_within_its_budget_is_the_tree_serde_json_builds() {
        let text = r#"{"id": "2024-01", "montant": 1200.5, "titulaires": [{"id": 1}, null, true]}"#;
        assert_eq!(parse(text, 100), Ok(serde_json::from_str::<Value>(text).unwrap()));
    }

    #[test]
    fn a_contract_holding_more_values_than_its_budget_is_refused_naming_the_limit() {
        let text = format!("[{}0]", "0,".repeat(1_000));
        let refused = parse(&text, 500).unwrap_err();
        assert!(refused.contains("plus de 500 valeurs"), "{refused}");
    }
}

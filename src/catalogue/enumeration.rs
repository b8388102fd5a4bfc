//! An enumeration's allowed values (nature, procédure, statut…), their synonyms and beginnings,
//! found for a cell in one lookup.

use crate::normalise::normalise;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// One allowed value of an enumeration.
#[derive(Debug, Clone, Deserialize)]
pub struct EnumValue {
    /// Canonical value.
    pub value: String,
    /// Other spellings.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// Beginnings that say this value whatever follows (`MAPA` in `MAPA < 40 k€`).
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Read, never offered (lists, Notice, messages): a value services type in this column that
    /// another column says better (`DSP` in Nature is a type of contract).
    #[serde(default)]
    pub hidden: bool,
}

/// An enumeration's allowed values.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "EnumValues")]
pub struct EnumSpec {
    values: Vec<EnumValue>,
    /// Every spelling, normalised, to the index of its value: one lookup per cell, not one
    /// normalisation per synonym per cell.
    index: HashMap<String, usize>,
    /// Every spelling as written, to the value its normalised form gives: the usual cell
    /// (`Travaux`, `MAPA`) is found without normalising it.
    as_written: HashMap<String, usize>,
    /// The canonical values, shared by every cell that gives one.
    shared: Vec<Arc<str>>,
    /// Normalised beginnings to the index of their value.
    prefixes: Vec<(String, usize)>,
}

#[derive(Deserialize)]
struct EnumValues {
    values: Vec<EnumValue>,
}

impl From<EnumValues> for EnumSpec {
    fn from(list: EnumValues) -> Self {
        let mut spec = EnumSpec {
            shared: list.values.iter().map(|v| Arc::from(v.value.as_str())).collect(),
            prefixes: list
                .values
                .iter()
                .enumerate()
                .flat_map(|(position, v)| v.prefixes.iter().map(move |p| (normalise(p), position)))
                .collect(),
            values: list.values,
            index: HashMap::new(),
            as_written: HashMap::new(),
        };
        for (position, value) in spec.values.iter().enumerate() {
            for spelling in std::iter::once(&value.value).chain(&value.synonyms) {
                spec.index.entry(normalise(spelling)).or_insert(position);
            }
        }
        spec.index_as_written();
        spec
    }
}

impl EnumSpec {
    /// The canonical value whose value or synonym normalises like `text`.
    pub fn lookup(&self, text: &str) -> Option<&str> {
        self.lookup_shared(text).map(|value| &**value)
    }

    /// [`EnumSpec::lookup`], the value shared rather than copied.
    pub fn lookup_shared(&self, text: &str) -> Option<&Arc<str>> {
        self.as_written
            .get(text)
            .copied()
            .or_else(|| {
                let normalised = normalise(text);
                self.index
                    .get(&normalised)
                    .copied()
                    .or_else(|| self.by_prefix(&normalised))
            })
            .and_then(|position| self.shared.get(position))
    }

    /// The value one of whose beginnings starts `normalised`, followed by a word of its own.
    fn by_prefix(&self, normalised: &str) -> Option<usize> {
        self.prefixes.iter().find_map(|(prefix, position)| {
            let rest = normalised.strip_prefix(prefix.as_str())?;
            (rest.is_empty() || rest.starts_with(' ')).then_some(*position)
        })
    }

    /// Adds `spelling` to `value`'s synonyms; `false` when `value` is none of the allowed ones.
    pub(super) fn add_synonym(&mut self, spelling: &str, value: &str) -> bool {
        let Some(position) = self.values.iter().position(|v| normalise(&v.value) == normalise(value)) else {
            return false;
        };
        self.values[position].synonyms.push(spelling.to_string());
        self.index.insert(normalise(spelling), position);
        self.index_as_written();
        true
    }

    /// Each spelling as written to what its normalised form gives, so that both lookups agree.
    fn index_as_written(&mut self) {
        self.as_written = self
            .values
            .iter()
            .flat_map(|value| std::iter::once(&value.value).chain(&value.synonyms))
            .filter_map(|spelling| Some((spelling.clone(), *self.index.get(&normalise(spelling))?)))
            .collect();
    }

    /// The allowed values with their synonyms, in catalogue order.
    pub fn values(&self) -> &[EnumValue] {
        &self.values
    }

    /// The canonical values offered (lists, Notice, messages): the hidden ones are only read.
    pub fn canonical_values(&self) -> Vec<&str> {
        self.values
            .iter()
            .filter(|v| !v.hidden)
            .map(|v| v.value.as_str())
            .collect()
    }

    /// Every spelling (canonical and synonyms) with its canonical value.
    pub fn spellings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().flat_map(|v| {
            std::iter::once((v.value.as_str(), v.value.as_str()))
                .chain(v.synonyms.iter().map(move |s| (s.as_str(), v.value.as_str())))
        })
    }
}

//! DECP files (données essentielles de la commande publique, format 2024, §10), JSON or XML,
//! read as a stream of contracts: each marché is handed over as a small tree as soon as it is
//! parsed, so that a file of 100 000 contracts is never held whole in memory. Contrats de
//! concession are handed over as such: their fields are not a marché's.

use super::decp_bounds::{BoundedValue, DecpBounds};
use crate::diagnostic::EntryList;
use quick_xml::events::Event;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// One contract of a DECP file.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A marché: the list holding it, its 0-based index there, and its fields.
    Marche {
        /// The list that holds it.
        list: EntryList,
        /// Its index in that list.
        index: u32,
        /// Its fields, as the file gives them (in XML every leaf is text).
        fields: Value,
    },
    /// A contrat de concession: the list holding it, its index there, and its fields.
    Concession {
        /// The list that holds it.
        list: EntryList,
        /// Its index in that list.
        index: u32,
        /// Its fields, as the file gives them.
        fields: Value,
    },
}

/// What a DECP file turned out to be, beyond its contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Whether a `marches` list was found: otherwise the file is some other JSON or XML.
    pub recognised: bool,
    /// How many bare `NaN` / `Infinity` (not JSON, written by some exports) were read as empty.
    pub non_numbers: usize,
}

/// Why a DECP file could not be read, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken(pub String);

/// Deeper than this, an XML file is refused: real DECP nest five levels.
const MAX_XML_DEPTH: usize = 64;

/// Reads a JSON DECP file: `{"marches": {"marche": [...], "contrat-concession": [...]}}` or the
/// flat `{"marches": [...]}`.
pub fn read_json(bytes: &[u8], bounds: DecpBounds, on_entry: &mut dyn FnMut(Entry)) -> Result<Shape, Broken> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let (bytes, non_numbers) = repair_non_numbers(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let recognised = (Root { on_entry, bounds })
        .deserialize(&mut deserializer)
        .and_then(|found| deserializer.end().map(|()| found))
        .map_err(|error| json_error(&error))?;
    Ok(Shape {
        recognised,
        non_numbers,
    })
}

fn json_error(error: &serde_json::Error) -> Broken {
    use serde_json::error::Category;
    let place = format!("ligne {}, colonne {}", error.line(), error.column());
    Broken(match error.classify() {
        Category::Eof => "le fichier JSON s'arrête avant sa fin (tronqué, ou en cours d'enregistrement)".to_string(),
        Category::Syntax => format!("syntaxe JSON invalide {place} (détail technique : {error})"),
        Category::Data | Category::Io => format!("structure JSON inattendue {place} (détail technique : {error})"),
    })
}

/// `NaN`, `Infinity` and `-Infinity` outside strings (Python's `json.dump` writes them) become
/// `null`; the bytes are copied only when there is one.
fn repair_non_numbers(bytes: &[u8]) -> (Cow<'_, [u8]>, usize) {
    if !bytes.windows(3).any(|w| w == b"NaN" || w == b"Inf") {
        return (Cow::Borrowed(bytes), 0);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut count = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if let Some(token) = [&b"-Infinity"[..], b"Infinity", b"NaN"]
            .into_iter()
            .find(|t| bytes[i..].starts_with(t))
        {
            out.extend_from_slice(b"null");
            count += 1;
            i += token.len();
            continue;
        }
        out.push(byte);
        i += 1;
    }
    (Cow::Owned(out), count)
}

/// Whether a contract is a contrat de concession (in a mixed list, by its `_type` or nature).
fn is_concession(fields: &Value) -> bool {
    let says = |key: &str, start: &str| {
        fields
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|text| text.to_lowercase().starts_with(start))
    };
    says("_type", "contrat de concession")
        || says("_type", "concession")
        || says("nature", "concession")
        || says("nature", "délégation de service public")
}

fn emit(on_entry: &mut dyn FnMut(Entry), list: EntryList, index: &mut u32, fields: Value) {
    if list == EntryList::Concessions || is_concession(&fields) {
        on_entry(Entry::Concession {
            list,
            index: *index,
            fields,
        });
    } else {
        on_entry(Entry::Marche {
            list,
            index: *index,
            fields,
        });
    }
    *index = index.saturating_add(1);
}

/// The whole document: finds `marches`, ignores the rest. Its value: whether it was found.
struct Root<'a> {
    on_entry: &'a mut dyn FnMut(Entry),
    bounds: DecpBounds,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Root<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("un objet JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "marches" && !found {
                found = map.next_value_seed(Marches {
                    on_entry: &mut *self.on_entry,
                    bounds: self.bounds,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
}

/// The value of `marches`: an object holding the lists, or the flat list itself.
struct Marches<'a> {
    on_entry: &'a mut dyn FnMut(Entry),
    bounds: DecpBounds,
}

impl<'de> DeserializeSeed<'de> for Marches<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Marches<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("la liste des marchés")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "marche" => {
                    found = true;
                    map.next_value_seed(List {
                        on_entry: &mut *self.on_entry,
                        list: EntryList::Nested,
                        bounds: self.bounds,
                    })?;
                }
                "contrat-concession" | "contrats-concession" | "concession" => {
                    found = true;
                    map.next_value_seed(List {
                        on_entry: &mut *self.on_entry,
                        list: EntryList::Concessions,
                        bounds: self.bounds,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        List {
            on_entry: self.on_entry,
            list: EntryList::Flat,
            bounds: self.bounds,
        }
        .visit_seq(seq)?;
        Ok(true)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

/// A list of contracts (or a single contract where a list is expected).
struct List<'a> {
    on_entry: &'a mut dyn FnMut(Entry),
    list: EntryList,
    bounds: DecpBounds,
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("une liste de contrats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let mut budget = self.bounds.values;
            let seed = BoundedValue {
                budget: &mut budget,
                bounds: self.bounds,
            };
            let Some(fields) = seq.next_element_seed(seed)? else {
                return Ok(());
            };
            if index >= self.bounds.contracts {
                return Err(de::Error::custom(self.bounds.too_many_contracts()));
            }
            emit(self.on_entry, self.list, &mut index, fields);
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut budget = self.bounds.values;
        let seed = BoundedValue {
            budget: &mut budget,
            bounds: self.bounds,
        };
        let fields = seed.visit_map(map)?;
        emit(self.on_entry, self.list, &mut 0, fields);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads an XML DECP file: `<marches><marche>…</marche><contrat-concession>…</marches>`. Each
/// element with children becomes an object, a repeated child a list, a leaf its text.
pub fn read_xml(bytes: &[u8], bounds: DecpBounds, on_entry: &mut dyn FnMut(Entry)) -> Result<Shape, Broken> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    // Open elements inside a contract: name, children, text.
    let mut open: Vec<(String, Map<String, Value>, String)> = Vec::new();
    let mut depth = 0usize;
    let mut recognised = false;
    // The list of the open contract, and the next index in each list.
    let mut list = EntryList::Nested;
    let (mut index, mut concession_index) = (0, 0);
    // Events left to the open contract (each of its elements and texts is one).
    let mut budget = bounds.values;
    loop {
        if open.is_empty() {
            budget = bounds.values;
        } else {
            budget = budget.checked_sub(1).ok_or_else(|| Broken(bounds.too_many_values()))?;
        }
        if index.max(concession_index) >= bounds.contracts {
            return Err(Broken(bounds.too_many_contracts()));
        }
        let event = reader.read_event_into(&mut buf).map_err(|error| {
            Broken(format!(
                "XML invalide vers l'octet {} (détail technique : {error})",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(element) => {
                let name = element.local_name().into_inner().to_string();
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(Broken(format!(
                        "XML imbriqué sur plus de {MAX_XML_DEPTH} niveaux : ce n'est pas un fichier DECP"
                    )));
                }
                match depth {
                    1 => recognised = name == "marches",
                    2 if recognised && (name == "marche" || name.contains("concession")) => {
                        list = if name == "marche" {
                            EntryList::Nested
                        } else {
                            EntryList::Concessions
                        };
                        open.push((name, Map::new(), String::new()));
                    }
                    _ if !open.is_empty() => open.push((name, Map::new(), String::new())),
                    _ => {}
                }
            }
            Event::Empty(element) => {
                if let Some((_, children, _)) = open.last_mut() {
                    let name = element.local_name().into_inner().to_string();
                    insert_child(children, name, Value::Null);
                } else if depth == 1 && recognised && element.local_name().into_inner() == "marche" {
                    // `<marche/>`: a contract with nothing in it, reported field by field.
                    emit(on_entry, EntryList::Nested, &mut index, Value::Object(Map::new()));
                } else if depth == 1 && recognised && element.local_name().into_inner().contains("concession") {
                    let empty = Value::Object(Map::new());
                    emit(on_entry, EntryList::Concessions, &mut concession_index, empty);
                }
            }
            Event::Text(text) => {
                if let Some((_, _, own)) = open.last_mut() {
                    own.push_str(&text.xml10_content());
                }
            }
            Event::CData(text) => {
                if let Some((_, _, own)) = open.last_mut() {
                    own.push_str(&text);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, _, own)) = open.last_mut() {
                    own.push_str(&resolve_reference(&reference));
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if let Some((name, children, text)) = open.pop() {
                    let value = if children.is_empty() {
                        Value::String(text.trim().to_string())
                    } else {
                        Value::Object(children)
                    };
                    match open.last_mut() {
                        Some((_, parent, _)) => insert_child(parent, name, value),
                        None if list == EntryList::Concessions => {
                            emit(on_entry, list, &mut concession_index, value);
                        }
                        None => emit(on_entry, list, &mut index, value),
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !open.is_empty() {
        return Err(Broken(
            "le fichier XML s'arrête avant sa fin (tronqué, ou en cours d'enregistrement)".to_string(),
        ));
    }
    Ok(Shape {
        recognised,
        non_numbers: 0,
    })
}

/// `&amp;`, `&#233;`… as text.
fn resolve_reference(name: &str) -> String {
    let character = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name
            .strip_prefix("#x")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
            .and_then(char::from_u32),
    };
    character.map_or_else(String::new, String::from)
}

/// A child element: a second child of the same name turns the field into a list.
fn insert_child(children: &mut Map<String, Value>, name: String, value: Value) {
    match children.get_mut(&name) {
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
        None => {
            children.insert(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> (Result<Shape, Broken>, Vec<Entry>) {
        let mut entries = Vec::new();
        let shape = read_json(text.as_bytes(), DecpBounds::default(), &mut |e| entries.push(e));
        (shape, entries)
    }

    #[test]
    fn both_json_forms_hand_over_each_marche_with_its_index() {
        let (shape, nested) = json(r#"{"marches": {"marche": [{"id": "A"}, {"id": "B"}]}}"#);
        assert!(shape.unwrap().recognised);
        assert!(
            matches!(&nested[1], Entry::Marche { list: EntryList::Nested, index: 1, fields } if fields["id"] == "B")
        );
        let (shape, flat) = json(r#"{"marches": [{"id": "A"}]}"#);
        assert!(shape.unwrap().recognised);
        assert!(matches!(
            &flat[0],
            Entry::Marche {
                list: EntryList::Flat,
                index: 0,
                ..
            }
        ));
    }

    #[test]
    fn concessions_are_handed_over_as_concessions_with_their_list_and_index() {
        let (_, entries) = json(
            r#"{"marches": {"contrat-concession": [{"id": "C"}], "marche": [{"id": "A"}, {"id": "D", "_type": "Contrat de concession"}]}}"#,
        );
        assert!(matches!(
            &entries[0],
            Entry::Concession { list: EntryList::Concessions, index: 0, fields } if fields["id"] == "C"
        ));
        assert!(matches!(&entries[1], Entry::Marche { index: 0, .. }));
        assert!(matches!(
            &entries[2],
            Entry::Concession { list: EntryList::Nested, index: 1, fields } if fields["id"] == "D"
        ));
    }

    #[test]
    fn bare_nan_outside_strings_reads_as_empty_and_is_counted() {
        let (shape, entries) = json(r#"{"marches": [{"id": "NaN", "x": NaN, "y": -Infinity}]}"#);
        assert_eq!(shape.unwrap().non_numbers, 2);
        assert!(matches!(&entries[0], Entry::Marche { fields, .. } if fields["id"] == "NaN" && fields["x"].is_null()));
    }

    #[test]
    fn other_json_is_not_recognised_and_a_truncated_file_is_broken() {
        assert!(!json(r#"[{"code": "x"}]"#).0.unwrap().recognised);
        assert!(!json(r#"{"autre": 1}"#).0.unwrap().recognised);
        assert!(json(r#"{"marches": {"marche": [{"id": "A"}"#).0.is_err());
    }

    #[test]
    fn xml_elements_become_fields_repeated_ones_lists() {
        let xml = "<marches><marche><id>A&amp;B</id><considerationsSociales><considerationSociale>Clause sociale</considerationSociale><considerationSociale>Critère social</considerationSociale></considerationsSociales></marche><contrat-concession><id>C</id></contrat-concession></marches>";
        let mut entries = Vec::new();
        let shape = read_xml(xml.as_bytes(), DecpBounds::default(), &mut |e| entries.push(e)).unwrap();
        assert!(shape.recognised);
        let Entry::Marche { fields, .. } = &entries[0] else {
            panic!("{entries:?}")
        };
        assert_eq!(fields["id"], "A&B");
        assert_eq!(
            fields["considerationsSociales"]["considerationSociale"][1],
            "Critère social"
        );
        assert!(matches!(
            &entries[1],
            Entry::Concession { list: EntryList::Concessions, index: 0, fields } if fields["id"] == "C"
        ));
    }

    #[test]
    fn an_empty_marche_element_is_a_contract_with_nothing_in_it_never_skipped() {
        let xml = "<marches><marche/><marche><id>B</id></marche></marches>";
        let mut entries = Vec::new();
        read_xml(xml.as_bytes(), DecpBounds::default(), &mut |e| entries.push(e)).unwrap();
        assert_eq!(entries.len(), 2, "{entries:?}");
        assert!(
            matches!(&entries[0], Entry::Marche { fields, .. } if fields.as_object().is_some_and(|o| o.is_empty()))
        );
    }

    #[test]
    fn a_list_of_more_contracts_than_the_rows_limit_is_refused_in_json_and_xml() {
        let bounds = DecpBounds {
            contracts: 3,
            values: 100,
        };
        let json = format!("{{\"marches\": [{}{{}}]}}", "{},".repeat(3));
        let refused = read_json(json.as_bytes(), bounds, &mut |_| {}).unwrap_err();
        assert!(refused.0.contains("plus de 3 contrats"), "{refused:?}");
        let xml = format!("<marches>{}</marches>", "<marche><id>1</id></marche>".repeat(4));
        let refused = read_xml(xml.as_bytes(), bounds, &mut |_| {}).unwrap_err();
        assert!(refused.0.contains("plus de 3 contrats"), "{refused:?}");
        let within = "{\"marches\": [{}, {}, {}]}";
        assert!(read_json(within.as_bytes(), bounds, &mut |_| {}).is_ok());
    }

    #[test]
    fn a_contract_with_an_array_beyond_the_values_limit_is_refused_in_json_and_xml() {
        let bounds = DecpBounds {
            contracts: 10,
            values: 50,
        };
        let json = format!("{{\"marches\": [{{\"titulaires\": [{}1]}}]}}", "1,".repeat(60));
        let refused = read_json(json.as_bytes(), bounds, &mut |_| {}).unwrap_err();
        assert!(refused.0.contains("plus de 50 valeurs"), "{refused:?}");
        let xml = format!(
            "<marches><marche>{}</marche></marches>",
            "<titulaire>1</titulaire>".repeat(30)
        );
        let refused = read_xml(xml.as_bytes(), bounds, &mut |_| {}).unwrap_err();
        assert!(refused.0.contains("plus de 50 valeurs"), "{refused:?}");
    }
}

//! A loss-free view of untyped input (JSON text natively, a JS value in the browser).
//!
//! Numbers are kept as their shortest decimal text, never as binary floats, so that
//! `0.1` stays `0.1`, and a non-finite JS number (NaN, Infinity) is kept as such so it can
//! be reported instead of silently becoming `null`. Both the CLI and the wasm module read
//! scenarios through this type, which is why their results are identical.

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// An untyped input value.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// `null` or `undefined`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number, as its shortest exact decimal text.
    Number(String),
    /// NaN or ±Infinity from JavaScript.
    NonFinite,
    /// A string.
    String(String),
    /// An array.
    Array(Vec<RawValue>),
    /// An object, keys in input order.
    Object(Vec<(String, RawValue)>),
}

impl RawValue {
    /// The JSON type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            RawValue::Null => "null",
            RawValue::Bool(_) => "boolean",
            RawValue::Number(_) | RawValue::NonFinite => "number",
            RawValue::String(_) => "string",
            RawValue::Array(_) => "array",
            RawValue::Object(_) => "object",
        }
    }

    /// Reads an exact decimal from a number or a decimal string.
    ///
    /// # Errors
    /// A message when the value is not a finite decimal number.
    pub fn as_decimal(&self) -> Result<Decimal, String> {
        match self {
            RawValue::Number(text) | RawValue::String(text) => crate::money::parse_decimal(text)
                .ok_or_else(|| format!("`{text}` is not a decimal number")),
            RawValue::NonFinite => Err("the number is not finite".into()),
            other => Err(format!(
                "expected a decimal number, found {}",
                other.type_name()
            )),
        }
    }

    /// Looks up a key of an object.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        match self {
            RawValue::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Parses JSON text.
    ///
    /// # Errors
    /// serde_json's message, with line and column.
    pub fn from_json(text: &str) -> Result<RawValue, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Shortest exact decimal text of a finite binary float. This is the only place where a
/// float appears: it is how a JS or JSON number enters, and it is turned into text at once.
fn float_text(v: f64) -> Option<String> {
    if v.is_finite() {
        // Rust's Display prints the shortest text that reads back to the same float,
        // without an exponent.
        Some(format!("{v}"))
    } else {
        None
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawValue, E> {
                Ok(RawValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<RawValue, E> {
                Ok(RawValue::Number(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<RawValue, E> {
                Ok(RawValue::Number(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawValue, E> {
                Ok(float_text(v).map_or(RawValue::NonFinite, RawValue::Number))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
                Ok(RawValue::String(v))
            }
            fn visit_none<E>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }
            fn visit_unit<E>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
                RawValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(RawValue::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
                let mut entries: Vec<(String, RawValue)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate key `{key}`")));
                    }
                    entries.push((key, value));
                }
                Ok(RawValue::Object(entries))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_decimal_text() {
        let v = RawValue::from_json(r#"{"a": 0.1, "b": 49999999.99, "c": 50000000, "d": "1.005"}"#)
            .unwrap();
        let got: Vec<String> = ["a", "b", "c", "d"]
            .iter()
            .map(|k| v.get(k).unwrap().as_decimal().unwrap().to_string())
            .collect();
        assert_eq!(got, ["0.1", "49999999.99", "50000000", "1.005"]);
    }

    #[test]
    fn non_finite_and_wrong_types_are_errors() {
        assert!(RawValue::NonFinite.as_decimal().is_err());
        assert!(RawValue::Bool(true).as_decimal().is_err());
        assert!(RawValue::String("12abc".into()).as_decimal().is_err());
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        assert!(RawValue::from_json(r#"{"a":1,"a":2}"#).is_err());
    }
}

/// An error while reading typed data (a policy) from a [`RawValue`], with the JSON path
/// where it happened.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    /// The JSON path (`programs[0].benefits[1].rate`); set where the error arises.
    pub path: Option<String>,
    /// What went wrong.
    pub kind: DeErrorKind,
}

/// The kinds of [`DeError`].
#[derive(Debug, Clone, PartialEq)]
pub enum DeErrorKind {
    /// A key the format does not have; `expected` lists the keys it has there.
    UnknownField {
        /// The key found.
        key: String,
        /// The keys allowed at that place.
        expected: &'static [&'static str],
    },
    /// A required key is absent.
    MissingField(&'static str),
    /// Any other problem (wrong type, bad value), in serde's words.
    Custom(String),
}

impl DeError {
    fn at(mut self, path: &str) -> DeError {
        if self.path.is_none() {
            self.path = Some(path.to_string());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeErrorKind::UnknownField { key, .. } => write!(f, "unknown key `{key}`"),
            DeErrorKind::MissingField(k) => write!(f, "missing key `{k}`"),
            DeErrorKind::Custom(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            path: None,
            kind: DeErrorKind::Custom(msg.to_string()),
        }
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError {
            path: None,
            kind: DeErrorKind::UnknownField {
                key: field.to_string(),
                expected,
            },
        }
    }
    fn missing_field(field: &'static str) -> Self {
        DeError {
            path: None,
            kind: DeErrorKind::MissingField(field),
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads typed data from a [`RawValue`], tracking the JSON path for errors. Natively and
/// in the browser, policies go through this same reader, so they fail the same way.
pub struct RawDe<'a> {
    value: &'a RawValue,
    path: String,
}

impl<'a> RawDe<'a> {
    /// A reader at the root of a value.
    pub fn new(value: &'a RawValue) -> Self {
        RawDe {
            value,
            path: String::new(),
        }
    }
}

struct SeqAcc<'a> {
    items: std::slice::Iter<'a, RawValue>,
    index: usize,
    path: &'a str,
}

impl<'de, 'a> SeqAccess<'de> for SeqAcc<'a> {
    type Error = DeError;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            None => Ok(None),
            Some(v) => {
                let path = format!("{}[{}]", self.path, self.index);
                self.index += 1;
                seed.deserialize(RawDe {
                    value: v,
                    path: path.clone(),
                })
                .map(Some)
                .map_err(|e| e.at(&path))
            }
        }
    }
}

struct MapAcc<'a> {
    entries: std::slice::Iter<'a, (String, RawValue)>,
    pending: Option<&'a (String, RawValue)>,
    path: &'a str,
}

impl<'de, 'a> MapAccess<'de> for MapAcc<'a> {
    type Error = DeError;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            None => Ok(None),
            Some(entry) => {
                self.pending = Some(entry);
                let key_path = join(self.path, &entry.0);
                let de: de::value::StrDeserializer<DeError> =
                    de::IntoDeserializer::into_deserializer(entry.0.as_str());
                seed.deserialize(de).map(Some).map_err(|e| e.at(&key_path))
            }
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("value without a key"));
        };
        let path = join(self.path, key);
        seed.deserialize(RawDe {
            value,
            path: path.clone(),
        })
        .map_err(|e| e.at(&path))
    }
}

impl<'de, 'a> Deserializer<'de> for RawDe<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let path = self.path.as_str();
        let result = match self.value {
            RawValue::Null => visitor.visit_unit(),
            RawValue::Bool(b) => visitor.visit_bool(*b),
            RawValue::Number(t) => {
                if let Ok(n) = t.parse::<u64>() {
                    visitor.visit_u64(n)
                } else if let Ok(n) = t.parse::<i64>() {
                    visitor.visit_i64(n)
                } else {
                    visitor.visit_str(t)
                }
            }
            RawValue::NonFinite => Err(de::Error::custom("the number is not finite")),
            RawValue::String(s) => visitor.visit_str(s),
            RawValue::Array(items) => visitor.visit_seq(SeqAcc {
                items: items.iter(),
                index: 0,
                path,
            }),
            RawValue::Object(entries) => visitor.visit_map(MapAcc {
                entries: entries.iter(),
                pending: None,
                path,
            }),
        };
        result.map_err(|e| e.at(path))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            RawValue::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.value {
            RawValue::String(s) => {
                let de: de::value::StrDeserializer<DeError> =
                    de::IntoDeserializer::into_deserializer(s.as_str());
                visitor.visit_enum(de).map_err(|e| e.at(&self.path))
            }
            other => Err(DeError::custom(format!(
                "expected a string, found {}",
                other.type_name()
            ))
            .at(&self.path)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

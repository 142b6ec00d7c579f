//! A loss-free view of untyped input (JSON text natively, a JS value in the browser).
//!
//! Numbers are kept as their shortest decimal text, never as binary floats, so that
//! `0.1` stays `0.1`, and a non-finite JS number (NaN, Infinity) is kept as such so it can
//! be reported instead of silently becoming `null`. Both the CLI and the wasm module read
//! scenarios through this type, which is why their results are identical.

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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

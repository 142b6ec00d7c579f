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
pub(crate) fn number_text(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    // Rust's Display prints the shortest text that reads back to the same float, without
    // an exponent. In the browser, JavaScript's own Number-to-String gives the same
    // shortest digits (ECMA-262 Number::toString) without linking Rust's float
    // formatting into the module; its exponent form is expanded here.
    #[cfg(not(target_arch = "wasm32"))]
    let text = format!("{v}");
    #[cfg(target_arch = "wasm32")]
    let text = expand_exponent(&String::from(
        js_sys::Number::from(v)
            .to_string_with_radix(10)
            .unwrap_or_default(),
    ));
    Some(text)
}

/// Writes `1.5e+21` or `2e-7` (JavaScript's form for very large and very small numbers)
/// as plain decimal digits.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn expand_exponent(text: &str) -> String {
    let Some((mantissa, exp)) = text.split_once(['e', 'E']) else {
        return text.to_string();
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return text.to_string();
    };
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let point = int.len() as i32 + exp;
    let body = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    format!("{sign}{body}")
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
                Ok(number_text(v).map_or(RawValue::NonFinite, RawValue::Number))
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
                // Keys are read as RawValue rather than String: String's visitor would link
                // float formatting (for its "invalid type" message) into the wasm module.
                while let Some(key) = map.next_key::<RawValue>()? {
                    let key = match key {
                        RawValue::String(k) | RawValue::Number(k) => k,
                        other => {
                            return Err(de::Error::custom(format!(
                                "a key is a {}",
                                other.type_name()
                            )))
                        }
                    };
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
    fn exponent_forms_expand_to_plain_digits() {
        let cases = [
            ("1e+21", "1000000000000000000000"),
            ("1.5e+21", "1500000000000000000000"),
            ("2e-7", "0.0000002"),
            ("-1.25e-7", "-0.000000125"),
            ("123.45", "123.45"),
            ("5e+0", "5"),
        ];
        for (input, want) in cases {
            assert_eq!(expand_exponent(input), want, "input {input}");
        }
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        assert!(RawValue::from_json(r#"{"a":1,"a":2}"#).is_err());
    }
}

//! A loss-free view of untyped input (JSON text natively, a JS value in the browser).
//!
//! Numbers are kept as decimal text, never as binary floats, so that `0.1` stays `0.1`,
//! and a non-finite JS number (NaN, Infinity) is kept as such so it can be reported
//! instead of silently becoming `null`. Both the CLI and the wasm module read scenarios
//! and policies through this type, which is why their results are identical.
//!
//! # One reading of numbers
//!
//! A JSON number (CLI) or a JS number (browser) is read by one rule:
//!
//! 0. Beyond the double range (about ±1.8e308) it is not finite, as `JSON.parse` makes it.
//! 1. With more than [`MAX_NUMBER_DIGITS`] (15) significant digits it is
//!    [`RawValue::Imprecise`]: a double cannot carry it, so it is refused
//!    (`imprecise-number`, "write it as a decimal string") instead of being read as a
//!    nearby value. Leading zeros and trailing zeros do not count (`1.50`, `1e20` and
//!    `0.000001` have 2, 1 and 1).
//! 2. Otherwise it is read as the double nearest to it (what JavaScript's `JSON.parse`
//!    makes of it) through that double's shortest decimal text (below 4.9e-324 that is
//!    0). Fifteen significant digits survive a round trip
//!    through a double, so in the double's normal range this is exactly the number
//!    written.
//!
//! The CLI sees the text written (serde_json's `arbitrary_precision`); the browser sees
//! a JS number through JavaScript's own shortest Number-to-String. The two agree on every
//! number of at most 15 significant digits. What the browser cannot see is a number
//! that JavaScript had already rounded before the calculator got it (`JSON.parse` of
//! `10000000000000001` gives the double 1e16, whose text has one significant digit):
//! the CLI refuses that text, the browser reads the double it was given. A decimal
//! string (`"10000000000000001"`) is exact everywhere.
//!
//! Duplicate keys in JSON text are an error (`json-syntax`); a JS object cannot have any.

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
    /// A finite number of at most 15 significant digits, as the shortest decimal text of
    /// the double nearest to it (plain digits, no exponent).
    Number(String),
    /// A number with more than 15 significant digits, as it was written (CLI) or as
    /// JavaScript's shortest text of the double (browser). Refused by every reader.
    Imprecise(String),
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
            RawValue::Number(_) | RawValue::Imprecise(_) | RawValue::NonFinite => "number",
            RawValue::String(_) => "string",
            RawValue::Array(_) => "array",
            RawValue::Object(_) => "object",
        }
    }

    /// Reads an exact decimal from a number or a decimal string.
    ///
    /// # Errors
    /// Why the value is not an exact finite decimal number.
    pub fn decimal(&self) -> Result<Decimal, NumberError> {
        match self {
            RawValue::Number(text) | RawValue::String(text) => {
                crate::money::parse_decimal_exact(text)
            }
            RawValue::Imprecise(_) => Err(NumberError::Imprecise),
            RawValue::NonFinite => Err(NumberError::NotFinite),
            _ => Err(NumberError::WrongType),
        }
    }

    /// Reads an exact decimal from a number or a decimal string.
    ///
    /// # Errors
    /// A message when the value is not a finite decimal number.
    pub fn as_decimal(&self) -> Result<Decimal, String> {
        self.decimal().map_err(|e| match (e, self) {
            (NumberError::WrongType, other) => {
                format!("expected a decimal number, found {}", other.type_name())
            }
            (NumberError::NotFinite, _) => "the number is not finite".into(),
            (NumberError::Imprecise, _) => {
                "the number has more than 15 significant digits; write it as a decimal string"
                    .into()
            }
            (_, RawValue::Number(text) | RawValue::String(text)) => {
                format!("`{text}` is not a decimal number")
            }
            _ => "not a decimal number".into(),
        })
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

/// Most significant digits a JSON or JS number may have (see the module notes): every
/// decimal of at most 15 significant digits survives a round trip through a double.
pub const MAX_NUMBER_DIGITS: usize = 15;

/// Why a value is not an exact decimal number. Each maps to one error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number or a decimal string at all (`wrong-type`).
    WrongType,
    /// Text that is not a plain decimal number: `1,2,3`, `.5`, `--5` (`invalid-number`).
    Invalid,
    /// NaN or ±Infinity, or a JSON number beyond the double range (`not-finite`).
    NotFinite,
    /// A JSON or JS number with more than 15 significant digits (`imprecise-number`).
    Imprecise,
    /// A whole part beyond an exact decimal's range, about 7.9e28 (`too-large`).
    TooLarge,
    /// More than 28 decimal places, or more significant digits than an exact decimal
    /// holds (`too-many-digits`).
    TooManyDigits,
}

/// Significant digits of a number's text (`-0.00120e5` → 2): the digits of the mantissa
/// from the first non-zero one to the last non-zero one.
pub fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    // Digits from the first non-zero one; `zeros` counts the zeros not yet known to be
    // followed by a non-zero digit.
    let (mut count, mut zeros) = (0, 0);
    for b in mantissa.bytes().filter(u8::is_ascii_digit) {
        if b != b'0' {
            count += zeros + 1;
            zeros = 0;
        } else if count > 0 {
            zeros += 1;
        }
    }
    count
}

/// A number seen as a double (a JS number, or a float from a deserializer): its
/// shortest decimal text, refused when that text has more than 15 significant digits.
pub(crate) fn from_double(v: f64) -> RawValue {
    match number_text(v) {
        None => RawValue::NonFinite,
        Some(text) if significant_digits(&text) > MAX_NUMBER_DIGITS => RawValue::Imprecise(text),
        Some(text) => RawValue::Number(text),
    }
}

/// A number written in JSON text (the CLI), read as the browser reads `JSON.parse` of
/// it: beyond the double range it is not finite; otherwise more than 15 significant
/// digits are refused, and the rest is read through the double nearest to it.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn from_json_number(text: &str) -> RawValue {
    // Rust's parse is correctly rounded, as JavaScript's is: the same double.
    match text.parse::<f64>() {
        Ok(v) if !v.is_finite() => RawValue::NonFinite,
        Ok(_) if significant_digits(text) > MAX_NUMBER_DIGITS => {
            RawValue::Imprecise(text.to_string())
        }
        Ok(v) => from_double(v),
        Err(_) => RawValue::Imprecise(text.to_string()),
    }
}

/// Shortest exact decimal text of a finite binary float. This is the only place where a
/// float appears: it is how a JS or JSON number enters, and it is turned into text at once.
pub(crate) fn number_text(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    if v == 0.0 {
        // -0 is 0 (JavaScript's String(-0) is "0"; Rust's would be "-0").
        return Some("0".to_string());
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

/// `base` + `key` + `[i]` + `rest`: the path of a list item or of a figure in it
/// (`programs[0].benefits` + `.phases` + `[2]` + `.rate`). One call out of line instead of
/// a `format!` at each site: a smaller wasm module.
#[inline(never)]
pub(crate) fn item_path(base: &str, key: &str, i: usize, rest: &str) -> String {
    let mut p = String::with_capacity(base.len() + key.len() + rest.len() + 4);
    p.push_str(base);
    p.push_str(key);
    p.push('[');
    p.push_str(&i.to_string());
    p.push(']');
    p.push_str(rest);
    p
}

/// The path of `key` inside the object at `base`: `base.key`, or `base[""]` for an empty
/// key, which a dotted path cannot show (a bare `""` would name the whole document).
pub(crate) fn key_path(base: &str, key: &str) -> String {
    match (base.is_empty(), key.is_empty()) {
        (_, true) => format!("{base}[\"\"]"),
        (true, false) => key.to_string(),
        (false, false) => format!("{base}.{key}"),
    }
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
        // The digits are ASCII, so any split is at a character boundary.
        let (int, frac) = digits
            .split_at_checked(point as usize)
            .unwrap_or((&digits, ""));
        format!("{int}.{frac}")
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
            // Whole numbers from a deserializer follow the same rule as JSON text.
            fn visit_i64<E>(self, v: i64) -> Result<RawValue, E> {
                Ok(whole(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawValue, E> {
                Ok(whole(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<RawValue, E> {
                Ok(whole(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<RawValue, E> {
                Ok(whole(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawValue, E> {
                Ok(from_double(v))
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
                let mut first = true;
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
                    // serde_json with `arbitrary_precision` hands a number over as a
                    // one-entry map holding the text written.
                    if first && key == ARBITRARY_PRECISION_KEY {
                        let text: RawValue = map.next_value()?;
                        return match text {
                            RawValue::String(t) => Ok(json_number(&t)),
                            _ => Err(de::Error::custom("a number without its text")),
                        };
                    }
                    first = false;
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

/// The key serde_json's `arbitrary_precision` feature wraps a number's text in.
const ARBITRARY_PRECISION_KEY: &str = "$serde_json::private::Number";

/// A number given as text by a deserializer.
fn json_number(text: &str) -> RawValue {
    #[cfg(not(target_arch = "wasm32"))]
    return from_json_number(text);
    // Not reached in the browser (JS values enter through `from_js`); kept exact anyway.
    #[cfg(target_arch = "wasm32")]
    return if significant_digits(text) > MAX_NUMBER_DIGITS {
        RawValue::Imprecise(text.to_string())
    } else {
        RawValue::Number(expand_exponent(text))
    };
}

/// A whole number from a deserializer: at most 15 significant digits, as for JSON text.
fn whole(text: String) -> RawValue {
    if significant_digits(&text) > MAX_NUMBER_DIGITS {
        RawValue::Imprecise(text)
    } else {
        RawValue::Number(text)
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

    #[test]
    fn significant_digits_ignore_leading_and_trailing_zeros() {
        let cases = [
            ("0", 0),
            ("-0.0", 0),
            ("1.50", 2),
            ("1e20", 1),
            ("0.000001", 1),
            ("-0.00120e5", 2),
            ("100200", 4),
            ("3150827066117529.4", 17),
            ("9007199254740993", 16),
            ("471420505585610.68", 17),
            ("471420505585611", 15),
            ("471420505585610", 14),
            ("1.23456789012345E-300", 15),
        ];
        for (text, want) in cases {
            assert_eq!(significant_digits(text), want, "text {text}");
        }
    }
}

//! Reading a policy from an untyped value, and the macros that declare its types.
//!
//! Every policy type is declared once, by one of four macros that emit the Rust type, its
//! reader and its JSON Schema together (and its serialisation: the report quotes sources,
//! the schema states defaults):
//! - [`record!`]: a JSON object with named keys (`"areaMu" area_mu: Area`), each
//!   required, optional (`Option<T>`) or with a default (`= expr`);
//! - [`choice!`]: a string from a fixed list (`"in-force" InForce`);
//! - [`tagged!`]: records told apart by a tag key (`"kind": "taxShare"`), their keys
//!   beside the enclosing record's (a benefit);
//! - [`keyed!`]: variants told apart by which key is present (`all`, `op`, `in`, …: a
//!   criterion).
//!
//! The reader checks each value's type, reports unknown keys with the nearest known name,
//! missing keys and values of the wrong form, each with its JSON path, and keeps going so
//! that one run reports everything. It is deliberately not serde: serde's derived
//! visitors made the wasm module about 40 KB (gzipped) larger and stop at the first
//! error. The work is done by non-generic functions ([`Reader::record`],
//! [`Reader::check_keys`], [`Reader::choice`], [`read_decimal`]); a record's fields are
//! read in place (the record starts from placeholders) by one [`read_into`] per field
//! type, shared by every record, so that the code each record adds is one call per key;
//! and a path ([`At`]) is written out only when a problem is reported.

use super::PolicyError as E;
use crate::error::{unknown_key_issue, Issue};
use crate::i18n::Lang;
use crate::raw::{NumberError, RawValue};
use rust_decimal::Decimal;

/// An object's entries, in input order.
pub(crate) type Obj = [(String, RawValue)];

/// Where a value is in the document: a chain built on the stack as reading descends,
/// written out ([`At::path`]) only when a problem is reported there.
#[derive(Clone, Copy)]
pub(crate) enum At<'a> {
    /// The whole document.
    Root,
    /// A key of the object at the parent.
    Key(&'a At<'a>, &'a str),
    /// An item of the list at the parent.
    Item(&'a At<'a>, usize),
}

impl At<'_> {
    /// The JSON path: `programs[0].benefits[1].rate`, or `zones[0][""]` for an empty key.
    #[inline(never)]
    pub fn path(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            At::Root => {}
            At::Key(parent, key) => {
                parent.write(out);
                if key.is_empty() {
                    out.push_str("[\"\"]");
                } else {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            }
            At::Item(parent, i) => {
                parent.write(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

/// Collects problems while reading.
pub(crate) struct Reader {
    lang: Lang,
    pub issues: Vec<Issue>,
}

/// The value of `key` in an object; a `null` counts as absent.
#[inline(never)]
pub(crate) fn get<'v>(obj: &'v Obj, key: &str) -> Option<&'v RawValue> {
    obj.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .filter(|v| !matches!(v, RawValue::Null))
}

impl Reader {
    pub fn new(lang: Lang) -> Reader {
        Reader {
            lang,
            issues: Vec::new(),
        }
    }

    /// Reports a problem at `at`.
    #[inline(never)]
    pub fn issue(&mut self, code: E, at: At, args: &[(&str, &str)]) {
        self.issues
            .push(Issue::new(code, at.path(), self.lang, args));
    }

    /// `wrong-type`: expected one JSON type, found another.
    #[inline(never)]
    pub fn wrong(&mut self, at: At, expected: &str, found: &RawValue) {
        let args = [("expected", expected), ("found", found.type_name())];
        self.issue(E::WrongType, at, &args);
    }

    /// `required`: `key` is missing from the object at `at`.
    #[inline(never)]
    pub fn missing(&mut self, at: At, key: &str) {
        self.issue(E::Required, At::Key(&at, key), &[("key", key)]);
    }

    /// The entries of an object, or a `wrong-type` problem.
    #[inline(never)]
    pub fn object<'v>(&mut self, v: &'v RawValue, at: At) -> Option<&'v Obj> {
        match v {
            RawValue::Object(entries) => Some(entries),
            other => {
                self.wrong(at, "object", other);
                None
            }
        }
    }

    /// Reports every key of `obj` that is empty or in neither `keys` nor `extra`.
    #[inline(never)]
    pub fn check_keys(&mut self, obj: &Obj, at: At, keys: &[&str], extra: &[&str]) {
        for (k, _) in obj {
            if k.is_empty() {
                self.issue(E::EmptyKey, At::Key(&at, k), &[]);
            } else if !keys.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
                let known: Vec<&str> = keys.iter().chain(extra).copied().collect();
                let path = At::Key(&at, k).path();
                self.issues
                    .push(unknown_key_issue(path, k, &known, self.lang));
            }
        }
    }

    /// The entries of an object with `keys` (and the keys `extra` finds for the variant
    /// it holds), after reporting every other key; or a `wrong-type` problem.
    #[inline(never)]
    pub fn record<'v>(
        &mut self,
        v: &'v RawValue,
        at: At,
        keys: &[&str],
        extra: Option<fn(&Obj) -> &'static [&'static str]>,
    ) -> Option<&'v Obj> {
        let obj = self.object(v, at)?;
        let extra = extra.map_or(&[][..], |f| f(obj));
        self.check_keys(obj, at, keys, extra);
        Some(obj)
    }

    /// The items of a list, or a `wrong-type` problem.
    #[inline(never)]
    pub fn array<'v>(&mut self, v: &'v RawValue, at: At) -> Option<&'v [RawValue]> {
        match v {
            RawValue::Array(items) => Some(items),
            other => {
                self.wrong(at, "array", other);
                None
            }
        }
    }

    /// The position of a string among `names`, or `unknown-id` (the nearest name, else
    /// the list) or `wrong-type`.
    #[inline(never)]
    pub fn choice(&mut self, v: &RawValue, at: At, names: &[&str]) -> Option<usize> {
        let RawValue::String(s) = v else {
            self.wrong(at, "string", v);
            return None;
        };
        let found = names.iter().position(|n| n == s);
        if found.is_none() {
            let hint = crate::error::nearest(s, names.iter().copied())
                .map(|n| format!("\"{n}\""))
                .unwrap_or_else(|| names.join(", "));
            self.issue(E::UnknownId, at, &[("id", s), ("known", &hint)]);
        }
        found
    }

    /// Which of `variants` (each a list of keys that announce it) `obj` is: exactly one
    /// must have a key present, else `invalid` is reported.
    #[inline(never)]
    pub fn variant(
        &mut self,
        obj: &Obj,
        at: At,
        variants: &[&[&str]],
        invalid: E,
    ) -> Option<usize> {
        let mut found = None;
        let mut count = 0;
        for (i, keys) in variants.iter().enumerate() {
            if keys.iter().any(|k| get(obj, k).is_some()) {
                found = Some(i);
                count += 1;
            }
        }
        if count != 1 {
            self.issue(invalid, at, &[]);
            return None;
        }
        found
    }
}

/// A type read from an untyped value, declared by one of this module's macros (or a
/// primitive: text, yes/no, whole numbers, dates, exact decimals, lists).
pub(crate) trait FromRaw: Sized {
    /// Reads the value at `at`, or reports why not.
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self>;

    /// True when the key may be absent (`Option<T>`): the schema does not require it.
    const OPTIONAL: bool = false;

    /// A value a record holds while it is read, before its key is: an empty text, zero,
    /// the first choice. Never the result of reading: a record whose required key is
    /// absent is refused, and an absent key with a default takes its declared default.
    fn placeholder() -> Self;

    /// Reads it as the variant of a [`keyed!`] enum that `key` announces: by default the
    /// value of `key`, the object holding nothing else; a record reads its own keys.
    fn read_keyed(obj: &Obj, at: At, key: &'static str, r: &mut Reader) -> Option<Self> {
        r.check_keys(obj, at, &[key], &[]);
        Self::read(get(obj, key)?, At::Key(&at, key), r)
    }

    /// Writes it as the variant of a [`keyed!`] enum: by default `key: value`; a record
    /// writes its own keys.
    fn serialize_keyed<M: serde::ser::SerializeMap>(
        &self,
        key: &str,
        m: &mut M,
    ) -> Result<(), M::Error>
    where
        Self: serde::Serialize,
    {
        m.serialize_entry(key, self)
    }

    /// Writes it as the variant of a [`keyed!`] enum, as JSON: by default `key: value`; a
    /// record writes its own keys.
    fn json_keyed(&self, key: &'static str, out: &mut crate::report::JsonOut)
    where
        Self: crate::report::Json,
    {
        out.key(key);
        self.json(out);
    }

    /// Its schema as a variant of a [`keyed!`] enum (by default `{ key: schema }`).
    fn keyed_schema(g: &mut schemars::SchemaGenerator, key: &str, doc: &[&str]) -> serde_json::Value
    where
        Self: schemars::JsonSchema,
    {
        let mut inner = g.subschema_for::<Self>().to_value();
        describe(&mut inner, doc);
        serde_json::json!({
            "type": "object",
            "properties": { key: inner },
            "required": [key],
            "additionalProperties": false,
        })
    }
}

impl FromRaw for String {
    fn placeholder() -> Self {
        String::new()
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        match v {
            RawValue::String(s) => Some(s.clone()),
            other => {
                r.wrong(at, "string", other);
                None
            }
        }
    }
}

impl FromRaw for bool {
    fn placeholder() -> Self {
        false
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        match v {
            RawValue::Bool(b) => Some(*b),
            other => {
                r.wrong(at, "boolean", other);
                None
            }
        }
    }
}

impl FromRaw for u32 {
    fn placeholder() -> Self {
        0
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        let d = read_decimal(v, at, r)?;
        if d.trunc() != d {
            r.issue(E::NotWhole, at, &[("value", &d.to_string())]);
            return None;
        }
        let n = u32::try_from(d.trunc()).ok();
        if n.is_none() {
            let max = u32::MAX.to_string();
            r.issue(E::OutOfRange, at, &[("min", "0"), ("max", &max)]);
        }
        n
    }
}

impl FromRaw for crate::date::Date {
    fn placeholder() -> Self {
        crate::date::Date::from(time::Date::MIN)
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        let s = String::read(v, at, r)?;
        let d = crate::date::Date::parse(&s);
        if d.is_none() {
            r.issue(E::InvalidDate, at, &[("value", &s)]);
        }
        d
    }
}

/// An exact decimal figure, or the reason it is not one, with the codes a scenario
/// number has (`invalid-number`, `imprecise-number`, `too-many-digits`, `too-large`,
/// `not-finite`, `wrong-type`).
#[inline(never)]
pub(crate) fn read_decimal(v: &RawValue, at: At, r: &mut Reader) -> Option<Decimal> {
    let code = match v.decimal() {
        Ok(d) => return Some(d),
        Err(NumberError::Imprecise) => E::ImpreciseNumber,
        Err(NumberError::TooManyDigits) => E::TooManyDigits,
        Err(NumberError::TooLarge) => E::TooLarge,
        Err(NumberError::NotFinite) => E::NotFinite,
        Err(NumberError::Invalid) => match v {
            RawValue::String(t) | RawValue::Number(t) => {
                r.issue(E::InvalidNumber, at, &[("value", t)]);
                return None;
            }
            _ => E::InvalidNumber,
        },
        Err(NumberError::WrongType) => {
            r.wrong(at, "number", v);
            return None;
        }
    };
    r.issue(code, at, &[]);
    None
}

macro_rules! read_decimal_newtype {
    ($($t:ident),*) => {$(
        impl FromRaw for crate::money::$t {
            fn placeholder() -> Self {
                crate::money::$t::ZERO
            }
            fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
                let d = read_decimal(v, at, r)?;
                let m = crate::money::$t::checked(d);
                if m.is_none() {
                    // Beyond Money::MAX an amount can no longer keep its fen.
                    r.issue(E::TooLarge, at, &[]);
                }
                m
            }
        }
    )*};
}
read_decimal_newtype!(Money, Rate, Area, Dec);

impl<T: FromRaw> FromRaw for Option<T> {
    const OPTIONAL: bool = true;
    fn placeholder() -> Self {
        None
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        T::read(v, at, r).map(Some)
    }
}

impl<T: FromRaw> FromRaw for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        let items = r.array(v, at)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match T::read(item, At::Item(&at, i), r) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// A record being read: its object, its path, the reader, and whether every field read
/// so far could be.
pub(crate) struct Fields<'a, 'r> {
    obj: &'a Obj,
    at: At<'a>,
    r: &'r mut Reader,
    ok: bool,
}

impl<'a, 'r> Fields<'a, 'r> {
    /// Starts reading the record at `at`.
    pub fn new(obj: &'a Obj, at: At<'a>, r: &'r mut Reader) -> Self {
        Fields {
            obj,
            at,
            r,
            ok: true,
        }
    }

    /// Whether every field could be read.
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// The enclosing object, path and reader (for a [`tagged!`] enum's keys).
    pub fn parts(&mut self) -> (&'a Obj, At<'a>, &mut Reader) {
        (self.obj, self.at, self.r)
    }

    /// Records that a part could not be read.
    pub fn fail(&mut self) {
        self.ok = false;
    }
}

/// Reads the value of `key` into a record's field, in place; a value that cannot be
/// read, or a required key that is absent (`required`; an `Option` may be absent), marks
/// the record as failed. Returns whether the key is absent and `has_default` (the
/// record then takes its declared default). One copy per type, shared by every record.
#[inline(never)]
pub(crate) fn read_into<T: FromRaw>(
    slot: &mut T,
    f: &mut Fields,
    key: &'static str,
    has_default: bool,
) -> bool {
    let Some(v) = get(f.obj, key) else {
        if !has_default && !T::OPTIONAL {
            f.r.missing(f.at, key);
            f.ok = false;
        }
        return has_default;
    };
    match T::read(v, At::Key(&f.at, key), f.r) {
        Some(x) => *slot = x,
        None => f.ok = false,
    }
    false
}

impl<T: FromRaw> FromRaw for Box<T> {
    fn placeholder() -> Self {
        Box::new(T::placeholder())
    }
    fn read(v: &RawValue, at: At, r: &mut Reader) -> Option<Self> {
        T::read(v, at, r).map(Box::new)
    }
}

// ---- Serialising declared types (for the report's sources and the schema's defaults).

/// Wraps a field for the "skip when `None`" test of a serialised record.
pub(crate) struct Probe<'a, T>(pub &'a T);

/// An absent `Option` is left out of a serialised record ...
pub(crate) trait SkipNone {
    fn skip(&self) -> bool;
}
impl<T> SkipNone for Probe<'_, Option<T>> {
    fn skip(&self) -> bool {
        self.0.is_none()
    }
}

/// ... every other value is written.
pub(crate) trait SkipNever {
    fn skip(&self) -> bool;
}
impl<T> SkipNever for &Probe<'_, T> {
    fn skip(&self) -> bool {
        false
    }
}

// ---- JSON Schema helpers (native only in practice: the module never calls them).

/// `doc` comment lines as one description (leading space of each line removed).
pub(crate) fn doc_text(doc: &[&str]) -> String {
    doc.iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Sets a schema's description from doc lines.
pub(crate) fn describe(schema: &mut serde_json::Value, doc: &[&str]) {
    let text = doc_text(doc);
    if let (Some(o), false) = (schema.as_object_mut(), text.is_empty()) {
        o.insert("description".into(), text.into());
    }
}

/// An object schema: description, no other keys.
pub(crate) fn object_schema(doc: &[&str]) -> serde_json::Value {
    let mut s = serde_json::json!({
        "type": "object",
        "properties": {},
        "additionalProperties": false,
    });
    describe(&mut s, doc);
    s
}

/// Adds a property to an object schema.
pub(crate) fn property(
    schema: &mut serde_json::Value,
    key: &str,
    mut sub: serde_json::Value,
    doc: &[&str],
    required: bool,
    default: Option<serde_json::Value>,
) {
    describe(&mut sub, doc);
    if let (Some(d), Some(o)) = (default, sub.as_object_mut()) {
        o.insert("default".into(), d);
    }
    schema["properties"][key] = sub;
    if required {
        match schema["required"].as_array_mut() {
            Some(list) => list.push(key.into()),
            None => schema["required"] = serde_json::json!([key]),
        }
    }
}

/// Turns the variants' schemas into alternatives of an object schema whose own keys sit
/// beside theirs (`unevaluatedProperties` then refuses any other key).
pub(crate) fn flatten(
    schema: &mut serde_json::Value,
    tag: &str,
    variants: Vec<(&str, &[&str], serde_json::Value)>,
) {
    let mut one_of = Vec::new();
    for (name, doc, mut v) in variants {
        if let Some(o) = v.as_object_mut() {
            o.remove("additionalProperties");
            o.remove("type");
            let mut tag_schema = serde_json::json!({ "type": "string", "const": name });
            describe(&mut tag_schema, doc);
            o.entry("properties")
                .or_insert_with(|| serde_json::json!({}))[tag] = tag_schema;
            let req = o.entry("required").or_insert_with(|| serde_json::json!([]));
            if let Some(list) = req.as_array_mut() {
                list.insert(0, tag.into());
            }
        }
        one_of.push(v);
    }
    if let Some(o) = schema.as_object_mut() {
        o.remove("additionalProperties");
        o.insert("unevaluatedProperties".into(), false.into());
        o.insert("oneOf".into(), one_of.into());
    }
}

/// `record! { /// doc  pub struct Name [flatten(field: Tagged)] [: Default] { /// doc  "key" field: T [= default], … } }`
///
/// A JSON object with named keys. A key is required unless its type is `Option<T>` or it
/// has a default. Emits the struct, its reader, its JSON Schema and its serialisation.
/// `flatten` reads a [`tagged!`] enum whose keys sit in the same object; `: Default`
/// implements `Default` from the declared defaults.
macro_rules! record {
    (
        $(#[doc = $doc:literal])*
        $(#[derive($($der:ident),*)])?
        pub struct $name:ident : Default {
            $( $(#[doc = $fdoc:literal])* $key:literal $f:ident : $t:ty $(= $def:expr)? ),* $(,)?
        }
    ) => {
        $crate::policy::read::record! {
            $(#[doc = $doc])*
            $(#[derive($($der),*)])?
            pub struct $name {
                $( $(#[doc = $fdoc])* $key $f : $t $(= $def)? ),*
            }
        }
        impl Default for $name {
            /// Every key at its declared default (the type's own default for the others).
            fn default() -> Self {
                $name { $( $f: $crate::policy::read::record!(@dflt $t $(, $def)?), )* }
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        $(#[derive($($der:ident),*)])?
        pub struct $name:ident $(flatten($flat:ident : $ft:ty))? {
            $( $(#[doc = $fdoc:literal])* $key:literal $f:ident : $t:ty $(= $def:expr)? ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone $($(, $der)*)?)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $f: $t, )*
            $(
                /// Its kind and the kind's own figures (their keys sit beside the others).
                pub $flat: $ft,
            )?
        }

        impl $name {
            /// The keys of its JSON object.
            #[allow(dead_code)]
            pub(crate) const KEYS: &'static [&'static str] = &[$($key,)* $(<$ft>::TAG)?];

            /// Reads the fields from an object whose keys were checked: each into its
            /// place, in order (so every problem is reported), the record kept only when
            /// all could be read.
            #[allow(unused_variables)]
            pub(crate) fn read_fields(
                obj: &$crate::policy::read::Obj,
                at: $crate::policy::read::At,
                r: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                use $crate::policy::read::FromRaw;
                let mut f = $crate::policy::read::Fields::new(obj, at, r);
                let mut s = <Self as FromRaw>::placeholder();
                $(
                    $crate::policy::read::record!(@field s, f, $key, $f, $t $(, $def)?);
                )*
                $(
                    let (obj, at, r) = f.parts();
                    match <$ft>::read_flat(obj, at, r) {
                        Some(x) => s.$flat = x,
                        None => f.fail(),
                    }
                )?
                f.ok().then_some(s)
            }
        }

        impl $crate::policy::read::FromRaw for $name {
            fn placeholder() -> Self {
                #[allow(unused_imports)]
                use $crate::policy::read::FromRaw;
                $name {
                    $( $f: <$t as FromRaw>::placeholder(), )*
                    $( $flat: <$ft as FromRaw>::placeholder(), )?
                }
            }

            fn read(
                v: &$crate::raw::RawValue,
                at: $crate::policy::read::At,
                r: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                let obj = r.record(v, at, Self::KEYS, $crate::policy::read::record!(@extra $(, $ft)?))?;
                Self::read_fields(obj, at, r)
            }

            fn read_keyed(
                obj: &$crate::policy::read::Obj,
                at: $crate::policy::read::At,
                _key: &'static str,
                r: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                r.check_keys(obj, at, Self::KEYS, &[]);
                Self::read_fields(obj, at, r)
            }

            fn keyed_schema(
                g: &mut schemars::SchemaGenerator,
                _key: &str,
                _doc: &[&str],
            ) -> serde_json::Value {
                g.subschema_for::<Self>().to_value()
            }

            fn serialize_keyed<M: serde::ser::SerializeMap>(&self, _key: &str, m: &mut M) -> Result<(), M::Error> {
                self.serialize_fields(m)
            }

            fn json_keyed(&self, _key: &'static str, out: &mut $crate::report::JsonOut) {
                self.json_fields(out);
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #[allow(unused_imports)]
                use $crate::policy::read::FromRaw;
                let mut s = $crate::policy::read::object_schema(&[$($doc),*]);
                $(
                    $crate::policy::read::property(
                        &mut s,
                        $key,
                        g.subschema_for::<$t>().to_value(),
                        &[$($fdoc),*],
                        $crate::policy::read::record!(@required $t $(, $def)?),
                        $crate::policy::read::record!(@default $t $(, $def)?),
                    );
                )*
                $( <$ft>::flatten_schema(&mut s, g); )?
                schemars::Schema::try_from(s).unwrap_or_default()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                self.serialize_fields(&mut m)?;
                m.end()
            }
        }

        impl $crate::report::Json for $name {
            fn json(&self, out: &mut $crate::report::JsonOut) {
                out.open('{');
                self.json_fields(out);
                out.close('}');
            }
        }

        impl $name {
            /// Writes its keys and values as JSON (an absent `Option` left out).
            #[allow(dead_code)]
            pub(crate) fn json_fields(&self, out: &mut $crate::report::JsonOut) {
                #[allow(unused_imports)]
                use $crate::policy::read::{Probe, SkipNever as _, SkipNone as _};
                use $crate::report::Json as _;
                $(
                    if !(&Probe(&self.$f)).skip() {
                        out.key($key);
                        self.$f.json(out);
                    }
                )*
                $( self.$flat.json_fields(out); )?
            }
        }

        impl $name {
            /// Writes its keys into a map being serialised.
            #[allow(dead_code)]
            pub(crate) fn serialize_fields<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
                #[allow(unused_imports)]
                use $crate::policy::read::{Probe, SkipNever as _, SkipNone as _};
                $(
                    if !(&Probe(&self.$f)).skip() {
                        m.serialize_entry($key, &self.$f)?;
                    }
                )*
                $( self.$flat.serialize_flat(m)?; )?
                Ok(())
            }
        }
    };
    (@field $s:ident, $fs:ident, $key:literal, $f:ident, $t:ty) => {
        $crate::policy::read::read_into(&mut $s.$f, &mut $fs, $key, false);
    };
    (@field $s:ident, $fs:ident, $key:literal, $f:ident, $t:ty, $def:expr) => {
        if $crate::policy::read::read_into(&mut $s.$f, &mut $fs, $key, true) {
            $s.$f = $def;
        }
    };
    (@extra) => { None };
    (@extra, $ft:ty) => { Some(<$ft>::keys_in) };
    (@required $t:ty) => { !<$t as FromRaw>::OPTIONAL };
    (@required $t:ty, $def:expr) => { false };
    (@dflt $t:ty) => { <$t>::default() };
    (@dflt $t:ty, $def:expr) => { $def };
    (@default $t:ty) => { None };
    (@default $t:ty, $def:expr) => {{
        let d: $t = $def;
        serde_json::to_value(&d).ok()
    }};
}
pub(crate) use record;

/// `choice! { /// doc  pub enum Name { /// doc  "json-name" Variant, … } }`
///
/// A string from a fixed list. Emits the enum (its names in `NAMES`, in order), its
/// reader (`unknown-id` with the nearest name), its JSON Schema and its serialisation.
macro_rules! choice {
    (
        $(#[doc = $doc:literal])*
        $(#[derive($($der:ident),*)])?
        pub enum $name:ident {
            $( $(#[doc = $vdoc:literal])* $s:literal $v:ident ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq $($(, $der)*)?)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $v ),*
        }

        impl $name {
            /// Every variant's name in the JSON format, in order.
            pub const NAMES: &'static [&'static str] = &[$($s),*];
            /// Every variant, in the order of [`Self::NAMES`].
            pub const VARIANTS: &'static [$name] = &[$($name::$v),*];

            /// Its name in the JSON format.
            pub fn name(self) -> &'static str {
                Self::NAMES.get(self as usize).copied().unwrap_or_default()
            }
        }

        impl $crate::policy::read::FromRaw for $name {
            fn placeholder() -> Self {
                const FIRST: $name = $name::VARIANTS[0];
                FIRST
            }
            fn read(
                v: &$crate::raw::RawValue,
                at: $crate::policy::read::At,
                r: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                r.choice(v, at, Self::NAMES).and_then(|i| Self::VARIANTS.get(i).copied())
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let one_of: Vec<serde_json::Value> = vec![$({
                    let mut v = serde_json::json!({ "type": "string", "const": $s });
                    $crate::policy::read::describe(&mut v, &[$($vdoc),*]);
                    v
                }),*];
                let mut s = serde_json::json!({ "oneOf": one_of });
                $crate::policy::read::describe(&mut s, &[$($doc),*]);
                schemars::Schema::try_from(s).unwrap_or_default()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl $crate::report::Json for $name {
            fn json(&self, out: &mut $crate::report::JsonOut) {
                out.str(self.name());
            }
        }
    };
}
pub(crate) use choice;

/// `tagged! { /// doc  pub enum Name by "tag" (empty: placeholder) { /// doc  "name" Variant(Record), … } }`
///
/// Records told apart by the string at a tag key; the tag and the record's keys sit in
/// the object of the record that holds it (`record! { … flatten(kind: Name) … }`).
macro_rules! tagged {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident by $tag:literal (empty: $empty:expr) {
            $( $(#[doc = $vdoc:literal])* $s:literal $v:ident($p:ty) ),* $(,)?
        }
    ) => {
        impl $crate::policy::read::FromRaw for $name {
            fn placeholder() -> Self {
                $empty
            }
            /// Read from the enclosing record's object ([`Self::read_flat`]), never alone.
            fn read(
                _: &$crate::raw::RawValue,
                _: $crate::policy::read::At,
                _: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                None
            }
        }

        $(#[doc = $doc])*
        #[derive(Debug, Clone)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $v($p) ),*
        }

        impl $name {
            /// The key of the tag.
            pub const TAG: &'static str = $tag;
            /// Every tag, in order.
            pub const NAMES: &'static [&'static str] = &[$($s),*];

            /// Its tag.
            pub fn name(&self) -> &'static str {
                match self {
                    $( $name::$v(_) => $s, )*
                }
            }

            /// The keys of the variant the object's tag names (none for a bad tag).
            pub(crate) fn keys_in(obj: &$crate::policy::read::Obj) -> &'static [&'static str] {
                match $crate::policy::read::get(obj, $tag) {
                    $( Some($crate::raw::RawValue::String(t)) if t == $s => <$p>::KEYS, )*
                    _ => &[],
                }
            }

            /// Reads the tag and the variant's keys from the enclosing object.
            pub(crate) fn read_flat(
                obj: &$crate::policy::read::Obj,
                at: $crate::policy::read::At,
                r: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                use $crate::policy::read::At;
                let Some(tag) = $crate::policy::read::get(obj, $tag) else {
                    r.missing(at, $tag);
                    return None;
                };
                let i = r.choice(tag, At::Key(&at, $tag), Self::NAMES)?;
                match Self::NAMES.get(i).copied() {
                    $( Some($s) => <$p>::read_fields(obj, at, r).map($name::$v), )*
                    _ => None,
                }
            }

            /// Adds the variants to the enclosing record's schema.
            pub(crate) fn flatten_schema(s: &mut serde_json::Value, g: &mut schemars::SchemaGenerator) {
                let variants = vec![$((
                    $s,
                    &[$($vdoc),*][..],
                    <$p as schemars::JsonSchema>::json_schema(g).to_value(),
                )),*];
                $crate::policy::read::flatten(s, $tag, variants);
            }

            /// Writes its tag and the variant's keys as JSON.
            pub(crate) fn json_fields(&self, out: &mut $crate::report::JsonOut) {
                out.key($tag);
                out.str(self.name());
                match self {
                    $( $name::$v(x) => x.json_fields(out), )*
                }
            }

            /// Writes the tag and the variant's keys into the enclosing record's map.
            pub(crate) fn serialize_flat<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
                m.serialize_entry($tag, self.name())?;
                match self {
                    $( $name::$v(x) => x.serialize_fields(m), )*
                }
            }
        }
    };
}
pub(crate) use tagged;

/// `keyed! { /// doc  pub enum Name (invalid: Code, empty: placeholder) { /// doc  "key" [| "key"…] Variant(T), … } }`
///
/// Variants told apart by which of their keys is present: exactly one variant's keys
/// must be, else `invalid` is reported. A record variant reads its own keys from the
/// object; any other variant is the value of its key, alone in the object.
macro_rules! keyed {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident (invalid: $invalid:expr, empty: $empty:expr) {
            $( $(#[doc = $vdoc:literal])* $k0:literal $(| $k:literal)* $v:ident($p:ty) ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $v($p) ),*
        }

        impl $name {
            /// The keys that announce each variant.
            const ANNOUNCED: &'static [&'static [&'static str]] = &[$(&[$k0 $(, $k)*]),*];
        }

        impl $crate::policy::read::FromRaw for $name {
            fn placeholder() -> Self {
                $empty
            }
            fn read(
                v: &$crate::raw::RawValue,
                at: $crate::policy::read::At,
                r: &mut $crate::policy::read::Reader,
            ) -> Option<Self> {
                use $crate::policy::read::FromRaw;
                let obj = r.object(v, at)?;
                let i = r.variant(obj, at, Self::ANNOUNCED, $invalid)?;
                match Self::ANNOUNCED.get(i).and_then(|k| k.first()).copied() {
                    $( Some($k0) => <$p as FromRaw>::read_keyed(obj, at, $k0, r).map($name::$v), )*
                    _ => None,
                }
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
            fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                use $crate::policy::read::FromRaw;
                let one_of: Vec<serde_json::Value> = vec![$({
                    let mut v = <$p as FromRaw>::keyed_schema(g, $k0, &[$($vdoc),*]);
                    if v.get("$ref").is_some() {
                        v = serde_json::json!({ "allOf": [v] });
                    }
                    $crate::policy::read::describe(&mut v, &[$($vdoc),*]);
                    v
                }),*];
                let mut s = serde_json::json!({ "oneOf": one_of });
                $crate::policy::read::describe(&mut s, &[$($doc),*]);
                schemars::Schema::try_from(s).unwrap_or_default()
            }
        }

        impl $crate::report::Json for $name {
            fn json(&self, out: &mut $crate::report::JsonOut) {
                use $crate::policy::read::FromRaw;
                out.open('{');
                match self {
                    $( $name::$v(x) => x.json_keyed($k0, out), )*
                }
                out.close('}');
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                use $crate::policy::read::FromRaw;
                let mut m = s.serialize_map(None)?;
                match self {
                    $( $name::$v(x) => x.serialize_keyed($k0, &mut m)?, )*
                }
                m.end()
            }
        }
    };
}
pub(crate) use keyed;

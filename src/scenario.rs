//! The scenario: what the user typed, checked field by field.
//!
//! [`Scenario::parse`] reads an untyped value (JSON natively, a JS object in the browser)
//! by the field registry ([`crate::policy::fields::FIELDS`]): each field's rule, in the
//! registry's order. It reports every problem at once with the field's path, suggests
//! the nearest known name for a misspelt key, fills defaults, and converts amounts in
//! other currencies to CNY.

use crate::money::DecOps;

use crate::date::Date;
use crate::error::{codes, unknown_key_issue, Issue};
use crate::i18n::Lang;
use crate::money::{max_for, Dec, Measure, Money, NumberError, Rate, Unit};
use crate::policy::fields::{Absent, Field, Ids, Read, FIELDS};
use crate::policy::Policy;
use crate::raw::RawValue;
use rust_decimal::Decimal;
use serde::Serialize;

codes! {
    /// The problems a scenario can have, each with its stable `code` (README, "Error
    /// codes"). All are errors but `rounded-to-fen`, a warning.
    pub enum ScenarioError {
        /// A required field is absent: `required`.
        Required = "required",
        /// A value of the wrong JSON type: `wrong-type`.
        WrongType = "wrong-type",
        /// Text that is not a plain decimal number: `invalid-number`.
        InvalidNumber = "invalid-number",
        /// A JSON number of more than 15 significant digits: `imprecise-number`.
        ImpreciseNumber = "imprecise-number",
        /// More than 28 decimal places or significant digits: `too-many-digits`.
        TooManyDigits = "too-many-digits",
        /// NaN, Infinity, or a JSON number beyond the double range: `not-finite`.
        NotFinite = "not-finite",
        /// A negative amount: `negative`.
        Negative = "negative",
        /// Above the unit's largest value, or beyond an exact decimal: `too-large`.
        TooLarge = "too-large",
        /// A whole number was expected: `not-whole`.
        NotWhole = "not-whole",
        /// A whole number outside its range: `out-of-range`.
        OutOfRange = "out-of-range",
        /// A number above the largest a policy declares for its input: `outside-range`.
        OutsideRange = "outside-range",
        /// A key the scenario does not have: `unknown-key` (with the nearest known key).
        UnknownKey = "unknown-key",
        /// An empty key `""`: `empty-key`.
        EmptyKey = "empty-key",
        /// An id the policy does not have (zone, project kind, industry, parcel,
        /// factory, tax): `unknown-id`.
        UnknownId = "unknown-id",
        /// A currency the policy has no rate for: `unknown-currency`.
        UnknownCurrency = "unknown-currency",
        /// No rate for the currency on or before the date: `no-exchange-rate`.
        NoExchangeRate = "no-exchange-rate",
        /// Not a date `YYYY-MM-DD`: `invalid-date`.
        InvalidDate = "invalid-date",
        /// An empty list of yearly amounts: `empty-array`.
        EmptyArray = "empty-array",
        /// More yearly amounts than years shown at most: `too-long`.
        TooLong = "too-long",
        /// The JSON text is not well formed: `json-syntax`.
        JsonSyntax = "json-syntax",
        /// Warning: an amount in CNY with more than two decimals, rounded to the fen:
        /// `rounded-to-fen`.
        RoundedToFen = "rounded-to-fen",
    }
}

use ScenarioError as E;

/// Largest amount accepted, CNY (10^16): far above any project, and small enough that
/// no sum or product in the engine can overflow. The caps of every unit are in one
/// table, [`crate::money::max_for`].
pub fn max_amount() -> Decimal {
    max_for(Measure::Unit(Unit::Cny))
}

/// The local share of taxes, as staff know it.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalTaxShare {
    /// The same amount in every operating year.
    Uniform(Money),
    /// One amount per operating year, from year 1.
    PerYear(Vec<Money>),
}

/// How amounts were converted to CNY: the currency, its rate and the rate's date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversion {
    /// The currency typed.
    pub currency: String,
    /// CNY per unit.
    pub cny_per_unit: Dec,
    /// The date of the rate.
    pub date: Date,
    /// True when the rate is an invented example.
    pub illustrative: bool,
}

impl Conversion {
    /// The policy's rate for `currency` on a date, if it states one.
    pub(crate) fn of(policy: &Policy, currency: &str, on: Date) -> Option<Conversion> {
        policy.exchange_rate(currency, on).map(|x| Conversion {
            currency: currency.to_string(),
            cny_per_unit: x.cny_per_unit,
            date: x.date,
            illustrative: x.illustrative,
        })
    }
}

/// What a scenario holds for a field of the registry.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// Not given (what that means is the field's [`Absent`] rule).
    #[default]
    Absent,
    /// A number in the field's unit (money in CNY).
    Number(Decimal),
    /// An id.
    Id(String),
    /// Yes or no.
    Flag(bool),
}

/// A checked scenario. Money is in CNY.
///
/// The fields of the registry are held by field ([`Scenario::value`]): one slot per
/// built-in field (inputs a policy declares will take the slots after them). The
/// scenario's settings that no policy names (currency, tax figures, dates) are typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// One value per registry field, in its order.
    values: Vec<Value>,
    /// Amounts as typed in [`Scenario::currency`] by value slot, when they were converted.
    typed: Vec<(usize, Decimal)>,
    /// The currency typed (amounts here are already CNY).
    pub currency: String,
    /// The conversion applied, when the currency is not CNY.
    pub conversion: Option<Conversion>,
    /// The USD rate paid-in foreign investment is converted at, when some is paid in.
    pub foreign_conversion: Option<Conversion>,
    /// Local share of taxes given directly.
    pub local_tax_share: Option<LocalTaxShare>,
    /// Expected taxes at full operation by tax id, CNY per year.
    pub annual_taxes: Vec<(String, Money)>,
    /// The date rules are read on.
    pub as_of: Date,
    /// Things the user should know about how the input was read (amounts rounded to
    /// the fen), reported as warnings.
    pub notices: Vec<Issue>,
}

impl Scenario {
    /// What the scenario holds for a field.
    pub fn value(&self, f: Field) -> &Value {
        self.value_at(f as usize)
    }

    /// What the scenario holds in a value slot ([`crate::policy::fields::FieldRef::slot`]:
    /// a built-in field's, or a declared input's after them).
    pub fn value_at(&self, slot: usize) -> &Value {
        const ABSENT: &Value = &Value::Absent;
        self.values.get(slot).unwrap_or(ABSENT)
    }

    /// The number in a value slot; `None` when not given.
    pub fn number_at(&self, slot: usize) -> Option<Decimal> {
        match self.value_at(slot) {
            Value::Number(d) => Some(*d),
            _ => None,
        }
    }

    /// A number as given (money in CNY); `None` when not given. (What an absent value
    /// means, and derived quantities: [`Field::value`].)
    pub fn number(&self, f: Field) -> Option<Decimal> {
        self.number_at(f as usize)
    }

    /// An id as given.
    pub fn id(&self, f: Field) -> Option<&str> {
        match self.value(f) {
            Value::Id(s) => Some(s),
            _ => None,
        }
    }

    /// Sets a number (a what-if, a scan). An amount typed in another currency is then
    /// no longer what was typed.
    pub fn set_number(&mut self, f: Field, v: Decimal) {
        self.set_at(f as usize, v);
    }

    /// Sets the number in a value slot (as [`Scenario::set_number`]).
    pub fn set_at(&mut self, slot: usize, v: Decimal) {
        if let Some(x) = self.values.get_mut(slot) {
            *x = Value::Number(v);
        }
        self.typed.retain(|(t, _)| *t != slot);
    }

    /// An amount as typed in [`Scenario::currency`] (before its conversion to CNY).
    pub fn typed(&self, f: Field) -> Option<Decimal> {
        self.typed_at(f as usize)
    }

    /// The amount in a value slot as typed, before its conversion to CNY.
    pub fn typed_at(&self, slot: usize) -> Option<Decimal> {
        self.typed.iter().find(|(t, _)| *t == slot).map(|(_, d)| *d)
    }

    /// Whether the user gave a field.
    pub fn given(&self, f: Field) -> bool {
        match f {
            Field::LocalTaxShare => self.local_tax_share.is_some(),
            Field::AnnualTaxes => !self.annual_taxes.is_empty(),
            _ => *self.value(f) != Value::Absent,
        }
    }

    /// Zone id.
    pub fn zone(&self) -> &str {
        self.id(Field::Zone).unwrap_or_default()
    }
    /// Project kind id.
    pub fn project_kind(&self) -> &str {
        self.id(Field::ProjectKind).unwrap_or_default()
    }
    /// Industry id, if given.
    pub fn industry(&self) -> Option<&str> {
        self.id(Field::Industry)
    }
    /// Chosen parcel id.
    pub fn parcel(&self) -> Option<&str> {
        self.id(Field::Parcel)
    }
    /// Chosen standard-factory offer id.
    pub fn factory(&self) -> Option<&str> {
        self.id(Field::Factory)
    }
    /// An amount of money in CNY (zero when not given).
    fn money(&self, f: Field) -> Money {
        self.number(f).and_then(Money::checked).unwrap_or_default()
    }
    /// One-off investment, CNY.
    pub fn investment(&self) -> Money {
        self.money(Field::Investment)
    }
    /// Registered capital, CNY.
    pub fn registered_capital(&self) -> Money {
        self.money(Field::RegisteredCapital)
    }
    /// Fixed-asset investment, CNY (the investment when not given).
    pub fn fixed_asset_investment(&self) -> Money {
        match self.number(Field::FixedAssetInvestment) {
            Some(_) => self.money(Field::FixedAssetInvestment),
            None => self.investment(),
        }
    }
    /// A whole number as given (saturating).
    fn whole(&self, f: Field) -> u32 {
        self.number(f)
            .map_or(0, |d| u32::try_from(d.trunc()).unwrap_or(u32::MAX))
    }
    /// Construction period, years.
    pub fn construction_years(&self) -> u32 {
        self.whole(Field::ConstructionYears)
    }
    /// Calendar year construction starts.
    pub fn start_year(&self) -> i32 {
        i32::try_from(self.whole(Field::StartYear)).unwrap_or(i32::MAX)
    }
    /// Years of schedule shown.
    pub fn horizon_years(&self) -> u32 {
        self.whole(Field::HorizonYears)
    }
    /// Discount rate for present values.
    pub fn discount_rate(&self) -> Rate {
        Rate(self.number(Field::DiscountRate).unwrap_or_default())
    }
    /// Land wanted, mu.
    pub fn land_mu(&self) -> Option<Decimal> {
        self.number(Field::LandMu)
    }
    /// Standard-factory floor area wanted, m².
    pub fn floor_area(&self) -> Option<Decimal> {
        self.number(Field::FloorArea)
    }
    /// Planned plot ratio.
    pub fn plot_ratio(&self) -> Option<Decimal> {
        self.number(Field::PlotRatio)
    }
    /// Foreign-invested enterprise.
    pub fn foreign_invested(&self) -> bool {
        matches!(self.value(Field::ForeignInvested), Value::Flag(true))
    }
}

struct Reader<'a> {
    obj: &'a RawValue,
    lang: Lang,
    errors: Vec<Issue>,
}

impl<'a> Reader<'a> {
    fn get(&self, key: &str) -> Option<&'a RawValue> {
        match self.obj.get(key) {
            Some(RawValue::Null) | None => None,
            Some(v) => Some(v),
        }
    }

    #[inline(never)]
    fn err(&mut self, code: E, path: &str, args: &[(&str, &str)]) {
        self.errors.push(Issue::new(code, path, self.lang, args));
    }

    #[inline(never)]
    fn wrong(&mut self, path: &str, expected: &str, found: &RawValue) {
        let args = [("expected", expected), ("found", found.type_name())];
        self.err(E::WrongType, path, &args);
    }

    #[inline(never)]
    fn decimal_at(&mut self, v: &RawValue, path: &str) -> Option<Decimal> {
        let code = match v.decimal() {
            Ok(d) => return Some(d),
            Err(NumberError::NotFinite) => E::NotFinite,
            Err(NumberError::Imprecise) => E::ImpreciseNumber,
            Err(NumberError::TooLarge) => E::TooLarge,
            Err(NumberError::TooManyDigits) => E::TooManyDigits,
            Err(NumberError::Invalid) => match v {
                RawValue::String(t) | RawValue::Number(t) => {
                    self.err(E::InvalidNumber, path, &[("value", t)]);
                    return None;
                }
                _ => E::InvalidNumber,
            },
            Err(NumberError::WrongType) => {
                self.wrong(path, "number", v);
                return None;
            }
        };
        self.err(code, path, &[]);
        None
    }

    /// A non-negative decimal no larger than `max`.
    #[inline(never)]
    fn amount_at(&mut self, v: &RawValue, path: &str, max: Decimal) -> Option<Decimal> {
        let d = self.decimal_at(v, path)?;
        if d.is_sign_negative() && !d.is_zero() {
            self.err(E::Negative, path, &[("value", &d.to_string())]);
            None
        } else if d > max {
            self.err(E::TooLarge, path, &[]);
            None
        } else {
            Some(d.normalize())
        }
    }

    fn whole(&mut self, v: &RawValue, key: &str, min: i64, max: i64) -> Option<i64> {
        let d = self.decimal_at(v, key)?;
        if !d.is_whole() {
            self.err(E::NotWhole, key, &[("value", &d.to_string())]);
            return None;
        }
        match i64::try_from(d.trunc()) {
            Ok(n) if n >= min && n <= max => Some(n),
            _ => {
                let (min, max) = (min.to_string(), max.to_string());
                self.err(E::OutOfRange, key, &[("min", &min), ("max", &max)]);
                None
            }
        }
    }

    /// A string; an empty or blank one counts as not given.
    fn string(&mut self, key: &str) -> Option<&'a str> {
        match self.get(key)? {
            RawValue::String(s) if !s.trim().is_empty() => Some(s.as_str()),
            RawValue::String(_) => None,
            other => {
                self.wrong(key, "string", other);
                None
            }
        }
    }

    fn id(&mut self, key: &str, known: &[&str], required: bool) -> Option<String> {
        match self.string(key) {
            Some(s) if known.contains(&s) => Some(s.to_string()),
            Some(s) => {
                let hint = crate::error::nearest(s, known.iter().copied())
                    .map(String::from)
                    .unwrap_or_else(|| known.join(", "));
                self.err(E::UnknownId, key, &[("id", s), ("known", &hint)]);
                None
            }
            None => {
                if required && !self.errors.iter().any(|e| e.path == key) {
                    self.err(E::Required, key, &[("known", &known.join(", "))]);
                }
                None
            }
        }
    }
}

/// Converts the amounts a scenario types to CNY, collecting the notices of amounts rounded
/// to the fen.
struct Converter {
    conversion: Option<Conversion>,
    lang: Lang,
    notices: Vec<Issue>,
}

impl Converter {
    /// An amount in the scenario's currency, in CNY: kept to the fen. A CNY amount typed
    /// with more places is rounded (half away from zero) and the user is told; a
    /// converted amount is rounded as part of the stated conversion.
    #[inline(never)]
    fn to_cny(&mut self, r: &mut Reader, d: Decimal, path: &str) -> Option<Money> {
        let cny = match &self.conversion {
            None => Some(d),
            Some(c) => d.cmul(c.cny_per_unit.get()),
        };
        match cny.filter(|v| *v <= max_amount()).and_then(Money::fen) {
            Some(m) => {
                if self.conversion.is_none() && m.get() != d {
                    let args = [("field", path), ("value", &m.to_fen_string())];
                    let notice = Issue::new(E::RoundedToFen, path, self.lang, &args);
                    self.notices.push(notice);
                }
                Some(m)
            }
            None => {
                r.err(E::TooLarge, path, &[]);
                None
            }
        }
    }
}

impl Scenario {
    /// Checks and reads a scenario.
    ///
    /// `as_of` is the date rules are read on when the scenario gives no `asOf`;
    /// `as_of_override` (the CLI's `--as-of`, the API's `asOf` option) wins over both.
    ///
    /// # Errors
    /// Every problem found, each naming its field.
    pub fn parse(
        raw: &RawValue,
        policy: &Policy,
        lang: Lang,
        as_of: Date,
        as_of_override: Option<Date>,
    ) -> Result<Scenario, Vec<Issue>> {
        let RawValue::Object(entries) = raw else {
            return Err(vec![Issue::new(
                E::WrongType,
                "",
                lang,
                &[("expected", "object"), ("found", raw.type_name())],
            )]);
        };
        let mut r = Reader {
            obj: raw,
            lang,
            errors: Vec::new(),
        };
        let mut keys: Vec<&str> = FIELDS
            .iter()
            .filter(|f| !matches!(f.read, Read::Derived(..)))
            .map(|f| f.name)
            .collect();
        keys.extend(policy.inputs.iter().map(|d| d.id.as_str()));
        for (key, _) in entries {
            if key.is_empty() {
                r.err(E::EmptyKey, &crate::raw::key_path("", key), &[]);
            } else if !keys.contains(&key.as_str()) {
                r.errors
                    .push(unknown_key_issue(key.clone(), key, &keys, lang));
            }
        }

        let mut s = Scenario {
            values: vec![Value::Absent; FIELDS.len() + policy.inputs.len()],
            typed: Vec::new(),
            currency: "CNY".to_string(),
            conversion: None,
            foreign_conversion: None,
            local_tax_share: None,
            annual_taxes: Vec::new(),
            as_of: as_of_override.unwrap_or(as_of),
            notices: Vec::new(),
        };
        let mut cny = Converter {
            conversion: None,
            lang,
            notices: Vec::new(),
        };
        // Each field by its rule, in the registry's order (an amount after its currency,
        // the currency after the date its rate is read on).
        for def in FIELDS.iter() {
            let (f, key) = (def.field, def.name);
            let value = match def.read {
                Read::Derived(..) => continue,
                Read::Id { ids, required } => {
                    let zone = match ids {
                        // Parcels and factories are checked against the chosen zone's.
                        Ids::Parcels | Ids::Factories => match s.id(Field::Zone) {
                            Some(z) => Some(z.to_string()),
                            None => continue,
                        },
                        _ => None,
                    };
                    let known = ids.known(policy, zone.as_deref());
                    r.id(key, &known, required).map(Value::Id)
                }
                Read::Date => {
                    if let Some(text) = r.string(key) {
                        match Date::parse(text) {
                            Some(d) => s.as_of = as_of_override.unwrap_or(d),
                            None => r.err(E::InvalidDate, key, &[("value", text)]),
                        }
                    }
                    continue;
                }
                Read::Currency => {
                    let mut known: Vec<&str> = vec!["CNY"];
                    for x in &policy.exchange_rates {
                        if !known.contains(&x.currency.as_str()) {
                            known.push(&x.currency);
                        }
                    }
                    if let Some(c) = r.string(key) {
                        let up = c.trim().to_ascii_uppercase();
                        if known.contains(&up.as_str()) {
                            s.currency = up;
                        } else {
                            let args = [("value", c), ("known", &known.join(", "))];
                            r.err(E::UnknownCurrency, key, &args);
                        }
                    }
                    if s.currency != "CNY" {
                        cny.conversion = Conversion::of(policy, &s.currency, s.as_of);
                    }
                    continue;
                }
                Read::Money { required, .. } => {
                    let v = match r.get(key) {
                        Some(v) => r
                            .amount_at(v, key, max_amount())
                            .inspect(|d| {
                                if cny.conversion.is_some() {
                                    s.typed.push((f as usize, *d));
                                }
                            })
                            .and_then(|d| cny.to_cny(&mut r, d, key)),
                        None => {
                            if required {
                                r.err(E::Required, key, &[("known", "")]);
                            }
                            None
                        }
                    };
                    v.map(|m| Value::Number(m.get()))
                }
                Read::Whole { min, max, .. } => match r.get(key) {
                    Some(v) => r.whole(v, key, min, max).map(|n| Value::Number(n.into())),
                    None => None,
                },
                Read::Amount(_) => {
                    let max = max_for(Measure::Unit(f.unit().unwrap_or(Unit::Count)));
                    match r.get(key) {
                        Some(v) => r.amount_at(v, key, max).map(Value::Number),
                        None => None,
                    }
                }
                Read::Rate(_) => match r.get(key) {
                    Some(v) => r.amount_at(v, key, Decimal::ONE).map(Value::Number),
                    None => None,
                },
                Read::Flag(_) => match r.get(key) {
                    Some(RawValue::Bool(b)) => Some(Value::Flag(*b)),
                    Some(other) => {
                        r.wrong(key, "boolean", other);
                        None
                    }
                    None => None,
                },
                Read::TaxShare => {
                    s.local_tax_share = tax_share(&mut r, &mut cny, key);
                    continue;
                }
                Read::Taxes => {
                    s.annual_taxes = taxes(&mut r, &mut cny, policy, key);
                    continue;
                }
            };
            if let (Some(v), Some(slot)) = (value, s.values.get_mut(f as usize)) {
                *slot = v;
            }
        }
        // The inputs the policy declares, after the built-in ones.
        for (i, d) in policy.inputs.iter().enumerate() {
            let (key, slot) = (d.id.as_str(), FIELDS.len() + i);
            let Some(v) = r.get(key) else { continue };
            let max = max_for(Measure::Unit(d.unit));
            let Some(mut n) = r.amount_at(v, key, max) else {
                continue;
            };
            let hi = d.max.map_or(max, |m| m.get());
            if d.unit.places() == 0 && !n.is_whole() {
                r.err(E::NotWhole, key, &[("value", &n.to_string())]);
                continue;
            }
            if d.unit == Unit::Cny {
                if cny.conversion.is_some() {
                    s.typed.push((slot, n));
                }
                match cny.to_cny(&mut r, n, key) {
                    Some(m) => n = m.get(),
                    None => continue,
                }
            }
            if n > hi {
                r.err(E::OutsideRange, key, &[("max", &hi.to_string())]);
                continue;
            }
            if let Some(x) = s.values.get_mut(slot) {
                *x = Value::Number(n);
            }
        }
        s.notices = cny.notices;
        s.conversion = cny.conversion;

        // Defaults the policy or other fields give.
        for def in FIELDS.iter() {
            let absent = match def.read {
                Read::Whole { absent, .. } | Read::Rate(absent) | Read::Flag(absent) => absent,
                _ => continue,
            };
            if s.given(def.field) {
                continue;
            }
            let d = &policy.defaults;
            let v = match absent {
                Absent::Policy(Field::ConstructionYears) => {
                    Value::Number(d.construction_years.into())
                }
                Absent::Policy(Field::DiscountRate) => Value::Number(d.discount_rate.get()),
                Absent::AsOfYear => Value::Number(s.as_of.year().into()),
                Absent::YearsOfTaxShare => Value::Number(match &s.local_tax_share {
                    Some(LocalTaxShare::PerYear(v)) => v.len().into(),
                    _ => d.horizon_years.into(),
                }),
                Absent::WhenPositive(other) => {
                    Value::Flag(s.number(other).is_some_and(|n| !n.is_zero()))
                }
                Absent::Policy(_) | Absent::Unknown | Absent::Zero | Absent::Same(_) => continue,
            };
            if let Some(slot) = s.values.get_mut(def.field as usize) {
                *slot = v;
            }
        }
        // Paid-in foreign capital is converted at the policy's USD rate.
        if s.number(Field::ForeignPaidInUsd)
            .is_some_and(|d| !d.is_zero())
        {
            s.foreign_conversion = Conversion::of(policy, "USD", s.as_of);
        }

        if s.currency != "CNY" && s.conversion.is_none() {
            let key = Field::Currency.name();
            r.err(E::NoExchangeRate, key, &[("value", &s.currency)]);
        }
        let required_given = s.id(Field::Zone).is_some()
            && s.id(Field::ProjectKind).is_some()
            && s.number(Field::Investment).is_some()
            && s.number(Field::RegisteredCapital).is_some();
        if r.errors.is_empty() && required_given {
            Ok(s)
        } else {
            Err(r.errors)
        }
    }
}

/// The local share of taxes: one amount for every year, or a list of one per year.
fn tax_share(r: &mut Reader, cny: &mut Converter, key: &str) -> Option<LocalTaxShare> {
    match r.get(key)? {
        RawValue::Array(items) => {
            if items.is_empty() {
                r.err(E::EmptyArray, key, &[]);
                None
            } else if items.len() > 50 {
                r.err(E::TooLong, key, &[("max", "50")]);
                None
            } else {
                let mut years = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let path = crate::raw::item_path(key, "", i, "");
                    if let Some(d) = r.amount_at(item, &path, max_amount()) {
                        if let Some(m) = cny.to_cny(r, d, &path) {
                            years.push(m);
                        }
                    }
                }
                (years.len() == items.len()).then_some(LocalTaxShare::PerYear(years))
            }
        }
        v => r
            .amount_at(v, key, max_amount())
            .and_then(|d| cny.to_cny(r, d, key))
            .map(LocalTaxShare::Uniform),
    }
}

/// Expected taxes by tax id.
fn taxes(r: &mut Reader, cny: &mut Converter, policy: &Policy, key: &str) -> Vec<(String, Money)> {
    let mut out = Vec::new();
    match r.get(key) {
        None => {}
        Some(RawValue::Object(items)) => {
            let known: Vec<&str> = policy.taxes.iter().map(|t| t.id.as_str()).collect();
            for (tax, v) in items {
                let path = crate::raw::key_path(key, tax);
                if tax.is_empty() {
                    r.err(E::EmptyKey, &path, &[]);
                    continue;
                }
                if !known.contains(&tax.as_str()) {
                    let hint = crate::error::nearest(tax, known.iter().copied())
                        .map(String::from)
                        .unwrap_or_else(|| known.join(", "));
                    r.err(E::UnknownId, &path, &[("id", tax), ("known", &hint)]);
                    continue;
                }
                if matches!(v, RawValue::Null) {
                    continue;
                }
                if let Some(d) = r.amount_at(v, &path, max_amount()) {
                    if let Some(m) = cny.to_cny(r, d, &path) {
                        out.push((tax.clone(), m));
                    }
                }
            }
        }
        Some(other) => r.wrong(key, "object", other),
    }
    out
}

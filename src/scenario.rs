//! The scenario: what the user typed, checked field by field.
//!
//! [`Scenario::parse`] reads an untyped value (JSON natively, a JS object in the browser),
//! reports every problem at once with the field's path, suggests the nearest known name
//! for a misspelt key, fills defaults, and converts amounts in other currencies to CNY.

use crate::money::DecOps;

use crate::date::Date;
use crate::error::{unknown_key_issue, Issue};
use crate::i18n::Lang;
use crate::money::{max_for, Area, Dec, Measure, Money, NumberError, Rate, Unit};
use crate::policy::Policy;
use crate::raw::RawValue;
use rust_decimal::Decimal;
use serde::Serialize;

/// Every key a scenario may have, in the order the README documents them.
pub const KEYS: &[&str] = &[
    "zone",
    "projectKind",
    "industry",
    "investment",
    "registeredCapital",
    "currency",
    "constructionYears",
    "startYear",
    "localTaxShare",
    "annualTaxes",
    "horizonYears",
    "discountRate",
    "landMu",
    "floorArea",
    "plotRatio",
    "jobs",
    "foreignInvested",
    "foreignPaidInUsd",
    "fixedAssetInvestment",
    "investmentExcludingLand",
    "parcel",
    "factory",
    "asOf",
];

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

/// How amounts were converted to CNY.
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

/// A checked scenario. Money is in CNY.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Zone id.
    pub zone: String,
    /// Project kind id.
    pub project_kind: String,
    /// Industry id, if given.
    pub industry: Option<String>,
    /// One-off investment, CNY.
    pub investment: Money,
    /// Registered capital, CNY.
    pub registered_capital: Money,
    /// The currency typed (amounts here are already CNY).
    pub currency: String,
    /// The conversion applied, when the currency is not CNY.
    pub conversion: Option<Conversion>,
    /// Construction period, years.
    pub construction_years: u32,
    /// Calendar year construction starts.
    pub start_year: i32,
    /// Local share of taxes given directly.
    pub local_tax_share: Option<LocalTaxShare>,
    /// Expected taxes at full operation by tax id, CNY per year.
    pub annual_taxes: Vec<(String, Money)>,
    /// Years of schedule shown.
    pub horizon_years: u32,
    /// Discount rate for present values.
    pub discount_rate: Rate,
    /// Land wanted, mu.
    pub land_mu: Option<Area>,
    /// Standard-factory floor area wanted, m².
    pub floor_area: Option<Dec>,
    /// Planned plot ratio.
    pub plot_ratio: Option<Dec>,
    /// Jobs created.
    pub jobs: Option<u32>,
    /// Foreign-invested enterprise.
    pub foreign_invested: bool,
    /// Paid-in foreign investment, USD.
    pub foreign_paid_in_usd: Option<Dec>,
    /// Fixed-asset investment, CNY (defaults to the investment).
    pub fixed_asset_investment: Option<Money>,
    /// Investment excluding land, CNY (defaults to the investment).
    pub investment_excluding_land: Option<Money>,
    /// Chosen parcel id.
    pub parcel: Option<String>,
    /// Chosen standard-factory offer id.
    pub factory: Option<String>,
    /// The date rules are read on.
    pub as_of: Date,
    /// Things the user should know about how the input was read (amounts rounded to
    /// the fen), reported as warnings.
    pub notices: Vec<Issue>,
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

    fn err(&mut self, code: &str, path: &str, args: &[(&str, &str)]) {
        self.errors.push(Issue::new(code, path, self.lang, args));
    }

    fn decimal_at(&mut self, v: &RawValue, path: &str) -> Option<Decimal> {
        match v.decimal() {
            Ok(d) => Some(d),
            Err(e) => {
                match (e, v) {
                    (NumberError::NotFinite, _) => self.err("not-finite", path, &[]),
                    (NumberError::Imprecise, _) => self.err("imprecise-number", path, &[]),
                    (NumberError::TooLarge, _) => self.err("too-large", path, &[]),
                    (NumberError::TooManyDigits, _) => self.err("too-many-digits", path, &[]),
                    (NumberError::Invalid, RawValue::String(t) | RawValue::Number(t)) => {
                        self.err("invalid-number", path, &[("value", t)])
                    }
                    (_, other) => self.err(
                        "wrong-type",
                        path,
                        &[("expected", "number"), ("found", other.type_name())],
                    ),
                }
                None
            }
        }
    }

    /// A non-negative decimal no larger than `max`.
    fn amount_at(&mut self, v: &RawValue, path: &str, max: Decimal) -> Option<Decimal> {
        let d = self.decimal_at(v, path)?;
        if d.is_sign_negative() && !d.is_zero() {
            self.err("negative", path, &[("value", &d.to_string())]);
            None
        } else if d > max {
            self.err("too-large", path, &[]);
            None
        } else {
            Some(d.normalize())
        }
    }

    fn amount(&mut self, key: &str, max: Decimal) -> Option<Decimal> {
        let v = self.get(key)?;
        self.amount_at(v, key, max)
    }

    fn whole(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let v = self.get(key)?;
        let d = self.decimal_at(v, key)?;
        if !d.is_whole() {
            self.err("not-whole", key, &[("value", &d.to_string())]);
            return None;
        }
        match i64::try_from(d.trunc()) {
            Ok(n) if n >= min && n <= max => Some(n),
            _ => {
                self.err(
                    "out-of-range",
                    key,
                    &[("min", &min.to_string()), ("max", &max.to_string())],
                );
                None
            }
        }
    }

    fn string(&mut self, key: &str) -> Option<&'a str> {
        match self.get(key)? {
            RawValue::String(s) if !s.trim().is_empty() => Some(s.as_str()),
            RawValue::String(_) => None,
            other => {
                self.err(
                    "wrong-type",
                    key,
                    &[("expected", "string"), ("found", other.type_name())],
                );
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
                self.err("unknown-id", key, &[("id", s), ("known", &hint)]);
                None
            }
            None => {
                if required && !self.errors.iter().any(|e| e.path == key) {
                    self.err("required", key, &[("known", &known.join(", "))]);
                }
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
                "wrong-type",
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
        for (key, _) in entries {
            if key.is_empty() {
                r.err("empty-key", &crate::raw::key_path("", key), &[]);
            } else if !KEYS.contains(&key.as_str()) {
                r.errors.push(unknown_key_issue(key, key, KEYS, lang));
            }
        }

        let zones: Vec<&str> = policy.zones.iter().map(|z| z.id.as_str()).collect();
        let kinds: Vec<&str> = policy.project_kinds.iter().map(|k| k.id.as_str()).collect();
        let industries: Vec<&str> = policy.industries.iter().map(|k| k.id.as_str()).collect();
        let zone = r.id("zone", &zones, true);
        let project_kind = r.id("projectKind", &kinds, true);
        let industry = r.id("industry", &industries, false);

        let as_of = match r.string("asOf") {
            Some(s) => Date::parse(s).unwrap_or_else(|| {
                r.err("invalid-date", "asOf", &[("value", s)]);
                as_of
            }),
            None => as_of,
        };
        let as_of = as_of_override.unwrap_or(as_of);

        // Currency first: every amount below is converted with it.
        let mut currencies: Vec<&str> = vec!["CNY"];
        for x in &policy.exchange_rates {
            if !currencies.contains(&x.currency.as_str()) {
                currencies.push(&x.currency);
            }
        }
        let currency = match r.string("currency") {
            None => "CNY".to_string(),
            Some(c) => {
                let up = c.trim().to_ascii_uppercase();
                if currencies.contains(&up.as_str()) {
                    up
                } else {
                    r.err(
                        "unknown-currency",
                        "currency",
                        &[("value", c), ("known", &currencies.join(", "))],
                    );
                    "CNY".to_string()
                }
            }
        };
        let conversion = if currency == "CNY" {
            None
        } else {
            policy.exchange_rate(&currency, as_of).map(|x| Conversion {
                currency: currency.clone(),
                cny_per_unit: x.cny_per_unit,
                date: x.date,
                illustrative: x.illustrative,
            })
        };
        let mut notices: Vec<Issue> = Vec::new();
        // Amounts are kept to the fen: a CNY amount typed with more places is rounded
        // (half away from zero) and the user is told; a converted amount is rounded as
        // part of the stated conversion.
        let mut to_cny = |r: &mut Reader, d: Decimal, path: &str| -> Option<Money> {
            let cny = match &conversion {
                None => Some(d),
                Some(c) => d.cmul(c.cny_per_unit.get()),
            };
            match cny {
                Some(v) if v <= max_amount() => {
                    let m = Money(v).round_fen();
                    if conversion.is_none() && m.get() != v {
                        notices.push(Issue::new(
                            "rounded-to-fen",
                            path,
                            lang,
                            &[("field", path), ("value", &m.to_fen_string())],
                        ));
                    }
                    Some(m)
                }
                _ => {
                    r.err("too-large", path, &[]);
                    None
                }
            }
        };
        let mut money = |r: &mut Reader, key: &str| -> Option<Money> {
            let d = r.amount(key, max_amount())?;
            to_cny(r, d, key)
        };

        let investment = money(&mut r, "investment");
        if r.get("investment").is_none() {
            r.err("required", "investment", &[("known", "")]);
        }
        let registered_capital = money(&mut r, "registeredCapital");
        if r.get("registeredCapital").is_none() {
            r.err("required", "registeredCapital", &[("known", "")]);
        }
        let fixed_asset_investment = money(&mut r, "fixedAssetInvestment");
        let investment_excluding_land = money(&mut r, "investmentExcludingLand");

        let construction_years = r
            .whole("constructionYears", 0, 20)
            .map_or(policy.defaults.construction_years, |n| n as u32);
        let start_year = r
            .whole("startYear", 1990, 2200)
            .map_or(as_of.year(), |n| n as i32);
        let horizon_given = r.whole("horizonYears", 1, 50).map(|n| n as u32);

        let local_tax_share = match r.get("localTaxShare") {
            None => None,
            Some(RawValue::Array(items)) => {
                if items.is_empty() {
                    r.err("empty-array", "localTaxShare", &[]);
                    None
                } else if items.len() > 50 {
                    r.err("too-long", "localTaxShare", &[("max", "50")]);
                    None
                } else {
                    let mut years = Vec::new();
                    for (i, item) in items.iter().enumerate() {
                        let path = format!("localTaxShare[{i}]");
                        if let Some(d) = r.amount_at(item, &path, max_amount()) {
                            if let Some(m) = to_cny(&mut r, d, &path) {
                                years.push(m);
                            }
                        }
                    }
                    (years.len() == items.len()).then_some(LocalTaxShare::PerYear(years))
                }
            }
            Some(v) => r
                .amount_at(v, "localTaxShare", max_amount())
                .and_then(|d| to_cny(&mut r, d, "localTaxShare"))
                .map(LocalTaxShare::Uniform),
        };

        let mut annual_taxes = Vec::new();
        match r.get("annualTaxes") {
            None => {}
            Some(RawValue::Object(items)) => {
                let taxes: Vec<&str> = policy.taxes.iter().map(|t| t.id.as_str()).collect();
                for (tax, v) in items {
                    let path = crate::raw::key_path("annualTaxes", tax);
                    if tax.is_empty() {
                        r.err("empty-key", &path, &[]);
                        continue;
                    }
                    if !taxes.contains(&tax.as_str()) {
                        let hint = crate::error::nearest(tax, taxes.iter().copied())
                            .map(String::from)
                            .unwrap_or_else(|| taxes.join(", "));
                        r.err("unknown-id", &path, &[("id", tax), ("known", &hint)]);
                        continue;
                    }
                    if matches!(v, RawValue::Null) {
                        continue;
                    }
                    if let Some(d) = r.amount_at(v, &path, max_amount()) {
                        if let Some(m) = to_cny(&mut r, d, &path) {
                            annual_taxes.push((tax.clone(), m));
                        }
                    }
                }
            }
            Some(other) => r.err(
                "wrong-type",
                "annualTaxes",
                &[("expected", "object"), ("found", other.type_name())],
            ),
        }

        let horizon_years = horizon_given.unwrap_or(match &local_tax_share {
            Some(LocalTaxShare::PerYear(v)) => v.len() as u32,
            _ => policy.defaults.horizon_years,
        });

        let discount_rate = match r.get("discountRate") {
            None => policy.defaults.discount_rate,
            Some(v) => match r.amount_at(v, "discountRate", Decimal::ONE) {
                Some(d) => Rate(d),
                None => policy.defaults.discount_rate,
            },
        };

        // Each quantity is capped for its unit (one table: money::max_for).
        let cap = |u: Unit| max_for(Measure::Unit(u));
        let land_mu = r.amount("landMu", cap(Unit::Mu)).map(Area);
        let floor_area = r.amount("floorArea", cap(Unit::M2)).map(Dec);
        let plot_ratio = r.amount("plotRatio", cap(Unit::Ratio)).map(Dec);
        let max_jobs = cap(Unit::Count).mantissa() as i64;
        let jobs = r.whole("jobs", 0, max_jobs).map(|n| n as u32);
        let foreign_paid_in_usd = r.amount("foreignPaidInUsd", cap(Unit::Usd)).map(Dec);
        let foreign_invested = match r.get("foreignInvested") {
            None => foreign_paid_in_usd.is_some_and(|d| !d.get().is_zero()),
            Some(RawValue::Bool(b)) => *b,
            Some(other) => {
                r.err(
                    "wrong-type",
                    "foreignInvested",
                    &[("expected", "boolean"), ("found", other.type_name())],
                );
                false
            }
        };

        let zone_def = zone.as_deref().and_then(|z| policy.zone(z));
        // Parcel and factory ids are checked against the chosen zone's offers.
        let (parcel, factory) = match zone_def {
            Some(z) => {
                let parcels: Vec<&str> = z.parcels.iter().map(|x| x.id.as_str()).collect();
                let factories: Vec<&str> = z.factories.iter().map(|x| x.id.as_str()).collect();
                (
                    r.id("parcel", &parcels, false),
                    r.id("factory", &factories, false),
                )
            }
            None => (None, None),
        };

        if currency != "CNY" && conversion.is_none() {
            r.err("no-exchange-rate", "currency", &[("value", &currency)]);
        }

        let errors = r.errors;
        match (zone, project_kind, investment, registered_capital) {
            (Some(zone), Some(project_kind), Some(investment), Some(registered_capital))
                if errors.is_empty() =>
            {
                Ok(Scenario {
                    zone,
                    project_kind,
                    industry,
                    investment,
                    registered_capital,
                    currency,
                    conversion,
                    construction_years,
                    start_year,
                    local_tax_share,
                    annual_taxes,
                    horizon_years,
                    discount_rate,
                    land_mu,
                    floor_area,
                    plot_ratio,
                    jobs,
                    foreign_invested,
                    foreign_paid_in_usd,
                    fixed_asset_investment,
                    investment_excluding_land,
                    parcel,
                    factory,
                    as_of,
                    notices,
                })
            }
            _ => Err(errors),
        }
    }
}

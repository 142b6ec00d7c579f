//! What a form needs to collect a scenario, and what a page needs to describe the
//! policy: fields, labels, units, defaults and options, all in the requested language.
//! The web widget renders this; it holds no domain words or figures of its own.

use crate::money::DecOps;

use crate::i18n::{self, format as fmt, Lang};
use crate::policy::fields::{Absent, Field, Group, Read, Unit, FORM_ORDER};
use crate::policy::{Policy, Source};
use crate::report::{Json, JsonOut};
use serde::Serialize;

pub use crate::policy::fields::FieldKind;

/// A small map of texts that serialises as a JSON object, in insertion order. (A
/// `BTreeMap` would do, at several KB more of wasm.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextMap(pub(crate) Vec<(String, String)>);

impl TextMap {
    /// Sets `key` to `value`, replacing an earlier value.
    pub fn insert(&mut self, key: String, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for TextMap {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One option of a select field.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormOption {
    /// The value sent in the scenario.
    pub value: String,
    /// Its label.
    pub label: String,
    /// For parcels and factories: the zone the option belongs to (only options of the
    /// selected zone apply).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

crate::report::output! {
    /// One form field.
    pub struct FormField {
        /// Scenario key (for `annualTaxes.vat`, the dotted path).
        "name" name: String,
        /// Label.
        "label" label: String,
        /// A one-line hint.
        "help" help: String,
        /// How it is entered.
        "kind" kind: FieldKind,
        /// Unit, for numbers.
        "unit" unit: Option<Unit>,
        /// Unit in words (`CNY`, `万元`, `mu`, `m²`, `years`).
        "unitLabel" unit_label: String,
        /// Required.
        "required" required: bool,
        /// The default used when left empty, as text.
        "default" default: Option<String>,
        /// Options, for selects.
        "options" options: Vec<FormOption>,
        /// `basic` (always shown) or `more` (shown on request).
        "group" group: &'static str,
    }
}

crate::report::output! {
    /// Everything a form needs.
    pub struct FormSchema {
        /// Language of the texts.
        "lang" lang: Lang,
        /// Languages offered, with their own names.
        "languages" languages: Vec<FormOption>,
        /// The fields, in order.
        "fields" fields: Vec<FormField>,
        /// A typical project to prefill: industrial, first zone, just above the best-known
        /// threshold.
        "example" example: TextMap,
        /// Interface words (headings, buttons, notes), by key.
        "labels" labels: TextMap,
        /// The unit of money fields for each currency offered (`万元`, `万美元`; `CNY`, `USD`
        /// in English): a bare number typed in a money field is in this unit.
        "currencyUnits" currency_units: TextMap,
    }
}

crate::report::output! {
    /// Facts about the policy for a page footer or a print-out.
    pub struct PolicyInfo {
        /// Id.
        "id" id: String,
        /// Version.
        "version" version: String,
        /// Title.
        "name" name: String,
        /// Source document.
        "source" source: Source,
        /// In effect from.
        "effectiveFrom" effective_from: crate::Date,
        /// Disclaimer.
        "disclaimer" disclaimer: String,
        /// Zones: id, name, one-line description and whether its figures are illustrative.
        "zones" zones: Vec<ZoneInfo>,
        /// Programs: id and name.
        "programs" programs: Vec<FormOption>,
        /// Exchange rates: currency, CNY per unit, date, illustrative.
        "exchangeRates" exchange_rates: Vec<RateInfo>,
    }
}

crate::report::output! {
    /// A zone as a page describes it.
    pub struct ZoneInfo {
        /// The zone id used in scenarios.
        "value" value: String,
        /// Its name.
        "label" label: String,
        /// Its one-line description (may be empty).
        "description" description: String,
        /// True when the zone's figures are invented examples.
        "illustrative" illustrative: bool,
    }
}

crate::report::output! {
    /// An exchange rate as a page shows it.
    pub struct RateInfo {
        /// Currency code.
        "currency" currency: String,
        /// CNY per unit.
        "cnyPerUnit" cny_per_unit: crate::money::Dec,
        /// Date of the rate.
        "date" date: crate::Date,
        /// True when invented.
        "illustrative" illustrative: bool,
    }
}

impl Json for FormOption {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("value");
        out.str(&self.value);
        out.key("label");
        out.str(&self.label);
        if let Some(z) = &self.zone {
            out.key("zone");
            out.str(z);
        }
        out.close('}');
    }
}

fn opt(value: &str, label: &str) -> FormOption {
    FormOption {
        value: value.to_string(),
        label: label.to_string(),
        zone: None,
    }
}

/// The unit of money fields in the entry language: `CNY` in English, `万元` in Chinese.
fn money_unit(lang: Lang) -> String {
    i18n::msg("ui.unit.money", lang).to_string()
}

/// The unit of a money field when amounts are typed in `currency`: `USD` in English,
/// `万美元` in Chinese (the currency's name from the catalogue, else its code).
fn money_unit_for(currency: &str, lang: Lang) -> String {
    if currency == "CNY" {
        return money_unit(lang);
    }
    if lang == Lang::En {
        return currency.to_string();
    }
    let key = format!("ui.currency.{currency}");
    let name = match i18n::msg(&key, lang) {
        "{missing-message}" => currency,
        n => n,
    };
    i18n::fill(
        i18n::msg("ui.unit.money-foreign", lang),
        &[("currency", name)],
    )
}

fn unit_label(unit: Unit, lang: Lang) -> String {
    let key = match unit {
        Unit::Cny => return money_unit(lang),
        Unit::Usd => "ui.unit.usd",
        Unit::Mu => "ui.unit.mu",
        Unit::M2 => "ui.unit.m2",
        Unit::Count => "ui.unit.count",
        Unit::Years => "ui.unit.years",
        Unit::Ratio => "ui.unit.ratio",
        Unit::CnyPerMu => "ui.unit.cny-per-mu",
        Unit::CnyPerMuYear => "ui.unit.cny-per-mu-year",
        Unit::Kwh => "ui.unit.kwh",
    };
    i18n::msg(key, lang).to_string()
}

/// The form for a policy: the registry's fields that a form shows, in its form order,
/// each entered as its reading rule says (a select for ids, money, a number, …).
pub fn form_schema(policy: &Policy, lang: Lang) -> FormSchema {
    let text = |prefix: &str, name: &str| i18n::msg(&[prefix, name].concat(), lang).to_string();
    let mut fields = Vec::new();
    for f in FORM_ORDER {
        let def = f.def();
        let Some(group) = def.form else { continue };
        let (kind, required) = match def.read {
            Read::Id { required, .. } => (FieldKind::Select, required),
            Read::Currency => (FieldKind::Select, false),
            Read::Money { required, .. } => (FieldKind::Money, required),
            Read::TaxShare | Read::Taxes => (FieldKind::Money, false),
            Read::Amount(_) | Read::Rate(_) => (FieldKind::Number, false),
            Read::Whole { .. } => (FieldKind::Integer, false),
            Read::Flag(_) => (FieldKind::Boolean, false),
            Read::Date => (FieldKind::Date, false),
            Read::Derived(..) => continue,
        };
        let d = &policy.defaults;
        let mut options = Vec::new();
        let default = match def.read {
            Read::Id { ids, required } => {
                options = ids
                    .entries(policy, None)
                    .into_iter()
                    .map(|(id, name, zone)| FormOption {
                        value: id.to_string(),
                        label: name.get(lang).to_string(),
                        zone: zone.map(str::to_string),
                    })
                    .collect();
                options
                    .first()
                    .filter(|_| required)
                    .map(|o| o.value.clone())
            }
            Read::Currency => {
                options.push(opt("CNY", "CNY"));
                for r in &policy.exchange_rates {
                    if !options.iter().any(|o| o.value == r.currency) {
                        options.push(opt(&r.currency, &r.currency));
                    }
                }
                Some("CNY".to_string())
            }
            Read::Flag(_) => Some("false".to_string()),
            Read::Whole {
                absent: Absent::Policy(_),
                ..
            } => Some(d.construction_years.to_string()),
            Read::Whole {
                absent: Absent::YearsOfTaxShare,
                ..
            } => Some(d.horizon_years.to_string()),
            Read::Rate(Absent::Policy(_)) => Some(d.discount_rate.to_string()),
            _ => None,
        };
        let unit = f.unit();
        let field = FormField {
            name: def.name.to_string(),
            label: text("field.", def.name),
            help: text("help.", def.name),
            kind,
            unit,
            unit_label: unit.map(|u| unit_label(u, lang)).unwrap_or_default(),
            required,
            default,
            options,
            group: match group {
                Group::Basic => "basic",
                Group::More => "more",
            },
        };
        if matches!(def.read, Read::Taxes) {
            // One amount per tax of the policy.
            for t in &policy.taxes {
                let mut each = field.clone();
                each.name = f.item(&t.id);
                each.label = i18n::fill(
                    i18n::msg("ui.tax-per-year", lang),
                    &[("tax", t.name.get(lang))],
                );
                fields.push(each);
            }
        } else {
            fields.push(field);
        }
    }
    // The inputs the policy declares, under "more": money in the scenario's currency,
    // whole numbers for counts and years, else decimals in their unit.
    for d in &policy.inputs {
        let kind = match d.unit {
            Unit::Cny => FieldKind::Money,
            u if u.places() == 0 => FieldKind::Integer,
            _ => FieldKind::Number,
        };
        fields.push(FormField {
            name: d.id.clone(),
            label: d.label.get(lang).to_string(),
            help: d
                .help
                .as_ref()
                .map(|h| h.get(lang).to_string())
                .unwrap_or_default(),
            kind,
            unit: Some(d.unit),
            unit_label: unit_label(d.unit, lang),
            required: false,
            default: None,
            options: Vec::new(),
            group: "more",
        });
    }

    let mut example = TextMap::default();
    let mut put = |k: &str, v: &str| {
        example.insert(k.to_string(), v.to_string());
    };
    if let Some(z) = policy.zones.first() {
        put(Field::Zone.name(), &z.id);
    }
    let kind_id = policy
        .project_kinds
        .iter()
        .find(|k| k.id == "industrial")
        .or(policy.project_kinds.first())
        .map(|k| k.id.clone())
        .unwrap_or_default();
    put(Field::ProjectKind.name(), &kind_id);
    let investment = rust_decimal::Decimal::from(60_000_000);
    put(Field::Investment.name(), "60000000");
    put(Field::RegisteredCapital.name(), "20000000");
    put(Field::LocalTaxShare.name(), "1500000");
    // Land on the first zone's first parcel: as many whole mu as the investment supports
    // at the parcel's minimum intensity, at most the parcel's area, so that the land
    // options and a land rebate show real figures from the first paint.
    if let Some(p) = policy.zones.first().and_then(|z| z.parcels.first()) {
        let supported = investment
            .cdiv(p.min_intensity.get())
            .map_or(p.area_mu.get(), |m| m.down());
        let mu = supported.min(p.area_mu.get()).down();
        if mu > rust_decimal::Decimal::ZERO {
            put(Field::LandMu.name(), &mu.to_string());
            put(Field::Parcel.name(), &p.id);
        }
    }

    let mut labels = TextMap::default();
    for key in i18n::UI_CATALOGUE.keys {
        if let Some(k) = key.strip_prefix("ui.") {
            labels.insert(k.to_string(), i18n::msg(key, lang).to_string());
        }
    }
    let mut currency_units = TextMap::default();
    if let Some(f) = fields.iter().find(|f| f.name == Field::Currency.name()) {
        for o in &f.options {
            currency_units.insert(o.value.clone(), money_unit_for(&o.value, lang));
        }
    }
    FormSchema {
        lang,
        currency_units,
        languages: Lang::ALL
            .iter()
            .map(|l| opt(l.tag(), l.endonym()))
            .collect(),
        fields,
        example,
        labels,
    }
}

/// Facts about a policy.
pub fn policy_info(policy: &Policy, lang: Lang) -> PolicyInfo {
    PolicyInfo {
        id: policy.id.clone(),
        version: policy.version.clone(),
        name: policy.name.get(lang).to_string(),
        source: policy.source.clone(),
        effective_from: policy.effective_from,
        disclaimer: policy.disclaimer.get(lang).to_string(),
        zones: policy
            .zones
            .iter()
            .map(|z| ZoneInfo {
                value: z.id.clone(),
                label: z.name.get(lang).to_string(),
                description: z.description.get(lang).to_string(),
                illustrative: z.illustrative,
            })
            .collect(),
        programs: policy
            .programs
            .iter()
            .map(|p| opt(&p.id, p.name.get(lang)))
            .collect(),
        exchange_rates: policy
            .exchange_rates
            .iter()
            .map(|r| RateInfo {
                currency: r.currency.clone(),
                cny_per_unit: r.cny_per_unit,
                date: r.date,
                illustrative: r.illustrative,
            })
            .collect(),
    }
}

crate::report::output! {
    /// The result of reading a typed amount.
    pub struct ParsedAmount {
        /// The exact amount as a decimal string (in the currency typed), or null.
        "value" value: Option<String>,
        /// The interpreted amount in full (`= CNY 50,000,000.00`), for echoing back.
        "echo" echo: String,
        /// An error code (`invalid-number`, `negative`, `too-large`), or null.
        "code" code: Option<String>,
        /// The error in words, or empty.
        "message" message: String,
        /// The same amount as it would be typed in each language's form (bare number in the
        /// form's unit: `50,000,000` in English, `5,000` (万元) in Chinese), so that a form
        /// can keep a value when its language changes. Empty when there is no value.
        "entry" entry: TextMap,
        /// When the amount is implausible as read (a bare number in a Chinese form, read as
        /// 万, that comes to CNY 10 billion or more), what was probably meant.
        "suggestion" suggestion: Option<Suggestion>,
    }
}

crate::report::output! {
    /// A likelier reading of an entry, with a one-click fix.
    pub struct Suggestion {
        /// The amount probably meant, as a decimal string in the currency typed.
        "value" value: String,
        /// What to put in the field instead (in the form's own unit, e.g. `5,000` for 万元).
        "entry" entry: String,
        /// "Did you mean …? This field counts in 万元."
        "message" message: String,
        /// The fix's button text ("Use 5,000万元").
        "action" action: String,
    }
}

/// Bare numbers in a Chinese form are read as 万; at this size (CNY 10 billion, or the
/// same figure in another currency) the entry was more likely typed in units.
fn implausible_bare() -> rust_decimal::Decimal {
    rust_decimal::Decimal::from(10_000_000_000_i64)
}

/// An amount as typed in each language's form: units in English, 万 in Chinese.
fn entry_texts(d: rust_decimal::Decimal) -> TextMap {
    let text = |v: rust_decimal::Decimal| {
        let n = v.normalize();
        crate::money::group_thousands(n, n.scale())
    };
    let mut out = TextMap::default();
    for lang in Lang::ALL {
        let v = if lang == Lang::En {
            Some(d)
        } else {
            d.cdiv(rust_decimal::Decimal::from(10_000))
        };
        if let Some(v) = v {
            out.insert(lang.tag().to_string(), text(v));
        }
    }
    out
}

/// Reads an amount as people type it (`5000萬`, `0.5億`, `50m`, `50,000,000`) in the
/// currency selected. A bare number is in the form's unit: CNY (or the currency) in
/// English, 万元 (ten thousands) in Chinese, as the form's unit label says.
///
/// # Examples
/// ```
/// use investcalc::{ui::parse_amount, Lang};
/// let p = parse_amount("5000萬", Lang::ZhHant, "CNY");
/// assert_eq!(p.value.as_deref(), Some("50000000"));
/// assert_eq!(p.echo, "= 50,000,000.00元");
/// assert_eq!(parse_amount("5000", Lang::ZhHans, "CNY").value.as_deref(), Some("50000000"));
/// assert_eq!(parse_amount("50m", Lang::En, "USD").echo, "= USD 50,000,000.00");
/// assert_eq!(parse_amount("-5", Lang::En, "CNY").code.as_deref(), Some("negative"));
/// let p = parse_amount("50000000", Lang::En, "CNY");
/// assert_eq!(p.entry.get("zh-Hant"), Some("5,000"));
/// assert_eq!(p.entry.get("en"), Some("50,000,000"));
/// assert_eq!(parse_amount("4999.9999", Lang::ZhHans, "CNY").entry.get("en"), Some("49,999,999"));
/// // Full-width digits from a Chinese input method, and 千万 / 百万 / 十万.
/// assert_eq!(parse_amount("５０００", Lang::ZhHans, "CNY").value.as_deref(), Some("50000000"));
/// assert_eq!(parse_amount("5千万", Lang::ZhHans, "CNY").value.as_deref(), Some("50000000"));
/// // "50000000" typed out of habit in a 万元 field: 5,000亿元, probably meant 5,000万元.
/// let p = parse_amount("50000000", Lang::ZhHans, "CNY");
/// assert_eq!(p.value.as_deref(), Some("500000000000"));
/// let s = p.suggestion.unwrap();
/// assert_eq!((s.value.as_str(), s.entry.as_str()), ("50000000", "5,000"));
/// assert!(parse_amount("5000", Lang::ZhHans, "CNY").suggestion.is_none());
/// assert!(parse_amount("50000000", Lang::En, "CNY").suggestion.is_none());
/// ```
pub fn parse_amount(text: &str, lang: Lang, currency: &str) -> ParsedAmount {
    // The form's own wording: examples in the form's unit (万元 in Chinese), and the
    // amount as typed, not as scaled.
    let fail = |code: &str, args: &[(&str, &str)]| ParsedAmount {
        value: None,
        echo: String::new(),
        code: Some(code.to_string()),
        message: i18n::fill(i18n::msg(&format!("ui.amount.{code}"), lang), args),
        entry: TextMap::default(),
        suggestion: None,
    };
    if text.trim().is_empty() {
        return ParsedAmount {
            value: None,
            echo: String::new(),
            code: None,
            message: String::new(),
            entry: TextMap::default(),
            suggestion: None,
        };
    }
    let typed = crate::money::parse_decimal(&fmt::normalize_entry(text));
    let bare = typed.is_some();
    let parsed = fmt::parse_amount(text).map(|d| {
        if bare && lang != Lang::En {
            d.cmul(rust_decimal::Decimal::from(10_000))
        } else {
            Some(d)
        }
    });
    match parsed {
        None => fail("invalid-number", &[("value", text.trim())]),
        Some(None) => fail("too-large", &[]),
        Some(Some(d)) if d.is_sign_negative() && !d.is_zero() => {
            fail("negative", &[("value", text.trim())])
        }
        Some(Some(d)) if d > crate::scenario::max_amount() => fail("too-large", &[]),
        Some(Some(d)) => {
            let echo = |d: rust_decimal::Decimal| match (currency, lang) {
                ("CNY", _) => format!("= {}", fmt::quantity(d, Unit::Cny, lang)),
                (c, Lang::En) => format!("= {c} {}", crate::money::group_thousands(d, 2)),
                (c, _) => format!("= {} {c}", crate::money::group_thousands(d, 2)),
            };
            // A bare number read as 万 that comes to 10 billion: probably typed in units.
            let suggestion = match typed {
                Some(units) if bare && lang != Lang::En && d >= implausible_bare() => {
                    let entry = entry_texts(units).get(lang.tag()).unwrap_or("").to_string();
                    let unit = money_unit_for(currency, lang);
                    let meant = echo(units);
                    let meant = meant.strip_prefix("= ").unwrap_or(&meant);
                    let args = [
                        ("meant", meant),
                        ("unit", unit.as_str()),
                        ("entry", entry.as_str()),
                    ];
                    Some(Suggestion {
                        value: units.normalize().to_string(),
                        message: i18n::fill(i18n::msg("ui.amount.did-you-mean", lang), &args),
                        action: i18n::fill(i18n::msg("ui.amount.use", lang), &args),
                        entry,
                    })
                }
                _ => None,
            };
            ParsedAmount {
                value: Some(d.normalize().to_string()),
                echo: echo(d),
                code: None,
                message: String::new(),
                entry: entry_texts(d),
                suggestion,
            }
        }
    }
}

/// What a page loads for one language (`lang/<tag>.json`): the texts of the message
/// catalogue for the wasm module ([`crate::i18n::load`]), and the first screen.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LanguagePack {
    /// The language.
    pub lang: Lang,
    /// Every catalogue text, in the order of the keys compiled into the module, but the
    /// interface words (`ui.*`, the last keys): those are `first.schema.labels`, in the
    /// same order, and a page appends them (`loadLanguage` in the element) before it
    /// hands the texts to the module. (Stated once, the pack is 1.3 KB smaller gzipped.)
    pub texts: Vec<&'static str>,
    /// The default policy's texts in this language, by placeholder number (build.rs):
    /// the wasm module carries the policy without its words.
    pub policy_texts: Vec<&'static str>,
    /// The first screen of the default policy.
    pub first: FirstScreen,
}

/// The pack of `lang` for `policy`, the rules read on `today`.
#[cfg(not(target_arch = "wasm32"))]
pub fn language_pack(policy: &Policy, lang: Lang, today: crate::Date) -> LanguagePack {
    let mut texts = crate::i18n::texts(lang);
    let labels = i18n::UI_CATALOGUE
        .keys
        .iter()
        .filter(|k| k.starts_with("ui."))
        .count();
    texts.truncate(texts.len().saturating_sub(labels));
    LanguagePack {
        lang,
        texts,
        policy_texts: crate::i18n::policy_texts(lang),
        first: first_screen(policy, lang, today),
    }
}

/// One `parseAmount` call and its result, kept so a page can show a stored first screen
/// before the engine has loaded.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParseCall {
    /// The text read.
    pub text: String,
    /// The form's language.
    pub lang: Lang,
    /// The currency selected.
    pub currency: String,
    /// What `parse_amount` returned.
    pub result: ParsedAmount,
}

/// The calculator's first screen for a policy, computed ahead (at build time) so that a
/// page can show the result of its prefilled example before the engine has loaded: the
/// form, the report with its figures as text, and the amounts as the form reads them. It
/// holds for every day from `as_of` to `valid_until` (no dated rule changes between).
/// The report leaves out what is below the first screen (land options, per-benefit
/// schedules) and the staff's targets; the engine fills them in once it has loaded.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirstScreen {
    /// The policy's id.
    pub policy: String,
    /// The policy's version.
    pub version: String,
    /// The language of every text.
    pub lang: Lang,
    /// The date the rules were read on.
    pub as_of: crate::Date,
    /// The last day the same figures hold.
    pub valid_until: crate::Date,
    /// The form.
    pub schema: FormSchema,
    /// The amount fields of the example, read as the form reads them.
    pub parses: Vec<ParseCall>,
    /// The report for the example, with `display`.
    pub report: crate::Report,
}

/// The first screen of `policy` in `lang`, with the rules read on `today`.
pub fn first_screen(policy: &Policy, lang: Lang, today: crate::Date) -> FirstScreen {
    let schema = form_schema(policy, lang);
    let mut parses = Vec::new();
    let mut entries: Vec<(String, crate::RawValue)> = Vec::new();
    for (key, value) in &schema.example.0 {
        let money = schema
            .fields
            .iter()
            .any(|f| f.name == *key && matches!(f.kind, FieldKind::Money));
        if money {
            // As the form does: the stored value read in English, then its entry in the
            // form's language read again (for the echo under the field).
            let en = parse_amount(value, Lang::En, "CNY");
            let entry = en.entry.get(lang.tag()).unwrap_or(value).to_string();
            let own = parse_amount(&entry, lang, "CNY");
            for (text, l, result) in [(value.clone(), Lang::En, en), (entry, lang, own)] {
                parses.push(ParseCall {
                    text,
                    lang: l,
                    currency: "CNY".into(),
                    result,
                });
            }
        }
        entries.push((key.clone(), crate::RawValue::String(value.clone())));
    }
    let scenario = crate::RawValue::Object(entries);
    let opts = crate::Options {
        lang,
        today,
        as_of: Some(today),
    };
    let mut report = crate::evaluate(policy, &scenario, &opts).with_display();
    // Only what the first screen shows: land options (below the fold), the per-benefit
    // schedules (the program's schedule sums them) and the staff's targets come with the
    // engine, moments later.
    report.land.clear();
    report.targets = None;
    for p in &mut report.programs {
        for b in &mut p.benefits {
            b.schedule.clear();
        }
    }
    FirstScreen {
        policy: policy.id.clone(),
        version: policy.version.clone(),
        lang,
        as_of: today,
        valid_until: policy.stable_until(today),
        schema,
        parses,
        report,
    }
}

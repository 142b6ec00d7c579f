//! The wasm boundary: the only file that uses wasm-bindgen and js-sys.
//!
//! Each export reads its input from JS values (`from_js`), calls the core and converts
//! back as one JSON text the browser parses. Nothing here panics: every export returns
//! `Result` or a report with errors.

use crate::scenario::ScenarioError;
use crate::{evaluate, i18n, ui, Date, Issue, Lang, Options, Policy, RawValue};
use wasm_bindgen::prelude::*;

// The allocator: talc's wasm setup (its documented use; single-threaded, growing the
// memory as needed), 2 KB gzipped smaller than the default dlmalloc.
#[global_allocator]
// SAFETY: `new_global` is sound on wasm32 for a single global instance, as here.
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// TypeScript types for the exports (kept in step with the Rust types by the tests).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("../www/investcalc-types.d.ts");

/// The one serializer: JSON text written in Rust (the crate's compact writer,
/// `report::Json`: no serde_json in the module), parsed by the browser's own
/// `JSON.parse` (one string crosses the boundary instead of one call per value).
fn to_js<T: crate::report::Json + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&crate::report::json_text(value))
}

/// An `Error` whose `issues` property lists every problem `{ code, path, message }`.
fn issues_error(summary: &str, issues: &[Issue]) -> JsValue {
    let err = js_sys::Error::new(summary);
    let list = to_js(issues).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("issues"), &list);
    let code = issues.first().map_or("invalid", |i| i.code.as_str());
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Reads a JS value as a [`RawValue`]: numbers become their shortest decimal text (by
/// JavaScript's own Number-to-String) and follow the rule the CLI follows for JSON text
/// (more than 15 significant digits is `imprecise-number`; see `src/raw.rs`), a BigInt
/// keeps all its digits (it is exact), NaN and ±Infinity are kept as non-finite so they
/// can be reported, and nesting deeper than 64 levels (or a cycle) reads as null.
fn from_js(v: &JsValue, depth: u32) -> RawValue {
    if depth > 64 || v.is_undefined() || v.is_null() {
        return RawValue::Null;
    }
    if let Some(b) = v.as_bool() {
        return RawValue::Bool(b);
    }
    if let Some(s) = v.as_string() {
        return RawValue::String(s);
    }
    if let Some(n) = v.as_f64() {
        return crate::raw::from_double(n);
    }
    if v.is_bigint() {
        let text = js_sys::BigInt::from(v.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return RawValue::Number(text);
    }
    if js_sys::Array::is_array(v) {
        let arr = js_sys::Array::from(v);
        return RawValue::Array(arr.iter().map(|x| from_js(&x, depth + 1)).collect());
    }
    if v.is_object() {
        let obj = js_sys::Object::from(v.clone());
        let entries = js_sys::Object::entries(&obj)
            .iter()
            .filter_map(|pair| {
                let pair = js_sys::Array::from(&pair);
                let key = pair.get(0).as_string()?;
                Some((key, from_js(&pair.get(1), depth + 1)))
            })
            .collect();
        return RawValue::Object(entries);
    }
    RawValue::Null
}

/// Options `{ lang, asOf, … }`, read like any other input (no derived deserializer); the
/// raw object comes back for the other keys.
fn read_options(options: &JsValue) -> Result<(Options, RawValue), JsValue> {
    let raw: RawValue = from_js(options, 0);
    let text = |key: &str| match raw.get(key) {
        Some(RawValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let lang = lang_of(text("lang"));
    let as_of_key = crate::policy::fields::Field::AsOf.name();
    let as_of = match text(as_of_key) {
        None => None,
        Some(s) => match Date::parse(&s) {
            Some(d) => Some(d),
            None => {
                let issue = Issue::new(
                    ScenarioError::InvalidDate,
                    as_of_key,
                    lang,
                    &[("value", &s)],
                );
                return Err(issues_error(&issue.message.clone(), &[issue]));
            }
        },
    };
    let opts = Options {
        lang,
        today: today(),
        as_of,
    };
    Ok((opts, raw))
}

/// A string argument, taken as a JS value: the glue passes it on as it is instead of
/// copying it into the module's memory, which is less glue for every export (README,
/// Measured). It reads as the glue's copying did: `undefined` and `null` are a
/// `TypeError`, any other value that is not a string reads as empty text.
fn text_arg(v: &JsValue) -> Result<String, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Err(js_sys::TypeError::new("expected a string").into());
    }
    Ok(v.as_string().unwrap_or_default())
}

/// An optional string argument: `undefined` and `null` are `None`.
fn opt_text_arg(v: &JsValue) -> Result<Option<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    text_arg(v).map(Some)
}

fn lang_of(tag: Option<String>) -> Lang {
    tag.as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(preferred)
}

#[wasm_bindgen]
extern "C" {
    /// The page's `window` (`None` in a worker, as with web-sys's `window()`).
    type Window;
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;
    type Navigator;
    #[wasm_bindgen(method, getter, structural)]
    fn navigator(this: &Window) -> Navigator;
    /// `navigator.languages`, read as a value (checked to be a list before it is read).
    #[wasm_bindgen(method, getter, structural)]
    fn languages(this: &Navigator) -> JsValue;
}

/// The first of the visitor's languages that the calculator speaks (English otherwise).
/// `window` directly rather than through web-sys's `window()`, which finds it through four
/// globals and an `instanceof`: the same answer, three imports instead of six.
fn preferred() -> Lang {
    let langs = WINDOW.with(|w| w.as_ref().map(|w| w.navigator().languages()));
    let Some(langs) = langs.filter(js_sys::Array::is_array) else {
        return Lang::En;
    };
    for v in js_sys::Array::from(&langs).iter() {
        if let Some(lang) = v.as_string().as_deref().and_then(Lang::parse) {
            return lang;
        }
    }
    Lang::En
}

fn today() -> Date {
    let now = js_sys::Date::new_0();
    let text = format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    );
    Date::parse(&text)
        .or_else(|| Date::first_of_year(2026))
        .unwrap_or_else(|| Date::from(time::Date::MIN))
}

/// A calculator bound to one policy.
#[wasm_bindgen]
pub struct Calculator {
    policy: Policy,
    /// For the default policy: the languages whose texts it was built with (bits of
    /// `i18n::policy_texts_loaded`); 0 for a policy given whole.
    langs: u8,
}

#[wasm_bindgen]
impl Calculator {
    /// A calculator for a policy object. Throws an `Error` with `issues` listing every
    /// problem when the policy is not valid, in `lang` (default: the visitor's language).
    #[wasm_bindgen(constructor)]
    pub fn new(
        policy: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] lang: JsValue,
    ) -> Result<Calculator, JsValue> {
        let lang = lang_of(opt_text_arg(&lang)?);
        let raw: RawValue = from_js(&policy, 0);
        Policy::from_raw(&raw, lang)
            .map(|policy| Calculator { policy, langs: 0 })
            .map_err(|issues| issues_error(&summary(&issues, lang), &issues))
    }

    /// A calculator for the embedded default policy. Its words come from the language
    /// packs: load a language (`loadLanguage`) first; a language loaded later is taken
    /// in at the calculator's next call.
    #[wasm_bindgen(js_name = withDefaultPolicy)]
    pub fn with_default_policy() -> Result<Calculator, JsValue> {
        let langs = i18n::policy_texts_loaded();
        // The browser's own JSON parser reads the embedded text: no JSON parser in the module.
        let mut raw = from_js(&js_sys::JSON::parse(crate::policy::DEFAULT_POLICY_JSON)?, 0);
        if langs == 0 || !crate::policy::resolve_texts(&mut raw, &i18n::policy_text) {
            return Err(js_sys::Error::new(
                "load a language (loadLanguage) before withDefaultPolicy: the default policy's words come with it",
            )
            .into());
        }
        Policy::from_raw(&raw, Lang::En)
            .map(|policy| Calculator { policy, langs })
            .map_err(|issues| issues_error(&summary(&issues, Lang::En), &issues))
    }

    /// The default policy again when a language has been loaded since it was built, so
    /// that its words are there in that language too.
    fn fresh(&mut self) -> Result<(), JsValue> {
        if self.langs != 0 && self.langs != i18n::policy_texts_loaded() {
            *self = Calculator::with_default_policy()?;
        }
        Ok(())
    }

    /// Evaluates a scenario: the same report as the CLI. Problems with the scenario come
    /// back in the report's `errors`, each with `code`, `path` and `message`. Options:
    /// `lang`, `asOf`, and `display: true` for the figures as text (`report.display`).
    pub fn evaluate(&mut self, scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        self.fresh()?;
        let (opts, raw_opts) = read_options(&options)?;
        let report = evaluate(&self.policy, &from_js(&scenario, 0), &opts);
        match raw_opts.get("display") {
            Some(RawValue::Bool(true)) => to_js(&report.with_display()),
            _ => to_js(&report),
        }
    }

    /// The scenario's schedule as CSV text (see `Report::to_csv`): options `{ lang, asOf,
    /// link }`; `link` (the share link) goes into the header rows. A bad scenario gives
    /// the header and no rows; its problems are in `evaluate`'s report.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn csv(&mut self, scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        self.fresh()?;
        let (opts, raw_opts) = read_options(&options)?;
        let report = evaluate(&self.policy, &from_js(&scenario, 0), &opts);
        let link = match raw_opts.get("link") {
            Some(RawValue::String(s)) => s.clone(),
            _ => String::new(),
        };
        Ok(JsValue::from_str(&report.to_csv(&[("scenario", &link)])))
    }

    /// Totals with the tax estimate lower and higher by `rate` (options `{ lang, asOf,
    /// rate }`, rate a decimal string such as `"0.2"`): `{ rate, low, high }`, each
    /// `{ enterpriseTotal, enterpriseNpv, unitTotal, unitNpv }`. Throws an `Error` with
    /// `issues` for a bad scenario or rate.
    pub fn band(&mut self, scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        self.fresh()?;
        let (opts, raw_opts) = read_options(&options)?;
        let rate = raw_opts
            .get("rate")
            .and_then(|r| r.as_decimal().ok())
            .map(crate::money::Rate);
        let Some(rate) = rate else {
            let issue = Issue::new(
                ScenarioError::InvalidNumber,
                "rate",
                opts.lang,
                &[("value", "")],
            );
            return Err(issues_error(&issue.message.clone(), &[issue]));
        };
        crate::engine::scan::band(&self.policy, &from_js(&scenario, 0), &opts, rate)
            .map_err(|issues| issues_error(&summary(&issues, opts.lang), &issues))
            .and_then(|b| to_js(&b))
    }

    /// The totals against the investment, stepping at each threshold (options `{ lang,
    /// asOf, steps }`): `{ thresholds, points: [{ investment, enterpriseTotal, … }] }`.
    pub fn curve(&mut self, scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        self.fresh()?;
        let (opts, raw_opts) = read_options(&options)?;
        let steps = raw_opts
            .get("steps")
            .and_then(|r| r.as_decimal().ok())
            .and_then(|d| u32::try_from(d.trunc()).ok())
            .unwrap_or(40);
        crate::engine::scan::curve(&self.policy, &from_js(&scenario, 0), &opts, steps)
            .map_err(|issues| issues_error(&summary(&issues, opts.lang), &issues))
            .and_then(|c| to_js(&c))
    }

    /// Fields, labels, units, defaults and options a form needs, in a language.
    #[wasm_bindgen(js_name = formSchema)]
    pub fn form_schema(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] lang: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = lang_of(opt_text_arg(&lang)?);
        self.fresh()?;
        to_js(&ui::form_schema(&self.policy, lang))
    }

    /// Id, version, source and disclaimer of the policy.
    #[wasm_bindgen(js_name = policyInfo)]
    pub fn policy_info(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] lang: JsValue,
    ) -> Result<JsValue, JsValue> {
        let lang = lang_of(opt_text_arg(&lang)?);
        self.fresh()?;
        to_js(&ui::policy_info(&self.policy, lang))
    }
}

fn summary(issues: &[Issue], lang: Lang) -> String {
    let lines: Vec<String> = issues.iter().map(ToString::to_string).collect();
    let head = i18n::fill(
        i18n::msg("ui.invalid-policy", lang),
        &[("count", &issues.len().to_string())],
    );
    format!("{head}\n{}", i18n::join(&lines, "\n"))
}

/// The crate version.
#[wasm_bindgen(unchecked_return_type = "string")]
pub fn version() -> JsValue {
    JsValue::from_str(env!("CARGO_PKG_VERSION"))
}

/// Reads an amount as typed (`5000萬`, `50m`): `{ value, echo, code, message }`.
#[wasm_bindgen(js_name = parseAmount)]
pub fn parse_amount(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] lang: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] currency: JsValue,
) -> Result<JsValue, JsValue> {
    let text = text_arg(&text)?;
    let (lang, currency) = (opt_text_arg(&lang)?, opt_text_arg(&currency)?);
    to_js(&ui::parse_amount(
        &text,
        lang_of(lang),
        currency.as_deref().unwrap_or("CNY"),
    ))
}

/// Formats an amount (a decimal string) for display: `style` is `full`
/// (`CNY 50,000,000.00`), `compact` (`CNY 50.0 million`, `5,000万元`; exact) or `approx`
/// (rounded for reading at a glance: `CNY 1.9 million`, `190.48万元`).
#[wasm_bindgen(js_name = formatMoney, unchecked_return_type = "string")]
pub fn format_money(
    #[wasm_bindgen(unchecked_param_type = "string")] amount: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] lang: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] style: JsValue,
) -> Result<JsValue, JsValue> {
    let amount = text_arg(&amount)?;
    let (lang, style) = (lang_of(opt_text_arg(&lang)?), opt_text_arg(&style)?);
    let text = match crate::money::Money::parse(&amount) {
        None => amount,
        Some(m) if style.as_deref() == Some("compact") => i18n::format::money_compact(m, lang),
        Some(m) if style.as_deref() == Some("approx") => i18n::format::money_approx(m, lang),
        Some(m) => i18n::format::money_full(m, lang),
    };
    Ok(JsValue::from_str(&text))
}

/// Formats a value in a unit (`cny`, `mu`, `m2`, `years`, `cnyPerMu`, …) for display.
#[wasm_bindgen(js_name = formatQuantity, unchecked_return_type = "string")]
pub fn format_quantity(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] unit: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] lang: JsValue,
) -> Result<JsValue, JsValue> {
    let (value, unit) = (text_arg(&value)?, text_arg(&unit)?);
    let lang = lang_of(opt_text_arg(&lang)?);
    let unit = crate::policy::fields::Unit::from_name(&unit);
    let text = match (crate::money::parse_decimal(&value), unit) {
        (Some(d), Some(u)) => i18n::format::quantity(d, u, lang),
        _ => value,
    };
    Ok(JsValue::from_str(&text))
}

/// Formats a rate (`"0.08"`) as a percentage (`8%`).
#[wasm_bindgen(js_name = formatPercent, unchecked_return_type = "string")]
pub fn format_percent(
    #[wasm_bindgen(unchecked_param_type = "string")] rate: JsValue,
) -> Result<JsValue, JsValue> {
    let rate = text_arg(&rate)?;
    let text = crate::money::Rate::parse(&rate).map_or(rate, i18n::format::percent);
    Ok(JsValue::from_str(&text))
}

/// Takes the texts of a language from its pack (`lang/<tag>.json`): `texts`, every word
/// the calculator shows in that language, and `policyTexts`, the default policy's words in
/// it. Call it before using the language; loading it again does nothing.
#[wasm_bindgen(js_name = loadLanguage)]
pub fn load_language(
    #[wasm_bindgen(unchecked_param_type = "string")] lang: JsValue,
    texts: JsValue,
    policy_texts: JsValue,
) -> Result<(), JsValue> {
    let lang = text_arg(&lang)?;
    let Some(l) = Lang::parse(&lang) else {
        return Err(js_sys::Error::new(&format!("unknown language \"{lang}\"")).into());
    };
    let (texts, policy_texts) = (strings(&texts)?, strings(&policy_texts)?);
    i18n::load_policy_texts(l, policy_texts)
        .and_then(|()| i18n::load(l, texts))
        .map_err(|e| js_sys::Error::new(&e).into())
}

/// A list of strings from JS.
fn strings(v: &JsValue) -> Result<Vec<String>, JsValue> {
    let RawValue::Array(items) = from_js(v, 0) else {
        return Err(js_sys::Error::new("the texts are not a list").into());
    };
    items
        .into_iter()
        .map(|t| match t {
            RawValue::String(s) => Ok(s),
            _ => Err(js_sys::Error::new("a text is not a string").into()),
        })
        .collect()
}

/// Whether the texts of a language have been loaded.
#[wasm_bindgen(js_name = languageLoaded)]
pub fn language_loaded(
    #[wasm_bindgen(unchecked_param_type = "string")] lang: JsValue,
) -> Result<bool, JsValue> {
    Ok(Lang::parse(&text_arg(&lang)?).is_some_and(i18n::loaded))
}

/// The QR code of a text (the share link), as SVG path data: `{ size, path }` (see
/// `investcalc::qr`). Throws when the text is too long for a QR code.
#[wasm_bindgen(js_name = qrCode)]
pub fn qr_code(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    let qr =
        crate::qr::qr_path(&text_arg(&text)?).map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
    to_js(&qr)
}

/// The visitor's preferred language among those offered (`en`, `zh-Hans`, `zh-Hant`).
#[wasm_bindgen(js_name = preferredLanguage, unchecked_return_type = "string")]
pub fn preferred_language() -> JsValue {
    JsValue::from_str(preferred().tag())
}

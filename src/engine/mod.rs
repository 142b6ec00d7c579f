//! Evaluation: policy + scenario → report. Pure: no I/O, no clock.

use crate::money::DecOps;

mod benefits;
mod criteria;
mod land;
pub mod scan;
mod targets;
mod whatif;

use crate::date::Date;
use crate::error::{codes, Issue};
use crate::i18n::{self, fill, format as fmt, Lang};
use crate::money::{Money, Rate};
use crate::policy::fields::{Field, FieldRef, Unit};
use crate::policy::{Beneficiary, Policy, Program, Status};
use crate::raw::RawValue;
use crate::report::*;
use crate::scenario::{Conversion, LocalTaxShare, Scenario};
use rust_decimal::Decimal;

codes! {
    /// What evaluation reports, each with its stable `code` (README, "Error codes"):
    /// one error, `overflow`, and warnings (the result is still valid).
    pub enum EngineError {
        /// A figure too large to compute exactly; the path names the policy figure or,
        /// for a sum, the program: `overflow`.
        Overflow = "overflow",
        /// Warning: amounts were converted at an illustrative rate (the rate and its date
        /// are in the message): `illustrative-rate`.
        IllustrativeRate = "illustrative-rate",
        /// Warning: an award falls after the years shown: `award-after-horizon`.
        AwardAfterHorizon = "award-after-horizon",
        /// Warning: no tax figures, so tax-linked rewards show 0: `no-tax-figures`.
        NoTaxFigures = "no-tax-figures",
        /// Warning: the per-year local tax share is shorter than the horizon:
        /// `tax-share-short`.
        TaxShareShort = "tax-share-short",
        /// Warning: a reward counts particular taxes, which need `annualTaxes`:
        /// `needs-tax-breakdown`.
        NeedsTaxBreakdown = "needs-tax-breakdown",
        /// Warning: no local-share ratio for a tax on the date: `no-local-share`.
        NoLocalShare = "no-local-share",
        /// Warning: the zone states no land price: `no-land-price`.
        NoLandPrice = "no-land-price",
        /// Warning: the zone has no standard-factory offer: `no-factory-offer`.
        NoFactoryOffer = "no-factory-offer",
        /// Warning: a purchase at cost where the factory states no sale price or
        /// construction cost:
        /// `no-factory-price`.
        NoFactoryPrice = "no-factory-price",
    }
}

pub use land::{LandQuery, LAND_PAGE};

/// A page of one zone's parcels for a scenario, best first (those that fit, then the
/// cheapest), filtered and paged by `query`: the report carries each zone's best
/// [`LAND_PAGE`] parcels and how many fit; this gives any of the others. Errors are the
/// scenario's (as in a report's `errors`) or an overflow.
///
/// # Examples
/// ```
/// use investcalc::{engine::{parcels, LandQuery}, Date, Lang, Options, Policy, RawValue};
/// let policy = Policy::default_policy().unwrap();
/// let scenario = RawValue::from_json(r#"{"zone":"etdz","projectKind":"industrial",
///   "investment":"60000000","registeredCapital":"20000000","landMu":"20"}"#).unwrap();
/// let today = Date::parse("2026-11-28").unwrap();
/// let opts = Options { lang: Lang::En, today, as_of: None };
/// let query = LandQuery { zone: "etdz".into(), limit: 2, ..LandQuery::default() };
/// let page = parcels(&policy, &scenario, &opts, &query).unwrap();
/// assert_eq!(page.parcels.len(), 2);
/// assert!(page.matched == page.total && page.total > 2);
/// ```
pub fn parcels(
    policy: &Policy,
    raw: &RawValue,
    opts: &Options,
    query: &LandQuery,
) -> Result<ParcelPage, Vec<Issue>> {
    let s = Scenario::parse(raw, policy, opts.lang, opts.today, opts.as_of)?;
    let ctx = Ctx::new(policy, &s, opts.lang);
    let page = land::page(&ctx, query);
    match ctx.overflow.take() {
        Some(path) => Err(vec![Issue::new(
            EngineError::Overflow,
            path,
            opts.lang,
            &[],
        )]),
        None => Ok(page),
    }
}

/// What the caller supplies besides the policy and the scenario.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The language of messages.
    pub lang: Lang,
    /// Today's date, used as the as-of date when nothing else is given.
    pub today: Date,
    /// An explicit as-of date, overriding the scenario's `asOf`.
    pub as_of: Option<Date>,
}

/// Evaluates a scenario against a policy. Never panics: every problem is reported in
/// the report's `errors`, with the field's path.
///
/// # Examples
/// ```
/// use investcalc::{evaluate, Options, Policy, RawValue, Lang, Date};
/// let policy = Policy::default_policy().unwrap();
/// let scenario = RawValue::from_json(r#"{"zone":"etdz","projectKind":"industrial",
///   "investment":"50000000","registeredCapital":"20000000","constructionYears":2,
///   "localTaxShare":"1000000","horizonYears":6,"asOf":"2026-01-01"}"#).unwrap();
/// let today = Date::parse("2026-01-01").unwrap();
/// let report = evaluate(&policy, &scenario, &Options { lang: Lang::En, today, as_of: None });
/// let reward = report.programs.iter().find(|p| p.id == "two-zone-industrial-reward").unwrap();
/// assert!(reward.eligible);
/// assert_eq!(reward.total.unwrap().0.to_fen_string(), "240000.00");
/// ```
pub fn evaluate(policy: &Policy, raw: &RawValue, opts: &Options) -> Report {
    evaluate_texts(policy, raw, opts, Texts::All)
}

/// Which explanation texts a report carries. Every figure, flag, label and headline is
/// the same in each; only the explanations a visitor opens differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Every text: the report of [`evaluate`], the CLI and the API's default.
    All,
    /// The headlines only (`summary` texts, each program's `reason`, the what-if texts,
    /// warnings, errors, labels): a program's `explanation`, its criteria's and
    /// benefits' `text`s, its schedule rows' `explanation`s and the land checks' `text`s
    /// are empty strings (about a third of an evaluation's time, natively). Natively
    /// only: the wasm module always writes every text.
    Brief,
    /// As `Brief`, with every text of one program (its index in the policy): what a
    /// page asks for when the visitor opens that program's card.
    Program(usize),
}

/// [`evaluate`], with the explanation texts asked for (see [`Texts`]).
pub fn evaluate_texts(policy: &Policy, raw: &RawValue, opts: &Options, texts: Texts) -> Report {
    let lang = opts.lang;
    let scenario = match Scenario::parse(raw, policy, lang, opts.today, opts.as_of) {
        Ok(s) => s,
        Err(errors) => {
            return Report {
                errors,
                ..blank(policy, lang)
            }
        }
    };
    let mut report = blank(policy, lang);
    match evaluate_scenario(policy, &scenario, lang, texts, &mut report) {
        Ok(()) => report,
        // An error report carries no figures: the same shape as for a bad scenario.
        Err(issue) => Report {
            errors: vec![issue],
            ..blank(policy, lang)
        },
    }
}

/// A report with the policy named and nothing else: what an error report shows.
fn blank(policy: &Policy, lang: Lang) -> Report {
    Report {
        policy: PolicyRef {
            id: policy.id.clone(),
            version: policy.version.clone(),
            name: policy.name.get(lang).to_string(),
            source: policy.source.clone(),
            source_text: crate::policy::source_text(&policy.source, lang),
            disclaimer: policy.disclaimer.get(lang).to_string(),
        },
        as_of: None,
        lang,
        inputs: None,
        tier: None,
        next_tier: None,
        targets: None,
        summary: None,
        programs: Vec::new(),
        land: Vec::new(),
        what_if: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
        display: None,
    }
}

/// The evaluation context shared by the parts of the engine.
pub(crate) struct Ctx<'a> {
    pub policy: &'a Policy,
    pub s: &'a Scenario,
    pub lang: Lang,
    /// The path of the first arithmetic overflow, if any. Computations record it and go
    /// on with zero; the evaluation then reports it as an error. (Inputs are capped so
    /// that only extreme policy figures can overflow.)
    pub overflow: std::cell::RefCell<Option<String>>,
    /// Set when a figure shown was computed from paid-in foreign capital converted at
    /// the USD rate (the report then states that conversion).
    pub converted: std::cell::Cell<bool>,
    /// Whether explanation texts are written now ([`Ctx::f`], [`Ctx::money`]); when not,
    /// they are left empty. Headlines are written by [`Ctx::say`] either way.
    pub texts: std::cell::Cell<bool>,
}

impl<'a> Ctx<'a> {
    pub fn new(policy: &'a Policy, s: &'a Scenario, lang: Lang) -> Ctx<'a> {
        Ctx {
            policy,
            s,
            lang,
            overflow: std::cell::RefCell::new(None),
            converted: std::cell::Cell::new(false),
            texts: std::cell::Cell::new(true),
        }
    }

    /// The same context with explanation texts off: for figures whose texts nobody
    /// reads (what-if's hypothetical evaluations).
    pub fn quiet(policy: &'a Policy, s: &'a Scenario, lang: Lang) -> Ctx<'a> {
        let ctx = Ctx::new(policy, s, lang);
        ctx.texts.set(false);
        ctx
    }

    /// Records an arithmetic overflow at `path` (the first one is kept).
    #[inline(never)]
    pub fn fail(&self, path: &str) {
        let mut slot = self.overflow.borrow_mut();
        if slot.is_none() {
            *slot = Some(path.to_string());
        }
    }

    /// Records an arithmetic overflow at a policy figure (the first one is kept).
    #[inline(never)]
    pub fn fail_at(&self, At(base, key, i, rest): At) {
        let path = match i {
            Some(i) => crate::raw::item_path(base, key, i, rest),
            None => [base, key, rest].concat(),
        };
        self.fail(&path);
    }
}

/// Where a policy figure is: `base` + `key` (+ `[i]`) + `rest`, e.g.
/// `At(bp, ".phases", Some(2), ".rate")`. The path is written out only when an overflow
/// is recorded there, so naming the figure costs nothing on the way.
#[derive(Clone, Copy)]
pub(crate) struct At<'p>(
    pub &'p str,
    pub &'static str,
    pub Option<usize>,
    pub &'static str,
);

/// `None` from checked arithmetic becomes zero, and the overflow is recorded.
pub(crate) trait OrFail<T> {
    /// The value, or the default after recording an overflow at `path`.
    fn or_fail(self, ctx: &Ctx, path: &str) -> T;
    /// The value, or the default after recording an overflow at the figure `at`.
    fn or_fail_at(self, ctx: &Ctx, at: At) -> T;
}

impl<T: Default> OrFail<T> for Option<T> {
    fn or_fail(self, ctx: &Ctx, path: &str) -> T {
        match self {
            Some(v) => v,
            None => {
                ctx.fail(path);
                T::default()
            }
        }
    }
    fn or_fail_at(self, ctx: &Ctx, at: At) -> T {
        match self {
            Some(v) => v,
            None => {
                ctx.fail_at(at);
                T::default()
            }
        }
    }
}

impl Ctx<'_> {
    pub fn t(&self, key: &str) -> &'static str {
        i18n::msg(key, self.lang)
    }

    /// Whether explanation texts are written now. Always in the wasm module, whose
    /// page shows the texts of every report it asks for (the switch would cost bytes).
    pub fn writes(&self) -> bool {
        cfg!(target_arch = "wasm32") || self.texts.get()
    }

    /// An explanation text: the catalogue's `key` filled with `args`, or empty while
    /// texts are off (see [`Texts`]).
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        if self.writes() {
            self.say(key, args)
        } else {
            String::new()
        }
    }

    /// A headline (summary, reason, what-if, label): always written.
    pub fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    /// An amount in full for an explanation (empty while texts are off).
    pub fn money(&self, m: Money) -> String {
        if self.writes() {
            fmt::money_full(m, self.lang)
        } else {
            String::new()
        }
    }

    /// Field labels as a list in running text (`land area, parcel`; `用地面积、地块`).
    pub fn field_list(&self, fields: &[String]) -> String {
        let labels: Vec<String> = fields
            .iter()
            .map(|f| {
                let label = self.label(f);
                match self.lang {
                    // Mid-sentence in English: "needs land area".
                    Lang::En => lowercase_first(&label),
                    _ => label,
                }
            })
            .collect();
        i18n::join(&labels, self.t("list.sep"))
    }

    /// The label of a field (built-in from the catalogue, derived from the policy).
    pub fn label(&self, field: &str) -> String {
        let taxes = Field::AnnualTaxes.name();
        if let Some(tax) = field
            .strip_prefix(taxes)
            .and_then(|rest| rest.strip_prefix('.'))
        {
            let name = self
                .policy
                .taxes
                .iter()
                .find(|t| t.id == tax)
                .map_or(tax, |t| t.name.get(self.lang));
            return self.say("ui.tax-per-year", &[("tax", name)]);
        }
        if let Some(d) = self.policy.derived.iter().find(|d| d.id == field) {
            return d.name.get(self.lang).to_string();
        }
        if let Some(d) = self.policy.inputs.iter().find(|d| d.id == field) {
            return d.label.get(self.lang).to_string();
        }
        let key = ["field.", field].concat();
        let text = i18n::msg(&key, self.lang);
        if text.starts_with('{') {
            field.to_string()
        } else {
            text.to_string()
        }
    }

    /// The unit of a numeric field or derived quantity (a count for anything else).
    pub fn unit(&self, field: &str) -> Unit {
        self.policy.unit_of(field)
    }

    /// The first calendar year of operation.
    pub fn first_operating_year(&self) -> i32 {
        self.s
            .start_year()
            .saturating_add(self.s.construction_years() as i32)
    }

    /// The calendar year of an operating year.
    pub fn calendar_year(&self, operating_year: u32) -> i32 {
        self.first_operating_year()
            .saturating_add(operating_year as i32 - 1)
    }

    /// The value of a numeric field or derived quantity; `None` when not given.
    pub fn value(&self, field: &str) -> Option<Decimal> {
        self.value_of(self.policy.field(field)?, 0)
    }

    /// The value of a field of the registry (through the registry's reader for a
    /// built-in field; `(Σ factor × term) / per` for a derived quantity).
    pub fn value_of(&self, field: FieldRef, depth: u32) -> Option<Decimal> {
        let i = match field {
            FieldRef::Builtin(f) => return f.value(self.s, self.policy),
            FieldRef::Declared(_) => return self.s.number_at(field.slot()?),
            FieldRef::Derived(i) => i,
        };
        let d = self.policy.derived.get(i)?;
        if depth > 16 {
            return None;
        }
        let term = |name: &str| self.value_of(self.policy.field(name)?, depth + 1);
        let mut sum = Decimal::ZERO;
        for t in &d.terms {
            sum = sum.cadd(term(&t.field)?.cmul(t.factor.get())?)?;
        }
        match &d.per {
            None => Some(sum),
            Some(per) => {
                let div = term(per)?;
                if div.is_zero() {
                    None
                } else {
                    sum.cdiv(div)
                }
            }
        }
    }

    /// The conversion a field's value went through, if it was computed from paid-in
    /// foreign capital at the USD rate (`foreignPaidInCny`, or a derived quantity with it
    /// among its terms). Marks the conversion as used, for the report's `inputs`.
    pub fn conversion_of(&self, field: &str) -> Option<&Conversion> {
        let c = self.s.foreign_conversion.as_ref()?;
        let uses = |name: &str| self.uses_foreign_cny(self.policy.field(name), 0);
        if uses(field) {
            self.converted.set(true);
            Some(c)
        } else {
            None
        }
    }

    fn uses_foreign_cny(&self, field: Option<FieldRef>, depth: u32) -> bool {
        match field {
            Some(FieldRef::Builtin(f)) => f == Field::ForeignPaidInCny,
            Some(FieldRef::Derived(i)) if depth <= 16 => {
                self.policy.derived.get(i).is_some_and(|d| {
                    d.terms
                        .iter()
                        .map(|t| t.field.as_str())
                        .chain(d.per.as_deref())
                        .any(|n| self.uses_foreign_cny(self.policy.field(n), depth + 1))
                })
            }
            _ => false,
        }
    }

    /// " (USD 4,000,000.00 at CNY 7.10 per USD, rate of 2026-11-02)": what a figure
    /// computed from a converted quantity adds to its text; empty when none was.
    pub fn conversion_note(&self, field: &str) -> String {
        let Some(c) = self.conversion_of(field) else {
            return String::new();
        };
        let usd = self.s.number(Field::ForeignPaidInUsd).unwrap_or_default();
        let usd = fmt::quantity_exact(usd, Unit::Usd, self.lang);
        self.f(
            "explain.converted",
            &[
                ("amount", &usd),
                ("rate", &c.cny_per_unit.to_string()),
                ("code", &c.currency),
                ("date", &c.date.to_string()),
            ],
        )
    }

    /// Adds to `out` the input fields still to be entered before `field` has a value
    /// (none when it has one). A derived quantity needs the inputs of its terms.
    pub fn missing_inputs(&self, field: &str, out: &mut Vec<String>) {
        self.missing_depth(self.policy.field(field), out, 0);
    }

    fn missing_depth(&self, field: Option<FieldRef>, out: &mut Vec<String>, depth: u32) {
        let Some(field) = field else { return };
        if depth > 16 || self.value_of(field, 0).is_some() {
            return;
        }
        match field {
            FieldRef::Builtin(f) => f.missing(self.s, out),
            FieldRef::Declared(i) => {
                if let Some(d) = self.policy.inputs.get(i) {
                    if !out.contains(&d.id) {
                        out.push(d.id.clone());
                    }
                }
            }
            FieldRef::Derived(i) => {
                if let Some(d) = self.policy.derived.get(i) {
                    for name in d
                        .terms
                        .iter()
                        .map(|t| t.field.as_str())
                        .chain(d.per.as_deref())
                    {
                        self.missing_depth(self.policy.field(name), out, depth + 1);
                    }
                }
            }
        }
    }

    /// An id field's value (`in` criteria).
    pub fn id_value(&self, field: &str) -> Option<String> {
        match self.policy.field(field)? {
            FieldRef::Builtin(f) => self.s.id(f).map(str::to_string),
            _ => None,
        }
    }

    /// A yes/no field's value (`is` criteria).
    pub fn flag_value(&self, field: &str) -> bool {
        match self.policy.field(field) {
            Some(FieldRef::Builtin(f)) => {
                matches!(self.s.value(f), crate::scenario::Value::Flag(true))
            }
            _ => false,
        }
    }

    /// Total expected taxes per year at full operation, CNY.
    pub fn annual_tax_total(&self) -> Option<Money> {
        annual_tax_total(self.s, self.policy)
    }

    /// The local share of taxes in an operating year, CNY, rounded to the fen.
    /// `taxes` restricts it to some taxes (which needs `annualTaxes`).
    ///
    /// Errors name the warning that explains why there is no figure.
    pub fn local_share_year(
        &self,
        year: u32,
        taxes: Option<&[String]>,
    ) -> Result<Money, EngineError> {
        local_share_year(self.s, self.policy, year, taxes, year == 1)
    }

    /// The discount factor's denominator (1 + r)^t, t the years from the start year.
    pub fn growth(&self, calendar_year: i32) -> Option<Decimal> {
        let t = calendar_year.saturating_sub(self.s.start_year()).max(0);
        let one_plus = Decimal::ONE.cadd(self.s.discount_rate().get())?;
        let mut factor = Decimal::ONE;
        for _ in 0..t {
            factor = factor.cmul(one_plus)?;
        }
        Some(factor)
    }

    /// An amount's present value: amount / (1 + r)^t.
    pub fn discount(&self, amount: Money, calendar_year: i32) -> Option<Decimal> {
        amount.get().cdiv(self.growth(calendar_year)?)
    }

    /// Present value of a schedule, rounded to the fen at the end.
    pub fn npv(&self, rows: &[Row]) -> Option<Money> {
        let mut sum = Decimal::ZERO;
        for r in rows {
            sum = sum.cadd(self.discount(r.amount.0, r.calendar_year)?)?;
        }
        Money::fen(sum)
    }

    pub fn source_text(&self, src: &crate::policy::Source) -> String {
        crate::policy::source_text(src, self.lang)
    }

    pub fn beneficiary_label(&self, b: Beneficiary) -> &'static str {
        match b {
            Beneficiary::Enterprise => self.t("beneficiary.enterprise"),
            Beneficiary::IntroducingUnit => self.t("beneficiary.introducing-unit"),
        }
    }
}

/// Total expected taxes per year at full operation, CNY.
/// Taxes the policy marks `oneOff` are not yearly and do not count.
pub(crate) fn annual_tax_total(s: &Scenario, policy: &Policy) -> Option<Money> {
    if s.annual_taxes.is_empty() {
        return None;
    }
    let mut sum = Money::ZERO;
    for (id, m) in &s.annual_taxes {
        if !policy.one_off_tax(id) {
            sum = sum.checked_add(*m)?;
        }
    }
    Some(sum)
}

/// The local share of taxes in an operating year, CNY, rounded to the fen. `taxes`
/// restricts it to some taxes (which needs `annualTaxes`).
///
/// Errors name the warning that explains why there is no figure (or `overflow`).
pub(crate) fn local_share_year(
    s: &Scenario,
    policy: &Policy,
    year: u32,
    taxes: Option<&[String]>,
    one_off: bool,
) -> Result<Money, EngineError> {
    if taxes.is_none() {
        match &s.local_tax_share {
            Some(LocalTaxShare::Uniform(m)) => return Ok(*m),
            Some(LocalTaxShare::PerYear(v)) => {
                return v
                    .get((year as usize).saturating_sub(1))
                    .copied()
                    .ok_or(EngineError::TaxShareShort);
            }
            None => {}
        }
    }
    if s.annual_taxes.is_empty() {
        return Err(if taxes.is_some() && s.local_tax_share.is_some() {
            EngineError::NeedsTaxBreakdown
        } else {
            EngineError::NoTaxFigures
        });
    }
    let mut sum = Decimal::ZERO;
    let mut any = false;
    for (tax, amount) in &s.annual_taxes {
        if taxes.is_some_and(|list| !list.iter().any(|t| t == tax))
            || (!one_off && policy.one_off_tax(tax))
        {
            continue;
        }
        // The share in force at the end of the operating year's calendar year.
        let on = s
            .start_year()
            .saturating_add(s.construction_years() as i32)
            .saturating_add(year as i32);
        let share = Date::first_of_year(on)
            .and_then(Date::day_before)
            .and_then(|on| policy.local_share(tax, s.zone(), on))
            .ok_or(EngineError::NoLocalShare)?;
        sum = amount
            .get()
            .cmul(share.rate.get())
            .and_then(|x| sum.cadd(x))
            .ok_or(EngineError::Overflow)?;
        any = true;
    }
    if !any {
        return Err(EngineError::NeedsTaxBreakdown);
    }
    Money::fen(sum).ok_or(EngineError::Overflow)
}

fn in_force(p: &Program, on: Date) -> bool {
    matches!(p.status, Status::InForce | Status::Unknown)
        && p.effective_from <= on
        && p.effective_to.is_none_or(|to| on <= to)
}

fn evaluate_scenario(
    policy: &Policy,
    s: &Scenario,
    lang: Lang,
    texts: Texts,
    report: &mut Report,
) -> Result<(), Issue> {
    let ctx = Ctx::new(policy, s, lang);
    // Whether program `i`'s explanations are written.
    let explains = |i: usize| match texts {
        Texts::All => true,
        Texts::Brief => false,
        Texts::Program(k) => i == k,
    };
    report.as_of = Some(s.as_of);
    report.inputs = Some(Inputs {
        zone: s.zone().to_string(),
        project_kind: s.project_kind().to_string(),
        industry: s.industry().map(str::to_string),
        investment: Fen(s.investment()),
        registered_capital: Fen(s.registered_capital()),
        currency: s.currency.clone(),
        conversion: s.conversion.clone(),
        construction_years: s.construction_years(),
        start_year: s.start_year(),
        first_operating_year: ctx.first_operating_year(),
        horizon_years: s.horizon_years(),
        discount_rate: s.discount_rate(),
        local_tax_share_year1: ctx.local_share_year(1, None).ok().map(Fen),
    });
    report.warnings.extend(s.notices.iter().cloned());
    if let Some(c) = &s.conversion {
        illustrative_rate(c, Field::Currency, lang, &mut report.warnings);
    }

    // Size tier.
    let investment = s.investment();
    let tier_ref = |t: &crate::policy::Tier| TierRef {
        id: t.id.clone(),
        name: t.name.get(lang).to_string(),
        min_investment: Fen(t.min_investment),
        note: t.note.as_ref().map(|n| n.get(lang).to_string()),
    };
    report.tier = policy
        .tiers
        .iter()
        .filter(|t| investment >= t.min_investment)
        .last()
        .map(tier_ref);
    report.next_tier = policy
        .tiers
        .iter()
        .find(|t| investment < t.min_investment)
        .map(|t| NextTier {
            tier: tier_ref(t),
            shortfall: Fen(t.min_investment.checked_sub(investment).unwrap_or_default()),
        });

    report.targets = targets::targets(&ctx);

    // Programs.
    let mut warned = Vec::<EngineError>::new();
    for (i, prog) in policy.programs.iter().enumerate() {
        let path = crate::raw::item_path("", "programs", i, "");
        let mut warnings = Vec::new();
        ctx.texts.set(explains(i));
        let pr = program(&ctx, prog, &path, true, &mut warnings);
        for w in warnings {
            if !warned.contains(&w) {
                report.warnings.push(Issue::new(w, "", lang, &[]));
                warned.push(w);
            }
        }
        report.programs.push(pr);
    }
    exclusivity(&ctx, report);
    group_caps(&ctx, report, &explains);

    ctx.texts.set(texts == Texts::All);
    report.land = land::options(&ctx);
    report.what_if = whatif::suggestions(&ctx, report);
    report.summary = Some(summary(&ctx, report));
    // Every conversion is stated: the paid-in foreign capital's, when a figure shown was
    // computed from it, as the typed amounts' is.
    if let (true, Some(c)) = (ctx.converted.get(), &s.foreign_conversion) {
        if let Some(inputs) = report.inputs.as_mut() {
            if inputs.conversion.is_none() {
                inputs.conversion = Some(c.clone());
            }
        }
        if s.conversion.as_ref() != Some(c) {
            illustrative_rate(c, Field::ForeignPaidInUsd, lang, &mut report.warnings);
        }
    }
    match ctx.overflow.take() {
        Some(path) => Err(Issue::new(EngineError::Overflow, path, lang, &[])),
        None => Ok(()),
    }
}

/// The `illustrative-rate` warning (its rate and date) for a conversion whose rate is an
/// invented example, at the field converted.
fn illustrative_rate(c: &Conversion, at: Field, lang: Lang, warnings: &mut Vec<Issue>) {
    if c.illustrative {
        let args = [
            ("code", c.currency.as_str()),
            ("rate", &c.cny_per_unit.to_string()),
            ("date", &c.date.to_string()),
        ];
        warnings.push(Issue::new(
            EngineError::IllustrativeRate,
            at.name(),
            lang,
            &args,
        ));
    }
}

/// Evaluates one program. With `only_if_eligible` false (used by what-if) it computes
/// the schedule even when the program is not eligible.
pub(crate) fn program(
    ctx: &Ctx,
    prog: &Program,
    path: &str,
    only_if_eligible: bool,
    warnings: &mut Vec<EngineError>,
) -> ProgramReport {
    let lang = ctx.lang;
    let criteria = criteria::evaluate(ctx, &prog.criteria);
    let active = in_force(prog, ctx.s.as_of);
    let met = criteria.met();
    let eligible = active && met;
    let reason = if !active {
        let key = match prog.status {
            Status::Expired => "reason.expired",
            Status::Suspended => "reason.suspended",
            _ if ctx.s.as_of < prog.effective_from => "reason.not-yet",
            _ => "reason.ended",
        };
        let note = prog
            .status_note
            .as_ref()
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default();
        let from = prog.effective_from.to_string();
        let to = prog.effective_to.map(|d| d.to_string()).unwrap_or_default();
        Some(
            ctx.say(key, &[("from", &from), ("to", &to), ("note", &note)])
                .trim()
                .to_string(),
        )
    } else if !met {
        Some(ctx.t("reason.criteria").to_string())
    } else {
        None
    };

    let mut benefit_reports = Vec::new();
    let mut capped = false;
    let rounding = prog.rounding.unwrap_or(ctx.policy.rounding);
    if eligible || !only_if_eligible {
        for (j, b) in prog.benefits.iter().enumerate() {
            let bp = format!("{path}.benefits[{j}]");
            let (report, cut) = benefits::compute(ctx, prog, b, rounding, &bp, warnings);
            capped |= cut;
            benefit_reports.push(report);
        }
    }
    // "The larger of": keep only the benefit with the largest total.
    if prog.combine == crate::policy::Combine::LargerOf && !benefit_reports.is_empty() {
        let best = benefit_reports
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|(_, b)| b.total.unwrap_or_default())
            .map(|(i, _)| i)
            .unwrap_or(0);
        for (i, b) in benefit_reports.iter_mut().enumerate() {
            b.selected = i == best;
        }
    }
    // Inputs the amount still needs: those of the benefits paid (all of them under "the
    // larger of", which cannot choose before every amount is known).
    let mut needs: Vec<String> = Vec::new();
    for b in &benefit_reports {
        if b.selected || prog.combine == crate::policy::Combine::LargerOf {
            for n in &b.needs {
                if !needs.contains(n) {
                    needs.push(n.clone());
                }
            }
        }
    }
    if let Some(cap) = prog.cap {
        let cap = cap.whole_units(rounding);
        capped |= apply_cap(ctx, &mut benefit_reports, cap, At(path, ".cap", None, ""));
    }
    // The contract: a null total (the amount needs an input) comes with no schedule,
    // not with the rows of the benefits that could be worked out.
    let schedule = if needs.is_empty() {
        merge(ctx, &benefit_reports, path)
    } else {
        Vec::new()
    };
    let (total, npv) = if needs.is_empty() {
        (
            Some(sum_rows(&schedule).or_fail(ctx, path)),
            Some(ctx.npv(&schedule).or_fail(ctx, path)),
        )
    } else {
        (None, None)
    };

    let mut obligations: Vec<ObligationReport> = prog
        .obligations
        .iter()
        .map(|o| obligation(ctx, o, None))
        .collect();
    for b in &prog.benefits {
        obligations.extend(
            b.obligations
                .iter()
                .map(|o| obligation(ctx, o, Some(b.id.clone()))),
        );
    }

    let paid = |f: fn(&BenefitReport) -> bool| benefit_reports.iter().any(|b| b.selected && f(b));
    let (up_to, negotiable) = (paid(|b| b.up_to), paid(|b| b.terms.is_some()));
    let explanation = match total {
        _ if !eligible => reason.clone().unwrap_or_default(),
        _ if !ctx.writes() => String::new(),
        None => ctx.f("explain.needs", &[("fields", &ctx.field_list(&needs))]),
        Some(total) => {
            let parts: Vec<String> = benefit_reports
                .iter()
                .filter(|b| b.selected)
                .map(|b| {
                    let amount = b.total.map(|t| ctx.money(t.0)).unwrap_or_default();
                    let amount = match (&b.terms, b.up_to) {
                        (Some(terms), _) => ctx.f("explain.negotiable", &[("terms", terms)]),
                        (None, true) => ctx.f("explain.up-to", &[("amount", &amount)]),
                        _ => amount,
                    };
                    ctx.f("explain.part", &[("name", &b.name), ("amount", &amount)])
                })
                .collect();
            let parts = i18n::join(&parts, "; ");
            if negotiable && total == Money::ZERO {
                // Terms only: there is no total to state.
                parts + ctx.t("summary.join").trim_end()
            } else {
                let total = if up_to {
                    ctx.f("explain.up-to", &[("amount", &ctx.money(total))])
                } else {
                    ctx.money(total)
                };
                ctx.f(
                    "explain.program",
                    &[
                        ("parts", &parts),
                        ("total", &total),
                        ("years", &ctx.s.horizon_years().to_string()),
                        ("beneficiary", ctx.beneficiary_label(prog.beneficiary)),
                    ],
                )
            }
        }
    };

    ProgramReport {
        up_to,
        negotiable,
        id: prog.id.clone(),
        name: prog.name.get(lang).to_string(),
        summary: prog.summary.get(lang).to_string(),
        beneficiary: prog.beneficiary,
        beneficiary_label: ctx.beneficiary_label(prog.beneficiary).to_string(),
        illustrative: prog.illustrative,
        status: prog.status,
        legal_review: {
            let note = prog.legal_review.as_ref().map(|t| t.get(lang));
            match (prog.status, note) {
                (Status::Unknown, n) => Some(
                    ctx.say("review.unknown", &[("note", n.unwrap_or_default())])
                        .trim()
                        .to_string(),
                ),
                (_, n) => n.map(str::to_string),
            }
        },
        in_force: active,
        eligible,
        needs: if eligible { needs } else { Vec::new() },
        excluded_by: None,
        reason,
        criteria,
        benefits: benefit_reports,
        schedule,
        total: total.map(Fen),
        npv: npv.map(Fen),
        capped,
        obligations,
        source: prog.source.clone(),
        source_text: ctx.source_text(&prog.source),
        explanation,
    }
}

fn obligation(
    ctx: &Ctx,
    o: &crate::policy::Obligation,
    benefit: Option<String>,
) -> ObligationReport {
    ObligationReport {
        kind: o.kind,
        benefit,
        years: o.years,
        text: o.text.get(ctx.lang).to_string(),
        clawback: o.clawback.as_ref().map(|c| c.get(ctx.lang).to_string()),
    }
}

fn sum_rows(rows: &[Row]) -> Option<Money> {
    rows.iter()
        .try_fold(Money::ZERO, |acc, r| acc.checked_add(r.amount.0))
}

/// Reduces amounts, year by year and benefit by benefit, so that the selected benefits
/// together pay at most `cap`. Returns whether anything was cut.
fn apply_cap(ctx: &Ctx, benefits: &mut [BenefitReport], cap: Money, at: At) -> bool {
    // Operating years run from 1 to at most the horizon (50): walk them in order.
    let last = benefits
        .iter()
        .filter(|b| b.selected)
        .flat_map(|b| b.schedule.iter().map(|r| r.operating_year))
        .max()
        .unwrap_or(0);
    let mut left = cap;
    let mut cut = false;
    for y in 1..=last {
        for b in benefits.iter_mut().filter(|b| b.selected) {
            for r in b.schedule.iter_mut().filter(|r| r.operating_year == y) {
                if r.amount.0 > left {
                    r.amount = Fen(left);
                    r.explanation
                        .push_str(&ctx.f("explain.capped", &[("cap", &ctx.money(cap))]));
                    cut = true;
                }
                left = left.checked_sub(r.amount.0).or_fail_at(ctx, at);
            }
        }
    }
    for b in benefits.iter_mut().filter(|b| b.total.is_some()) {
        b.total = Some(Fen(sum_rows(&b.schedule).or_fail_at(ctx, at)));
    }
    cut
}

/// Adds the selected benefits' rows by operating year.
fn merge(ctx: &Ctx, benefits: &[BenefitReport], path: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for b in benefits.iter().filter(|b| b.selected) {
        for r in &b.schedule {
            match rows
                .iter_mut()
                .find(|x| x.operating_year == r.operating_year)
            {
                Some(x) => {
                    x.amount = Fen(x.amount.0.checked_add(r.amount.0).or_fail(ctx, path));
                    x.base = None;
                    x.rate = None;
                    if ctx.writes() {
                        x.explanation = format!("{} + {}", x.explanation, r.explanation);
                    }
                }
                None => {
                    // Keep the rows in operating-year order as they are added.
                    let at = rows
                        .iter()
                        .position(|x| x.operating_year > r.operating_year);
                    rows.insert(at.unwrap_or(rows.len()), r.clone());
                }
            }
        }
    }
    rows
}

/// "Cannot be combined with": of two eligible programs that exclude each other, the one
/// with the larger total is kept (the earlier one on a tie). Eligible programs are taken
/// by total (binary insertion: n log n comparisons); each is checked against the programs
/// kept so far through the two exclusion lists (a few ids each), not against the whole
/// program list.
fn exclusivity(ctx: &Ctx, report: &mut Report) {
    let programs = &ctx.policy.programs;
    if programs.iter().all(|p| p.not_combinable_with.is_empty()) {
        return;
    }
    let n = report.programs.len().min(programs.len());
    let total = |i: usize| report.programs[i].total.unwrap_or_default();
    // Eligible programs by total, largest first (earlier first on a tie).
    let mut order: Vec<usize> = Vec::new();
    for i in 0..n {
        if report.programs[i].eligible {
            let t = total(i);
            let (mut lo, mut hi) = (0, order.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if total(order[mid]) >= t {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            order.insert(lo, i);
        }
    }
    let lists = |a: usize, b: usize| {
        let (pa, pb) = (&programs[a], &programs[b]);
        pa.not_combinable_with.contains(&pb.id) || pb.not_combinable_with.contains(&pa.id)
    };
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        match kept.iter().find(|&&k| lists(k, i)) {
            Some(&k) => {
                let by = report.programs[k].id.clone();
                let by_name = report.programs[k].name.clone();
                let p = &mut report.programs[i];
                p.excluded_by = Some(by);
                p.reason = Some(ctx.say("reason.excluded", &[("program", &by_name)]));
            }
            None => kept.push(i),
        }
    }
}

/// Caps across several programs, applied in the policy's program order.
fn group_caps(ctx: &Ctx, report: &mut Report, explains: &dyn Fn(usize) -> bool) {
    for (ci, cap) in ctx.policy.caps.iter().enumerate() {
        let path = format!("caps[{ci}]");
        let mut left = cap.amount;
        for (pi, p) in report.programs.iter_mut().enumerate() {
            if !p.eligible || p.excluded_by.is_some() || !cap.programs.contains(&p.id) {
                continue;
            }
            // A program whose amount is not known yet takes nothing from the cap.
            let Some(before) = p.total else { continue };
            ctx.texts.set(explains(pi));
            // Paid in whole units of the program's rounding, as a program's own cap.
            let prog = ctx.policy.programs.get(pi);
            let rounding = prog.and_then(|x| x.rounding).unwrap_or(ctx.policy.rounding);
            let paid = left.whole_units(rounding);
            let cut = apply_cap(ctx, &mut p.benefits, paid, At(&path, ".amount", None, ""));
            if cut {
                p.capped = true;
                p.schedule = merge(ctx, &p.benefits, &path);
                p.total = Some(Fen(sum_rows(&p.schedule).or_fail(ctx, &path)));
                p.npv = Some(Fen(ctx.npv(&p.schedule).or_fail(ctx, &path)));
                p.explanation.push_str(&ctx.f(
                    "explain.group-cap",
                    &[
                        ("cap", cap.name.get(ctx.lang)),
                        ("amount", &ctx.money(cap.amount)),
                        ("before", &ctx.money(before.0)),
                    ],
                ));
            }
            let after = p.total.unwrap_or_default();
            left = left
                .checked_sub(after.0)
                .unwrap_or_default()
                .max(Money::ZERO);
        }
    }
}

fn summary(ctx: &Ctx, report: &Report) -> Summary {
    let counted: Vec<&ProgramReport> = report
        .programs
        .iter()
        .filter(|p| p.eligible && p.excluded_by.is_none() && p.status != Status::Unknown)
        .collect();
    let enterprise = receiver(ctx, &counted, Beneficiary::Enterprise);
    let introducing_unit = receiver(ctx, &counted, Beneficiary::IntroducingUnit);
    let mut text = enterprise.text.clone();
    if !introducing_unit.text.is_empty() {
        text.push_str(ctx.t("summary.join"));
        text.push_str(&introducing_unit.text);
    }
    Summary {
        eligible: counted.len(),
        paying: enterprise.paying + introducing_unit.paying,
        needs_input: enterprise.needs_input + introducing_unit.needs_input,
        in_force: report.programs.iter().filter(|p| p.in_force).count(),
        programs: report.programs.len(),
        horizon_years: ctx.s.horizon_years(),
        enterprise,
        introducing_unit,
        text,
    }
}

/// What one beneficiary receives from the programs counted, and its headline: programs
/// that pay are counted and summed; those whose amount needs an input are counted apart.
fn receiver(ctx: &Ctx, counted: &[&ProgramReport], who: Beneficiary) -> Receiver {
    let lang = ctx.lang;
    let mine: Vec<&&ProgramReport> = counted.iter().filter(|p| p.beneficiary == who).collect();
    // An overflow of a sum names the program whose amount was being added.
    let at = |p: &ProgramReport| {
        let i = ctx.policy.programs.iter().position(|x| x.id == p.id);
        At("", "programs", i, "")
    };
    let mut total = Money::ZERO;
    let mut npv = Money::ZERO;
    let mut paying = 0;
    let mut needs: Vec<String> = Vec::new();
    let mut needs_input = 0;
    // Counted apart: ceilings ("up to") and terms set case by case.
    let mut up_to = Money::ZERO;
    let mut apart = 0;
    let mut negotiable = 0;
    for p in &mine {
        negotiable += usize::from(p.negotiable);
        match (p.total, p.npv) {
            (Some(t), _)
                if (p.up_to && t.0 > Money::ZERO) || (p.negotiable && t.0 == Money::ZERO) =>
            {
                apart += 1;
                if p.up_to {
                    up_to = up_to.checked_add(t.0).unwrap_or_else(|| {
                        ctx.fail_at(at(p));
                        Money::ZERO
                    });
                }
            }
            (Some(t), Some(v)) => {
                if t.0 > Money::ZERO {
                    paying += 1;
                }
                // The program is looked up only when a sum overflows.
                match (total.checked_add(t.0), npv.checked_add(v.0)) {
                    (Some(t), Some(v)) => (total, npv) = (t, v),
                    _ => {
                        ctx.fail_at(at(p));
                        (total, npv) = (Money::ZERO, Money::ZERO);
                    }
                }
            }
            _ => {
                needs_input += 1;
                for n in &p.needs {
                    if !needs.contains(n) {
                        needs.push(n.clone());
                    }
                }
            }
        }
    }
    let count = |n: usize, key: &str| {
        let form = if n == 1 { "one" } else { "other" };
        format!("{key}.{form}")
    };
    let fields = ctx.field_list(&needs);
    let args = [
        ("total", fmt::money_approx(total, lang)),
        ("npv", fmt::money_approx(npv, lang)),
        ("years", ctx.s.horizon_years().to_string()),
        ("count", paying.to_string()),
        ("more", needs_input.to_string()),
        (
            "zero",
            (mine.len() - paying - needs_input - apart).to_string(),
        ),
        ("fields", fields),
        ("upTo", fmt::money_approx(up_to, lang)),
        ("n", negotiable.to_string()),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (prefix, none) = match who {
        Beneficiary::Enterprise => ("summary.enterprise", true),
        Beneficiary::IntroducingUnit => ("summary.unit", false),
    };
    let mut text = if paying > 0 {
        ctx.say(&count(paying, &format!("{prefix}.pay")), &args)
    } else if needs_input > 0 {
        ctx.say(&count(needs_input, &format!("{prefix}.needs")), &args)
    } else if mine.len() > apart {
        ctx.say(&count(mine.len() - apart, &format!("{prefix}.zero")), &args)
    } else if none && mine.is_empty() {
        ctx.t(&format!("{prefix}.none")).to_string()
    } else {
        String::new()
    };
    if paying > 0 && needs_input > 0 {
        text.push_str(&ctx.say(&count(needs_input, "summary.more-needs"), &args));
    }
    // Then what is counted apart, each as a sentence of its own.
    for (show, key) in [
        (up_to > Money::ZERO, "summary.up-to".to_string()),
        (negotiable > 0, count(negotiable, "summary.negotiable")),
    ] {
        if show {
            if !text.is_empty() {
                text.push_str(ctx.t("summary.join"));
            }
            text.push_str(&ctx.say(&key, &args));
        }
    }
    Receiver {
        eligible: mine.len(),
        paying,
        needs_input,
        needs,
        total: Fen(total),
        npv: Fen(npv),
        up_to: Fen(up_to),
        negotiable,
        text,
    }
}

/// `Land area` → `land area` (a label inside an English sentence). ASCII only: English
/// labels are ASCII, and `char::to_lowercase` would link Unicode case tables (about
/// 4 KB gzipped) into the wasm module.
fn lowercase_first(s: &str) -> String {
    let mut out = String::from(s);
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// Formats a rate for explanations.
pub(crate) fn pct(r: Rate) -> String {
    fmt::percent(r)
}

/// Whether a field is one the user types (and so a what-if can change).
pub(crate) fn is_input(policy: &Policy, field: &str) -> bool {
    match policy.field(field) {
        Some(FieldRef::Builtin(f)) => f.is_input(),
        Some(FieldRef::Declared(_)) => true,
        _ => false,
    }
}

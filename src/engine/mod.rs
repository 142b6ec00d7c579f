//! Evaluation: policy + scenario → report. Pure: no I/O, no clock.

use crate::money::DecOps;

mod benefits;
mod criteria;
mod land;
pub mod scan;
mod targets;
mod whatif;

use crate::date::Date;
use crate::error::Issue;
use crate::i18n::{self, fill, format as fmt, Lang};
use crate::money::{Money, Rate};
use crate::policy::fields::{self, FieldType, Unit};
use crate::policy::{Beneficiary, Policy, Program, Status};
use crate::raw::RawValue;
use crate::report::*;
use crate::scenario::{LocalTaxShare, Scenario};
use rust_decimal::Decimal;

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
    match evaluate_scenario(policy, &scenario, lang, &mut report) {
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
}

impl<'a> Ctx<'a> {
    pub fn new(policy: &'a Policy, s: &'a Scenario, lang: Lang) -> Ctx<'a> {
        Ctx {
            policy,
            s,
            lang,
            overflow: std::cell::RefCell::new(None),
        }
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

    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    pub fn money(&self, m: Money) -> String {
        fmt::money_full(m, self.lang)
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
        labels.join(self.t("list.sep"))
    }

    /// The label of a field (built-in from the catalogue, derived from the policy).
    pub fn label(&self, field: &str) -> String {
        if let Some(tax) = field.strip_prefix("annualTaxes.") {
            let name = self
                .policy
                .taxes
                .iter()
                .find(|t| t.id == tax)
                .map_or(tax, |t| t.name.get(self.lang));
            return self.f("ui.tax-per-year", &[("tax", name)]);
        }
        if let Some(d) = self.policy.derived.iter().find(|d| d.id == field) {
            return d.name.get(self.lang).to_string();
        }
        let key = format!("field.{field}");
        let text = i18n::msg(&key, self.lang);
        if text.starts_with('{') {
            field.to_string()
        } else {
            text.to_string()
        }
    }

    pub fn unit(&self, field: &str) -> Unit {
        match crate::policy::validate_field_type(self.policy, field) {
            Some(FieldType::Number(u)) => u,
            _ => Unit::Count,
        }
    }

    /// The first calendar year of operation.
    pub fn first_operating_year(&self) -> i32 {
        self.s
            .start_year
            .saturating_add(self.s.construction_years as i32)
    }

    /// The calendar year of an operating year.
    pub fn calendar_year(&self, operating_year: u32) -> i32 {
        self.first_operating_year()
            .saturating_add(operating_year as i32 - 1)
    }

    /// The value of a numeric field or derived quantity; `None` when not given.
    pub fn value(&self, field: &str) -> Option<Decimal> {
        self.value_depth(field, 0)
    }

    fn value_depth(&self, field: &str, depth: u32) -> Option<Decimal> {
        let s = self.s;
        let per_mu = |num: Option<Decimal>| -> Option<Decimal> {
            let mu = s.land_mu?.get();
            if mu.is_zero() {
                return None;
            }
            num?.cdiv(mu)
        };
        match field {
            "investment" => Some(s.investment.get()),
            "registeredCapital" => Some(s.registered_capital.get()),
            "fixedAssetInvestment" => Some(s.fixed_asset_investment.unwrap_or(s.investment).get()),
            "investmentExcludingLand" => {
                Some(s.investment_excluding_land.unwrap_or(s.investment).get())
            }
            "foreignPaidInUsd" => Some(s.foreign_paid_in_usd.map_or(Decimal::ZERO, |d| d.get())),
            "landMu" => s.land_mu.map(|a| a.get()),
            "floorArea" => s.floor_area.map(|a| a.get()),
            "plotRatio" => s.plot_ratio.map(|a| a.get()),
            "jobs" => s.jobs.map(Decimal::from),
            "constructionYears" => Some(Decimal::from(s.construction_years)),
            "foreignPaidInCny" => {
                let usd = s.foreign_paid_in_usd.map_or(Decimal::ZERO, |d| d.get());
                if usd.is_zero() {
                    return Some(Decimal::ZERO);
                }
                let rate = self.policy.exchange_rate("USD", s.as_of)?;
                usd.cmul(rate.cny_per_unit.get())
                    .map(|v| Money(v).round_fen().get())
            }
            "annualTaxTotal" => self.annual_tax_total().map(|m| m.get()),
            "annualLocalTaxShare" => self.local_share_year(1, None).ok().map(|m| m.get()),
            // Investment intensity (投资强度) is fixed-asset investment per mu, which
            // defaults to the investment; the land checks use the same definition.
            "investmentIntensity" => {
                per_mu(Some(s.fixed_asset_investment.unwrap_or(s.investment).get()))
            }
            "taxPerMu" => per_mu(self.annual_tax_total().map(|m| m.get())),
            other => {
                let d = self.policy.derived.iter().find(|d| d.id == other)?;
                if depth > 16 {
                    return None;
                }
                let mut sum = Decimal::ZERO;
                for t in &d.terms {
                    let v = self.value_depth(&t.field, depth + 1)?;
                    sum = sum.cadd(v.cmul(t.factor.get())?)?;
                }
                match &d.per {
                    None => Some(sum),
                    Some(per) => {
                        let div = self.value_depth(per, depth + 1)?;
                        if div.is_zero() {
                            None
                        } else {
                            sum.cdiv(div)
                        }
                    }
                }
            }
        }
    }

    /// Adds to `out` the input fields still to be entered before `field` has a value
    /// (none when it has one). A derived quantity needs the inputs of its terms.
    pub fn missing_inputs(&self, field: &str, out: &mut Vec<String>) {
        self.missing_depth(field, out, 0);
    }

    fn missing_depth(&self, field: &str, out: &mut Vec<String>, depth: u32) {
        if depth > 16 || self.value(field).is_some() {
            return;
        }
        let mut add = |f: &str| {
            if !out.iter().any(|x| x == f) {
                out.push(f.to_string());
            }
        };
        match field {
            "investmentIntensity" => add("landMu"),
            "taxPerMu" => {
                if self.s.land_mu.is_none() {
                    add("landMu");
                }
                if self.s.annual_taxes.is_empty() {
                    add("annualTaxes");
                }
            }
            "annualTaxTotal" => add("annualTaxes"),
            "annualLocalTaxShare" => add("localTaxShare"),
            other => match self.policy.derived.iter().find(|d| d.id == other) {
                Some(d) => {
                    for t in &d.terms {
                        self.missing_depth(&t.field, out, depth + 1);
                    }
                    if let Some(per) = &d.per {
                        self.missing_depth(per, out, depth + 1);
                    }
                }
                None if is_input(other) => add(other),
                None => {}
            },
        }
    }

    /// An id or yes/no field's value.
    pub fn id_value(&self, field: &str) -> Option<String> {
        match field {
            "zone" => Some(self.s.zone.clone()),
            "projectKind" => Some(self.s.project_kind.clone()),
            "industry" => self.s.industry.clone(),
            _ => None,
        }
    }

    /// Total expected taxes per year at full operation, CNY.
    pub fn annual_tax_total(&self) -> Option<Money> {
        if self.s.annual_taxes.is_empty() {
            return None;
        }
        let mut sum = Money::ZERO;
        for (_, m) in &self.s.annual_taxes {
            sum = sum.checked_add(*m)?;
        }
        Some(sum)
    }

    /// The local share of taxes in an operating year, CNY, rounded to the fen.
    /// `taxes` restricts it to some taxes (which needs `annualTaxes`).
    ///
    /// Errors name the warning code that explains why there is no figure.
    pub fn local_share_year(
        &self,
        year: u32,
        taxes: Option<&[String]>,
    ) -> Result<Money, &'static str> {
        if taxes.is_none() {
            match &self.s.local_tax_share {
                Some(LocalTaxShare::Uniform(m)) => return Ok(*m),
                Some(LocalTaxShare::PerYear(v)) => {
                    return v.get(year as usize - 1).copied().ok_or("tax-share-short");
                }
                None => {}
            }
        }
        if self.s.annual_taxes.is_empty() {
            return Err(if taxes.is_some() && self.s.local_tax_share.is_some() {
                "needs-tax-breakdown"
            } else {
                "no-tax-figures"
            });
        }
        let mut sum = Decimal::ZERO;
        let mut any = false;
        for (tax, amount) in &self.s.annual_taxes {
            if taxes.is_some_and(|list| !list.iter().any(|t| t == tax)) {
                continue;
            }
            let share = self
                .policy
                .local_share(tax, self.s.as_of)
                .ok_or("no-local-share")?;
            sum = sum
                .cadd(amount.get().cmul(share.rate.get()).ok_or("overflow")?)
                .ok_or("overflow")?;
            any = true;
        }
        if !any {
            return Err("needs-tax-breakdown");
        }
        Ok(Money(sum).round_fen())
    }

    /// Discount factor denominator (1 + r)^t.
    pub fn discount(&self, amount: Money, calendar_year: i32) -> Option<Decimal> {
        let t = calendar_year.saturating_sub(self.s.start_year).max(0);
        let one_plus = Decimal::ONE.cadd(self.s.discount_rate.get())?;
        let mut factor = Decimal::ONE;
        for _ in 0..t {
            factor = factor.cmul(one_plus)?;
        }
        amount.get().cdiv(factor)
    }

    /// Present value of a schedule, rounded to the fen at the end.
    pub fn npv(&self, rows: &[Row]) -> Option<Money> {
        let mut sum = Decimal::ZERO;
        for r in rows {
            sum = sum.cadd(self.discount(r.amount.0, r.calendar_year)?)?;
        }
        Some(Money(sum).round_fen())
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

fn in_force(p: &Program, on: Date) -> bool {
    p.status == Status::InForce
        && p.effective_from <= on
        && p.effective_to.is_none_or(|to| on <= to)
}

fn evaluate_scenario(
    policy: &Policy,
    s: &Scenario,
    lang: Lang,
    report: &mut Report,
) -> Result<(), Issue> {
    let ctx = Ctx::new(policy, s, lang);
    report.as_of = Some(s.as_of);
    report.inputs = Some(Inputs {
        zone: s.zone.clone(),
        project_kind: s.project_kind.clone(),
        industry: s.industry.clone(),
        investment: Fen(s.investment),
        registered_capital: Fen(s.registered_capital),
        currency: s.currency.clone(),
        conversion: s.conversion.clone(),
        construction_years: s.construction_years,
        start_year: s.start_year,
        first_operating_year: ctx.first_operating_year(),
        horizon_years: s.horizon_years,
        discount_rate: s.discount_rate,
        local_tax_share_year1: ctx.local_share_year(1, None).ok().map(Fen),
    });
    report.warnings.extend(s.notices.iter().cloned());
    if let Some(c) = &s.conversion {
        if c.illustrative {
            report.warnings.push(Issue::new(
                "illustrative-rate",
                "currency",
                lang,
                &[
                    ("currency", &c.currency),
                    ("rate", &c.cny_per_unit.to_string()),
                    ("date", &c.date.to_string()),
                ],
            ));
        }
    }

    // Size tier.
    let tier_ref = |t: &crate::policy::Tier| TierRef {
        id: t.id.clone(),
        name: t.name.get(lang).to_string(),
        min_investment: Fen(t.min_investment),
        note: t.note.as_ref().map(|n| n.get(lang).to_string()),
    };
    report.tier = policy
        .tiers
        .iter()
        .filter(|t| s.investment >= t.min_investment)
        .last()
        .map(tier_ref);
    report.next_tier = policy
        .tiers
        .iter()
        .find(|t| s.investment < t.min_investment)
        .map(|t| NextTier {
            tier: tier_ref(t),
            shortfall: Fen(t
                .min_investment
                .checked_sub(s.investment)
                .unwrap_or_default()),
        });

    report.targets = targets::targets(&ctx);

    // Programs.
    let mut warned = Vec::<String>::new();
    for (i, prog) in policy.programs.iter().enumerate() {
        let path = format!("programs[{i}]");
        let mut warnings = Vec::new();
        let pr = program(&ctx, prog, &path, true, &mut warnings);
        for w in warnings {
            if !warned.contains(&w) {
                report.warnings.push(Issue::new(&w, "", lang, &[]));
                warned.push(w);
            }
        }
        report.programs.push(pr);
    }
    exclusivity(&ctx, report);
    group_caps(&ctx, report);

    report.land = land::options(&ctx);
    report.what_if = whatif::suggestions(&ctx, report);
    report.summary = Some(summary(&ctx, report));
    match ctx.overflow.take() {
        Some(path) => Err(Issue::new("overflow", path, lang, &[])),
        None => Ok(()),
    }
}

/// Evaluates one program. With `only_if_eligible` false (used by what-if) it computes
/// the schedule even when the program is not eligible.
pub(crate) fn program(
    ctx: &Ctx,
    prog: &Program,
    path: &str,
    only_if_eligible: bool,
    warnings: &mut Vec<String>,
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
            Status::InForce if ctx.s.as_of < prog.effective_from => "reason.not-yet",
            Status::InForce => "reason.ended",
        };
        let note = prog
            .status_note
            .as_ref()
            .map(|t| t.get(lang).to_string())
            .unwrap_or_default();
        let from = prog.effective_from.to_string();
        let to = prog.effective_to.map(|d| d.to_string()).unwrap_or_default();
        Some(
            ctx.f(key, &[("from", &from), ("to", &to), ("note", &note)])
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
        let cap = Money(rounding.whole_units(cap.0));
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

    let explanation = match total {
        _ if !eligible => reason.clone().unwrap_or_default(),
        None => ctx.f("explain.needs", &[("fields", &ctx.field_list(&needs))]),
        Some(total) => {
            let parts: Vec<String> = benefit_reports
                .iter()
                .filter(|b| b.selected)
                .map(|b| {
                    let amount = b.total.map(|t| ctx.money(t.0)).unwrap_or_default();
                    ctx.f("explain.part", &[("name", &b.name), ("amount", &amount)])
                })
                .collect();
            ctx.f(
                "explain.program",
                &[
                    ("parts", &parts.join("; ")),
                    ("total", &ctx.money(total)),
                    ("years", &ctx.s.horizon_years.to_string()),
                    ("beneficiary", ctx.beneficiary_label(prog.beneficiary)),
                ],
            )
        }
    };

    ProgramReport {
        id: prog.id.clone(),
        name: prog.name.get(lang).to_string(),
        summary: prog.summary.get(lang).to_string(),
        beneficiary: prog.beneficiary,
        beneficiary_label: ctx.beneficiary_label(prog.beneficiary).to_string(),
        illustrative: prog.illustrative,
        status: prog.status,
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
                    x.explanation = format!("{} + {}", x.explanation, r.explanation);
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
/// with the larger total is kept (the earlier one on a tie).
fn exclusivity(ctx: &Ctx, report: &mut Report) {
    let policy = ctx.policy;
    let conflicts = |a: &str, b: &str| {
        policy.programs.iter().any(|p| {
            (p.id == a && p.not_combinable_with.iter().any(|x| x == b))
                || (p.id == b && p.not_combinable_with.iter().any(|x| x == a))
        })
    };
    // Eligible programs by total, largest first (earlier first on a tie), by insertion.
    let mut order: Vec<usize> = Vec::new();
    for i in (0..report.programs.len()).filter(|&i| report.programs[i].eligible) {
        let total = report.programs[i].total.unwrap_or_default();
        let at = order
            .iter()
            .position(|&j| report.programs[j].total.unwrap_or_default() < total);
        order.insert(at.unwrap_or(order.len()), i);
    }
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        let id = report.programs[i].id.clone();
        match kept
            .iter()
            .find(|&&k| conflicts(&report.programs[k].id, &id))
        {
            Some(&k) => {
                let by = report.programs[k].id.clone();
                let by_name = report.programs[k].name.clone();
                let p = &mut report.programs[i];
                p.excluded_by = Some(by);
                p.reason = Some(ctx.f("reason.excluded", &[("program", &by_name)]));
            }
            None => kept.push(i),
        }
    }
}

/// Caps across several programs, applied in the policy's program order.
fn group_caps(ctx: &Ctx, report: &mut Report) {
    for (ci, cap) in ctx.policy.caps.iter().enumerate() {
        let path = format!("caps[{ci}]");
        let mut left = cap.amount;
        for p in report.programs.iter_mut() {
            if !cap.programs.contains(&p.id) || !p.eligible || p.excluded_by.is_some() {
                continue;
            }
            // A program whose amount is not known yet takes nothing from the cap.
            let Some(before) = p.total else { continue };
            // Paid in whole units of the program's rounding, as a program's own cap.
            let prog = ctx.policy.programs.iter().find(|x| x.id == p.id);
            let rounding = prog.and_then(|x| x.rounding).unwrap_or(ctx.policy.rounding);
            let paid = Money(rounding.whole_units(left.0));
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
        .filter(|p| p.eligible && p.excluded_by.is_none())
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
        horizon_years: ctx.s.horizon_years,
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
    for p in &mine {
        match (p.total, p.npv) {
            (Some(t), Some(v)) => {
                if t.0 > Money::ZERO {
                    paying += 1;
                }
                total = total.checked_add(t.0).or_fail_at(ctx, at(p));
                npv = npv.checked_add(v.0).or_fail_at(ctx, at(p));
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
        ("years", ctx.s.horizon_years.to_string()),
        ("count", paying.to_string()),
        ("more", needs_input.to_string()),
        ("zero", (mine.len() - paying - needs_input).to_string()),
        ("fields", fields),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (prefix, none) = match who {
        Beneficiary::Enterprise => ("summary.enterprise", true),
        Beneficiary::IntroducingUnit => ("summary.unit", false),
    };
    let mut text = if paying > 0 {
        ctx.f(&count(paying, &format!("{prefix}.pay")), &args)
    } else if needs_input > 0 {
        ctx.f(&count(needs_input, &format!("{prefix}.needs")), &args)
    } else if !mine.is_empty() {
        ctx.f(&count(mine.len(), &format!("{prefix}.zero")), &args)
    } else if none {
        ctx.t(&format!("{prefix}.none")).to_string()
    } else {
        String::new()
    };
    if paying > 0 && needs_input > 0 {
        text.push_str(&ctx.f(&count(needs_input, "summary.more-needs"), &args));
    }
    Receiver {
        eligible: mine.len(),
        paying,
        needs_input,
        needs,
        total: Fen(total),
        npv: Fen(npv),
        text,
    }
}

/// `Land area` → `land area` (a label inside an English sentence).
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Formats a rate for explanations.
pub(crate) fn pct(r: Rate) -> String {
    fmt::percent(r)
}

/// Whether a field is one the user types (and so a what-if can change).
pub(crate) fn is_input(field: &str) -> bool {
    fields::builtin(field).is_some_and(|f| f.input)
}

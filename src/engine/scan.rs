//! What-if scans for promotion staff: the same scenario evaluated again with other
//! figures. [`band`] gives low and high totals for a tax estimate off by a stated share;
//! [`curve`] gives the totals against the investment, with a step at every threshold.
//! The base report is never changed by either.

use crate::money::DecOps;

use super::{blank, evaluate_scenario, EngineError, Options};
use crate::error::Issue;
use crate::money::{Money, Rate};
use crate::policy::fields::Field;
use crate::policy::{Criterion, Policy};
use crate::raw::RawValue;
use crate::report::{Fen, Receiver};
use crate::scenario::ScenarioError;
use crate::scenario::{LocalTaxShare, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;

crate::report::output! {
    /// Totals for each receiver.
    pub struct Totals {
        /// To the enterprise over the horizon.
        "enterpriseTotal" enterprise_total: Fen,
        /// Its present value.
        "enterpriseNpv" enterprise_npv: Fen,
        /// To the introducing unit over the horizon.
        "unitTotal" unit_total: Fen,
        /// Its present value.
        "unitNpv" unit_npv: Fen,
    }
}

impl Totals {
    fn of(e: &Receiver, u: &Receiver) -> Totals {
        Totals {
            enterprise_total: e.total,
            enterprise_npv: e.npv,
            unit_total: u.total,
            unit_npv: u.npv,
        }
    }
}

crate::report::output! {
    /// Low and high totals when the taxes come out `rate` lower or higher than estimated.
    pub struct Band {
        /// The share the tax figures were moved by (`0.2` for ±20%).
        "rate" rate: Rate,
        /// With taxes `1 − rate` times the estimate.
        "low" low: Totals,
        /// With taxes `1 + rate` times the estimate.
        "high" high: Totals,
    }
}

/// The scenario's tax figures times `factor`, each rounded to the fen.
fn scaled(s: &Scenario, factor: Decimal) -> Option<Scenario> {
    let mut s = s.clone();
    let scale = |m: Money| m.get().cmul(factor).and_then(Money::fen);
    s.local_tax_share = match s.local_tax_share.take() {
        Some(LocalTaxShare::Uniform(m)) => Some(LocalTaxShare::Uniform(scale(m)?)),
        Some(LocalTaxShare::PerYear(v)) => Some(LocalTaxShare::PerYear(
            v.into_iter().map(scale).collect::<Option<Vec<_>>>()?,
        )),
        None => None,
    };
    for (_, m) in s.annual_taxes.iter_mut() {
        *m = scale(*m)?;
    }
    Some(s)
}

fn totals_for(policy: &Policy, s: &Scenario, opts: &Options) -> Option<Totals> {
    let mut r = blank(policy, opts.lang);
    // Only the totals are read: no explanation texts.
    evaluate_scenario(policy, s, opts.lang, super::Texts::Brief, &mut r).ok()?;
    let sum = r.summary?;
    Some(Totals::of(&sum.enterprise, &sum.introducing_unit))
}

/// Totals with the tax estimate `rate` lower and higher (`rate` between 0 and 1).
///
/// # Errors
/// The scenario's problems, as in a report's `errors`; an `out-of-range` issue for a
/// rate outside 0–1.
pub fn band(
    policy: &Policy,
    raw: &RawValue,
    opts: &Options,
    rate: Rate,
) -> Result<Band, Vec<Issue>> {
    if rate.get() < Decimal::ZERO || rate.get() > Decimal::ONE {
        return Err(vec![Issue::new(
            ScenarioError::OutOfRange,
            "taxBand",
            opts.lang,
            &[("min", "0"), ("max", "1")],
        )]);
    }
    let s = Scenario::parse(raw, policy, opts.lang, opts.today, opts.as_of)?;
    let overflow = || vec![Issue::new(EngineError::Overflow, "taxBand", opts.lang, &[])];
    let at = |factor: Option<Decimal>| {
        factor
            .and_then(|f| scaled(&s, f))
            .and_then(|x| totals_for(policy, &x, opts))
    };
    Ok(Band {
        rate,
        low: at(Decimal::ONE.csub(rate.get())).ok_or_else(overflow)?,
        high: at(Decimal::ONE.cadd(rate.get())).ok_or_else(overflow)?,
    })
}

impl crate::report::Json for CurvePoint {
    fn json(&self, out: &mut crate::report::JsonOut) {
        let t = &self.totals;
        out.open('{');
        out.key("investment");
        self.investment.json(out);
        out.key("enterpriseTotal");
        t.enterprise_total.json(out);
        out.key("enterpriseNpv");
        t.enterprise_npv.json(out);
        out.key("unitTotal");
        t.unit_total.json(out);
        out.key("unitNpv");
        t.unit_npv.json(out);
        out.close('}');
    }
}

/// One point of the curve: the totals at an investment.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// The investment, CNY.
    pub investment: Fen,
    /// The totals there.
    #[serde(flatten)]
    pub totals: Totals,
}

crate::report::output! {
    /// The totals against the investment, from zero to past the last threshold.
    pub struct Curve {
        /// The policy's investment thresholds in the range (where the curve may step).
        "thresholds" thresholds: Vec<Fen>,
        /// Points in increasing investment: at each threshold and one fen below it, and
        /// evenly spaced between.
        "points" points: Vec<CurvePoint>,
    }
}

/// The values in increasing order, each once. By binary insertion: a few hundred values
/// at most, and the slice sorts of `core` would add about 1 KB gzipped to the wasm module.
fn sorted_set(values: Vec<Decimal>) -> Vec<Decimal> {
    let mut out: Vec<Decimal> = Vec::with_capacity(values.len());
    for v in values {
        if let Err(at) = out.binary_search(&v) {
            out.insert(at, v);
        }
    }
    out
}

/// Every numeric threshold on the investment in a criterion tree.
fn thresholds(c: &Criterion, out: &mut Vec<Decimal>) {
    match c {
        Criterion::All(children)
        | Criterion::Any(children)
        | Criterion::AtLeast(crate::policy::AtLeast { of: children, .. }) => {
            for child in children {
                thresholds(child, out);
            }
        }
        Criterion::Not(n) => thresholds(n, out),
        Criterion::Compare(cmp) => {
            let on_investment = matches!(
                Field::from_name(&cmp.field),
                Some(
                    Field::Investment
                        | Field::FixedAssetInvestment
                        | Field::InvestmentExcludingLand
                )
            );
            if on_investment {
                out.push(cmp.value.get());
                out.extend(cmp.value_by.iter().map(|v| v.value.get()));
            }
        }
        Criterion::In(_) | Criterion::Is(_) => {}
    }
}

/// The curve of totals against the investment (the other figures as in the scenario),
/// over `0 ..= max(2 × the investment, 1.25 × the last threshold)`, with `steps` evenly
/// spaced points (at most 200) besides the thresholds.
///
/// # Errors
/// The scenario's problems.
pub fn curve(
    policy: &Policy,
    raw: &RawValue,
    opts: &Options,
    steps: u32,
) -> Result<Curve, Vec<Issue>> {
    let s = Scenario::parse(raw, policy, opts.lang, opts.today, opts.as_of)?;
    let mut marks = Vec::new();
    for p in &policy.programs {
        thresholds(&p.criteria, &mut marks);
    }
    marks.extend(policy.tiers.iter().map(|t| t.min_investment.get()));
    marks.retain(|d| *d > Decimal::ZERO);
    let marks = sorted_set(marks);
    let last = marks.last().copied().unwrap_or_default();
    let top = s
        .investment()
        .get()
        .cmul(Decimal::TWO)
        .unwrap_or_default()
        .max(last.cmul(Decimal::new(125, 2)).unwrap_or_default())
        .max(Decimal::ONE);
    let fen = Decimal::new(1, 2);
    let mut xs: Vec<Decimal> = Vec::new();
    let n = steps.clamp(2, 200);
    for i in 0..=n {
        let x = top
            .cmul(Decimal::from(i))
            .and_then(|v| v.cdiv(Decimal::from(n)))
            .map(|v| v.round_dp(2));
        xs.extend(x);
    }
    for m in &marks {
        if *m <= top {
            xs.push(*m);
            xs.extend(m.csub(fen));
        }
    }
    xs.retain(|x| *x >= Decimal::ZERO);
    let xs = sorted_set(xs);
    let mut points = Vec::with_capacity(xs.len());
    for x in xs {
        let mut at = s.clone();
        at.set_number(Field::Investment, x);
        if let (Some(totals), Some(investment)) = (totals_for(policy, &at, opts), Money::checked(x))
        {
            points.push(CurvePoint {
                investment: Fen(investment),
                totals,
            });
        }
    }
    Ok(Curve {
        thresholds: marks
            .into_iter()
            .filter(|m| *m <= top)
            .filter_map(|m| Money::checked(m).map(Fen))
            .collect(),
        points,
    })
}

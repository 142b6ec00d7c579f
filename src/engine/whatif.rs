//! What-if: for each program in force that the project misses, the smallest change of
//! one numeric input that makes it eligible, and what it would then pay. When no single
//! change suffices (two `all` thresholds missed), every missed threshold is changed.
//!
//! "Smallest" compares relative changes (the change divided by the larger of the
//! current and the required value), since fields have different units. Which fields an
//! input is, and how a changed value is set, come from the field registry.
//!
//! An amount typed in another currency is changed in that currency: the hint names the
//! smallest amount in it (to the cent) whose conversion crosses the threshold, and the
//! change's `to` and `by` are what that amount comes to in CNY.

use crate::money::DecOps;

use super::{criteria, is_input, Ctx};
use crate::i18n::format as fmt;
use crate::money::Money;
use crate::policy::fields::{Absent, FieldRef, Read, Unit};
use crate::policy::{Compare, Criterion, Op, Program};
use crate::report::{Change, Report, WhatIf};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// A missed threshold on an input field and the value that meets it.
struct Target {
    field: String,
    /// The value in the report's unit (CNY for money).
    to: Decimal,
    /// For an amount typed in another currency: the amount in that currency.
    typed: Option<Decimal>,
}

fn whole(unit: Unit) -> bool {
    matches!(unit, Unit::Count | Unit::Years)
}

/// The amount as typed in the scenario's currency, when it was converted: the field's
/// own, or (not given) that of the field it follows.
fn typed_value(s: &Scenario, f: Option<FieldRef>) -> Option<Decimal> {
    let f = f?;
    s.typed_at(f.slot()?).or_else(|| match f {
        FieldRef::Builtin(f) => match f.def().read {
            Read::Money {
                absent: Absent::Same(other),
                ..
            } if s.number(f).is_none() => s.typed(other),
            _ => None,
        },
        _ => None,
    })
}

/// The amount in the scenario's currency, to the cent, that meets `op required` once
/// converted and rounded to the fen as the scenario reader does (the smallest one for a
/// lower bound, the largest for an upper bound); `None` when no cent meets it.
fn in_currency(ctx: &Ctx, op: Op, required: Decimal) -> Option<(Decimal, Decimal)> {
    let rate = ctx.s.conversion.as_ref()?.cny_per_unit.get();
    let up = matches!(op, Op::Gte | Op::Gt);
    let e0 = required.cdiv(rate)?.round_dp_with_strategy(
        2,
        if up {
            rust_decimal::RoundingStrategy::ToPositiveInfinity
        } else {
            rust_decimal::RoundingStrategy::ToNegativeInfinity
        },
    );
    let cent = Decimal::new(1, 2);
    let (first, last) = (e0.csub(cent)?, e0.cadd(cent)?);
    let order = if up {
        [first, e0, last]
    } else {
        [last, e0, first]
    };
    order.into_iter().find_map(|e| {
        let cny = e.cmul(rate).and_then(Money::fen)?.get();
        (e >= Decimal::ZERO && criteria::holds(op, cny, required)).then_some((e, cny))
    })
}

fn target(ctx: &Ctx, c: &Compare, out: &mut Vec<Target>) {
    let field = c.field.as_str();
    let unit = ctx.unit(field);
    let required = criteria::threshold(ctx, c);
    let step = if whole(unit) {
        Decimal::ONE
    } else {
        Decimal::new(1, unit.places())
    };
    let mut to = match c.op {
        Op::Gte if whole(unit) => required.up(),
        Op::Gt if whole(unit) => required.down().cadd(step).unwrap_or(required),
        Op::Lte if whole(unit) => required.down(),
        Op::Lt if whole(unit) => required.up().csub(step).unwrap_or(required),
        Op::Gte | Op::Lte | Op::Eq => required,
        Op::Gt => required.cadd(step).unwrap_or(required),
        Op::Lt => required.csub(step).unwrap_or(required),
    };
    // An amount typed in another currency: the amount in it that crosses the threshold.
    let mut typed = None;
    if typed_value(ctx.s, ctx.policy.field(field)).is_some() {
        if let Some((e, cny)) = in_currency(ctx, c.op, required) {
            typed = Some(e);
            to = cny;
        }
    }
    if to >= Decimal::ZERO {
        out.push(Target {
            field: field.to_string(),
            to,
            typed,
        });
    }
}

/// Missed gating thresholds on input fields (leaves under `not` are left alone).
fn missed(ctx: &Ctx, c: &Criterion, out: &mut Vec<Target>) {
    match c {
        Criterion::All(children)
        | Criterion::Any(children)
        | Criterion::AtLeast(crate::policy::AtLeast { of: children, .. }) => {
            for child in children {
                missed(ctx, child, out);
            }
        }
        Criterion::Compare(cmp) if !cmp.guidance && is_input(ctx.policy, &cmp.field) => {
            let required = criteria::threshold(ctx, cmp);
            let met = ctx
                .value(&cmp.field)
                .is_some_and(|a| criteria::holds(cmp.op, a, required));
            if !met {
                target(ctx, cmp, out);
            }
        }
        _ => {}
    }
}

/// A copy of the scenario with one input set (through the registry: only inputs are
/// set, and the policy check guarantees that only numeric fields are compared).
fn with(ctx: &Ctx, s: &Scenario, field: &str, v: Decimal) -> Scenario {
    let mut s = s.clone();
    if is_input(ctx.policy, field) {
        if let Some(slot) = ctx.policy.field(field).and_then(FieldRef::slot) {
            s.set_at(slot, v);
        }
    }
    s
}

fn eligible_with(ctx: &Ctx, prog: &Program, s: &Scenario) -> bool {
    let c2 = Ctx::quiet(ctx.policy, s, ctx.lang);
    criteria::evaluate(&c2, &prog.criteria).met()
}

fn relative(from: Option<Decimal>, to: Decimal) -> Decimal {
    let f = from.unwrap_or_default();
    let denom = f.abs().max(to.abs()).max(Decimal::ONE);
    to.csub(f)
        .unwrap_or(Decimal::MAX)
        .abs()
        .cdiv(denom)
        .unwrap_or(Decimal::MAX)
}

/// What-if suggestions for every program in force that the project misses.
pub(crate) fn suggestions(ctx: &Ctx, report: &Report) -> Vec<WhatIf> {
    let mut out = Vec::new();
    for (i, prog) in ctx.policy.programs.iter().enumerate() {
        let Some(pr) = report.programs.get(i) else {
            continue;
        };
        if !pr.in_force || pr.eligible {
            continue;
        }
        let mut targets = Vec::new();
        missed(ctx, &prog.criteria, &mut targets);
        if targets.is_empty() {
            continue;
        }
        let single = targets
            .iter()
            .filter(|t| eligible_with(ctx, prog, &with(ctx, ctx.s, &t.field, t.to)))
            .min_by_key(|t| relative(ctx.value(&t.field), t.to));
        let chosen: Vec<&Target> = match single {
            Some(t) => vec![t],
            None => {
                let mut s = ctx.s.clone();
                for t in &targets {
                    s = with(ctx, &s, &t.field, t.to);
                }
                if !eligible_with(ctx, prog, &s) {
                    continue;
                }
                let mut seen = Vec::new();
                targets
                    .iter()
                    .filter(|t| {
                        if seen.contains(&t.field) {
                            false
                        } else {
                            seen.push(t.field.clone());
                            true
                        }
                    })
                    .collect()
            }
        };
        let mut s2 = ctx.s.clone();
        for t in &chosen {
            s2 = with(ctx, &s2, &t.field, t.to);
        }
        // Only the figures of the unlocked program are used: no texts.
        let c2 = Ctx::quiet(ctx.policy, &s2, ctx.lang);
        let mut ignored = Vec::new();
        let path = crate::raw::item_path("", "programs", i, "");
        let worth = super::program(&c2, prog, &path, true, &mut ignored);
        if c2.overflow.borrow().is_some() {
            // The hypothetical figures overflow: no suggestion rather than a wrong one.
            continue;
        }
        let changes: Vec<Change> = chosen
            .iter()
            .map(|t| {
                let unit = ctx.unit(&t.field);
                let from = ctx.value(&t.field);
                let by = t.to.csub(from.unwrap_or_default()).unwrap_or_default();
                Change {
                    field: t.field.clone(),
                    label: ctx.label(&t.field),
                    unit,
                    from: from.map(|f| fmt::fixed(f, unit)),
                    to: fmt::fixed(t.to, unit),
                    by: fmt::fixed(by, unit),
                }
            })
            .collect();
        let parts: Vec<String> = changes
            .iter()
            .zip(&chosen)
            .map(|(c, t)| {
                let unit = c.unit;
                // In the currency the amount was typed in, when it was converted.
                let typed_from = typed_value(ctx.s, ctx.policy.field(&t.field));
                let typed = match (t.typed, typed_from, ctx.s.conversion.as_ref()) {
                    (Some(to), Some(from), Some(conv)) => Some((from, to, conv.currency.as_str())),
                    _ => None,
                };
                let (from, to) = typed.map_or_else(
                    || (ctx.value(&t.field).unwrap_or_default(), t.to),
                    |(from, to, _)| (from, to),
                );
                let show = |d: Decimal| match typed {
                    Some((_, _, currency)) => fmt::in_currency(d, currency, ctx.lang),
                    None => fmt::quantity(d, unit, ctx.lang),
                };
                let by = to.csub(from).unwrap_or_default();
                let key = if c.from.is_none() {
                    // Not given yet: say what to enter, not "raise from nothing".
                    "whatif.set"
                } else if by.is_sign_negative() {
                    "whatif.lower"
                } else {
                    "whatif.raise"
                };
                ctx.say(
                    key,
                    &[
                        ("label", &c.label),
                        ("by", &show(by.abs())),
                        ("to", &show(to)),
                    ],
                )
            })
            .collect();
        let total = worth.total.map(|t| fmt::money_full(t.0, ctx.lang));
        let total = total.unwrap_or_default();
        let text = ctx.say(
            if worth.total.is_some() {
                "whatif.text"
            } else {
                "whatif.text-needs"
            },
            &[
                ("changes", &crate::i18n::join(&parts, ctx.t("list.and"))),
                ("program", &pr.name),
                ("total", &total),
                ("years", &ctx.s.horizon_years().to_string()),
                ("beneficiary", ctx.beneficiary_label(prog.beneficiary)),
                ("fields", &ctx.field_list(&worth.needs)),
            ],
        );
        out.push(WhatIf {
            program: prog.id.clone(),
            program_name: pr.name.clone(),
            changes,
            total: worth.total,
            npv: worth.npv,
            needs: worth.needs,
            beneficiary: prog.beneficiary,
            text,
        });
    }
    out
}

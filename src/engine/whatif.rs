//! What-if: for each program in force that the project misses, the smallest change of
//! one numeric input that makes it eligible, and what it would then pay. When no single
//! change suffices (two `all` thresholds missed), every missed threshold is changed.
//!
//! "Smallest" compares relative changes (the change divided by the larger of the
//! current and the required value), since fields have different units.

use crate::money::DecOps;

use super::{criteria, is_input, Ctx};
use crate::i18n::format as fmt;
use crate::money::{Area, Dec, Money};
use crate::policy::fields::Unit;
use crate::policy::{Criterion, Op, Program};
use crate::report::{Change, Report, WhatIf};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// A missed threshold on an input field and the value that meets it.
struct Target {
    field: String,
    to: Decimal,
}

fn whole(unit: Unit) -> bool {
    matches!(unit, Unit::Count | Unit::Years)
}

fn target(ctx: &Ctx, c: &Criterion, field: &str, out: &mut Vec<Target>) {
    let unit = ctx.unit(field);
    let required = criteria::threshold(ctx, c);
    let step = if whole(unit) {
        Decimal::ONE
    } else {
        Decimal::new(1, unit.places())
    };
    let to = match c.op.unwrap_or(Op::Gte) {
        Op::Gte if whole(unit) => required.up(),
        Op::Gt if whole(unit) => required.down().cadd(step).unwrap_or(required),
        Op::Lte if whole(unit) => required.down(),
        Op::Lt if whole(unit) => required.up().csub(step).unwrap_or(required),
        Op::Gte | Op::Lte | Op::Eq => required,
        Op::Gt => required.cadd(step).unwrap_or(required),
        Op::Lt => required.csub(step).unwrap_or(required),
    };
    if to >= Decimal::ZERO {
        out.push(Target {
            field: field.to_string(),
            to,
        });
    }
}

/// Missed gating thresholds on input fields (leaves under `not` are left alone).
fn missed(ctx: &Ctx, c: &Criterion, out: &mut Vec<Target>) {
    if let Some(children) = c.all.as_ref().or(c.any.as_ref()) {
        for child in children {
            missed(ctx, child, out);
        }
        return;
    }
    if c.not.is_some() || c.guidance {
        return;
    }
    let Some(field) = c.field.as_deref() else {
        return;
    };
    if !is_input(field) || c.op.is_none() {
        return;
    }
    let required = criteria::threshold(ctx, c);
    let met = ctx
        .value(field)
        .is_some_and(|a| criteria::holds(c.op.unwrap_or(Op::Gte), a, required));
    if !met {
        target(ctx, c, field, out);
    }
}

/// A copy of the scenario with one field set.
fn with(s: &Scenario, field: &str, v: Decimal) -> Scenario {
    let mut s = s.clone();
    let n = || u32::try_from(v.trunc()).unwrap_or(u32::MAX);
    match field {
        "investment" => s.investment = Money(v),
        "registeredCapital" => s.registered_capital = Money(v),
        "fixedAssetInvestment" => s.fixed_asset_investment = Some(Money(v)),
        "investmentExcludingLand" => s.investment_excluding_land = Some(Money(v)),
        "foreignPaidInUsd" => s.foreign_paid_in_usd = Some(Dec(v)),
        "landMu" => s.land_mu = Some(Area(v)),
        "floorArea" => s.floor_area = Some(Dec(v)),
        "plotRatio" => s.plot_ratio = Some(Dec(v)),
        "jobs" => s.jobs = Some(n()),
        "constructionYears" => s.construction_years = n(),
        _ => {}
    }
    s
}

fn eligible_with(ctx: &Ctx, prog: &Program, s: &Scenario) -> bool {
    let c2 = Ctx::new(ctx.policy, s, ctx.lang);
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
            .filter(|t| eligible_with(ctx, prog, &with(ctx.s, &t.field, t.to)))
            .min_by_key(|t| relative(ctx.value(&t.field), t.to));
        let chosen: Vec<&Target> = match single {
            Some(t) => vec![t],
            None => {
                let mut s = ctx.s.clone();
                for t in &targets {
                    s = with(&s, &t.field, t.to);
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
            s2 = with(&s2, &t.field, t.to);
        }
        let c2 = Ctx::new(ctx.policy, &s2, ctx.lang);
        let mut ignored = Vec::new();
        let worth = super::program(&c2, prog, &format!("programs[{i}]"), true, &mut ignored);
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
                let from = ctx.value(&t.field).unwrap_or_default();
                let by = t.to.csub(from).unwrap_or_default();
                let key = if c.from.is_none() {
                    // Not given yet: say what to enter, not "raise from nothing".
                    "whatif.set"
                } else if by.is_sign_negative() {
                    "whatif.lower"
                } else {
                    "whatif.raise"
                };
                ctx.f(
                    key,
                    &[
                        ("label", &c.label),
                        ("by", &fmt::quantity(by.abs(), unit, ctx.lang)),
                        ("to", &fmt::quantity(t.to, unit, ctx.lang)),
                    ],
                )
            })
            .collect();
        let total = worth.total.map(|t| ctx.money(t.0)).unwrap_or_default();
        let text = ctx.f(
            if worth.total.is_some() {
                "whatif.text"
            } else {
                "whatif.text-needs"
            },
            &[
                ("changes", &parts.join(ctx.t("list.and"))),
                ("program", &pr.name),
                ("total", &total),
                ("years", &ctx.s.horizon_years.to_string()),
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

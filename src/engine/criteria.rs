//! Criterion trees: each leaf's actual and required value, met or not, and the gap.

use crate::money::DecOps;

use super::Ctx;
use crate::i18n::format as fmt;
use crate::policy::fields::{FieldType, Unit};
use crate::policy::{Criterion, Op};
use crate::report::CriterionResult;
use rust_decimal::Decimal;

/// The threshold of a numeric leaf for this scenario (a `valueBy` match, or `value`).
pub(crate) fn threshold(ctx: &Ctx, c: &Criterion) -> Decimal {
    let s = ctx.s;
    c.value_by
        .iter()
        .find(|v| {
            v.zone.as_ref().is_none_or(|z| *z == s.zone)
                && v.industry
                    .as_ref()
                    .is_none_or(|i| Some(i) == s.industry.as_ref())
                && v.project_kind.as_ref().is_none_or(|k| *k == s.project_kind)
        })
        .map(|v| v.value.get())
        .or(c.value.map(|v| v.get()))
        .unwrap_or_default()
}

/// Whether `actual op required` holds.
pub(crate) fn holds(op: Op, actual: Decimal, required: Decimal) -> bool {
    match op {
        Op::Gte => actual >= required,
        Op::Gt => actual > required,
        Op::Lte => actual <= required,
        Op::Lt => actual < required,
        Op::Eq => actual == required,
    }
}

/// Evaluates a criterion tree.
pub(crate) fn evaluate(ctx: &Ctx, c: &Criterion) -> CriterionResult {
    if let Some(children) = &c.all {
        let children: Vec<CriterionResult> = children.iter().map(|x| evaluate(ctx, x)).collect();
        let met = children.iter().all(CriterionResult::met);
        return CriterionResult::All { met, children };
    }
    if let Some(children) = &c.any {
        let children: Vec<CriterionResult> = children.iter().map(|x| evaluate(ctx, x)).collect();
        let met = children.iter().any(CriterionResult::met);
        return CriterionResult::Any { met, children };
    }
    if let Some(child) = &c.not {
        let child = evaluate(ctx, child);
        return CriterionResult::Not {
            met: !child.met(),
            child: Box::new(child),
        };
    }
    let field = c.field.clone().unwrap_or_default();
    let label = ctx.label(&field);
    let lang = ctx.lang;
    match crate::policy::validate_field_type(ctx.policy, &field) {
        Some(FieldType::Id) => {
            let allowed = c.one_of.clone().unwrap_or_default();
            let actual = ctx.id_value(&field);
            let met = actual.as_ref().is_some_and(|a| allowed.contains(a));
            let name_of = |id: &str| id_label(ctx, &field, id);
            let required_labels: Vec<String> = allowed.iter().map(|a| name_of(a)).collect();
            let actual_label = actual
                .as_deref()
                .map(name_of)
                .unwrap_or_else(|| ctx.t("not-given").to_string());
            let text = ctx.f(
                if met { "crit.in.met" } else { "crit.in.missed" },
                &[
                    ("label", &label),
                    ("actual", &actual_label),
                    ("required", &required_labels.join(" / ")),
                ],
            );
            CriterionResult::In {
                field,
                label,
                required: allowed,
                required_labels,
                actual,
                met,
                text,
            }
        }
        Some(FieldType::Bool) => {
            let required = c.is.unwrap_or(true);
            let actual = ctx.s.foreign_invested;
            let met = actual == required;
            let yes_no = |b: bool| ctx.t(if b { "yes" } else { "no" });
            let text = ctx.f(
                if met { "crit.is.met" } else { "crit.is.missed" },
                &[
                    ("label", &label),
                    ("actual", yes_no(actual)),
                    ("required", yes_no(required)),
                ],
            );
            CriterionResult::Is {
                field,
                label,
                required,
                actual,
                met,
                text,
            }
        }
        Some(FieldType::Number(unit)) => {
            let op = c.op.unwrap_or(Op::Gte);
            let required = threshold(ctx, c);
            let actual = ctx.value(&field);
            let met = actual.is_some_and(|a| holds(op, a, required));
            // The smallest step in the unit: a strict threshold is missed by at least that.
            let step = Decimal::new(1, unit.places());
            let gap = match actual {
                Some(a) if !met => match op {
                    Op::Gte => required.csub(a),
                    Op::Gt => required.csub(a).and_then(|g| g.cadd(step)),
                    Op::Lte => a.csub(required),
                    Op::Lt => a.csub(required).and_then(|g| g.cadd(step)),
                    Op::Eq => required.csub(a).map(|d| d.abs()),
                }
                .unwrap_or_default(),
                Some(_) => Decimal::ZERO,
                None => required,
            };
            // A missed value is shown rounded away from the threshold, never equal to it.
            let shown = actual.map(|a| {
                if met {
                    a
                } else {
                    fmt::toward(a, unit, matches!(op, Op::Gte | Op::Gt))
                }
            });
            let gap = if met {
                gap
            } else {
                fmt::toward(gap, unit, false)
            };
            let progress = progress(op, actual, required, met);
            let q = |d: Decimal| fmt::quantity(d, unit, lang);
            let text = match actual {
                None => ctx.f(
                    "crit.num.missing",
                    &[
                        ("label", &label),
                        ("op", op_words(ctx, op)),
                        ("required", &q(required)),
                    ],
                ),
                Some(a) if met => ctx.f(
                    "crit.num.met",
                    &[
                        ("label", &label),
                        ("actual", &q(a)),
                        ("op", op_words(ctx, op)),
                        ("required", &q(required)),
                    ],
                ),
                Some(a) => ctx.f(
                    match op {
                        Op::Gte | Op::Gt => "crit.num.short",
                        _ => "crit.num.over",
                    },
                    &[
                        ("label", &label),
                        ("actual", &q(a)),
                        ("op", op_words(ctx, op)),
                        ("required", &q(required)),
                        ("gap", &q(gap)),
                    ],
                ),
            };
            let text = if c.guidance && !met {
                format!("{} {}", text, ctx.t("crit.guidance"))
            } else {
                text
            };
            CriterionResult::Compare {
                field,
                label,
                unit,
                op,
                required: fmt::fixed(required, unit),
                actual: shown.map(|a| fmt::fixed(a, unit)),
                met,
                shortfall: fmt::fixed(gap, unit),
                progress,
                guidance: c.guidance,
                text,
            }
        }
        None => CriterionResult::In {
            field: field.clone(),
            label,
            required: Vec::new(),
            required_labels: Vec::new(),
            actual: None,
            met: false,
            text: ctx.f("crit.unknown", &[("field", &field)]),
        },
    }
}

fn op_words(ctx: &Ctx, op: Op) -> &'static str {
    ctx.t(match op {
        Op::Gte => "op.gte",
        Op::Gt => "op.gt",
        Op::Lte => "op.lte",
        Op::Lt => "op.lt",
        Op::Eq => "op.eq",
    })
}

/// The display name of an id (zone, kind, industry).
pub(crate) fn id_label(ctx: &Ctx, field: &str, id: &str) -> String {
    let p = ctx.policy;
    let name = match field {
        "zone" => p.zones.iter().find(|x| x.id == id).map(|x| &x.name),
        "projectKind" => p.project_kinds.iter().find(|x| x.id == id).map(|x| &x.name),
        "industry" => p.industries.iter().find(|x| x.id == id).map(|x| &x.name),
        _ => None,
    };
    name.map_or_else(|| id.to_string(), |n| n.get(ctx.lang).to_string())
}

/// Actual as a percentage of required, 0–100 with one decimal, for a progress bar.
fn progress(op: Op, actual: Option<Decimal>, required: Decimal, met: bool) -> String {
    let hundred = Decimal::from(100);
    let p = match actual {
        _ if met => hundred,
        None => Decimal::ZERO,
        Some(a) => match op {
            Op::Gte | Op::Gt | Op::Eq if required > Decimal::ZERO => a
                .cmul(hundred)
                .and_then(|x| x.cdiv(required))
                .unwrap_or_default(),
            Op::Lte | Op::Lt if a > Decimal::ZERO => required
                .cmul(hundred)
                .and_then(|x| x.cdiv(a))
                .unwrap_or_default(),
            _ => Decimal::ZERO,
        },
    };
    let p = p.clamp(Decimal::ZERO, hundred);
    // Never show a missed threshold as a full bar.
    let p = if !met && p >= Decimal::new(999, 1) {
        Decimal::new(999, 1)
    } else {
        p
    };
    fmt::fixed(
        p.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::ToZero),
        Unit::Ratio,
    )
    .trim_end_matches('0')
    .trim_end_matches('.')
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_bar_values() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        let cases = [
            (Op::Gte, Some("25000000"), "50000000", false, "50"),
            (Op::Gte, Some("49999999.99"), "50000000", false, "99.9"),
            (Op::Gte, Some("50000000"), "50000000", true, "100"),
            (Op::Gte, None, "50000000", false, "0"),
            (Op::Lte, Some("200"), "100", false, "50"),
        ];
        for (op, actual, required, met, want) in cases {
            assert_eq!(
                progress(op, actual.map(d), d(required), met),
                want,
                "actual {actual:?}"
            );
        }
    }
}

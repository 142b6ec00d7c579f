//! Criterion trees: each leaf's actual and required value, met or not, and the gap.

use crate::money::DecOps;

use super::{Ctx, OrFail};
use crate::i18n::format as fmt;
use crate::policy::fields::{Kind, Unit};
use crate::policy::{Compare, Criterion, InList, IsValue, Op};
use crate::report::CriterionResult;
use rust_decimal::Decimal;

/// The threshold of a comparison for this scenario (a `valueBy` match, or `value`).
pub(crate) fn threshold(ctx: &Ctx, c: &Compare) -> Decimal {
    let s = ctx.s;
    c.value_by
        .iter()
        .find(|v| {
            v.zone.as_deref().is_none_or(|z| z == s.zone())
                && v.industry
                    .as_deref()
                    .is_none_or(|i| Some(i) == s.industry())
                && v.project_kind
                    .as_deref()
                    .is_none_or(|k| k == s.project_kind())
        })
        .map_or(c.value.get(), |v| v.value.get())
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
    match c {
        Criterion::All(children) => {
            let children: Vec<CriterionResult> =
                children.iter().map(|x| evaluate(ctx, x)).collect();
            let met = children.iter().all(CriterionResult::met);
            CriterionResult::All { met, children }
        }
        Criterion::Any(children) => {
            let children: Vec<CriterionResult> =
                children.iter().map(|x| evaluate(ctx, x)).collect();
            let met = children.iter().any(CriterionResult::met);
            CriterionResult::Any { met, children }
        }
        Criterion::AtLeast(k) => {
            let children: Vec<CriterionResult> = k.of.iter().map(|x| evaluate(ctx, x)).collect();
            let n = children.iter().filter(|c| c.met()).count();
            let met = n >= k.at_least as usize;
            CriterionResult::AtLeast {
                met,
                at_least: k.at_least,
                children,
            }
        }
        Criterion::Not(child) => {
            let child = evaluate(ctx, child);
            CriterionResult::Not {
                met: !child.met(),
                child: Box::new(child),
            }
        }
        Criterion::In(list) => in_list(ctx, list),
        Criterion::Is(is) => is_value(ctx, is),
        Criterion::Compare(cmp) => compare(ctx, cmp),
    }
}

/// A field the policy check would have refused (a policy changed after its check).
fn unknown(ctx: &Ctx, field: &str) -> CriterionResult {
    CriterionResult::In {
        field: field.to_string(),
        label: ctx.label(field),
        required: Vec::new(),
        required_labels: Vec::new(),
        actual: None,
        met: false,
        illustrative: false,
        text: ctx.f("crit.unknown", &[("field", field)]),
    }
}

fn in_list(ctx: &Ctx, c: &InList) -> CriterionResult {
    let field = c.field.as_str();
    let Some(Kind::Id(ids)) = ctx.policy.kind_of(field) else {
        return unknown(ctx, field);
    };
    let label = ctx.label(field);
    let actual = ctx.id_value(field);
    let met = actual.as_ref().is_some_and(|a| c.ids.contains(a));
    let entries = ids.entries(ctx.policy, None);
    let name_of = |id: &str| {
        entries
            .iter()
            .find(|e| e.0 == id)
            .map_or_else(|| id.to_string(), |e| e.1.get(ctx.lang).to_string())
    };
    let required_labels: Vec<String> = c.ids.iter().map(|a| name_of(a)).collect();
    let actual_label = actual
        .as_deref()
        .map(name_of)
        .unwrap_or_else(|| ctx.t("not-given").to_string());
    let text = ctx.f(
        if met { "crit.in.met" } else { "crit.in.missed" },
        &[
            ("label", &label),
            ("actual", &actual_label),
            ("required", &crate::i18n::join(&required_labels, " / ")),
        ],
    );
    CriterionResult::In {
        field: field.to_string(),
        label,
        required: c.ids.clone(),
        required_labels,
        actual,
        met,
        illustrative: c.illustrative,
        text,
    }
}

fn is_value(ctx: &Ctx, c: &IsValue) -> CriterionResult {
    let field = c.field.as_str();
    if ctx.policy.kind_of(field) != Some(Kind::Flag) {
        return unknown(ctx, field);
    }
    let label = ctx.label(field);
    let actual = ctx.flag_value(field);
    let met = actual == c.is;
    let yes_no = |b: bool| ctx.t(if b { "yes" } else { "no" });
    let text = ctx.f(
        if met { "crit.is.met" } else { "crit.is.missed" },
        &[
            ("label", &label),
            ("actual", yes_no(actual)),
            ("required", yes_no(c.is)),
        ],
    );
    CriterionResult::Is {
        field: field.to_string(),
        label,
        required: c.is,
        actual,
        met,
        text,
    }
}

fn compare(ctx: &Ctx, c: &Compare) -> CriterionResult {
    let field = c.field.as_str();
    let Some(Kind::Number(unit)) = ctx.policy.kind_of(field) else {
        return unknown(ctx, field);
    };
    let label = ctx.label(field);
    let lang = ctx.lang;
    let op = c.op;
    let mut required = threshold(ctx, c);
    // A threshold in another currency, in CNY at the rate of the as-of date (shown).
    let conversion = c
        .currency
        .as_deref()
        .and_then(|code| crate::scenario::Conversion::of(ctx.policy, code, ctx.s.as_of));
    let mut note_required = String::new();
    if let Some(x) = &conversion {
        let stated = required;
        required = stated.cmul(x.cny_per_unit.get()).or_fail(ctx, field);
        note_required = ctx.f(
            "explain.converted",
            &[
                ("amount", &fmt::in_currency(stated, &x.currency, lang)),
                ("rate", &x.cny_per_unit.to_string()),
                ("code", &x.currency),
                ("date", &x.date.to_string()),
            ],
        );
    }
    let actual = ctx.value(field);
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
    // Shown with the unit's places, or more when the threshold has more: enough digits
    // to state it exactly. A missed value is rounded away from the threshold (down when
    // it is below), so what is shown never equals what is required, and the text shows
    // the same figures as the JSON.
    let places = unit.places().max(required.normalize().scale());
    let shown = actual.map(|a| {
        if met {
            a
        } else {
            fmt::toward(a, places, a < required)
        }
    });
    let gap = if met {
        gap
    } else {
        fmt::toward(gap, places, false)
    };
    let progress = progress(op, actual, required, met);
    // Figures for the text only: not written while texts are off (see `Texts`).
    let q = |d: Decimal| match ctx.writes() {
        true => fmt::quantity_at(d, unit, places, lang),
        false => String::new(),
    };
    let note = ctx.conversion_note(field);
    let actual_text = shown.map(|a| q(a) + &note);
    let text = match &actual_text {
        None => ctx.f(
            "crit.num.missing",
            &[
                ("label", &label),
                ("op", op_words(ctx, op)),
                ("required", &(q(required) + &note_required)),
            ],
        ),
        Some(a) if met => ctx.f(
            "crit.num.met",
            &[
                ("label", &label),
                ("actual", a),
                ("op", op_words(ctx, op)),
                ("required", &(q(required) + &note_required)),
            ],
        ),
        Some(a) => ctx.f(
            match op {
                Op::Gte | Op::Gt => "crit.num.short",
                _ => "crit.num.over",
            },
            &[
                ("label", &label),
                ("actual", a),
                ("op", op_words(ctx, op)),
                ("required", &(q(required) + &note_required)),
                ("gap", &q(gap)),
            ],
        ),
    };
    let text = if c.guidance && !met && ctx.writes() {
        [text.as_str(), " ", ctx.t("crit.guidance")].concat()
    } else {
        text
    };
    CriterionResult::Compare {
        field: field.to_string(),
        label,
        unit,
        op,
        required: fmt::fixed_at(required, places),
        actual: shown.map(|a| fmt::fixed_at(a, places)),
        met,
        shortfall: fmt::fixed_at(gap, places),
        progress,
        guidance: c.guidance,
        illustrative: c.illustrative,
        conversion,
        text,
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

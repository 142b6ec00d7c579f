//! Yearly schedules of each kind of benefit.

use crate::money::DecOps;

use super::{pct, At, Ctx, EngineError, OrFail};
use crate::i18n::format as fmt;
use crate::money::{Money, Rate, Rounding};
use crate::policy::fields::{Field, Unit};
use crate::policy::{
    Benefit, BenefitKind, BracketAward, BracketMode, Factory, Figures, FixedAward, LandRebate,
    PerUnitAward, Phase, Program, PurchaseAtCost, RentRelief, TaxShare,
};
use crate::raw::item_path;
use crate::report::{BenefitReport, Fen, Quantity, Row};
use rust_decimal::Decimal;

/// The length of a phase for this scenario; `None` (with the inputs recorded in
/// `needs`) when it is chosen by a field not given yet.
fn phase_years(ctx: &Ctx, ph: &Phase, needs: &mut Vec<String>) -> Option<u32> {
    if let Some(y) = ph.years {
        return Some(y);
    }
    let Some(by) = &ph.years_by else {
        return Some(0);
    };
    match ctx.value(&by.field) {
        Some(v) => Some(
            by.brackets
                .iter()
                .filter(|b| v >= b.from.get())
                .last()
                .map_or(0, |b| b.years),
        ),
        None => {
            ctx.missing_inputs(&by.field, needs);
            None
        }
    }
}

/// The zone's path and the standard-factory offer the scenario takes (the one it names,
/// else the zone's first), with its index.
fn factory<'a>(ctx: &Ctx<'a>) -> (String, Option<(&'a Factory, usize)>) {
    let zi = ctx.policy.zones.iter().position(|z| z.id == ctx.s.zone());
    let zp = item_path("", "zones", zi.unwrap_or(0), "");
    let offer = zi.and_then(|zi| {
        let z = &ctx.policy.zones[zi];
        let fi = match ctx.s.factory() {
            Some(id) => z.factories.iter().position(|f| f.id == id)?,
            None if z.factories.is_empty() => return None,
            None => 0,
        };
        Some((&z.factories[fi], fi))
    });
    (zp, offer)
}

/// Adds `field` to `needs` once.
fn need(needs: &mut Vec<String>, field: &str) {
    if !needs.iter().any(|n| n == field) {
        needs.push(field.to_string());
    }
}

/// An amount of money as a base.
fn cny(m: Money) -> Option<Quantity> {
    Some(Quantity {
        value: m.get(),
        unit: Unit::Cny,
    })
}

/// Computes one benefit's schedule (before program-level caps). Returns the report and
/// whether a benefit cap cut an amount.
pub(crate) fn compute(
    ctx: &Ctx,
    prog: &Program,
    b: &Benefit,
    rounding: Rounding,
    path: &str,
    warnings: &mut Vec<EngineError>,
) -> (BenefitReport, bool) {
    let lang = ctx.lang;
    // The first variant whose condition is met gives the kind and figures (its path
    // names them in errors); else the benefit's own.
    let variant = b
        .variants
        .iter()
        .enumerate()
        .find(|(_, v)| super::criteria::evaluate(ctx, &v.when).met());
    let vpath;
    let (figures, path) = match variant {
        Some((i, v)) => {
            vpath = item_path(path, ".variants", i, "");
            (v.figures(), vpath.as_str())
        }
        None => (b.figures(), path),
    };
    let Figures {
        kind,
        cap,
        annual_cap,
        cap_by,
        cap_discounted: discounted,
    } = figures;
    let horizon = ctx.s.horizon_years();
    let mut rows: Vec<Row> = Vec::new();
    let mut needs: Vec<String> = Vec::new();
    // An amount is rounded by the policy's rule; beyond Money::MAX (where two decimal
    // places no longer fit) it is an overflow at `at`, the figure that produced it.
    let round = |d: Option<Decimal>, at: At| {
        d.and_then(|d| Money::checked(rounding.apply(d)))
            .or_fail_at(ctx, at)
    };
    let fig = |key: &'static str| At(path, key, None, "");
    let row =
        |n: u32, base: Option<Quantity>, rate: Option<Rate>, amount: Money, explanation: String| {
            Row {
                operating_year: n,
                calendar_year: ctx.calendar_year(n),
                base,
                rate,
                amount: Fen(amount),
                explanation,
            }
        };
    // "Year n (calendar year): what".
    let in_year = |n: u32, what: &str| {
        let (y, cy) = (n.to_string(), ctx.calendar_year(n).to_string());
        ctx.f("explain.year", &[("n", &y), ("year", &cy), ("what", what)])
    };
    // A kind paid once: its year, base, rate, amount and explanation (without the year),
    // paid by the common code below in that year, every year of `years`, or in instalments.
    let mut once: Option<(u32, Option<Quantity>, Option<Rate>, Money, String)> = None;

    match kind {
        BenefitKind::TaxShare(TaxShare {
            taxes,
            phases,
            thereafter,
        }) => {
            // Each year's rate with the path of the figure it comes from.
            let mut plan: Vec<(Rate, usize)> = Vec::new();
            for (k, ph) in phases.iter().enumerate() {
                for _ in 0..phase_years(ctx, ph, &mut needs).unwrap_or(0) {
                    plan.push((ph.rate, k));
                }
            }
            // The base: without tax figures the amount cannot be worked out yet.
            match ctx.local_share_year(1, taxes.as_deref()) {
                Err(EngineError::NoTaxFigures) => need(&mut needs, Field::LocalTaxShare.name()),
                Err(EngineError::NeedsTaxBreakdown) => {
                    for t in taxes.iter().flatten() {
                        if !ctx.s.annual_taxes.iter().any(|(id, _)| id == t) {
                            need(&mut needs, &Field::AnnualTaxes.item(t));
                        }
                    }
                }
                _ => {}
            }
            for n in (1..=horizon).take_while(|_| needs.is_empty()) {
                let (rate, at) = match plan.get(n as usize - 1) {
                    Some((r, k)) => (*r, At(path, ".phases", Some(*k), ".rate")),
                    None => match thereafter {
                        Some(r) => (*r, fig(".thereafter")),
                        None => break,
                    },
                };
                let base = match ctx.local_share_year(n, taxes.as_deref()) {
                    Ok(m) => m,
                    Err(code) => {
                        if code == EngineError::Overflow {
                            // The sum of the taxes entered times their local shares.
                            ctx.fail(Field::AnnualTaxes.name());
                        } else if !warnings.contains(&code) {
                            warnings.push(code);
                        }
                        Money::ZERO
                    }
                };
                let amount = round(base.get().cmul(rate.get()), at);
                let e = ctx.f(
                    "explain.tax-share",
                    &[
                        ("rate", &pct(rate)),
                        ("base", &ctx.money(base)),
                        ("amount", &ctx.money(amount)),
                    ],
                );
                rows.push(row(n, cny(base), Some(rate), amount, in_year(n, &e)));
            }
        }
        BenefitKind::FixedAward(FixedAward { amount, year }) => {
            let e = ctx.f("explain.fixed", &[("amount", &ctx.money(*amount))]);
            let amount = round(Some(amount.get()), fig(".amount"));
            once = Some((*year, None, None, amount, e));
        }
        BenefitKind::PerUnitAward(PerUnitAward {
            base,
            amount_per_unit,
            year,
        }) => {
            let unit = ctx.unit(base);
            let q = ctx.value(base);
            if q.is_none() {
                ctx.missing_inputs(base, &mut needs);
            }
            let q = q.unwrap_or_default();
            let amount = round(q.cmul(amount_per_unit.get()), fig(".amountPerUnit"));
            if needs.is_empty() {
                let e = ctx.f(
                    "explain.per-unit",
                    &[
                        ("label", &ctx.label(base)),
                        (
                            "quantity",
                            &(fmt::quantity_exact(q, unit, lang) + &ctx.conversion_note(base)),
                        ),
                        (
                            "perUnit",
                            &fmt::quantity_exact(amount_per_unit.get(), Unit::Cny, lang),
                        ),
                        ("amount", &ctx.money(amount)),
                    ],
                );
                let base = Quantity { value: q, unit };
                once = Some((*year, Some(base), None, amount, e));
            }
        }
        BenefitKind::BracketAward(BracketAward {
            base,
            mode,
            brackets,
            year,
            applies_to,
        }) => {
            let unit = ctx.unit(base);
            let q = ctx.value(base);
            if q.is_none() {
                ctx.missing_inputs(base, &mut needs);
            }
            let q = q.unwrap_or_default();
            // The value the bracket's rate applies to: the base's, or another field's.
            let applied = applies_to.as_deref().map(|f| {
                let v = ctx.value(f);
                if v.is_none() {
                    ctx.missing_inputs(f, &mut needs);
                }
                (f, v.unwrap_or_default())
            });
            let mut row_base = Quantity { value: q, unit };
            let (amount, rate, detail) = match mode {
                BracketMode::Whole => {
                    match brackets
                        .iter()
                        .enumerate()
                        .filter(|(_, br)| q >= br.from.get())
                        .last()
                    {
                        Some((i, br)) => {
                            let from = fmt::quantity_exact(br.from.get(), unit, lang);
                            match (br.amount, br.rate) {
                                (Some(lump), _) => (
                                    round(
                                        Some(lump.get()),
                                        At(path, ".brackets", Some(i), ".amount"),
                                    ),
                                    None,
                                    ctx.f(
                                        "explain.bracket-lump",
                                        &[("amount", &ctx.money(lump)), ("from", &from)],
                                    ),
                                ),
                                (None, r) => {
                                    let r = r.unwrap_or_default();
                                    let at = At(path, ".brackets", Some(i), ".rate");
                                    let (on, key, of) = match applied {
                                        Some((f, v)) => {
                                            row_base = Quantity {
                                                value: v,
                                                unit: ctx.unit(f),
                                            };
                                            let shown = [
                                                ctx.label(f),
                                                " ".into(),
                                                fmt::quantity_exact(v, ctx.unit(f), lang),
                                                ctx.conversion_note(f),
                                            ]
                                            .concat();
                                            (v, "explain.bracket-applied", shown)
                                        }
                                        None => (q, "explain.bracket-whole", String::new()),
                                    };
                                    let rate = pct(r);
                                    let args = [
                                        ("rate", rate.as_str()),
                                        ("from", from.as_str()),
                                        ("of", of.as_str()),
                                    ];
                                    (round(on.cmul(r.get()), at), Some(r), ctx.f(key, &args))
                                }
                            }
                        }
                        None => (
                            Money::ZERO,
                            None,
                            ctx.t("explain.bracket-below").to_string(),
                        ),
                    }
                }
                BracketMode::Marginal => {
                    let mut sum = Decimal::ZERO;
                    let mut parts = Vec::new();
                    for (i, br) in brackets.iter().enumerate() {
                        let lo = br.from.get();
                        if q <= lo {
                            break;
                        }
                        let hi = brackets.get(i + 1).map_or(q, |n| n.from.get().min(q));
                        let at = At(path, ".brackets", Some(i), ".rate");
                        let slice = hi.csub(lo).or_fail_at(ctx, at);
                        let rate = br.rate.unwrap_or_default();
                        sum = slice
                            .cmul(rate.get())
                            .and_then(|x| sum.cadd(x))
                            .or_fail_at(ctx, at);
                        let slice = fmt::quantity_exact(slice, unit, lang);
                        parts.push(pct(rate) + " × " + &slice);
                    }
                    (
                        round(Some(sum), fig(".brackets")),
                        None,
                        ctx.f(
                            "explain.bracket-marginal",
                            &[("parts", &crate::i18n::join(&parts, " + "))],
                        ),
                    )
                }
            };
            if needs.is_empty() {
                let e = ctx.f(
                    "explain.bracket",
                    &[
                        ("label", &ctx.label(base)),
                        (
                            "base",
                            &(fmt::quantity_exact(q, unit, lang) + &ctx.conversion_note(base)),
                        ),
                        ("detail", &detail),
                        ("amount", &ctx.money(amount)),
                    ],
                );
                once = Some((*year, Some(row_base), rate, amount, e));
            }
        }
        BenefitKind::LandRebate(LandRebate { rate, per_mu, year }) => {
            let zi = ctx.policy.zones.iter().position(|z| z.id == ctx.s.zone());
            let zone = zi.map(|i| &ctx.policy.zones[i]);
            // The chosen parcel's price, else the zone's benchmark price; a zone with
            // neither needs a parcel to be chosen. (With the path of the price used.)
            let parcel = ctx.s.parcel().and_then(|id| {
                let z = zone?;
                let pi = z.parcels.iter().position(|p| p.id == id)?;
                Some((z.parcels[pi].price_per_mu, pi))
            });
            let zp = item_path("", "zones", zi.unwrap_or(0), "");
            let (price_per_mu, price_at) = match parcel {
                Some((price, pi)) => (Some(price), At(&zp, ".parcels", Some(pi), ".pricePerMu")),
                None => (
                    zone.and_then(|z| z.land_price_per_mu),
                    At(&zp, ".landPricePerMu", None, ""),
                ),
            };
            let mu = ctx.s.land_mu();
            if mu.is_none() {
                need(&mut needs, Field::LandMu.name());
            }
            if price_per_mu.is_none() && zone.is_some_and(|z| !z.parcels.is_empty()) {
                need(&mut needs, Field::Parcel.name());
            }
            match (mu, price_per_mu) {
                (Some(mu), Some(ppm)) => {
                    let price = round(mu.cmul(ppm.get()), price_at);
                    let (amount, e_rate) = match (rate, per_mu) {
                        (Some(r), _) => (round(price.get().cmul(r.get()), fig(".rate")), Some(*r)),
                        (None, Some(pm)) => {
                            let rebate = mu.cmul(pm.get()).map(|x| x.min(price.get()));
                            (round(rebate, fig(".perMu")), None)
                        }
                        (None, None) => (Money::ZERO, None),
                    };
                    let e = ctx.f(
                        "explain.land-rebate",
                        &[
                            ("area", &fmt::area(crate::money::Area(mu), lang)),
                            ("pricePerMu", &ctx.money(ppm)),
                            ("price", &ctx.money(price)),
                            (
                                "rule",
                                &match (rate, per_mu) {
                                    (Some(r), _) => pct(*r),
                                    (None, Some(pm)) => {
                                        ctx.f("per-mu", &[("amount", &ctx.money(*pm))])
                                    }
                                    _ => String::new(),
                                },
                            ),
                            ("amount", &ctx.money(amount)),
                        ],
                    );
                    once = Some((*year, cny(price), e_rate, amount, e));
                }
                _ if !needs.is_empty() => {}
                _ => warnings.push(EngineError::NoLandPrice),
            }
        }
        BenefitKind::PurchaseAtCost(PurchaseAtCost { year }) => {
            let (zp, offer) = factory(ctx);
            match (ctx.s.floor_area(), offer) {
                (Some(area), Some((f, fi))) => {
                    match (f.sale_price_per_m2, f.construction_cost_per_m2) {
                        (Some(price), Some(cost)) => {
                            let at = At(&zp, ".factories", Some(fi), ".salePricePerM2");
                            let saved = price.get().csub(cost.get()).map(|d| d.max(Decimal::ZERO));
                            let amount = round(saved.and_then(|d| area.cmul(d)), at);
                            let e = ctx.f(
                                "explain.purchase-at-cost",
                                &[
                                    ("area", &fmt::quantity(area, Unit::M2, lang)),
                                    ("price", &ctx.money(price)),
                                    ("cost", &ctx.money(cost)),
                                    ("amount", &ctx.money(amount)),
                                ],
                            );
                            let base = Quantity {
                                value: area,
                                unit: Unit::M2,
                            };
                            once = Some((*year, Some(base), None, amount, e));
                        }
                        _ => warnings.push(EngineError::NoFactoryPrice),
                    }
                }
                (None, _) => need(&mut needs, Field::FloorArea.name()),
                (_, None) => warnings.push(EngineError::NoFactoryOffer),
            }
        }
        BenefitKind::RentRelief(RentRelief { phases }) => {
            let (zp, offer) = factory(ctx);
            match (ctx.s.floor_area(), offer) {
                (Some(area), Some((offer, fi))) => {
                    let twelve = Decimal::from(12);
                    let annual_rent = round(
                        area.cmul(offer.rent_per_m2_month.get())
                            .and_then(|x| x.cmul(twelve)),
                        At(&zp, ".factories", Some(fi), ".rentPerM2Month"),
                    );
                    let mut n = 0u32;
                    'phases: for (k, ph) in phases.iter().enumerate() {
                        for _ in 0..ph.years {
                            n += 1;
                            if n > horizon {
                                break 'phases;
                            }
                            let area_text = fmt::quantity(area, Unit::M2, lang);
                            let (amount, rate, e) = match (ph.waived, ph.per_m2_month) {
                                (Some(w), _) => {
                                    let amount = round(
                                        annual_rent.get().cmul(w.get()),
                                        At(path, ".phases", Some(k), ".waived"),
                                    );
                                    let e = ctx.f(
                                        "explain.rent-waived",
                                        &[
                                            ("rate", &pct(w)),
                                            ("rent", &ctx.money(annual_rent)),
                                            ("area", &area_text),
                                            ("perM2", &ctx.money(offer.rent_per_m2_month)),
                                            ("amount", &ctx.money(amount)),
                                        ],
                                    );
                                    (amount, Some(w), e)
                                }
                                (None, Some(per)) => {
                                    let amount = round(
                                        area.cmul(per.get()).and_then(|x| x.cmul(twelve)),
                                        At(path, ".phases", Some(k), ".perM2Month"),
                                    );
                                    let e = ctx.f(
                                        "explain.rent-subsidy",
                                        &[
                                            ("area", &area_text),
                                            ("perM2", &ctx.money(per)),
                                            ("amount", &ctx.money(amount)),
                                        ],
                                    );
                                    (amount, None, e)
                                }
                                (None, None) => (Money::ZERO, None, String::new()),
                            };
                            rows.push(row(n, cny(annual_rent), rate, amount, in_year(n, &e)));
                        }
                    }
                }
                (None, _) => need(&mut needs, Field::FloorArea.name()),
                (_, None) => warnings.push(EngineError::NoFactoryOffer),
            }
        }
        // No amount: the terms are shown (below) and counted apart in the headline.
        BenefitKind::Negotiable(_) => {}
    }

    // A kind paid once: in its year, in each of `years` years, or in instalments (each
    // rounded by the policy's rule, the last one the rest, so that they add up to the
    // award). A payment after the horizon is left out, with a warning.
    if let Some((year, base, rate, amount, e)) = once.filter(|_| needs.is_empty()) {
        let parts = &b.instalments;
        let count = if parts.is_empty() {
            b.years
        } else {
            parts.len() as u32
        };
        let mut left = amount;
        let mut late = false;
        for k in 0..count {
            let (n, amount, what) = match parts.get(k as usize) {
                None => (year.saturating_add(k), amount, e.clone()),
                Some(part) => {
                    let at = At(path, ".instalments", Some(k as usize), ".share");
                    let share = if k + 1 == count {
                        left
                    } else {
                        // Never more than is left, so that no part is negative.
                        round(amount.get().cmul(part.share.get()), at).min(left)
                    };
                    left = left.checked_sub(share).or_fail_at(ctx, at);
                    let (kk, mm) = ((k + 1).to_string(), count.to_string());
                    let args = [
                        ("k", kk.as_str()),
                        ("m", &mm),
                        ("share", &pct(part.share)),
                        ("what", &e),
                        ("amount", &ctx.money(share)),
                    ];
                    (part.year, share, ctx.f("explain.instalment", &args))
                }
            };
            if n > horizon {
                late = true;
            } else {
                rows.push(row(n, base.clone(), rate, amount, in_year(n, &what)));
            }
        }
        if late {
            warnings.push(EngineError::AwardAfterHorizon);
        }
    }

    // Caps on this benefit: per year, then over the schedule.
    let mut capped = false;
    // A cap is paid in whole units of the rounding (a cap of 10.005 pays 10.00), so that
    // capped amounts are shown exactly and still add up.
    let whole = |cap: Money| cap.whole_units(rounding);
    if let Some(cap) = annual_cap.map(whole) {
        for r in rows.iter_mut() {
            if r.amount.0 > cap {
                r.amount = Fen(cap);
                r.explanation
                    .push_str(&ctx.f("explain.annual-cap", &[("cap", &ctx.money(cap))]));
                capped = true;
            }
        }
    }
    // The cap: `cap`, or a rate of a field (`capBy`), the lower of the two.
    let mut cap = cap.map(whole);
    let mut cap_text = cap.map(|c| ctx.money(c));
    if let Some(by) = cap_by {
        match ctx.value(&by.of) {
            Some(v) => {
                let at = fig(".capBy");
                let c = whole(round(v.cmul(by.rate.get()), at));
                if cap.is_none_or(|x| c < x) {
                    let args = [
                        ("rate", pct(by.rate)),
                        ("label", ctx.label(&by.of)),
                        ("value", fmt::quantity_exact(v, ctx.unit(&by.of), lang)),
                        ("amount", ctx.money(c)),
                    ];
                    let args: Vec<(&str, &str)> =
                        args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    (cap, cap_text) = (Some(c), Some(ctx.f("explain.cap-by", &args)));
                }
            }
            None => ctx.missing_inputs(&by.of, &mut needs),
        }
    }
    // Used up year by year; with `capDiscounted` in present value: a year's amount
    // counts for amount / (1 + r)^t, and the year that reaches the cap pays what is
    // left, (left × (1 + r)^t) rounded by the policy's rule.
    if let (Some(cap), Some(cap_text)) = (cap, cap_text) {
        let at = fig(".cap");
        let key = if discounted {
            "explain.capped-pv"
        } else {
            "explain.capped"
        };
        let mut left = cap.get();
        for r in rows.iter_mut() {
            let f = if discounted {
                ctx.growth(r.calendar_year).or_fail_at(ctx, at)
            } else {
                Decimal::ONE
            };
            let pv = r.amount.0.get().cdiv(f).or_fail_at(ctx, at);
            if pv > left {
                r.amount = Fen(round(left.cmul(f), at).min(r.amount.0));
                r.explanation.push_str(&ctx.f(key, &[("cap", &cap_text)]));
                capped = true;
                left = Decimal::ZERO;
            } else {
                left = left.csub(pv).or_fail_at(ctx, at);
            }
        }
    }
    // The sum of the amounts shown: beyond Money::MAX an overflow of this benefit.
    let total = rows
        .iter()
        .try_fold(Money::ZERO, |acc, r| acc.checked_add(r.amount.0))
        .or_fail(ctx, path);
    if !needs.is_empty() {
        rows.clear();
    }
    let source = b.source.as_ref().unwrap_or(&prog.source);
    (
        BenefitReport {
            id: b.id.clone(),
            name: b.name.get(lang).to_string(),
            kind: kind.name().to_string(),
            selected: true,
            total: needs.is_empty().then_some(Fen(total)),
            needs,
            up_to: b.up_to,
            terms: match kind {
                BenefitKind::Negotiable(n) => Some(n.terms.get(lang).to_string()),
                _ => None,
            },
            schedule: rows,
            source_text: ctx.source_text(source),
        },
        capped,
    )
}

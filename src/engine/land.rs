//! Land options: parcels and standard factories in every zone, with their cost and every
//! rule checked.
//!
//! Investment intensity is fixed-asset investment (which defaults to the investment) per
//! mu. When the user gives no land area, each parcel is shown with the most land the
//! investment supports there (rounded down to 0.01 mu), capped at the parcel's area.

use crate::money::DecOps;

use super::{At, Ctx, OrFail};
use crate::i18n::format as fmt;
use crate::money::{Area, Money};
use crate::policy::fields::{Field, Unit};
use crate::report::{FactoryOption, Fen, LandCheck, ParcelOption, ZoneLand};
use rust_decimal::{Decimal, RoundingStrategy};

fn floor_hundredth(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::ToZero)
}

fn check(
    ctx: &Ctx,
    id: &str,
    actual: Option<Decimal>,
    required: Decimal,
    unit: Unit,
    met: Option<bool>,
    at_most: bool,
) -> LandCheck {
    let label = ctx.t(&format!("land.{id}")).to_string();
    let q = |d: Decimal| fmt::quantity(d, unit, ctx.lang);
    // A missed value is shown rounded away from the rule, never equal to it.
    let actual = actual.map(|a| {
        if met == Some(false) {
            fmt::toward(a, unit.places(), !at_most)
        } else {
            a
        }
    });
    let op = ctx.t(if at_most { "op.lte" } else { "op.gte" });
    let text = match (actual, met) {
        (Some(a), Some(true)) => ctx.f(
            "land.met",
            &[
                ("label", &label),
                ("actual", &q(a)),
                ("op", op),
                ("required", &q(required)),
            ],
        ),
        (Some(a), _) => ctx.f(
            "land.missed",
            &[
                ("label", &label),
                ("actual", &q(a)),
                ("op", op),
                ("required", &q(required)),
            ],
        ),
        (None, _) => ctx.f(
            "land.unknown",
            &[("label", &label), ("op", op), ("required", &q(required))],
        ),
    };
    LandCheck {
        check: id.to_string(),
        label,
        actual: actual.map(|a| fmt::fixed(a, unit)),
        required: fmt::fixed(required, unit),
        met,
        text,
    }
}

fn fits(checks: &[LandCheck]) -> bool {
    checks.iter().all(|c| c.met != Some(false)) && checks.iter().any(|c| c.met.is_some())
}

/// Land options in every zone.
pub(crate) fn options(ctx: &Ctx) -> Vec<ZoneLand> {
    let lang = ctx.lang;
    let s = ctx.s;
    let invest = s.fixed_asset_investment().get();
    let taxes = ctx.annual_tax_total().map(|m| m.get());
    let supported = |min_intensity: Decimal| -> Option<Decimal> {
        if min_intensity <= Decimal::ZERO {
            None
        } else {
            invest.cdiv(min_intensity).map(floor_hundredth)
        }
    };
    let mut out = Vec::new();
    for (zi, z) in ctx.policy.zones.iter().enumerate() {
        let path = crate::raw::item_path("", "zones", zi, "");
        let lowest = z
            .parcels
            .iter()
            .map(|p| p.min_intensity.get())
            .filter(|d| *d > Decimal::ZERO)
            .min();
        let zone_max = lowest.and_then(supported);
        let mut parcels = Vec::new();
        for (pi, p) in z.parcels.iter().enumerate() {
            // Overflows name the figure: the parcel's price or area.
            let figure = |key| At(&path, ".parcels", Some(pi), key);
            let max_here = supported(p.min_intensity.get());
            let (used, given) = match s.land_mu() {
                Some(a) => (a, true),
                None => (
                    max_here.map_or(p.area_mu.get(), |m| m.min(p.area_mu.get())),
                    false,
                ),
            };
            let cost = used
                .cmul(p.price_per_mu.get())
                .and_then(Money::checked)
                .or_fail_at(ctx, figure(".pricePerMu"))
                .round_fen();
            let mut checks = vec![check(
                ctx,
                "area",
                Some(used),
                p.area_mu.get(),
                Unit::Mu,
                Some(used <= p.area_mu.get()),
                true,
            )];
            let per_mu = |num: Decimal| {
                if used.is_zero() {
                    None
                } else {
                    num.cdiv(used)
                }
            };
            let intensity = per_mu(invest);
            checks.push(check(
                ctx,
                "intensity",
                intensity,
                p.min_intensity.get(),
                Unit::CnyPerMu,
                intensity.map(|i| i >= p.min_intensity.get()),
                false,
            ));
            if let Some(min) = p.min_plot_ratio {
                let actual = s.plot_ratio();
                checks.push(check(
                    ctx,
                    Field::PlotRatio.name(),
                    actual,
                    min.get(),
                    Unit::Ratio,
                    actual.map(|a| a >= min.get()),
                    false,
                ));
            }
            if let Some(min) = p.min_tax_per_mu {
                let actual = taxes.and_then(per_mu);
                checks.push(check(
                    ctx,
                    Field::TaxPerMu.name(),
                    actual,
                    min.get(),
                    Unit::CnyPerMuYear,
                    actual.map(|a| a >= min.get()),
                    false,
                ));
            }
            let available = p.available_from <= s.as_of;
            let label = ctx.t("land.available").to_string();
            checks.push(LandCheck {
                check: "available".into(),
                label: label.clone(),
                actual: Some(s.as_of.to_string()),
                required: p.available_from.to_string(),
                met: Some(available),
                text: ctx.f(
                    if available {
                        "land.available.met"
                    } else {
                        "land.available.missed"
                    },
                    &[("date", &p.available_from.to_string())],
                ),
            });
            let area = Area(p.area_mu.get());
            parcels.push(ParcelOption {
                id: p.id.clone(),
                name: p.name.get(lang).to_string(),
                illustrative: p.illustrative || z.illustrative,
                land_use: p.land_use.get(lang).to_string(),
                area_mu: fmt::fixed(area.get(), Unit::Mu),
                area_m2: fmt::fixed(area.to_m2().or_fail_at(ctx, figure(".areaMu")), Unit::M2),
                price_per_mu: Fen(p.price_per_mu),
                available_from: p.available_from,
                max_supported_mu: max_here.map(|m| fmt::fixed(m, Unit::Mu)),
                used_mu: fmt::fixed(used, Unit::Mu),
                used_mu_given: given,
                cost: Fen(cost),
                fits: fits(&checks),
                checks,
            });
        }
        let mut factories = Vec::new();
        for (fi, f) in z.factories.iter().enumerate() {
            let area = s.floor_area();
            let rent_at = At(&path, ".factories", Some(fi), ".rentPerM2Month");
            let annual = area.map(|a| {
                let rent = a
                    .cmul(f.rent_per_m2_month.get())
                    .and_then(|x| x.cmul(Decimal::from(12)))
                    .and_then(Money::checked);
                Fen(rent.or_fail_at(ctx, rent_at).round_fen())
            });
            // The checks of a field are named after it (`plotRatio`, `floorArea`, …).
            let mut checks = vec![check(
                ctx,
                Field::FloorArea.name(),
                area,
                f.floor_area.get(),
                Unit::M2,
                area.map(|a| a <= f.floor_area.get()),
                true,
            )];
            if let Some(min) = f.min_floor_area {
                checks.push(check(
                    ctx,
                    "minFloorArea",
                    area,
                    min.get(),
                    Unit::M2,
                    area.map(|a| a >= min.get()),
                    false,
                ));
            }
            factories.push(FactoryOption {
                id: f.id.clone(),
                name: f.name.get(lang).to_string(),
                illustrative: f.illustrative || z.illustrative,
                floor_area: fmt::fixed(f.floor_area.get(), Unit::M2),
                rent_per_m2_month: Fen(f.rent_per_m2_month),
                used_area: area.map(|a| fmt::fixed(a, Unit::M2)),
                annual_rent: annual,
                fits: fits(&checks),
                checks,
            });
        }
        out.push(ZoneLand {
            zone: z.id.clone(),
            name: z.name.get(lang).to_string(),
            illustrative: z.illustrative,
            max_supported_mu: zone_max.map(|m| fmt::fixed(m, Unit::Mu)),
            parcels,
            factories,
        });
    }
    out
}

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
use crate::policy::{Parcel, Zone};
use crate::report::{FactoryOption, Fen, LandCheck, ParcelOption, ParcelPage, ZoneLand};
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
        _ if !ctx.writes() => String::new(),
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

/// How many parcels of each zone a report carries: the best ones (those that fit, then
/// the cheapest, then the first in the policy), and the parcel the scenario chose, listed
/// in the policy's order (a zone with no more parcels than this is listed whole, as it
/// is written).
/// The report's size so stops growing with the land bank; the others are had through
/// [`page`] (`engine::parcels`, the CLI's `evaluate --parcels ZONE`), paged and
/// filtered.
pub const LAND_PAGE: usize = 20;

/// What ranks a parcel, worked out without any text: the area considered, its cost,
/// the figures its rules are checked against, and whether it fits.
struct Assessed {
    used: Decimal,
    given: bool,
    max_here: Option<Decimal>,
    cost: Money,
    intensity: Option<Decimal>,
    tax_per_mu: Option<Decimal>,
    available: bool,
    fits: bool,
}

/// A parcel's place in the ranking: fitting first, then the cheapest, then the
/// policy's order.
type Rank = (bool, Money, usize);

/// Most land an investment supports under an intensity rule, to 0.01 mu down.
fn supported(invest: Decimal, min_intensity: Decimal) -> Option<Decimal> {
    if min_intensity <= Decimal::ZERO {
        None
    } else {
        invest.cdiv(min_intensity).map(floor_hundredth)
    }
}

/// Assesses parcel `pi` of zone `zi` (overflows name its price).
fn assess(ctx: &Ctx, zi: usize, pi: usize, p: &Parcel) -> Assessed {
    let s = ctx.s;
    let invest = s.fixed_asset_investment().get();
    let max_here = supported(invest, p.min_intensity.get());
    let (used, given) = match s.land_mu() {
        Some(a) => (a, true),
        None => (
            max_here.map_or(p.area_mu.get(), |m| m.min(p.area_mu.get())),
            false,
        ),
    };
    let path = crate::raw::item_path("", "zones", zi, "");
    let cost = match used.cmul(p.price_per_mu.get()).and_then(Money::checked) {
        Some(c) => c.round_fen(),
        None => {
            ctx.fail_at(At(&path, ".parcels", Some(pi), ".pricePerMu"));
            Money::ZERO
        }
    };
    let per_mu = |num: Decimal| {
        if used.is_zero() {
            None
        } else {
            num.cdiv(used)
        }
    };
    let intensity = per_mu(invest);
    let tax_per_mu = match p.min_tax_per_mu {
        Some(_) => ctx.annual_tax_total().and_then(|t| per_mu(t.get())),
        None => None,
    };
    let available = p.available_from <= s.as_of;
    // Fits: no rule missed (a rule that cannot be checked yet is not missed).
    let mut fits = used <= p.area_mu.get() && available;
    if let Some(i) = intensity {
        fits &= i >= p.min_intensity.get();
    }
    if let (Some(a), Some(m)) = (s.plot_ratio(), p.min_plot_ratio) {
        fits &= a >= m.get();
    }
    if let (Some(a), Some(m)) = (tax_per_mu, p.min_tax_per_mu) {
        fits &= a >= m.get();
    }
    Assessed {
        used,
        given,
        max_here,
        cost,
        intensity,
        tax_per_mu,
        available,
        fits,
    }
}

/// The parcel with every rule checked, in words.
fn parcel_option(ctx: &Ctx, z: &Zone, zi: usize, pi: usize, p: &Parcel) -> ParcelOption {
    let s = ctx.s;
    let a = assess(ctx, zi, pi, p);
    let used = a.used;
    let mut checks = vec![check(
        ctx,
        "area",
        Some(used),
        p.area_mu.get(),
        Unit::Mu,
        Some(used <= p.area_mu.get()),
        true,
    )];
    checks.push(check(
        ctx,
        "intensity",
        a.intensity,
        p.min_intensity.get(),
        Unit::CnyPerMu,
        a.intensity.map(|i| i >= p.min_intensity.get()),
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
        checks.push(check(
            ctx,
            Field::TaxPerMu.name(),
            a.tax_per_mu,
            min.get(),
            Unit::CnyPerMuYear,
            a.tax_per_mu.map(|a| a >= min.get()),
            false,
        ));
    }
    let label = ctx.t("land.available").to_string();
    checks.push(LandCheck {
        check: "available".into(),
        label: label.clone(),
        actual: Some(s.as_of.to_string()),
        required: p.available_from.to_string(),
        met: Some(a.available),
        text: ctx.f(
            if a.available {
                "land.available.met"
            } else {
                "land.available.missed"
            },
            &[("date", &p.available_from.to_string())],
        ),
    });
    let area = Area(p.area_mu.get());
    let path = crate::raw::item_path("", "zones", zi, "");
    let area_at = At(&path, ".parcels", Some(pi), ".areaMu");
    ParcelOption {
        id: p.id.clone(),
        name: p.name.get(ctx.lang).to_string(),
        illustrative: p.illustrative || z.illustrative,
        land_use: p.land_use.get(ctx.lang).to_string(),
        area_mu: fmt::fixed(area.get(), Unit::Mu),
        area_m2: fmt::fixed(area.to_m2().or_fail_at(ctx, area_at), Unit::M2),
        price_per_mu: Fen(p.price_per_mu),
        available_from: p.available_from,
        max_supported_mu: a.max_here.map(|m| fmt::fixed(m, Unit::Mu)),
        used_mu: fmt::fixed(used, Unit::Mu),
        used_mu_given: a.given,
        cost: Fen(a.cost),
        fits: fits(&checks),
        checks,
    }
}

/// Puts `rank` into `best` (sorted, at most `n` long) if it is among the `n` best.
fn keep_best(best: &mut Vec<Rank>, rank: Rank, n: usize) {
    if best.len() >= n && best.last().is_some_and(|last| *last <= rank) {
        return;
    }
    // From the end: a page is short, and this needs no slice search in the module.
    let mut at = best.len();
    while at > 0 && best[at - 1] > rank {
        at -= 1;
    }
    best.insert(at, rank);
    best.truncate(n);
}

/// What a page of parcels is asked for: one zone's parcels, those that fit only (or
/// only those that do not), with an area and a price per mu in a range; `limit` of
/// them from `offset`, best first.
#[derive(Debug, Clone, Default)]
pub struct LandQuery {
    /// The zone id.
    pub zone: String,
    /// Only the parcels that fit (`true`) or that do not (`false`).
    pub fits: Option<bool>,
    /// The least parcel area, mu.
    pub min_area_mu: Option<Decimal>,
    /// The largest parcel area, mu.
    pub max_area_mu: Option<Decimal>,
    /// The highest price per mu.
    pub max_price_per_mu: Option<Decimal>,
    /// How many matching parcels to skip.
    pub offset: usize,
    /// How many to return.
    pub limit: usize,
}

/// A page of one zone's parcels, best first (those that fit, then the cheapest): the
/// parcels from `offset`, and how many the zone has and how many match the query.
pub(crate) fn page(ctx: &Ctx, q: &LandQuery) -> ParcelPage {
    let found = ctx
        .policy
        .zones
        .iter()
        .enumerate()
        .find(|(_, z)| z.id == q.zone);
    let Some((zi, z)) = found else {
        return ParcelPage {
            zone: q.zone.clone(),
            total: 0,
            matched: 0,
            offset: q.offset,
            parcels: Vec::new(),
        };
    };
    let within = |d: Decimal, lo: Option<Decimal>, hi: Option<Decimal>| {
        lo.is_none_or(|lo| d >= lo) && hi.is_none_or(|hi| d <= hi)
    };
    let mut matched: Vec<Rank> = Vec::new();
    for (pi, p) in z.parcels.iter().enumerate() {
        if !within(p.area_mu.get(), q.min_area_mu, q.max_area_mu)
            || !within(p.price_per_mu.get(), None, q.max_price_per_mu)
        {
            continue;
        }
        let a = assess(ctx, zi, pi, p);
        if q.fits.is_none_or(|f| f == a.fits) {
            matched.push((!a.fits, a.cost, pi));
        }
    }
    let mut order = Vec::new();
    for i in 0..matched.len() {
        order.push(i);
    }
    crate::index::sort_indices(&mut order, &mut |a, b| matched[a].cmp(&matched[b]));
    let mut parcels = Vec::new();
    for &i in order.iter().skip(q.offset).take(q.limit) {
        let pi = matched[i].2;
        if let Some(p) = z.parcels.get(pi) {
            parcels.push(parcel_option(ctx, z, zi, pi, p));
        }
    }
    ParcelPage {
        zone: z.id.clone(),
        total: z.parcels.len(),
        matched: matched.len(),
        offset: q.offset,
        parcels,
    }
}

/// Land options in every zone: each zone's best [`LAND_PAGE`] parcels, how many fit,
/// and every factory offer.
pub(crate) fn options(ctx: &Ctx) -> Vec<ZoneLand> {
    let lang = ctx.lang;
    let s = ctx.s;
    let invest = s.fixed_asset_investment().get();
    let mut out = Vec::new();
    for (zi, z) in ctx.policy.zones.iter().enumerate() {
        let path = crate::raw::item_path("", "zones", zi, "");
        let lowest = z
            .parcels
            .iter()
            .map(|p| p.min_intensity.get())
            .filter(|d| *d > Decimal::ZERO)
            .min();
        let zone_max = lowest.and_then(|m| supported(invest, m));
        // Every parcel is assessed (cheap: no text); the best few are written out.
        let mut best: Vec<Rank> = Vec::new();
        let mut fitting = 0;
        for (pi, p) in z.parcels.iter().enumerate() {
            let a = assess(ctx, zi, pi, p);
            fitting += usize::from(a.fits);
            keep_best(&mut best, (!a.fits, a.cost, pi), LAND_PAGE);
        }
        // The best ones and the parcel the scenario chose, in the policy's order.
        let mut shown = vec![false; z.parcels.len()];
        for &(_, _, pi) in &best {
            shown[pi] = true;
        }
        let mut parcels = Vec::new();
        for (pi, p) in z.parcels.iter().enumerate() {
            if shown[pi] || s.parcel() == Some(p.id.as_str()) {
                parcels.push(parcel_option(ctx, z, zi, pi, p));
            }
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
                sale_price_per_m2: f.sale_price_per_m2.map(Fen),
                purchase_price: f.sale_price_per_m2.zip(area).map(|(p, a)| {
                    let at = At(&path, ".factories", Some(fi), ".salePricePerM2");
                    Fen(Money::fen(a.cmul(p.get()).or_fail_at(ctx, at)).or_fail_at(ctx, at))
                }),
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
            parcels_total: z.parcels.len(),
            parcels_fit: fitting,
            factories,
        });
    }
    out
}

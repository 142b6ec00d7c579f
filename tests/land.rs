//! The bounded land report: each zone's best parcels in the report, how many fit, and
//! the others through `engine::parcels`, paged and filtered.

use investcalc::engine::{parcels, LandQuery, LAND_PAGE};
use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue};
use serde_json::{json, Value};

fn opts() -> Options {
    Options {
        lang: Lang::En,
        today: Date::parse("2026-11-28").unwrap(),
        as_of: None,
    }
}

/// CNY 60 million on 20 mu: an intensity of CNY 3,000,000 per mu, no tax figures.
fn scenario() -> RawValue {
    RawValue::from_json(
        r#"{"zone":"etdz","projectKind":"industrial","investment":"60000000",
            "registeredCapital":"20000000","localTaxShare":"1500000","landMu":"20"}"#,
    )
    .unwrap()
}

fn ids(list: &[investcalc::report::ParcelOption]) -> Vec<&str> {
    list.iter().map(|p| p.id.as_str()).collect()
}

fn query(zone: &str) -> LandQuery {
    LandQuery {
        zone: zone.into(),
        limit: 100,
        ..LandQuery::default()
    }
}

#[test]
fn the_default_policy_ranks_and_counts_its_parcels() {
    // Worked by hand from src/policy/default.json, 20 mu at CNY 3,000,000 per mu, as of
    // 2026-11-28 (cost = 20 × price per mu):
    // etdz   a01 fits 3,840,000 · a02 fits 3,840,000 · b07 fits 3,360,000 ·
    //        c03 available only 2027-03-01 (3,360,000) · d11 only 15 mu (4,200,000)
    // marine p01 fits 2,880,000 · p02 fits 2,880,000 · l05 fits 2,600,000 ·
    //        m09 fits 3,000,000 (available 2026-09-01) · e12 available only 2027-06-01
    // Best first: those that fit, then the cheapest, then the policy's order.
    let policy = Policy::default_policy().unwrap();
    let report = evaluate(&policy, &scenario(), &opts());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // The report lists a zone of 20 parcels or fewer whole, in the policy's order.
    let etdz = &report.land[0];
    let etdz_order = ["etdz-a01", "etdz-a02", "etdz-b07", "etdz-c03", "etdz-d11"];
    assert_eq!(ids(&etdz.parcels), etdz_order);
    assert_eq!((etdz.parcels_total, etdz.parcels_fit), (5, 3));
    let marine = &report.land[1];
    let want = [
        "marine-l05",
        "marine-p01",
        "marine-p02",
        "marine-m09",
        "marine-e12",
    ];
    let policy_order = [
        "marine-p01",
        "marine-p02",
        "marine-l05",
        "marine-m09",
        "marine-e12",
    ];
    assert_eq!(ids(&marine.parcels), policy_order);
    assert_eq!((marine.parcels_total, marine.parcels_fit), (5, 4));
    assert_eq!(marine.parcels[2].cost.0.to_fen_string(), "2600000.00");

    // The same through the query, paged and filtered.
    let run = |q: LandQuery| parcels(&policy, &scenario(), &opts(), &q).unwrap();
    let all = run(query("marine"));
    assert_eq!(ids(&all.parcels), want);
    assert_eq!((all.total, all.matched, all.offset), (5, 5, 0));
    let page = run(LandQuery {
        offset: 1,
        limit: 2,
        ..query("etdz")
    });
    assert_eq!(ids(&page.parcels), ["etdz-a01", "etdz-a02"]);
    assert_eq!((page.matched, page.offset), (5, 1));
    let no_fit = run(LandQuery {
        fits: Some(false),
        ..query("marine")
    });
    assert_eq!(ids(&no_fit.parcels), ["marine-e12"]);
    // At most CNY 144,000 per mu: p01, p02 (144,000), l05 (130,000), e12 (120,000).
    let cheap = run(LandQuery {
        max_price_per_mu: Some("144000".parse().unwrap()),
        ..query("marine")
    });
    assert_eq!(
        ids(&cheap.parcels),
        ["marine-l05", "marine-p01", "marine-p02", "marine-e12"]
    );
    // 100 to 200 mu: p01 (200) and p02 (100).
    let sized = run(LandQuery {
        min_area_mu: Some("100".parse().unwrap()),
        max_area_mu: Some("200".parse().unwrap()),
        fits: Some(true),
        ..query("marine")
    });
    assert_eq!(ids(&sized.parcels), ["marine-p01", "marine-p02"]);
    assert_eq!(sized.matched, 2);
    let unknown = run(query("nowhere"));
    assert_eq!(
        (unknown.total, unknown.matched, unknown.parcels.len()),
        (0, 0, 0)
    );
}

/// The default policy with `n` copies of etdz's parcels in etdz (fresh ids).
fn big_policy(n: usize) -> Policy {
    let mut p: Value = serde_json::from_str(investcalc::policy::DEFAULT_POLICY_JSON).unwrap();
    let base = p["zones"][0]["parcels"].as_array().unwrap().clone();
    let list: Vec<Value> = (0..n)
        .map(|i| {
            let mut x = base[i % base.len()].clone();
            x["id"] = json!(format!("x{i:03}"));
            // Prices 100,000 + (i × 37 mod 50) × 1,000: many ties and many values.
            x["pricePerMu"] = json!(format!("{}", 100_000 + (i * 37 % 50) * 1_000));
            x
        })
        .collect();
    p["zones"][0]["parcels"] = Value::Array(list);
    Policy::from_json(&p.to_string(), Lang::En).unwrap()
}

#[test]
fn a_large_zone_gives_its_best_page_and_the_rest_on_request() {
    let policy = big_policy(3 * LAND_PAGE + 7);
    let report = evaluate(&policy, &scenario(), &opts());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let zone = &report.land[0];
    assert_eq!(zone.parcels.len(), LAND_PAGE);
    assert_eq!(zone.parcels_total, 3 * LAND_PAGE + 7);
    let run = |q: LandQuery| parcels(&policy, &scenario(), &opts(), &q).unwrap();
    let all = run(query("etdz"));
    assert_eq!(all.parcels.len(), 3 * LAND_PAGE + 7);
    // The report's page is the start of the whole ranking, in the policy's order (ids
    // are numbered in that order).
    let mut best = ids(&all.parcels[..LAND_PAGE]);
    best.sort();
    assert_eq!(ids(&zone.parcels), best);
    // Ranked: every parcel that fits before any that does not, each part by cost, ties
    // in the policy's order (ids are numbered in that order).
    let fit = all.parcels.iter().filter(|p| p.fits).count();
    assert_eq!(fit, zone.parcels_fit);
    assert!(fit > 0 && fit < all.parcels.len());
    for w in all.parcels.windows(2) {
        let key = |p: &investcalc::report::ParcelOption| (!p.fits, p.cost.0, p.id.clone());
        assert!(key(&w[0]) < key(&w[1]), "{} before {}", w[0].id, w[1].id);
    }
    // Each parcel's `fits` (worked out without texts for the ranking) agrees with its
    // checks: none missed.
    for p in &all.parcels {
        assert_eq!(
            p.fits,
            p.checks.iter().all(|c| c.met != Some(false)),
            "{}",
            p.id
        );
    }
    // Pages follow each other.
    let second = run(LandQuery {
        offset: LAND_PAGE,
        limit: LAND_PAGE,
        ..query("etdz")
    });
    assert_eq!(
        ids(&second.parcels),
        ids(&all.parcels[LAND_PAGE..2 * LAND_PAGE])
    );
    let only_fit = run(LandQuery {
        fits: Some(true),
        ..query("etdz")
    });
    assert_eq!(only_fit.matched, fit);
    assert_eq!(ids(&only_fit.parcels), ids(&all.parcels[..fit]));

    // The parcel the scenario chose is shown even when it is not among the best.
    let last = all.parcels.last().unwrap().id.clone();
    let chosen = RawValue::from_json(&format!(
        r#"{{"zone":"etdz","projectKind":"industrial","investment":"60000000",
            "registeredCapital":"20000000","localTaxShare":"1500000","landMu":"20",
            "parcel":"{last}"}}"#
    ))
    .unwrap();
    let report = evaluate(&policy, &chosen, &opts());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let shown = ids(&report.land[0].parcels);
    assert_eq!(shown.len(), LAND_PAGE + 1);
    best.push(&last);
    best.sort();
    assert_eq!(shown, best);
}

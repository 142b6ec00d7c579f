//! Property-based tests: generated scenarios and mutated policies never panic, and every
//! report keeps the report contract's invariants.
//!
//! - Scenarios: every field, in range and far out of it, numbers of every shape as JSON
//!   numbers and as strings, on the default policy, `reach.json`, `format2.json`,
//!   `local-share.json` and the six real ones.
//! - Policy mutations: one to three numbers of a policy replaced by values of any shape
//!   and size; a policy `check` accepts is then evaluated on a generated scenario.
//!
//! Invariants of a report (`check_report`): money is a string with two decimal places and
//! no JSON number is a float; nothing is negative; a program's total is the sum of its
//! schedule and its NPV is at most its total; an ineligible program pays 0; a null total
//! (the amount needs an input) has an empty schedule and names what it needs; each
//! beneficiary's total is the sum of the programs counted for it; a report with errors
//! carries no figures.
//!
//! CI runs a short run (the defaults below, a few seconds). The long run (README,
//! "Fuzzing") sets the numbers of cases:
//! `CARGO_PROFILE_RELEASE_PANIC=unwind CARGO_PROFILE_RELEASE_LTO=false
//! CARGO_PROFILE_RELEASE_OPT_LEVEL=3 INVESTCALC_SCENARIO_CASES=1000000
//! INVESTCALC_POLICY_CASES=100000 cargo test --release --test properties -- --nocapture`.

use investcalc::report::Fen;
use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue, Report};
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use serde_json::Value;
use std::sync::OnceLock;

fn cases(var: &str, default: u32) -> u32 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(var: &str, default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(var, default),
        // Failures are reported with their input; nothing is written into the repo.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The policies scenarios run on: (name, policy, its JSON document).
fn policies() -> &'static Vec<(&'static str, Policy, Value)> {
    static P: OnceLock<Vec<(&'static str, Policy, Value)>> = OnceLock::new();
    P.get_or_init(|| {
        let files = [
            ("default", include_str!("../src/policy/default.json")),
            ("reach", include_str!("policies/reach.json")),
            ("format2", include_str!("policies/format2.json")),
            ("local-share", include_str!("policies/local-share.json")),
            (
                "wenzhou",
                include_str!("policies/real/wenzhou-open-economy.json"),
            ),
            (
                "xinyang",
                include_str!("policies/real/xinyang-yangshan-etdz.json"),
            ),
            (
                "yinzhou",
                include_str!("policies/real/yinzhou-2016-fdi-awards.json"),
            ),
            (
                "suyu",
                include_str!("policies/real/suyu-2014-open-economy.json"),
            ),
            ("poland", include_str!("policies/real/poland-psi-2018.json")),
            (
                "ningbo",
                include_str!("policies/real/ningbo-2018-intermediary-reward.json"),
            ),
        ];
        files
            .iter()
            .map(|(name, text)| {
                let policy = Policy::from_json(text, Lang::En).unwrap();
                (*name, policy, serde_json::from_str(text).unwrap())
            })
            .collect()
    })
}

// ---------------------------------------------------------------------------------------
// Numbers of every shape.

/// A decimal text: 1 to 20 digits, a point anywhere, a sign, sometimes an exponent.
fn number_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0u8..10, 1..21),
        any::<Index>(),
        any::<bool>(),
        prop_oneof![4 => Just(None), 1 => (-40i32..40).prop_map(Some), 1 => (-400i32..400).prop_map(Some)],
        prop_oneof![8 => Just(false), 1 => Just(true)],
    )
        .prop_map(|(digits, point, frac, exp, negative)| {
            let mut d: String = digits.iter().map(|x| char::from(b'0' + x)).collect();
            // JSON: no leading zero before other digits.
            while d.len() > 1 && d.starts_with('0') {
                d.remove(0);
            }
            if frac && d.len() > 1 {
                let at = 1 + point.index(d.len() - 1);
                d.insert(at, '.');
            }
            if let Some(e) = exp {
                d.push_str(&format!("e{e}"));
            }
            if negative {
                d.insert(0, '-');
            }
            d
        })
}

/// An amount of a realistic size (mantissa × 10^k), or a number of any shape.
fn amount_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (1u64..100_000, 0u32..15, 0u32..3).prop_map(|(m, k, places)| {
            let v = Decimal::from(m) * Decimal::from(10u64.pow(k)) / Decimal::from(10u64.pow(places));
            v.normalize().to_string()
        }),
        3 => number_text(),
        1 => Just("0".to_string()),
    ]
}

/// A JSON value for a numeric field: a number or the same digits as a string, rarely
/// something odd.
fn numeric_json(text: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![
        5 => text.clone(),
        4 => text.prop_map(|t| format!("\"{t}\"")),
        1 => prop::sample::select(vec![
            "null", "true", "\"\"", "\"1,2,3\"", "\".5\"", "\"5.\"", "\"--5\"", "[]", "{}",
            "\"1e5\"", "\"五\"", "1e400", "-0",
        ])
        .prop_map(String::from),
    ]
    .boxed()
}

fn small_int(lo: i64, hi: i64) -> BoxedStrategy<String> {
    (lo..hi).prop_map(|n| n.to_string()).boxed()
}

// ---------------------------------------------------------------------------------------
// Scenarios.

/// A scenario's JSON text for `policy`: each field present or not, in range or not.
fn scenario_text(doc: &Value) -> BoxedStrategy<String> {
    let ids = |list: &str| -> Vec<String> {
        doc[list]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut zones = ids("zones");
    zones.push("nowhere".into());
    let mut kinds = ids("projectKinds");
    kinds.push("other-kind".into());
    let mut industries = ids("industries");
    industries.push("none-such".into());
    let mut places: Vec<String> = Vec::new();
    for z in doc["zones"].as_array().into_iter().flatten() {
        for key in ["parcels", "factories"] {
            for p in z[key].as_array().into_iter().flatten() {
                if let Some(id) = p["id"].as_str() {
                    places.push(id.to_string());
                }
            }
        }
    }
    places.push("p-none".into());
    let mut taxes = ids("taxes");
    taxes.push("no-such-tax".into());
    let amount = || numeric_json(amount_text().boxed());
    let field = |key: &'static str, v: BoxedStrategy<String>| {
        prop::option::weighted(0.6, v.prop_map(move |v| format!("\"{key}\":{v}")))
    };
    let quoted = |list: Vec<String>| {
        prop::sample::select(list)
            .prop_map(|s| format!("\"{s}\""))
            .boxed()
    };
    let tax_map = prop::collection::vec((prop::sample::select(taxes.clone()), amount_text()), 0..3)
        .prop_map(|items| {
            // One amount per tax: a duplicate key would be a JSON syntax error.
            let items: std::collections::BTreeMap<String, String> = items.into_iter().collect();
            let body: Vec<String> = items
                .iter()
                .map(|(t, a)| format!("\"{t}\":\"{a}\""))
                .collect();
            format!("{{{}}}", body.join(","))
        })
        .boxed();
    let share_list = prop::collection::vec(amount_text(), 1..8)
        .prop_map(|v| format!("[{}]", v.join(",")))
        .boxed();
    let currencies = quoted(vec![
        "CNY".into(),
        "USD".into(),
        "EUR".into(),
        "JPY".into(),
        "KRW".into(),
        "XYZ".into(),
    ]);
    let fields = vec![
        field("zone", quoted(zones)).boxed(),
        field("projectKind", quoted(kinds)).boxed(),
        field("industry", quoted(industries)).boxed(),
        field("investment", amount()).boxed(),
        field("registeredCapital", amount()).boxed(),
        prop::option::weighted(0.2, currencies.prop_map(|c| format!("\"currency\":{c}"))).boxed(),
        field("constructionYears", numeric_json(small_int(-2, 25))).boxed(),
        field("startYear", numeric_json(small_int(1985, 2210))).boxed(),
        field(
            "localTaxShare",
            prop_oneof![3 => amount(), 1 => share_list].boxed(),
        )
        .boxed(),
        field("annualTaxes", tax_map).boxed(),
        field("horizonYears", numeric_json(small_int(-1, 55))).boxed(),
        field(
            "discountRate",
            numeric_json(
                prop_oneof![
                    (0u32..1200).prop_map(|n| (Decimal::from(n) / Decimal::from(1000)).to_string()),
                    number_text()
                ]
                .boxed(),
            ),
        )
        .boxed(),
        field("landMu", amount()).boxed(),
        field("floorArea", amount()).boxed(),
        field("plotRatio", amount()).boxed(),
        field("jobs", numeric_json(small_int(-5, 20_000_000))).boxed(),
        field(
            "foreignInvested",
            prop::sample::select(vec!["true", "false", "1"])
                .prop_map(String::from)
                .boxed(),
        )
        .boxed(),
        field("foreignPaidInUsd", amount()).boxed(),
        field("fixedAssetInvestment", amount()).boxed(),
        field("investmentExcludingLand", amount()).boxed(),
        field("parcel", quoted(places.clone())).boxed(),
        field("factory", quoted(places)).boxed(),
        prop::option::weighted(
            0.3,
            quoted(vec![
                "2019-06-30".into(),
                "2024-02-29".into(),
                "2026-11-28".into(),
                "2031-12-31".into(),
                "2026-02-30".into(),
            ])
            .prop_map(|d| format!("\"asOf\":{d}")),
        )
        .boxed(),
    ];
    fields
        .prop_map(|parts| {
            let present: Vec<String> = parts.into_iter().flatten().collect();
            format!("{{{}}}", present.join(","))
        })
        .boxed()
}

/// A scenario within every range, with ids the policy knows (the parcel and factory of
/// the chosen zone): most of these give figures, so the invariants are exercised.
fn valid_scenario_text(doc: &Value) -> BoxedStrategy<String> {
    let ids = |v: &Value, list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let zones: Vec<(String, Vec<String>, Vec<String>)> = doc["zones"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|z| {
            (
                z["id"].as_str().unwrap_or("").to_string(),
                ids(z, "parcels"),
                ids(z, "factories"),
            )
        })
        .collect();
    let kinds = ids(doc, "projectKinds");
    let industries = ids(doc, "industries");
    let taxes = ids(doc, "taxes");
    // An amount of at most 15 significant digits, as a JSON number or a string.
    let money = |max_pow: u32| {
        (1u64..100_000, 0..max_pow, 0u32..3, any::<bool>())
            .prop_map(|(m, k, places, quoted)| {
                let v = Decimal::from(m) * Decimal::from(10u64.pow(k))
                    / Decimal::from(10u64.pow(places));
                let t = v.normalize().to_string();
                if quoted {
                    format!("\"{t}\"")
                } else {
                    t
                }
            })
            .boxed()
    };
    let opt = |key: &'static str, p: f64, v: BoxedStrategy<String>| {
        prop::option::weighted(p, v.prop_map(move |v| format!("\"{key}\":{v}")))
    };
    let pick = |list: Vec<String>| {
        prop::sample::select(list)
            .prop_map(|s| format!("\"{s}\""))
            .boxed()
    };
    let int = |lo: i64, hi: i64| (lo..hi).prop_map(|n| n.to_string()).boxed();
    let tax_map = prop::collection::vec((prop::sample::select(taxes), money(9)), 1..3)
        .prop_map(|items| {
            let items: std::collections::BTreeMap<String, String> = items.into_iter().collect();
            let body: Vec<String> = items.iter().map(|(t, a)| format!("\"{t}\":{a}")).collect();
            format!("{{{}}}", body.join(","))
        })
        .boxed();
    let share_list = prop::collection::vec(money(8), 1..12)
        .prop_map(|v| format!("[{}]", v.join(",")))
        .boxed();
    let rate = (0u32..=1000)
        .prop_map(|n| {
            (Decimal::from(n) / Decimal::from(1000))
                .normalize()
                .to_string()
        })
        .boxed();
    (0..zones.len())
        .prop_flat_map(move |zi| {
            let (zone, parcels, factories) = zones[zi].clone();
            let mut places = vec![
                pick(kinds.clone())
                    .prop_map(|k| format!("\"projectKind\":{k}"))
                    .boxed(),
                money(11)
                    .prop_map(|v| format!("\"investment\":{v}"))
                    .boxed(),
                money(10)
                    .prop_map(|v| format!("\"registeredCapital\":{v}"))
                    .boxed(),
            ];
            let mut optional = vec![
                opt(
                    "currency",
                    0.1,
                    pick(vec!["CNY".into(), "USD".into(), "EUR".into()]),
                ),
                opt("constructionYears", 0.5, int(0, 21)),
                opt("startYear", 0.5, int(2020, 2036)),
                opt(
                    "localTaxShare",
                    0.5,
                    prop_oneof![money(9), share_list.clone()].boxed(),
                ),
                opt("annualTaxes", 0.5, tax_map.clone()),
                opt("horizonYears", 0.5, int(1, 51)),
                opt("discountRate", 0.3, rate.clone()),
                opt("landMu", 0.5, money(5)),
                opt("floorArea", 0.4, money(6)),
                opt("plotRatio", 0.3, int(0, 6)),
                opt("jobs", 0.4, int(0, 100_000)),
                opt(
                    "foreignInvested",
                    0.2,
                    pick(vec!["true".into(), "false".into()])
                        .prop_map(|b| b.replace('"', ""))
                        .boxed(),
                ),
                opt("foreignPaidInUsd", 0.3, money(9)),
                opt("fixedAssetInvestment", 0.3, money(11)),
                opt("investmentExcludingLand", 0.2, money(11)),
                opt(
                    "asOf",
                    0.3,
                    pick(vec![
                        "2024-06-30".into(),
                        "2026-11-28".into(),
                        "2030-01-01".into(),
                    ]),
                ),
            ];
            if !industries.is_empty() {
                optional.push(opt("industry", 0.5, pick(industries.clone())));
            }
            if !parcels.is_empty() {
                optional.push(opt("parcel", 0.4, pick(parcels)));
            }
            if !factories.is_empty() {
                optional.push(opt("factory", 0.4, pick(factories)));
            }
            let zone = format!("\"zone\":\"{zone}\"");
            places.push(Just(zone).boxed());
            (places, optional).prop_map(|(required, optional)| {
                let mut parts = required;
                parts.extend(optional.into_iter().flatten());
                format!("{{{}}}", parts.join(","))
            })
        })
        .boxed()
}

fn scenario_for_any_policy() -> impl Strategy<Value = (usize, String, Lang)> {
    let n = policies().len();
    (0..n).prop_flat_map(|i| {
        let doc = &policies()[i].2;
        (
            Just(i),
            prop_oneof![3 => valid_scenario_text(doc), 1 => scenario_text(doc)],
            prop::sample::select(Lang::ALL.to_vec()),
        )
    })
}

// ---------------------------------------------------------------------------------------
// The invariants.

fn fen(f: &Fen) -> Decimal {
    f.0.get()
}

/// Every JSON number is an integer (money and rates are strings); every money string
/// has two decimal places and is not negative.
fn check_json(v: &Value, key: &str, path: &str, fails: &mut Vec<String>) {
    const MONEY: [&str; 7] = [
        "amount",
        "total",
        "npv",
        "cost",
        "annualRent",
        "pricePerMu",
        "rentPerM2Month",
    ];
    match v {
        Value::Number(n) => {
            if !(n.is_i64() || n.is_u64()) {
                fails.push(format!("{path}: a float {n}"));
            }
        }
        Value::String(s) if MONEY.contains(&key) => {
            let ok = s.split_once('.').is_some_and(|(i, f)| {
                !i.is_empty()
                    && i.bytes().all(|b| b.is_ascii_digit())
                    && f.len() == 2
                    && f.bytes().all(|b| b.is_ascii_digit())
            });
            if !ok {
                fails.push(format!(
                    "{path}: money {s:?} is not a non-negative amount with two places"
                ));
            }
        }
        // A base is a quantity with its unit: a non-negative decimal with at least the
        // unit's places (CNY: two), every digit it was computed with.
        Value::Object(m) if key == "base" => {
            let places = match m.get("unit").and_then(Value::as_str) {
                Some("count" | "years") => 0,
                Some(_) => 2,
                None => usize::MAX,
            };
            let ok = m.get("value").and_then(Value::as_str).is_some_and(|s| {
                let (i, f) = s.split_once('.').unwrap_or((s, ""));
                !i.is_empty()
                    && i.bytes().all(|b| b.is_ascii_digit())
                    && f.len() >= places
                    && f.bytes().all(|b| b.is_ascii_digit())
            });
            if !ok || m.len() != 2 {
                fails.push(format!(
                    "{path}: base {m:?} is not a quantity with its unit"
                ));
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                check_json(x, k, &format!("{path}.{k}"), fails);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_json(x, key, &format!("{path}[{i}]"), fails);
            }
        }
        _ => {}
    }
}

/// Every invariant of the report contract; the failures, each naming where.
fn check_report(r: &Report) -> Vec<String> {
    let mut fails = Vec::new();
    let json = serde_json::to_value(r).unwrap();
    check_json(&json, "", "report", &mut fails);
    // The JSON the wasm module sends (the report's own writer) is the serde JSON.
    match serde_json::from_str::<serde_json::Value>(&r.to_json()) {
        Ok(written) if written == json => {}
        Ok(_) => fails.push("the report's JSON text differs from its serde JSON".into()),
        Err(e) => fails.push(format!("the report's JSON text is not JSON: {e}")),
    }
    if !r.errors.is_empty() {
        let figures = r.inputs.is_some()
            || r.tier.is_some()
            || r.next_tier.is_some()
            || r.summary.is_some()
            || !r.programs.is_empty()
            || !r.land.is_empty()
            || !r.what_if.is_empty();
        if figures {
            fails.push(format!("an error report carries figures: {:?}", r.errors));
        }
        for e in &r.errors {
            if e.code.is_empty() || e.message.is_empty() || e.message.contains("missing-message") {
                fails.push(format!("bad issue {e:?}"));
            }
        }
        return fails;
    }
    for p in &r.programs {
        let id = &p.id;
        let sum: Decimal = p.schedule.iter().map(|row| fen(&row.amount)).sum();
        for row in &p.schedule {
            if fen(&row.amount) < Decimal::ZERO {
                fails.push(format!(
                    "{id}: negative amount in year {}",
                    row.operating_year
                ));
            }
        }
        match (&p.total, &p.npv) {
            (Some(total), Some(npv)) => {
                if fen(total) != sum {
                    fails.push(format!(
                        "{id}: total {} is not the sum {sum} of its schedule",
                        fen(total)
                    ));
                }
                if fen(npv) > fen(total) {
                    fails.push(format!("{id}: NPV {} above total {}", fen(npv), fen(total)));
                }
                if fen(npv) < Decimal::ZERO || fen(total) < Decimal::ZERO {
                    fails.push(format!("{id}: negative total or NPV"));
                }
                if !p.needs.is_empty() {
                    fails.push(format!("{id}: a total and needs {:?}", p.needs));
                }
            }
            (None, None) => {
                if !p.schedule.is_empty() || p.needs.is_empty() || !p.eligible {
                    fails.push(format!(
                        "{id}: null total with schedule {} rows, needs {:?}, eligible {}",
                        p.schedule.len(),
                        p.needs,
                        p.eligible
                    ));
                }
            }
            _ => fails.push(format!("{id}: total and NPV are not both null or both set")),
        }
        if !p.eligible
            && (p.total.map(|t| fen(&t)) != Some(Decimal::ZERO) || !p.schedule.is_empty())
        {
            fails.push(format!(
                "{id}: ineligible but pays {:?}",
                p.total.map(|t| fen(&t))
            ));
        }
    }
    if let Some(s) = &r.summary {
        for (who, receiver) in [
            (investcalc::policy::Beneficiary::Enterprise, &s.enterprise),
            (
                investcalc::policy::Beneficiary::IntroducingUnit,
                &s.introducing_unit,
            ),
        ] {
            let counted = r
                .programs
                .iter()
                // A program whose status is `unknown` is shown but not counted (README).
                .filter(|p| {
                    p.eligible
                        && p.excluded_by.is_none()
                        && p.beneficiary == who
                        && p.status != investcalc::policy::Status::Unknown
                });
            let (mut total, mut npv) = (Decimal::ZERO, Decimal::ZERO);
            for p in counted {
                total += p.total.map_or(Decimal::ZERO, |t| fen(&t));
                npv += p.npv.map_or(Decimal::ZERO, |t| fen(&t));
            }
            if fen(&receiver.total) != total || fen(&receiver.npv) != npv {
                fails.push(format!(
                    "{who:?}: summary {} / {} but the programs add up to {total} / {npv}",
                    fen(&receiver.total),
                    fen(&receiver.npv)
                ));
            }
        }
    }
    fails
}

fn run(policy: &Policy, text: &str, lang: Lang) -> Result<Report, TestCaseError> {
    let raw = match RawValue::from_json(text) {
        Ok(raw) => raw,
        // The generators write well-formed JSON without duplicate keys.
        Err(e) => return Err(TestCaseError::fail(format!("{e}: {text}"))),
    };
    let today = Date::parse("2026-11-28").unwrap();
    let report = evaluate(
        policy,
        &raw,
        &Options {
            lang,
            today,
            as_of: None,
        },
    );
    let fails = check_report(&report);
    prop_assert!(fails.is_empty(), "{text}\n{}", fails.join("\n"));
    Ok(report)
}

/// Runs `test` on `cases` inputs; returns how many reports had figures and how many errors.
fn run_all<S: Strategy>(
    var: &str,
    default: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<Outcome, TestCaseError>,
) -> [usize; 3]
where
    S::Value: std::fmt::Debug,
{
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let counts = [
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(config(var, default));
    let result = runner.run(&strategy, |input| {
        let outcome = test(input)?;
        counts[outcome as usize].fetch_add(1, Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    counts.map(|c| c.into_inner())
}

/// What became of one generated case.
#[derive(Clone, Copy)]
enum Outcome {
    /// A report with figures.
    Figures = 0,
    /// A report with errors only.
    Errors = 1,
    /// A mutated policy that `check` refused.
    Refused = 2,
}

fn outcome(r: &Report) -> Outcome {
    if r.errors.is_empty() {
        Outcome::Figures
    } else {
        Outcome::Errors
    }
}

#[test]
fn scenarios_keep_the_invariants() {
    let [figures, errors, _] = run_all(
        "INVESTCALC_SCENARIO_CASES",
        300,
        scenario_for_any_policy(),
        |(i, text, lang)| run(&policies()[i].1, &text, lang).map(|r| outcome(&r)),
    );
    println!("properties: {figures} scenarios with figures, {errors} with errors, 0 invariant violations");
    // Both kinds of report must be common, or the run proves little.
    assert!(
        figures * 5 >= figures + errors,
        "{figures} with figures of {}",
        figures + errors
    );
    assert!(
        errors * 5 >= figures + errors,
        "{errors} with errors of {}",
        figures + errors
    );
}

// ---------------------------------------------------------------------------------------
// Policy mutations.

/// JSON pointers of every number (or decimal string) in a policy document.
fn number_paths(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| number_paths(x, format!("{path}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| number_paths(x, format!("{path}/{i}"), out)),
        Value::Number(_) => out.push(path),
        Value::String(s) if investcalc::money::parse_decimal(s).is_some() => out.push(path),
        _ => {}
    }
}

/// A replacement figure: any shape and size, as a JSON number or a string.
fn figure() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => amount_text().prop_map(Value::String),
        1 => number_text().prop_map(Value::String),
        1 => number_text().prop_map(|t| serde_json::from_str(&t).unwrap_or(Value::Null)),
        1 => prop::sample::select(vec![
            "0", "-1", "1", "0.0000000000000000000000000001", "79228162514264337593543950335",
            "10000000000000000", "1000000", "0.5", "1.5", "0.99", "1000",
        ])
        .prop_map(|s| Value::String(s.into())),
        1 => (0u32..60).prop_map(Value::from),
    ]
}

#[test]
fn mutated_policies_are_refused_or_keep_the_invariants() {
    let strategy = (
        scenario_for_any_policy(),
        prop::collection::vec((any::<Index>(), figure()), 1..3),
    );
    let [figures, errors, refused] = run_all(
        "INVESTCALC_POLICY_CASES",
        80,
        strategy,
        |((i, text, lang), changes)| {
            let mut doc = policies()[i].2.clone();
            let mut paths = Vec::new();
            number_paths(&doc, String::new(), &mut paths);
            for (at, value) in &changes {
                let p = &paths[at.index(paths.len())];
                *doc.pointer_mut(p).unwrap() = value.clone();
            }
            match Policy::from_json(&doc.to_string(), lang) {
                Err(issues) => {
                    for e in &issues {
                        prop_assert!(!e.code.is_empty() && !e.message.is_empty(), "{e:?}");
                    }
                    Ok(Outcome::Refused)
                }
                Ok(policy) => run(&policy, &text, lang).map(|r| outcome(&r)),
            }
        },
    );
    println!(
        "properties: {} mutated policies: {refused} refused by check, {figures} evaluated with figures, {errors} with errors, 0 invariant violations",
        figures + errors + refused
    );
    assert!(
        refused > 0 && figures > 0,
        "{refused} refused, {figures} evaluated"
    );
}

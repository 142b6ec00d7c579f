//! Numbers at every edge: one reading of JSON numbers, the right error for each bad
//! number, caps per unit, and error reports without figures.
//!
//! Each test names the rule it checks (README: "One reading of numbers", "Largest
//! values", "Error codes"). Expected values are worked out by hand in the comments.

//!
//! Only the public API that existed before these rules is used here, so the same file
//! runs against older code (and fails there); unit tests of the new functions are next
//! to them (src/raw.rs, src/money.rs).

use investcalc::money::Money;
use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue, Report};
use rust_decimal::Decimal;
use serde_json::Value;

const AS_OF: &str = "2026-11-28";

fn opts() -> Options {
    let today = Date::parse(AS_OF).unwrap();
    Options {
        lang: Lang::En,
        today,
        as_of: Some(today),
    }
}

/// A scenario on the default policy with `extra` (JSON members) added.
fn scenario(extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { "," };
    let capital = if extra.contains("registeredCapital") {
        ""
    } else {
        r#""registeredCapital":"20000000","#
    };
    format!(
        r#"{{"zone":"etdz","projectKind":"industrial","investment":"50000000",{capital}
            "horizonYears":6{sep}{extra}}}"#
    )
}

fn run(policy: &Policy, json: &str) -> Report {
    let raw = RawValue::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    evaluate(policy, &raw, &opts())
}

fn default_policy() -> Policy {
    Policy::default_policy().unwrap()
}

/// `(code, path)` of every error.
fn errors(r: &Report) -> Vec<(String, String)> {
    r.errors
        .iter()
        .map(|e| (e.code.clone(), e.path.clone()))
        .collect()
}

fn err(code: &str, path: &str) -> Vec<(String, String)> {
    vec![(code.to_string(), path.to_string())]
}

fn json(r: &Report) -> Value {
    serde_json::to_value(r).unwrap()
}

// ---------------------------------------------------------------------------------------
// 1. One reading of numbers.

/// The issue's examples: numbers a double cannot carry are refused, never changed.
#[test]
fn json_numbers_of_more_than_15_significant_digits_are_imprecise() {
    let policy = default_policy();
    for n in [
        "3150827066117529.4",    // became …529.50 through f64
        "9007199254740993",      // 2^53 + 1: …993 in the CLI, …992 in the browser
        "471420505585610.68",    // .75 in the CLI, .70 in the browser
        "0.1000000000000000055", // 19 significant digits
        "12345678901234567e-2",  // 17 significant digits in exponent form
    ] {
        let r = run(&policy, &scenario(&format!(r#""localTaxShare":{n}"#)));
        assert_eq!(
            errors(&r),
            err("imprecise-number", "localTaxShare"),
            "number {n}"
        );
    }
    // The same digits as a decimal string are exact.
    let r = run(
        &policy,
        &scenario(r#""localTaxShare":"471420505585610.68""#),
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let v = json(&r);
    assert_eq!(v["inputs"]["localTaxShareYear1"], "471420505585610.68");
}

/// Fifteen significant digits, exponents and fractions read exactly, as the browser
/// reads the same JS numbers.
#[test]
fn numbers_of_at_most_15_digits_read_exactly() {
    let policy = default_policy();
    // (JSON number, local tax share of year 1 as the report shows it)
    let cases = [
        ("471420505585610", "471420505585610.00"),
        ("99999999999999.9", "99999999999999.90"),
        ("0.1", "0.10"),
        ("2.5e3", "2500.00"),
        ("1.5E+2", "150.00"),
        ("1.50", "1.50"),
        ("-0", "0.00"),
        ("1e15", "1000000000000000.00"),
    ];
    for (n, want) in cases {
        let r = run(&policy, &scenario(&format!(r#""localTaxShare":{n}"#)));
        assert!(r.errors.is_empty(), "number {n}: {:?}", r.errors);
        assert_eq!(json(&r)["inputs"]["localTaxShareYear1"], want, "number {n}");
    }
}

/// `1e-28` is exactly 10^-28 (28 decimal places) natively, as in the browser; without
/// float_roundtrip serde_json used to make it a 44-decimal text (then refused).
#[test]
fn tiny_exponents_read_exactly() {
    let policy = default_policy();
    let r = run(&policy, &scenario(r#""discountRate":1e-28"#));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        json(&r)["inputs"]["discountRate"],
        "0.0000000000000000000000000001"
    );
    // 10^-29 has 29 decimal places: more than an exact decimal keeps.
    let r = run(&policy, &scenario(r#""discountRate":1e-29"#));
    assert_eq!(errors(&r), err("too-many-digits", "discountRate"));
    // Beyond the double range a number is infinite, as JSON.parse makes it.
    let r = run(&policy, &scenario(r#""localTaxShare":1e400"#));
    assert_eq!(errors(&r), err("not-finite", "localTaxShare"));
}

#[test]
fn duplicate_keys_are_a_syntax_error() {
    assert!(RawValue::from_json(&scenario(r#""investment":"1""#)).is_err());
    assert!(RawValue::from_json(r#"{"a":{"b":1,"b":1}}"#).is_err());
}

/// A policy figure follows the same rule (`check` says so before the browser reads it).
#[test]
fn policy_numbers_follow_the_same_rule() {
    let text = include_str!("../src/policy/default.json");
    let bad = text.replacen(
        "\"discountRate\": \"0.05\"",
        "\"discountRate\": 0.0500000000000000001",
        1,
    );
    assert_ne!(bad, text, "the default policy states discountRate \"0.05\"");
    let issues = Policy::from_json(&bad, Lang::En).unwrap_err();
    let pairs: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(pairs, [("imprecise-number", "defaults.discountRate")]);
}

// ---------------------------------------------------------------------------------------
// 2. The right error for each input.

#[test]
fn malformed_numbers_are_invalid_number_not_too_large() {
    let policy = default_policy();
    for bad in [
        "1,2,3", "1.2.3", ".", "--5", ".5", "5.", ",", "1e5", "12,34",
    ] {
        let r = run(&policy, &scenario(&format!(r#""landMu":"{bad}""#)));
        assert_eq!(errors(&r), err("invalid-number", "landMu"), "value {bad:?}");
    }
    for key in ["horizonYears", "constructionYears"] {
        let r = run(
            &policy,
            &scenario(&format!(r#""{key}":".5""#)).replace(r#""horizonYears":6,"#, ""),
        );
        assert_eq!(errors(&r), err("invalid-number", key), "{key}");
    }
    // A whole part beyond an exact decimal is too large; too many places is not.
    let r = run(
        &policy,
        &scenario(r#""landMu":"100000000000000000000000000000000""#),
    );
    assert_eq!(errors(&r), err("too-large", "landMu"));
    let r = run(
        &policy,
        &scenario(r#""landMu":"1.00000000000000000000000000001""#),
    );
    assert_eq!(errors(&r), err("too-many-digits", "landMu"));
}

#[test]
fn an_empty_key_is_named_as_such() {
    let policy = default_policy();
    let r = run(&policy, &scenario(r#""":"5""#));
    assert_eq!(errors(&r), err("empty-key", r#"[""]"#));
    assert!(
        r.errors[0].message.contains("empty"),
        "{}",
        r.errors[0].message
    );
    let r = run(&policy, &scenario(r#""annualTaxes":{"":"5"}"#));
    assert_eq!(errors(&r), err("empty-key", r#"annualTaxes[""]"#));
}

/// Caps per unit (money::max_for): land 1,000,000 mu, floor area 10,000,000 m²,
/// USD 10^15, CNY 10^16. The value at the cap is accepted, one hundredth more is not.
#[test]
fn each_unit_has_its_cap() {
    let policy = default_policy();
    let cases = [
        ("landMu", "1000000", "1000000.01"),
        ("floorArea", "10000000", "10000000.01"),
        (
            "foreignPaidInUsd",
            "1000000000000000",
            "1000000000000000.01",
        ),
        (
            "registeredCapital",
            "10000000000000000",
            "10000000000000000.01",
        ),
        ("plotRatio", "100", "100.01"),
    ];
    for (key, at_cap, above) in cases {
        let r = run(&policy, &scenario(&format!(r#""{key}":"{at_cap}""#)));
        assert!(
            r.errors.iter().all(|e| e.path != key),
            "{key} {at_cap}: {:?}",
            r.errors
        );
        let r = run(&policy, &scenario(&format!(r#""{key}":"{above}""#)));
        assert_eq!(errors(&r), err("too-large", key), "{key} {above}");
    }
    // The issue's land area: 8.1e14 mu used to give an enterprise total of CNY 2.7e19.
    let r = run(&policy, &scenario(r#""landMu":"810000000000000""#));
    assert_eq!(errors(&r), err("too-large", "landMu"));
}

// ---------------------------------------------------------------------------------------
// 3. An error report carries no figures.

/// tests/policies/minimal.json with its one benefit replaced by `benefit`.
fn minimal_with(benefit: Value, parcels: Value) -> Policy {
    let text = include_str!("policies/minimal.json");
    let mut doc: Value = serde_json::from_str(text).unwrap();
    doc["programs"][0]["benefits"] = Value::Array(vec![benefit]);
    doc["zones"][0]["parcels"] = parcels;
    Policy::from_json(&doc.to_string(), Lang::En).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn per_unit(amount_per_unit: &str) -> Value {
    serde_json::json!({
        "id": "per-yuan", "name": {"en": "Per yuan", "zh-Hans": "每元"},
        "kind": "perUnitAward", "base": "investment", "amountPerUnit": amount_per_unit
    })
}

fn one_parcel() -> Value {
    serde_json::json!([{
        "id": "p1", "name": {"en": "Parcel", "zh-Hans": "地块"}, "areaMu": "100",
        "pricePerMu": "300000", "minIntensity": "3000000",
        "landUse": {"en": "Industrial", "zh-Hans": "工业"}, "availableFrom": "2020-01-01"
    }])
}

const BIG: &str = r#"{"zone":"z1","projectKind":"industrial","investment":"10000000000000000",
    "registeredCapital":"1","landMu":"10"}"#;

/// Everything in the report but its errors is empty, as for a bad scenario.
fn assert_no_figures(r: &Report) {
    let v = json(r);
    for key in ["asOf", "inputs", "tier", "nextTier", "summary"] {
        assert!(v[key].is_null(), "{key} is {}", v[key]);
    }
    for key in ["programs", "land", "whatIf", "warnings"] {
        assert_eq!(v[key], Value::Array(vec![]), "{key}");
    }
}

/// 10^16 × 10^16 overflows an exact decimal: an error naming the figure, no figures.
#[test]
fn an_overflow_report_carries_no_figures_and_names_the_figure() {
    let policy = minimal_with(per_unit("10000000000000000"), one_parcel());
    let r = run(&policy, BIG);
    assert_eq!(
        errors(&r),
        err("overflow", "programs[0].benefits[0].amountPerUnit")
    );
    assert_no_figures(&r);
}

/// 10^16 × 10^11 = 10^27 fits an exact decimal but not with two decimal places
/// (Money::MAX ≈ 7.9e26): an overflow, never an amount shown without its fen.
#[test]
fn money_beyond_two_decimal_places_is_an_overflow() {
    let policy = minimal_with(per_unit("100000000000"), one_parcel());
    let r = run(&policy, BIG);
    assert_eq!(
        errors(&r),
        err("overflow", "programs[0].benefits[0].amountPerUnit")
    );
    assert_no_figures(&r);
    // One step below: 10^16 × 10^10 = 10^26 keeps its fen.
    let policy = minimal_with(per_unit("10000000000"), one_parcel());
    let r = run(&policy, BIG);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let total = json(&r)["programs"][0]["total"].clone();
    assert_eq!(total, "100000000000000000000000000.00");
}

/// A land price that overflows (only possible past validation) is named exactly: the
/// largest amount there is (an amount cannot be larger: `Money`'s value is private and
/// kept within `Money::MAX`) times 10 mu.
#[test]
fn a_land_overflow_names_the_parcel_price() {
    let mut policy = minimal_with(per_unit("1"), one_parcel());
    policy.zones[0].parcels[0].price_per_mu = Money::MAX;
    let r = run(&policy, BIG);
    assert_eq!(
        errors(&r),
        err("overflow", "zones[0].parcels[0].pricePerMu")
    );
    assert_no_figures(&r);
}

/// `check` refuses figures above the largest of their unit. The issue's parcel price of
/// 79228162514264337593543950335 (which `check` used to accept) is beyond even the
/// largest amount that keeps its fen (`Money::MAX`), so reading refuses it (`too-large`,
/// the code a scenario amount has) before the check of its unit; a price just above the
/// unit's largest is `figure-too-large`, with that largest in the message.
#[test]
fn check_refuses_figures_that_must_overflow() {
    let pairs_for = |price: &str| {
        let mut parcels = one_parcel();
        parcels[0]["pricePerMu"] = Value::from(price);
        let text = include_str!("policies/minimal.json");
        let mut doc: Value = serde_json::from_str(text).unwrap();
        doc["zones"][0]["parcels"] = parcels;
        Policy::from_json(&doc.to_string(), Lang::En).unwrap_err()
    };
    let pairs = |issues: &[investcalc::Issue]| -> Vec<(String, String)> {
        issues
            .iter()
            .map(|i| (i.code.clone(), i.path.clone()))
            .collect()
    };
    let path = "zones[0].parcels[0].pricePerMu";
    let issues = pairs_for("79228162514264337593543950335");
    assert_eq!(pairs(&issues), err("too-large", path));
    let issues = pairs_for("10000000000.01");
    assert_eq!(pairs(&issues), err("figure-too-large", path));
    assert!(
        issues[0].message.contains("CNY 10,000,000,000.00 per mu"),
        "{}",
        issues[0].message
    );
}

/// Found by tests/properties.rs: a cap with more places than the rounding (10.005 at two
/// places) made an amount of 10.005, shown as 10.01 with an NPV of 10.01 above the total.
/// A cap is paid in whole fen: 10.00. The award is paid in operating year 1, two years
/// after the start (default construction period 2), so NPV = 10.00 / 1.05² = 9.0702… → 9.07.
#[test]
fn a_cap_is_paid_in_whole_fen() {
    let award = serde_json::json!({
        "id": "award", "name": {"en": "Award", "zh-Hans": "奖励"},
        "kind": "fixedAward", "amount": "100", "cap": "10.005"
    });
    let policy = minimal_with(award, one_parcel());
    let r = run(&policy, BIG);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let p = &json(&r)["programs"][0];
    assert_eq!(p["schedule"][0]["amount"], "10.00");
    assert_eq!(p["total"], "10.00");
    assert_eq!(p["npv"], "9.07");
    let total = r.programs[0].total.unwrap().0;
    assert_eq!(total, Money::checked(Decimal::new(1000, 2)).unwrap());
}

//! Nothing panics: hostile scenarios and mutated policies give a report or structured
//! errors. (A panic in the browser kills the widget for the rest of the visit.)
//!
//! Deterministic: a fixed list of odd values is tried in every scenario field, and every
//! number in the default policy is replaced in turn by extreme values.

use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue};
use serde_json::Value;

const ODD: &[&str] = &[
    "null",
    "true",
    "0",
    "-1",
    "0.000000000000000000000000001",
    "1e300",
    "-1e300",
    "99999999999999999999999999999",
    "\"\"",
    "\"abc\"",
    "\"-0\"",
    "\"1,2,3\"",
    "\"５０００\"",
    "\"79228162514264337593543950335\"",
    "\"0.005\"",
    "[]",
    "[1, \"x\", null]",
    "{}",
    "{\"vat\": \"1e400\"}",
    "\"2026-02-30\"",
    "\"etdz\"",
    "2.5",
    "50",
    "-0",
];

fn base() -> serde_json::Map<String, Value> {
    serde_json::from_str(
        r#"{"zone":"marine","projectKind":"industrial","industry":"port-dependent","investment":"600000000",
            "registeredCapital":"20000000","constructionYears":2,"startYear":2027,"annualTaxes":{"vat":"3000000","cit":"1000000"},
            "landMu":"120","floorArea":"1000","plotRatio":"1.1","jobs":300,"foreignInvested":true,
            "foreignPaidInUsd":"5000000","fixedAssetInvestment":"550000000","horizonYears":12,"discountRate":"0.05",
            "parcel":"marine-p01","factory":"marine-sf1","asOf":"2026-11-28"}"#,
    )
    .unwrap()
}

fn run(policy: &Policy, scenario: &Value) {
    let raw = RawValue::from_json(&scenario.to_string()).unwrap();
    let today = Date::parse("2026-11-28").unwrap();
    for lang in Lang::ALL {
        let report = evaluate(
            policy,
            &raw,
            &Options {
                lang,
                today,
                as_of: None,
            },
        );
        // Either a result or structured errors, each with a code and a message.
        for e in &report.errors {
            assert!(
                !e.code.is_empty() && !e.message.is_empty(),
                "{scenario}: {e:?}"
            );
        }
        serde_json::to_string(&report).unwrap();
    }
}

#[test]
fn odd_values_in_every_scenario_field() {
    let policy = Policy::default_policy().unwrap();
    let keys: Vec<String> = base().keys().cloned().collect();
    let mut tried = 0;
    for key in &keys {
        for odd in ODD {
            let mut s = base();
            let v: Value = match serde_json::from_str(odd) {
                Ok(v) => v,
                // 1e300 and the like are not representable as serde_json values: send
                // the text through the raw reader instead.
                Err(_) => Value::String((*odd).to_string()),
            };
            s.insert(key.clone(), v);
            run(&policy, &Value::Object(s));
            tried += 1;
        }
    }
    // Whole-document oddities.
    for doc in ["null", "[]", "\"x\"", "{}", "{\"zone\": {\"zone\": {}}}"] {
        run(&policy, &serde_json::from_str(doc).unwrap());
        tried += 1;
    }
    assert!(tried > 400, "tried {tried}");
}

/// Every number in a JSON document, as (pointer, value) pairs.
fn numbers(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| numbers(x, format!("{path}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| numbers(x, format!("{path}/{i}"), out)),
        Value::Number(_) => out.push(path),
        Value::String(s) if investcalc::money::parse_decimal(s).is_some() => out.push(path),
        _ => {}
    }
}

#[test]
fn extreme_figures_in_every_policy_number() {
    let text = include_str!("../src/policy/default.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    let mut paths = Vec::new();
    numbers(&doc, String::new(), &mut paths);
    assert!(paths.len() > 100, "found {} numbers", paths.len());
    let scenario = Value::Object(base());
    let extremes = [
        Value::String("0".into()),
        Value::String("-1".into()),
        Value::String("79228162514264337593543950335".into()),
        Value::String("0.0000000000000000000000000001".into()),
        Value::from(u64::MAX),
        Value::from(0),
    ];
    let (mut rejected, mut evaluated) = (0, 0);
    for p in &paths {
        for x in &extremes {
            let mut d = doc.clone();
            *d.pointer_mut(p).unwrap() = x.clone();
            match Policy::from_json(&d.to_string(), Lang::En) {
                Err(issues) => {
                    assert!(issues
                        .iter()
                        .all(|i| !i.code.is_empty() && !i.message.is_empty()));
                    rejected += 1;
                }
                Ok(policy) => {
                    run(&policy, &scenario);
                    evaluated += 1;
                }
            }
        }
    }
    println!("no-panic: {rejected} mutated policies rejected, {evaluated} evaluated");
    assert!(rejected > 0 && evaluated > 0);
}

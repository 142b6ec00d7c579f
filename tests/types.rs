//! The TypeScript types shipped to integrators (`www/investcalc-types.d.ts`) must name
//! every key the report, the form schema and the policy info actually contain.

use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue};
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
        _ => {}
    }
}

#[test]
fn every_report_key_is_in_the_typescript_types() {
    let dts = include_str!("../www/investcalc-types.d.ts");
    let policy = Policy::default_policy().unwrap();
    // A scenario that fills every part of the report: programs eligible and not, land
    // with and without figures, a what-if, a conversion, warnings.
    let raw = RawValue::from_json(
        r#"{"zone":"etdz","projectKind":"industrial","investment":"7000000","registeredCapital":"2800000",
            "currency":"USD","localTaxShare":"100000","landMu":"20","floorArea":"800",
            "foreignPaidInUsd":"4000000","startYear":2027}"#,
    )
    .unwrap();
    let today = Date::parse("2026-11-28").unwrap();
    let report = evaluate(
        &policy,
        &raw,
        &Options {
            lang: Lang::En,
            today,
            as_of: None,
        },
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut found = BTreeSet::new();
    keys(&serde_json::to_value(&report).unwrap(), &mut found);
    keys(
        &serde_json::to_value(investcalc::ui::form_schema(&policy, Lang::En)).unwrap(),
        &mut found,
    );
    keys(
        &serde_json::to_value(investcalc::ui::policy_info(&policy, Lang::En)).unwrap(),
        &mut found,
    );
    keys(
        &serde_json::to_value(investcalc::ui::parse_amount("5000万", Lang::ZhHans, "CNY")).unwrap(),
        &mut found,
    );
    // Maps keyed by data (labels, currency units, entries) are typed as records.
    let record_maps = ["labels", "example", "currencyUnits", "entry"];
    let mut missing: Vec<&String> = found
        .iter()
        .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric()))
        .filter(|k| !dts.contains(&format!("{k}:")) && !dts.contains(&format!("{k}?:")))
        .collect();
    // Keys inside record maps (label keys such as `title`) are data, not type members.
    let mut inside_records = BTreeSet::new();
    for name in record_maps {
        for v in [
            serde_json::to_value(investcalc::ui::form_schema(&policy, Lang::En)).unwrap(),
            serde_json::to_value(investcalc::ui::parse_amount("5000万", Lang::ZhHans, "CNY"))
                .unwrap(),
        ] {
            if let Some(Value::Object(m)) = v.get(name) {
                inside_records.extend(m.keys().cloned());
            }
        }
    }
    missing.retain(|k| !inside_records.contains(*k));
    assert!(
        missing.is_empty(),
        "keys missing from www/investcalc-types.d.ts: {missing:?}"
    );
    assert!(
        found.len() > 80,
        "the scenario should exercise most of the report ({} keys)",
        found.len()
    );
}

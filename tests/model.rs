//! "The model, stated once": the field registry, the declared policy types, the error
//! codes of each layer, quantities with their unit, and the four defects found while
//! encoding the model (each test below fails on the code before the fix; the expected
//! figures are worked out by hand in the comments).

use investcalc::error::Code;
use investcalc::policy::fields::{Field, FIELDS};
use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue, Report};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(policy: &Policy, scenario: &str, as_of: &str, lang: Lang) -> Report {
    let raw = RawValue::from_json(scenario).unwrap_or_else(|e| panic!("{scenario}: {e}"));
    let today = Date::parse(as_of).unwrap();
    let r = evaluate(
        policy,
        &raw,
        &Options {
            lang,
            today,
            as_of: Some(today),
        },
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r
}

fn json(r: &Report) -> Value {
    serde_json::to_value(r).unwrap()
}

fn reach() -> Policy {
    let text = std::fs::read_to_string(root().join("tests/policies/reach.json")).unwrap();
    Policy::from_json(&text, Lang::En).unwrap()
}

/// The minimal test policy with one program whose criteria and benefits are given, and
/// a USD rate of CNY 7.10 dated 2026-01-01 (not illustrative).
fn minimal_with(criteria: Value, benefit: Value) -> Policy {
    let text = std::fs::read_to_string(root().join("tests/policies/minimal.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["programs"][0]["criteria"] = criteria;
    doc["programs"][0]["benefits"] = serde_json::json!([benefit]);
    doc["exchangeRates"] = serde_json::json!([{
        "currency": "USD", "cnyPerUnit": "7.10", "date": "2026-01-01",
        "source": {"document": "Test fixture", "clause": "rates"}
    }]);
    Policy::from_json(&doc.to_string(), Lang::En).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn program<'r>(r: &'r Value, id: &str) -> &'r Value {
    r["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no program {id}"))
}

/// The leaves of a criterion tree.
fn leaves(c: &Value) -> Vec<&Value> {
    match (c.get("children"), c.get("child")) {
        (Some(ch), _) => ch.as_array().unwrap().iter().flat_map(leaves).collect(),
        (_, Some(ch)) => leaves(ch),
        _ => vec![c],
    }
}

fn leaf<'r>(p: &'r Value, field: &str) -> &'r Value {
    leaves(&p["criteria"])
        .into_iter()
        .find(|l| l["field"] == field)
        .unwrap_or_else(|| panic!("no criterion on {field}"))
}

// ---------------------------------------------------------------------------------------
// Defect 1: a missed threshold's text showed the actual value equal to the required one.

/// reach.json counts paid-in foreign capital at 150%: weightedInvestment = investment +
/// 0.5 × foreignPaidInCny, and `foreign-weighted-bonus` needs it at 200,000,000 or more.
/// USD 15,624,999.9984375 × 6.4 = 99,999,999.99 exactly (to the fen: 99,999,999.99);
/// half of it is 49,999,999.995, so weightedInvestment = 199,999,999.995, short by 0.005.
/// The text used to round that half fen up: "CNY 200,000,000.00; required at least
/// CNY 200,000,000.00; short by CNY 0.01" beside a JSON `actual` of 199999999.99. Now the
/// text shows the figure the JSON shows, rounded away from the threshold.
#[test]
fn a_missed_money_threshold_never_shows_the_required_value() {
    let r = run(
        &reach(),
        r#"{"zone":"z1","projectKind":"industrial","investment":"150000000","registeredCapital":"50000000",
            "constructionYears":1,"startYear":2027,"horizonYears":10,"foreignPaidInUsd":"15624999.9984375"}"#,
        "2026-06-30",
        Lang::En,
    );
    let v = json(&r);
    let l = leaf(program(&v, "foreign-weighted-bonus"), "weightedInvestment");
    assert_eq!(l["met"], false);
    assert_eq!(l["actual"], "199999999.99");
    assert_eq!(l["shortfall"], "0.01");
    let text = l["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "Investment with paid-in foreign capital counted at 150%: CNY 199,999,999.99"
        ),
        "{text}"
    );
    assert!(
        text.contains("; required at least CNY 200,000,000.00; short by CNY 0.01 ✗"),
        "{text}"
    );
}

/// A plot ratio of 0.4999999 against "at least 0.5" was "0.50 … required 0.50". Shown
/// to the unit's two places it is rounded down, 0.49, short by 0.01 (0.0000001 rounded up
/// to what can be shown). A threshold with more places than the unit is shown with all
/// of them, and the value with as many: 0.5049 against 0.505 is 0.504, short by 0.001.
#[test]
fn a_missed_ratio_threshold_shows_enough_digits_to_differ() {
    let award = serde_json::json!({
        "id": "award", "name": {"en": "Award", "zh-Hans": "奖励"},
        "kind": "fixedAward", "amount": "100"
    });
    let cases = [
        (
            "0.5",
            "0.4999999",
            "0.49",
            "0.50",
            "0.01",
            "Plot ratio: 0.49; required at least 0.50; short by 0.01 ✗",
        ),
        (
            "0.505",
            "0.5049",
            "0.504",
            "0.505",
            "0.001",
            "Plot ratio: 0.504; required at least 0.505; short by 0.001 ✗",
        ),
    ];
    for (threshold, actual, shown, required, short, text) in cases {
        let criteria = serde_json::json!({"field": "plotRatio", "op": ">=", "value": threshold});
        let policy = minimal_with(criteria, award.clone());
        let scenario = format!(
            r#"{{"zone":"z1","projectKind":"industrial","investment":"1","registeredCapital":"1","plotRatio":"{actual}"}}"#
        );
        let v = json(&run(&policy, &scenario, "2026-11-28", Lang::En));
        let l = leaf(program(&v, "reward"), "plotRatio");
        let got = (&l["actual"], &l["required"], &l["shortfall"], &l["text"]);
        assert_eq!(
            got,
            (
                &Value::from(shown),
                &Value::from(required),
                &Value::from(short),
                &Value::from(text)
            ),
            "plotRatio {actual}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Defects 2 and 3: an award per unit below one fen printed as zero; a conversion at the
// USD rate was silent.

/// A 3‰ award on paid-in foreign capital in CNY: USD 1,000,000 × 7.10 = CNY 7,100,000.00,
/// × 0.003 = CNY 21,300.00. The explanation used to read "× CNY 0.00 per unit" and name no
/// rate, and `inputs.conversion` was null (the amounts were typed in CNY).
#[test]
fn a_per_mille_award_shows_its_rate_and_its_conversion() {
    let criteria = serde_json::json!({"field": "projectKind", "in": ["industrial"]});
    let award = serde_json::json!({
        "id": "per-mille", "name": {"en": "3‰ of foreign capital", "zh-Hans": "外资千分之三"},
        "kind": "perUnitAward", "base": "foreignPaidInCny", "amountPerUnit": "0.003"
    });
    let policy = minimal_with(criteria, award);
    let scenario = r#"{"zone":"z1","projectKind":"industrial","investment":"1","registeredCapital":"1",
        "foreignPaidInUsd":"1000000","startYear":2027,"constructionYears":2}"#;
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::En));
    let p = program(&v, "reward");
    assert_eq!(p["total"], "21300.00");
    let row = &p["schedule"][0];
    assert_eq!(
        row["base"],
        serde_json::json!({"value": "7100000.00", "unit": "cny"})
    );
    let text = row["explanation"].as_str().unwrap();
    assert!(
        text.contains("× CNY 0.003 per unit = CNY 21,300.00"),
        "{text}"
    );
    assert!(
        text.contains(
            "CNY 7,100,000.00 (from USD 1,000,000.00 at 7.1 CNY per USD, rate of 2026-01-01)"
        ),
        "{text}"
    );
    assert_eq!(
        v["inputs"]["conversion"],
        serde_json::json!({"currency": "USD", "cnyPerUnit": "7.1", "date": "2026-01-01", "illustrative": false})
    );
    // In Chinese too.
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::ZhHans));
    let text = program(&v, "reward")["schedule"][0]["explanation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.contains("每单位0.003元"), "{text}");
    assert!(text.contains("按2026-01-01汇率1USD兑7.1元折算"), "{text}");
}

/// A threshold stated in USD is compared in CNY at the rate of the as-of date, and says
/// so: the rate and its date in the JSON and in the text (issue 8, construct 2).
#[test]
fn a_threshold_in_usd_states_its_conversion() {
    let criteria = serde_json::json!({"field": "registeredCapital", "op": ">=", "value": "20000000", "currency": "USD"});
    let award = serde_json::json!({
        "id": "award", "name": {"en": "Award", "zh-Hans": "奖励"},
        "kind": "fixedAward", "amount": "1000"
    });
    let policy = minimal_with(criteria, award);
    // 20,000,000 x 7.10 = 142,000,000.00: one fen below misses.
    let scenario = r#"{"zone":"z1","projectKind":"industrial","investment":"1",
        "registeredCapital":"141999999.99","startYear":2027}"#;
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::En));
    let c = &program(&v, "reward")["criteria"];
    assert_eq!(c["met"], false);
    assert_eq!(c["required"], "142000000.00");
    assert_eq!(c["shortfall"], "0.01");
    assert_eq!(
        c["conversion"],
        serde_json::json!({"currency": "USD", "cnyPerUnit": "7.1", "date": "2026-01-01", "illustrative": false})
    );
    let text = c["text"].as_str().unwrap();
    assert!(
        text.contains(
            "CNY 142,000,000.00 (from USD 20,000,000.00 at 7.1 CNY per USD, rate of 2026-01-01)"
        ),
        "{text}"
    );
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::ZhHans));
    let text = program(&v, "reward")["criteria"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("由20,000,000.00美元按2026-01-01汇率1USD兑7.1元折算"),
        "{text}"
    );
    // A threshold in CNY states no conversion.
    let policy = minimal_with(
        serde_json::json!({"field": "registeredCapital", "op": ">=", "value": "20000000"}),
        serde_json::json!({"id": "award", "name": {"en": "Award", "zh-Hans": "奖励"}, "kind": "fixedAward", "amount": "1000"}),
    );
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::En));
    assert!(program(&v, "reward")["criteria"]["conversion"].is_null());
}

/// Instalments never go below zero: each part is at most what is left of the award
/// (0.02 in four quarters rounds 0.005 up to 0.01 twice, then nothing is left).
#[test]
fn instalments_never_go_negative() {
    let criteria = serde_json::json!({"field": "projectKind", "in": ["industrial"]});
    let award = serde_json::json!({
        "id": "award", "name": {"en": "Award", "zh-Hans": "奖励"}, "kind": "fixedAward",
        "amount": "0.02", "instalments": [{"year": 1, "share": "0.25"}, {"year": 2, "share": "0.25"},
            {"year": 3, "share": "0.25"}, {"year": 4, "share": "0.25"}]
    });
    let policy = minimal_with(criteria, award);
    let scenario = r#"{"zone":"z1","projectKind":"industrial","investment":"1","registeredCapital":"1","startYear":2027}"#;
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::En));
    let p = program(&v, "reward");
    let amounts: Vec<&str> = p["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["0.01", "0.01", "0.00", "0.00"]);
    assert_eq!(p["total"], "0.02");
}

/// A tax paid once is not part of the yearly local share (`annualLocalTaxShare`): VAT
/// 1,000,000 x 0.5 = 500,000.00 a year; the farmland tax (600,000, oneOff) counts in
/// operating year 1's tax-share base only.
#[test]
fn a_one_off_tax_is_not_in_the_yearly_local_share() {
    let text = std::fs::read_to_string(root().join("tests/policies/payments.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["programs"][0]["criteria"] =
        serde_json::json!({"field": "annualLocalTaxShare", "op": ">=", "value": "500000"});
    let policy = Policy::from_json(&doc.to_string(), Lang::En).unwrap();
    let scenario = r#"{"zone":"z1","projectKind":"industrial","investment":"1","registeredCapital":"1",
        "startYear":2027,"constructionYears":0,"horizonYears":3,"annualTaxes":{"vat":"1000000","farmland":"600000"}}"#;
    let v = json(&run(&policy, scenario, "2026-12-01", Lang::En));
    let p = program(&v, "tax-rebate");
    assert_eq!(p["criteria"]["actual"], "500000.00");
    assert_eq!(p["criteria"]["met"], true);
    // Year 1's base still has the one-off tax: (500,000 + 600,000) x 0.5.
    assert_eq!(p["schedule"][0]["amount"], "550000.00");
}

/// Without foreign capital nothing is converted and nothing is stated.
#[test]
fn no_conversion_is_stated_when_none_is_made() {
    let criteria = serde_json::json!({"field": "projectKind", "in": ["industrial"]});
    let award = serde_json::json!({
        "id": "per-mille", "name": {"en": "3‰", "zh-Hans": "千分之三"},
        "kind": "perUnitAward", "base": "investment", "amountPerUnit": "0.003"
    });
    let policy = minimal_with(criteria, award);
    let v = json(&run(
        &policy,
        r#"{"zone":"z1","projectKind":"industrial","investment":"1000","registeredCapital":"1"}"#,
        "2026-11-28",
        Lang::En,
    ));
    assert_eq!(v["inputs"]["conversion"], Value::Null);
    // 1,000 × 0.003 = 3.00.
    let text = program(&v, "reward")["schedule"][0]["explanation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("CNY 1,000.00 × CNY 0.003 per unit = CNY 3.00"),
        "{text}"
    );
    assert!(!text.contains(" rate of "), "{text}");
}

// ---------------------------------------------------------------------------------------
// Defect 4: what-if hints in CNY for an amount typed in another currency.

/// Golden case 09: USD 7,042,253.52 × 7.10 = 49,999,999.992 → 49,999,999.99, one fen
/// short of CNY 50,000,000. The hint used to say "raise Investment by CNY 0.01 to
/// CNY 50,000,000.00", an amount no USD entry gives. One cent more, USD 7,042,253.53,
/// comes to 50,000,000.063 → 50,000,000.06: the hint is in USD, and the change states
/// what it comes to in CNY.
#[test]
fn what_if_hints_are_in_the_currency_typed() {
    let policy = Policy::default_policy().unwrap();
    let scenario = r#"{"zone":"etdz","projectKind":"industrial","currency":"USD","investment":"7042253.52",
        "registeredCapital":"3000000","constructionYears":2,"startYear":2027,"localTaxShare":"100000","horizonYears":4}"#;
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::En));
    let w = v["whatIf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["program"] == "two-zone-industrial-reward")
        .unwrap();
    let text = w["text"].as_str().unwrap();
    assert!(
        text.contains("raise Investment by USD 0.01 to USD 7,042,253.53."),
        "{text}"
    );
    assert!(!text.contains("CNY 0.01"), "{text}");
    assert_eq!(w["changes"][0]["to"], "50000000.06");
    assert_eq!(w["changes"][0]["by"], "0.07");
    // In Chinese: 0.01美元.
    let v = json(&run(&policy, scenario, "2026-11-28", Lang::ZhHans));
    let text = v["whatIf"][0]["text"].as_str().unwrap().to_string();
    assert!(text.contains("提高0.01美元至7,042,253.53美元"), "{text}");
}

// ---------------------------------------------------------------------------------------
// Quantities with their unit.

/// reach.json's land grant pays CNY 50,000 per mu: 12.345 mu × 50,000 = 617,250.00. The
/// base was shown as money rounded to the fen, "12.35" beside 617,250.00 (which is
/// 12.345 × 50,000, not 12.35 × 50,000 = 617,500). It is now the value the amount was
/// computed from, with its unit, and its text says mu.
#[test]
fn a_base_carries_its_unit_and_every_digit() {
    let r = run(
        &reach(),
        r#"{"zone":"z1","projectKind":"industrial","investment":"150000000","registeredCapital":"50000000",
            "constructionYears":1,"startYear":2027,"landMu":"12.345"}"#,
        "2026-06-30",
        Lang::En,
    )
    .with_display();
    let v = json(&r);
    let p = program(&v, "cap-land-grant");
    let row = &p["schedule"][0];
    assert_eq!(row["amount"], "617250.00");
    assert_eq!(
        row["base"],
        serde_json::json!({"value": "12.345", "unit": "mu"})
    );
    assert_eq!(
        v["display"]["quantity"]["mu:12.345"],
        "12.345 mu (8,230.00 m²)"
    );
    let text = row["explanation"].as_str().unwrap();
    assert!(
        text.contains("12.345 mu (8,230.00 m²) × CNY 50,000.00 per unit = CNY 617,250.00"),
        "{text}"
    );
    // A tax-share base is an amount: in CNY, to the fen, and its display text is money.
    let policy = Policy::default_policy().unwrap();
    let r = run(
        &policy,
        r#"{"zone":"etdz","projectKind":"industrial","investment":"50000000","registeredCapital":"20000000",
            "localTaxShare":"1000000","horizonYears":1,"startYear":2027}"#,
        "2026-11-28",
        Lang::En,
    )
    .with_display();
    let v = json(&r);
    let row = &program(&v, "two-zone-industrial-reward")["schedule"][0];
    assert_eq!(
        row["base"],
        serde_json::json!({"value": "1000000.00", "unit": "cny"})
    );
    assert_eq!(
        v["display"]["quantity"]["cny:1000000.00"],
        "CNY 1,000,000.00"
    );
}

// ---------------------------------------------------------------------------------------
// The registry.

/// Every source line that is not a comment or a test, with its file.
fn source_lines() -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(root()).unwrap().display().to_string();
                let text = std::fs::read_to_string(&p).unwrap();
                // Unit tests at the end of a file may spell anything.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (i, line) in code.lines().enumerate() {
                    let t = line.trim_start();
                    if !t.starts_with("//") {
                        out.push((rel.clone(), i + 1, line.to_string()));
                    }
                }
            }
        }
    }
    out
}

/// No scenario field name is spelled as a string outside the registry
/// (`src/policy/fields.rs`). Allowed elsewhere, and only these: a key and its value in a
/// tuple (a placeholder of a catalogue message that happens to share a field's name,
/// `("currency", …)`), and the keys of the JSON contracts that name a field: in the
/// declarations of the policy format and of the output types (`"zone" zone: …`) and in
/// their JSON writers (`out.key("zone")`).
/// `policy_keys_that_name_a_field_are_the_registry_names` holds the policy's to the
/// registry.
#[test]
fn no_field_name_is_spelled_outside_the_registry() {
    let mut found = Vec::new();
    for (file, n, line) in source_lines() {
        if file.ends_with("src/policy/fields.rs") {
            continue;
        }
        for def in FIELDS.iter() {
            let quoted = format!("\"{}\"", def.name);
            for (at, _) in line.match_indices(&quoted) {
                let before = line[..at].trim_end();
                let after = line[at + quoted.len()..].trim_start();
                let placeholder = before.ends_with('(') && after.starts_with(',');
                // `"zone" zone: String,` in a record!/output! declaration.
                let declared_key = before.is_empty()
                    && after.split(':').next().is_some_and(|f| {
                        f.trim().chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    });
                // `out.key("zone")`: the JSON writer of an output type.
                let written_key = before.ends_with("out.key(") && after.starts_with(')');
                if !placeholder && !declared_key && !written_key {
                    found.push(format!("{file}:{n}: {}", line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "field names outside the registry:\n{}",
        found.join("\n")
    );
}

#[test]
fn policy_keys_that_name_a_field_are_the_registry_names() {
    use investcalc::policy::{Defaults, ValueBy};
    let names = |fs: &[Field]| fs.iter().map(|f| f.name()).collect::<Vec<_>>();
    // Through the JSON Schema, which lists the declared keys.
    let schema = Policy::json_schema();
    let keys = |def: &str| -> Vec<String> {
        let props = schema["$defs"][def]["properties"].as_object().unwrap();
        props.keys().cloned().collect()
    };
    for f in names(&[Field::Zone, Field::Industry, Field::ProjectKind]) {
        assert!(
            keys("ValueBy").contains(&f.to_string()),
            "ValueBy lacks {f}"
        );
    }
    for f in names(&[
        Field::HorizonYears,
        Field::DiscountRate,
        Field::ConstructionYears,
    ]) {
        assert!(
            keys("Defaults").contains(&f.to_string()),
            "Defaults lacks {f}"
        );
    }
    let _ = (
        std::any::type_name::<Defaults>(),
        std::any::type_name::<ValueBy>(),
    );
}

/// The registry has one row per field, in the order of the enum, and the scenario's keys
/// are exactly its input fields.
#[test]
fn the_registry_has_a_row_per_field() {
    for (i, def) in FIELDS.iter().enumerate() {
        assert_eq!(def.field as usize, i, "{}", def.name);
        assert_eq!(Field::from_name(def.name), Some(def.field));
    }
    // An unknown key is answered with the nearest of the registry's input names.
    let policy = Policy::default_policy().unwrap();
    let raw = RawValue::from_json(r#"{"zone":"etdz","projectKind":"industrial","investment":"1","registeredCapital":"1","landmu":"3"}"#).unwrap();
    let r = evaluate(
        &policy,
        &raw,
        &Options {
            lang: Lang::En,
            today: Date::parse("2026-11-28").unwrap(),
            as_of: None,
        },
    );
    assert_eq!(r.errors[0].code, "unknown-key");
    assert!(
        r.errors[0].message.contains("\"landMu\""),
        "{}",
        r.errors[0].message
    );
}

// ---------------------------------------------------------------------------------------
// Error codes: one documented enum per layer.

/// Every code of every layer has its message in every language, and the README lists it.
#[test]
fn every_error_code_has_messages_and_is_documented() {
    use investcalc::engine::EngineError;
    use investcalc::policy::PolicyError;
    use investcalc::scenario::ScenarioError;
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut codes: Vec<(&str, &str, &str)> = Vec::new();
    codes.extend(
        ScenarioError::ALL
            .iter()
            .map(|c| ("scenario", c.code(), c.message())),
    );
    codes.extend(
        PolicyError::ALL
            .iter()
            .map(|c| ("policy", c.code(), c.message())),
    );
    codes.extend(
        EngineError::ALL
            .iter()
            .map(|c| ("engine", c.code(), c.message())),
    );
    let mut fails = Vec::new();
    for (layer, code, key) in codes {
        for lang in Lang::ALL {
            let m = investcalc::i18n::msg(key, lang);
            if m == "{missing-message}" {
                fails.push(format!("{layer} {code}: no message {key} in {lang:?}"));
            }
        }
        if !readme.contains(&format!("`{code}`")) {
            fails.push(format!("{layer} {code}: not in the README"));
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

/// The policy layer uses the scenario layer's codes for the same problems: a wrong JSON
/// type, a missing key, a name not among the allowed ones.
#[test]
fn policy_and_scenario_share_codes_for_the_same_problem() {
    let text = std::fs::read_to_string(root().join("tests/policies/minimal.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["zones"] = Value::from("none");
    doc["programs"][0]["beneficiary"] = Value::from("enterprize");
    doc["programs"][0].as_object_mut().unwrap().remove("source");
    let issues = Policy::from_json(&doc.to_string(), Lang::En).unwrap_err();
    let pairs: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("wrong-type", "zones"),
            ("unknown-id", "programs[0].beneficiary"),
            ("required", "programs[0].source"),
        ]
    );
    assert!(
        issues[1].message.contains("\"enterprise\""),
        "{}",
        issues[1].message
    );
    // The scenario's codes for the same problems.
    let policy = Policy::default_policy().unwrap();
    let raw =
        RawValue::from_json(r#"{"zone":42,"projectKind":"industriel","registeredCapital":"1"}"#)
            .unwrap();
    let r = evaluate(
        &policy,
        &raw,
        &Options {
            lang: Lang::En,
            today: Date::parse("2026-11-28").unwrap(),
            as_of: None,
        },
    );
    let pairs: Vec<(&str, &str)> = r
        .errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("wrong-type", "zone"),
            ("unknown-id", "projectKind"),
            ("required", "investment")
        ]
    );
}

// ---------------------------------------------------------------------------------------
// One declaration per policy type: every policy reads as written.

/// Decimal strings and numbers compare by value (`"0.080"` is `"0.08"`).
fn same(a: &Value, b: &Value) -> bool {
    let dec = |v: &Value| match v {
        Value::String(s) => investcalc::money::parse_decimal(s),
        Value::Number(n) => investcalc::money::parse_decimal(&n.to_string()),
        _ => None,
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b || (dec(a).is_some() && dec(a) == dec(b)),
    }
}

/// Reading a policy keeps every key and value it states: the model, written back, holds
/// each of them (the defaults it adds are the declared ones). Run on the default policy
/// and every policy in `tests/policies/`.
#[test]
fn every_policy_reads_as_written() {
    let mut files: Vec<PathBuf> = vec![root().join("src/policy/default.json")];
    for dir in ["tests/policies", "tests/policies/real"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 5);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let policy = Policy::from_json(&text, Lang::En)
            .unwrap_or_else(|e| panic!("{}: {e:#?}", f.display()));
        let written = serde_json::to_value(&policy).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        assert!(
            same(&original, &written),
            "{}: the model does not hold what the file states",
            show(&f)
        );
        // And reading what was written gives the same model again.
        let again = Policy::from_json(&written.to_string(), Lang::En).unwrap();
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            written,
            "{}",
            show(&f)
        );
    }
}

fn show(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// The JSON Schema describes every key the default policy uses: each object of the
/// policy has its keys among the properties of the schema of its type.
#[test]
fn the_schema_names_every_key_of_the_default_policy() {
    let schema = Policy::json_schema();
    let defs = schema["$defs"].as_object().unwrap();
    // Every property name the schema knows, anywhere (the benefit kinds' included).
    let mut known = std::collections::BTreeSet::new();
    fn props(v: &Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Object(p)) = m.get("properties") {
                    out.extend(p.keys().cloned());
                }
                m.values().for_each(|x| props(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| props(x, out)),
            _ => {}
        }
    }
    props(&schema, &mut known);
    let text = std::fs::read_to_string(root().join("src/policy/default.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut used = std::collections::BTreeSet::new();
    fn keys(v: &Value, out: &mut std::collections::BTreeSet<String>, inside_text: bool) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if !inside_text {
                        out.insert(k.clone());
                    }
                    let text = matches!(
                        k.as_str(),
                        "name"
                            | "title"
                            | "clauseTitle"
                            | "summary"
                            | "description"
                            | "disclaimer"
                            | "text"
                            | "clawback"
                            | "landUse"
                            | "note"
                            | "statusNote"
                    );
                    keys(x, out, text);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| keys(x, out, false)),
            _ => {}
        }
    }
    keys(&doc, &mut used, false);
    let missing: Vec<&String> = used.iter().filter(|k| !known.contains(*k)).collect();
    assert!(missing.is_empty(), "schema lacks {missing:?}");
    // A criterion is one of its forms, a benefit one of its kinds.
    assert!(defs["Criterion"]["oneOf"].as_array().unwrap().len() >= 6);
    let kinds = defs["Benefit"]["oneOf"].as_array().unwrap();
    let tags: Vec<&Value> = kinds
        .iter()
        .map(|k| &k["properties"]["kind"]["const"])
        .collect();
    assert_eq!(
        tags,
        [
            "taxShare",
            "fixedAward",
            "perUnitAward",
            "bracketAward",
            "landRebate",
            "rentRelief",
            "negotiable",
            "purchaseAtCost"
        ]
        .iter()
        .map(|s| Value::from(*s))
        .collect::<Vec<_>>()
        .iter()
        .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------
// The wasm module's JSON writer gives the serde JSON of every value it sends.

fn same_json<T: serde::Serialize + investcalc::report::Json + ?Sized>(what: &str, v: &T) {
    let written: Value = serde_json::from_str(&investcalc::report::json_text(v))
        .unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    assert_eq!(written, serde_json::to_value(v).unwrap(), "{what}");
}

#[test]
fn every_value_the_module_sends_is_written_as_serde_writes_it() {
    use investcalc::engine::scan::{band, curve};
    use investcalc::ui::{form_schema, parse_amount, policy_info};
    let policies = [Policy::default_policy().unwrap(), reach()];
    for p in &policies {
        for lang in Lang::ALL {
            same_json("form schema", &form_schema(p, lang));
            same_json("policy info", &policy_info(p, lang));
        }
    }
    for (text, lang, currency) in [
        ("5000萬", Lang::ZhHant, "CNY"),
        ("50000000", Lang::ZhHans, "CNY"),
        ("50m", Lang::En, "USD"),
        ("-5", Lang::En, "CNY"),
        ("\"fifty\"\n\t\\", Lang::En, "CNY"),
        ("", Lang::En, "CNY"),
    ] {
        same_json("parse amount", &parse_amount(text, lang, currency));
    }
    let policy = &policies[0];
    let raw = RawValue::from_json(
        r#"{"zone":"etdz","projectKind":"industrial","investment":"60000000","registeredCapital":"20000000","localTaxShare":"1500000"}"#,
    )
    .unwrap();
    let opts = Options {
        lang: Lang::En,
        today: Date::parse("2026-11-28").unwrap(),
        as_of: None,
    };
    let rate = investcalc::money::Rate::parse("0.2").unwrap();
    same_json("band", &band(policy, &raw, &opts, rate).unwrap());
    same_json("curve", &curve(policy, &raw, &opts, 10).unwrap());
    same_json(
        "qr",
        &investcalc::qr::qr_path("https://example.org/?a=1").unwrap(),
    );
    let bad = RawValue::from_json(r#"{"zone":"x\"\u0001"}"#).unwrap();
    let r = evaluate(policy, &bad, &opts);
    same_json("issues", r.errors.as_slice());
}

fn format2() -> Policy {
    let text = std::fs::read_to_string(root().join("tests/policies/format2.json")).unwrap();
    Policy::from_json(&text, Lang::En).unwrap_or_else(|e| panic!("{e:#?}"))
}

/// Declared inputs join the form under "more" with their own label, unit and help, in
/// the entry language; money is entered as money, counts as whole numbers.
#[test]
fn declared_inputs_are_in_the_form_with_label_unit_and_help() {
    let p = format2();
    let form = serde_json::to_value(investcalc::ui::form_schema(&p, Lang::ZhHans)).unwrap();
    let fields = form["fields"].as_array().unwrap();
    let get = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in the form"))
    };
    let export = get("exportVolume");
    assert_eq!(export["label"], "本年出口额");
    assert_eq!(export["help"], "本年海关申报的出口货物总额。");
    assert_eq!(export["kind"], "money");
    assert_eq!(export["group"], "more");
    let kwh = get("electricityKwh");
    assert_eq!(
        (&kwh["unit"], &kwh["unitLabel"]),
        (&Value::from("kWh"), &Value::from("千瓦时"))
    );
    assert_eq!(kwh["kind"], "number");
    assert_eq!(kwh["help"], "");
    assert_eq!(get("newHires")["kind"], "integer");
}

/// A misspelt use of a declared input is `unknown-field` with the declared name as hint;
/// the schema states `inputs` and its keys.
#[test]
fn a_misspelt_declared_input_is_named_in_the_hint() {
    let text = std::fs::read_to_string(root().join("tests/policies/format2.json")).unwrap();
    let bad = text.replacen("\"base\": \"exportVolume\"", "\"base\": \"exportVolum\"", 1);
    assert_ne!(bad, text);
    let issues = Policy::from_json(&bad, Lang::En).unwrap_err();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].code, "unknown-field");
    assert_eq!(issues[0].path, "programs[0].benefits[0].base");
    assert!(
        issues[0].message.contains("\"exportVolume\""),
        "{}",
        issues[0].message
    );
    let schema = Policy::json_schema().to_string();
    for key in ["\"inputs\"", "\"label\"", "\"help\"", "\"kWh\""] {
        assert!(schema.contains(key), "schema lacks {key}");
    }
}

/// A language pack states each interface word once: its `texts` and then its first
/// screen's form labels, in that order, are every text of the language.
#[test]
fn a_pack_with_its_labels_appended_is_every_text() {
    let policy = Policy::default_policy().unwrap();
    let today = Date::parse("2026-11-28").unwrap();
    for lang in Lang::ALL {
        let pack =
            serde_json::to_value(investcalc::ui::language_pack(&policy, lang, today)).unwrap();
        let mut got: Vec<Value> = pack["texts"].as_array().unwrap().clone();
        let labels = pack["first"]["schema"]["labels"].as_object().unwrap();
        assert!(labels.len() > 100, "{lang:?}: {} labels", labels.len());
        got.extend(labels.values().cloned());
        let want: Vec<Value> = investcalc::i18n::texts(lang)
            .into_iter()
            .map(Value::from)
            .collect();
        assert_eq!(got, want, "{lang:?}");
    }
}

// ---------------------------------------------------------------------------------------
// The default policy in the wasm module: its texts come with the language packs.

/// Counts the placeholders (`{"@": n}` / `{"#": n}`) left in a raw value.
fn placeholders(v: &RawValue) -> usize {
    match v {
        RawValue::Array(items) => items.iter().map(placeholders).sum(),
        RawValue::Object(fields) => match fields.as_slice() {
            [(k, RawValue::Number(_))] if k == "@" || k == "#" => 1,
            _ => fields.iter().map(|(_, v)| placeholders(v)).sum(),
        },
        _ => 0,
    }
}

#[test]
fn the_default_policy_with_placeholders_and_every_language_is_the_policy_as_written() {
    use investcalc::i18n::{policy_text, policy_texts, POLICY_TEXT_COUNT};
    use investcalc::policy::{
        resolve_texts, DEFAULT_POLICY_JSON, DEFAULT_POLICY_PLACEHOLDERS_JSON,
    };
    let mut raw = RawValue::from_json(DEFAULT_POLICY_PLACEHOLDERS_JSON).unwrap();
    // Every text of the policy but its sources' is a placeholder, numbered 0..count.
    assert!(POLICY_TEXT_COUNT > 50, "{POLICY_TEXT_COUNT} placeholders");
    assert_eq!(placeholders(&raw), POLICY_TEXT_COUNT);
    for lang in Lang::ALL {
        assert_eq!(policy_texts(lang).len(), POLICY_TEXT_COUNT);
    }
    assert!(resolve_texts(&mut raw, &policy_text));
    assert_eq!(raw, RawValue::from_json(DEFAULT_POLICY_JSON).unwrap());
}

#[test]
fn with_one_language_loaded_the_default_policy_reads_and_speaks_it() {
    use investcalc::i18n::policy_text;
    use investcalc::policy::{resolve_texts, DEFAULT_POLICY_PLACEHOLDERS_JSON};
    let only =
        |want: Lang| move |l: Lang, n: usize| (l == want).then(|| policy_text(l, n)).flatten();
    // No language at hand: the placeholders stay and the caller is told.
    let mut raw = RawValue::from_json(DEFAULT_POLICY_PLACEHOLDERS_JSON).unwrap();
    assert!(!resolve_texts(&mut raw, &|_, _| None));
    for lang in Lang::ALL {
        let mut raw = RawValue::from_json(DEFAULT_POLICY_PLACEHOLDERS_JSON).unwrap();
        assert!(resolve_texts(&mut raw, &only(lang)));
        assert_eq!(placeholders(&raw), 0);
        let policy = Policy::from_raw(&raw, Lang::En).expect("valid with one language");
        let full = Policy::default_policy().unwrap();
        // The words of the loaded language are the policy's own; the sources' titles are
        // whole in every language (the report carries them so).
        assert_eq!(policy.name.get(lang), full.name.get(lang));
        for (p, f) in policy.programs.iter().zip(&full.programs) {
            assert_eq!(p.name.get(lang), f.name.get(lang));
            assert_eq!(p.summary.get(lang), f.summary.get(lang));
            assert!(p.source == f.source, "{}: source kept whole", p.id);
        }
        // Every golden case of the default policy gives the same report, key for key.
        let mut cases = 0;
        for entry in std::fs::read_dir(root().join("tests/golden")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let case: Value = serde_json::from_str(&text).unwrap();
            if case["policy"] != "default" {
                continue;
            }
            let raw = RawValue::from_json(&case["input"].to_string()).unwrap();
            let options = Options {
                lang,
                today: Date::parse("2026-06-01").unwrap(),
                as_of: Some(Date::parse("2026-06-01").unwrap()),
            };
            let a = json(&evaluate(&policy, &raw, &options));
            let b = json(&evaluate(&full, &raw, &options));
            assert_eq!(a, b, "{lang:?}: {}", case["name"]);
            cases += 1;
        }
        assert!(cases > 30, "{cases} default-policy cases");
    }
}

/// A source's issuer goes before the document and its number after it, with the
/// punctuation of the reader's script (construct 13; README "How a zone writes its own
/// policy"). Expected lines written by hand from the catalogue's "Source: {document},
/// {clause}" / "依据：{document}，{clause}".
#[test]
fn a_source_shows_its_issuer_and_document_number() {
    let text = std::fs::read_to_string(root().join("tests/policies/format2.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["source"] = serde_json::json!({"document": "关于印发实施细则的通知", "clause": "一、2",
        "issuer": "宁波市鄞州区人民政府", "documentNumber": "鄞政发〔2016〕42号"});
    let src = Policy::from_json(&v.to_string(), Lang::En)
        .unwrap_or_else(|e| panic!("{e:#?}"))
        .source;
    assert_eq!(
        investcalc::policy::source_text(&src, Lang::ZhHans),
        "依据：宁波市鄞州区人民政府：关于印发实施细则的通知（鄞政发〔2016〕42号），一、2"
    );
    assert_eq!(
        investcalc::policy::source_text(&src, Lang::En),
        "Source: 宁波市鄞州区人民政府: 关于印发实施细则的通知 (鄞政发〔2016〕42号), 一、2"
    );
}

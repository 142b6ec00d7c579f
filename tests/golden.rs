//! Golden scenarios: every `tests/golden/*.json` file is one case, run by this harness.
//!
//! A case is `{ name, why, policy, lang, asOf, input, expect }`:
//! - `policy`: `"default"` or a path relative to `tests/` (e.g. `policies/real/…json`);
//! - `why`: how the expected numbers were worked out by hand from the rule;
//! - `expect`: a partial report. Only what it states is checked:
//!   - `errors`: `[{code, path}]`, exactly these, in order;
//!   - `tier`: a tier id or null;
//!   - `programs`: `{ id: { eligible, needs, inForce, excludedBy, amounts: [..],
//!     calendarYears: [..], total, npv, criteria: [{ field, met, actual, required,
//!     shortfall }] } }`;
//!   - `summary`, `targets`, `policy`: a partial summary, targets or policy section or targets section (`{ paying, enterprise:
//!     { total, needs } }`): every key it states, at any depth, must be equal (a list is
//!     compared whole);
//!   - `land`: `{ parcelOrFactoryId: { fits, cost, usedMu, annualRent, purchasePrice, checks: { name: met } } }`;
//!   - `whatIf`: `{ programId: { changes: [{ field, to, by }], total } }` (`null`: no hint);
//!   - `warnings`: codes that must appear.
//!
//! The same files run in the browser through the wasm module (tests/e2e), where the
//! whole report must equal the CLI's.

use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn load_policy(name: &str) -> Policy {
    if name == "default" {
        return Policy::default_policy()
            .unwrap_or_else(|e| panic!("default policy invalid: {e:?}"));
    }
    let path = tests_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Policy::from_json(&text, Lang::En)
        .unwrap_or_else(|e| panic!("{} invalid: {e:#?}", path.display()))
}

/// Runs one case and returns the report as JSON.
pub fn run_case(case: &Value) -> Value {
    let policy = load_policy(case["policy"].as_str().unwrap_or("default"));
    let lang = Lang::parse(case["lang"].as_str().unwrap_or("en")).expect("lang");
    let as_of = Date::parse(case["asOf"].as_str().unwrap_or("2026-11-28")).expect("asOf");
    let input = serde_json::to_string(&case["input"]).unwrap();
    let raw = RawValue::from_json(&input).unwrap();
    let report = evaluate(
        &policy,
        &raw,
        &Options {
            lang,
            today: as_of,
            as_of: None,
        },
    );
    let value = serde_json::to_value(&report).unwrap();
    // The wasm module writes reports with their own JSON writer: the same JSON.
    let with_display = report.with_display();
    let written: Value = serde_json::from_str(&with_display.to_json()).unwrap();
    assert_eq!(
        written,
        serde_json::to_value(&with_display).unwrap(),
        "{}",
        case["name"]
    );
    value
}

fn leaves<'a>(c: &'a Value, out: &mut Vec<&'a Value>) {
    if let Some(children) = c.get("children").and_then(Value::as_array) {
        for ch in children {
            leaves(ch, out);
        }
    } else if let Some(child) = c.get("child") {
        leaves(child, out);
    } else {
        out.push(c);
    }
}

/// Every key `want` states (objects recursively) must be equal in `got`.
fn partial(name: &str, what: &str, got: &Value, want: &Value, fails: &mut Vec<String>) {
    match want.as_object() {
        Some(obj) => {
            for (k, w) in obj {
                let g = got.get(k).unwrap_or(&Value::Null);
                partial(name, &format!("{what}.{k}"), g, w, fails);
            }
        }
        None => {
            if got != want {
                fails.push(format!("{name}: {what}: got {got}, want {want}"));
            }
        }
    }
}

fn check_fields(name: &str, what: &str, got: &Value, want: &Value, fails: &mut Vec<String>) {
    let Some(obj) = want.as_object() else { return };
    for (k, w) in obj {
        let g = got.get(k).unwrap_or(&Value::Null);
        if g != w {
            fails.push(format!("{name}: {what}.{k}: got {g}, want {w}"));
        }
    }
}

fn check_case(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let case: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = format!(
        "{} ({})",
        path.file_name().unwrap().to_string_lossy(),
        case["name"].as_str().unwrap_or("")
    );
    assert!(
        case["why"].as_str().is_some_and(|w| w.len() > 20),
        "{name}: every case says how its numbers were worked out"
    );
    let report = run_case(&case);
    let expect = &case["expect"];
    let mut fails = Vec::new();

    if let Some(errors) = expect.get("errors") {
        let got: Vec<Value> = report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| serde_json::json!({"code": e["code"], "path": e["path"]}))
            .collect();
        if &Value::Array(got.clone()) != errors {
            fails.push(format!("{name}: errors: got {got:?}, want {errors}"));
        }
    } else if !report["errors"].as_array().unwrap().is_empty() {
        fails.push(format!("{name}: unexpected errors {}", report["errors"]));
    }
    for key in ["summary", "targets", "policy"] {
        if let Some(want) = expect.get(key) {
            partial(&name, key, &report[key], want, &mut fails);
        }
    }
    if let Some(tier) = expect.get("tier") {
        let got = report["tier"].get("id").cloned().unwrap_or(Value::Null);
        if &got != tier {
            fails.push(format!("{name}: tier: got {got}, want {tier}"));
        }
    }
    if let Some(programs) = expect.get("programs").and_then(Value::as_object) {
        for (id, want) in programs {
            let Some(p) = report["programs"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == id.as_str())
            else {
                fails.push(format!("{name}: no program {id}"));
                continue;
            };
            for key in [
                "eligible",
                "needs",
                "inForce",
                "excludedBy",
                "total",
                "npv",
                "capped",
                "sourceText",
                "illustrative",
                "status",
                "legalReview",
            ] {
                if let Some(w) = want.get(key) {
                    if &p[key] != w {
                        fails.push(format!("{name}: {id}.{key}: got {}, want {w}", p[key]));
                    }
                }
            }
            if let Some(w) = want.get("amounts") {
                let got: Vec<Value> = p["schedule"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["amount"].clone())
                    .collect();
                if &Value::Array(got.clone()) != w {
                    fails.push(format!("{name}: {id}.amounts: got {got:?}, want {w}"));
                }
            }
            if let Some(w) = want.get("calendarYears") {
                let got: Vec<Value> = p["schedule"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["calendarYear"].clone())
                    .collect();
                if &Value::Array(got.clone()) != w {
                    fails.push(format!("{name}: {id}.calendarYears: got {got:?}, want {w}"));
                }
            }
            if let Some(w) = want.get("bases") {
                let got: Vec<Value> = p["schedule"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["base"].clone())
                    .collect();
                if &Value::Array(got.clone()) != w {
                    fails.push(format!("{name}: {id}.bases: got {got:?}, want {w}"));
                }
            }
            if let Some(crit) = want.get("criteria").and_then(Value::as_array) {
                let mut all = Vec::new();
                leaves(&p["criteria"], &mut all);
                for wc in crit {
                    let field = wc["field"].as_str().unwrap_or("");
                    match all.iter().find(|l| l["field"] == field) {
                        Some(l) => check_fields(
                            &name,
                            &format!("{id}.criteria[{field}]"),
                            l,
                            wc,
                            &mut fails,
                        ),
                        None => fails.push(format!("{name}: {id}: no criterion on {field}")),
                    }
                }
            }
        }
    }
    if let Some(land) = expect.get("land").and_then(Value::as_object) {
        let zones = report["land"].as_array().unwrap();
        for (id, want) in land {
            let opt = zones.iter().flat_map(|z| {
                z["parcels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .chain(z["factories"].as_array().unwrap().iter())
            });
            let Some(o) = opt.clone().find(|o| o["id"] == id.as_str()) else {
                fails.push(format!("{name}: no land option {id}"));
                continue;
            };
            for key in [
                "fits",
                "cost",
                "usedMu",
                "annualRent",
                "purchasePrice",
                "maxSupportedMu",
            ] {
                if let Some(w) = want.get(key) {
                    if &o[key] != w {
                        fails.push(format!("{name}: {id}.{key}: got {}, want {w}", o[key]));
                    }
                }
            }
            if let Some(checks) = want.get("checks").and_then(Value::as_object) {
                for (c, w) in checks {
                    let got = o["checks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["check"] == c.as_str())
                        .map(|x| x["met"].clone());
                    if got.as_ref() != Some(w) {
                        fails.push(format!("{name}: {id}.checks.{c}: got {got:?}, want {w}"));
                    }
                }
            }
        }
    }
    if let Some(wi) = expect.get("whatIf").and_then(Value::as_object) {
        for (id, want) in wi {
            let got = report["whatIf"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["program"] == id.as_str());
            match (got, want) {
                (None, Value::Null) => {}
                (Some(g), Value::Null) => {
                    fails.push(format!("{name}: whatIf {id}: got {g}, want none"))
                }
                (None, _) => fails.push(format!("{name}: whatIf {id}: none given")),
                (Some(g), w) => {
                    if let Some(total) = w.get("total") {
                        if &g["total"] != total {
                            fails.push(format!(
                                "{name}: whatIf {id}.total: got {}, want {total}",
                                g["total"]
                            ));
                        }
                    }
                    if let Some(changes) = w.get("changes").and_then(Value::as_array) {
                        let gc = g["changes"].as_array().unwrap();
                        if gc.len() != changes.len() {
                            fails.push(format!(
                                "{name}: whatIf {id}: {} changes, want {}",
                                gc.len(),
                                changes.len()
                            ));
                        }
                        for (gch, wch) in gc.iter().zip(changes) {
                            check_fields(
                                &name,
                                &format!("whatIf.{id}.change"),
                                gch,
                                wch,
                                &mut fails,
                            );
                        }
                    }
                }
            }
        }
    }
    if let Some(codes) = expect.get("warnings").and_then(Value::as_array) {
        for c in codes {
            if !report["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| &w["code"] == c)
            {
                fails.push(format!(
                    "{name}: warning {c} missing; got {}",
                    report["warnings"]
                ));
            }
        }
    }
    fails
}

#[test]
fn golden_scenarios() {
    let dir = tests_dir().join("golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "at least 15 golden cases, found {}",
        files.len()
    );
    let mut fails = Vec::new();
    for f in &files {
        fails.extend(check_case(f));
    }
    println!("golden: {} cases, {} failures", files.len(), fails.len());
    assert!(fails.is_empty(), "\n{}", fails.join("\n"));
}

#[test]
fn native_report_is_deterministic() {
    // The browser test compares wasm reports to the CLI's; the engine must not depend
    // on anything but its inputs.
    let dir = tests_dir().join("golden");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            let case: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            assert_eq!(run_case(&case), run_case(&case), "{}", p.display());
        }
    }
}

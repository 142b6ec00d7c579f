//! Explanations on demand (`engine::Texts`): a brief report is the full one with only
//! the explanations a visitor opens left empty, and a report with one program's texts
//! has exactly that program's, for every golden case.

use investcalc::engine::{evaluate_texts, Texts};
use investcalc::{Date, Lang, Options, Policy, RawValue};
use serde_json::Value;
use std::path::Path;

/// Walks two reports side by side; every difference must be an explanation left empty
/// in `brief`: a `text` or `explanation` under a program or a land option.
fn only_explanations_differ(full: &Value, brief: &Value, path: &str, out: &mut Vec<String>) {
    match (full, brief) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: the same keys");
            for (k, v) in a {
                let p = format!("{path}.{k}");
                match b.get(k) {
                    Some(w) => only_explanations_differ(v, w, &p, out),
                    None => panic!("{p} missing from the brief report"),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: the same length");
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                only_explanations_differ(v, w, &format!("{path}[{i}]"), out);
            }
        }
        (a, b) if a == b => {}
        (Value::String(_), Value::String(b)) => {
            let deferred = (path.ends_with(".text") || path.ends_with(".explanation"))
                && (path.starts_with(".programs[") || path.starts_with(".land["));
            assert!(deferred && b.is_empty(), "{path}: {full} became {brief}");
            out.push(path.to_string());
        }
        _ => panic!("{path}: {full} became {brief}"),
    }
}

#[test]
fn brief_reports_leave_out_only_explanations_and_one_program_gets_its_own() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files: Vec<_> = std::fs::read_dir(dir.join("golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut left_out = 0;
    for file in files {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let policy = match case["policy"].as_str().unwrap_or("default") {
            "default" => Policy::default_policy().unwrap(),
            p => {
                Policy::from_json(&std::fs::read_to_string(dir.join(p)).unwrap(), Lang::En).unwrap()
            }
        };
        let opts = Options {
            lang: Lang::parse(case["lang"].as_str().unwrap_or("en")).unwrap(),
            today: Date::parse(case["asOf"].as_str().unwrap_or("2026-11-28")).unwrap(),
            as_of: None,
        };
        let raw = RawValue::from_json(&case["input"].to_string()).unwrap();
        let json =
            |t: Texts| serde_json::to_value(evaluate_texts(&policy, &raw, &opts, t)).unwrap();
        let full = json(Texts::All);
        let brief = json(Texts::Brief);
        let name = file.display().to_string();
        let mut paths = Vec::new();
        only_explanations_differ(&full, &brief, "", &mut paths);
        left_out += paths.len();
        // The headline texts stay.
        assert_eq!(full["summary"], brief["summary"], "{name}");
        assert_eq!(full["whatIf"], brief["whatIf"], "{name}");
        // One program's texts: that program as in the full report, the rest as brief.
        let count = full["programs"].as_array().map_or(0, Vec::len);
        for i in 0..count {
            let mut want = brief.clone();
            want["programs"][i] = full["programs"][i].clone();
            assert_eq!(json(Texts::Program(i)), want, "{name}: program {i}");
        }
    }
    assert!(
        left_out > 100,
        "brief reports leave explanations out ({left_out})"
    );
}

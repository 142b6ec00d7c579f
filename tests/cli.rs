//! The `investcalc` binary, run as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_investcalc"))
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn investcalc");
    if let Some(text) = stdin {
        // The program may exit before reading (a bad flag); a broken pipe is fine then.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const DONE_WHEN: &str = r#"{"zone":"etdz","projectKind":"industrial","investment":50000000,
  "registeredCapital":20000000,"constructionYears":2,"localTaxShare":1000000,"horizonYears":6}"#;

fn program<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["programs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

#[test]
fn evaluate_the_issue_scenario_from_stdin() {
    let o = run(
        &["evaluate", "--scenario", "-", "--as-of", "2026-11-28"],
        Some(DONE_WHEN),
    );
    assert!(o.status.success(), "stderr: {}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let p = program(&report, "two-zone-industrial-reward");
    assert_eq!(p["eligible"], true);
    let amounts: Vec<&str> = p["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_str().unwrap())
        .collect();
    assert_eq!(
        amounts,
        ["80000.00", "60000.00", "40000.00", "20000.00", "20000.00", "20000.00"]
    );
    assert_eq!(p["total"], "240000.00");
    assert_eq!(p["beneficiary"], "introducing-unit");
    assert_eq!(report["policy"]["id"], "dafeng-two-zones");
}

#[test]
fn one_fen_below_reports_the_shortfall() {
    let scenario = DONE_WHEN.replace("50000000", "49999999.99");
    let o = run(
        &["evaluate", "--scenario", "-", "--as-of", "2026-11-28"],
        Some(&scenario),
    );
    assert!(o.status.success());
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let p = program(&report, "two-zone-industrial-reward");
    assert_eq!(p["eligible"], false);
    let leaf = p["criteria"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "investment")
        .unwrap();
    assert_eq!(leaf["shortfall"], "0.01");
    assert_eq!(leaf["met"], false);
}

#[test]
fn text_format_and_languages() {
    let o = run(
        &[
            "evaluate",
            "--scenario",
            "-",
            "--format",
            "text",
            "--lang",
            "zh-Hans",
        ],
        Some(DONE_WHEN),
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("引进单位长效奖励"), "{out}");
    assert!(
        out.contains("80000.00") && out.contains("240000.00"),
        "{out}"
    );
    let o = run(
        &[
            "evaluate",
            "--scenario",
            "-",
            "--format",
            "text",
            "--lang",
            "zh-Hant",
        ],
        Some(DONE_WHEN),
    );
    assert!(stdout(&o).contains("引進單位長效獎勵"));
}

#[test]
fn bad_scenarios_exit_2_naming_each_field() {
    let cases: &[(&str, &str, &str)] = &[
        (r#"{"zone":"etdz""#, "json-syntax", ""),
        (r#"[1,2]"#, "wrong-type", ""),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":-5,"registeredCapital":1}"#,
            "negative",
            "investment",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":"abc","registeredCapital":1}"#,
            "invalid-number",
            "investment",
        ),
        (
            r#"{"zone":"nowhere","projectKind":"industrial","investment":1,"registeredCapital":1}"#,
            "unknown-id",
            "zone",
        ),
        (
            // Beyond the double range a JSON number is infinite, as JSON.parse reads it
            // in the browser (README, "One reading of numbers").
            r#"{"zone":"etdz","projectKind":"industrial","investment":1e400,"registeredCapital":1}"#,
            "not-finite",
            "investment",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":"99999999999999999999999999999999","registeredCapital":1}"#,
            "too-large",
            "investment",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":1e300,"registeredCapital":1}"#,
            "too-large",
            "investment",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investmnet":1,"registeredCapital":1}"#,
            "unknown-key",
            "investmnet",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":true,"registeredCapital":1}"#,
            "wrong-type",
            "investment",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":1,"registeredCapital":1,"horizonYears":2.5}"#,
            "not-whole",
            "horizonYears",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":1,"registeredCapital":1,"currency":"XYZ"}"#,
            "unknown-currency",
            "currency",
        ),
        (
            r#"{"zone":"etdz","projectKind":"industrial","investment":1,"registeredCapital":1,"localTaxShare":[1,"x"]}"#,
            "invalid-number",
            "localTaxShare[1]",
        ),
    ];
    for (input, code, path) in cases {
        let o = run(&["evaluate", "--scenario", "-"], Some(input));
        assert_eq!(
            o.status.code(),
            Some(2),
            "input {input}: stderr {}",
            stderr(&o)
        );
        let err = stderr(&o);
        assert!(
            err.contains(&format!("[{code}]")),
            "input {input}: want code {code}, got {err}"
        );
        if !path.is_empty() {
            assert!(
                err.contains(&format!("] {path}:")),
                "input {input}: want path {path}, got {err}"
            );
        }
        assert!(!err.contains("panicked"), "input {input}: {err}");
    }
}

#[test]
fn unknown_key_suggests_the_nearest_name() {
    let o = run(
        &["evaluate", "--scenario", "-"],
        Some(r#"{"zone":"etdz","projectKind":"industrial","investment":1,"registerdCapital":1}"#),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Did you mean \"registeredCapital\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_accepts_the_default_policy_and_lists_every_problem() {
    let dir = std::env::temp_dir().join(format!("investcalc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    let readable = include_str!("../src/policy/default.json");
    std::fs::write(&good, readable).unwrap();
    let o = run(&["check", good.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok: dafeng-two-zones"));

    // Two problems at once: a duplicate zone id and a rate of 8 instead of 0.08.
    let bad_text = readable
        .replacen("\"id\": \"marine\"", "\"id\": \"etdz\"", 1)
        .replacen("\"rate\": \"0.08\"", "\"rate\": \"8\"", 1);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, bad_text).unwrap();
    let o = run(&["check", bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("[duplicate-id] zones[1].id"), "{err}");
    assert!(
        err.contains("[rate-out-of-range] programs[0].benefits[0].phases[0].rate"),
        "{err}"
    );

    let o = run(&["check", dir.join("missing.json").to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn schema_describes_the_policy_format() {
    let o = run(&["schema"], None);
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(schema["title"], "Policy");
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "zones",
        "programs",
        "taxes",
        "exchangeRates",
        "tiers",
        "derived",
        "caps",
    ] {
        assert!(props.contains_key(key), "schema lacks {key}");
    }
    let text = stdout(&o);
    for kind in [
        "taxShare",
        "bracketAward",
        "perUnitAward",
        "landRebate",
        "rentRelief",
        "fixedAward",
    ] {
        assert!(text.contains(kind), "schema lacks benefit kind {kind}");
    }
}

#[test]
fn help_on_each_command() {
    for cmd in ["check", "evaluate", "schema", "build", "serve"] {
        let o = run(&[cmd, "--help"], None);
        assert!(o.status.success(), "{cmd} --help");
        assert!(stdout(&o).contains("Usage:"), "{cmd} --help");
    }
}

#[test]
fn bad_as_of_and_bad_policy_file() {
    let o = run(
        &["evaluate", "--scenario", "-", "--as-of", "2026-13-01"],
        Some(DONE_WHEN),
    );
    assert_eq!(o.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("investcalc-cli-p-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("p.json");
    std::fs::write(&p, "{\"id\": 3}").unwrap();
    let o = run(
        &[
            "evaluate",
            "--scenario",
            "-",
            "--policy",
            p.to_str().unwrap(),
        ],
        Some(DONE_WHEN),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the policy is not valid"));
    std::fs::remove_dir_all(&dir).ok();
}

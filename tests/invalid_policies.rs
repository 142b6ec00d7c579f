//! Invalid-policy fixtures: every `tests/policies/invalid/*.json` file holds one broken
//! policy and the problems validation must report for it.
//!
//! A fixture is `{ "expect": [{ "code", "path" }, …], "policy": { … } }`. Each starts from
//! `tests/policies/minimal.json` (one zone, one project kind, one tax, one tier, one
//! program) with a single defect. The harness parses `policy` with
//! [`Policy::from_json`] and requires an error whose `(code, path)` list equals `expect`
//! exactly, order included. Structural errors (unknown or missing keys, wrong JSON types)
//! stop serde at the first one, so those fixtures expect a single issue.

use investcalc::{Issue, Lang, Policy};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Every fixture file, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let dir = tests_dir().join("policies").join("invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", name(path)))
}

/// The fixture's policy as JSON text, as a user would hand it to the calculator.
fn policy_text(fixture: &Value, path: &Path) -> String {
    let policy = fixture
        .get("policy")
        .unwrap_or_else(|| panic!("{}: no \"policy\"", name(path)));
    serde_json::to_string(policy).unwrap()
}

fn expected(fixture: &Value, path: &Path) -> Vec<(String, String)> {
    let list = fixture["expect"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: \"expect\" must be an array", name(path)));
    assert!(!list.is_empty(), "{}: \"expect\" is empty", name(path));
    list.iter()
        .map(|e| {
            let field = |k: &str| {
                e[k].as_str()
                    .unwrap_or_else(|| {
                        panic!("{}: expect entry {e} has no string {k:?}", name(path))
                    })
                    .to_string()
            };
            (field("code"), field("path"))
        })
        .collect()
}

fn parse(text: &str, lang: Lang, path: &Path) -> Vec<Issue> {
    match Policy::from_json(text, lang) {
        Ok(p) => panic!(
            "{}: policy {:?} was accepted in {lang:?}, expected it to be rejected",
            name(path),
            p.id
        ),
        Err(issues) => issues,
    }
}

fn pairs(issues: &[Issue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.code.clone(), i.path.clone()))
        .collect()
}

#[test]
fn there_are_fixtures() {
    let n = fixtures().len();
    assert!(
        n >= 18,
        "expected at least 18 invalid-policy fixtures, found {n}"
    );
}

#[test]
fn minimal_policy_is_valid() {
    let path = tests_dir().join("policies").join("minimal.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for lang in Lang::ALL {
        if let Err(issues) = Policy::from_json(&text, lang) {
            panic!("minimal.json is invalid in {lang:?}: {issues:#?}");
        }
    }
}

#[test]
fn each_fixture_reports_exactly_its_problems() {
    let mut fails = Vec::new();
    for path in fixtures() {
        let fixture = load(&path);
        let want = expected(&fixture, &path);
        let got = pairs(&parse(&policy_text(&fixture, &path), Lang::En, &path));
        if got != want {
            fails.push(format!(
                "{}:\n    got  {got:?}\n    want {want:?}",
                name(&path)
            ));
        }
    }
    assert!(fails.is_empty(), "\n{}", fails.join("\n"));
}

/// True when `text` still holds a `{placeholder}` that was not filled in.
fn has_unfilled_placeholder(text: &str) -> bool {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let inner = &after[..end];
                if !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return true;
                }
                rest = &after[end + 1..];
            }
            None => return false,
        }
    }
    false
}

#[test]
fn messages_are_present_in_every_language() {
    let mut fails = Vec::new();
    for path in fixtures() {
        let fixture = load(&path);
        let text = policy_text(&fixture, &path);
        let english = pairs(&parse(&text, Lang::En, &path));
        for lang in Lang::ALL {
            let issues = parse(&text, lang, &path);
            // The language changes the words, never what is reported.
            if pairs(&issues) != english {
                fails.push(format!(
                    "{} ({lang:?}): got {:?}, but in English {english:?}",
                    name(&path),
                    pairs(&issues)
                ));
            }
            for issue in &issues {
                let m = issue.message.trim();
                if m.is_empty() || m.contains("missing-message") || has_unfilled_placeholder(m) {
                    fails.push(format!(
                        "{} ({lang:?}): [{}] {}: bad message {:?}",
                        name(&path),
                        issue.code,
                        issue.path,
                        issue.message
                    ));
                }
            }
        }
    }
    assert!(fails.is_empty(), "\n{}", fails.join("\n"));
}

/// A misspelt key is answered with the nearest known key, as scenarios are.
#[test]
fn unknown_key_message_suggests_the_nearest_key() {
    let cases = [("unknown-key.json", "benefits")];
    let mut fails = Vec::new();
    for (file, suggestion) in cases {
        let path = tests_dir().join("policies").join("invalid").join(file);
        let fixture = load(&path);
        let issues = parse(&policy_text(&fixture, &path), Lang::En, &path);
        let m = &issues[0].message;
        if !m.contains(&format!("\"{suggestion}\"")) {
            fails.push(format!(
                "{file}: message does not suggest \"{suggestion}\": {m:?}"
            ));
        }
    }
    assert!(fails.is_empty(), "\n{}", fails.join("\n"));
}

#[test]
fn placeholder_detector() {
    assert!(has_unfilled_placeholder("The id {id} is used twice"));
    assert!(!has_unfilled_placeholder("The id \"z1\" is used twice"));
    assert!(!has_unfilled_placeholder(
        "invalid type: map {}, expected a sequence"
    ));
}

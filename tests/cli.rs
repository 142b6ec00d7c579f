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
    // Issue 8, constructs 12 and 13.
    for key in [
        "\"issuer\"",
        "\"documentNumber\"",
        "\"legalReview\"",
        "\"unknown\"",
    ] {
        assert!(text.contains(key), "schema lacks {key}");
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
    assert!(
        stderr(&o).contains(r#"[invalid-date] --as-of: "2026-13-01" is not a date."#),
        "{}",
        stderr(&o)
    );
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

// ---------------------------------------------------------------------------------------
// A CLI that cannot be hung or aborted
// ---------------------------------------------------------------------------------------

/// How long a hostile input may take before the test calls it a hang.
const DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// Runs `investcalc args` with `stdin` bytes and the given stdout, under a virtual-memory
/// limit (`ulimit -v`, 2 GiB) so that a program that reads without bound fails fast
/// instead of filling the machine's memory, and kills it after [`DEADLINE`].
/// Returns the output, or `Err` when the deadline passed.
fn run_bounded(args: &[&str], stdin: Option<Vec<u8>>, stdout: Stdio) -> Result<Output, String> {
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg("ulimit -v 2097152 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_investcalc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn investcalc");
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        if let Some(bytes) = stdin {
            // The program may stop reading early (an input limit); that is fine.
            let _ = input.write_all(&bytes);
        }
    });
    let mut err = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut buf);
        buf
    });
    let mut out = child.stdout.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(o) = out.as_mut() {
            let _ = std::io::Read::read_to_end(o, &mut buf);
        }
        buf
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("investcalc {args:?} still ran after {DEADLINE:?}"));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let _ = feeder.join();
    Ok(Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    })
}

/// A scenario with every required key valid, plus `extra` (JSON members, with a leading
/// comma) before the closing brace.
fn scenario_with(extra: &str) -> String {
    format!(
        r#"{{"zone":"etdz","projectKind":"industrial","investment":1,"registeredCapital":1{extra}}}"#
    )
}

fn assert_no_panic(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what}: {err}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(o.status.signal(), None, "{what}: killed by a signal; {err}");
    }
}

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_closed_pipe_ends_the_program_quietly_with_code_141() {
    for args in [
        &["schema"][..],
        &["default-policy"][..],
        &["evaluate", "--scenario", "-", "--format", "text"][..],
        &["evaluate", "--scenario", "-"][..],
        &["--help"][..],
    ] {
        let o = run_bounded(args, Some(DONE_WHEN.as_bytes().to_vec()), closed_pipe()).unwrap();
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(141), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            "",
            "{args:?}: a closed pipe is not an error to report"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_and_exits_1() {
    for args in [
        &["schema"][..],
        &["evaluate", "--scenario", "-"][..],
        &["check", "--help"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let o = run_bounded(args, Some(DONE_WHEN.as_bytes().to_vec()), Stdio::from(full)).unwrap();
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("cannot write to standard output"),
            "{args:?}: {err}"
        );
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
    }
}

#[test]
fn a_huge_unknown_key_is_answered_at_once_and_cut_short() {
    // Two million characters: a quadratic edit distance against every known key took
    // minutes; the suggestion is skipped when no known key is within reach.
    let key = "x".repeat(2_000_000);
    let input = scenario_with(&format!(r#","{key}":1"#));
    let started = std::time::Instant::now();
    let o = run_bounded(
        &["evaluate", "--scenario", "-"],
        Some(input.into_bytes()),
        Stdio::piped(),
    )
    .unwrap();
    assert_no_panic(&o, "huge key");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("[unknown-key]"),
        "{}",
        &err[..err.len().min(400)]
    );
    assert!(
        err.len() < 4_000,
        "the key is echoed whole: {} bytes of messages",
        err.len()
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_near_miss_key_still_gets_its_suggestion() {
    let o = run(
        &["evaluate", "--scenario", "-"],
        Some(&scenario_with(r#","horizonYeras":3"#)),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(r#"Unknown key "horizonYeras". Did you mean "horizonYears"?"#),
        "{}",
        stderr(&o)
    );
}

#[test]
fn echoed_values_are_cut_to_80_characters() {
    // A zone id of a million characters: the message names its first 80 and says it was cut.
    let id: String = ('a'..='z').cycle().take(1_000_000).collect();
    let input = format!(
        r#"{{"zone":"{id}","projectKind":"industrial","investment":1,"registeredCapital":1}}"#
    );
    let o = run_bounded(
        &["evaluate", "--scenario", "-"],
        Some(input.into_bytes()),
        Stdio::piped(),
    )
    .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        &stderr(&o)[..stderr(&o).len().min(400)]
    );
    let err = stderr(&o);
    let first80: String = id.chars().take(80).collect();
    let first81: String = id.chars().take(81).collect();
    assert!(
        err.contains(&format!(
            "[unknown-id] zone: \"{first80}…\" is not known here"
        )),
        "{}",
        &err[..err.len().min(400)]
    );
    assert!(!err.contains(&first81), "more than 80 characters echoed");
    // The known zones are listed whole: they are not the user's input.
    assert!(err.contains("etdz, marine"), "{err}");
}

/// A temp file holding `bytes`, removed on drop.
struct TempFile(std::path::PathBuf);
impl TempFile {
    fn new(tag: &str, bytes: &[u8]) -> TempFile {
        let p = std::env::temp_dir().join(format!("investcalc-cli-{tag}-{}", std::process::id()));
        std::fs::write(&p, bytes).unwrap();
        TempFile(p)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}
impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_scenario_over_16_mib_is_refused_with_exit_2() {
    // Valid JSON (a scenario followed by spaces), one byte over the limit.
    let mut bytes = DONE_WHEN.as_bytes().to_vec();
    bytes.resize(16 * 1024 * 1024 + 1, b' ');
    let file = TempFile::new("big-scenario", &bytes);
    for (args, stdin) in [
        (vec!["evaluate", "--scenario", file.path()], None),
        (vec!["evaluate", "--scenario", "-"], Some(bytes.clone())),
        (vec!["evaluate", "--scenario", "/dev/zero"], None),
    ] {
        let o = run_bounded(&args, stdin, Stdio::piped()).unwrap();
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("larger than 16 MiB"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // Exactly at the limit is read (and evaluated).
    bytes.truncate(16 * 1024 * 1024);
    let o = run_bounded(
        &["evaluate", "--scenario", "-"],
        Some(bytes),
        Stdio::piped(),
    )
    .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_policy_over_64_mib_is_refused_with_exit_1() {
    for args in [
        &["check", "/dev/zero"][..],
        &["evaluate", "--scenario", "-", "--policy", "/dev/zero"][..],
    ] {
        let o = run_bounded(args, Some(DONE_WHEN.as_bytes().to_vec()), Stdio::piped()).unwrap();
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("larger than 64 MiB"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    // `{"zone":"` is 9 bytes, so the bad byte 0xFF is at offset 9.
    let mut bytes = br#"{"zone":""#.to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(
        br#"","projectKind":"industrial","investment":1,"registeredCapital":1}"#,
    );
    let o = run_bounded(
        &["evaluate", "--scenario", "-"],
        Some(bytes.clone()),
        Stdio::piped(),
    )
    .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains("byte offset 9"), "{err}");
    // The same bytes as a policy: exit 1, same explanation.
    let file = TempFile::new("bad-utf8-policy", &bytes);
    let o = run(&["check", file.path()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("byte offset 9"), "{}", stderr(&o));
}

#[test]
fn check_refuses_script_and_data_urls() {
    let readable = include_str!("../src/policy/default.json");
    let mut policy: serde_json::Value = serde_json::from_str(readable).unwrap();
    policy["source"]["url"] = "javascript:alert(1)".into();
    policy["programs"][0]["source"]["url"] = "data:text/html,<script>x</script>".into();
    let file = TempFile::new("script-url", policy.to_string().as_bytes());
    let o = run(&["check", file.path()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("[invalid-url] source.url"), "{err}");
    assert!(
        err.contains("[invalid-url] programs[0].source.url"),
        "{err}"
    );
    assert!(err.contains("2 problem(s)"), "{err}");
}

#[test]
fn csv_schedule_rows_sum_to_each_program_total() {
    let scenario = r#"{"zone":"etdz","projectKind":"industrial","investment":"60000000",
        "registeredCapital":"20000000","localTaxShare":"1500000","landMu":"20","parcel":"etdz-a01"}"#;
    let o = run(
        &[
            "evaluate",
            "--scenario",
            "-",
            "--as-of",
            "2026-11-28",
            "--format",
            "csv",
        ],
        Some(scenario),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    // UTF-8 with a byte-order mark, CRLF line ends, the policy version in the header.
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("version,2026.1\r\n"));
    let table = text
        .split("\r\n\r\n")
        .nth(1)
        .expect("a table after the header");
    let mut lines = table.lines();
    assert_eq!(
        lines.next(),
        Some("program,programName,beneficiary,operatingYear,calendarYear,base,baseUnit,rate,amount,npvOfProgram")
    );
    let mut sums: Vec<(String, rust_decimal::Decimal)> = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split(',').collect();
        let amount: rust_decimal::Decimal = cols[8].parse().unwrap();
        match sums.iter_mut().find(|(p, _)| p == cols[0]) {
            Some((_, s)) => *s += amount,
            None => sums.push((cols[0].to_string(), amount)),
        }
    }
    // By hand: the land rebate, 20% of 20 mu x 192,000 = 768,000.00; the source's reward,
    // 32% of 1,500,000 over 10 years = 480,000.00.
    let got: Vec<(String, String)> = sums
        .iter()
        .map(|(p, s)| (p.clone(), format!("{s:.2}")))
        .collect();
    assert_eq!(
        got,
        [
            (
                "two-zone-industrial-reward".to_string(),
                "480000.00".to_string()
            ),
            ("land-price-rebate".to_string(), "768000.00".to_string()),
        ]
    );
}

#[test]
fn parcels_pages_a_zone_best_first() {
    // CNY 60 million on 20 mu, as of 2026-11-28 (worked by hand in tests/land.rs): in
    // marine, l05 (CNY 2,600,000), p01 and p02 (2,880,000 each), m09 (3,000,000) fit,
    // e12 is not available yet. From the second, two of them:
    let scenario = r#"{"zone":"marine","projectKind":"industrial","investment":"60000000",
        "registeredCapital":"20000000","localTaxShare":"1500000","landMu":"20"}"#;
    let args = ["evaluate", "--scenario", "-", "--as-of", "2026-11-28"];
    let o = run(
        &[
            &args[..],
            &["--parcels", "marine", "--offset", "1", "--limit", "2"],
        ]
        .concat(),
        Some(scenario),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let page: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = page["parcels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["marine-p01", "marine-p02"]);
    assert_eq!(
        (page["total"].as_u64(), page["matched"].as_u64()),
        (Some(5), Some(5))
    );
    let o = run(
        &[&args[..], &["--parcels", "marine", "--fits", "false"]].concat(),
        Some(scenario),
    );
    let page: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(page["parcels"][0]["id"], "marine-e12");
    assert_eq!(page["matched"], 1);
    let o = run(
        &[
            &args[..],
            &["--parcels", "marine", "--max-price-per-mu", "abc"],
        ]
        .concat(),
        Some(scenario),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[invalid-number] --max-price-per-mu"),
        "{}",
        stderr(&o)
    );
}

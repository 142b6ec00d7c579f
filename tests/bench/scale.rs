//! The engine at provincial scale: synthetic valid policies grown from the default one
//! (more parcels, more programs), how long reading and evaluating them takes natively,
//! and the growth at each doubling. Not a pass/fail test: it prints figures.
//!
//! ```text
//! cargo bench --bench scale                     # the curve: default, 1k/500, 10k/500, 10k/1000, 20k/500
//! cargo bench --bench scale -- --write DIR      # also writes each policy (and a scenario) to DIR
//! cargo bench --bench scale -- --sizes 2000/100,4000/100
//! ```
//! Under `cargo test` it builds one small policy and checks that it is valid.

use investcalc::engine::{evaluate_texts, Texts};
use investcalc::{evaluate, Date, Lang, Options, Policy, RawValue};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The default policy grown to `parcels` parcels and `programs` programs. Parcels are
/// copies of the default ones spread over both zones (fresh ids, areas and prices varied);
/// programs are copies of the default ones with fresh ids and their investment thresholds
/// moved, so that each copy is met or missed by a different scenario.
pub fn generate(parcels: usize, programs: usize) -> Value {
    let mut p: Value =
        serde_json::from_str(investcalc::policy::DEFAULT_POLICY_JSON).expect("default policy");
    p["id"] = json!(format!("synthetic-{parcels}-{programs}"));
    p["version"] = json!("bench.1");
    let zones = p["zones"].as_array().cloned().unwrap_or_default();
    let base_parcels: Vec<Value> = zones
        .iter()
        .flat_map(|z| z["parcels"].as_array().cloned().unwrap_or_default())
        .collect();
    let mut out_zones = zones.clone();
    for z in out_zones.iter_mut() {
        z["parcels"] = json!([]);
    }
    for i in 0..parcels {
        let mut parcel = base_parcels[i % base_parcels.len()].clone();
        parcel["id"] = json!(format!("p{i:06}"));
        // Areas 10..=309 mu, prices 100,000..=299,900 per mu: spread, all valid.
        parcel["areaMu"] = json!(format!("{}", 10 + (i * 37) % 300));
        parcel["pricePerMu"] = json!(format!("{}", 100_000 + (i * 7_919) % 2_000 * 100));
        let zi = i % out_zones.len();
        if let Some(list) = out_zones[zi]["parcels"].as_array_mut() {
            list.push(parcel);
        }
    }
    p["zones"] = Value::Array(out_zones);
    let base_programs = p["programs"].as_array().cloned().unwrap_or_default();
    let mut out_programs = Vec::with_capacity(programs);
    for i in 0..programs {
        let mut prog = base_programs[i % base_programs.len()].clone();
        let id = format!("{}-{i:04}", prog["id"].as_str().unwrap_or("program"));
        prog["id"] = json!(id);
        // "Choose one of": each copy excludes its predecessor of the same kind, if any.
        prog["notCombinableWith"] = if i >= base_programs.len() {
            let j = i - base_programs.len();
            json!([format!(
                "{}-{j:04}",
                base_programs[j % base_programs.len()]["id"]
                    .as_str()
                    .unwrap_or("program")
            )])
        } else {
            json!([])
        };
        shift_thresholds(&mut prog["criteria"], i);
        out_programs.push(prog);
    }
    p["programs"] = Value::Array(out_programs);
    p["caps"] = json!([]);
    p
}

/// Moves every investment threshold in a criterion tree by `i` × CNY 100,000.
fn shift_thresholds(c: &mut Value, i: usize) {
    for key in ["all", "any"] {
        // `get_mut`, not `c[key]`: indexing a JSON object mutably inserts a null key.
        if let Some(list) = c.get_mut(key).and_then(Value::as_array_mut) {
            for child in list {
                shift_thresholds(child, i);
            }
        }
    }
    if c.get("not").is_some() {
        shift_thresholds(&mut c["not"], i);
    }
    if c["field"] == "investment" {
        if let Some(v) = c["value"].as_str().and_then(|s| s.parse::<u64>().ok()) {
            c["value"] = json!(format!("{}", v + (i as u64 % 400) * 100_000));
        }
    }
}

/// The scenario every size is evaluated with: the calculator's prefilled example, on the
/// first parcel of the policy (`etdz-a01` in the default one, `p000000` in the others).
pub fn scenario(parcel: &str) -> String {
    format!(
        r#"{{"zone":"etdz","projectKind":"industrial","investment":"60000000",
  "registeredCapital":"20000000","localTaxShare":"1500000","landMu":"20","parcel":"{parcel}"}}"#
    )
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median milliseconds of `f` over runs lasting about `budget` (at least 3 runs).
fn time_ms(mut f: impl FnMut(), budget: Duration) -> f64 {
    let start = Instant::now();
    let mut runs = Vec::new();
    while runs.len() < 3 || (start.elapsed() < budget && runs.len() < 200) {
        let t = Instant::now();
        f();
        runs.push(t.elapsed().as_secs_f64() * 1e3);
    }
    median(runs)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if !args.iter().any(|a| a == "--bench") {
        let text = generate(40, 12).to_string();
        let policy = Policy::from_json(&text, Lang::En);
        assert!(
            policy.is_ok(),
            "synthetic policy invalid: {:?}",
            policy.err()
        );
        println!("scale bench: smoke run ok (use `cargo bench --bench scale`)");
        return;
    }
    let sizes: Vec<(usize, usize)> = arg("--sizes")
        .unwrap_or_else(|| "10/6,1000/500,10000/500,10000/1000,20000/500".into())
        .split(',')
        .filter_map(|s| {
            let (a, b) = s.split_once('/')?;
            Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
        })
        .collect();
    let write = arg("--write");
    let today = Date::parse("2026-11-28").expect("a date");
    let opts = Options {
        lang: Lang::En,
        today,
        as_of: None,
    };
    println!(
        "{:>8} {:>9} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "parcels", "programs", "read ms", "evaluate ms", "brief ms", "+JSON ms", "report KB"
    );
    let mut rows = Vec::new();
    let mut native = Vec::new();
    for (parcels, programs) in sizes {
        let default = (parcels, programs) == (10, 6);
        let text = if default {
            investcalc::policy::DEFAULT_POLICY_JSON.to_string()
        } else {
            generate(parcels, programs).to_string()
        };
        let scenario_text = scenario(if default { "etdz-a01" } else { "p000000" });
        let scenario = RawValue::from_json(&scenario_text).expect("scenario");
        if let Some(dir) = &write {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(
                format!("{dir}/scenario-{parcels}-{programs}.json"),
                &scenario_text,
            );
        }
        if let Some(dir) = &write {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(format!("{dir}/policy-{parcels}-{programs}.json"), &text);
        }
        let policy = match Policy::from_json(&text, Lang::En) {
            Ok(p) => p,
            Err(issues) => {
                println!(
                    "{parcels}/{programs}: not valid: {:?}",
                    &issues[..issues.len().min(3)]
                );
                continue;
            }
        };
        let budget = Duration::from_millis(if parcels >= 10_000 { 3_000 } else { 1_000 });
        let read = time_ms(
            || drop(black_box(Policy::from_json(&text, Lang::En))),
            budget,
        );
        let eval = time_ms(
            || drop(black_box(evaluate(&policy, &scenario, &opts))),
            budget,
        );
        let brief = time_ms(
            || {
                drop(black_box(evaluate_texts(
                    &policy,
                    &scenario,
                    &opts,
                    Texts::Brief,
                )))
            },
            budget,
        );
        let json = time_ms(
            || {
                drop(black_box(serde_json::to_string(&evaluate(
                    &policy, &scenario, &opts,
                ))))
            },
            budget,
        );
        let report = evaluate(&policy, &scenario, &opts);
        if !report.errors.is_empty() {
            println!(
                "{parcels}/{programs}: the scenario has errors: {:?}",
                report.errors
            );
            continue;
        }
        let bytes = serde_json::to_string(&report).map_or(0, |s| s.len());
        println!(
            "{parcels:>8} {programs:>9} {read:>12.2} {eval:>12.3} {brief:>12.3} {json:>12.3} {:>12.1}",
            bytes as f64 / 1e3
        );
        rows.push((parcels, programs, read, eval, json));
        native.push(format!(
            "{{\"parcels\":{parcels},\"programs\":{programs},\"readMs\":{read:.4},\"evaluateMs\":{eval:.4},\"briefMs\":{brief:.4}}}"
        ));
    }
    // Growth at each doubling of one size with the other fixed.
    for a in &rows {
        for b in &rows {
            let (pa, ga) = (a.0, a.1);
            let (pb, gb) = (b.0, b.1);
            let parcels_doubled = pb == 2 * pa && gb == ga;
            let programs_doubled = gb == 2 * ga && pb == pa;
            if parcels_doubled || programs_doubled {
                let what = if parcels_doubled {
                    "parcels"
                } else {
                    "programs"
                };
                println!(
                    "doubling {what} {pa}/{ga} -> {pb}/{gb}: read {:.2}x, evaluate {:.2}x, evaluate+JSON {:.2}x",
                    b.2 / a.2,
                    b.3 / a.3,
                    b.4 / a.4
                );
            }
        }
    }
    // P3: one evaluation of the default policy's prefilled example (the first screen),
    // in microseconds, median of batches: every text, and the brief report.
    let policy = Policy::default_policy().expect("the default policy");
    let scenario = RawValue::from_json(&scenario("etdz-a01")).expect("scenario");
    let all = median_us(|| drop(black_box(evaluate(&policy, &scenario, &opts))));
    let brief = median_us(|| {
        drop(black_box(evaluate_texts(
            &policy,
            &scenario,
            &opts,
            Texts::Brief,
        )))
    });
    println!("P3 (default policy, one evaluation, native): {all:.1} µs with every text, {brief:.1} µs brief");
    if let Some(dir) = &write {
        let text = format!(
            "{{\"rows\":[{}],\"p3Us\":{all:.2},\"p3BriefUs\":{brief:.2}}}",
            native.join(",")
        );
        let _ = std::fs::write(format!("{dir}/native.json"), text);
    }
}

/// Median microseconds of `f` over 15 batches of about 100 ms.
fn median_us(mut f: impl FnMut()) -> f64 {
    let mut means = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(100) {
            f();
            n += 1;
        }
        means.push(start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
    }
    median(means)
}

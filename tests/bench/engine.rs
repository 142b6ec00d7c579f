//! Native engine benchmark: microseconds per evaluation of the default policy's prefilled
//! example scenario (the investor's first screen), the engine alone and the engine plus
//! the JSON text the browser receives.
//!
//! `cargo bench --bench engine` prints a table; `-- --json` prints one JSON line instead
//! (read by `tests/bench/first-screen.mjs`, which sets the native figure beside the wasm
//! one measured in the browser in the same run). Under `cargo test` it runs once, as a
//! smoke test. Timings are medians of batches; nothing here passes or fails on a time.

use investcalc::{evaluate, ui, Date, Lang, Options, Policy, RawValue};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The scenario the calculator opens with, from the form schema (the one source).
fn example(policy: &Policy) -> RawValue {
    let schema = ui::form_schema(policy, Lang::En);
    let json = serde_json::to_value(&schema.example).expect("the example serialises");
    RawValue::from_json(&json.to_string()).expect("the example is JSON")
}

/// Median of `batches` batch means, each batch running `f` for about `per_batch`.
fn median_us(mut f: impl FnMut(), batches: usize, per_batch: Duration) -> f64 {
    let mut means = Vec::with_capacity(batches);
    for _ in 0..batches {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < per_batch {
            f();
            n += 1;
        }
        means.push(start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
    }
    means.sort_by(f64::total_cmp);
    means[means.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let json = args.iter().any(|a| a == "--json");
    let policy = Policy::default_policy().expect("the default policy is valid");
    let scenario = example(&policy);
    let today = Date::parse("2026-11-28").expect("a date");
    let opts = Options {
        lang: Lang::ZhHans,
        today,
        as_of: None,
    };
    let report = evaluate(&policy, &scenario, &opts);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    if !bench {
        println!("engine bench: smoke run ok (use `cargo bench --bench engine`)");
        return;
    }
    let (batches, per) = (15, Duration::from_millis(100));
    let engine = median_us(
        || {
            black_box(evaluate(&policy, black_box(&scenario), &opts));
        },
        batches,
        per,
    );
    let with_json = median_us(
        || {
            let r = evaluate(&policy, black_box(&scenario), &opts);
            black_box(serde_json::to_string(&r).expect("the report serialises"));
        },
        batches,
        per,
    );
    let bytes = serde_json::to_string(&report).map_or(0, |s| s.len());
    if json {
        println!(
            "{{\"evaluateUs\":{engine:.1},\"evaluateJsonUs\":{with_json:.1},\"reportBytes\":{bytes}}}"
        );
    } else {
        println!("default policy, example scenario (native, release):");
        println!("  evaluate                 {engine:>9.1} µs");
        println!("  evaluate + JSON text     {with_json:>9.1} µs");
        println!("  report                   {bytes:>9} bytes of JSON");
    }
}

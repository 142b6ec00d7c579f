//! The staff scans: a low/high band on the tax estimate, and the totals against the
//! investment. Expected figures worked out by hand from the source's rule.

use investcalc::engine::scan::{band, curve};
use investcalc::money::Rate;
use investcalc::{Date, Lang, Options, Policy, RawValue};
use rust_decimal::Decimal;

fn setup(json: &str) -> (Policy, RawValue, Options) {
    let policy = Policy::default_policy().unwrap();
    let raw = RawValue::from_json(json).unwrap();
    let today = Date::parse("2026-11-28").unwrap();
    (
        policy,
        raw,
        Options {
            lang: Lang::En,
            today,
            as_of: None,
        },
    )
}

const BASE: &str = r#"{"zone":"etdz","projectKind":"industrial","investment":"60000000",
    "registeredCapital":"20000000","localTaxShare":"1500000"}"#;

#[test]
fn band_moves_the_tax_estimate_by_the_rate() {
    let (policy, raw, opts) = setup(BASE);
    let b = band(&policy, &raw, &opts, Rate(Decimal::new(2, 1))).unwrap();
    // Base 1,500,000 a year: -20% is 1,200,000, +20% is 1,800,000. The source's reward:
    // 8% + 6% + 4% + 7 x 2% = 32% of the yearly figure over 10 years:
    // 0.32 x 1,200,000 = 384,000.00; 0.32 x 1,800,000 = 576,000.00.
    assert_eq!(b.low.unit_total.0.to_fen_string(), "384000.00");
    assert_eq!(b.high.unit_total.0.to_fen_string(), "576000.00");
    // Nothing for the enterprise depends on taxes here (the land rebate needs land).
    assert_eq!(b.low.enterprise_total.0.to_fen_string(), "0.00");
    assert_eq!(b.high.enterprise_total, b.low.enterprise_total);
    // A rate outside 0..1 is refused with its own code.
    let err = band(&policy, &raw, &opts, Rate(Decimal::new(15, 1))).unwrap_err();
    assert_eq!(err[0].code, "out-of-range");
}

#[test]
fn curve_steps_at_the_50m_threshold() {
    let (policy, raw, opts) = setup(BASE);
    let c = curve(&policy, &raw, &opts, 40).unwrap();
    let at = |x: &str| {
        c.points
            .iter()
            .find(|p| p.investment.0.to_fen_string() == x)
            .unwrap_or_else(|| panic!("no point at {x}"))
    };
    // One fen below CNY 50M the source's reward does not apply; at 50M it pays
    // 0.32 x 1,500,000 = 480,000.00 over 10 years.
    assert_eq!(
        at("49999999.99").totals.unit_total.0.to_fen_string(),
        "0.00"
    );
    assert_eq!(
        at("50000000.00").totals.unit_total.0.to_fen_string(),
        "480000.00"
    );
    // The thresholds include the tiers and the 50M rule; points run in order.
    let t: Vec<String> = c.thresholds.iter().map(|f| f.0.to_fen_string()).collect();
    for want in ["10000000.00", "50000000.00", "100000000.00", "500000000.00"] {
        assert!(t.contains(&want.to_string()), "{want} in {t:?}");
    }
    assert!(c
        .points
        .windows(2)
        .all(|w| w[0].investment < w[1].investment));
    assert_eq!(c.points[0].investment.0.to_fen_string(), "0.00");
}

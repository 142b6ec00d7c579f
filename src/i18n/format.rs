//! Numbers as people read them: `CNY 50,000,000.00`, `CNY 50.0 million`, `5,000萬元`,
//! `1.2亿元`, `8%`, `12.5 mu (8,333.33 m²)`; and amounts as people type them.

use crate::money::DecOps;

use super::Lang;
use crate::money::{group_thousands, parse_decimal, Area, Money, Rate};
use crate::policy::fields::Unit;
use rust_decimal::Decimal;

fn wan(lang: Lang) -> &'static str {
    if lang == Lang::ZhHant {
        "萬"
    } else {
        "万"
    }
}
fn yi(lang: Lang) -> &'static str {
    if lang == Lang::ZhHant {
        "億"
    } else {
        "亿"
    }
}

/// Trims trailing zeros of a fraction, keeping at least `min_places` decimals.
fn trimmed(d: Decimal, min_places: u32) -> String {
    let n = d.normalize();
    let places = n.scale().max(min_places);
    group_thousands(n, places)
}

/// An amount in full, to the fen: `CNY 1,000,000.00` or `1,000,000.00元`.
///
/// # Examples
/// ```
/// use investcalc::{i18n::{format::money_full, Lang}, money::Money};
/// let m = Money::parse("80000").unwrap();
/// assert_eq!(money_full(m, Lang::En), "CNY 80,000.00");
/// assert_eq!(money_full(m, Lang::ZhHans), "80,000.00元");
/// ```
pub fn money_full(m: Money, lang: Lang) -> String {
    let s = group_thousands(m.get(), 2);
    match lang {
        Lang::En => format!("CNY {s}"),
        _ => format!("{s}元"),
    }
}

/// An amount in the units people speak, exact (no digit is dropped):
/// `CNY 50.0 million`, `5,000万元`, `1.2億元`, `CNY 80,000`.
///
/// # Examples
/// ```
/// use investcalc::{i18n::{format::money_compact, Lang}, money::Money};
/// let m = |s| Money::parse(s).unwrap();
/// assert_eq!(money_compact(m("50000000"), Lang::En), "CNY 50.0 million");
/// assert_eq!(money_compact(m("50000000"), Lang::ZhHant), "5,000萬元");
/// assert_eq!(money_compact(m("120000000"), Lang::ZhHans), "1.2亿元");
/// assert_eq!(money_compact(m("49999999.99"), Lang::ZhHans), "4,999.999999万元");
/// ```
pub fn money_compact(m: Money, lang: Lang) -> String {
    let v = m.get();
    let a = v.abs();
    match lang {
        Lang::En => {
            let million = Decimal::from(1_000_000);
            if a >= million {
                match v.cdiv(million) {
                    Some(q) => format!("CNY {} million", trimmed(q, 1)),
                    None => money_full(m, lang),
                }
            } else {
                format!("CNY {}", trimmed(v, 0))
            }
        }
        _ => {
            let yi_unit = Decimal::from(100_000_000);
            let wan_unit = Decimal::from(10_000);
            if a >= yi_unit {
                v.cdiv(yi_unit).map_or_else(
                    || money_full(m, lang),
                    |q| format!("{}{}元", trimmed(q, 0), yi(lang)),
                )
            } else if a >= wan_unit {
                v.cdiv(wan_unit).map_or_else(
                    || money_full(m, lang),
                    |q| format!("{}{}元", trimmed(q, 0), wan(lang)),
                )
            } else {
                format!("{}元", trimmed(v, 0))
            }
        }
    }
}

/// An amount rounded for a headline ("about …"): CNY millions to one decimal in
/// English (`CNY 1.9 million`), 万元 or 亿元 to two decimals in Chinese (`190.48万元`).
/// Smaller amounts are rounded to the yuan.
///
/// # Examples
/// ```
/// use investcalc::{i18n::{format::money_approx, Lang}, money::Money};
/// let m = |s| Money::parse(s).unwrap();
/// assert_eq!(money_approx(m("1904761.90"), Lang::En), "CNY 1.9 million");
/// assert_eq!(money_approx(m("1904761.90"), Lang::ZhHans), "190.48万元");
/// assert_eq!(money_approx(m("240000"), Lang::En), "CNY 240,000");
/// ```
pub fn money_approx(m: Money, lang: Lang) -> String {
    let round = |d: Decimal, places: u32| {
        d.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let v = m.get();
    let a = v.abs();
    let (unit, places) = match lang {
        Lang::En if a >= Decimal::from(1_000_000) => (Decimal::from(1_000_000), 1),
        Lang::En => (Decimal::ONE, 0),
        _ if a >= Decimal::from(100_000_000) => (Decimal::from(100_000_000), 2),
        _ if a >= Decimal::from(10_000) => (Decimal::from(10_000), 2),
        _ => (Decimal::ONE, 0),
    };
    let q = v.cdiv(unit).map(|q| round(q, places)).unwrap_or(v);
    let rounded = q.cmul(unit).and_then(Money::checked).unwrap_or(m);
    money_compact(rounded, lang)
}

/// A rate as a percentage: `8%`, `2.5%`.
pub fn percent(r: Rate) -> String {
    match r.get().cmul(Decimal::from(100)) {
        Some(p) => format!("{}%", trimmed(p, 0)),
        None => r.to_string(),
    }
}

/// An area in mu with m² beside it: `12.5 mu (8,333.33 m²)` / `12.5畝（8,333.33平方米）`.
pub fn area(a: Area, lang: Lang) -> String {
    let m2 = a.to_m2().map(|m| group_thousands(m, 2)).unwrap_or_default();
    let mu = trimmed(a.get(), 0);
    match lang {
        Lang::En => format!("{mu} mu ({m2} m²)"),
        Lang::ZhHans => format!("{mu}亩（{m2}平方米）"),
        Lang::ZhHant => format!("{mu}畝（{m2}平方米）"),
    }
}

/// An entry as typed, made plain: full-width digits and signs from a Chinese input method
/// (`５０００`, `．`, `，`, `－`) become ASCII, spaces (also the ideographic and the
/// no-break space) go, and Latin letters are lower-cased.
///
/// # Examples
/// ```
/// use investcalc::i18n::format::normalize_entry;
/// assert_eq!(normalize_entry(" ５，０００．５ 万 "), "5,000.5万");
/// assert_eq!(normalize_entry("50 M"), "50m");
/// ```
pub fn normalize_entry(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
            '\u{3000}' | ' ' | '\u{a0}' | '\t' => None,
            c => Some(c),
        })
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Reads an amount as people type it: `5000萬`, `5000万元`, `0.5億`, `1.2亿`, `5千万`,
/// `３百万`, full-width digits (`５０００万`), `50m`, `50 million`, `50,000,000`,
/// `CNY 50M`, `2.5k`. Returns the amount in the unit typed (currency is not converted
/// here).
///
/// # Errors
/// `None` when the text is not an amount.
///
/// # Examples
/// ```
/// use investcalc::i18n::format::parse_amount;
/// assert_eq!(parse_amount("5000萬").unwrap().to_string(), "50000000");
/// assert_eq!(parse_amount("0.5億").unwrap().to_string(), "50000000.0");
/// assert_eq!(parse_amount("50m").unwrap().to_string(), "50000000");
/// assert_eq!(parse_amount("50,000,000").unwrap().to_string(), "50000000");
/// assert_eq!(parse_amount("５０００万").unwrap().to_string(), "50000000");
/// assert_eq!(parse_amount("5千万").unwrap().to_string(), "50000000");
/// assert_eq!(parse_amount("3百萬").unwrap().to_string(), "3000000");
/// assert_eq!(parse_amount("１２．５十万").unwrap().to_string(), "1250000.0");
/// assert!(parse_amount("fifty").is_none());
/// ```
pub fn parse_amount(text: &str) -> Option<Decimal> {
    let mut t = normalize_entry(text);
    for prefix in ["cny", "rmb", "¥", "￥"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
        }
    }
    for suffix in ["元", "yuan", "cny", "rmb"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.to_string();
        }
    }
    // Longest first: 千万 before 万, million before m.
    const UNITS: [(&str, i64); 20] = [
        ("thousand", 1_000),
        ("million", 1_000_000),
        ("billion", 1_000_000_000),
        ("千万", 10_000_000),
        ("千萬", 10_000_000),
        ("百万", 1_000_000),
        ("百萬", 1_000_000),
        ("十万", 100_000),
        ("十萬", 100_000),
        ("亿", 100_000_000),
        ("億", 100_000_000),
        ("万", 10_000),
        ("萬", 10_000),
        ("千", 1_000),
        ("百", 100),
        ("bn", 1_000_000_000),
        ("mn", 1_000_000),
        ("m", 1_000_000),
        ("k", 1_000),
        ("b", 1_000_000_000),
    ];
    for (suffix, factor) in UNITS {
        if let Some(num) = t.strip_suffix(suffix) {
            let n = parse_decimal(num)?;
            return n.cmul(Decimal::from(factor));
        }
    }
    parse_decimal(&t)
}

/// A value with its unit, in full: `CNY 50,000,000.00`, `12.5 mu (8,333.33 m²)`,
/// `CNY 3,000,000.00 per mu`, `2 years`.
pub fn quantity(d: Decimal, unit: Unit, lang: Lang) -> String {
    quantity_at(d, unit, unit.places(), lang)
}

/// A value with its unit, with `places` decimal places (mu show their own digits).
pub fn quantity_at(d: Decimal, unit: Unit, places: u32, lang: Lang) -> String {
    let n = group_thousands(d, places);
    let zh = lang != Lang::En;
    let mu = if lang == Lang::ZhHant { "畝" } else { "亩" };
    match unit {
        Unit::Cny if zh => format!("{n}元"),
        Unit::Cny => format!("CNY {n}"),
        Unit::Usd if zh => format!("{n}美元"),
        Unit::Usd => format!("USD {n}"),
        Unit::Mu => area(Area(d), lang),
        Unit::M2 if zh => format!("{n}平方米"),
        Unit::M2 => format!("{n} m²"),
        Unit::Count | Unit::Ratio => n,
        Unit::Years if zh => format!("{n}年"),
        Unit::Years => format!("{n} years"),
        Unit::CnyPerMu if zh => format!("{n}元/{mu}"),
        Unit::CnyPerMu => format!("CNY {n} per mu"),
        Unit::CnyPerMuYear if zh => format!("{n}元/{mu}·年"),
        Unit::CnyPerMuYear => format!("CNY {n} per mu per year"),
        Unit::Kwh => format!("{n} kWh"),
    }
}

/// The decimal places that show `d` exactly: its own, at least `min`.
pub fn exact_places(d: Decimal, min: u32) -> u32 {
    d.normalize().scale().max(min)
}

/// A value with its unit, every digit shown (at least the unit's places): a base the
/// amount was computed from, an award per unit below one fen (`CNY 0.003`).
///
/// # Examples
/// ```
/// use investcalc::{i18n::{format::quantity_exact, Lang}, policy::fields::Unit};
/// use rust_decimal::Decimal;
/// assert_eq!(quantity_exact(Decimal::new(3, 3), Unit::Cny, Lang::En), "CNY 0.003");
/// assert_eq!(quantity_exact(Decimal::new(80, 0), Unit::Cny, Lang::En), "CNY 80.00");
/// assert_eq!(quantity_exact(Decimal::new(12345, 3), Unit::Mu, Lang::En), "12.345 mu (8,230.00 m²)");
/// ```
pub fn quantity_exact(d: Decimal, unit: Unit, lang: Lang) -> String {
    quantity_at(d, unit, exact_places(d, unit.places()), lang)
}

/// An amount in a currency the scenario was typed in: `USD 0.01`, `EUR 1,000.00`
/// (`0.01美元`, `1,000.00 EUR` in Chinese), every digit shown (at least two places).
pub fn in_currency(d: Decimal, currency: &str, lang: Lang) -> String {
    match currency {
        "CNY" => quantity_exact(d, Unit::Cny, lang),
        "USD" => quantity_exact(d, Unit::Usd, lang),
        c => {
            let n = group_thousands(d, exact_places(d, 2));
            match lang {
                Lang::En => format!("{c} {n}"),
                _ => format!("{n} {c}"),
            }
        }
    }
}

/// A value rounded to `places` in the direction of a missed threshold, so a value that
/// misses `>= 3,000,000` by a fraction never shows as `3,000,000.00`: `below` rounds
/// down (a value below its threshold), otherwise up.
pub fn toward(d: Decimal, places: u32, below: bool) -> Decimal {
    let strategy = if below {
        rust_decimal::RoundingStrategy::ToNegativeInfinity
    } else {
        rust_decimal::RoundingStrategy::ToPositiveInfinity
    };
    d.round_dp_with_strategy(places, strategy)
}

/// A value in its unit's places, without separators, as the report's JSON carries it:
/// money `"50000000.00"`, a count `"120"`.
pub fn fixed(d: Decimal, unit: Unit) -> String {
    fixed_at(d, unit.places())
}

/// A value with `places` decimal places, without separators.
pub fn fixed_at(d: Decimal, places: u32) -> String {
    let mut r =
        d.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(places);
    r.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_money_table() {
        let cases = [
            ("50000000", Lang::En, "CNY 50.0 million"),
            ("1500000", Lang::En, "CNY 1.5 million"),
            ("80000", Lang::En, "CNY 80,000"),
            ("80000.5", Lang::En, "CNY 80,000.5"),
            ("50000000", Lang::ZhHans, "5,000万元"),
            ("20000000", Lang::ZhHant, "2,000萬元"),
            ("500000000", Lang::ZhHans, "5亿元"),
            ("9999", Lang::ZhHans, "9,999元"),
        ];
        for (input, lang, want) in cases {
            assert_eq!(
                money_compact(Money::parse(input).unwrap(), lang),
                want,
                "input {input} {lang:?}"
            );
        }
    }

    #[test]
    fn typed_amounts() {
        let cases = [
            ("5000万", Some("50000000")),
            ("5,000萬元", Some("50000000")),
            ("1.2亿", Some("120000000")),
            ("CNY 50M", Some("50000000")),
            ("50 million", Some("50000000")),
            ("2.5k", Some("2500")),
            ("49999999.99", Some("49999999.99")),
            ("-5", Some("-5")),
            ("5万万", None),
            ("abc", None),
            ("", None),
        ];
        for (input, want) in cases {
            let got = parse_amount(input).map(|d| d.normalize().to_string());
            assert_eq!(got.as_deref(), want, "input {input:?}");
        }
    }

    #[test]
    fn percent_and_area() {
        assert_eq!(percent(Rate::parse("0.08").unwrap()), "8%");
        assert_eq!(percent(Rate::parse("0.025").unwrap()), "2.5%");
        assert_eq!(
            area(Area::parse("15").unwrap(), Lang::En),
            "15 mu (10,000.00 m²)"
        );
        assert_eq!(
            area(Area::parse("1.5").unwrap(), Lang::ZhHant),
            "1.5畝（1,000.00平方米）"
        );
    }
}

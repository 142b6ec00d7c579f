//! Exact quantities: [`Money`], [`Rate`], [`Area`] and plain [`Dec`] numbers over
//! `rust_decimal`, with checked arithmetic and stated rounding.
//!
//! Every operation that could overflow returns `Option`; callers turn `None` into an
//! error that names the field. Nothing here panics and nothing uses binary floating point.

use rust_decimal::{Decimal, RoundingStrategy};

/// Checked decimal arithmetic kept out of line (each operation is one call, not a copy
/// of rust_decimal's implementation at every site).
pub trait DecOps: Sized {
    /// a × b
    fn cmul(self, o: Decimal) -> Option<Decimal>;
    /// a + b
    fn cadd(self, o: Decimal) -> Option<Decimal>;
    /// a − b
    fn csub(self, o: Decimal) -> Option<Decimal>;
    /// a ÷ b
    fn cdiv(self, o: Decimal) -> Option<Decimal>;
    /// The nearest whole number at or above (rust_decimal's `ceil` goes through its
    /// panicking `+` and `-`, which would be inlined a second time into the module).
    fn up(self) -> Decimal;
    /// The nearest whole number at or below.
    fn down(self) -> Decimal;
    /// Whether there is no fractional part.
    fn is_whole(self) -> bool;
}
impl DecOps for Decimal {
    #[inline(never)]
    fn cmul(self, o: Decimal) -> Option<Decimal> {
        self.checked_mul(o)
    }
    #[inline(never)]
    fn cadd(self, o: Decimal) -> Option<Decimal> {
        self.checked_add(o)
    }
    #[inline(never)]
    fn csub(self, o: Decimal) -> Option<Decimal> {
        self.checked_sub(o)
    }
    #[inline(never)]
    fn cdiv(self, o: Decimal) -> Option<Decimal> {
        self.checked_div(o)
    }
    fn up(self) -> Decimal {
        self.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::ToPositiveInfinity)
    }
    fn down(self) -> Decimal {
        self.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::ToNegativeInfinity)
    }
    fn is_whole(self) -> bool {
        self.trunc() == self
    }
}
pub use crate::policy::fields::Unit;
pub use crate::raw::NumberError;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// Square metres in one mu: exactly 10000/15 (1 mu = 666.66… m²; 15 mu = 1 hectare).
pub fn m2_per_mu() -> Decimal {
    Decimal::from(10000)
        .cdiv(Decimal::from(15))
        .unwrap_or_default()
}

/// Parses an exact decimal number from text: an optional sign, digits, an optional
/// fraction. Thousands separators (`,`) and surrounding spaces are accepted.
///
/// # Errors
/// Returns `None` when the text is not a plain decimal number or has more than 28
/// fractional digits or too many digits overall ([`parse_decimal_exact`] says which).
///
/// # Examples
/// ```
/// use investcalc::money::parse_decimal;
/// assert_eq!(parse_decimal("50,000,000").unwrap().to_string(), "50000000");
/// assert_eq!(parse_decimal("0.1").unwrap().to_string(), "0.1");
/// assert!(parse_decimal("1e5").is_none());
/// assert!(parse_decimal("NaN").is_none());
/// ```
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    parse_decimal_exact(text).ok()
}

/// Parses an exact decimal number from text, as [`parse_decimal`], saying why not.
///
/// Trailing zeros of the fraction do not count against the 28 places (`5.000…0` is 5).
///
/// # Errors
/// - [`NumberError::Invalid`]: not a plain decimal number (`1,2,3`, `1.2.3`, `.5`, `5.`,
///   `--5`, `,`, `1e5`);
/// - [`NumberError::TooLarge`]: the whole part is beyond an exact decimal (about 7.9e28);
/// - [`NumberError::TooManyDigits`]: more than 28 decimal places, or more significant
///   digits than an exact decimal holds.
///
/// # Examples
/// ```
/// use investcalc::money::parse_decimal_exact;
/// use investcalc::raw::NumberError;
/// assert_eq!(parse_decimal_exact("1.2.3"), Err(NumberError::Invalid));
/// assert_eq!(parse_decimal_exact("1".repeat(30).as_str()), Err(NumberError::TooLarge));
/// assert_eq!(parse_decimal_exact("0.00000000000000000000000000001"), Err(NumberError::TooManyDigits));
/// assert_eq!(parse_decimal_exact("0.0000000000000000000000000001").unwrap().to_string(),
///            "0.0000000000000000000000000001");
/// ```
pub fn parse_decimal_exact(text: &str) -> Result<Decimal, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Invalid);
    }
    let cleaned: Cow<str> = if t.contains(',') {
        // Separators must sit between digits in the integer part.
        let int_part = t.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int_part.trim_start_matches(['-', '+']).split(',').collect();
        let well_formed = groups.len() > 1
            && !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !well_formed || t.split('.').nth(1).is_some_and(|f| f.contains(',')) {
            return Err(NumberError::Invalid);
        }
        Cow::Owned(t.replace(',', ""))
    } else {
        Cow::Borrowed(t)
    };
    let body = cleaned.trim_start_matches(['-', '+']);
    if body.is_empty()
        || cleaned.len() - body.len() > 1
        || !body.chars().all(|c| c.is_ascii_digit() || c == '.')
        || body.matches('.').count() > 1
        || body.starts_with('.')
        || body.ends_with('.')
    {
        return Err(NumberError::Invalid);
    }
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    // The whole part against the largest exact decimal, 2^96 − 1, digit for digit.
    const MAX_WHOLE: &str = "79228162514264337593543950335";
    let whole = int.trim_start_matches('0');
    if whole.len() > MAX_WHOLE.len() || (whole.len() == MAX_WHOLE.len() && whole > MAX_WHOLE) {
        return Err(NumberError::TooLarge);
    }
    let kept = frac.trim_end_matches('0').len();
    if kept > 28 {
        return Err(NumberError::TooManyDigits);
    }
    // The text without the fraction's trailing zeros (and its point when none is left).
    let end = cleaned.len() - (frac.len() - kept) - usize::from(kept == 0 && !frac.is_empty());
    let kept_text = cleaned.get(..end).unwrap_or(&cleaned);
    let text = kept_text.strip_prefix('+').unwrap_or(kept_text);
    Decimal::from_str_exact(text).map_err(|_| NumberError::TooManyDigits)
}

/// What a quantity is measured in, for the largest value accepted ([`max_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// One of the units scenario fields and derived quantities are in.
    Unit(Unit),
    /// CNY per m² per month (factory rent, a rent subsidy).
    CnyPerM2Month,
    /// CNY per unit of another currency (an exchange rate).
    CnyPerUnit,
    /// A plain multiplier (a derived quantity's factor).
    Factor,
}

/// The largest value accepted in each unit: a scenario input above it is `too-large`,
/// a policy figure that evaluation multiplies (a price, an area, a rent, an award per
/// unit, an exchange rate, a factor) is `figure-too-large` above it. This is the one table of caps; the
/// scenario reader and the policy check both read it (README, "Largest values").
///
/// | unit | largest | why |
/// |---|---|---|
/// | CNY | 10^16 | far above any project; sums of 50 years of every program stay exact |
/// | USD | 10^15 | the CNY cap over 10: a dollar has never been worth 10 yuan |
/// | mu | 1,000,000 | 667 km², larger than any development zone |
/// | m² | 10,000,000 | floor area: 1,000 ha of factories |
/// | count | 10,000,000 | jobs |
/// | years | 50 | the longest horizon |
/// | ratio | 100 | plot ratio |
/// | kWh | 10^13 | a year of the largest plants is below 10^11 kWh |
/// | CNY per mu, CNY per mu per year | 10^10 | land prices, intensity and tax per mu are below 10^8 |
/// | CNY per m² per month | 1,000,000 | rents are tens of yuan |
/// | CNY per unit of a currency | 1,000 | the dearest currency is worth about 25 yuan |
/// | factor | 1,000 | derived quantities count a field at 150% and the like |
///
/// Within these, no computation on validated figures overflows an exact decimal except
/// through a chain of derived quantities or a per-unit award on a money base (reported as
/// `overflow`, naming the figure); money always keeps its two decimal places.
pub fn max_for(m: Measure) -> Decimal {
    let pow10 = |n: u32| Decimal::from(10_i64.pow(n));
    match m {
        Measure::Unit(Unit::Cny) => pow10(16),
        Measure::Unit(Unit::Usd) => pow10(15),
        Measure::Unit(Unit::Mu) => pow10(6),
        Measure::Unit(Unit::M2) | Measure::Unit(Unit::Count) => pow10(7),
        Measure::Unit(Unit::Years) => Decimal::from(50),
        Measure::Unit(Unit::Ratio) => Decimal::from(100),
        Measure::Unit(Unit::Kwh) => pow10(13),
        Measure::Unit(Unit::CnyPerMu) | Measure::Unit(Unit::CnyPerMuYear) => pow10(10),
        Measure::CnyPerM2Month => pow10(6),
        Measure::CnyPerUnit | Measure::Factor => Decimal::from(1000),
    }
}

crate::policy::read::choice! {
    /// How an amount is rounded to its scale.
    pub enum RoundingMode {
        /// Half away from zero (0.005 → 0.01, −0.005 → −0.01). The default.
        "halfAwayFromZero" HalfAwayFromZero,
        /// Half to even ("banker's rounding").
        "halfEven" HalfEven,
        /// Towards zero (truncate).
        "down" Down,
    }
}

crate::policy::read::record! {
    /// A rounding rule: the number of decimal places and the mode.
    #[derive(Copy, PartialEq, Eq)]
    pub struct Rounding {
        /// Decimal places kept: 2 rounds to the fen, 0 to the yuan.
        "scale" scale: u32,
        /// How the last kept digit is chosen.
        "mode" mode: RoundingMode = RoundingMode::HalfAwayFromZero,
    }
}

impl Default for RoundingMode {
    /// Half away from zero.
    fn default() -> Self {
        RoundingMode::HalfAwayFromZero
    }
}

impl Default for Rounding {
    /// To the fen, half away from zero: the rule when a policy states none.
    fn default() -> Self {
        Rounding {
            scale: 2,
            mode: RoundingMode::HalfAwayFromZero,
        }
    }
}

impl Rounding {
    /// Rounds a value by this rule.
    pub fn apply(self, d: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
        };
        d.round_dp_with_strategy(self.scale.min(28), strategy)
    }

    /// The value in whole units of this rule's scale, towards zero: what can be paid of
    /// a cap (a cap of 10.005 pays 10.00 at two places).
    pub fn whole_units(self, d: Decimal) -> Decimal {
        d.round_dp_with_strategy(self.scale.min(28), RoundingStrategy::ToZero)
    }
}

macro_rules! decimal_newtype {
    ($(#[$meta:meta])* $name:ident { $($vis:tt)* }, $schema_desc:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name($($vis)* Decimal);

        impl $name {
            /// Zero.
            pub const ZERO: Self = Self(Decimal::ZERO);
            /// The underlying decimal.
            pub fn get(self) -> Decimal {
                self.0
            }
            /// Adds two values. Returns `None` on overflow.
            pub fn checked_add(self, other: Self) -> Option<Self> {
                self.0.cadd(other.0).and_then(Self::checked)
            }
            /// Subtracts. Returns `None` on overflow.
            pub fn checked_sub(self, other: Self) -> Option<Self> {
                self.0.csub(other.0).and_then(Self::checked)
            }
            /// Multiplies by a plain number. Returns `None` on overflow.
            pub fn checked_mul(self, factor: Decimal) -> Option<Self> {
                self.0.cmul(factor).and_then(Self::checked)
            }
            /// Parses exact decimal text (see [`parse_decimal`]).
            pub fn parse(text: &str) -> Option<Self> {
                parse_decimal(text).and_then(Self::checked)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| format!("`{s}` is not a decimal number"))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0.normalize().to_string())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = crate::raw::RawValue::deserialize(d)?;
                match raw.as_decimal() {
                    Ok(v) => Self::checked(v).ok_or_else(|| serde::de::Error::custom("too large")),
                    Err(why) => Err(serde::de::Error::custom(why)),
                }
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $schema_desc,
                    "oneOf": [
                        { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" },
                        { "type": "number" }
                    ]
                })
            }
        }
    };
}

decimal_newtype!(
    /// An amount of money in CNY (yuan), exact, within ±[`Money::MAX`] (so that it always
    /// keeps its fen). The value inside is private: an amount is made by
    /// [`Money::checked`], [`Money::fen`] or [`Money::parse`], never by wrapping any
    /// decimal (a quantity in mu or USD is a [`crate::report::Quantity`], not money).
    Money {},
    "An amount in CNY (yuan) as a decimal string such as \"50000000\" or \"0.01\"."
);
decimal_newtype!(
    /// A fraction such as 0.08 for 8%.
    Rate { pub },
    "A fraction as a decimal string: \"0.08\" means 8%."
);
decimal_newtype!(
    /// An area in mu (畝); 1 mu = 10000/15 m².
    Area { pub },
    "An area in mu (畝) as a decimal string. 1 mu = 10000/15 m²."
);
decimal_newtype!(
    /// A plain exact number: a count, a ratio, an amount per unit.
    Dec { pub },
    "An exact decimal number as a string."
);

impl Money {
    /// The largest amount that still has two decimal places in an exact decimal:
    /// (2^96 − 1) / 100 = 792,281,625,142,643,375,935,439,503.35. Money arithmetic
    /// above it is an overflow, never an amount shown without its fen.
    pub const MAX: Money = Money(Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 2));

    /// The amount, or `None` beyond ±[`Money::MAX`].
    pub fn checked(d: Decimal) -> Option<Money> {
        (d.abs() <= Money::MAX.0).then_some(Money(d))
    }

    /// `d` rounded to the fen (half away from zero), or `None` beyond ±[`Money::MAX`].
    ///
    /// # Examples
    /// ```
    /// use investcalc::money::Money;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Money::fen(Decimal::new(49999999992, 3)).unwrap().to_fen_string(), "49999999.99");
    /// assert!(Money::fen(Decimal::MAX).is_none());
    /// ```
    pub fn fen(d: Decimal) -> Option<Money> {
        Money::checked(Rounding::default().apply(d))
    }

    /// Rounds by a rule (amounts stay within ±[`Money::MAX`]: its two places are kept).
    pub fn round(self, r: Rounding) -> Option<Money> {
        Money::checked(r.apply(self.0))
    }

    /// The amount in whole units of a rule's scale, towards zero: what can be paid of a
    /// cap (a cap of 10.005 pays 10.00 at two places).
    pub fn whole_units(self, r: Rounding) -> Money {
        Money(r.whole_units(self.0))
    }

    /// Rounds to the fen, half away from zero.
    pub fn round_fen(self) -> Self {
        Money::checked(Rounding::default().apply(self.0)).unwrap_or(self)
    }
    /// The amount with exactly two decimal places, as the report shows it.
    ///
    /// # Examples
    /// ```
    /// use investcalc::money::Money;
    /// assert_eq!(Money::parse("80000").unwrap().to_fen_string(), "80000.00");
    /// assert_eq!(Money::parse("0.005").unwrap().to_fen_string(), "0.01");
    /// ```
    pub fn to_fen_string(self) -> String {
        let mut d = self.round_fen().0;
        d.rescale(2);
        d.to_string()
    }
}

macro_rules! unbounded {
    ($($t:ident),*) => {$(
        impl $t {
            /// The value (its range is the exact decimal's).
            pub fn checked(d: Decimal) -> Option<$t> {
                Some($t(d))
            }
        }
    )*};
}
unbounded!(Rate, Area, Dec);

impl Area {
    /// The area in square metres (exact to 28 digits).
    pub fn to_m2(self) -> Option<Decimal> {
        self.0.cmul(Decimal::from(10000))?.cdiv(Decimal::from(15))
    }
    /// An area given in square metres, in mu.
    pub fn from_m2(m2: Decimal) -> Option<Self> {
        m2.cmul(Decimal::from(15))?
            .cdiv(Decimal::from(10000))
            .map(Area)
    }
    /// The area in hectares (15 mu = 1 ha).
    pub fn to_hectares(self) -> Option<Decimal> {
        self.0.cdiv(Decimal::from(15))
    }
}

/// Formats a decimal with a fixed number of places and `,` thousands separators.
///
/// # Examples
/// ```
/// use investcalc::money::group_thousands;
/// use rust_decimal::Decimal;
/// assert_eq!(group_thousands(Decimal::new(5000000000, 2), 2), "50,000,000.00");
/// assert_eq!(group_thousands(Decimal::new(-12345, 1), 0), "-1,235");
/// ```
pub fn group_thousands(d: Decimal, places: u32) -> String {
    let mut r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(places);
    let s = r.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    if r.is_sign_negative() && !r.is_zero() {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn parses_exact_text() {
        let cases = [
            ("50000000", Some("50000000")),
            ("49999999.99", Some("49999999.99")),
            ("50,000,000", Some("50000000")),
            ("1,234.5", Some("1234.5")),
            (" 7 ", Some("7")),
            ("+3", Some("3")),
            ("-0.01", Some("-0.01")),
            ("1,23", None),
            ("12,345,67", None),
            ("1.2.3", None),
            ("1e5", None),
            ("abc", None),
            ("", None),
            (".5", None),
            ("5.", None),
            ("--5", None),
            ("Infinity", None),
            ("99999999999999999999999999999999", None),
        ];
        for (input, want) in cases {
            let got = parse_decimal(input).map(|v| v.to_string());
            assert_eq!(got.as_deref(), want, "input {input:?}");
        }
    }

    #[test]
    fn rounds_to_fen_half_away_from_zero() {
        let cases = [
            ("0.005", "0.01"),
            ("0.004", "0.00"),
            ("-0.005", "-0.01"),
            ("2.675", "2.68"),
            ("80000", "80000.00"),
            ("123.4549", "123.45"),
        ];
        for (input, want) in cases {
            assert_eq!(Money(d(input)).to_fen_string(), want, "input {input}");
        }
    }

    #[test]
    fn other_rounding_modes() {
        let even = Rounding {
            scale: 2,
            mode: RoundingMode::HalfEven,
        };
        assert_eq!(even.apply(d("0.125")), d("0.12"));
        assert_eq!(even.apply(d("0.135")), d("0.14"));
        let down = Rounding {
            scale: 0,
            mode: RoundingMode::Down,
        };
        assert_eq!(down.apply(d("99.99")), d("99"));
    }

    #[test]
    fn mu_and_square_metres() {
        // 15 mu is exactly one hectare (10,000 m²).
        assert_eq!(Area(d("15")).to_m2().unwrap().round_dp(10), d("10000"));
        assert_eq!(Area(d("15")).to_hectares().unwrap(), d("1"));
        assert_eq!(Area::from_m2(d("10000")).unwrap(), Area(d("15")));
        // 1 mu = 666.67 m² to the hundredth.
        assert_eq!(Area(d("1")).to_m2().unwrap().round_dp(2), d("666.67"));
    }

    #[test]
    fn checked_arithmetic_reports_overflow() {
        let max = Money(Decimal::MAX);
        assert!(max.checked_add(Money(d("1"))).is_none());
        assert!(max.checked_mul(d("2")).is_none());
        assert_eq!(
            Money(d("1")).checked_add(Money(d("2"))),
            Some(Money(d("3")))
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(d("1234567.891"), 2), "1,234,567.89");
        assert_eq!(group_thousands(d("999"), 0), "999");
        assert_eq!(group_thousands(d("0"), 2), "0.00");
    }

    #[test]
    fn parse_decimal_exact_says_why() {
        let cases: [(&str, Result<&str, NumberError>); 10] = [
            ("1,2,3", Err(NumberError::Invalid)),
            ("5.", Err(NumberError::Invalid)),
            ("-", Err(NumberError::Invalid)),
            (
                "79228162514264337593543950335",
                Ok("79228162514264337593543950335"),
            ),
            ("79228162514264337593543950336", Err(NumberError::TooLarge)),
            (
                "0.0000000000000000000000000001",
                Ok("0.0000000000000000000000000001"),
            ),
            (
                "0.00000000000000000000000000010",
                Ok("0.0000000000000000000000000001"),
            ),
            (
                "0.00000000000000000000000000001",
                Err(NumberError::TooManyDigits),
            ),
            (
                "7922816251426433759354395033.55",
                Err(NumberError::TooManyDigits),
            ),
            ("-1,234.50", Ok("-1234.5")),
        ];
        for (text, want) in cases {
            let got = parse_decimal_exact(text).map(|d| d.normalize().to_string());
            assert_eq!(got, want.map(String::from), "text {text:?}");
        }
    }

    #[test]
    fn money_keeps_two_decimal_places_up_to_its_max() {
        let max = Money::MAX;
        assert_eq!(max.to_fen_string(), "792281625142643375935439503.35");
        assert!(max.checked_add(Money(Decimal::new(1, 2))).is_none());
        assert!(Money::checked(d("792281625142643375935439503.4")).is_none());
        assert_eq!(
            Money::checked(d("-792281625142643375935439503.35")),
            Some(Money(-max.0))
        );
    }

    #[test]
    fn caps_per_unit() {
        let cases = [
            (Measure::Unit(Unit::Cny), "10000000000000000"),
            (Measure::Unit(Unit::Usd), "1000000000000000"),
            (Measure::Unit(Unit::Mu), "1000000"),
            (Measure::Unit(Unit::M2), "10000000"),
            (Measure::CnyPerM2Month, "1000000"),
            (Measure::Unit(Unit::CnyPerMu), "10000000000"),
        ];
        for (m, want) in cases {
            assert_eq!(max_for(m), d(want), "{m:?}");
        }
    }
}

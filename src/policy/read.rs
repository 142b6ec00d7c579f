//! Reading a policy from an untyped value, reporting every structural problem at once.
//!
//! Each type lists its keys once (the `read_struct!` table below); the reader checks the
//! value's type, reports unknown keys with the nearest known name, missing keys, and
//! values of the wrong form, each with its JSON path, and keeps going so that one run
//! reports everything. It is deliberately not serde: serde's derived visitors made the
//! wasm module three times larger, and stop at the first error.

use super::*;
use crate::error::unknown_key_issue;
use crate::raw::RawValue;

/// Collects problems while reading.
pub(crate) struct Reader {
    lang: Lang,
    pub issues: Vec<Issue>,
}

type Obj = [(String, RawValue)];

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Reader {
    pub fn new(lang: Lang) -> Reader {
        Reader {
            lang,
            issues: Vec::new(),
        }
    }

    #[inline(never)]
    fn issue(&mut self, code: &str, path: &str, args: &[(&str, &str)]) {
        self.issues.push(Issue::new(code, path, self.lang, args));
    }

    #[inline(never)]
    fn wrong(&mut self, path: &str, expected: &str, found: &RawValue) {
        let detail = format!("expected {expected}, found {}", found.type_name());
        self.issue("invalid-value", path, &[("detail", &detail)]);
    }

    fn choice(&mut self, path: &str, value: &str, known: &[&str]) {
        let hint = crate::error::nearest(value, known.iter().copied())
            .map(|s| format!("\"{s}\""))
            .unwrap_or_else(|| known.join(", "));
        self.issue(
            "invalid-choice",
            path,
            &[("value", value), ("known", &hint)],
        );
    }

    /// The entries of an object, after reporting every key not in `keys`.
    #[inline(never)]
    fn object<'v>(&mut self, v: &'v RawValue, path: &str, keys: &[&str]) -> Option<&'v Obj> {
        match v {
            RawValue::Object(entries) => {
                for (k, _) in entries {
                    if k.is_empty() {
                        self.issue("empty-key", &crate::raw::key_path(path, k), &[]);
                    } else if !keys.contains(&k.as_str()) {
                        self.issues
                            .push(unknown_key_issue(&join(path, k), k, keys, self.lang));
                    }
                }
                Some(entries)
            }
            other => {
                self.wrong(path, "an object", other);
                None
            }
        }
    }

    fn get<'v>(obj: &'v Obj, key: &str) -> Option<&'v RawValue> {
        obj.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, RawValue::Null))
    }

    /// A required key.
    #[inline(never)]
    fn req<T: FromRaw>(&mut self, obj: &Obj, path: &str, key: &str) -> Option<T> {
        let p = join(path, key);
        match Self::get(obj, key) {
            Some(v) => T::read(v, &p, self),
            None => {
                self.issue("missing-key", &p, &[("key", key)]);
                None
            }
        }
    }

    /// An optional key: `Some(None)` when absent or null, `None` when invalid.
    #[inline(never)]
    fn opt<T: FromRaw>(&mut self, obj: &Obj, path: &str, key: &str) -> Option<Option<T>> {
        match Self::get(obj, key) {
            Some(v) => T::read(v, &join(path, key), self).map(Some),
            None => Some(None),
        }
    }

    /// A key with a default.
    #[inline(never)]
    fn or<T: FromRaw>(
        &mut self,
        obj: &Obj,
        path: &str,
        key: &str,
        default: impl FnOnce() -> T,
    ) -> Option<T> {
        match Self::get(obj, key) {
            Some(v) => T::read(v, &join(path, key), self),
            None => Some(default()),
        }
    }
}

/// A type read from an untyped value.
pub(crate) trait FromRaw: Sized {
    /// Reads the value at `path`, or reports why not.
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self>;
}

impl FromRaw for String {
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        match v {
            RawValue::String(s) => Some(s.clone()),
            other => {
                r.wrong(path, "a string", other);
                None
            }
        }
    }
}

impl FromRaw for bool {
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        match v {
            RawValue::Bool(b) => Some(*b),
            other => {
                r.wrong(path, "true or false", other);
                None
            }
        }
    }
}

impl FromRaw for u32 {
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        match v {
            RawValue::Imprecise(_) => {
                r.issue("imprecise-number", path, &[]);
                None
            }
            RawValue::Number(t) => match t.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    r.issue(
                        "invalid-value",
                        path,
                        &[("detail", &format!("expected a whole number, found {t}"))],
                    );
                    None
                }
            },
            other => {
                r.wrong(path, "a whole number", other);
                None
            }
        }
    }
}

impl FromRaw for Date {
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        let s = String::read(v, path, r)?;
        let d = Date::parse(&s);
        if d.is_none() {
            r.issue("invalid-date", path, &[("value", &s)]);
        }
        d
    }
}

macro_rules! read_decimal {
    ($($t:ident),*) => {$(
        impl FromRaw for $t {
            fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
                read_number(v, path, r).map($t)
            }
        }
    )*};
}
read_decimal!(Money, Rate, Area, Dec);

/// An exact decimal figure, or the reason it is not one: the same codes as a scenario
/// number where the reason is about digits (`imprecise-number`, `too-many-digits`).
#[inline(never)]
fn read_number(v: &RawValue, path: &str, r: &mut Reader) -> Option<rust_decimal::Decimal> {
    match v.decimal() {
        Ok(d) => Some(d),
        Err(crate::raw::NumberError::Imprecise) => {
            r.issue("imprecise-number", path, &[]);
            None
        }
        Err(crate::raw::NumberError::TooManyDigits) => {
            r.issue("too-many-digits", path, &[]);
            None
        }
        Err(_) => {
            let detail = v.as_decimal().err().unwrap_or_default();
            r.issue("invalid-value", path, &[("detail", &detail)]);
            None
        }
    }
}

impl<T: FromRaw> FromRaw for Vec<T> {
    #[inline(never)]
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        match v {
            RawValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match T::read(item, &format!("{path}[{i}]"), r) {
                        Some(x) => out.push(x),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            other => {
                r.wrong(path, "a list", other);
                None
            }
        }
    }
}

impl<T: FromRaw> FromRaw for Box<T> {
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        T::read(v, path, r).map(Box::new)
    }
}

/// `Type { "jsonKey" => field: how, … }` where `how` is `req` (required), `opt`
/// (optional, `Option<T>`), `def` (default value) or `def(expr)`.
macro_rules! read_struct {
    ($ty:ident { $($key:literal => $field:ident : $how:ident $(($default:expr))?),* $(,)? }) => {
        impl FromRaw for $ty {
            fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
                const KEYS: &[&str] = &[$($key),*];
                let obj = r.object(v, path, KEYS)?;
                $(let $field = read_struct!(@ r, obj, path, $key, $how $(($default))?);)*
                // Every field is read (so every problem is reported) before any is
                // unwrapped; one pattern keeps the failure path to a single drop.
                let ($(Some($field),)*) = ($($field,)*) else { return None };
                Some($ty { $($field),* })
            }
        }
    };
    (@ $r:ident, $o:ident, $p:ident, $k:literal, req) => { $r.req($o, $p, $k) };
    (@ $r:ident, $o:ident, $p:ident, $k:literal, opt) => { $r.opt($o, $p, $k) };
    (@ $r:ident, $o:ident, $p:ident, $k:literal, def) => { $r.or($o, $p, $k, Default::default) };
    (@ $r:ident, $o:ident, $p:ident, $k:literal, def($d:expr)) => { $r.or($o, $p, $k, || $d) };
}

macro_rules! read_enum {
    ($ty:ident { $($s:literal => $v:ident),* $(,)? }) => {
        impl FromRaw for $ty {
            fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
                match v {
                    RawValue::String(s) => match s.as_str() {
                        $($s => Some($ty::$v),)*
                        other => {
                            r.choice(path, other, &[$($s),*]);
                            None
                        }
                    },
                    other => {
                        r.wrong(path, "a string", other);
                        None
                    }
                }
            }
        }
    };
}

read_enum!(RoundingMode { "halfAwayFromZero" => HalfAwayFromZero, "halfEven" => HalfEven, "down" => Down });
read_enum!(Beneficiary { "enterprise" => Enterprise, "introducing-unit" => IntroducingUnit });
read_enum!(Status { "in-force" => InForce, "expired" => Expired, "suspended" => Suspended });
read_enum!(Combine { "sum" => Sum, "largerOf" => LargerOf });
read_enum!(ObligationKind {
    "noTransfer" => NoTransfer, "keepCapital" => KeepCapital, "landPerformance" => LandPerformance,
    "stayRegistered" => StayRegistered, "other" => Other,
});
read_enum!(Op { ">=" => Gte, ">" => Gt, "<=" => Lte, "<" => Lt, "==" => Eq });
read_enum!(BracketMode { "whole" => Whole, "marginal" => Marginal });
read_enum!(Unit {
    "cny" => Cny, "usd" => Usd, "mu" => Mu, "m2" => M2, "count" => Count, "years" => Years,
    "ratio" => Ratio, "cnyPerMu" => CnyPerMu, "cnyPerMuYear" => CnyPerMuYear,
});

use crate::money::RoundingMode;
use fields::Unit;

read_struct!(Text { "en" => en: def, "zh-Hans" => zh_hans: def, "zh-Hant" => zh_hant: opt });
read_struct!(Source {
    "document" => document: req, "title" => title: opt, "clause" => clause: opt,
    "clauseTitle" => clause_title: opt, "url" => url: opt,
});
read_struct!(Rounding { "scale" => scale: req, "mode" => mode: def });
read_struct!(Defaults {
    "horizonYears" => horizon_years: def(10),
    "discountRate" => discount_rate: def(Rate(rust_decimal::Decimal::new(5, 2))),
    "constructionYears" => construction_years: def(2),
});
read_struct!(Policy {
    "$schema" => schema: opt, "id" => id: req, "version" => version: req, "name" => name: req,
    "source" => source: req, "effectiveFrom" => effective_from: req, "disclaimer" => disclaimer: def,
    "rounding" => rounding: def, "defaults" => defaults: def, "zones" => zones: req,
    "projectKinds" => project_kinds: req, "industries" => industries: req, "taxes" => taxes: req,
    "exchangeRates" => exchange_rates: def, "tiers" => tiers: req, "derived" => derived: def,
    "programs" => programs: req, "caps" => caps: def, "targets" => targets: opt,
});
read_struct!(Zone {
    "id" => id: req, "name" => name: req, "description" => description: def, "source" => source: opt,
    "landPricePerMu" => land_price_per_mu: opt, "illustrative" => illustrative: def,
    "parcels" => parcels: def, "factories" => factories: def,
});
read_struct!(Parcel {
    "id" => id: req, "name" => name: req, "areaMu" => area_mu: req, "pricePerMu" => price_per_mu: req,
    "minIntensity" => min_intensity: req, "minPlotRatio" => min_plot_ratio: opt,
    "minTaxPerMu" => min_tax_per_mu: opt, "landUse" => land_use: req, "availableFrom" => available_from: req,
    "illustrative" => illustrative: def, "source" => source: opt,
});
read_struct!(Factory {
    "id" => id: req, "name" => name: req, "floorArea" => floor_area: req,
    "rentPerM2Month" => rent_per_m2_month: req, "minFloorArea" => min_floor_area: opt,
    "illustrative" => illustrative: def, "source" => source: opt,
});
read_struct!(Choice { "id" => id: req, "name" => name: req });
read_struct!(Industry { "id" => id: req, "name" => name: req, "priority" => priority: def });
read_struct!(Tax { "id" => id: req, "name" => name: req, "localShare" => local_share: req });
read_struct!(DatedRate { "from" => from: req, "rate" => rate: req, "source" => source: req, "illustrative" => illustrative: def });
read_struct!(ExchangeRate {
    "currency" => currency: req, "cnyPerUnit" => cny_per_unit: req, "date" => date: req,
    "source" => source: req, "illustrative" => illustrative: def,
});
read_struct!(Tier { "id" => id: req, "name" => name: req, "minInvestment" => min_investment: req, "note" => note: opt });
read_struct!(Targets {
    "year" => year: req, "effectiveFrom" => effective_from: req, "source" => source: req,
    "zones" => zones: def, "departments" => departments: def,
});
read_struct!(ZoneTarget { "zone" => zone: req, "funds" => funds: req, "newProjects" => new_projects: def });
read_struct!(DepartmentTarget {
    "id" => id: req, "name" => name: req, "funds" => funds: req, "newProjects" => new_projects: def,
    "projectsRule" => projects_rule: def,
});
read_struct!(ProjectCount { "minInvestment" => min_investment: req, "count" => count: req });
read_enum!(ProjectsRule { "all" => All, "any" => Any });
read_struct!(Derived { "id" => id: req, "name" => name: req, "unit" => unit: req, "terms" => terms: req, "per" => per: opt });
read_struct!(Term { "field" => field: req, "factor" => factor: def(Dec(rust_decimal::Decimal::ONE)) });
read_struct!(Program {
    "id" => id: req, "name" => name: req, "summary" => summary: def, "beneficiary" => beneficiary: req,
    "illustrative" => illustrative: def, "source" => source: req, "status" => status: def,
    "statusNote" => status_note: opt, "effectiveFrom" => effective_from: req, "effectiveTo" => effective_to: opt,
    "criteria" => criteria: req, "benefits" => benefits: req, "combine" => combine: def, "cap" => cap: opt,
    "notCombinableWith" => not_combinable_with: def, "obligations" => obligations: def, "rounding" => rounding: opt,
});
read_struct!(Obligation {
    "kind" => kind: req, "years" => years: opt, "text" => text: req, "clawback" => clawback: opt, "source" => source: opt,
});
read_struct!(Criterion {
    "all" => all: opt, "any" => any: opt, "not" => not: opt, "field" => field: opt, "op" => op: opt,
    "value" => value: opt, "valueBy" => value_by: def, "in" => one_of: opt, "is" => is: opt, "guidance" => guidance: def,
});
read_struct!(ValueBy { "zone" => zone: opt, "industry" => industry: opt, "projectKind" => project_kind: opt, "value" => value: req });
read_struct!(Phase { "years" => years: opt, "yearsBy" => years_by: opt, "rate" => rate: req });
read_struct!(YearsBy { "field" => field: req, "brackets" => brackets: req });
read_struct!(YearsBracket { "from" => from: req, "years" => years: req });
read_struct!(Bracket { "from" => from: req, "rate" => rate: req });
read_struct!(RentPhase { "years" => years: req, "waived" => waived: opt, "perM2Month" => per_m2_month: opt });
read_struct!(GroupCap { "id" => id: req, "name" => name: req, "programs" => programs: req, "amount" => amount: req, "source" => source: req });

/// Keys every benefit has, whatever its kind.
const BENEFIT_KEYS: [&str; 7] = [
    "id",
    "name",
    "kind",
    "cap",
    "annualCap",
    "source",
    "obligations",
];

/// The kinds of benefit and the keys each one takes besides [`BENEFIT_KEYS`].
const BENEFIT_KINDS: [(&str, &[&str]); 6] = [
    ("taxShare", &["taxes", "phases", "thereafter"]),
    ("fixedAward", &["amount", "year"]),
    ("perUnitAward", &["base", "amountPerUnit", "year"]),
    ("bracketAward", &["base", "mode", "brackets", "year"]),
    ("landRebate", &["rate", "perMu", "year"]),
    ("rentRelief", &["phases"]),
];

impl FromRaw for Benefit {
    fn read(v: &RawValue, path: &str, r: &mut Reader) -> Option<Self> {
        let RawValue::Object(entries) = v else {
            r.wrong(path, "an object", v);
            return None;
        };
        let kind: Option<String> = r.req(entries, path, "kind");
        let kinds: Vec<&str> = BENEFIT_KINDS.iter().map(|(k, _)| *k).collect();
        let specific: &[&str] = match kind.as_deref() {
            Some(k) => match BENEFIT_KINDS.iter().find(|(name, _)| *name == k) {
                Some((_, keys)) => keys,
                None => {
                    r.choice(&join(path, "kind"), k, &kinds);
                    &[]
                }
            },
            None => &[],
        };
        let keys: Vec<&str> = BENEFIT_KEYS
            .iter()
            .chain(specific.iter())
            .copied()
            .collect();
        let obj = r.object(v, path, &keys)?;
        let id = r.req(obj, path, "id");
        let name = r.req(obj, path, "name");
        let cap = r.opt(obj, path, "cap");
        let annual_cap = r.opt(obj, path, "annualCap");
        let source = r.opt(obj, path, "source");
        let obligations = r.or(obj, path, "obligations", Vec::new);
        let year = || 1;
        let kind = match kind.as_deref()? {
            "taxShare" => {
                let taxes = r.opt(obj, path, "taxes");
                let phases = r.or(obj, path, "phases", Vec::new);
                let thereafter = r.opt(obj, path, "thereafter");
                BenefitKind::TaxShare {
                    taxes: taxes?,
                    phases: phases?,
                    thereafter: thereafter?,
                }
            }
            "fixedAward" => {
                let amount = r.req(obj, path, "amount");
                let y = r.or(obj, path, "year", year);
                BenefitKind::FixedAward {
                    amount: amount?,
                    year: y?,
                }
            }
            "perUnitAward" => {
                let base = r.req(obj, path, "base");
                let per = r.req(obj, path, "amountPerUnit");
                let y = r.or(obj, path, "year", year);
                BenefitKind::PerUnitAward {
                    base: base?,
                    amount_per_unit: per?,
                    year: y?,
                }
            }
            "bracketAward" => {
                let base = r.req(obj, path, "base");
                let mode = r.req(obj, path, "mode");
                let brackets = r.req(obj, path, "brackets");
                let y = r.or(obj, path, "year", year);
                BenefitKind::BracketAward {
                    base: base?,
                    mode: mode?,
                    brackets: brackets?,
                    year: y?,
                }
            }
            "landRebate" => {
                let rate = r.opt(obj, path, "rate");
                let per_mu = r.opt(obj, path, "perMu");
                let y = r.or(obj, path, "year", year);
                BenefitKind::LandRebate {
                    rate: rate?,
                    per_mu: per_mu?,
                    year: y?,
                }
            }
            "rentRelief" => {
                let phases = r.req(obj, path, "phases");
                BenefitKind::RentRelief { phases: phases? }
            }
            _ => return None,
        };
        Some(Benefit {
            id: id?,
            name: name?,
            kind,
            cap: cap?,
            annual_cap: annual_cap?,
            source: source?,
            obligations: obligations?,
        })
    }
}

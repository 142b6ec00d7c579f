//! Policy validation: every problem at once, each with a JSON path and a fix hint.

use super::fields::{Field, Ids, Kind, Unit};
use super::PolicyError as E;
use super::*;
use crate::money::{max_for, Measure};
use rust_decimal::Decimal;

/// `base` followed by `suffix`: a JSON path one step down. (One call instead of a
/// `format!` at each of the many sites: smaller wasm.)
#[inline(never)]
fn at(base: &str, suffix: &str) -> String {
    let mut p = String::with_capacity(base.len() + suffix.len());
    p.push_str(base);
    p.push_str(suffix);
    p
}

/// `base` + `key` + `[i]` + `rest`: a JSON path to a list item. (One call instead of a
/// `format!` at each site: smaller wasm.)
#[inline(never)]
fn item(base: &str, key: &str, i: usize, rest: &str) -> String {
    let mut p = String::with_capacity(base.len() + key.len() + rest.len() + 4);
    p.push_str(base);
    p.push_str(key);
    p.push('[');
    p.push_str(&i.to_string());
    p.push(']');
    p.push_str(rest);
    p
}

/// Whether `url` is an absolute `https://` or `http://` address with something after the
/// scheme and no ASCII spaces or control characters (the test the widget applies before it
/// shows a link, made strict: browsers skip leading spaces and control characters, so
/// `" javascript:…"` would otherwise slip through as something else).
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !url.bytes().any(|b| b <= b' ' || b == 0x7f)
}

struct Check<'a> {
    lang: Lang,
    policy: &'a Policy,
    out: Vec<Issue>,
}

/// Checks a parsed policy and returns every problem found (empty when valid).
pub fn validate(policy: &Policy, lang: Lang) -> Vec<Issue> {
    let mut c = Check {
        lang,
        policy,
        out: Vec::new(),
    };
    c.run();
    c.out
}

impl Check<'_> {
    fn issue(&mut self, code: E, path: impl Into<String>, args: &[(&str, &str)]) {
        self.out.push(Issue::new(code, path, self.lang, args));
    }

    fn text(&mut self, t: &Text, path: &str) {
        if t.en.trim().is_empty() {
            self.issue(E::MissingTranslation, at(&path, ".en"), &[("lang", "en")]);
        }
        if t.zh_hans.trim().is_empty() {
            self.issue(
                E::MissingTranslation,
                at(&path, ".zh-Hans"),
                &[("lang", "zh-Hans")],
            );
        }
    }

    fn id(&mut self, id: &str, path: &str, seen: &mut Vec<String>) {
        if id.trim().is_empty() {
            self.issue(E::EmptyId, path, &[]);
        } else if seen.iter().any(|s| s == id) {
            self.issue(E::DuplicateId, path, &[("id", id)]);
        } else {
            seen.push(id.to_string());
        }
    }

    fn rate(&mut self, r: Rate, path: &str) {
        if r.get() < Decimal::ZERO || r.get() > Decimal::ONE {
            self.issue(E::RateOutOfRange, path, &[("value", &r.to_string())]);
        }
    }

    fn non_negative(&mut self, d: Decimal, path: &str) {
        if d.is_sign_negative() && !d.is_zero() {
            self.issue(E::NegativeValue, path, &[("value", &d.to_string())]);
        }
    }

    /// A figure that evaluation multiplies, no larger (in size) than the largest accepted
    /// in its unit ([`max_for`]): above it, evaluating the policy must overflow. (Figures
    /// that are only compared, such as thresholds, cannot overflow and are not capped.)
    #[inline(never)]
    fn at_most(&mut self, d: Decimal, m: Measure, base: &str, suffix: &str) {
        let max = max_for(m);
        if d.abs() > max {
            let shown = match m {
                Measure::Unit(u) => crate::i18n::format::quantity(max, u, self.lang),
                _ => crate::money::group_thousands(max, 0),
            };
            let value = d.to_string();
            let args = [("value", value.as_str()), ("max", shown.as_str())];
            self.issue(E::FigureTooLarge, at(base, suffix), &args);
        }
    }

    fn positive(&mut self, d: Decimal, path: &str) {
        if d <= Decimal::ZERO {
            self.issue(E::NotPositive, path, &[("value", &d.to_string())]);
        }
    }

    /// A source's `url`, if any, must be an http(s) address: the widget shows it as a
    /// link, and a `javascript:` or `data:` address would run code when clicked.
    fn source(&mut self, s: &Source, path: &str) {
        if let Some(url) = s.url.as_deref() {
            if !is_web_url(url) {
                self.issue(E::InvalidUrl, at(path, ".url"), &[("value", url)]);
            }
        }
    }

    /// The year's targets: zones that exist, positive funds and counts, unique ids.
    fn targets(&mut self, t: &super::Targets) {
        self.source(&t.source, "targets.source");
        let zones: Vec<&str> = self.policy.zones.iter().map(|z| z.id.as_str()).collect();
        let mut seen = Vec::new();
        let counts = |c: &mut Self, list: &[super::ProjectCount], path: &str| {
            for (k, pc) in list.iter().enumerate() {
                let pp = item(path, ".newProjects", k, "");
                c.non_negative(pc.min_investment.get(), &at(&pp, ".minInvestment"));
                c.positive(Decimal::from(pc.count), &at(&pp, ".count"));
            }
        };
        for (i, z) in t.zones.iter().enumerate() {
            let zp = item("targets", ".zones", i, "");
            self.reference(Field::Zone.name(), &z.zone, &zones, &at(&zp, ".zone"));
            if seen.contains(&z.zone) {
                self.issue(E::DuplicateId, at(&zp, ".zone"), &[("id", &z.zone)]);
            }
            seen.push(z.zone.clone());
            self.positive(z.funds.get(), &at(&zp, ".funds"));
            counts(self, &z.new_projects, &zp);
        }
        let mut ids = Vec::new();
        for (i, d) in t.departments.iter().enumerate() {
            let dp = item("targets", ".departments", i, "");
            self.id(&d.id, &at(&dp, ".id"), &mut ids);
            self.text(&d.name, &at(&dp, ".name"));
            self.positive(d.funds.get(), &at(&dp, ".funds"));
            counts(self, &d.new_projects, &dp);
        }
    }

    fn optional_source(&mut self, s: &Option<Source>, path: &str) {
        if let Some(s) = s {
            self.source(s, path);
        }
    }

    fn reference(&mut self, kind: &str, id: &str, known: &[&str], path: &str) {
        if !known.contains(&id) {
            let hint = crate::error::nearest(id, known.iter().copied())
                .map(|s| s.to_string())
                .unwrap_or_else(|| known.join(", "));
            self.issue(
                E::UnknownReference,
                path,
                &[("kind", kind), ("id", id), ("hint", &hint)],
            );
        }
    }

    fn numeric_field(&mut self, name: &str, path: &str) {
        match self.policy.kind_of(name) {
            Some(Kind::Number(_)) => {}
            Some(_) => self.issue(E::FieldNotNumeric, path, &[("field", name)]),
            None => self.unknown_field(name, path),
        }
    }

    fn unknown_field(&mut self, name: &str, path: &str) {
        let known = self.policy.field_names();
        let hint = crate::error::nearest(name, known.iter().copied())
            .unwrap_or(Field::Investment.name())
            .to_string();
        self.issue(E::UnknownField, path, &[("field", name), ("hint", &hint)]);
    }

    fn run(&mut self) {
        let p = self.policy;
        self.text(&p.name, "name");
        self.source(&p.source, "source");
        if p.id.trim().is_empty() {
            self.issue(E::EmptyId, "id", &[]);
        }
        self.rate(p.defaults.discount_rate, "defaults.discountRate");
        if p.defaults.horizon_years == 0 || p.defaults.horizon_years > 50 {
            self.issue(E::HorizonOutOfRange, "defaults.horizonYears", &[]);
        }
        if p.rounding.scale > 10 {
            self.issue(E::RoundingOutOfRange, "rounding.scale", &[]);
        }
        for (list, path) in [
            (p.zones.is_empty(), "zones"),
            (p.project_kinds.is_empty(), "projectKinds"),
        ] {
            if list {
                self.issue(E::EmptyList, path, &[]);
            }
        }

        let (per_mu, rent) = (Measure::Unit(Unit::CnyPerMu), Measure::CnyPerM2Month);
        let mut zone_ids = Vec::new();
        let mut parcel_ids = Vec::new();
        let mut factory_ids = Vec::new();
        for (zi, z) in p.zones.iter().enumerate() {
            let zp = item("", "zones", zi, "");
            self.id(&z.id, &at(&zp, ".id"), &mut zone_ids);
            self.text(&z.name, &at(&zp, ".name"));
            self.optional_source(&z.source, &at(&zp, ".source"));
            if let Some(price) = z.land_price_per_mu {
                self.non_negative(price.get(), &at(&zp, ".landPricePerMu"));
                self.at_most(price.get(), per_mu, &zp, ".landPricePerMu");
            }
            for (pi, parcel) in z.parcels.iter().enumerate() {
                let pp = item(&zp, ".parcels", pi, "");
                self.id(&parcel.id, &at(&pp, ".id"), &mut parcel_ids);
                self.text(&parcel.name, &at(&pp, ".name"));
                self.text(&parcel.land_use, &at(&pp, ".landUse"));
                self.optional_source(&parcel.source, &at(&pp, ".source"));
                self.positive(parcel.area_mu.get(), &at(&pp, ".areaMu"));
                self.at_most(
                    parcel.area_mu.get(),
                    Measure::Unit(Unit::Mu),
                    &pp,
                    ".areaMu",
                );
                self.non_negative(parcel.price_per_mu.get(), &at(&pp, ".pricePerMu"));
                self.at_most(parcel.price_per_mu.get(), per_mu, &pp, ".pricePerMu");
                self.non_negative(parcel.min_intensity.get(), &at(&pp, ".minIntensity"));
                if let Some(r) = parcel.min_plot_ratio {
                    self.non_negative(r.get(), &at(&pp, ".minPlotRatio"));
                }
                if let Some(t) = parcel.min_tax_per_mu {
                    self.non_negative(t.get(), &at(&pp, ".minTaxPerMu"));
                }
            }
            for (fi, f) in z.factories.iter().enumerate() {
                let fp = item(&zp, ".factories", fi, "");
                self.id(&f.id, &at(&fp, ".id"), &mut factory_ids);
                self.text(&f.name, &at(&fp, ".name"));
                self.optional_source(&f.source, &at(&fp, ".source"));
                self.positive(f.floor_area.get(), &at(&fp, ".floorArea"));
                self.non_negative(f.rent_per_m2_month.get(), &at(&fp, ".rentPerM2Month"));
                self.at_most(f.rent_per_m2_month.get(), rent, &fp, ".rentPerM2Month");
                if let Some(m) = f.min_floor_area {
                    self.non_negative(m.get(), &at(&fp, ".minFloorArea"));
                    if m.get() > f.floor_area.get() {
                        self.issue(E::MinAboveAvailable, at(&fp, ".minFloorArea"), &[]);
                    }
                }
            }
        }

        let mut kind_ids = Vec::new();
        for (i, k) in p.project_kinds.iter().enumerate() {
            self.id(&k.id, &item("", "projectKinds", i, ".id"), &mut kind_ids);
            self.text(&k.name, &item("", "projectKinds", i, ".name"));
        }
        let mut industry_ids = Vec::new();
        for (i, k) in p.industries.iter().enumerate() {
            self.id(&k.id, &item("", "industries", i, ".id"), &mut industry_ids);
            self.text(&k.name, &item("", "industries", i, ".name"));
        }
        let mut tax_ids = Vec::new();
        for (i, t) in p.taxes.iter().enumerate() {
            let tp = item("", "taxes", i, "");
            self.id(&t.id, &at(&tp, ".id"), &mut tax_ids);
            self.text(&t.name, &at(&tp, ".name"));
            if t.local_share.is_empty() {
                self.issue(E::EmptyList, at(&tp, ".localShare"), &[]);
            }
            let mut dates = Vec::new();
            for (j, r) in t.local_share.iter().enumerate() {
                self.rate(r.rate, &item(&tp, ".localShare", j, ".rate"));
                self.source(&r.source, &item(&tp, ".localShare", j, ".source"));
                if dates.contains(&r.from) {
                    self.issue(
                        E::DuplicateDate,
                        item(&tp, ".localShare", j, ".from"),
                        &[("date", &r.from.to_string())],
                    );
                }
                dates.push(r.from);
            }
        }
        let mut rate_keys = Vec::new();
        for (i, r) in p.exchange_rates.iter().enumerate() {
            let rp = item("", "exchangeRates", i, "");
            let code_ok =
                r.currency.len() == 3 && r.currency.chars().all(|c| c.is_ascii_uppercase());
            if !code_ok {
                self.issue(
                    E::InvalidCurrency,
                    at(&rp, ".currency"),
                    &[("currency", &r.currency)],
                );
            } else if r.currency == "CNY" {
                self.issue(E::CnyRate, at(&rp, ".currency"), &[]);
            }
            self.positive(r.cny_per_unit.get(), &at(&rp, ".cnyPerUnit"));
            self.source(&r.source, &at(&rp, ".source"));
            self.at_most(
                r.cny_per_unit.get(),
                Measure::CnyPerUnit,
                &rp,
                ".cnyPerUnit",
            );
            if rate_keys.contains(&(r.currency.clone(), r.date)) {
                self.issue(
                    E::DuplicateDate,
                    at(&rp, ".date"),
                    &[("date", &r.date.to_string())],
                );
            }
            rate_keys.push((r.currency.clone(), r.date));
        }
        let mut tier_ids = Vec::new();
        for (i, t) in p.tiers.iter().enumerate() {
            self.id(&t.id, &item("", "tiers", i, ".id"), &mut tier_ids);
            self.text(&t.name, &item("", "tiers", i, ".name"));
            self.non_negative(
                t.min_investment.get(),
                &item("", "tiers", i, ".minInvestment"),
            );
            if i > 0 && t.min_investment <= p.tiers[i - 1].min_investment {
                self.issue(E::NotAscending, item("", "tiers", i, ".minInvestment"), &[]);
            }
            if let Some(note) = &t.note {
                self.text(note, &item("", "tiers", i, ".note"));
            }
        }
        if let Some(targets) = &p.targets {
            self.targets(targets);
        }
        let mut derived_ids = Vec::new();
        for (i, d) in p.derived.iter().enumerate() {
            let dp = item("", "derived", i, "");
            self.id(&d.id, &at(&dp, ".id"), &mut derived_ids);
            if Field::from_name(&d.id).is_some_and(|f| !matches!(f.def().kind, Kind::Setting(_))) {
                self.issue(E::ShadowsBuiltin, at(&dp, ".id"), &[("id", &d.id)]);
            }
            self.text(&d.name, &at(&dp, ".name"));
            if d.terms.is_empty() {
                self.issue(E::EmptyList, at(&dp, ".terms"), &[]);
            }
            for (j, t) in d.terms.iter().enumerate() {
                let path = item(&dp, ".terms", j, ".factor");
                self.at_most(t.factor.get(), Measure::Factor, &path, "");
            }
            // A derived quantity may use built-in fields and derived quantities defined
            // before it, so there can be no cycle.
            let earlier: Vec<&str> = p.derived[..i].iter().map(|x| x.id.as_str()).collect();
            let names = d
                .terms
                .iter()
                .map(|t| t.field.as_str())
                .chain(d.per.as_deref());
            for (j, name) in names.enumerate() {
                let path = if j < d.terms.len() {
                    item(&dp, ".terms", j, ".field")
                } else {
                    at(&dp, ".per")
                };
                let builtin = Field::from_name(name).map(|f| f.def().kind);
                match builtin.filter(|k| !matches!(k, Kind::Setting(_))) {
                    Some(Kind::Number(_)) => {}
                    Some(_) => self.issue(E::FieldNotNumeric, path, &[("field", name)]),
                    None if earlier.contains(&name) => {}
                    None if p.derived.iter().any(|x| x.id == name) => {
                        self.issue(E::DerivedOrder, path, &[("field", name)])
                    }
                    None => self.unknown_field(name, &path),
                }
            }
        }

        let (zones, kinds, industries, taxes) = (zone_ids, kind_ids, industry_ids, tax_ids);
        let refs = Refs {
            zones: zones.iter().map(String::as_str).collect(),
            kinds: kinds.iter().map(String::as_str).collect(),
            industries: industries.iter().map(String::as_str).collect(),
            taxes: taxes.iter().map(String::as_str).collect(),
        };

        let mut program_ids = Vec::new();
        for (i, prog) in p.programs.iter().enumerate() {
            self.id(&prog.id, &item("", "programs", i, ".id"), &mut program_ids);
        }
        let program_list: Vec<&str> = p.programs.iter().map(|x| x.id.as_str()).collect();
        for (i, prog) in p.programs.iter().enumerate() {
            self.program(prog, &item("", "programs", i, ""), &refs, &program_list);
        }
        let mut cap_ids = Vec::new();
        for (i, cap) in p.caps.iter().enumerate() {
            let cp = item("", "caps", i, "");
            self.id(&cap.id, &at(&cp, ".id"), &mut cap_ids);
            self.text(&cap.name, &at(&cp, ".name"));
            self.source(&cap.source, &at(&cp, ".source"));
            self.non_negative(cap.amount.get(), &at(&cp, ".amount"));
            for (j, id) in cap.programs.iter().enumerate() {
                self.reference("program", id, &program_list, &item(&cp, ".programs", j, ""));
            }
        }
    }

    fn program(&mut self, prog: &Program, pp: &str, refs: &Refs, programs: &[&str]) {
        self.text(&prog.name, &at(&pp, ".name"));
        self.source(&prog.source, &at(&pp, ".source"));
        if let Some(to) = prog.effective_to {
            if to < prog.effective_from {
                self.issue(
                    E::DatesOutOfOrder,
                    at(&pp, ".effectiveTo"),
                    &[
                        ("from", &prog.effective_from.to_string()),
                        ("to", &to.to_string()),
                    ],
                );
            }
        }
        if let Some(cap) = prog.cap {
            self.non_negative(cap.get(), &at(&pp, ".cap"));
        }
        if let Some(r) = prog.rounding {
            if r.scale > 10 {
                self.issue(E::RoundingOutOfRange, at(&pp, ".rounding.scale"), &[]);
            }
        }
        for (j, other) in prog.not_combinable_with.iter().enumerate() {
            let path = item(&pp, ".notCombinableWith", j, "");
            if *other == prog.id {
                self.issue(E::SelfReference, path, &[]);
            } else {
                self.reference("program", other, programs, &path);
            }
        }
        for (j, o) in prog.obligations.iter().enumerate() {
            self.obligation(o, &item(&pp, ".obligations", j, ""));
        }
        self.criterion(&prog.criteria, &at(&pp, ".criteria"), refs);
        if prog.benefits.is_empty() {
            self.issue(E::EmptyList, at(&pp, ".benefits"), &[]);
        }
        let mut benefit_ids = Vec::new();
        for (j, b) in prog.benefits.iter().enumerate() {
            let bp = item(&pp, ".benefits", j, "");
            self.id(&b.id, &at(&bp, ".id"), &mut benefit_ids);
            self.text(&b.name, &at(&bp, ".name"));
            self.optional_source(&b.source, &at(&bp, ".source"));
            if let Some(c) = b.cap {
                self.non_negative(c.get(), &at(&bp, ".cap"));
            }
            if let Some(c) = b.annual_cap {
                self.non_negative(c.get(), &at(&bp, ".annualCap"));
            }
            for (k, o) in b.obligations.iter().enumerate() {
                self.obligation(o, &item(&bp, ".obligations", k, ""));
            }
            self.benefit(&b.kind, &bp, refs);
        }
    }

    fn obligation(&mut self, o: &Obligation, path: &str) {
        self.text(&o.text, &at(&path, ".text"));
        self.optional_source(&o.source, &at(&path, ".source"));
        if let Some(c) = &o.clawback {
            self.text(c, &at(&path, ".clawback"));
        }
    }

    fn year(&mut self, year: u32, path: &str) {
        if year == 0 || year > 50 {
            self.issue(E::YearOutOfRange, path, &[]);
        }
    }

    fn benefit(&mut self, kind: &BenefitKind, bp: &str, refs: &Refs) {
        match kind {
            BenefitKind::TaxShare(TaxShare {
                taxes,
                phases,
                thereafter,
            }) => {
                if let Some(list) = taxes {
                    if list.is_empty() {
                        self.issue(E::EmptyList, at(&bp, ".taxes"), &[]);
                    }
                    for (k, t) in list.iter().enumerate() {
                        self.reference("tax", t, &refs.taxes, &item(&bp, ".taxes", k, ""));
                    }
                }
                if phases.is_empty() && thereafter.is_none() {
                    self.issue(E::EmptyList, at(&bp, ".phases"), &[]);
                }
                for (k, ph) in phases.iter().enumerate() {
                    let php = item(&bp, ".phases", k, "");
                    self.rate(ph.rate, &at(&php, ".rate"));
                    match (&ph.years, &ph.years_by) {
                        (Some(y), None) => {
                            if *y == 0 || *y > 50 {
                                self.issue(E::YearOutOfRange, at(&php, ".years"), &[]);
                            }
                        }
                        (None, Some(by)) => {
                            self.numeric_field(&by.field, &at(&php, ".yearsBy.field"));
                            if by.brackets.is_empty() {
                                self.issue(E::EmptyList, at(&php, ".yearsBy.brackets"), &[]);
                            }
                            for (m, br) in by.brackets.iter().enumerate() {
                                if m > 0 && br.from <= by.brackets[m - 1].from {
                                    self.issue(
                                        E::NotAscending,
                                        item(&php, ".yearsBy.brackets", m, ".from"),
                                        &[],
                                    );
                                }
                                if br.years > 50 {
                                    self.issue(
                                        E::YearOutOfRange,
                                        item(&php, ".yearsBy.brackets", m, ".years"),
                                        &[],
                                    );
                                }
                            }
                        }
                        _ => self.issue(E::OneOf, php, &[("keys", "years, yearsBy")]),
                    }
                }
                if let Some(r) = thereafter {
                    self.rate(*r, &at(&bp, ".thereafter"));
                }
            }
            BenefitKind::FixedAward(FixedAward { amount, year }) => {
                self.non_negative(amount.get(), &at(&bp, ".amount"));
                self.at_most(amount.get(), Measure::Unit(Unit::Cny), &bp, ".amount");
                self.year(*year, &at(&bp, ".year"));
            }
            BenefitKind::PerUnitAward(PerUnitAward {
                base,
                amount_per_unit,
                year,
            }) => {
                self.numeric_field(base, &at(&bp, ".base"));
                self.non_negative(amount_per_unit.get(), &at(&bp, ".amountPerUnit"));
                let cny = Measure::Unit(Unit::Cny);
                self.at_most(amount_per_unit.get(), cny, &bp, ".amountPerUnit");
                self.year(*year, &at(&bp, ".year"));
            }
            BenefitKind::BracketAward(BracketAward {
                base,
                brackets,
                year,
                ..
            }) => {
                self.numeric_field(base, &at(&bp, ".base"));
                if brackets.is_empty() {
                    self.issue(E::EmptyList, at(&bp, ".brackets"), &[]);
                }
                for (m, br) in brackets.iter().enumerate() {
                    self.rate(br.rate, &item(&bp, ".brackets", m, ".rate"));
                    self.non_negative(br.from.get(), &item(&bp, ".brackets", m, ".from"));
                    if m > 0 && br.from <= brackets[m - 1].from {
                        self.issue(E::NotAscending, item(&bp, ".brackets", m, ".from"), &[]);
                    }
                }
                self.year(*year, &at(&bp, ".year"));
            }
            BenefitKind::LandRebate(LandRebate { rate, per_mu, year }) => {
                match (rate, per_mu) {
                    (Some(r), None) => self.rate(*r, &at(&bp, ".rate")),
                    (None, Some(m)) => {
                        self.non_negative(m.get(), &at(&bp, ".perMu"));
                        self.at_most(m.get(), Measure::Unit(Unit::CnyPerMu), &bp, ".perMu");
                    }
                    _ => self.issue(E::OneOf, bp, &[("keys", "rate, perMu")]),
                }
                self.year(*year, &at(&bp, ".year"));
            }
            BenefitKind::RentRelief(RentRelief { phases }) => {
                if phases.is_empty() {
                    self.issue(E::EmptyList, at(&bp, ".phases"), &[]);
                }
                for (k, ph) in phases.iter().enumerate() {
                    let php = item(&bp, ".phases", k, "");
                    if ph.years == 0 || ph.years > 50 {
                        self.issue(E::YearOutOfRange, at(&php, ".years"), &[]);
                    }
                    match (ph.waived, ph.per_m2_month) {
                        (Some(r), None) => self.rate(r, &at(&php, ".waived")),
                        (None, Some(m)) => {
                            self.non_negative(m.get(), &at(&php, ".perM2Month"));
                            let rent = Measure::CnyPerM2Month;
                            self.at_most(m.get(), rent, &php, ".perM2Month");
                        }
                        _ => self.issue(E::OneOf, php, &[("keys", "waived, perM2Month")]),
                    }
                }
            }
        }
    }

    fn criterion(&mut self, c: &Criterion, path: &str, refs: &Refs) {
        match c {
            Criterion::All(children) | Criterion::Any(children) => {
                let key = if matches!(c, Criterion::All(_)) {
                    ".all"
                } else {
                    ".any"
                };
                if children.is_empty() {
                    self.issue(E::EmptyList, at(path, key), &[]);
                }
                for (i, child) in children.iter().enumerate() {
                    self.criterion(child, &item(path, key, i, ""), refs);
                }
            }
            Criterion::Not(child) => self.criterion(child, &at(path, ".not"), refs),
            Criterion::Compare(cmp) => {
                let field = cmp.field.as_str();
                match self.policy.kind_of(field) {
                    None => self.unknown_field(field, &at(path, ".field")),
                    Some(Kind::Number(_)) => {}
                    Some(kind) => self.wrong_comparison(field, kind, path),
                }
                for (i, vb) in cmp.value_by.iter().enumerate() {
                    let vp = item(path, ".valueBy", i, "");
                    if let Some(z) = &vb.zone {
                        self.reference(Field::Zone.name(), z, &refs.zones, &at(&vp, ".zone"));
                    }
                    if let Some(ind) = &vb.industry {
                        let path = at(&vp, ".industry");
                        self.reference(Field::Industry.name(), ind, &refs.industries, &path);
                    }
                    if let Some(k) = &vb.project_kind {
                        let path = at(&vp, ".projectKind");
                        self.reference(Field::ProjectKind.name(), k, &refs.kinds, &path);
                    }
                    if vb.zone.is_none() && vb.industry.is_none() && vb.project_kind.is_none() {
                        self.issue(E::OneOf, vp, &[("keys", "zone, industry, projectKind")]);
                    }
                }
            }
            Criterion::In(list) => {
                let field = list.field.as_str();
                match self.policy.kind_of(field) {
                    None => self.unknown_field(field, &at(path, ".field")),
                    Some(Kind::Id(ids)) => {
                        let known = match ids {
                            Ids::Zones => &refs.zones,
                            Ids::ProjectKinds => &refs.kinds,
                            _ => &refs.industries,
                        };
                        for (i, id) in list.ids.iter().enumerate() {
                            self.reference(field, id, known, &item(path, ".in", i, ""));
                        }
                    }
                    Some(kind) => self.wrong_comparison(field, kind, path),
                }
            }
            Criterion::Is(is) => match self.policy.kind_of(&is.field) {
                None => self.unknown_field(&is.field, &at(path, ".field")),
                Some(Kind::Flag) => {}
                Some(kind) => self.wrong_comparison(&is.field, kind, path),
            },
        }
    }

    /// `wrong-comparison`: the field is compared in a way its kind does not allow; the
    /// message names the keys it takes.
    fn wrong_comparison(&mut self, field: &str, kind: Kind, path: &str) {
        let keys = match kind {
            Kind::Number(_) => "op, value",
            Kind::Id(_) => "in",
            Kind::Flag | Kind::Setting(_) => "is",
        };
        self.issue(E::WrongComparison, path, &[("field", field), ("use", keys)]);
    }
}

struct Refs<'a> {
    zones: Vec<&'a str>,
    kinds: Vec<&'a str>,
    industries: Vec<&'a str>,
    taxes: Vec<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::is_web_url;

    #[test]
    fn only_http_and_https_addresses_are_links() {
        for ok in [
            "https://reward.wenzhou.gov.cn/app/policy?policy_id=410",
            "http://swj.xinyang.gov.cn/index.php?m=content&c=index&a=show&catid=6&id=3133",
            "https://例子.中国/政策",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            " https://x.cn",
            "https://x.cn/a b",
            "https://x.cn/\u{0}",
            "https://",
            "http:/x.cn",
            "HTTPS://X.CN",
            "//x.cn/a",
            "x.cn",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad:?}");
        }
    }
}

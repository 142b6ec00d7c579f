//! Policy validation: every problem at once, each with a JSON path and a fix hint.
//!
//! Paths are [`At`] chains built on the stack as the check descends, written out only
//! when a problem is reported.

use super::fields::{name, Field, Ids, Kind, Unit};
use super::read::At;
use super::PolicyError as E;
use super::*;
use crate::money::{max_for, DecOps, Measure};
use rust_decimal::Decimal;

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

/// `parent.key`.
fn k<'a>(parent: &'a At<'a>, key: &'a str) -> At<'a> {
    At::Key(parent, key)
}

impl Check<'_> {
    #[inline(never)]
    fn issue(&mut self, code: E, at: At, args: &[(&str, &str)]) {
        self.out.push(Issue::new(code, at.path(), self.lang, args));
    }

    #[inline(never)]
    fn text(&mut self, t: &Text, at: At) {
        if t.en.trim().is_empty() {
            self.issue(E::MissingTranslation, k(&at, "en"), &[("lang", "en")]);
        }
        if t.zh_hans.trim().is_empty() {
            let lang = [("lang", "zh-Hans")];
            self.issue(E::MissingTranslation, k(&at, "zh-Hans"), &lang);
        }
    }

    /// The item's `id` (at `at.id`) is not empty and not seen before; its `name` (at
    /// `at.name`) has its translations.
    #[inline(never)]
    fn named(&mut self, id: &str, name: &Text, at: At, seen: &mut dyn Seen) {
        self.id(id, k(&at, "id"), seen);
        self.text(name, k(&at, "name"));
    }

    #[inline(never)]
    fn id(&mut self, id: &str, at: At, seen: &mut dyn Seen) {
        let repeated = seen.repeated(id);
        if id.trim().is_empty() {
            self.issue(E::EmptyId, at, &[]);
        } else if repeated {
            self.issue(E::DuplicateId, at, &[("id", id)]);
        }
    }

    #[inline(never)]
    fn rate(&mut self, r: Rate, at: At) {
        if r.get() < Decimal::ZERO || r.get() > Decimal::ONE {
            self.issue(E::RateOutOfRange, at, &[("value", &r.to_string())]);
        }
    }

    #[inline(never)]
    fn non_negative(&mut self, d: Decimal, at: At) {
        if d.is_sign_negative() && !d.is_zero() {
            self.issue(E::NegativeValue, at, &[("value", &d.to_string())]);
        }
    }

    /// A figure that evaluation multiplies: not negative, and no larger (in size) than the
    /// largest accepted in its unit ([`max_for`]): above it, evaluating the policy must
    /// overflow. (Figures that are only compared, such as thresholds, cannot overflow and
    /// are not capped.)
    #[inline(never)]
    fn figure(&mut self, d: Decimal, m: Measure, at: At) {
        self.non_negative(d, at);
        self.at_most(d, m, at);
    }

    #[inline(never)]
    fn at_most(&mut self, d: Decimal, m: Measure, at: At) {
        let max = max_for(m);
        if d.abs() > max {
            let shown = match m {
                Measure::Unit(u) => crate::i18n::format::quantity(max, u, self.lang),
                _ => crate::money::group_thousands(max, 0),
            };
            let value = d.to_string();
            let args = [("value", value.as_str()), ("max", shown.as_str())];
            self.issue(E::FigureTooLarge, at, &args);
        }
    }

    #[inline(never)]
    fn positive(&mut self, d: Decimal, at: At) {
        if d <= Decimal::ZERO {
            self.issue(E::NotPositive, at, &[("value", &d.to_string())]);
        }
    }

    /// A source's `url`, if any, must be an http(s) address: the widget shows it as a
    /// link, and a `javascript:` or `data:` address would run code when clicked.
    #[inline(never)]
    fn source(&mut self, s: Option<&Source>, at: At) {
        if let Some(url) = s.and_then(|s| s.url.as_deref()) {
            if !is_web_url(url) {
                self.issue(E::InvalidUrl, k(&at, "url"), &[("value", url)]);
            }
        }
    }

    /// A list that needs an entry.
    fn not_empty(&mut self, empty: bool, at: At) {
        if empty {
            self.issue(E::EmptyList, at, &[]);
        }
    }

    /// The year's targets: zones that exist, positive funds and counts, unique ids.
    fn targets(&mut self, t: &super::Targets) {
        let tp = k(&At::Root, "targets");
        self.source(Some(&t.source), k(&tp, "source"));
        let zones: Vec<&str> = self.policy.zones.iter().map(|z| z.id.as_str()).collect();
        let mut seen = Vec::new();
        let counts = |c: &mut Self, list: &[super::ProjectCount], at: At| {
            let np = k(&at, "newProjects");
            for (i, pc) in list.iter().enumerate() {
                let pp = At::Item(&np, i);
                c.non_negative(pc.min_investment.get(), k(&pp, "minInvestment"));
                c.positive(Decimal::from(pc.count), k(&pp, "count"));
            }
        };
        let zl = k(&tp, "zones");
        for (i, z) in t.zones.iter().enumerate() {
            let zp = At::Item(&zl, i);
            self.reference(Field::Zone.name(), &z.zone, &zones, k(&zp, name::ZONE));
            if seen.contains(&z.zone) {
                self.issue(E::DuplicateId, k(&zp, name::ZONE), &[("id", &z.zone)]);
            }
            seen.push(z.zone.clone());
            self.positive(z.funds.get(), k(&zp, "funds"));
            counts(self, &z.new_projects, zp);
        }
        let mut ids = Vec::new();
        let dl = k(&tp, "departments");
        for (i, d) in t.departments.iter().enumerate() {
            let dp = At::Item(&dl, i);
            self.named(&d.id, &d.name, dp, &mut ids);
            self.positive(d.funds.get(), k(&dp, "funds"));
            counts(self, &d.new_projects, dp);
        }
    }

    #[inline(never)]
    fn reference(&mut self, kind: &str, id: &str, known: &[&str], at: At) {
        if !known.contains(&id) {
            let hint = crate::error::nearest(id, known.iter().copied())
                .map(|s| s.to_string())
                .unwrap_or_else(|| known.join(", "));
            let args = [("kind", kind), ("id", id), ("hint", &hint)];
            self.issue(E::UnknownReference, at, &args);
        }
    }

    fn numeric_field(&mut self, name: &str, at: At) {
        match self.policy.kind_of(name) {
            Some(Kind::Number(_)) => {}
            Some(_) => self.issue(E::FieldNotNumeric, at, &[("field", name)]),
            None => self.unknown_field(name, at),
        }
    }

    fn unknown_field(&mut self, name: &str, at: At) {
        let known = self.policy.field_names();
        let hint = crate::error::nearest(name, known.iter().copied())
            .unwrap_or(Field::Investment.name())
            .to_string();
        self.issue(E::UnknownField, at, &[("field", name), ("hint", &hint)]);
    }

    fn run(&mut self) {
        let p = self.policy;
        let root = At::Root;
        self.text(&p.name, k(&root, "name"));
        self.source(Some(&p.source), k(&root, "source"));
        if p.id.trim().is_empty() {
            self.issue(E::EmptyId, k(&root, "id"), &[]);
        }
        let defaults = k(&root, "defaults");
        self.rate(p.defaults.discount_rate, k(&defaults, name::DISCOUNT_RATE));
        if p.defaults.horizon_years == 0 || p.defaults.horizon_years > 50 {
            self.issue(E::HorizonOutOfRange, k(&defaults, name::HORIZON_YEARS), &[]);
        }
        if p.rounding.scale > 10 {
            let rounding = k(&root, "rounding");
            self.issue(E::RoundingOutOfRange, k(&rounding, "scale"), &[]);
        }
        self.not_empty(p.zones.is_empty(), k(&root, "zones"));
        self.not_empty(p.project_kinds.is_empty(), k(&root, "projectKinds"));

        let (per_mu, rent) = (Measure::Unit(Unit::CnyPerMu), Measure::CnyPerM2Month);
        let mut zone_ids = Vec::new();
        // Long lists: duplicates found through a sorted index (linear in the parcels).
        let (mut parcels, mut factories) = (Vec::new(), Vec::new());
        for z in &p.zones {
            for x in &z.parcels {
                parcels.push(x.id.as_str());
            }
            for x in &z.factories {
                factories.push(x.id.as_str());
            }
        }
        let mut parcel_ids = Repeated::of(parcels);
        let mut factory_ids = Repeated::of(factories);
        let zl = k(&root, "zones");
        for (zi, z) in p.zones.iter().enumerate() {
            let zp = At::Item(&zl, zi);
            self.named(&z.id, &z.name, zp, &mut zone_ids);
            self.source(z.source.as_ref(), k(&zp, "source"));
            if let Some(price) = z.land_price_per_mu {
                self.figure(price.get(), per_mu, k(&zp, "landPricePerMu"));
            }
            let pl = k(&zp, "parcels");
            for (pi, parcel) in z.parcels.iter().enumerate() {
                let pp = At::Item(&pl, pi);
                self.named(&parcel.id, &parcel.name, pp, &mut parcel_ids);
                self.text(&parcel.land_use, k(&pp, "landUse"));
                self.source(parcel.source.as_ref(), k(&pp, "source"));
                let area = k(&pp, "areaMu");
                self.positive(parcel.area_mu.get(), area);
                self.at_most(parcel.area_mu.get(), Measure::Unit(Unit::Mu), area);
                self.figure(parcel.price_per_mu.get(), per_mu, k(&pp, "pricePerMu"));
                self.non_negative(parcel.min_intensity.get(), k(&pp, "minIntensity"));
                if let Some(r) = parcel.min_plot_ratio {
                    self.non_negative(r.get(), k(&pp, "minPlotRatio"));
                }
                if let Some(t) = parcel.min_tax_per_mu {
                    self.non_negative(t.get(), k(&pp, "minTaxPerMu"));
                }
            }
            let fl = k(&zp, "factories");
            for (fi, f) in z.factories.iter().enumerate() {
                let fp = At::Item(&fl, fi);
                self.named(&f.id, &f.name, fp, &mut factory_ids);
                self.source(f.source.as_ref(), k(&fp, "source"));
                self.positive(f.floor_area.get(), k(&fp, name::FLOOR_AREA));
                self.figure(f.rent_per_m2_month.get(), rent, k(&fp, "rentPerM2Month"));
                // Prices per m² have the largest value of a rent per m².
                for (m, key) in [
                    (f.sale_price_per_m2, "salePricePerM2"),
                    (f.construction_cost_per_m2, "constructionCostPerM2"),
                ] {
                    if let Some(m) = m {
                        self.figure(m.get(), rent, k(&fp, key));
                    }
                }
                if let Some(m) = f.min_floor_area {
                    let min = k(&fp, "minFloorArea");
                    self.non_negative(m.get(), min);
                    if m.get() > f.floor_area.get() {
                        self.issue(E::MinAboveAvailable, min, &[]);
                    }
                }
            }
        }

        let mut kind_ids = Vec::new();
        let kl = k(&root, "projectKinds");
        for (i, c) in p.project_kinds.iter().enumerate() {
            self.named(&c.id, &c.name, At::Item(&kl, i), &mut kind_ids);
        }
        let mut industry_ids = Vec::new();
        let il = k(&root, "industries");
        for (i, c) in p.industries.iter().enumerate() {
            self.named(&c.id, &c.name, At::Item(&il, i), &mut industry_ids);
        }
        let mut tax_ids = Vec::new();
        let zone_list: Vec<&str> = zone_ids.iter().map(String::as_str).collect();
        let tl = k(&root, "taxes");
        for (i, t) in p.taxes.iter().enumerate() {
            let tp = At::Item(&tl, i);
            self.named(&t.id, &t.name, tp, &mut tax_ids);
            let ls = k(&tp, "localShare");
            self.not_empty(t.local_share.is_empty(), ls);
            let mut dates = Vec::new();
            for (j, r) in t.local_share.iter().enumerate() {
                let rp = At::Item(&ls, j);
                self.rate(r.rate, k(&rp, "rate"));
                self.source(Some(&r.source), k(&rp, "source"));
                if let Some(z) = &r.zone {
                    self.reference(Field::Zone.name(), z, &zone_list, k(&rp, name::ZONE));
                }
                if dates.contains(&(r.from, &r.zone)) {
                    let date = r.from.to_string();
                    self.issue(E::DuplicateDate, k(&rp, "from"), &[("date", &date)]);
                }
                dates.push((r.from, &r.zone));
            }
        }
        let mut rate_keys = Vec::new();
        let rl = k(&root, "exchangeRates");
        for (i, r) in p.exchange_rates.iter().enumerate() {
            let rp = At::Item(&rl, i);
            let code_ok =
                r.currency.len() == 3 && r.currency.chars().all(|c| c.is_ascii_uppercase());
            let cp = k(&rp, name::CURRENCY);
            if !code_ok {
                self.issue(E::InvalidCurrency, cp, &[("currency", &r.currency)]);
            } else if r.currency == "CNY" {
                self.issue(E::CnyRate, cp, &[]);
            }
            let per_unit = k(&rp, "cnyPerUnit");
            self.positive(r.cny_per_unit.get(), per_unit);
            self.source(Some(&r.source), k(&rp, "source"));
            self.at_most(r.cny_per_unit.get(), Measure::CnyPerUnit, per_unit);
            if rate_keys.contains(&(r.currency.as_str(), r.date)) {
                let date = r.date.to_string();
                self.issue(E::DuplicateDate, k(&rp, "date"), &[("date", &date)]);
            }
            rate_keys.push((r.currency.as_str(), r.date));
        }
        let mut tier_ids = Vec::new();
        let tl = k(&root, "tiers");
        for (i, t) in p.tiers.iter().enumerate() {
            let tp = At::Item(&tl, i);
            self.named(&t.id, &t.name, tp, &mut tier_ids);
            let min = k(&tp, "minInvestment");
            self.non_negative(t.min_investment.get(), min);
            if i > 0 && t.min_investment <= p.tiers[i - 1].min_investment {
                self.issue(E::NotAscending, min, &[]);
            }
            if let Some(note) = &t.note {
                self.text(note, k(&tp, "note"));
            }
        }
        if let Some(targets) = &p.targets {
            self.targets(targets);
        }
        // Declared inputs: unique ids that no built-in field or derived quantity has, a
        // largest value that is not negative and within the unit's largest.
        let mut derived_ids = Vec::new();
        let il = k(&root, "inputs");
        for (i, d) in p.inputs.iter().enumerate() {
            let ip = At::Item(&il, i);
            let id = k(&ip, "id");
            self.id(&d.id, id, &mut derived_ids);
            if Field::from_name(&d.id).is_some() {
                self.issue(E::ShadowsBuiltin, id, &[("id", &d.id)]);
            }
            self.text(&d.label, k(&ip, "label"));
            if let Some(h) = &d.help {
                self.text(h, k(&ip, "help"));
            }
            if let Some(m) = d.max {
                self.figure(m.get(), Measure::Unit(d.unit), k(&ip, "max"));
            }
        }
        let dl = k(&root, "derived");
        for (i, d) in p.derived.iter().enumerate() {
            let dp = At::Item(&dl, i);
            self.id(&d.id, k(&dp, "id"), &mut derived_ids);
            if Field::from_name(&d.id).is_some_and(|f| !matches!(f.def().kind, Kind::Setting(_))) {
                self.issue(E::ShadowsBuiltin, k(&dp, "id"), &[("id", &d.id)]);
            }
            self.text(&d.name, k(&dp, "name"));
            let terms = k(&dp, "terms");
            self.not_empty(d.terms.is_empty(), terms);
            for (j, t) in d.terms.iter().enumerate() {
                let tp = At::Item(&terms, j);
                self.at_most(t.factor.get(), Measure::Factor, k(&tp, "factor"));
            }
            // A derived quantity may use built-in fields and derived quantities defined
            // before it, so there can be no cycle.
            let earlier = &p.derived[..i];
            let names = d
                .terms
                .iter()
                .map(|t| t.field.as_str())
                .chain(d.per.as_deref());
            for (j, name) in names.enumerate() {
                let tp = At::Item(&terms, j);
                let at = if j < d.terms.len() {
                    k(&tp, "field")
                } else {
                    k(&dp, "per")
                };
                let builtin = match p.field(name) {
                    Some(
                        f @ (super::fields::FieldRef::Builtin(_)
                        | super::fields::FieldRef::Declared(_)),
                    ) => Some(p.field_kind(f)),
                    _ => None,
                };
                match builtin {
                    Some(Kind::Number(_)) => {}
                    Some(_) => self.issue(E::FieldNotNumeric, at, &[("field", name)]),
                    None if earlier.iter().any(|x| x.id == name) => {}
                    None if p.derived.iter().any(|x| x.id == name) => {
                        self.issue(E::DerivedOrder, at, &[("field", name)])
                    }
                    None => self.unknown_field(name, at),
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

        let program_list: Vec<&str> = p.programs.iter().map(|x| x.id.as_str()).collect();
        let mut program_ids = Repeated::of(program_list.clone());
        let pl = k(&root, "programs");
        for (i, prog) in p.programs.iter().enumerate() {
            let pp = At::Item(&pl, i);
            self.id(&prog.id, k(&pp, "id"), &mut program_ids);
        }
        let programs = (&program_list[..], &program_ids);
        for (i, prog) in p.programs.iter().enumerate() {
            self.program(prog, At::Item(&pl, i), &refs, programs);
        }
        let mut cap_ids = Vec::new();
        let cl = k(&root, "caps");
        for (i, cap) in p.caps.iter().enumerate() {
            let cp = At::Item(&cl, i);
            self.named(&cap.id, &cap.name, cp, &mut cap_ids);
            self.source(Some(&cap.source), k(&cp, "source"));
            self.non_negative(cap.amount.get(), k(&cp, "amount"));
            let list = k(&cp, "programs");
            for (j, id) in cap.programs.iter().enumerate() {
                if program_ids.find(id).is_none() {
                    self.reference("program", id, &program_list, At::Item(&list, j));
                }
            }
        }
    }

    fn program(&mut self, prog: &Program, pp: At, refs: &Refs, programs: Programs) {
        self.text(&prog.name, k(&pp, "name"));
        self.source(Some(&prog.source), k(&pp, "source"));
        if let Some(to) = prog.effective_to {
            if to < prog.effective_from {
                let (from, to) = (prog.effective_from.to_string(), to.to_string());
                let args = [("from", from.as_str()), ("to", to.as_str())];
                self.issue(E::DatesOutOfOrder, k(&pp, "effectiveTo"), &args);
            }
        }
        if let Some(cap) = prog.cap {
            self.non_negative(cap.get(), k(&pp, "cap"));
        }
        if let Some(r) = prog.rounding {
            if r.scale > 10 {
                let rounding = k(&pp, "rounding");
                self.issue(E::RoundingOutOfRange, k(&rounding, "scale"), &[]);
            }
        }
        let ncw = k(&pp, "notCombinableWith");
        for (j, other) in prog.not_combinable_with.iter().enumerate() {
            let at = At::Item(&ncw, j);
            if *other == prog.id {
                self.issue(E::SelfReference, at, &[]);
            } else if programs.1.find(other).is_none() {
                self.reference("program", other, programs.0, at);
            }
        }
        self.obligations(&prog.obligations, pp);
        self.criterion(&prog.criteria, k(&pp, "criteria"), refs);
        let bl = k(&pp, "benefits");
        self.not_empty(prog.benefits.is_empty(), bl);
        // Ceilings and firm amounts are counted apart in the headline: not in one program.
        let up_to = prog.benefits.iter().filter(|b| b.up_to).count();
        if up_to > 0 && up_to < prog.benefits.len() {
            self.issue(E::MixedUpTo, bl, &[]);
        }
        let mut benefit_ids = Vec::new();
        for (j, b) in prog.benefits.iter().enumerate() {
            let bp = At::Item(&bl, j);
            self.named(&b.id, &b.name, bp, &mut benefit_ids);
            self.source(b.source.as_ref(), k(&bp, "source"));
            self.obligations(&b.obligations, bp);
            self.figures(&b.figures(), b.up_to, bp, refs);
            self.payments(b, &b.kind, bp);
            let vl = k(&bp, "variants");
            for (i, v) in b.variants.iter().enumerate() {
                let vp = At::Item(&vl, i);
                self.criterion(&v.when, k(&vp, "when"), refs);
                self.figures(&v.figures(), b.up_to, vp, refs);
                self.paid_once(b, &v.kind, vp);
            }
        }
    }

    fn obligations(&mut self, list: &[Obligation], at: At) {
        let ol = k(&at, "obligations");
        for (j, o) in list.iter().enumerate() {
            let op = At::Item(&ol, j);
            self.text(&o.text, k(&op, "text"));
            self.source(o.source.as_ref(), k(&op, "source"));
            if let Some(c) = &o.clawback {
                self.text(c, k(&op, "clawback"));
            }
        }
    }

    /// A number of years from 1 to 50.
    #[inline(never)]
    fn year(&mut self, year: u32, at: At) {
        if year == 0 || year > 50 {
            self.issue(E::YearOutOfRange, at, &[]);
        }
    }

    fn benefit(&mut self, kind: &BenefitKind, bp: At, refs: &Refs) {
        let cny = Measure::Unit(Unit::Cny);
        match kind {
            BenefitKind::TaxShare(TaxShare {
                taxes,
                phases,
                thereafter,
            }) => {
                if let Some(list) = taxes {
                    let tl = k(&bp, "taxes");
                    self.not_empty(list.is_empty(), tl);
                    for (i, t) in list.iter().enumerate() {
                        self.reference("tax", t, &refs.taxes, At::Item(&tl, i));
                    }
                }
                let pl = k(&bp, "phases");
                self.not_empty(phases.is_empty() && thereafter.is_none(), pl);
                for (i, ph) in phases.iter().enumerate() {
                    let php = At::Item(&pl, i);
                    self.rate(ph.rate, k(&php, "rate"));
                    match (&ph.years, &ph.years_by) {
                        (Some(y), None) => self.year(*y, k(&php, "years")),
                        (None, Some(by)) => {
                            let yb = k(&php, "yearsBy");
                            self.numeric_field(&by.field, k(&yb, "field"));
                            let brl = k(&yb, "brackets");
                            self.not_empty(by.brackets.is_empty(), brl);
                            for (m, br) in by.brackets.iter().enumerate() {
                                let brp = At::Item(&brl, m);
                                if m > 0 && br.from <= by.brackets[m - 1].from {
                                    self.issue(E::NotAscending, k(&brp, "from"), &[]);
                                }
                                if br.years > 50 {
                                    self.issue(E::YearOutOfRange, k(&brp, "years"), &[]);
                                }
                            }
                        }
                        _ => self.issue(E::OneOf, php, &[("keys", "years, yearsBy")]),
                    }
                }
                if let Some(r) = thereafter {
                    self.rate(*r, k(&bp, "thereafter"));
                }
            }
            BenefitKind::FixedAward(FixedAward { amount, year }) => {
                self.figure(amount.get(), cny, k(&bp, "amount"));
                self.year(*year, k(&bp, "year"));
            }
            BenefitKind::PerUnitAward(PerUnitAward {
                base,
                amount_per_unit,
                year,
            }) => {
                self.numeric_field(base, k(&bp, "base"));
                self.figure(amount_per_unit.get(), cny, k(&bp, "amountPerUnit"));
                self.year(*year, k(&bp, "year"));
            }
            BenefitKind::BracketAward(BracketAward {
                base,
                brackets,
                year,
                mode,
                applies_to,
            }) => {
                self.numeric_field(base, k(&bp, "base"));
                let marginal = *mode == BracketMode::Marginal;
                if let Some(f) = applies_to {
                    let at = k(&bp, "appliesTo");
                    self.numeric_field(f, at);
                    if marginal {
                        self.issue(E::NeedsWholeMode, at, &[]);
                    }
                }
                let brl = k(&bp, "brackets");
                self.not_empty(brackets.is_empty(), brl);
                for (m, br) in brackets.iter().enumerate() {
                    let brp = At::Item(&brl, m);
                    match (br.rate, br.amount) {
                        (Some(r), None) => self.rate(r, k(&brp, "rate")),
                        (None, Some(a)) => {
                            let at = k(&brp, "amount");
                            self.figure(a.get(), cny, at);
                            if marginal {
                                self.issue(E::NeedsWholeMode, at, &[]);
                            }
                        }
                        _ => self.issue(E::OneOf, brp, &[("keys", "rate, amount")]),
                    }
                    let from = k(&brp, "from");
                    self.non_negative(br.from.get(), from);
                    if m > 0 && br.from <= brackets[m - 1].from {
                        self.issue(E::NotAscending, from, &[]);
                    }
                }
                self.year(*year, k(&bp, "year"));
            }
            BenefitKind::LandRebate(LandRebate { rate, per_mu, year }) => {
                match (rate, per_mu) {
                    (Some(r), None) => self.rate(*r, k(&bp, "rate")),
                    (None, Some(m)) => {
                        let per_mu = Measure::Unit(Unit::CnyPerMu);
                        self.figure(m.get(), per_mu, k(&bp, "perMu"));
                    }
                    _ => self.issue(E::OneOf, bp, &[("keys", "rate, perMu")]),
                }
                self.year(*year, k(&bp, "year"));
            }
            BenefitKind::Negotiable(n) => self.text(&n.terms, k(&bp, "terms")),
            BenefitKind::PurchaseAtCost(PurchaseAtCost { year }) => {
                self.year(*year, k(&bp, "year"))
            }
            BenefitKind::RentRelief(RentRelief { phases }) => {
                let pl = k(&bp, "phases");
                self.not_empty(phases.is_empty(), pl);
                for (i, ph) in phases.iter().enumerate() {
                    let php = At::Item(&pl, i);
                    self.year(ph.years, k(&php, "years"));
                    match (ph.waived, ph.per_m2_month) {
                        (Some(r), None) => self.rate(r, k(&php, "waived")),
                        (None, Some(m)) => {
                            let rent = Measure::CnyPerM2Month;
                            self.figure(m.get(), rent, k(&php, "perM2Month"));
                        }
                        _ => self.issue(E::OneOf, php, &[("keys", "waived, perM2Month")]),
                    }
                }
            }
        }
    }

    /// A benefit's (or a variant's) caps and kind; and the keys that have nothing to act
    /// on: caps and `upTo` on terms with no amount, `capDiscounted` without a cap.
    fn figures(&mut self, f: &Figures, up_to: bool, at: At, refs: &Refs) {
        for (c, key) in [(f.cap, "cap"), (f.annual_cap, "annualCap")] {
            if let Some(c) = c {
                self.non_negative(c.get(), k(&at, key));
            }
        }
        self.benefit(f.kind, at, refs);
        if let Some(by) = f.cap_by {
            let bp = k(&at, "capBy");
            self.rate(by.rate, k(&bp, "rate"));
            self.numeric_field(&by.of, k(&bp, "of"));
        }
        if matches!(f.kind, BenefitKind::Negotiable(_)) {
            for (set, key) in [
                (up_to, "upTo"),
                (f.cap.is_some(), "cap"),
                (f.annual_cap.is_some(), "annualCap"),
                (f.cap_by.is_some(), "capBy"),
                (f.cap_discounted, "capDiscounted"),
            ] {
                if set {
                    self.issue(E::NotForKind, k(&at, key), &[("kind", f.kind.name())]);
                }
            }
        } else if f.cap_discounted && f.cap.is_none() && f.cap_by.is_none() {
            self.issue(E::OneOf, at, &[("keys", "cap, capBy")]);
        }
    }

    /// A threshold's `currency`: on an amount in CNY, with a rate in the policy.
    #[inline(never)]
    fn threshold_currency(&mut self, field: &str, code: &str, at: At) {
        if !matches!(self.policy.kind_of(field), Some(Kind::Number(Unit::Cny))) {
            self.issue(E::NotCnyField, at, &[("field", field)]);
        }
        // Each code once (no sort: it would link a sorting routine into the module).
        let mut codes: Vec<&str> = Vec::new();
        for r in &self.policy.exchange_rates {
            if !codes.contains(&r.currency.as_str()) {
                codes.push(&r.currency);
            }
        }
        self.reference(name::CURRENCY, code, &codes, at);
    }

    /// A one-off award's `years` and `instalments`.
    #[inline(never)]
    fn payments(&mut self, b: &Benefit, kind: &BenefitKind, bp: At) {
        let parts = &b.instalments;
        let (repeat, split) = (b.years != 1, !parts.is_empty());
        if repeat {
            self.year(b.years, k(&bp, "years"));
        }
        let il = k(&bp, "instalments");
        let mut sum = Some(Decimal::ZERO);
        for (i, part) in parts.iter().enumerate() {
            let ip = At::Item(&il, i);
            let year = k(&ip, "year");
            self.year(part.year, year);
            let share = k(&ip, "share");
            self.rate(part.share, share);
            self.positive(part.share.get(), share);
            if i > 0 && part.year <= parts[i - 1].year {
                self.issue(E::NotAscending, year, &[]);
            }
            sum = sum.and_then(|s| s.cadd(part.share.get()));
        }
        if split && sum != Some(Decimal::ONE) {
            let sum = sum.map_or_else(String::new, |s| Rate(s.normalize()).to_string());
            self.issue(E::SharesSum, il, &[("sum", &sum)]);
        }
        self.paid_once(b, kind, bp);
    }

    /// `years` and `instalments` need a kind paid once, in year 1 with instalments.
    fn paid_once(&mut self, b: &Benefit, kind: &BenefitKind, at: At) {
        let (repeat, split) = (b.years != 1, !b.instalments.is_empty());
        match kind.paid_year() {
            None if repeat || split => {
                self.issue(E::NotOneOff, at, &[("kind", kind.name())]);
            }
            Some(y) if split && (repeat || y != 1) => {
                self.issue(E::OneOf, at, &[("keys", "year(s), instalments")]);
            }
            _ => {}
        }
    }

    fn criterion(&mut self, c: &Criterion, at: At, refs: &Refs) {
        match c {
            Criterion::All(children) | Criterion::Any(children) => {
                let key = if matches!(c, Criterion::All(_)) {
                    "all"
                } else {
                    "any"
                };
                let list = k(&at, key);
                self.not_empty(children.is_empty(), list);
                for (i, child) in children.iter().enumerate() {
                    self.criterion(child, At::Item(&list, i), refs);
                }
            }
            Criterion::Not(child) => self.criterion(child, k(&at, "not"), refs),
            Criterion::AtLeast(AtLeast { at_least, of }) => {
                let list = k(&at, "of");
                self.not_empty(of.is_empty(), list);
                if *at_least == 0 || *at_least as usize > of.len() {
                    let max = of.len().to_string();
                    self.issue(
                        E::OutOfRange,
                        k(&at, "atLeast"),
                        &[("min", "1"), ("max", &max)],
                    );
                }
                for (i, child) in of.iter().enumerate() {
                    self.criterion(child, At::Item(&list, i), refs);
                }
            }
            Criterion::Compare(cmp) => {
                let field = cmp.field.as_str();
                match self.policy.kind_of(field) {
                    None => self.unknown_field(field, k(&at, "field")),
                    Some(Kind::Number(_)) => {}
                    Some(kind) => self.wrong_comparison(field, kind, at),
                }
                if let Some(code) = &cmp.currency {
                    self.threshold_currency(field, code, k(&at, name::CURRENCY));
                }
                let vl = k(&at, "valueBy");
                for (i, vb) in cmp.value_by.iter().enumerate() {
                    let vp = At::Item(&vl, i);
                    if let Some(z) = &vb.zone {
                        self.reference(Field::Zone.name(), z, &refs.zones, k(&vp, name::ZONE));
                    }
                    if let Some(ind) = &vb.industry {
                        let at = k(&vp, name::INDUSTRY);
                        self.reference(Field::Industry.name(), ind, &refs.industries, at);
                    }
                    if let Some(kind) = &vb.project_kind {
                        let at = k(&vp, name::PROJECT_KIND);
                        self.reference(Field::ProjectKind.name(), kind, &refs.kinds, at);
                    }
                    if vb.zone.is_none() && vb.industry.is_none() && vb.project_kind.is_none() {
                        self.issue(E::OneOf, vp, &[("keys", "zone, industry, projectKind")]);
                    }
                }
            }
            Criterion::In(list) => {
                let field = list.field.as_str();
                match self.policy.kind_of(field) {
                    None => self.unknown_field(field, k(&at, "field")),
                    Some(Kind::Id(ids)) => {
                        let known = match ids {
                            Ids::Zones => &refs.zones,
                            Ids::ProjectKinds => &refs.kinds,
                            _ => &refs.industries,
                        };
                        let il = k(&at, "in");
                        for (i, id) in list.ids.iter().enumerate() {
                            self.reference(field, id, known, At::Item(&il, i));
                        }
                    }
                    Some(kind) => self.wrong_comparison(field, kind, at),
                }
            }
            Criterion::Is(is) => match self.policy.kind_of(&is.field) {
                None => self.unknown_field(&is.field, k(&at, "field")),
                Some(Kind::Flag) => {}
                Some(kind) => self.wrong_comparison(&is.field, kind, at),
            },
        }
    }

    /// `wrong-comparison`: the field is compared in a way its kind does not allow; the
    /// message names the keys it takes.
    fn wrong_comparison(&mut self, field: &str, kind: Kind, at: At) {
        let keys = match kind {
            Kind::Number(_) => "op, value",
            Kind::Id(_) => "in",
            Kind::Flag | Kind::Setting(_) => "is",
        };
        self.issue(E::WrongComparison, at, &[("field", field), ("use", keys)]);
    }
}

/// The program ids in order, and indexed for lookup.
type Programs<'a, 'p> = (&'a [&'p str], &'a Repeated<'p>);

/// The ids met so far in one list of items, to find one met before.
trait Seen {
    /// Whether the next item's `id` (not empty) was met before; called once per item, in
    /// order.
    fn repeated(&mut self, id: &str) -> bool;
}

/// A short list: the ids met so far (empty ones left out).
impl Seen for Vec<String> {
    fn repeated(&mut self, id: &str) -> bool {
        if id.trim().is_empty() {
            false
        } else if self.iter().any(|s| s == id) {
            true
        } else {
            self.push(id.to_string());
            false
        }
    }
}

/// A long list (parcels, factories, programs): its ids sorted once; an item repeats an
/// earlier id when the first item with its id is not itself. Natively only: the wasm
/// module checks them as short lists (the index would cost 300 bytes gzipped of a size
/// budget that has none left; reading the policy object from JavaScript costs more there).
#[cfg(not(target_arch = "wasm32"))]
struct Repeated<'p> {
    index: crate::index::IdIndex<'p>,
    next: usize,
}

#[cfg(not(target_arch = "wasm32"))]
impl<'p> Repeated<'p> {
    fn of(ids: Vec<&'p str>) -> Repeated<'p> {
        Repeated {
            index: crate::index::IdIndex::new(ids),
            next: 0,
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.index.find(id)
    }
}

/// In the wasm module: the ids met so far, and the list for lookups.
#[cfg(target_arch = "wasm32")]
struct Repeated<'p> {
    ids: Vec<&'p str>,
    seen: Vec<String>,
}

#[cfg(target_arch = "wasm32")]
impl<'p> Repeated<'p> {
    fn of(ids: Vec<&'p str>) -> Repeated<'p> {
        Repeated {
            ids,
            seen: Vec::new(),
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| *x == id)
    }
}

#[cfg(target_arch = "wasm32")]
impl Seen for Repeated<'_> {
    fn repeated(&mut self, id: &str) -> bool {
        self.seen.repeated(id)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Seen for Repeated<'_> {
    fn repeated(&mut self, id: &str) -> bool {
        let first = self.index.find(id);
        self.next += 1;
        first.is_some_and(|i| i + 1 != self.next)
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

//! Policy validation: every problem at once, each with a JSON path and a fix hint.

use super::fields::{self, FieldType};
use super::*;
use rust_decimal::Decimal;

struct Check<'a> {
    lang: Lang,
    policy: &'a Policy,
    out: Vec<Issue>,
}

/// The type of a field or derived quantity named in a policy.
pub(crate) fn field_type(policy: &Policy, name: &str) -> Option<FieldType> {
    if let Some(f) = fields::builtin(name) {
        return Some(f.ty);
    }
    policy
        .derived
        .iter()
        .find(|d| d.id == name)
        .map(|d| FieldType::Number(d.unit))
}

/// Every field name a policy may use: built-in fields and its derived quantities.
pub(crate) fn known_fields(policy: &Policy) -> Vec<&str> {
    fields::FIELDS
        .iter()
        .map(|f| f.name)
        .chain(policy.derived.iter().map(|d| d.id.as_str()))
        .collect()
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
    fn issue(&mut self, code: &str, path: impl Into<String>, args: &[(&str, &str)]) {
        self.out.push(Issue::new(code, path, self.lang, args));
    }

    fn text(&mut self, t: &Text, path: &str) {
        if t.en.trim().is_empty() {
            self.issue(
                "missing-translation",
                format!("{path}.en"),
                &[("lang", "en")],
            );
        }
        if t.zh_hans.trim().is_empty() {
            self.issue(
                "missing-translation",
                format!("{path}.zh-Hans"),
                &[("lang", "zh-Hans")],
            );
        }
    }

    fn id(&mut self, id: &str, path: &str, seen: &mut Vec<String>) {
        if id.trim().is_empty() {
            self.issue("empty-id", path, &[]);
        } else if seen.iter().any(|s| s == id) {
            self.issue("duplicate-id", path, &[("id", id)]);
        } else {
            seen.push(id.to_string());
        }
    }

    fn rate(&mut self, r: Rate, path: &str) {
        if r.get() < Decimal::ZERO || r.get() > Decimal::ONE {
            self.issue("rate-out-of-range", path, &[("value", &r.to_string())]);
        }
    }

    fn non_negative(&mut self, d: Decimal, path: &str) {
        if d.is_sign_negative() && !d.is_zero() {
            self.issue("negative-value", path, &[("value", &d.to_string())]);
        }
    }

    fn positive(&mut self, d: Decimal, path: &str) {
        if d <= Decimal::ZERO {
            self.issue("not-positive", path, &[("value", &d.to_string())]);
        }
    }

    fn reference(&mut self, kind: &str, id: &str, known: &[&str], path: &str) {
        if !known.contains(&id) {
            let hint = crate::error::nearest(id, known.iter().copied())
                .map(|s| s.to_string())
                .unwrap_or_else(|| known.join(", "));
            self.issue(
                "unknown-reference",
                path,
                &[("kind", kind), ("id", id), ("hint", &hint)],
            );
        }
    }

    fn numeric_field(&mut self, name: &str, path: &str) {
        match field_type(self.policy, name) {
            Some(FieldType::Number(_)) => {}
            Some(_) => self.issue("field-not-numeric", path, &[("field", name)]),
            None => self.unknown_field(name, path),
        }
    }

    fn unknown_field(&mut self, name: &str, path: &str) {
        let known = known_fields(self.policy);
        let hint = crate::error::nearest(name, known.iter().copied())
            .unwrap_or("investment")
            .to_string();
        self.issue("unknown-field", path, &[("field", name), ("hint", &hint)]);
    }

    fn run(&mut self) {
        let p = self.policy;
        self.text(&p.name, "name");
        if p.id.trim().is_empty() {
            self.issue("empty-id", "id", &[]);
        }
        self.rate(p.defaults.discount_rate, "defaults.discountRate");
        if p.defaults.horizon_years == 0 || p.defaults.horizon_years > 50 {
            self.issue("horizon-out-of-range", "defaults.horizonYears", &[]);
        }
        if p.rounding.scale > 10 {
            self.issue("rounding-out-of-range", "rounding.scale", &[]);
        }
        for (list, path) in [
            (p.zones.is_empty(), "zones"),
            (p.project_kinds.is_empty(), "projectKinds"),
        ] {
            if list {
                self.issue("empty-list", path, &[]);
            }
        }

        let mut zone_ids = Vec::new();
        let mut parcel_ids = Vec::new();
        let mut factory_ids = Vec::new();
        for (zi, z) in p.zones.iter().enumerate() {
            let zp = format!("zones[{zi}]");
            self.id(&z.id, &format!("{zp}.id"), &mut zone_ids);
            self.text(&z.name, &format!("{zp}.name"));
            if let Some(price) = z.land_price_per_mu {
                self.non_negative(price.get(), &format!("{zp}.landPricePerMu"));
            }
            for (pi, parcel) in z.parcels.iter().enumerate() {
                let pp = format!("{zp}.parcels[{pi}]");
                self.id(&parcel.id, &format!("{pp}.id"), &mut parcel_ids);
                self.text(&parcel.name, &format!("{pp}.name"));
                self.text(&parcel.land_use, &format!("{pp}.landUse"));
                self.positive(parcel.area_mu.get(), &format!("{pp}.areaMu"));
                self.non_negative(parcel.price_per_mu.get(), &format!("{pp}.pricePerMu"));
                self.non_negative(parcel.min_intensity.get(), &format!("{pp}.minIntensity"));
                if let Some(r) = parcel.min_plot_ratio {
                    self.non_negative(r.get(), &format!("{pp}.minPlotRatio"));
                }
                if let Some(t) = parcel.min_tax_per_mu {
                    self.non_negative(t.get(), &format!("{pp}.minTaxPerMu"));
                }
            }
            for (fi, f) in z.factories.iter().enumerate() {
                let fp = format!("{zp}.factories[{fi}]");
                self.id(&f.id, &format!("{fp}.id"), &mut factory_ids);
                self.text(&f.name, &format!("{fp}.name"));
                self.positive(f.floor_area.get(), &format!("{fp}.floorArea"));
                self.non_negative(f.rent_per_m2_month.get(), &format!("{fp}.rentPerM2Month"));
                if let Some(m) = f.min_floor_area {
                    self.non_negative(m.get(), &format!("{fp}.minFloorArea"));
                    if m.get() > f.floor_area.get() {
                        self.issue("min-above-available", format!("{fp}.minFloorArea"), &[]);
                    }
                }
            }
        }

        let mut kind_ids = Vec::new();
        for (i, k) in p.project_kinds.iter().enumerate() {
            self.id(&k.id, &format!("projectKinds[{i}].id"), &mut kind_ids);
            self.text(&k.name, &format!("projectKinds[{i}].name"));
        }
        let mut industry_ids = Vec::new();
        for (i, k) in p.industries.iter().enumerate() {
            self.id(&k.id, &format!("industries[{i}].id"), &mut industry_ids);
            self.text(&k.name, &format!("industries[{i}].name"));
        }
        let mut tax_ids = Vec::new();
        for (i, t) in p.taxes.iter().enumerate() {
            let tp = format!("taxes[{i}]");
            self.id(&t.id, &format!("{tp}.id"), &mut tax_ids);
            self.text(&t.name, &format!("{tp}.name"));
            if t.local_share.is_empty() {
                self.issue("empty-list", format!("{tp}.localShare"), &[]);
            }
            let mut dates = Vec::new();
            for (j, r) in t.local_share.iter().enumerate() {
                self.rate(r.rate, &format!("{tp}.localShare[{j}].rate"));
                if dates.contains(&r.from) {
                    self.issue(
                        "duplicate-date",
                        format!("{tp}.localShare[{j}].from"),
                        &[("date", &r.from.to_string())],
                    );
                }
                dates.push(r.from);
            }
        }
        let mut rate_keys = Vec::new();
        for (i, r) in p.exchange_rates.iter().enumerate() {
            let rp = format!("exchangeRates[{i}]");
            let code_ok =
                r.currency.len() == 3 && r.currency.chars().all(|c| c.is_ascii_uppercase());
            if !code_ok {
                self.issue(
                    "invalid-currency",
                    format!("{rp}.currency"),
                    &[("currency", &r.currency)],
                );
            } else if r.currency == "CNY" {
                self.issue("cny-rate", format!("{rp}.currency"), &[]);
            }
            self.positive(r.cny_per_unit.get(), &format!("{rp}.cnyPerUnit"));
            if rate_keys.contains(&(r.currency.clone(), r.date)) {
                self.issue(
                    "duplicate-date",
                    format!("{rp}.date"),
                    &[("date", &r.date.to_string())],
                );
            }
            rate_keys.push((r.currency.clone(), r.date));
        }
        let mut tier_ids = Vec::new();
        for (i, t) in p.tiers.iter().enumerate() {
            self.id(&t.id, &format!("tiers[{i}].id"), &mut tier_ids);
            self.text(&t.name, &format!("tiers[{i}].name"));
            self.non_negative(t.min_investment.get(), &format!("tiers[{i}].minInvestment"));
            if i > 0 && t.min_investment <= p.tiers[i - 1].min_investment {
                self.issue("not-ascending", format!("tiers[{i}].minInvestment"), &[]);
            }
        }
        let mut derived_ids = Vec::new();
        for (i, d) in p.derived.iter().enumerate() {
            let dp = format!("derived[{i}]");
            self.id(&d.id, &format!("{dp}.id"), &mut derived_ids);
            if fields::builtin(&d.id).is_some() {
                self.issue("shadows-builtin", format!("{dp}.id"), &[("id", &d.id)]);
            }
            self.text(&d.name, &format!("{dp}.name"));
            if d.terms.is_empty() {
                self.issue("empty-list", format!("{dp}.terms"), &[]);
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
                    format!("{dp}.terms[{j}].field")
                } else {
                    format!("{dp}.per")
                };
                match fields::builtin(name) {
                    Some(f) if matches!(f.ty, FieldType::Number(_)) => {}
                    Some(_) => self.issue("field-not-numeric", path, &[("field", name)]),
                    None if earlier.contains(&name) => {}
                    None if p.derived.iter().any(|x| x.id == name) => {
                        self.issue("derived-order", path, &[("field", name)])
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
            self.id(&prog.id, &format!("programs[{i}].id"), &mut program_ids);
        }
        let program_list: Vec<&str> = p.programs.iter().map(|x| x.id.as_str()).collect();
        for (i, prog) in p.programs.iter().enumerate() {
            self.program(prog, &format!("programs[{i}]"), &refs, &program_list);
        }
        let mut cap_ids = Vec::new();
        for (i, cap) in p.caps.iter().enumerate() {
            let cp = format!("caps[{i}]");
            self.id(&cap.id, &format!("{cp}.id"), &mut cap_ids);
            self.text(&cap.name, &format!("{cp}.name"));
            self.non_negative(cap.amount.get(), &format!("{cp}.amount"));
            for (j, id) in cap.programs.iter().enumerate() {
                self.reference("program", id, &program_list, &format!("{cp}.programs[{j}]"));
            }
        }
    }

    fn program(&mut self, prog: &Program, pp: &str, refs: &Refs, programs: &[&str]) {
        self.text(&prog.name, &format!("{pp}.name"));
        if let Some(to) = prog.effective_to {
            if to < prog.effective_from {
                self.issue(
                    "dates-out-of-order",
                    format!("{pp}.effectiveTo"),
                    &[
                        ("from", &prog.effective_from.to_string()),
                        ("to", &to.to_string()),
                    ],
                );
            }
        }
        if let Some(cap) = prog.cap {
            self.non_negative(cap.get(), &format!("{pp}.cap"));
        }
        if let Some(r) = prog.rounding {
            if r.scale > 10 {
                self.issue("rounding-out-of-range", format!("{pp}.rounding.scale"), &[]);
            }
        }
        for (j, other) in prog.not_combinable_with.iter().enumerate() {
            let path = format!("{pp}.notCombinableWith[{j}]");
            if *other == prog.id {
                self.issue("self-reference", path, &[]);
            } else {
                self.reference("program", other, programs, &path);
            }
        }
        for (j, o) in prog.obligations.iter().enumerate() {
            self.obligation(o, &format!("{pp}.obligations[{j}]"));
        }
        self.criterion(&prog.criteria, &format!("{pp}.criteria"), refs);
        if prog.benefits.is_empty() {
            self.issue("empty-list", format!("{pp}.benefits"), &[]);
        }
        let mut benefit_ids = Vec::new();
        for (j, b) in prog.benefits.iter().enumerate() {
            let bp = format!("{pp}.benefits[{j}]");
            self.id(&b.id, &format!("{bp}.id"), &mut benefit_ids);
            self.text(&b.name, &format!("{bp}.name"));
            if let Some(c) = b.cap {
                self.non_negative(c.get(), &format!("{bp}.cap"));
            }
            if let Some(c) = b.annual_cap {
                self.non_negative(c.get(), &format!("{bp}.annualCap"));
            }
            for (k, o) in b.obligations.iter().enumerate() {
                self.obligation(o, &format!("{bp}.obligations[{k}]"));
            }
            self.benefit(&b.kind, &bp, refs);
        }
    }

    fn obligation(&mut self, o: &Obligation, path: &str) {
        self.text(&o.text, &format!("{path}.text"));
        if let Some(c) = &o.clawback {
            self.text(c, &format!("{path}.clawback"));
        }
    }

    fn year(&mut self, year: u32, path: &str) {
        if year == 0 || year > 50 {
            self.issue("year-out-of-range", path, &[]);
        }
    }

    fn benefit(&mut self, kind: &BenefitKind, bp: &str, refs: &Refs) {
        match kind {
            BenefitKind::TaxShare {
                taxes,
                phases,
                thereafter,
            } => {
                if let Some(list) = taxes {
                    if list.is_empty() {
                        self.issue("empty-list", format!("{bp}.taxes"), &[]);
                    }
                    for (k, t) in list.iter().enumerate() {
                        self.reference("tax", t, &refs.taxes, &format!("{bp}.taxes[{k}]"));
                    }
                }
                if phases.is_empty() && thereafter.is_none() {
                    self.issue("empty-list", format!("{bp}.phases"), &[]);
                }
                for (k, ph) in phases.iter().enumerate() {
                    let php = format!("{bp}.phases[{k}]");
                    self.rate(ph.rate, &format!("{php}.rate"));
                    match (&ph.years, &ph.years_by) {
                        (Some(y), None) => {
                            if *y == 0 || *y > 50 {
                                self.issue("year-out-of-range", format!("{php}.years"), &[]);
                            }
                        }
                        (None, Some(by)) => {
                            self.numeric_field(&by.field, &format!("{php}.yearsBy.field"));
                            if by.brackets.is_empty() {
                                self.issue("empty-list", format!("{php}.yearsBy.brackets"), &[]);
                            }
                            for (m, br) in by.brackets.iter().enumerate() {
                                if m > 0 && br.from <= by.brackets[m - 1].from {
                                    self.issue(
                                        "not-ascending",
                                        format!("{php}.yearsBy.brackets[{m}].from"),
                                        &[],
                                    );
                                }
                                if br.years > 50 {
                                    self.issue(
                                        "year-out-of-range",
                                        format!("{php}.yearsBy.brackets[{m}].years"),
                                        &[],
                                    );
                                }
                            }
                        }
                        _ => self.issue("one-of", php, &[("keys", "years, yearsBy")]),
                    }
                }
                if let Some(r) = thereafter {
                    self.rate(*r, &format!("{bp}.thereafter"));
                }
            }
            BenefitKind::FixedAward { amount, year } => {
                self.non_negative(amount.get(), &format!("{bp}.amount"));
                self.year(*year, &format!("{bp}.year"));
            }
            BenefitKind::PerUnitAward {
                base,
                amount_per_unit,
                year,
            } => {
                self.numeric_field(base, &format!("{bp}.base"));
                self.non_negative(amount_per_unit.get(), &format!("{bp}.amountPerUnit"));
                self.year(*year, &format!("{bp}.year"));
            }
            BenefitKind::BracketAward {
                base,
                brackets,
                year,
                ..
            } => {
                self.numeric_field(base, &format!("{bp}.base"));
                if brackets.is_empty() {
                    self.issue("empty-list", format!("{bp}.brackets"), &[]);
                }
                for (m, br) in brackets.iter().enumerate() {
                    self.rate(br.rate, &format!("{bp}.brackets[{m}].rate"));
                    self.non_negative(br.from.get(), &format!("{bp}.brackets[{m}].from"));
                    if m > 0 && br.from <= brackets[m - 1].from {
                        self.issue("not-ascending", format!("{bp}.brackets[{m}].from"), &[]);
                    }
                }
                self.year(*year, &format!("{bp}.year"));
            }
            BenefitKind::LandRebate { rate, per_mu, year } => {
                match (rate, per_mu) {
                    (Some(r), None) => self.rate(*r, &format!("{bp}.rate")),
                    (None, Some(m)) => self.non_negative(m.get(), &format!("{bp}.perMu")),
                    _ => self.issue("one-of", bp, &[("keys", "rate, perMu")]),
                }
                self.year(*year, &format!("{bp}.year"));
            }
            BenefitKind::RentRelief { phases } => {
                if phases.is_empty() {
                    self.issue("empty-list", format!("{bp}.phases"), &[]);
                }
                for (k, ph) in phases.iter().enumerate() {
                    let php = format!("{bp}.phases[{k}]");
                    if ph.years == 0 || ph.years > 50 {
                        self.issue("year-out-of-range", format!("{php}.years"), &[]);
                    }
                    match (ph.waived, ph.per_m2_month) {
                        (Some(r), None) => self.rate(r, &format!("{php}.waived")),
                        (None, Some(m)) => self.non_negative(m.get(), &format!("{php}.perM2Month")),
                        _ => self.issue("one-of", php, &[("keys", "waived, perM2Month")]),
                    }
                }
            }
        }
    }

    fn criterion(&mut self, c: &Criterion, path: &str, refs: &Refs) {
        let forms = [
            c.all.is_some(),
            c.any.is_some(),
            c.not.is_some(),
            c.field.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count();
        if forms != 1 {
            self.issue("invalid-criterion", path, &[]);
            return;
        }
        if let Some(children) = c.all.as_ref().or(c.any.as_ref()) {
            let key = if c.all.is_some() { "all" } else { "any" };
            if children.is_empty() {
                self.issue("empty-list", format!("{path}.{key}"), &[]);
            }
            for (i, child) in children.iter().enumerate() {
                self.criterion(child, &format!("{path}.{key}[{i}]"), refs);
            }
            return;
        }
        if let Some(child) = &c.not {
            self.criterion(child, &format!("{path}.not"), refs);
            return;
        }
        let Some(field) = c.field.as_deref() else {
            return;
        };
        match field_type(self.policy, field) {
            None => self.unknown_field(field, &format!("{path}.field")),
            Some(FieldType::Number(_)) => {
                if c.op.is_none() || c.value.is_none() {
                    self.issue("numeric-needs-op-value", path, &[("field", field)]);
                }
                if c.one_of.is_some() || c.is.is_some() {
                    self.issue(
                        "wrong-comparison",
                        path,
                        &[("field", field), ("use", "op, value")],
                    );
                }
                for (i, vb) in c.value_by.iter().enumerate() {
                    let vp = format!("{path}.valueBy[{i}]");
                    if let Some(z) = &vb.zone {
                        self.reference("zone", z, &refs.zones, &format!("{vp}.zone"));
                    }
                    if let Some(ind) = &vb.industry {
                        self.reference(
                            "industry",
                            ind,
                            &refs.industries,
                            &format!("{vp}.industry"),
                        );
                    }
                    if let Some(k) = &vb.project_kind {
                        self.reference("projectKind", k, &refs.kinds, &format!("{vp}.projectKind"));
                    }
                    if vb.zone.is_none() && vb.industry.is_none() && vb.project_kind.is_none() {
                        self.issue("one-of", vp, &[("keys", "zone, industry, projectKind")]);
                    }
                }
            }
            Some(FieldType::Id) => {
                if c.op.is_some() || c.value.is_some() || c.is.is_some() || !c.value_by.is_empty() {
                    self.issue("wrong-comparison", path, &[("field", field), ("use", "in")]);
                }
                match &c.one_of {
                    None => {
                        self.issue("wrong-comparison", path, &[("field", field), ("use", "in")])
                    }
                    Some(list) => {
                        let known = match field {
                            "zone" => &refs.zones,
                            "projectKind" => &refs.kinds,
                            _ => &refs.industries,
                        };
                        for (i, id) in list.iter().enumerate() {
                            self.reference(field, id, known, &format!("{path}.in[{i}]"));
                        }
                    }
                }
            }
            Some(FieldType::Bool) => {
                if c.is.is_none() || c.op.is_some() || c.value.is_some() || c.one_of.is_some() {
                    self.issue("wrong-comparison", path, &[("field", field), ("use", "is")]);
                }
            }
        }
    }
}

struct Refs<'a> {
    zones: Vec<&'a str>,
    kinds: Vec<&'a str>,
    industries: Vec<&'a str>,
    taxes: Vec<&'a str>,
}

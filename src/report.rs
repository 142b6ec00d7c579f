//! The one output type. Field names are camelCase and are a public contract (README).
//! Money is a decimal string with two places.

use crate::date::Date;
use crate::error::Issue;
use crate::i18n::Lang;
use crate::money::{Money, Rate};
use crate::policy::{Beneficiary, ObligationKind, Op, Source, Status};
use crate::scenario::Conversion;
use serde::{Serialize, Serializer};

/// A quantity with its unit: serialises as `{ "value": "12.345", "unit": "mu" }`. The
/// value is the one an amount was computed from, every digit of it (at least the unit's
/// places: `"1920000.00"` for CNY), so that "base × rate = amount" holds for what is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    /// The value, exact.
    pub value: rust_decimal::Decimal,
    /// Its unit.
    pub unit: crate::policy::fields::Unit,
}

impl Quantity {
    /// The value as the report writes it: every digit, at least the unit's places.
    pub fn value_text(&self) -> String {
        let places = crate::i18n::format::exact_places(self.value, self.unit.places());
        crate::i18n::format::fixed_at(self.value, places)
    }

    /// The key of its text in [`Display::quantity`]: `mu:12.345`.
    pub fn display_key(&self) -> String {
        [self.unit.name(), ":", &self.value_text()].concat()
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("value", &self.value_text())?;
        m.serialize_entry("unit", &self.unit)?;
        m.end()
    }
}

/// Money shown to the fen: serialises as `"80000.00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Fen(pub Money);

impl Serialize for Fen {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_fen_string())
    }
}

/// The result of evaluating a scenario against a policy.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The policy used.
    pub policy: PolicyRef,
    /// The date rules were read on.
    pub as_of: Option<Date>,
    /// The language of every message.
    pub lang: Lang,
    /// The inputs as interpreted (amounts in CNY).
    pub inputs: Option<Inputs>,
    /// The project's size tier, if it reaches the first.
    pub tier: Option<TierRef>,
    /// The next tier up and how far away it is.
    pub next_tier: Option<NextTier>,
    /// What the project contributes to the year's targets (when the policy sets any).
    pub targets: Option<TargetsReport>,
    /// The headline.
    pub summary: Option<Summary>,
    /// Every program.
    pub programs: Vec<ProgramReport>,
    /// Land options in every zone.
    pub land: Vec<ZoneLand>,
    /// The smallest changes that unlock programs the project misses.
    pub what_if: Vec<WhatIf>,
    /// Things to know; the result is still valid.
    pub warnings: Vec<Issue>,
    /// Problems that stopped the evaluation.
    pub errors: Vec<Issue>,
    /// The figures as text, when asked for ([`Report::with_display`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<Display>,
}

impl Report {
    /// The report with [`Display`] texts for its figures (none for a report with errors).
    pub fn with_display(mut self) -> Report {
        if self.errors.is_empty() {
            self.display = Some(Display::of(&self));
        }
        self
    }
}

/// Which policy was used.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRef {
    /// Policy id.
    pub id: String,
    /// Policy version.
    pub version: String,
    /// Policy title.
    pub name: String,
    /// The document.
    pub source: Source,
    /// The document in words, its title in the reader's script.
    pub source_text: String,
    /// The disclaimer to show with every result.
    pub disclaimer: String,
}

/// The inputs as the engine read them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inputs {
    /// Zone id.
    pub zone: String,
    /// Project kind id.
    pub project_kind: String,
    /// Industry id.
    pub industry: Option<String>,
    /// Investment, CNY.
    pub investment: Fen,
    /// Registered capital, CNY.
    pub registered_capital: Fen,
    /// Currency typed.
    pub currency: String,
    /// Conversion applied.
    pub conversion: Option<Conversion>,
    /// Construction years.
    pub construction_years: u32,
    /// Start year.
    pub start_year: i32,
    /// First operating year (calendar).
    pub first_operating_year: i32,
    /// Horizon, years.
    pub horizon_years: u32,
    /// Discount rate.
    pub discount_rate: Rate,
    /// Local tax share used for operating year 1, CNY.
    pub local_tax_share_year1: Option<Fen>,
}

/// A size tier.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TierRef {
    /// Tier id.
    pub id: String,
    /// Tier name.
    pub name: String,
    /// Lower bound, CNY.
    pub min_investment: Fen,
    /// What the tier brings under the source.
    pub note: Option<String>,
}

/// What the project contributes to the year's targets (for promotion staff).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetsReport {
    /// The year of the targets.
    pub year: u32,
    /// Where they are set, in words.
    pub source_text: String,
    /// The target of the project's zone, if it has one.
    pub zone: Option<ZoneShare>,
    /// Each department tier's target.
    pub departments: Vec<DepartmentShare>,
}

/// The project's share of its zone's target.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneShare {
    /// Zone id.
    pub zone: String,
    /// Zone name.
    pub name: String,
    /// Funds to introduce in the year, CNY.
    pub funds: Fen,
    /// The investment as a percentage of `funds`, two places (`"10.91"`).
    pub share: String,
    /// The share in words.
    pub text: String,
    /// The project counts of the target, and whether this project fills one.
    pub projects: Vec<ProjectShare>,
}

/// The project's share of a department tier's target.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentShare {
    /// Tier id.
    pub id: String,
    /// Tier name.
    pub name: String,
    /// Funds to introduce in the year, CNY.
    pub funds: Fen,
    /// The investment as a percentage of `funds`, two places.
    pub share: String,
    /// The share in words.
    pub text: String,
    /// Whether every project count is required, or one of them.
    pub rule: crate::policy::ProjectsRule,
    /// The rule in words (empty for `all`).
    pub rule_text: String,
    /// The project counts, and whether this project fills one.
    pub projects: Vec<ProjectShare>,
}

/// A number of new projects of at least a size, and whether this project is one.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectShare {
    /// Smallest investment counted, CNY.
    pub min_investment: Fen,
    /// How many the target asks for.
    pub count: u32,
    /// Whether this project is of that size.
    pub counts: bool,
    /// In words.
    pub text: String,
}

/// The next tier and the gap to it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextTier {
    /// The tier.
    #[serde(flatten)]
    pub tier: TierRef,
    /// Investment still needed, CNY.
    pub shortfall: Fen,
}

/// The headline.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Programs the project qualifies for (and that are not excluded by another).
    pub eligible: usize,
    /// Of those, programs that pay something with the figures given.
    pub paying: usize,
    /// Of those, programs whose amount needs an input not given yet.
    pub needs_input: usize,
    /// Programs in force on the as-of date.
    pub in_force: usize,
    /// All programs in the policy.
    pub programs: usize,
    /// Years covered.
    pub horizon_years: u32,
    /// What the enterprise receives (the investor's headline).
    pub enterprise: Receiver,
    /// What the introducing unit receives (the promotion staff's headline).
    pub introducing_unit: Receiver,
    /// Both headlines in words, the enterprise's first.
    pub text: String,
}

/// What one beneficiary receives, for a headline.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receiver {
    /// Programs for this beneficiary the project qualifies for (not excluded).
    pub eligible: usize,
    /// Of those, programs that pay something with the figures given.
    pub paying: usize,
    /// Of those, programs whose amount needs an input not given yet.
    pub needs_input: usize,
    /// The inputs those programs still need (scenario field names, first use first).
    pub needs: Vec<String>,
    /// Total over the horizon of the paying programs.
    pub total: Fen,
    /// Present value of that.
    pub npv: Fen,
    /// The headline in words.
    pub text: String,
}

/// One program's result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramReport {
    /// Program id.
    pub id: String,
    /// Name.
    pub name: String,
    /// One-line summary.
    pub summary: String,
    /// Who receives the benefits.
    pub beneficiary: Beneficiary,
    /// Who receives them, in words.
    pub beneficiary_label: String,
    /// True when the program is an invented example.
    pub illustrative: bool,
    /// Status.
    pub status: Status,
    /// True when in force on the as-of date.
    pub in_force: bool,
    /// True when the criteria are met and the program is in force.
    pub eligible: bool,
    /// The inputs the amount still depends on (scenario field names, such as `landMu`);
    /// empty when the amount is known. While it is not empty, `total` and `npv` are null.
    pub needs: Vec<String>,
    /// Set when another program it cannot be combined with was kept instead.
    pub excluded_by: Option<String>,
    /// Why it does not apply, in words (not in force, or criteria missed).
    pub reason: Option<String>,
    /// The criteria with actual and required values.
    pub criteria: CriterionResult,
    /// Each benefit with its own schedule.
    pub benefits: Vec<BenefitReport>,
    /// Amounts by operating year (all benefits together).
    pub schedule: Vec<Row>,
    /// Sum of the schedule's amounts (null while an input is needed).
    pub total: Option<Fen>,
    /// Present value at the discount rate, to the start year (null while an input is
    /// needed).
    pub npv: Option<Fen>,
    /// True when a cap reduced an amount.
    pub capped: bool,
    /// Conditions and clawbacks.
    pub obligations: Vec<ObligationReport>,
    /// The clause.
    pub source: Source,
    /// The clause in words.
    pub source_text: String,
    /// How the total is made up, in words.
    pub explanation: String,
}

/// A criterion's result, keeping the `all`/`any`/`not` grouping.
#[derive(Debug, Clone, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum CriterionResult {
    /// Every child must be met.
    All {
        /// Result.
        met: bool,
        /// Children.
        children: Vec<CriterionResult>,
    },
    /// One child must be met.
    Any {
        /// Result.
        met: bool,
        /// Children.
        children: Vec<CriterionResult>,
    },
    /// The child must not be met.
    Not {
        /// Result.
        met: bool,
        /// Child.
        child: Box<CriterionResult>,
    },
    /// A numeric comparison.
    Compare {
        /// Field.
        field: String,
        /// Field label.
        label: String,
        /// Unit of the values.
        unit: crate::policy::fields::Unit,
        /// Operator.
        op: Op,
        /// Threshold.
        required: String,
        /// The project's value (null when not given).
        actual: Option<String>,
        /// Met.
        met: bool,
        /// How much is missing (`0.00` when met).
        shortfall: String,
        /// Actual as a percentage of required (0–100), for a progress bar.
        progress: String,
        /// A guidance threshold that does not gate eligibility.
        guidance: bool,
        /// The comparison in words.
        text: String,
    },
    /// Membership in a list of ids.
    In {
        /// Field.
        field: String,
        /// Field label.
        label: String,
        /// Allowed ids.
        required: Vec<String>,
        /// Allowed, in words.
        required_labels: Vec<String>,
        /// The project's id.
        actual: Option<String>,
        /// Met.
        met: bool,
        /// In words.
        text: String,
    },
    /// A yes/no field.
    Is {
        /// Field.
        field: String,
        /// Field label.
        label: String,
        /// Required value.
        required: bool,
        /// The project's value.
        actual: bool,
        /// Met.
        met: bool,
        /// In words.
        text: String,
    },
}

impl CriterionResult {
    /// Whether this node is met (guidance leaves count as met for their parent).
    pub fn met(&self) -> bool {
        match self {
            CriterionResult::All { met, .. }
            | CriterionResult::Any { met, .. }
            | CriterionResult::Not { met, .. }
            | CriterionResult::In { met, .. }
            | CriterionResult::Is { met, .. } => *met,
            CriterionResult::Compare { met, guidance, .. } => *met || *guidance,
        }
    }
}

/// One benefit's result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BenefitReport {
    /// Benefit id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind (`taxShare`, `fixedAward`, …).
    pub kind: String,
    /// False when "the larger of" chose another benefit.
    pub selected: bool,
    /// The inputs the amount still depends on; while not empty, there is no schedule
    /// and `total` is null.
    pub needs: Vec<String>,
    /// Amounts by year.
    pub schedule: Vec<Row>,
    /// Sum of the amounts (null while an input is needed).
    pub total: Option<Fen>,
    /// The clause.
    pub source_text: String,
}

/// One year of a schedule.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// 1 = the first year after construction.
    pub operating_year: u32,
    /// The calendar year.
    pub calendar_year: i32,
    /// The amount the rate applies to, or the quantity a per-unit or bracket award is
    /// computed from, with its unit.
    pub base: Option<Quantity>,
    /// The rate applied.
    pub rate: Option<Rate>,
    /// The amount, rounded by the policy's rule.
    pub amount: Fen,
    /// How the amount was computed, in words.
    pub explanation: String,
}

/// A condition attached to a program or a benefit.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObligationReport {
    /// Kind.
    pub kind: ObligationKind,
    /// The benefit it attaches to (none: the whole program).
    pub benefit: Option<String>,
    /// Years it binds.
    pub years: Option<u32>,
    /// The condition.
    pub text: String,
    /// What happens if it is broken.
    pub clawback: Option<String>,
}

/// Land options of one zone.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneLand {
    /// Zone id.
    pub zone: String,
    /// Zone name.
    pub name: String,
    /// True when the zone's figures are invented.
    pub illustrative: bool,
    /// Most land the investment supports under the zone's lowest intensity rule, mu.
    pub max_supported_mu: Option<String>,
    /// Parcels.
    pub parcels: Vec<ParcelOption>,
    /// Standard factories.
    pub factories: Vec<FactoryOption>,
}

/// A parcel and whether the project fits it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParcelOption {
    /// Parcel id.
    pub id: String,
    /// Name.
    pub name: String,
    /// True when invented.
    pub illustrative: bool,
    /// Land use.
    pub land_use: String,
    /// Area, mu.
    pub area_mu: String,
    /// Area, m².
    pub area_m2: String,
    /// Price per mu.
    pub price_per_mu: Fen,
    /// Available from.
    pub available_from: Date,
    /// Most land the investment supports here, mu.
    pub max_supported_mu: Option<String>,
    /// The area considered: the land asked for, or what the investment supports.
    pub used_mu: String,
    /// True when `usedMu` is the land the user asked for.
    pub used_mu_given: bool,
    /// Land cost for the area considered.
    pub cost: Fen,
    /// True when every rule that could be checked is met.
    pub fits: bool,
    /// Every check.
    pub checks: Vec<LandCheck>,
}

/// A standard-factory offer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactoryOption {
    /// Offer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// True when invented.
    pub illustrative: bool,
    /// Floor area available, m².
    pub floor_area: String,
    /// Rent per m² per month.
    pub rent_per_m2_month: Fen,
    /// The floor area asked for, m².
    pub used_area: Option<String>,
    /// Rent per year for that area.
    pub annual_rent: Option<Fen>,
    /// True when every rule that could be checked is met.
    pub fits: bool,
    /// Every check.
    pub checks: Vec<LandCheck>,
}

/// One land rule checked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LandCheck {
    /// `area`, `intensity`, `plotRatio`, `taxPerMu`, `available`, `floorArea`.
    pub check: String,
    /// In words.
    pub label: String,
    /// The project's value (null when not given).
    pub actual: Option<String>,
    /// The rule's value.
    pub required: String,
    /// Met; null when it cannot be checked without more input.
    pub met: Option<bool>,
    /// In words.
    pub text: String,
}

/// The smallest change that unlocks a program.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    /// Program id.
    pub program: String,
    /// Program name.
    pub program_name: String,
    /// The change (one field when one suffices).
    pub changes: Vec<Change>,
    /// What the program would then pay over the horizon (null while an input is needed).
    pub total: Option<Fen>,
    /// Its present value (null while an input is needed).
    pub npv: Option<Fen>,
    /// Inputs still needed to work out the amount.
    pub needs: Vec<String>,
    /// Who would receive it.
    pub beneficiary: Beneficiary,
    /// In words.
    pub text: String,
}

/// A change of one field.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Field.
    pub field: String,
    /// Field label.
    pub label: String,
    /// Unit.
    pub unit: crate::policy::fields::Unit,
    /// Current value (null when not given).
    pub from: Option<String>,
    /// Value needed.
    pub to: String,
    /// Difference.
    pub by: String,
}

/// The figures a report shows, as text in the report's language, so that a page needs no
/// number formatting of its own (and can show a stored report before the engine loads).
/// Each map is keyed by the decimal string as it appears in the report.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Display {
    /// Money, compact (`CNY 768,000`, `76.8万元`).
    pub money: crate::ui::TextMap,
    /// Money in full (`CNY 768,000.00`, `768,000.00元`).
    pub money_full: crate::ui::TextMap,
    /// Rates as percentages (`8%`).
    pub percent: crate::ui::TextMap,
    /// Quantities, keyed `unit:value` (`mu:20.00` → `20.00 mu`).
    pub quantity: crate::ui::TextMap,
}

impl Display {
    /// Texts for every figure `r` carries that a page shows.
    pub fn of(r: &Report) -> Display {
        use crate::i18n::format as fmt;
        use crate::policy::fields::Unit;
        let lang = r.lang;
        let mut d = Display::default();
        let mut money = |m: Option<Fen>| {
            if let Some(Fen(m)) = m {
                let key = m.to_fen_string();
                if d.money.get(&key).is_none() {
                    d.money.insert(key.clone(), fmt::money_compact(m, lang));
                    d.money_full.insert(key, fmt::money_full(m, lang));
                }
            }
        };
        if let Some(s) = &r.summary {
            for x in [&s.enterprise, &s.introducing_unit] {
                money(Some(x.total));
                money(Some(x.npv));
            }
        }
        if let Some(t) = &r.next_tier {
            money(Some(t.shortfall));
        }
        if let Some(i) = &r.inputs {
            money(Some(i.investment));
            money(Some(i.registered_capital));
            money(i.local_tax_share_year1);
        }
        let mut rates: Vec<Rate> = r.inputs.iter().map(|i| i.discount_rate).collect();
        for p in &r.programs {
            money(p.total);
            money(p.npv);
            for row in &p.schedule {
                money(Some(row.amount));
                rates.extend(row.rate);
            }
        }
        let mut quantities: Vec<(Unit, &str)> = Vec::new();
        for z in &r.land {
            quantities.extend(z.max_supported_mu.as_deref().map(|v| (Unit::Mu, v)));
            for p in &z.parcels {
                money(Some(p.cost));
                quantities.push((Unit::Mu, &p.area_mu));
                quantities.push((Unit::Mu, &p.used_mu));
                quantities.extend(p.max_supported_mu.as_deref().map(|v| (Unit::Mu, v)));
            }
            for f in &z.factories {
                money(Some(f.rent_per_m2_month));
                money(f.annual_rent);
                quantities.push((Unit::M2, &f.floor_area));
                quantities.extend(f.used_area.as_deref().map(|v| (Unit::M2, v)));
            }
        }
        for rate in rates {
            let key = rate.to_string();
            if d.percent.get(&key).is_none() {
                d.percent.insert(key, fmt::percent(rate));
            }
        }
        let mut quantity = |unit: Unit, v: &str| {
            let key = format!("{}:{v}", unit.name());
            if d.quantity.get(&key).is_none() {
                if let Some(x) = crate::money::parse_decimal(v) {
                    d.quantity.insert(key, fmt::quantity(x, unit, lang));
                }
            }
        };
        for (unit, v) in quantities {
            quantity(unit, v);
        }
        for z in &r.land {
            for p in &z.parcels {
                quantity(Unit::CnyPerMu, &p.price_per_mu.0.to_fen_string());
            }
        }
        // Bases with every digit they were computed with (`mu:12.345` → `12.345 mu (…)`).
        for p in &r.programs {
            for base in p.schedule.iter().filter_map(|row| row.base.as_ref()) {
                let key = base.display_key();
                if d.quantity.get(&key).is_none() {
                    let text = fmt::quantity_exact(base.value, base.unit, lang);
                    d.quantity.insert(key, text);
                }
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use crate::{evaluate, Date, Lang, Options, Policy, RawValue};

    #[test]
    fn display_has_a_text_for_each_figure_shown() {
        let policy = Policy::default_policy().unwrap();
        let scenario = RawValue::from_json(
            r#"{"zone":"etdz","projectKind":"industrial","investment":"60000000",
            "registeredCapital":"20000000","localTaxShare":"1500000","landMu":"20","parcel":"etdz-a01"}"#,
        )
        .unwrap();
        let today = Date::parse("2026-11-28").unwrap();
        for (lang, want) in [
            (
                Lang::En,
                [
                    "CNY 768,000",
                    "CNY 768,000.00",
                    "8%",
                    "20 mu (13,333.33 m²)",
                    "CNY 192,000.00 per mu",
                ],
            ),
            (
                Lang::ZhHans,
                [
                    "76.8万元",
                    "768,000.00元",
                    "8%",
                    "20亩（13,333.33平方米）",
                    "192,000.00元/亩",
                ],
            ),
        ] {
            let opts = Options {
                lang,
                today,
                as_of: None,
            };
            let r = evaluate(&policy, &scenario, &opts).with_display();
            let d = r.display.as_ref().unwrap();
            // The land rebate: 20% of 20 mu x 192,000 = 768,000.00; 8% the first year's rate.
            let got = [
                d.money.get("768000.00"),
                d.money_full.get("768000.00"),
                d.percent.get("0.08"),
                d.quantity.get("mu:20.00"),
                d.quantity.get("cnyPerMu:192000.00"),
            ];
            assert_eq!(got, want.map(Some), "{lang:?}");
            // Every amount of every schedule has its text.
            for p in &r.programs {
                for row in &p.schedule {
                    let key = row.amount.0.to_fen_string();
                    assert!(d.money_full.get(&key).is_some(), "{} {key}", p.id);
                }
            }
        }
    }
}

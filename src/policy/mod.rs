//! The policy model: rules and figures as data, each with its source and dates.
//!
//! A policy is one JSON document. [`Policy::from_json`] parses it (reporting the JSON
//! path of a structural error) and [`validate`] then checks everything that serde cannot:
//! ids, references, ranges, dates and translations, reporting every problem at once.

pub mod fields;
mod read;
mod validate;

pub(crate) use validate::field_type as validate_field_type;
pub use validate::validate;

use crate::date::Date;
use crate::i18n::Lang;
use crate::money::{Area, Dec, Money, Rate, Rounding};
use crate::Issue;
use schemars::JsonSchema;
use serde::Serialize;

/// The default policy shipped with the calculator (two zones, the source's rule and
/// illustrative figures).
/// Embedded minified by build.rs; the readable source is `src/policy/default.json`.
pub const DEFAULT_POLICY_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/default-policy.min.json"));

/// A user-visible text in several languages. `en` and `zh-Hans` are required;
/// `zh-Hant` falls back to `zh-Hans` when absent.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    #[serde(default)]
    pub en: String,
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans", default)]
    pub zh_hans: String,
    /// Traditional Chinese (optional; falls back to zh-Hans).
    #[serde(rename = "zh-Hant", default, skip_serializing_if = "Option::is_none")]
    pub zh_hant: Option<String>,
}

impl Text {
    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::ZhHans => &self.zh_hans,
            Lang::ZhHant => self.zh_hant.as_deref().unwrap_or(&self.zh_hans),
        }
    }
}

/// Where a rule or figure comes from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// The document's title, as published.
    pub document: String,
    /// The title in each language (shown in the visitor's script; in English as a gloss
    /// after the published title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// The clause, article or paragraph, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The clause in each language, like `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause_title: Option<Text>,
    /// A public address of the document, if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A published title or clause in the visitor's script: the translation for a Chinese
/// reader (the published text when none is given), the published text with an English
/// gloss in brackets for an English reader.
fn localized(published: &str, title: Option<&Text>, lang: Lang) -> String {
    let own = title.map(|t| t.get(lang).trim()).filter(|t| !t.is_empty());
    match (lang, own) {
        (_, None) => published.to_string(),
        (Lang::En, Some(gloss)) if gloss != published => format!("{published} ({gloss})"),
        (_, Some(t)) => t.to_string(),
    }
}

/// "Source: document, clause" in a language, titles in the visitor's script.
pub fn source_text(src: &Source, lang: Lang) -> String {
    let document = localized(&src.document, src.title.as_ref(), lang);
    let args = |clause: &str| {
        crate::i18n::fill(
            crate::i18n::msg("source", lang),
            &[("document", &document), ("clause", clause)],
        )
    };
    match &src.clause {
        Some(c) => args(&localized(c, src.clause_title.as_ref(), lang)),
        None => crate::i18n::fill(
            crate::i18n::msg("source-document", lang),
            &[("document", &document)],
        ),
    }
}

/// One policy document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Policy {
    /// Optional JSON Schema reference for editors; ignored by the calculator.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A stable identifier, e.g. `dafeng-two-zones`.
    pub id: String,
    /// The version of this policy data, e.g. `2026.1`.
    pub version: String,
    /// The policy's title.
    pub name: Text,
    /// The document the policy is taken from.
    pub source: Source,
    /// The first day the policy applies.
    pub effective_from: Date,
    /// A short disclaimer shown with every result.
    #[serde(default)]
    pub disclaimer: Text,
    /// How yearly amounts are rounded (default: to the fen, half away from zero).
    #[serde(default)]
    pub rounding: Rounding,
    /// Defaults for scenario fields the user leaves out.
    #[serde(default)]
    pub defaults: Defaults,
    /// The development zones.
    pub zones: Vec<Zone>,
    /// Project kinds (industrial, service, …).
    pub project_kinds: Vec<Choice>,
    /// Industries.
    pub industries: Vec<Industry>,
    /// Taxes and their local-share ratios.
    pub taxes: Vec<Tax>,
    /// Exchange rates into CNY.
    #[serde(default)]
    pub exchange_rates: Vec<ExchangeRate>,
    /// Project size tiers by investment.
    pub tiers: Vec<Tier>,
    /// Quantities derived from scenario fields (usable in criteria and bases).
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// Incentive programs.
    pub programs: Vec<Program>,
    /// Caps across several programs.
    #[serde(default)]
    pub caps: Vec<GroupCap>,
    /// The year's targets for zones and departments (for the staff view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Targets>,
}

/// Defaults for scenario fields, stated by the policy.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Defaults {
    /// Years of the schedule shown (default 10).
    #[serde(default = "ten")]
    pub horizon_years: u32,
    /// Discount rate for present values (default 0.05).
    #[serde(default = "five_percent")]
    pub discount_rate: Rate,
    /// Construction period in years when the user gives none (default 2).
    #[serde(default = "two")]
    pub construction_years: u32,
}

fn ten() -> u32 {
    10
}
fn two() -> u32 {
    2
}
fn five_percent() -> Rate {
    Rate(rust_decimal::Decimal::new(5, 2))
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            horizon_years: ten(),
            discount_rate: five_percent(),
            construction_years: two(),
        }
    }
}

/// A development zone with its land and factory offers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Zone {
    /// Identifier used in scenarios, e.g. `etdz`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// A one-line description.
    #[serde(default)]
    pub description: Text,
    /// Where the zone's rules come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Benchmark land price per mu, used for a land rebate when no parcel is chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land_price_per_mu: Option<Money>,
    /// True when the zone's figures are invented examples.
    #[serde(default)]
    pub illustrative: bool,
    /// Industrial land parcels.
    #[serde(default)]
    pub parcels: Vec<Parcel>,
    /// Standard-factory offers.
    #[serde(default)]
    pub factories: Vec<Factory>,
}

/// A land parcel offered for sale of use rights (出讓).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Parcel {
    /// Identifier, unique in the policy.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Area in mu.
    pub area_mu: Area,
    /// Price of land use rights per mu, CNY.
    pub price_per_mu: Money,
    /// Minimum investment intensity, CNY per mu.
    pub min_intensity: Money,
    /// Minimum plot ratio (floor area / land area), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_plot_ratio: Option<Dec>,
    /// Minimum tax per mu per year, CNY, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tax_per_mu: Option<Money>,
    /// Land use, e.g. "industrial".
    pub land_use: Text,
    /// The first day the parcel can be had.
    pub available_from: Date,
    /// True when the figures are invented examples.
    #[serde(default)]
    pub illustrative: bool,
    /// Where the figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Standard-factory space for rent (標準廠房).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Factory {
    /// Identifier, unique in the policy.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Floor area available, m².
    pub floor_area: Dec,
    /// Rent per m² per month, CNY.
    pub rent_per_m2_month: Money,
    /// Smallest floor area let, m², if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_floor_area: Option<Dec>,
    /// True when the figures are invented examples.
    #[serde(default)]
    pub illustrative: bool,
    /// Where the figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A named option (project kind).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Choice {
    /// Identifier used in scenarios.
    pub id: String,
    /// Display name.
    pub name: Text,
}

/// An industry.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Industry {
    /// Identifier used in scenarios.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// True for the district's priority industries.
    #[serde(default)]
    pub priority: bool,
}

/// A tax and the share of it that counts as local (地方分成).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tax {
    /// Identifier, e.g. `vat`, `cit`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Local-share ratios by the date they take effect.
    pub local_share: Vec<DatedRate>,
}

/// A rate that takes effect on a date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DatedRate {
    /// The first day the rate applies.
    pub from: Date,
    /// The rate, 0–1.
    pub rate: Rate,
    /// Where the rate comes from.
    pub source: Source,
    /// True when invented.
    #[serde(default)]
    pub illustrative: bool,
}

/// CNY per unit of a foreign currency on a date.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExchangeRate {
    /// ISO 4217 code: USD, EUR, JPY, KRW, …
    pub currency: String,
    /// CNY for one unit of the currency.
    pub cny_per_unit: Dec,
    /// The date the rate was stated.
    pub date: Date,
    /// Where the rate comes from.
    pub source: Source,
    /// True when invented.
    #[serde(default)]
    pub illustrative: bool,
}

/// A project size tier.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tier {
    /// Identifier, e.g. `50m`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Smallest investment in the tier, CNY.
    pub min_investment: Money,
    /// What the tier brings under the source (how such projects are counted and followed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// The year's targets the source sets (the staff view shows what a project contributes).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Targets {
    /// The year the targets are for.
    pub year: u32,
    /// The first day they apply.
    pub effective_from: Date,
    /// Where they are set.
    pub source: Source,
    /// Each zone's target.
    #[serde(default)]
    pub zones: Vec<ZoneTarget>,
    /// The department tiers' targets.
    #[serde(default)]
    pub departments: Vec<DepartmentTarget>,
}

/// A zone's target for the year.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZoneTarget {
    /// The zone id.
    pub zone: String,
    /// Funds to introduce in the year, CNY.
    pub funds: Money,
    /// New projects to start, by size.
    #[serde(default)]
    pub new_projects: Vec<ProjectCount>,
}

/// A department tier's target for the year.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentTarget {
    /// Identifier, e.g. `tier-1`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Funds to introduce in the year, CNY.
    pub funds: Money,
    /// New projects to start, by size.
    #[serde(default)]
    pub new_projects: Vec<ProjectCount>,
    /// `all`: every project count is required; `any`: one of them suffices.
    #[serde(default)]
    pub projects_rule: ProjectsRule,
}

/// How a department's project counts combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "camelCase")]
pub enum ProjectsRule {
    /// Every count is required.
    #[default]
    All,
    /// One of the counts suffices ("two of CNY 20M or one of CNY 50M").
    Any,
}

/// A number of new projects of at least a size.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectCount {
    /// Smallest investment counted, CNY.
    pub min_investment: Money,
    /// How many.
    pub count: u32,
}

/// A quantity computed from scenario fields: (Σ factor × field) / per.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Derived {
    /// Identifier used in criteria and bases.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// The unit of the result.
    pub unit: fields::Unit,
    /// The terms summed.
    pub terms: Vec<Term>,
    /// A field the sum is divided by (e.g. `landMu` for a per-mu figure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
}

/// One term of a derived quantity.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Term {
    /// A numeric scenario field or derived quantity.
    pub field: String,
    /// Multiplier (default 1), e.g. 1.5 to count foreign investment at 150%.
    #[serde(default = "one")]
    pub factor: Dec,
}

fn one() -> Dec {
    Dec(rust_decimal::Decimal::ONE)
}

/// Who receives a benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Beneficiary {
    /// The investing enterprise.
    Enterprise,
    /// The department or bureau that introduced the project.
    IntroducingUnit,
}

/// Whether a program is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In force between its dates.
    #[default]
    InForce,
    /// No longer in force.
    Expired,
    /// Suspended (for example under a fair-competition review).
    Suspended,
}

/// How a program's benefits add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "camelCase")]
pub enum Combine {
    /// All benefits are paid.
    #[default]
    Sum,
    /// Only the benefit with the largest total is paid ("the larger of").
    LargerOf,
}

/// An incentive program.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Program {
    /// Identifier, unique in the policy.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// A one-line summary.
    #[serde(default)]
    pub summary: Text,
    /// Who receives the benefits.
    pub beneficiary: Beneficiary,
    /// True when the program is an invented example.
    #[serde(default)]
    pub illustrative: bool,
    /// The clause the program comes from.
    pub source: Source,
    /// In force, expired or suspended.
    #[serde(default)]
    pub status: Status,
    /// Why the status is what it is (for example the review that withdrew it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_note: Option<Text>,
    /// First day in force.
    pub effective_from: Date,
    /// Last day in force, if it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<Date>,
    /// Who qualifies.
    pub criteria: Criterion,
    /// What is paid.
    pub benefits: Vec<Benefit>,
    /// How the benefits add up.
    #[serde(default)]
    pub combine: Combine,
    /// Most the program pays over the schedule, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Money>,
    /// Programs this one cannot be combined with ("choose one of").
    #[serde(default)]
    pub not_combinable_with: Vec<String>,
    /// Conditions attached to the benefits, and what happens if they are broken.
    #[serde(default)]
    pub obligations: Vec<Obligation>,
    /// Rounding of yearly amounts, if not the policy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
}

/// A condition attached to a benefit, with its clawback.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Obligation {
    /// What kind of condition.
    pub kind: ObligationKind,
    /// How many years it binds, if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    /// The condition in words.
    pub text: Text,
    /// What happens if it is broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clawback: Option<Text>,
    /// The clause it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Kinds of obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ObligationKind {
    /// No transfer of the project or its land.
    NoTransfer,
    /// Registered capital may not be reduced.
    KeepCapital,
    /// Investment intensity or tax per mu must be met, or the land is bought back.
    LandPerformance,
    /// Stay registered and pay tax locally.
    StayRegistered,
    /// Anything else.
    Other,
}

/// A criterion: exactly one of `all`, `any`, `not`, or a comparison on `field`.
///
/// Comparisons: numeric fields take `op` and `value` (optionally `valueBy` overrides
/// by zone, industry or project kind); id fields take `in`; yes/no fields take `is`.
/// `guidance: true` marks a threshold that is "normally not less than": it is shown
/// and warned about, but does not gate eligibility.
#[derive(Debug, Clone, Serialize, JsonSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Criterion {
    /// Every child must be met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Criterion>>,
    /// At least one child must be met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Criterion>>,
    /// The child must not be met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Criterion>>,
    /// The scenario field or derived quantity compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The comparison for numeric fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    /// The threshold for numeric fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Dec>,
    /// Thresholds that differ by zone, industry or project kind (first match wins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_by: Vec<ValueBy>,
    /// Allowed ids for id fields (zone, projectKind, industry).
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// Required value for yes/no fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<bool>,
    /// A guidance threshold that does not gate eligibility.
    #[serde(default)]
    pub guidance: bool,
}

/// A threshold for a zone, industry or project kind.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValueBy {
    /// Applies in this zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Applies to this industry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Applies to this project kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_kind: Option<String>,
    /// The threshold there.
    pub value: Dec,
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Op {
    /// At least.
    #[serde(rename = ">=")]
    Gte,
    /// More than.
    #[serde(rename = ">")]
    Gt,
    /// At most.
    #[serde(rename = "<=")]
    Lte,
    /// Less than.
    #[serde(rename = "<")]
    Lt,
    /// Exactly.
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    /// The operator as written in policies.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Gte => ">=",
            Op::Gt => ">",
            Op::Lte => "<=",
            Op::Lt => "<",
            Op::Eq => "==",
        }
    }
}

/// One benefit of a program.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Benefit {
    /// Identifier, unique in the program.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// What is paid and how it is computed.
    #[serde(flatten)]
    pub kind: BenefitKind,
    /// Most this benefit pays over the schedule, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Money>,
    /// Most this benefit pays in one year, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<Money>,
    /// The clause, if different from the program's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Conditions attached to this benefit.
    #[serde(default)]
    pub obligations: Vec<Obligation>,
}

/// The kinds of benefit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum BenefitKind {
    /// A share of the local part of taxes paid, by operating year, in phases.
    TaxShare {
        /// Taxes counted (ids); absent means all local tax together.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        taxes: Option<Vec<String>>,
        /// Consecutive phases from operating year 1.
        phases: Vec<Phase>,
        /// Rate for every year after the phases, if the benefit goes on.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thereafter: Option<Rate>,
    },
    /// A fixed one-off award.
    FixedAward {
        /// The amount, CNY.
        amount: Money,
        /// Operating year it is paid in (default 1).
        #[serde(default = "year_one")]
        year: u32,
    },
    /// An award per unit of a quantity (yuan per mu, per mille of foreign capital, …).
    PerUnitAward {
        /// The quantity (a numeric field or derived quantity).
        base: String,
        /// CNY per unit of the quantity.
        amount_per_unit: Dec,
        /// Operating year it is paid in (default 1).
        #[serde(default = "year_one")]
        year: u32,
    },
    /// A rate chosen by bracket of a base.
    BracketAward {
        /// The base (a money field or derived quantity).
        base: String,
        /// `whole`: the bracket's rate applies to the whole base; `marginal`: each
        /// bracket's rate applies to the part of the base inside it.
        mode: BracketMode,
        /// Brackets by their lower bound, ascending. Below the first, nothing is paid.
        brackets: Vec<Bracket>,
        /// Operating year it is paid in (default 1).
        #[serde(default = "year_one")]
        year: u32,
    },
    /// A rebate on the land price.
    LandRebate {
        /// Share of the land price refunded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate: Option<Rate>,
        /// Or: CNY refunded per mu.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per_mu: Option<Money>,
        /// Operating year it is paid in (default 1).
        #[serde(default = "year_one")]
        year: u32,
    },
    /// Rent relief on standard factories, in phases from operating year 1.
    RentRelief {
        /// Consecutive phases.
        phases: Vec<RentPhase>,
    },
}

fn year_one() -> u32 {
    1
}

/// A phase of a tax-share schedule.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Phase {
    /// Length in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    /// Or: length chosen by the bracket of a field (e.g. 3/4/5 years by investment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_by: Option<YearsBy>,
    /// Share of the base paid in each year of the phase.
    pub rate: Rate,
}

/// A length in years chosen by the bracket of a numeric field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct YearsBy {
    /// The field.
    pub field: String,
    /// Brackets by lower bound, ascending; below the first the phase has 0 years.
    pub brackets: Vec<YearsBracket>,
}

/// One bracket of [`YearsBy`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct YearsBracket {
    /// Lower bound (inclusive).
    pub from: Dec,
    /// Years.
    pub years: u32,
}

/// Whole-base or marginal brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum BracketMode {
    /// The bracket's rate applies to the whole base.
    Whole,
    /// Each rate applies to the part of the base inside its bracket.
    Marginal,
}

/// One bracket of a [`BenefitKind::BracketAward`].
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bracket {
    /// Lower bound (inclusive).
    pub from: Dec,
    /// Rate.
    pub rate: Rate,
}

/// A phase of rent relief.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RentPhase {
    /// Length in years.
    pub years: u32,
    /// Share of the rent waived (1 = rent-free, 0.5 = half rent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<Rate>,
    /// Or: a subsidy in CNY per m² per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_m2_month: Option<Money>,
}

/// A cap across several programs.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupCap {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// The programs capped together.
    pub programs: Vec<String>,
    /// Most they pay together over the schedule, CNY.
    pub amount: Money,
    /// Where the cap comes from.
    pub source: Source,
}

impl Policy {
    /// Parses a policy from JSON text and validates it.
    ///
    /// # Errors
    /// Every problem found, each with its JSON path and a hint. A JSON syntax error stops
    /// at once; structural problems (wrong types, unknown or missing keys) are all
    /// reported, and when there are none, so are all validation problems.
    pub fn from_json(text: &str, lang: Lang) -> Result<Policy, Vec<Issue>> {
        let raw = crate::raw::RawValue::from_json(text).map_err(|e| {
            vec![Issue::new(
                "json-syntax",
                "",
                lang,
                &[
                    ("detail", &e.to_string()),
                    ("at", &format!("{}:{}", e.line(), e.column())),
                ],
            )]
        })?;
        Policy::from_raw(&raw, lang)
    }

    /// Reads a policy from an untyped value (parsed JSON, or a JS object) and validates it.
    ///
    /// # Errors
    /// As [`Policy::from_json`].
    pub fn from_raw(raw: &crate::raw::RawValue, lang: Lang) -> Result<Policy, Vec<Issue>> {
        let mut reader = read::Reader::new(lang);
        let policy = <Policy as read::FromRaw>::read(raw, "", &mut reader);
        let policy = match policy {
            Some(p) if reader.issues.is_empty() => p,
            _ => return Err(reader.issues),
        };
        let problems = validate(&policy, lang);
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems)
        }
    }

    /// The embedded default policy.
    ///
    /// # Errors
    /// Only if the embedded data is broken, which the tests rule out.
    pub fn default_policy() -> Result<Policy, Vec<Issue>> {
        Policy::from_json(DEFAULT_POLICY_JSON, Lang::En)
    }

    /// The local-share rate of a tax on a date.
    pub fn local_share(&self, tax: &str, on: Date) -> Option<&DatedRate> {
        self.taxes
            .iter()
            .find(|t| t.id == tax)?
            .local_share
            .iter()
            .filter(|r| r.from <= on)
            .max_by_key(|r| r.from)
    }

    /// The latest exchange rate for a currency stated on or before a date (or the
    /// earliest stated, if all are later).
    pub fn exchange_rate(&self, currency: &str, on: Date) -> Option<&ExchangeRate> {
        let all: Vec<&ExchangeRate> = self
            .exchange_rates
            .iter()
            .filter(|r| r.currency == currency)
            .collect();
        all.iter()
            .filter(|r| r.date <= on)
            .max_by_key(|r| r.date)
            .or_else(|| all.iter().min_by_key(|r| r.date))
            .copied()
    }

    /// The last day up to which evaluating any scenario gives the same figures as on
    /// `on` (the rules read on a date change only where a date in the policy says so, and
    /// a default start year changes with the calendar year): the day before the next
    /// dated change after `on`, or the end of `on`'s year, whichever is first.
    pub fn stable_until(&self, on: Date) -> Date {
        let mut changes: Vec<Date> = vec![self.effective_from];
        for p in &self.programs {
            changes.push(p.effective_from);
            // In force through `effective_to`: the change is the day after.
            changes.extend(p.effective_to.and_then(|d| d.day_after()));
        }
        for z in &self.zones {
            changes.extend(z.parcels.iter().map(|p| p.available_from));
        }
        for t in &self.taxes {
            changes.extend(t.local_share.iter().map(|r| r.from));
        }
        changes.extend(self.exchange_rates.iter().map(|r| r.date));
        let year_end = on.end_of_year().unwrap_or(on);
        changes
            .into_iter()
            .filter(|d| *d > on)
            .filter_map(Date::day_before)
            .fold(year_end, std::cmp::min)
    }

    /// A zone by id.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The JSON Schema of the policy format.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(Policy)).unwrap_or(serde_json::Value::Null)
    }
}

//! The one output type. Field names are camelCase and are a public contract (README).
//! Money is a decimal string with two places.

use crate::date::Date;
use crate::error::Issue;
use crate::i18n::Lang;
use crate::money::{Money, Rate};
use crate::policy::{Beneficiary, ObligationKind, Op, Source, Status};
use crate::scenario::Conversion;
use serde::{Serialize, Serializer};

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
    /// The amount the rate applies to (or the quantity, for per-unit awards).
    pub base: Option<Fen>,
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

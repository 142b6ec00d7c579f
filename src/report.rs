//! The one output type. Field names are camelCase and are a public contract (README).
//! Money is a decimal string with two places.

use crate::date::Date;
use crate::error::Issue;
use crate::i18n::Lang;
use crate::money::{Money, Rate};
use crate::policy::{Beneficiary, ObligationKind, Op, Source, Status};
use crate::scenario::Conversion;
use serde::{Serialize, Serializer};

/// JSON text of the report's types, written compactly: the wasm module hands a report to
/// the page as text from this writer (one small function per type, each key one call),
/// not from serde_json's code for each type. Natively and in tests the same types
/// serialise through serde, to the same JSON (`tests/golden.rs` and `tests/properties.rs`
/// compare them).
pub trait Json {
    /// Appends the value as JSON text.
    fn json(&self, out: &mut JsonOut);
}

/// JSON text being written.
#[derive(Default)]
pub struct JsonOut {
    text: String,
    /// No member written yet in the object or list just opened.
    first: bool,
}

impl JsonOut {
    /// The text written.
    pub fn into_string(self) -> String {
        self.text
    }

    /// `{` or `[`.
    #[inline(never)]
    pub fn open(&mut self, c: char) {
        self.text.push(c);
        self.first = true;
    }

    /// `}` or `]`.
    #[inline(never)]
    pub fn close(&mut self, c: char) {
        self.text.push(c);
        self.first = false;
    }

    /// The separator before a member, if it is not the first.
    #[inline(never)]
    pub fn item(&mut self) {
        if !self.first {
            self.text.push(',');
        }
        self.first = false;
    }

    /// `"key":` (after a separator).
    #[inline(never)]
    pub fn key(&mut self, key: &str) {
        self.item();
        self.str(key);
        self.text.push(':');
    }

    /// Text without quotes (`true`, `null`, a number).
    #[inline(never)]
    pub fn raw(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// A JSON string: `"`, `\\` and control characters escaped.
    #[inline(never)]
    pub fn str(&mut self, s: &str) {
        let out = &mut self.text;
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(HEX[(c as usize) >> 4] as char);
                    out.push(HEX[(c as usize) & 15] as char);
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

impl Json for str {
    fn json(&self, out: &mut JsonOut) {
        out.str(self);
    }
}
impl Json for String {
    fn json(&self, out: &mut JsonOut) {
        out.str(self);
    }
}
impl<T: Json + ?Sized> Json for &T {
    fn json(&self, out: &mut JsonOut) {
        (**self).json(out);
    }
}
impl<T: Json + ?Sized> Json for Box<T> {
    fn json(&self, out: &mut JsonOut) {
        (**self).json(out);
    }
}
impl Json for bool {
    fn json(&self, out: &mut JsonOut) {
        out.raw(if *self { "true" } else { "false" });
    }
}
macro_rules! json_int {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self, out: &mut JsonOut) {
                out.raw(&self.to_string());
            }
        }
    )*};
}
json_int!(u32, i32, usize);
impl<T: Json> Json for Option<T> {
    fn json(&self, out: &mut JsonOut) {
        match self {
            Some(x) => x.json(out),
            None => out.raw("null"),
        }
    }
}
impl<T: Json> Json for Vec<T> {
    fn json(&self, out: &mut JsonOut) {
        self.as_slice().json(out);
    }
}
/// Decimal strings as serde writes them: the value without trailing zeros.
macro_rules! json_decimal {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self, out: &mut JsonOut) {
                out.str(&self.get().normalize().to_string());
            }
        }
    )*};
}
json_decimal!(Rate, crate::money::Dec, Money, crate::money::Area);
impl Json for Date {
    fn json(&self, out: &mut JsonOut) {
        out.str(&self.to_string());
    }
}
impl Json for Lang {
    fn json(&self, out: &mut JsonOut) {
        out.str(self.tag());
    }
}
impl Json for Issue {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("code");
        out.str(&self.code);
        out.key("path");
        out.str(&self.path);
        out.key("message");
        out.str(&self.message);
        out.close('}');
    }
}
impl Json for Conversion {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("currency");
        out.str(&self.currency);
        out.key("cnyPerUnit");
        self.cny_per_unit.json(out);
        out.key("date");
        self.date.json(out);
        out.key("illustrative");
        self.illustrative.json(out);
        out.close('}');
    }
}
impl Json for crate::ui::TextMap {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        for (k, v) in &self.0 {
            out.key(k);
            out.str(v);
        }
        out.close('}');
    }
}

/// `output! { /// doc  pub struct Name { /// doc  "jsonKey" field: T, … } }`: a type of the
/// report, its serde serialisation and its [`Json`] text, from one declaration.
macro_rules! output {
    (
        $(#[doc = $doc:literal])*
        $(#[derive($($der:ident),*)])?
        pub struct $name:ident {
            $( $(#[doc = $fdoc:literal])* $key:literal $f:ident : $t:ty ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone $($(, $der)*)?)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $f: $t, )*
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( m.serialize_entry($key, &self.$f)?; )*
                m.end()
            }
        }

        impl $crate::report::Json for $name {
            fn json(&self, out: &mut $crate::report::JsonOut) {
                out.open('{');
                $(
                    out.key($key);
                    $crate::report::Json::json(&self.$f, out);
                )*
                out.close('}');
            }
        }
    };
}
pub(crate) use output;

/// The JSON text of a value (what the wasm module hands to the page).
pub fn json_text<T: Json + ?Sized>(value: &T) -> String {
    let mut out = JsonOut::default();
    value.json(&mut out);
    out.into_string()
}

impl<T: Json> Json for [T] {
    fn json(&self, out: &mut JsonOut) {
        out.open('[');
        for x in self {
            out.item();
            x.json(out);
        }
        out.close(']');
    }
}

/// The QR code of a link (`crate::qr`): `{ size, path }`.
impl Json for crate::qr::QrPath {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("size");
        self.size.json(out);
        out.key("path");
        out.str(&self.path);
        out.close('}');
    }
}

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

impl Json for Quantity {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("value");
        out.str(&self.value_text());
        out.key("unit");
        self.unit.json(out);
        out.close('}');
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

impl Json for Fen {
    fn json(&self, out: &mut JsonOut) {
        out.str(&self.0.to_fen_string());
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

impl Json for Report {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("policy");
        self.policy.json(out);
        out.key("asOf");
        self.as_of.json(out);
        out.key("lang");
        self.lang.json(out);
        out.key("inputs");
        self.inputs.json(out);
        out.key("tier");
        self.tier.json(out);
        out.key("nextTier");
        self.next_tier.json(out);
        out.key("targets");
        self.targets.json(out);
        out.key("summary");
        self.summary.json(out);
        out.key("programs");
        self.programs.json(out);
        out.key("land");
        self.land.json(out);
        out.key("whatIf");
        self.what_if.json(out);
        out.key("warnings");
        self.warnings.json(out);
        out.key("errors");
        self.errors.json(out);
        if let Some(d) = &self.display {
            out.key("display");
            d.json(out);
        }
        out.close('}');
    }
}

impl Report {
    /// The report as JSON text (the same JSON as its serde serialisation).
    pub fn to_json(&self) -> String {
        json_text(self)
    }

    /// The report with [`Display`] texts for its figures (none for a report with errors).
    pub fn with_display(mut self) -> Report {
        if self.errors.is_empty() {
            self.display = Some(Display::of(&self));
        }
        self
    }
}

output! {
    /// Which policy was used.
    pub struct PolicyRef {
        /// Policy id.
        "id" id: String,
        /// Policy version.
        "version" version: String,
        /// Policy title.
        "name" name: String,
        /// The document.
        "source" source: Source,
        /// The document in words, its title in the reader's script.
        "sourceText" source_text: String,
        /// The disclaimer to show with every result.
        "disclaimer" disclaimer: String,
    }
}

output! {
    /// The inputs as the engine read them.
    pub struct Inputs {
        /// Zone id.
        "zone" zone: String,
        /// Project kind id.
        "projectKind" project_kind: String,
        /// Industry id.
        "industry" industry: Option<String>,
        /// Investment, CNY.
        "investment" investment: Fen,
        /// Registered capital, CNY.
        "registeredCapital" registered_capital: Fen,
        /// Currency typed.
        "currency" currency: String,
        /// Conversion applied.
        "conversion" conversion: Option<Conversion>,
        /// Construction years.
        "constructionYears" construction_years: u32,
        /// Start year.
        "startYear" start_year: i32,
        /// First operating year (calendar).
        "firstOperatingYear" first_operating_year: i32,
        /// Horizon, years.
        "horizonYears" horizon_years: u32,
        /// Discount rate.
        "discountRate" discount_rate: Rate,
        /// Local tax share used for operating year 1, CNY.
        "localTaxShareYear1" local_tax_share_year1: Option<Fen>,
    }
}

output! {
/// A size tier.
    pub struct TierRef {
        /// Tier id.
        "id" id: String,
        /// Tier name.
        "name" name: String,
        /// Lower bound, CNY.
        "minInvestment" min_investment: Fen,
        /// What the tier brings under the source.
        "note" note: Option<String>,
    }
}

output! {
    /// What the project contributes to the year's targets (for promotion staff).
    pub struct TargetsReport {
        /// The year of the targets.
        "year" year: u32,
        /// Where they are set, in words.
        "sourceText" source_text: String,
        /// The target of the project's zone, if it has one.
        "zone" zone: Option<ZoneShare>,
        /// Each department tier's target.
        "departments" departments: Vec<DepartmentShare>,
    }
}

output! {
    /// The project's share of its zone's target.
    pub struct ZoneShare {
        /// Zone id.
        "zone" zone: String,
        /// Zone name.
        "name" name: String,
        /// Funds to introduce in the year, CNY.
        "funds" funds: Fen,
        /// The investment as a percentage of `funds`, two places (`"10.91"`).
        "share" share: String,
        /// The share in words.
        "text" text: String,
        /// The project counts of the target, and whether this project fills one.
        "projects" projects: Vec<ProjectShare>,
    }
}

output! {
    /// The project's share of a department tier's target.
    pub struct DepartmentShare {
        /// Tier id.
        "id" id: String,
        /// Tier name.
        "name" name: String,
        /// Funds to introduce in the year, CNY.
        "funds" funds: Fen,
        /// The investment as a percentage of `funds`, two places.
        "share" share: String,
        /// The share in words.
        "text" text: String,
        /// Whether every project count is required, or one of them.
        "rule" rule: crate::policy::ProjectsRule,
        /// The rule in words (empty for `all`).
        "ruleText" rule_text: String,
        /// The project counts, and whether this project fills one.
        "projects" projects: Vec<ProjectShare>,
    }
}

output! {
    /// A number of new projects of at least a size, and whether this project is one.
    pub struct ProjectShare {
        /// Smallest investment counted, CNY.
        "minInvestment" min_investment: Fen,
        /// How many the target asks for.
        "count" count: u32,
        /// Whether this project is of that size.
        "counts" counts: bool,
        /// In words.
        "text" text: String,
    }
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

impl Json for NextTier {
    fn json(&self, out: &mut JsonOut) {
        let t = &self.tier;
        out.open('{');
        out.key("id");
        out.str(&t.id);
        out.key("name");
        out.str(&t.name);
        out.key("minInvestment");
        t.min_investment.json(out);
        out.key("note");
        t.note.json(out);
        out.key("shortfall");
        self.shortfall.json(out);
        out.close('}');
    }
}

output! {
    /// The headline.
    pub struct Summary {
        /// Programs the project qualifies for (and that are not excluded by another).
        "eligible" eligible: usize,
        /// Of those, programs that pay something with the figures given.
        "paying" paying: usize,
        /// Of those, programs whose amount needs an input not given yet.
        "needsInput" needs_input: usize,
        /// Programs in force on the as-of date.
        "inForce" in_force: usize,
        /// All programs in the policy.
        "programs" programs: usize,
        /// Years covered.
        "horizonYears" horizon_years: u32,
        /// What the enterprise receives (the investor's headline).
        "enterprise" enterprise: Receiver,
        /// What the introducing unit receives (the promotion staff's headline).
        "introducingUnit" introducing_unit: Receiver,
        /// Both headlines in words, the enterprise's first.
        "text" text: String,
    }
}

output! {
    /// What one beneficiary receives, for a headline.
    pub struct Receiver {
        /// Programs for this beneficiary the project qualifies for (not excluded).
        "eligible" eligible: usize,
        /// Of those, programs that pay something with the figures given.
        "paying" paying: usize,
        /// Of those, programs whose amount needs an input not given yet.
        "needsInput" needs_input: usize,
        /// The inputs those programs still need (scenario field names, first use first).
        "needs" needs: Vec<String>,
        /// Total over the horizon of the paying programs.
        "total" total: Fen,
        /// Present value of that.
        "npv" npv: Fen,
        /// Total of the programs whose amounts are ceilings ("up to"), apart from `total`.
        "upTo" up_to: Fen,
        /// Programs with terms set case by case (no amount).
        "negotiable" negotiable: usize,
        /// The headline in words.
        "text" text: String,
    }
}

output! {
    /// One program's result.
    pub struct ProgramReport {
        /// Program id.
        "id" id: String,
        /// Name.
        "name" name: String,
        /// One-line summary.
        "summary" summary: String,
        /// Who receives the benefits.
        "beneficiary" beneficiary: Beneficiary,
        /// Who receives them, in words.
        "beneficiaryLabel" beneficiary_label: String,
        /// True when the program is an invented example.
        "illustrative" illustrative: bool,
        /// Status.
        "status" status: Status,
        /// The program's legal-review note in words (for status `unknown`, saying that it
        /// is not counted in the headline), or null.
        "legalReview" legal_review: Option<String>,
        /// True when in force on the as-of date.
        "inForce" in_force: bool,
        /// True when the criteria are met and the program is in force.
        "eligible" eligible: bool,
        /// The inputs the amount still depends on (scenario field names, such as `landMu`);
        /// empty when the amount is known. While it is not empty, `total` and `npv` are null.
        "needs" needs: Vec<String>,
        /// Set when another program it cannot be combined with was kept instead.
        "excludedBy" excluded_by: Option<String>,
        /// Why it does not apply, in words (not in force, or criteria missed).
        "reason" reason: Option<String>,
        /// The criteria with actual and required values.
        "criteria" criteria: CriterionResult,
        /// Each benefit with its own schedule.
        "benefits" benefits: Vec<BenefitReport>,
        /// Amounts by operating year (all benefits together).
        "schedule" schedule: Vec<Row>,
        /// Sum of the schedule's amounts (null while an input is needed).
        "total" total: Option<Fen>,
        /// Present value at the discount rate, to the start year (null while an input is
        /// needed).
        "npv" npv: Option<Fen>,
        /// True when a cap reduced an amount.
        "capped" capped: bool,
        /// True when a benefit paid is "up to" its amounts: the total is a ceiling, counted
        /// in the headline's `upTo`, not its `total`.
        "upTo" up_to: bool,
        /// True when a benefit paid is set case by case (kind `negotiable`), counted in the
        /// headline's `negotiable`.
        "negotiable" negotiable: bool,
        /// Conditions and clawbacks.
        "obligations" obligations: Vec<ObligationReport>,
        /// The clause.
        "source" source: Source,
        /// The clause in words.
        "sourceText" source_text: String,
        /// How the total is made up, in words.
        "explanation" explanation: String,
    }
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
    /// At least `at_least` of the children must be met.
    AtLeast {
        /// Result.
        met: bool,
        /// How many must be met.
        at_least: u32,
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
        /// An invented threshold (the policy marks it illustrative).
        illustrative: bool,
        /// The rate a threshold stated in another currency was converted at (`required`
        /// is in CNY), or null.
        conversion: Option<crate::scenario::Conversion>,
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
        /// An invented list (the policy marks it illustrative).
        illustrative: bool,
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

impl Json for CriterionResult {
    fn json(&self, out: &mut JsonOut) {
        out.open('{');
        out.key("kind");
        match self {
            CriterionResult::All { met, children } | CriterionResult::Any { met, children } => {
                let all = matches!(self, CriterionResult::All { .. });
                out.str(if all { "all" } else { "any" });
                out.key("met");
                met.json(out);
                out.key("children");
                children.json(out);
            }
            CriterionResult::AtLeast {
                met,
                at_least,
                children,
            } => {
                out.str("atLeast");
                out.key("met");
                met.json(out);
                out.key("atLeast");
                at_least.json(out);
                out.key("children");
                children.json(out);
            }
            CriterionResult::Not { met, child } => {
                out.str("not");
                out.key("met");
                met.json(out);
                out.key("child");
                child.json(out);
            }
            CriterionResult::Compare {
                field,
                label,
                unit,
                op,
                required,
                actual,
                met,
                shortfall,
                progress,
                guidance,
                illustrative,
                conversion,
                text,
            } => {
                out.str("compare");
                out.key("field");
                out.str(field);
                out.key("label");
                out.str(label);
                out.key("unit");
                unit.json(out);
                out.key("op");
                op.json(out);
                out.key("required");
                out.str(required);
                out.key("actual");
                actual.json(out);
                out.key("met");
                met.json(out);
                out.key("shortfall");
                out.str(shortfall);
                out.key("progress");
                out.str(progress);
                out.key("guidance");
                guidance.json(out);
                out.key("illustrative");
                illustrative.json(out);
                out.key("conversion");
                conversion.json(out);
                out.key("text");
                out.str(text);
            }
            CriterionResult::In {
                field,
                label,
                required,
                required_labels,
                actual,
                met,
                illustrative,
                text,
            } => {
                out.str("in");
                out.key("field");
                out.str(field);
                out.key("label");
                out.str(label);
                out.key("required");
                required.json(out);
                out.key("requiredLabels");
                required_labels.json(out);
                out.key("actual");
                actual.json(out);
                out.key("met");
                met.json(out);
                out.key("illustrative");
                illustrative.json(out);
                out.key("text");
                out.str(text);
            }
            CriterionResult::Is {
                field,
                label,
                required,
                actual,
                met,
                text,
            } => {
                out.str("is");
                out.key("field");
                out.str(field);
                out.key("label");
                out.str(label);
                out.key("required");
                required.json(out);
                out.key("actual");
                actual.json(out);
                out.key("met");
                met.json(out);
                out.key("text");
                out.str(text);
            }
        }
        out.close('}');
    }
}

impl CriterionResult {
    /// Whether this node is met (guidance leaves count as met for their parent).
    pub fn met(&self) -> bool {
        match self {
            CriterionResult::All { met, .. }
            | CriterionResult::Any { met, .. }
            | CriterionResult::AtLeast { met, .. }
            | CriterionResult::Not { met, .. }
            | CriterionResult::In { met, .. }
            | CriterionResult::Is { met, .. } => *met,
            CriterionResult::Compare { met, guidance, .. } => *met || *guidance,
        }
    }
}

output! {
    /// One benefit's result.
    pub struct BenefitReport {
        /// Benefit id.
        "id" id: String,
        /// Name.
        "name" name: String,
        /// Kind (`taxShare`, `fixedAward`, …).
        "kind" kind: String,
        /// False when "the larger of" chose another benefit.
        "selected" selected: bool,
        /// The inputs the amount still depends on; while not empty, there is no schedule
        /// and `total` is null.
        "needs" needs: Vec<String>,
        /// Amounts by year.
        "schedule" schedule: Vec<Row>,
        /// Sum of the amounts (null while an input is needed).
        "total" total: Option<Fen>,
        /// True when the amounts are ceilings ("up to"), set case by case below them.
        "upTo" up_to: bool,
        /// For terms set case by case (kind `negotiable`): what is negotiated, in words;
        /// otherwise null. Such a benefit has no amount.
        "terms" terms: Option<String>,
        /// The clause.
        "sourceText" source_text: String,
    }
}

output! {
    /// One year of a schedule.
    pub struct Row {
        /// 1 = the first year after construction.
        "operatingYear" operating_year: u32,
        /// The calendar year.
        "calendarYear" calendar_year: i32,
        /// The amount the rate applies to, or the quantity a per-unit or bracket award is
        /// computed from, with its unit.
        "base" base: Option<Quantity>,
        /// The rate applied.
        "rate" rate: Option<Rate>,
        /// The amount, rounded by the policy's rule.
        "amount" amount: Fen,
        /// How the amount was computed, in words.
        "explanation" explanation: String,
    }
}

output! {
    /// A condition attached to a program or a benefit.
    pub struct ObligationReport {
        /// Kind.
        "kind" kind: ObligationKind,
        /// The benefit it attaches to (none: the whole program).
        "benefit" benefit: Option<String>,
        /// Years it binds.
        "years" years: Option<u32>,
        /// The condition.
        "text" text: String,
        /// What happens if it is broken.
        "clawback" clawback: Option<String>,
    }
}

output! {
    /// Land options of one zone.
    pub struct ZoneLand {
        /// Zone id.
        "zone" zone: String,
        /// Zone name.
        "name" name: String,
        /// True when the zone's figures are invented.
        "illustrative" illustrative: bool,
        /// Most land the investment supports under the zone's lowest intensity rule, mu.
        "maxSupportedMu" max_supported_mu: Option<String>,
        /// The zone's best parcels (at most `engine::LAND_PAGE`: those that fit, then the
        /// cheapest, then the first in the policy) and the scenario's parcel, in the
        /// policy's order; the others through `engine::parcels` (the CLI's `evaluate
        /// --parcels ZONE`, best first).
        "parcels" parcels: Vec<ParcelOption>,
        /// How many parcels the zone has.
        "parcelsTotal" parcels_total: usize,
        /// How many of them fit the project.
        "parcelsFit" parcels_fit: usize,
        /// Standard factories.
        "factories" factories: Vec<FactoryOption>,
    }
}

output! {
    /// A page of one zone's parcels, best first (`engine::parcels`, the CLI's `evaluate
    /// --parcels ZONE`).
    pub struct ParcelPage {
        /// Zone id.
        "zone" zone: String,
        /// How many parcels the zone has.
        "total" total: usize,
        /// How many of them match the query.
        "matched" matched: usize,
        /// How many matching parcels come before this page.
        "offset" offset: usize,
        /// The page.
        "parcels" parcels: Vec<ParcelOption>,
    }
}

output! {
    /// A parcel and whether the project fits it.
    pub struct ParcelOption {
        /// Parcel id.
        "id" id: String,
        /// Name.
        "name" name: String,
        /// True when invented.
        "illustrative" illustrative: bool,
        /// Land use.
        "landUse" land_use: String,
        /// Area, mu.
        "areaMu" area_mu: String,
        /// Area, m².
        "areaM2" area_m2: String,
        /// Price per mu.
        "pricePerMu" price_per_mu: Fen,
        /// Available from.
        "availableFrom" available_from: Date,
        /// Most land the investment supports here, mu.
        "maxSupportedMu" max_supported_mu: Option<String>,
        /// The area considered: the land asked for, or what the investment supports.
        "usedMu" used_mu: String,
        /// True when `usedMu` is the land the user asked for.
        "usedMuGiven" used_mu_given: bool,
        /// Land cost for the area considered.
        "cost" cost: Fen,
        /// True when every rule that could be checked is met.
        "fits" fits: bool,
        /// Every check.
        "checks" checks: Vec<LandCheck>,
    }
}

output! {
    /// A standard-factory offer.
    pub struct FactoryOption {
        /// Offer id.
        "id" id: String,
        /// Name.
        "name" name: String,
        /// True when invented.
        "illustrative" illustrative: bool,
        /// Floor area available, m².
        "floorArea" floor_area: String,
        /// Rent per m² per month.
        "rentPerM2Month" rent_per_m2_month: Fen,
        /// The floor area asked for, m².
        "usedArea" used_area: Option<String>,
        /// Rent per year for that area.
        "annualRent" annual_rent: Option<Fen>,
        /// Sale price per m², when the factory can be bought.
        "salePricePerM2" sale_price_per_m2: Option<Fen>,
        /// What buying that area costs at the sale price.
        "purchasePrice" purchase_price: Option<Fen>,
        /// True when every rule that could be checked is met.
        "fits" fits: bool,
        /// Every check.
        "checks" checks: Vec<LandCheck>,
    }
}

output! {
    /// One land rule checked.
    pub struct LandCheck {
        /// `area`, `intensity`, `plotRatio`, `taxPerMu`, `available`, `floorArea`.
        "check" check: String,
        /// In words.
        "label" label: String,
        /// The project's value (null when not given).
        "actual" actual: Option<String>,
        /// The rule's value.
        "required" required: String,
        /// Met; null when it cannot be checked without more input.
        "met" met: Option<bool>,
        /// In words.
        "text" text: String,
    }
}

output! {
    /// The smallest change that unlocks a program.
    pub struct WhatIf {
        /// Program id.
        "program" program: String,
        /// Program name.
        "programName" program_name: String,
        /// The change (one field when one suffices).
        "changes" changes: Vec<Change>,
        /// What the program would then pay over the horizon (null while an input is needed).
        "total" total: Option<Fen>,
        /// Its present value (null while an input is needed).
        "npv" npv: Option<Fen>,
        /// Inputs still needed to work out the amount.
        "needs" needs: Vec<String>,
        /// Who would receive it.
        "beneficiary" beneficiary: Beneficiary,
        /// In words.
        "text" text: String,
    }
}

output! {
    /// A change of one field.
    pub struct Change {
        /// Field.
        "field" field: String,
        /// Field label.
        "label" label: String,
        /// Unit.
        "unit" unit: crate::policy::fields::Unit,
        /// Current value (null when not given).
        "from" from: Option<String>,
        /// Value needed.
        "to" to: String,
        /// Difference.
        "by" by: String,
    }
}

output! {
    /// The figures a report shows, as text in the report's language, so that a page needs no
    /// number formatting of its own (and can show a stored report before the engine loads).
    /// Each map is keyed by the decimal string as it appears in the report.
    #[derive(Default)]
    pub struct Display {
        /// Money, compact (`CNY 768,000`, `76.8万元`).
        "money" money: crate::ui::TextMap,
        /// Money in full (`CNY 768,000.00`, `768,000.00元`).
        "moneyFull" money_full: crate::ui::TextMap,
        /// Rates as percentages (`8%`).
        "percent" percent: crate::ui::TextMap,
        /// Quantities, keyed `unit:value` (`mu:20.00` → `20.00 mu`).
        "quantity" quantity: crate::ui::TextMap,
    }
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
                money(Some(x.up_to));
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

/// One CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push_str("\r\n");
}

/// The columns of the schedule in [`Report::to_csv`], in order.
pub const CSV_COLUMNS: [&str; 10] = [
    "program",
    "programName",
    "beneficiary",
    "operatingYear",
    "calendarYear",
    "base",
    "baseUnit",
    "rate",
    "amount",
    "npvOfProgram",
];

impl Report {
    /// The schedule as CSV for a spreadsheet: UTF-8 with a byte-order mark (so that Excel
    /// reads the Chinese names), CRLF line ends, amounts as plain decimals. First the
    /// header rows `key,value` (`policy`, `version`, `asOf`, `lang`, then `meta`, such as
    /// the scenario's link), an empty row, then [`CSV_COLUMNS`] and one row per program
    /// per year of every program that pays (`npvOfProgram` on each row of a program).
    pub fn to_csv(&self, meta: &[(&str, &str)]) -> String {
        let mut out = String::from("\u{feff}");
        let as_of = self.as_of.map(|d| d.to_string()).unwrap_or_default();
        csv_row(&mut out, &["policy", &self.policy.id]);
        csv_row(&mut out, &["version", &self.policy.version]);
        csv_row(&mut out, &["policyName", &self.policy.name]);
        csv_row(&mut out, &["asOf", &as_of]);
        csv_row(&mut out, &["lang", self.lang.tag()]);
        for (k, v) in meta {
            csv_row(&mut out, &[k, v]);
        }
        out.push_str("\r\n");
        csv_row(&mut out, &CSV_COLUMNS);
        for p in self
            .programs
            .iter()
            .filter(|p| p.eligible && p.excluded_by.is_none())
        {
            let npv = p.npv.map(|n| n.0.to_fen_string()).unwrap_or_default();
            let who = match p.beneficiary {
                crate::policy::Beneficiary::Enterprise => "enterprise",
                crate::policy::Beneficiary::IntroducingUnit => "introducing-unit",
            };
            for r in &p.schedule {
                let base = r.base.as_ref().map(|b| b.value_text()).unwrap_or_default();
                let unit = r.base.as_ref().map(|b| b.unit.name()).unwrap_or_default();
                let rate = r.rate.map(|x| x.to_string()).unwrap_or_default();
                csv_row(
                    &mut out,
                    &[
                        &p.id,
                        &p.name,
                        who,
                        &r.operating_year.to_string(),
                        &r.calendar_year.to_string(),
                        &base,
                        unit,
                        &rate,
                        &r.amount.0.to_fen_string(),
                        &npv,
                    ],
                );
            }
        }
        out
    }
}

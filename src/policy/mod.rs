//! The policy model: rules and figures as data, each with its source and dates.
//!
//! A policy is one JSON document. Each of its types is declared once below, by the macros
//! of `read.rs` (`record!`, `choice!`, `tagged!`, `keyed!`) that emit the Rust type, its
//! reader and its JSON Schema together (the defaults are stated in the declaration,
//! once). [`Policy::from_json`] reads a document,
//! reporting every structural problem with its JSON path, and [`validate`] then checks
//! what the types cannot say: ids, references, ranges, dates and translations, reporting
//! every problem at once. Both speak in [`PolicyError`] codes.

pub mod fields;
pub(crate) mod read;
mod validate;

pub use validate::validate;

use crate::date::Date;
use crate::error::codes;
use crate::i18n::Lang;
use crate::money::{Area, Dec, Money, Rate, Rounding};
use crate::raw::RawValue;
use crate::Issue;
use read::{choice, keyed, record, tagged};

codes! {
    /// The problems a policy can have, each with its stable `code` (README, "Error
    /// codes"). Reading reports the first group (the same codes a scenario's value has
    /// for the same problem), validation the rest.
    pub enum PolicyError {
        /// The JSON text is not well formed: `json-syntax`.
        JsonSyntax = "json-syntax",
        /// A value of the wrong JSON type: `wrong-type`.
        WrongType = "wrong-type",
        /// A required key is missing: `required`.
        Required = "required" => "policy.required",
        /// A key the format does not have: `unknown-key` (with the nearest known key).
        UnknownKey = "unknown-key",
        /// An empty key `""`: `empty-key`.
        EmptyKey = "empty-key",
        /// A name not among the allowed ones (a kind, a status, a unit): `unknown-id`.
        UnknownId = "unknown-id" => "policy.unknown-id",
        /// Text that is not a plain decimal number: `invalid-number`.
        InvalidNumber = "invalid-number",
        /// A JSON number of more than 15 significant digits: `imprecise-number`.
        ImpreciseNumber = "imprecise-number",
        /// More than 28 decimal places or significant digits: `too-many-digits`.
        TooManyDigits = "too-many-digits",
        /// Beyond an exact decimal, or an amount beyond `Money::MAX`: `too-large`.
        TooLarge = "too-large",
        /// Not finite: `not-finite`.
        NotFinite = "not-finite",
        /// A whole number was expected: `not-whole`.
        NotWhole = "not-whole",
        /// A whole number outside its range: `out-of-range`.
        OutOfRange = "out-of-range",
        /// Not a date `YYYY-MM-DD`: `invalid-date`.
        InvalidDate = "invalid-date",
        /// A criterion that is not exactly one of `all`, `any`, `not` or a comparison:
        /// `invalid-criterion`.
        InvalidCriterion = "invalid-criterion",
        /// A text without its English or Simplified Chinese: `missing-translation`.
        MissingTranslation = "missing-translation",
        /// An empty id: `empty-id`.
        EmptyId = "empty-id",
        /// An id used twice: `duplicate-id`.
        DuplicateId = "duplicate-id",
        /// A rate outside 0–1: `rate-out-of-range`.
        RateOutOfRange = "rate-out-of-range",
        /// A negative figure: `negative-value`.
        NegativeValue = "negative-value",
        /// A figure that must be above zero: `not-positive`.
        NotPositive = "not-positive",
        /// A figure above the largest of its unit: `figure-too-large`.
        FigureTooLarge = "figure-too-large",
        /// A `source.url` that is not an http(s) address: `invalid-url`.
        InvalidUrl = "invalid-url",
        /// A reference to an id the policy does not have: `unknown-reference`.
        UnknownReference = "unknown-reference",
        /// A field name the registry does not have: `unknown-field`.
        UnknownField = "unknown-field",
        /// A lump-sum bracket or `appliesTo` in `marginal` brackets: `needs-whole-mode`.
        NeedsWholeMode = "needs-whole-mode",
        /// A field that is not a number where a number is needed: `field-not-numeric`.
        FieldNotNumeric = "field-not-numeric",
        /// A field compared in a way its kind does not allow: `wrong-comparison`.
        WrongComparison = "wrong-comparison",
        /// Neither or both of two alternatives: `one-of`.
        OneOf = "one-of",
        /// An empty list that needs an entry: `empty-list`.
        EmptyList = "empty-list",
        /// Two entries on one date: `duplicate-date`.
        DuplicateDate = "duplicate-date",
        /// Not a currency code: `invalid-currency`.
        InvalidCurrency = "invalid-currency",
        /// An exchange rate for CNY: `cny-rate`.
        CnyRate = "cny-rate",
        /// Brackets or tiers out of order: `not-ascending`.
        NotAscending = "not-ascending",
        /// A factory's minimum area above its area: `min-above-available`.
        MinAboveAvailable = "min-above-available",
        /// A derived quantity used before it is defined: `derived-order`.
        DerivedOrder = "derived-order",
        /// A derived quantity or declared input named like a built-in field:
        /// `shadows-builtin`.
        ShadowsBuiltin = "shadows-builtin",
        /// A program that excludes itself: `self-reference`.
        SelfReference = "self-reference",
        /// An end date before the start date: `dates-out-of-order`.
        DatesOutOfOrder = "dates-out-of-order",
        /// A number of years outside 1–50: `year-out-of-range`.
        YearOutOfRange = "year-out-of-range",
        /// A threshold `currency` on a field that is not an amount in CNY: `not-cny-field`.
        NotCnyField = "not-cny-field",
        /// A key that does not apply to the benefit's kind (a cap or `upTo` on terms with
        /// no amount): `not-for-kind`.
        NotForKind = "not-for-kind",
        /// A program with both ceilings (`upTo`) and firm amounts: `mixed-up-to`.
        MixedUpTo = "mixed-up-to",
        /// Instalment shares that do not add up to 1: `shares-sum`.
        SharesSum = "shares-sum",
        /// `years` or `instalments` on a benefit not paid once (`taxShare`,
        /// `rentRelief`): `not-one-off`.
        NotOneOff = "not-one-off",
        /// A default horizon outside 1–50 years: `horizon-out-of-range`.
        HorizonOutOfRange = "horizon-out-of-range",
        /// Rounding to more than 10 places: `rounding-out-of-range`.
        RoundingOutOfRange = "rounding-out-of-range",
    }
}

/// The default policy shipped with the calculator (two zones, the source's rule and
/// illustrative figures).
/// Embedded minified by build.rs; the readable source is `src/policy/default.json`.
#[cfg(not(target_arch = "wasm32"))]
pub const DEFAULT_POLICY_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/default-policy.min.json"));

/// The default policy with its texts (all but its sources') as placeholders (see
/// build.rs), which [`resolve_texts`] fills from the language packs a visit loads: what
/// the wasm module embeds, so that a visitor downloads the policy's words in one language.
pub const DEFAULT_POLICY_PLACEHOLDERS_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/default-policy.wasm.json"));

/// In the wasm module, the default policy is embedded with placeholders for its texts.
#[cfg(target_arch = "wasm32")]
pub const DEFAULT_POLICY_JSON: &str = DEFAULT_POLICY_PLACEHOLDERS_JSON;

/// Replaces each text placeholder of the default policy (`{"@": n}`, or `{"#": n}` for a
/// text without zh-Hant) by the text: `text(lang, n)` for each language, or, for a
/// language whose texts are not at hand, the text in one that is. Returns false (and
/// leaves the placeholder) when no language gives text `n`.
pub fn resolve_texts(v: &mut RawValue, text: &dyn Fn(Lang, usize) -> Option<&'static str>) -> bool {
    match v {
        RawValue::Array(items) => items.iter_mut().all(|v| resolve_texts(v, text)),
        RawValue::Object(fields) => {
            let placeholder = match fields.as_slice() {
                [(k, RawValue::Number(n))] if k == "@" || k == "#" => {
                    Some((k == "@", n.parse::<usize>().ok()))
                }
                _ => None,
            };
            let Some((has_hant, n)) = placeholder else {
                return fields.iter_mut().all(|(_, v)| resolve_texts(v, text));
            };
            let Some(n) = n else { return false };
            let langs: &[Lang] = if has_hant {
                &Lang::ALL
            } else {
                &Lang::ALL[..2]
            };
            let any = Lang::ALL.iter().find_map(|&l| text(l, n));
            let Some(any) = any else { return false };
            *fields = langs
                .iter()
                .map(|&l| {
                    (
                        l.tag().to_string(),
                        RawValue::String(text(l, n).unwrap_or(any).to_string()),
                    )
                })
                .collect();
            true
        }
        _ => true,
    }
}

record! {
    /// A user-visible text in several languages. `en` and `zh-Hans` are required;
    /// `zh-Hant` falls back to `zh-Hans` when absent.
    #[derive(PartialEq)]
    pub struct Text: Default {
        /// English.
        "en" en: String = String::new(),
        /// Simplified Chinese.
        "zh-Hans" zh_hans: String = String::new(),
        /// Traditional Chinese (optional; falls back to zh-Hans).
        "zh-Hant" zh_hant: Option<String>,
    }
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

record! {
    /// Where a rule or figure comes from.
    #[derive(PartialEq)]
    pub struct Source: Default {
        /// The document's title, as published.
        "document" document: String,
        /// The title in each language (shown in the visitor's script; in English as a gloss
        /// after the published title).
        "title" title: Option<Text>,
        /// The clause, article or paragraph, as published.
        "clause" clause: Option<String>,
        /// The clause in each language, like `title`.
        "clauseTitle" clause_title: Option<Text>,
        /// A public address of the document, if there is one.
        "url" url: Option<String>,
        /// The body that issued the document, as published (e.g. 宁波市鄞州区人民政府).
        "issuer" issuer: Option<String>,
        /// The document's number, as published (e.g. 鄞政发〔2016〕42号).
        "documentNumber" document_number: Option<String>,
    }
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

/// "Source: document, clause" in a language, titles in the visitor's script; the issuer
/// before the document and its number after it, when given ("issuer: document (number)",
/// in Chinese with full-width punctuation).
pub fn source_text(src: &Source, lang: Lang) -> String {
    let mut document = localized(&src.document, src.title.as_ref(), lang);
    let zh = lang != Lang::En;
    if let Some(n) = &src.document_number {
        document = if zh {
            format!("{document}（{n}）")
        } else {
            format!("{document} ({n})")
        };
    }
    if let Some(i) = &src.issuer {
        document = if zh {
            format!("{i}：{document}")
        } else {
            format!("{i}: {document}")
        };
    }
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

record! {
    /// One policy document.
    pub struct Policy {
        /// Optional JSON Schema reference for editors; ignored by the calculator.
        "$schema" schema: Option<String>,
        /// A stable identifier, e.g. `dafeng-two-zones`.
        "id" id: String,
        /// The version of this policy data, e.g. `2026.1`.
        "version" version: String,
        /// The policy's title.
        "name" name: Text,
        /// The document the policy is taken from.
        "source" source: Source,
        /// The first day the policy applies.
        "effectiveFrom" effective_from: Date,
        /// A short disclaimer shown with every result.
        "disclaimer" disclaimer: Text = Text::default(),
        /// How yearly amounts are rounded (default: to the fen, half away from zero).
        "rounding" rounding: Rounding = Rounding::default(),
        /// Defaults for scenario fields the user leaves out.
        "defaults" defaults: Defaults = Defaults::default(),
        /// The development zones.
        "zones" zones: Vec<Zone>,
        /// Project kinds (industrial, service, …).
        "projectKinds" project_kinds: Vec<Choice>,
        /// Industries.
        "industries" industries: Vec<Industry>,
        /// Taxes and their local-share ratios.
        "taxes" taxes: Vec<Tax>,
        /// Exchange rates into CNY.
        "exchangeRates" exchange_rates: Vec<ExchangeRate> = Vec::new(),
        /// Project size tiers by investment.
        "tiers" tiers: Vec<Tier>,
        /// Scenario inputs the policy declares itself (usable in criteria, bases and
        /// derived quantities like built-in fields; the form shows them under "More").
        "inputs" inputs: Vec<Input> = Vec::new(),
        /// Quantities derived from scenario fields (usable in criteria and bases).
        "derived" derived: Vec<Derived> = Vec::new(),
        /// Incentive programs.
        "programs" programs: Vec<Program>,
        /// Caps across several programs.
        "caps" caps: Vec<GroupCap> = Vec::new(),
        /// The year's targets for zones and departments (for the staff view).
        "targets" targets: Option<Targets>,
    }
}

record! {
    /// Defaults for scenario fields, stated by the policy.
    #[derive(PartialEq)]
    pub struct Defaults: Default {
        /// Years of the schedule shown (default 10).
        "horizonYears" horizon_years: u32 = 10,
        /// Discount rate for present values (default 0.05).
        "discountRate" discount_rate: Rate = Rate(rust_decimal::Decimal::new(5, 2)),
        /// Construction period in years when the user gives none (default 2).
        "constructionYears" construction_years: u32 = 2,
    }
}

record! {
    /// A development zone with its land and factory offers.
    pub struct Zone {
        /// Identifier used in scenarios, e.g. `etdz`.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// A one-line description.
        "description" description: Text = Text::default(),
        /// Where the zone's rules come from.
        "source" source: Option<Source>,
        /// Benchmark land price per mu, used for a land rebate when no parcel is chosen.
        "landPricePerMu" land_price_per_mu: Option<Money>,
        /// True when the zone's figures are invented examples.
        "illustrative" illustrative: bool = false,
        /// Industrial land parcels.
        "parcels" parcels: Vec<Parcel> = Vec::new(),
        /// Standard-factory offers.
        "factories" factories: Vec<Factory> = Vec::new(),
    }
}

record! {
    /// A land parcel offered for sale of use rights (出讓).
    pub struct Parcel {
        /// Identifier, unique in the policy.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// Area in mu.
        "areaMu" area_mu: Area,
        /// Price of land use rights per mu, CNY.
        "pricePerMu" price_per_mu: Money,
        /// Minimum investment intensity, CNY per mu.
        "minIntensity" min_intensity: Money,
        /// Minimum plot ratio (floor area / land area), if any.
        "minPlotRatio" min_plot_ratio: Option<Dec>,
        /// Minimum tax per mu per year, CNY, if any.
        "minTaxPerMu" min_tax_per_mu: Option<Money>,
        /// Land use, e.g. "industrial".
        "landUse" land_use: Text,
        /// The first day the parcel can be had.
        "availableFrom" available_from: Date,
        /// True when the figures are invented examples.
        "illustrative" illustrative: bool = false,
        /// Where the figures come from.
        "source" source: Option<Source>,
    }
}

record! {
    /// Standard-factory space for rent (標準廠房).
    pub struct Factory {
        /// Identifier, unique in the policy.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// Floor area available, m².
        "floorArea" floor_area: Dec,
        /// Rent per m² per month, CNY.
        "rentPerM2Month" rent_per_m2_month: Money,
        /// Smallest floor area let, m², if any.
        "minFloorArea" min_floor_area: Option<Dec>,
        /// Sale price per m², CNY, when the factory can be bought.
        "salePricePerM2" sale_price_per_m2: Option<Money>,
        /// Construction cost per m², CNY (what a purchase at cost pays).
        "constructionCostPerM2" construction_cost_per_m2: Option<Money>,
        /// True when the figures are invented examples.
        "illustrative" illustrative: bool = false,
        /// Where the figures come from.
        "source" source: Option<Source>,
    }
}

record! {
    /// A named option (project kind).
    pub struct Choice {
        /// Identifier used in scenarios.
        "id" id: String,
        /// Display name.
        "name" name: Text,
    }
}

record! {
    /// An industry.
    pub struct Industry {
        /// Identifier used in scenarios.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// True for the district's priority industries.
        "priority" priority: bool = false,
    }
}

record! {
    /// A tax and the share of it that counts as local (地方分成).
    pub struct Tax {
        /// Identifier, e.g. `vat`, `cit`.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// Local-share ratios by the date they take effect.
        "localShare" local_share: Vec<DatedRate>,
        /// Paid once (farmland occupation tax, deed tax): its amount counts in the local
        /// share of operating year 1 only, and not in the yearly tax totals.
        "oneOff" one_off: bool = false,
    }
}

record! {
    /// A rate that takes effect on a date.
    pub struct DatedRate {
        /// The first day the rate applies.
        "from" from: Date,
        /// The rate, 0–1.
        "rate" rate: Rate,
        /// Where the rate comes from.
        "source" source: Source,
        /// True when invented.
        "illustrative" illustrative: bool = false,
        /// A local share for this zone only, overriding the tax's general entries there.
        "zone" zone: Option<String>,
    }
}

record! {
    /// CNY per unit of a foreign currency on a date.
    pub struct ExchangeRate {
        /// ISO 4217 code: USD, EUR, JPY, KRW, …
        "currency" currency: String,
        /// CNY for one unit of the currency.
        "cnyPerUnit" cny_per_unit: Dec,
        /// The date the rate was stated.
        "date" date: Date,
        /// Where the rate comes from.
        "source" source: Source,
        /// True when invented.
        "illustrative" illustrative: bool = false,
    }
}

record! {
    /// A project size tier.
    pub struct Tier {
        /// Identifier, e.g. `50m`.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// Smallest investment in the tier, CNY.
        "minInvestment" min_investment: Money,
        /// What the tier brings under the source (how such projects are counted and followed).
        "note" note: Option<Text>,
    }
}

record! {
    /// The year's targets the source sets (the staff view shows what a project contributes).
    pub struct Targets {
        /// The year the targets are for.
        "year" year: u32,
        /// The first day they apply.
        "effectiveFrom" effective_from: Date,
        /// Where they are set.
        "source" source: Source,
        /// Each zone's target.
        "zones" zones: Vec<ZoneTarget> = Vec::new(),
        /// The department tiers' targets.
        "departments" departments: Vec<DepartmentTarget> = Vec::new(),
    }
}

record! {
    /// A zone's target for the year.
    pub struct ZoneTarget {
        /// The zone id.
        "zone" zone: String,
        /// Funds to introduce in the year, CNY.
        "funds" funds: Money,
        /// New projects to start, by size.
        "newProjects" new_projects: Vec<ProjectCount> = Vec::new(),
    }
}

record! {
    /// A department tier's target for the year.
    pub struct DepartmentTarget {
        /// Identifier, e.g. `tier-1`.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// Funds to introduce in the year, CNY.
        "funds" funds: Money,
        /// New projects to start, by size.
        "newProjects" new_projects: Vec<ProjectCount> = Vec::new(),
        /// `all`: every project count is required; `any`: one of them suffices.
        "projectsRule" projects_rule: ProjectsRule = ProjectsRule::All,
    }
}

choice! {
    /// How a department's project counts combine.
    pub enum ProjectsRule {
        /// Every count is required.
        "all" All,
        /// One of the counts suffices ("two of CNY 20M or one of CNY 50M").
        "any" Any,
    }
}

record! {
    /// A number of new projects of at least a size.
    pub struct ProjectCount {
        /// Smallest investment counted, CNY.
        "minInvestment" min_investment: Money,
        /// How many.
        "count" count: u32,
    }
}

record! {
    /// A scenario input a policy declares itself (export volume, kWh of electricity):
    /// a number in `unit` (whole for `count` and `years`; an amount of money in `cny`,
    /// typed in the scenario's currency), from 0 to `max` (default the unit's largest).
    /// Left out, it is unknown: a program that depends on it waits for it.
    pub struct Input {
        /// The scenario key, e.g. `exportVolume` (not a built-in field's name).
        "id" id: String,
        /// The form's label.
        "label" label: Text,
        /// The unit of its values.
        "unit" unit: fields::Unit,
        /// Largest value accepted (default the unit's largest).
        "max" max: Option<Dec>,
        /// A line of help under the form field.
        "help" help: Option<Text>,
    }
}

record! {
    /// A quantity computed from scenario fields: (Σ factor × field) / per.
    pub struct Derived {
        /// Identifier used in criteria and bases.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// The unit of the result.
        "unit" unit: fields::Unit,
        /// The terms summed.
        "terms" terms: Vec<Term>,
        /// A field the sum is divided by (e.g. `landMu` for a per-mu figure).
        "per" per: Option<String>,
    }
}

record! {
    /// One term of a derived quantity.
    pub struct Term {
        /// A numeric scenario field or derived quantity.
        "field" field: String,
        /// Multiplier (default 1), e.g. 1.5 to count foreign investment at 150%.
        "factor" factor: Dec = Dec(rust_decimal::Decimal::ONE),
    }
}

choice! {
    /// Who receives a benefit.
    pub enum Beneficiary {
        /// The investing enterprise.
        "enterprise" Enterprise,
        /// The department or bureau that introduced the project.
        "introducing-unit" IntroducingUnit,
    }
}

choice! {
    /// Whether a program is in force.
    pub enum Status {
        /// In force between its dates.
        "in-force" InForce,
        /// No longer in force.
        "expired" Expired,
        /// Suspended (for example under a fair-competition review).
        "suspended" Suspended,
        /// Not verified (for example under legal review): evaluated and shown like a
        /// program in force, but flagged and left out of the headline's counts and totals.
        "unknown" Unknown,
    }
}

choice! {
    /// How a program's benefits add up.
    pub enum Combine {
        /// All benefits are paid.
        "sum" Sum,
        /// Only the benefit with the largest total is paid ("the larger of").
        "largerOf" LargerOf,
    }
}

record! {
    /// An incentive program.
    pub struct Program {
        /// Identifier, unique in the policy.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// A one-line summary.
        "summary" summary: Text = Text::default(),
        /// Who receives the benefits.
        "beneficiary" beneficiary: Beneficiary,
        /// True when the program is an invented example.
        "illustrative" illustrative: bool = false,
        /// The clause the program comes from.
        "source" source: Source,
        /// In force, expired, suspended or unknown.
        "status" status: Status = Status::InForce,
        /// Why the status is what it is (for example the review that withdrew it).
        "statusNote" status_note: Option<Text>,
        /// A note on the program's legal standing (for example a review under the Fair
        /// Competition Review Regulations), shown on its card and in the report.
        "legalReview" legal_review: Option<Text>,
        /// First day in force.
        "effectiveFrom" effective_from: Date,
        /// Last day in force, if it ends.
        "effectiveTo" effective_to: Option<Date>,
        /// Who qualifies.
        "criteria" criteria: Criterion,
        /// What is paid.
        "benefits" benefits: Vec<Benefit>,
        /// How the benefits add up.
        "combine" combine: Combine = Combine::Sum,
        /// Most the program pays over the schedule, CNY.
        "cap" cap: Option<Money>,
        /// Programs this one cannot be combined with ("choose one of").
        "notCombinableWith" not_combinable_with: Vec<String> = Vec::new(),
        /// Conditions attached to the benefits, and what happens if they are broken.
        "obligations" obligations: Vec<Obligation> = Vec::new(),
        /// Rounding of yearly amounts, if not the policy's.
        "rounding" rounding: Option<Rounding>,
    }
}

record! {
    /// A condition attached to a benefit, with its clawback.
    pub struct Obligation {
        /// What kind of condition.
        "kind" kind: ObligationKind,
        /// How many years it binds, if limited.
        "years" years: Option<u32>,
        /// The condition in words.
        "text" text: Text,
        /// What happens if it is broken.
        "clawback" clawback: Option<Text>,
        /// The clause it comes from.
        "source" source: Option<Source>,
    }
}

choice! {
    /// Kinds of obligation.
    pub enum ObligationKind {
        /// No transfer of the project or its land.
        "noTransfer" NoTransfer,
        /// Registered capital may not be reduced.
        "keepCapital" KeepCapital,
        /// Investment intensity or tax per mu must be met, or the land is bought back.
        "landPerformance" LandPerformance,
        /// Stay registered and pay tax locally.
        "stayRegistered" StayRegistered,
        /// Anything else.
        "other" Other,
    }
}

keyed! {
    /// A criterion: `all`, `any` or `not` of other criteria, `atLeast` k `of` them, or a
    /// test of one field:
    /// a number compared with a threshold (`op`, `value`, optionally `valueBy` overrides
    /// by zone, industry or project kind), an id in a list (`in`), a yes/no value (`is`).
    /// Exactly one of these forms; nothing is guessed.
    pub enum Criterion (invalid: PolicyError::InvalidCriterion, empty: Criterion::All(Vec::new())) {
        /// Every child must be met.
        "all" All(Vec<Criterion>),
        /// At least one child must be met.
        "any" Any(Vec<Criterion>),
        /// The child must not be met.
        "not" Not(Box<Criterion>),
        /// At least `atLeast` of the children `of` must be met ("6 of these 10").
        "atLeast" | "of" AtLeast(AtLeast),
        /// A numeric field compared with a threshold.
        "op" | "value" | "valueBy" Compare(Compare),
        /// An id field whose value is one of a list.
        "in" In(InList),
        /// A yes/no field with a required value.
        "is" Is(IsValue),
    }
}

record! {
    /// A numeric field compared with a threshold. `guidance: true` marks a threshold that
    /// is "normally not less than": it is shown and warned about, but does not gate
    /// eligibility.
    pub struct Compare {
        /// The scenario field or derived quantity compared.
        "field" field: String,
        /// The comparison.
        "op" op: Op,
        /// The threshold.
        "value" value: Dec,
        /// Thresholds that differ by zone, industry or project kind (first match wins).
        "valueBy" value_by: Vec<ValueBy> = Vec::new(),
        /// A guidance threshold that does not gate eligibility.
        "guidance" guidance: bool = false,
        /// True when the threshold is an invented example (shown as illustrative).
        "illustrative" illustrative: bool = false,
        /// The currency the threshold is stated in (`USD`), when not CNY: converted to CNY
        /// at the policy's exchange rate in force on the as-of date, the rate shown.
        "currency" currency: Option<String>,
    }
}

record! {
    /// At least `atLeast` of the criteria `of` must be met.
    pub struct AtLeast {
        /// How many must be met, 1 to the number of criteria.
        "atLeast" at_least: u32,
        /// The criteria counted.
        "of" of: Vec<Criterion>,
    }
}

record! {
    /// An id field (zone, projectKind, industry) whose value is one of a list.
    pub struct InList {
        /// The field.
        "field" field: String,
        /// The allowed ids.
        "in" ids: Vec<String>,
        /// True when the list is an invented example (shown as illustrative).
        "illustrative" illustrative: bool = false,
    }
}

record! {
    /// A yes/no field with a required value.
    pub struct IsValue {
        /// The field.
        "field" field: String,
        /// The value required.
        "is" is: bool,
    }
}

record! {
    /// A threshold for a zone, industry or project kind.
    pub struct ValueBy {
        /// Applies in this zone.
        "zone" zone: Option<String>,
        /// Applies to this industry.
        "industry" industry: Option<String>,
        /// Applies to this project kind.
        "projectKind" project_kind: Option<String>,
        /// The threshold there.
        "value" value: Dec,
    }
}

choice! {
    /// A numeric comparison.
    pub enum Op {
        /// At least.
        ">=" Gte,
        /// More than.
        ">" Gt,
        /// At most.
        "<=" Lte,
        /// Less than.
        "<" Lt,
        /// Exactly.
        "==" Eq,
    }
}

impl Op {
    /// The operator as written in policies.
    pub fn symbol(self) -> &'static str {
        self.name()
    }
}

record! {
    /// One benefit of a program.
    pub struct Benefit flatten(kind: BenefitKind) {
        /// Identifier, unique in the program.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// Most this benefit pays over the schedule, CNY.
        "cap" cap: Option<Money>,
        /// Most this benefit pays in one year, CNY.
        "annualCap" annual_cap: Option<Money>,
        /// A cap worked out as a rate of a field (aid intensity × eligible costs): the
        /// lower of it and `cap` applies.
        "capBy" cap_by: Option<CapBy>,
        /// The cap applies to the present value of the amounts (discounted to the start
        /// year at the scenario's rate, like `npv`): used up over the years.
        "capDiscounted" cap_discounted: bool = false,
        /// The clause, if different from the program's.
        "source" source: Option<Source>,
        /// Conditions attached to this benefit.
        "obligations" obligations: Vec<Obligation> = Vec::new(),
        /// A one-off kind's award paid again in each of this many consecutive years from
        /// its `year` (CNY 0.1 per kWh every year for 3 years): default 1.
        "years" years: u32 = 1,
        /// A one-off kind's award paid in parts (30% then 70%, or 4:3:3): each part's
        /// operating year and share; the shares add up to 1.
        "instalments" instalments: Vec<Instalment> = Vec::new(),
        /// The amounts are ceilings ("up to", 最高/不超过), set case by case below them:
        /// shown as "up to" and counted apart from firm amounts in the headline.
        "upTo" up_to: bool = false,
        /// Other figures where a condition holds (by zone, enterprise size, industry or a
        /// declared input): the first variant whose `when` is met replaces the benefit's
        /// kind and figures (rate, years, phases, caps) for that scenario.
        "variants" variants: Vec<Variant> = Vec::new(),
    }
}

record! {
    /// A benefit's figures where a condition holds.
    pub struct Variant flatten(kind: BenefitKind) {
        /// The condition, a criterion like a program's.
        "when" when: Criterion,
        /// Most this variant pays over the schedule, CNY.
        "cap" cap: Option<Money>,
        /// Most this variant pays in one year, CNY.
        "annualCap" annual_cap: Option<Money>,
        /// A cap worked out as a rate of a field (aid intensity × eligible costs).
        "capBy" cap_by: Option<CapBy>,
        /// The cap applies to the present value of the amounts.
        "capDiscounted" cap_discounted: bool = false,
    }
}

/// What a benefit pays and its caps: the benefit's own figures, or a variant's.
pub struct Figures<'a> {
    /// The kind, with its figures.
    pub kind: &'a BenefitKind,
    /// `cap`.
    pub cap: Option<Money>,
    /// `annualCap`.
    pub annual_cap: Option<Money>,
    /// `capBy`.
    pub cap_by: Option<&'a CapBy>,
    /// `capDiscounted`.
    pub cap_discounted: bool,
}

impl Benefit {
    /// The benefit's own figures.
    pub fn figures(&self) -> Figures<'_> {
        Figures {
            kind: &self.kind,
            cap: self.cap,
            annual_cap: self.annual_cap,
            cap_by: self.cap_by.as_ref(),
            cap_discounted: self.cap_discounted,
        }
    }
}

impl Variant {
    /// The variant's figures.
    pub fn figures(&self) -> Figures<'_> {
        Figures {
            kind: &self.kind,
            cap: self.cap,
            annual_cap: self.annual_cap,
            cap_by: self.cap_by.as_ref(),
            cap_discounted: self.cap_discounted,
        }
    }
}

record! {
    /// A cap worked out as a rate of a field: 25% of the investment.
    pub struct CapBy {
        /// The rate, 0–1.
        "rate" rate: Rate,
        /// The field (a numeric field, declared input or derived quantity).
        "of" of: String,
    }
}

record! {
    /// One part of an award paid in instalments.
    pub struct Instalment {
        /// The operating year it is paid in.
        "year" year: u32,
        /// Its share of the award, 0–1.
        "share" share: Rate,
    }
}

tagged! {
    /// The kinds of benefit.
    pub enum BenefitKind by "kind" (empty: BenefitKind::RentRelief(RentRelief { phases: Vec::new() })) {
        /// A share of the local part of taxes paid, by operating year, in phases.
        "taxShare" TaxShare(TaxShare),
        /// A fixed one-off award.
        "fixedAward" FixedAward(FixedAward),
        /// An award per unit of a quantity (yuan per mu, per mille of foreign capital, …).
        "perUnitAward" PerUnitAward(PerUnitAward),
        /// A rate chosen by bracket of a base.
        "bracketAward" BracketAward(BracketAward),
        /// A rebate on the land price.
        "landRebate" LandRebate(LandRebate),
        /// Rent relief on standard factories, in phases from operating year 1.
        "rentRelief" RentRelief(RentRelief),
        /// Terms set case by case (一事一议), such as the land price: no amount; shown as
        /// negotiable and counted apart in the headline.
        "negotiable" Negotiable(Negotiable),
        /// A standard factory sold at its construction cost: (sale price − construction
        /// cost) × the floor area bought, paid once.
        "purchaseAtCost" PurchaseAtCost(PurchaseAtCost),
    }
}

impl BenefitKind {
    /// The operating year a kind paid once is paid in (`None` for the kinds paid over
    /// phases: `taxShare`, `rentRelief`).
    pub fn paid_year(&self) -> Option<u32> {
        match self {
            BenefitKind::FixedAward(FixedAward { year, .. })
            | BenefitKind::PerUnitAward(PerUnitAward { year, .. })
            | BenefitKind::BracketAward(BracketAward { year, .. })
            | BenefitKind::LandRebate(LandRebate { year, .. })
            | BenefitKind::PurchaseAtCost(PurchaseAtCost { year }) => Some(*year),
            BenefitKind::TaxShare(_) | BenefitKind::RentRelief(_) | BenefitKind::Negotiable(_) => {
                None
            }
        }
    }
}

record! {
    /// A share of the local part of taxes paid, by operating year, in phases.
    pub struct TaxShare {
        /// Taxes counted (ids); absent means all local tax together.
        "taxes" taxes: Option<Vec<String>>,
        /// Consecutive phases from operating year 1.
        "phases" phases: Vec<Phase> = Vec::new(),
        /// Rate for every year after the phases, if the benefit goes on.
        "thereafter" thereafter: Option<Rate>,
    }
}

record! {
    /// A fixed one-off award.
    pub struct FixedAward {
        /// The amount, CNY.
        "amount" amount: Money,
        /// Operating year it is paid in (default 1).
        "year" year: u32 = 1,
    }
}

record! {
    /// An award per unit of a quantity (yuan per mu, per mille of foreign capital, …).
    pub struct PerUnitAward {
        /// The quantity (a numeric field or derived quantity).
        "base" base: String,
        /// CNY per unit of the quantity.
        "amountPerUnit" amount_per_unit: Dec,
        /// Operating year it is paid in (default 1).
        "year" year: u32 = 1,
    }
}

record! {
    /// A rate chosen by bracket of a base.
    pub struct BracketAward {
        /// The base (a numeric field or derived quantity).
        "base" base: String,
        /// `whole`: the bracket's rate applies to the whole base; `marginal`: each
        /// bracket's rate applies to the part of the base inside it.
        "mode" mode: BracketMode,
        /// Brackets by their lower bound, ascending. Below the first, nothing is paid.
        "brackets" brackets: Vec<Bracket>,
        /// The field the bracket's rate applies to, when not the base (`whole` only): the
        /// base chooses the bracket (export growth), the rate applies to this (exports).
        "appliesTo" applies_to: Option<String>,
        /// Operating year it is paid in (default 1).
        "year" year: u32 = 1,
    }
}

record! {
    /// A standard factory sold at its construction cost.
    pub struct PurchaseAtCost {
        /// Operating year it counts in (default 1).
        "year" year: u32 = 1,
    }
}

record! {
    /// Terms set case by case.
    pub struct Negotiable {
        /// What is negotiated, as the policy states it.
        "terms" terms: Text,
    }
}

record! {
    /// A rebate on the land price.
    pub struct LandRebate {
        /// Share of the land price refunded.
        "rate" rate: Option<Rate>,
        /// Or: CNY refunded per mu.
        "perMu" per_mu: Option<Money>,
        /// Operating year it is paid in (default 1).
        "year" year: u32 = 1,
    }
}

record! {
    /// Rent relief on standard factories, in phases from operating year 1.
    pub struct RentRelief {
        /// Consecutive phases.
        "phases" phases: Vec<RentPhase>,
    }
}

record! {
    /// A phase of a tax-share schedule.
    pub struct Phase {
        /// Length in years.
        "years" years: Option<u32>,
        /// Or: length chosen by the bracket of a field (e.g. 3/4/5 years by investment).
        "yearsBy" years_by: Option<YearsBy>,
        /// Share of the base paid in each year of the phase.
        "rate" rate: Rate,
    }
}

record! {
    /// A length in years chosen by the bracket of a numeric field.
    pub struct YearsBy {
        /// The field.
        "field" field: String,
        /// Brackets by lower bound, ascending; below the first the phase has 0 years.
        "brackets" brackets: Vec<YearsBracket>,
    }
}

record! {
    /// One bracket of [`YearsBy`].
    pub struct YearsBracket {
        /// Lower bound (inclusive).
        "from" from: Dec,
        /// Years.
        "years" years: u32,
    }
}

choice! {
    /// Whole-base or marginal brackets.
    pub enum BracketMode {
        /// The bracket's rate applies to the whole base.
        "whole" Whole,
        /// Each rate applies to the part of the base inside its bracket.
        "marginal" Marginal,
    }
}

record! {
    /// One bracket of a [`BracketAward`]: a rate, or (`whole` only) a lump sum.
    pub struct Bracket {
        /// Lower bound (inclusive).
        "from" from: Dec,
        /// Rate.
        "rate" rate: Option<Rate>,
        /// Or: a fixed amount paid when the base is in this bracket, CNY.
        "amount" amount: Option<Money>,
    }
}

record! {
    /// A phase of rent relief.
    pub struct RentPhase {
        /// Length in years.
        "years" years: u32,
        /// Share of the rent waived (1 = rent-free, 0.5 = half rent).
        "waived" waived: Option<Rate>,
        /// Or: a subsidy in CNY per m² per month.
        "perM2Month" per_m2_month: Option<Money>,
    }
}

record! {
    /// A cap across several programs.
    pub struct GroupCap {
        /// Identifier.
        "id" id: String,
        /// Display name.
        "name" name: Text,
        /// The programs capped together.
        "programs" programs: Vec<String>,
        /// Most they pay together over the schedule, CNY.
        "amount" amount: Money,
        /// Where the cap comes from.
        "source" source: Source,
    }
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
                PolicyError::JsonSyntax,
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
        let policy = <Policy as read::FromRaw>::read(raw, read::At::Root, &mut reader);
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

    /// Whether the tax `id` is paid once (`oneOff`).
    pub fn one_off_tax(&self, id: &str) -> bool {
        self.taxes.iter().any(|t| t.id == id && t.one_off)
    }

    /// The local-share rate of a tax in a zone on a date: the zone's own entry in force
    /// then, if it has one, else the tax's general entry in force then.
    pub fn local_share(&self, tax: &str, zone: &str, on: Date) -> Option<&DatedRate> {
        self.taxes
            .iter()
            .find(|t| t.id == tax)?
            .local_share
            .iter()
            .filter(|r| r.from <= on && r.zone.as_deref().is_none_or(|z| z == zone))
            .max_by_key(|r| (r.zone.is_some(), r.from))
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

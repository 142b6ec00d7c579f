//! The field registry: every scenario field, stated once.
//!
//! Each [`Field`] has one row in [`FIELDS`]: its name (as a scenario, the report's `needs`
//! and policies spell it), what policies can do with it ([`Kind`]: a number in a unit, an
//! id of a policy list, yes or no, or a setting of the scenario that policies do not
//! name), how a scenario gives it ([`Read`]: the parser's rule and what an absent value
//! means, or how the engine derives it from other fields, with its reader), and whether a
//! form asks for it ([`Group`]). The scenario parser, the form schema, the engine's
//! lookup, the what-if and the policy check all go through this table; no other module
//! spells a field's name (a test checks that).
//!
//! **Fields a policy adds.** A policy extends the registry at run time: its derived
//! quantities are [`FieldRef::Derived`] entries, found by [`Policy::field`] beside the
//! built-in ones. Inputs a policy declares itself (an export volume, kWh: part 2 of
//! "Policy format 2") join the same way as `FieldRef::Declared(i)`: a row with a name, a
//! [`Kind::Number`] unit and a [`Read::Amount`] rule, read by the same parser into the
//! scenario's value slots after the built-in ones ([`crate::scenario::Scenario::value`]),
//! so the engine, the what-if and the form treat them as they treat `landMu`.

use crate::money::DecOps;
use crate::policy::Policy;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

crate::policy::choice! {
    /// The unit of a numeric quantity.
    pub enum Unit {
        /// Yuan (CNY).
        "cny" Cny,
        /// US dollars.
        "usd" Usd,
        /// Mu (畝).
        "mu" Mu,
        /// Square metres.
        "m2" M2,
        /// A count (jobs).
        "count" Count,
        /// Years.
        "years" Years,
        /// A plain ratio (plot ratio).
        "ratio" Ratio,
        /// Yuan per mu.
        "cnyPerMu" CnyPerMu,
        /// Yuan per mu per year.
        "cnyPerMuYear" CnyPerMuYear,
        /// Kilowatt-hours (electricity used).
        "kWh" Kwh,
    }
}

impl Unit {
    /// A unit by its name in the JSON format (`cny`, `mu`, `cnyPerMu`, …).
    pub fn from_name(name: &str) -> Option<Unit> {
        Unit::NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|i| Unit::VARIANTS.get(i).copied())
    }

    /// Decimal places a value in this unit is shown with.
    pub fn places(self) -> u32 {
        match self {
            Unit::Count | Unit::Years => 0,
            _ => 2,
        }
    }
}

/// The names of the built-in fields: the registry's rows, and the keys of the policy
/// format that name a field (a threshold `valueBy` zone, the `defaults` of the horizon),
/// spell them here only.
pub mod name {
    /// `zone`.
    pub const ZONE: &str = "zone";
    /// `projectKind`.
    pub const PROJECT_KIND: &str = "projectKind";
    /// `industry`.
    pub const INDUSTRY: &str = "industry";
    /// `asOf`.
    pub const AS_OF: &str = "asOf";
    /// `currency`.
    pub const CURRENCY: &str = "currency";
    /// `investment`.
    pub const INVESTMENT: &str = "investment";
    /// `registeredCapital`.
    pub const REGISTERED_CAPITAL: &str = "registeredCapital";
    /// `fixedAssetInvestment`.
    pub const FIXED_ASSET_INVESTMENT: &str = "fixedAssetInvestment";
    /// `investmentExcludingLand`.
    pub const INVESTMENT_EXCLUDING_LAND: &str = "investmentExcludingLand";
    /// `constructionYears`.
    pub const CONSTRUCTION_YEARS: &str = "constructionYears";
    /// `startYear`.
    pub const START_YEAR: &str = "startYear";
    /// `horizonYears`.
    pub const HORIZON_YEARS: &str = "horizonYears";
    /// `localTaxShare`.
    pub const LOCAL_TAX_SHARE: &str = "localTaxShare";
    /// `annualTaxes`.
    pub const ANNUAL_TAXES: &str = "annualTaxes";
    /// `discountRate`.
    pub const DISCOUNT_RATE: &str = "discountRate";
    /// `landMu`.
    pub const LAND_MU: &str = "landMu";
    /// `floorArea`.
    pub const FLOOR_AREA: &str = "floorArea";
    /// `plotRatio`.
    pub const PLOT_RATIO: &str = "plotRatio";
    /// `jobs`.
    pub const JOBS: &str = "jobs";
    /// `foreignPaidInUsd`.
    pub const FOREIGN_PAID_IN_USD: &str = "foreignPaidInUsd";
    /// `foreignInvested`.
    pub const FOREIGN_INVESTED: &str = "foreignInvested";
    /// `parcel`.
    pub const PARCEL: &str = "parcel";
    /// `factory`.
    pub const FACTORY: &str = "factory";
    /// `foreignPaidInCny`.
    pub const FOREIGN_PAID_IN_CNY: &str = "foreignPaidInCny";
    /// `annualTaxTotal`.
    pub const ANNUAL_TAX_TOTAL: &str = "annualTaxTotal";
    /// `annualLocalTaxShare`.
    pub const ANNUAL_LOCAL_TAX_SHARE: &str = "annualLocalTaxShare";
    /// `investmentIntensity`.
    pub const INVESTMENT_INTENSITY: &str = "investmentIntensity";
    /// `taxPerMu`.
    pub const TAX_PER_MU: &str = "taxPerMu";
}

/// A built-in field. The order is the order a scenario is read in, and so the order of
/// its errors: an amount needs its currency, which needs the as-of date (the rate's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Zone id.
    Zone,
    /// Project kind id.
    ProjectKind,
    /// Industry id.
    Industry,
    /// The date rules are read on.
    AsOf,
    /// The currency amounts are typed in.
    Currency,
    /// One-off investment.
    Investment,
    /// Registered capital.
    RegisteredCapital,
    /// Fixed-asset investment (defaults to the investment).
    FixedAssetInvestment,
    /// Investment not counting land (defaults to the investment).
    InvestmentExcludingLand,
    /// Construction period, years.
    ConstructionYears,
    /// Calendar year construction starts.
    StartYear,
    /// Operating years shown.
    HorizonYears,
    /// Local share of taxes: one amount, or one per operating year.
    LocalTaxShare,
    /// Expected taxes by tax id.
    AnnualTaxes,
    /// Discount rate for present values.
    DiscountRate,
    /// Land wanted, mu.
    LandMu,
    /// Standard-factory floor area wanted, m².
    FloorArea,
    /// Planned plot ratio.
    PlotRatio,
    /// Jobs created.
    Jobs,
    /// Paid-in foreign investment, USD.
    ForeignPaidInUsd,
    /// Foreign-invested enterprise.
    ForeignInvested,
    /// A parcel of the zone.
    Parcel,
    /// A standard-factory offer of the zone.
    Factory,
    /// Paid-in foreign investment in CNY (at the policy's USD rate).
    ForeignPaidInCny,
    /// Expected taxes per year, all together.
    AnnualTaxTotal,
    /// The local share of taxes in operating year 1.
    AnnualLocalTaxShare,
    /// Fixed-asset investment per mu.
    InvestmentIntensity,
    /// Taxes per mu per year.
    TaxPerMu,
}

/// What policies can do with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number in a unit: compared (`op`, `value`), a benefit's base, a term of a
    /// derived quantity.
    Number(Unit),
    /// One id of a policy list: tested with `in`.
    Id(Ids),
    /// Yes or no: tested with `is`.
    Flag,
    /// A setting of the scenario (its currency, dates, horizon, tax figures, parcel):
    /// policies do not name it. The unit is the form's.
    Setting(Option<Unit>),
}

/// The policy list an id field takes its ids from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// `zones[].id`.
    Zones,
    /// `projectKinds[].id`.
    ProjectKinds,
    /// `industries[].id`.
    Industries,
    /// The chosen zone's `parcels[].id`.
    Parcels,
    /// The chosen zone's `factories[].id`.
    Factories,
}

impl Ids {
    /// The ids and names of the list (parcels and factories of every zone, each with its
    /// zone; only those of `zone` when one is given).
    pub fn entries<'p>(
        self,
        policy: &'p Policy,
        zone: Option<&str>,
    ) -> Vec<(&'p str, &'p crate::policy::Text, Option<&'p str>)> {
        let mut out = Vec::new();
        match self {
            Ids::Zones => out.extend(policy.zones.iter().map(|z| (z.id.as_str(), &z.name, None))),
            Ids::ProjectKinds => out.extend(
                policy
                    .project_kinds
                    .iter()
                    .map(|k| (k.id.as_str(), &k.name, None)),
            ),
            Ids::Industries => out.extend(
                policy
                    .industries
                    .iter()
                    .map(|k| (k.id.as_str(), &k.name, None)),
            ),
            Ids::Parcels | Ids::Factories => {
                for z in policy
                    .zones
                    .iter()
                    .filter(|z| zone.is_none_or(|id| id == z.id))
                {
                    let zone = Some(z.id.as_str());
                    if self == Ids::Parcels {
                        out.extend(z.parcels.iter().map(|p| (p.id.as_str(), &p.name, zone)));
                    } else {
                        out.extend(z.factories.iter().map(|f| (f.id.as_str(), &f.name, zone)));
                    }
                }
            }
        }
        out
    }

    /// The ids alone.
    pub fn known<'p>(self, policy: &'p Policy, zone: Option<&str>) -> Vec<&'p str> {
        self.entries(policy, zone)
            .into_iter()
            .map(|e| e.0)
            .collect()
    }
}

/// What a field is when the scenario leaves it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Unknown: a program whose amount depends on it waits for it (`needs`).
    Unknown,
    /// Zero.
    Zero,
    /// The value of another field, read when needed (so it follows that field).
    Same(Field),
    /// The policy's default (`defaults.constructionYears`, …).
    Policy(Field),
    /// The year of the as-of date.
    AsOfYear,
    /// Yes when this other field is above zero.
    WhenPositive(Field),
    /// The number of amounts in a per-year local tax share, else the policy's default.
    YearsOfTaxShare,
}

/// How a scenario gives a field (the parser's rule), or how the engine derives it.
#[derive(Clone, Copy)]
pub enum Read {
    /// One id of a policy list.
    Id {
        /// The list.
        ids: Ids,
        /// `required` when absent.
        required: bool,
    },
    /// An amount typed in the scenario's currency, converted to CNY and kept to the fen.
    Money {
        /// `required` when absent.
        required: bool,
        /// What an absent value is.
        absent: Absent,
    },
    /// A decimal in the field's unit, from zero to the unit's largest
    /// ([`crate::money::max_for`]).
    Amount(Absent),
    /// A whole number from `min` to `max`.
    Whole {
        /// Smallest.
        min: i64,
        /// Largest.
        max: i64,
        /// What an absent value is.
        absent: Absent,
    },
    /// A fraction from 0 to 1.
    Rate(Absent),
    /// Yes or no.
    Flag(Absent),
    /// A currency code the policy has a rate for.
    Currency,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// An amount for every operating year, or a list of one per year.
    TaxShare,
    /// Amounts by tax id.
    Taxes,
    /// Computed by the engine: the inputs it is computed from (what it `needs` when it
    /// has no value) and its reader.
    Derived(&'static [Field], fn(&Scenario, &Policy) -> Option<Decimal>),
}

/// Where a form shows a field: always, or with "more".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Always shown.
    Basic,
    /// Shown on request.
    More,
}

/// How a form field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    /// One of `options`.
    Select,
    /// An amount of money (typed as people write it: `5000萬`, `50m`).
    Money,
    /// A decimal quantity in `unit`.
    Number,
    /// A whole number.
    Integer,
    /// Yes or no.
    Boolean,
    /// A date, YYYY-MM-DD.
    Date,
}

impl crate::report::Json for FieldKind {
    fn json(&self, out: &mut crate::report::JsonOut) {
        out.str(match self {
            FieldKind::Select => "select",
            FieldKind::Money => "money",
            FieldKind::Number => "number",
            FieldKind::Integer => "integer",
            FieldKind::Boolean => "boolean",
            FieldKind::Date => "date",
        });
    }
}

/// One row of the registry.
pub struct FieldDef {
    /// The field.
    pub field: Field,
    /// The camelCase name, as in the scenario.
    pub name: &'static str,
    /// What policies can do with it.
    pub kind: Kind,
    /// How a scenario gives it, or how it is derived.
    pub read: Read,
    /// Where a form shows it (`None`: not in the form).
    pub form: Option<Group>,
}

const fn row(
    field: Field,
    name: &'static str,
    kind: Kind,
    read: Read,
    form: Option<Group>,
) -> FieldDef {
    FieldDef {
        field,
        name,
        kind,
        read,
        form,
    }
}

use Absent as A;
use Group::{Basic, More};
use Kind::{Number as N, Setting as S};

/// The registry: one row per [`Field`], in its order.
#[rustfmt::skip]
pub static FIELDS: [FieldDef; 28] = [
    row(Field::Zone, name::ZONE, Kind::Id(Ids::Zones), Read::Id { ids: Ids::Zones, required: true }, Some(Basic)),
    row(Field::ProjectKind, name::PROJECT_KIND, Kind::Id(Ids::ProjectKinds), Read::Id { ids: Ids::ProjectKinds, required: true }, Some(Basic)),
    row(Field::Industry, name::INDUSTRY, Kind::Id(Ids::Industries), Read::Id { ids: Ids::Industries, required: false }, Some(Basic)),
    row(Field::AsOf, name::AS_OF, S(None), Read::Date, None),
    row(Field::Currency, name::CURRENCY, S(None), Read::Currency, Some(Basic)),
    row(Field::Investment, name::INVESTMENT, N(Unit::Cny), Read::Money { required: true, absent: A::Unknown }, Some(Basic)),
    row(Field::RegisteredCapital, name::REGISTERED_CAPITAL, N(Unit::Cny), Read::Money { required: true, absent: A::Unknown }, Some(Basic)),
    row(Field::FixedAssetInvestment, name::FIXED_ASSET_INVESTMENT, N(Unit::Cny), Read::Money { required: false, absent: A::Same(Field::Investment) }, Some(More)),
    row(Field::InvestmentExcludingLand, name::INVESTMENT_EXCLUDING_LAND, N(Unit::Cny), Read::Money { required: false, absent: A::Same(Field::Investment) }, None),
    row(Field::ConstructionYears, name::CONSTRUCTION_YEARS, N(Unit::Years), Read::Whole { min: 0, max: 20, absent: A::Policy(Field::ConstructionYears) }, Some(Basic)),
    row(Field::StartYear, name::START_YEAR, S(Some(Unit::Years)), Read::Whole { min: 1990, max: 2200, absent: A::AsOfYear }, Some(More)),
    row(Field::HorizonYears, name::HORIZON_YEARS, S(Some(Unit::Years)), Read::Whole { min: 1, max: 50, absent: A::YearsOfTaxShare }, Some(More)),
    row(Field::LocalTaxShare, name::LOCAL_TAX_SHARE, S(Some(Unit::Cny)), Read::TaxShare, Some(Basic)),
    row(Field::AnnualTaxes, name::ANNUAL_TAXES, S(Some(Unit::Cny)), Read::Taxes, Some(More)),
    row(Field::DiscountRate, name::DISCOUNT_RATE, S(Some(Unit::Ratio)), Read::Rate(A::Policy(Field::DiscountRate)), Some(More)),
    row(Field::LandMu, name::LAND_MU, N(Unit::Mu), Read::Amount(A::Unknown), Some(Basic)),
    row(Field::FloorArea, name::FLOOR_AREA, N(Unit::M2), Read::Amount(A::Unknown), Some(More)),
    row(Field::PlotRatio, name::PLOT_RATIO, N(Unit::Ratio), Read::Amount(A::Unknown), Some(More)),
    row(Field::Jobs, name::JOBS, N(Unit::Count), Read::Whole { min: 0, max: 10_000_000, absent: A::Unknown }, Some(More)),
    row(Field::ForeignPaidInUsd, name::FOREIGN_PAID_IN_USD, N(Unit::Usd), Read::Amount(A::Zero), Some(More)),
    row(Field::ForeignInvested, name::FOREIGN_INVESTED, Kind::Flag, Read::Flag(A::WhenPositive(Field::ForeignPaidInUsd)), Some(More)),
    row(Field::Parcel, name::PARCEL, S(None), Read::Id { ids: Ids::Parcels, required: false }, Some(Basic)),
    row(Field::Factory, name::FACTORY, S(None), Read::Id { ids: Ids::Factories, required: false }, Some(More)),
    row(Field::ForeignPaidInCny, name::FOREIGN_PAID_IN_CNY, N(Unit::Cny), Read::Derived(&[Field::ForeignPaidInUsd], foreign_paid_in_cny), None),
    row(Field::AnnualTaxTotal, name::ANNUAL_TAX_TOTAL, N(Unit::Cny), Read::Derived(&[Field::AnnualTaxes], annual_tax_total), None),
    row(Field::AnnualLocalTaxShare, name::ANNUAL_LOCAL_TAX_SHARE, N(Unit::Cny), Read::Derived(&[Field::LocalTaxShare], annual_local_tax_share), None),
    row(Field::InvestmentIntensity, name::INVESTMENT_INTENSITY, N(Unit::CnyPerMu), Read::Derived(&[Field::LandMu], investment_intensity), None),
    row(Field::TaxPerMu, name::TAX_PER_MU, N(Unit::CnyPerMuYear), Read::Derived(&[Field::LandMu, Field::AnnualTaxes], tax_per_mu), None),
];

/// The order of a form's fields (the rows with a [`Group`]).
pub const FORM_ORDER: [Field; 21] = [
    Field::Zone,
    Field::ProjectKind,
    Field::Industry,
    Field::Investment,
    Field::RegisteredCapital,
    Field::Currency,
    Field::ConstructionYears,
    Field::LocalTaxShare,
    Field::AnnualTaxes,
    Field::LandMu,
    Field::Parcel,
    Field::FloorArea,
    Field::Factory,
    Field::PlotRatio,
    Field::Jobs,
    Field::ForeignInvested,
    Field::ForeignPaidInUsd,
    Field::FixedAssetInvestment,
    Field::StartYear,
    Field::HorizonYears,
    Field::DiscountRate,
];

/// Paid-in foreign investment at the USD rate of the as-of date, to the fen (zero when
/// none is paid in; unknown without a USD rate).
fn foreign_paid_in_cny(s: &Scenario, _: &Policy) -> Option<Decimal> {
    let usd = s.number(Field::ForeignPaidInUsd).unwrap_or_default();
    if usd.is_zero() {
        return Some(Decimal::ZERO);
    }
    let rate = s.foreign_conversion.as_ref()?;
    usd.cmul(rate.cny_per_unit.get())
        .and_then(crate::money::Money::fen)
        .map(crate::money::Money::get)
}

fn annual_tax_total(s: &Scenario, p: &Policy) -> Option<Decimal> {
    crate::engine::annual_tax_total(s, p).map(crate::money::Money::get)
}

fn annual_local_tax_share(s: &Scenario, p: &Policy) -> Option<Decimal> {
    // The yearly figure: taxes paid once are left out.
    crate::engine::local_share_year(s, p, 1, None, false)
        .ok()
        .map(crate::money::Money::get)
}

/// `num` per mu of land; unknown without land (or with none).
fn per_mu(s: &Scenario, num: Option<Decimal>) -> Option<Decimal> {
    let mu = s.number(Field::LandMu)?;
    if mu.is_zero() {
        return None;
    }
    num?.cdiv(mu)
}

/// Investment intensity (投资强度): fixed-asset investment per mu, as the land checks
/// define it.
fn investment_intensity(s: &Scenario, p: &Policy) -> Option<Decimal> {
    per_mu(s, Field::FixedAssetInvestment.value(s, p))
}

fn tax_per_mu(s: &Scenario, p: &Policy) -> Option<Decimal> {
    per_mu(s, annual_tax_total(s, p))
}

impl Field {
    /// Its row in the registry.
    pub fn def(self) -> &'static FieldDef {
        &FIELDS[self as usize]
    }

    /// Its name, as a scenario spells it.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// A built-in field by name (settings included).
    pub fn from_name(name: &str) -> Option<Field> {
        FIELDS.iter().find(|f| f.name == name).map(|f| f.field)
    }

    /// The unit of its values (a number's, or a setting's in the form).
    pub fn unit(self) -> Option<Unit> {
        match self.def().kind {
            Kind::Number(u) | Kind::Setting(Some(u)) => Some(u),
            _ => None,
        }
    }

    /// Whether the user types it (and so a what-if can change it).
    pub fn is_input(self) -> bool {
        !matches!(self.def().read, Read::Derived(..))
    }

    /// `annualTaxes.vat`: the path of one item of a field that holds amounts by id.
    pub fn item(self, id: &str) -> String {
        let mut p = String::from(self.name());
        p.push('.');
        p.push_str(id);
        p
    }

    /// The value of a numeric field for a scenario: what was typed (what an absent value
    /// is: zero, another field's value), or what the engine derives. `None` when unknown.
    pub fn value(self, s: &Scenario, p: &Policy) -> Option<Decimal> {
        let absent = match self.def().read {
            Read::Derived(_, value) => return value(s, p),
            Read::Money { absent, .. }
            | Read::Amount(absent)
            | Read::Whole { absent, .. }
            | Read::Rate(absent) => absent,
            _ => Absent::Unknown,
        };
        match (s.number(self), absent) {
            (Some(v), _) => Some(v),
            (None, Absent::Zero) => Some(Decimal::ZERO),
            (None, Absent::Same(other)) => other.value(s, p),
            (None, _) => None,
        }
    }

    /// Adds to `out` the inputs to enter before this field has a value (called when it
    /// has none): itself for an input, for a derived field those of its inputs not
    /// given (all of them when every one is, as land of zero mu).
    pub fn missing(self, s: &Scenario, out: &mut Vec<String>) {
        let mut add = |f: Field| {
            if !out.iter().any(|x| x == f.name()) {
                out.push(f.name().to_string());
            }
        };
        match self.def().read {
            Read::Derived(from, _) => {
                let missing: Vec<Field> = from.iter().copied().filter(|f| !s.given(*f)).collect();
                let list = if missing.is_empty() {
                    from
                } else {
                    &missing[..]
                };
                list.iter().for_each(|f| add(*f));
            }
            _ => add(self),
        }
    }
}

/// A field of a policy's registry: built in, or added by the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRef {
    /// A built-in field.
    Builtin(Field),
    /// The policy's `derived[i]`.
    Derived(usize),
    /// The policy's declared input `inputs[i]`.
    Declared(usize),
}

impl FieldRef {
    /// The scenario's value slot of an input: a built-in field's, or for a declared
    /// input the slot after the built-in ones (`None` for a derived quantity).
    pub fn slot(self) -> Option<usize> {
        match self {
            FieldRef::Builtin(f) => Some(f as usize),
            FieldRef::Declared(i) => FIELDS.len().checked_add(i),
            FieldRef::Derived(_) => None,
        }
    }
}

impl Policy {
    /// The field a policy names: a built-in field that policies can use (not a setting),
    /// one of its declared inputs, or one of its derived quantities.
    pub fn field(&self, name: &str) -> Option<FieldRef> {
        match Field::from_name(name) {
            Some(f) if !matches!(f.def().kind, Kind::Setting(_)) => Some(FieldRef::Builtin(f)),
            Some(_) => None,
            None => match self.inputs.iter().position(|d| d.id == name) {
                Some(i) => Some(FieldRef::Declared(i)),
                None => self
                    .derived
                    .iter()
                    .position(|d| d.id == name)
                    .map(FieldRef::Derived),
            },
        }
    }

    /// What policies can do with a field.
    pub fn field_kind(&self, f: FieldRef) -> Kind {
        match f {
            FieldRef::Builtin(b) => b.def().kind,
            FieldRef::Derived(i) => self
                .derived
                .get(i)
                .map_or(Kind::Setting(None), |d| Kind::Number(d.unit)),
            FieldRef::Declared(i) => self
                .inputs
                .get(i)
                .map_or(Kind::Setting(None), |d| Kind::Number(d.unit)),
        }
    }

    /// The kind of the field a policy names (`None`: no such field).
    pub fn kind_of(&self, name: &str) -> Option<Kind> {
        self.field(name).map(|f| self.field_kind(f))
    }

    /// The unit of a numeric field (a count for anything else).
    pub fn unit_of(&self, name: &str) -> Unit {
        match self.kind_of(name) {
            Some(Kind::Number(u)) => u,
            _ => Unit::Count,
        }
    }

    /// Every field name a policy may use: built-in fields and its derived quantities.
    pub fn field_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = FIELDS
            .iter()
            .filter(|f| !matches!(f.kind, Kind::Setting(_)))
            .map(|f| f.name)
            .collect();
        out.extend(self.inputs.iter().map(|d| d.id.as_str()));
        out.extend(self.derived.iter().map(|d| d.id.as_str()));
        out
    }
}

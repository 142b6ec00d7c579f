//! The scenario fields that criteria, bases and derived quantities can name.

use schemars::JsonSchema;
use serde::Serialize;

/// The unit of a numeric quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    /// Yuan (CNY).
    Cny,
    /// US dollars.
    Usd,
    /// Mu (畝).
    Mu,
    /// Square metres.
    M2,
    /// A count (jobs).
    Count,
    /// Years.
    Years,
    /// A plain ratio (plot ratio).
    Ratio,
    /// Yuan per mu.
    CnyPerMu,
    /// Yuan per mu per year.
    CnyPerMuYear,
}

/// Every unit with its name in the JSON format.
const UNIT_NAMES: [(Unit, &str); 9] = [
    (Unit::Cny, "cny"),
    (Unit::Usd, "usd"),
    (Unit::Mu, "mu"),
    (Unit::M2, "m2"),
    (Unit::Count, "count"),
    (Unit::Years, "years"),
    (Unit::Ratio, "ratio"),
    (Unit::CnyPerMu, "cnyPerMu"),
    (Unit::CnyPerMuYear, "cnyPerMuYear"),
];

impl Unit {
    /// A unit by its name in the JSON format (`cny`, `mu`, `cnyPerMu`, …).
    pub fn from_name(name: &str) -> Option<Unit> {
        UNIT_NAMES.iter().find(|(_, n)| *n == name).map(|(u, _)| *u)
    }

    /// The unit's name in the JSON format.
    pub fn name(self) -> &'static str {
        UNIT_NAMES
            .iter()
            .find(|(u, _)| *u == self)
            .map_or("", |(_, n)| n)
    }

    /// Decimal places a value in this unit is shown with.
    pub fn places(self) -> u32 {
        match self {
            Unit::Cny | Unit::Usd | Unit::CnyPerMu | Unit::CnyPerMuYear | Unit::Mu | Unit::M2 => 2,
            Unit::Ratio => 2,
            Unit::Count | Unit::Years => 0,
        }
    }
}

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A number in a unit.
    Number(Unit),
    /// One id from a policy list.
    Id,
    /// Yes or no.
    Bool,
}

/// A field that policies can refer to.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    /// The camelCase name, as in the scenario.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// True when the user can change it directly (used by what-if suggestions).
    pub input: bool,
}

const fn num(name: &'static str, unit: Unit, input: bool) -> FieldDef {
    FieldDef {
        name,
        ty: FieldType::Number(unit),
        input,
    }
}

/// Every built-in field. Money fields are in CNY after currency conversion.
pub const FIELDS: &[FieldDef] = &[
    FieldDef {
        name: "zone",
        ty: FieldType::Id,
        input: true,
    },
    FieldDef {
        name: "projectKind",
        ty: FieldType::Id,
        input: true,
    },
    FieldDef {
        name: "industry",
        ty: FieldType::Id,
        input: true,
    },
    FieldDef {
        name: "foreignInvested",
        ty: FieldType::Bool,
        input: true,
    },
    num("investment", Unit::Cny, true),
    num("registeredCapital", Unit::Cny, true),
    num("fixedAssetInvestment", Unit::Cny, true),
    num("investmentExcludingLand", Unit::Cny, true),
    num("foreignPaidInUsd", Unit::Usd, true),
    num("landMu", Unit::Mu, true),
    num("floorArea", Unit::M2, true),
    num("plotRatio", Unit::Ratio, true),
    num("jobs", Unit::Count, true),
    num("constructionYears", Unit::Years, true),
    // Derived by the engine:
    num("foreignPaidInCny", Unit::Cny, false),
    num("annualTaxTotal", Unit::Cny, false),
    num("annualLocalTaxShare", Unit::Cny, false),
    num("investmentIntensity", Unit::CnyPerMu, false),
    num("taxPerMu", Unit::CnyPerMuYear, false),
];

/// Looks up a built-in field.
pub fn builtin(name: &str) -> Option<&'static FieldDef> {
    FIELDS.iter().find(|f| f.name == name)
}

/** Money, rates and areas are exact decimal strings, never JS numbers. */
export type Decimal = string;
export type Lang = "en" | "zh-Hans" | "zh-Hant";
export type Unit = "cny" | "usd" | "mu" | "m2" | "count" | "years" | "ratio" | "cnyPerMu" | "cnyPerMuYear" | "kWh";

/** A text in each language (zh-Hant may be absent: zh-Hans is used). */
export interface LocalText { en: string; "zh-Hans": string; "zh-Hant"?: string; }
/** Where a rule comes from: the published document and clause, with their titles in each language. */
export interface Source { document: string; title?: LocalText; clause?: string; clauseTitle?: LocalText; url?: string; issuer?: string; documentNumber?: string; }

/** A problem with a policy, a scenario or an evaluation. */
export interface Issue { code: string; path: string; message: string; }

/** What the user typed. See the README for every field, its default or "required". */
export interface Scenario {
  zone: string; projectKind: string; industry?: string;
  investment: Decimal | number; registeredCapital: Decimal | number;
  currency?: string; constructionYears?: number; startYear?: number;
  localTaxShare?: Decimal | number | Array<Decimal | number>;
  annualTaxes?: Record<string, Decimal | number>;
  horizonYears?: number; discountRate?: Decimal | number;
  landMu?: Decimal | number; floorArea?: Decimal | number; plotRatio?: Decimal | number;
  jobs?: number; foreignInvested?: boolean; foreignPaidInUsd?: Decimal | number;
  fixedAssetInvestment?: Decimal | number; investmentExcludingLand?: Decimal | number;
  parcel?: string; factory?: string; asOf?: string;
}

/** A quantity with its unit: the value an amount was computed from, every digit of it (at least the unit's places). Its text is `display.quantity[unit + ":" + value]`. */
export interface Quantity { value: Decimal; unit: Unit; }
/** `base`: what the amount was computed from, with its unit (`{ value: "12.345", unit: "mu" }`, `{ value: "1920000.00", unit: "cny" }`); null where benefits are added together. */
export interface Row { operatingYear: number; calendarYear: number; base: Quantity | null; rate: Decimal | null; amount: Decimal; explanation: string; }

/** The dated rate an amount or a threshold in another currency was converted at (CNY per unit). */
export interface Conversion { currency: string; cnyPerUnit: Decimal; date: string; illustrative: boolean; }
export type CriterionResult =
  | { kind: "all" | "any"; met: boolean; children: CriterionResult[] }
  | { kind: "atLeast"; atLeast: number; met: boolean; children: CriterionResult[] }
  | { kind: "not"; met: boolean; child: CriterionResult }
  | { kind: "compare"; field: string; label: string; unit: Unit; op: ">=" | ">" | "<=" | "<" | "=="; required: Decimal; actual: Decimal | null; met: boolean; shortfall: Decimal; progress: Decimal; guidance: boolean; illustrative: boolean; conversion: Conversion | null; text: string }
  | { kind: "in"; field: string; label: string; required: string[]; requiredLabels: string[]; actual: string | null; met: boolean; text: string }
  | { kind: "is"; field: string; label: string; required: boolean; actual: boolean; met: boolean; text: string };

/** `needs`: the scenario fields the amount still depends on (e.g. `["landMu"]`); while it is not empty there is no schedule and `total` is null. */
export interface BenefitReport { id: string; name: string; kind: string; selected: boolean; needs: string[]; schedule: Row[]; total: Decimal | null; upTo: boolean; terms: string | null; sourceText: string; }
export interface ObligationReport { kind: string; benefit: string | null; years: number | null; text: string; clawback: string | null; }

/**
 * One program. "Needs an input" is its own state: the program qualifies (`eligible`) but
 * its amount depends on inputs not given yet, listed in `needs` as scenario field names
 * (e.g. `["landMu", "parcel"]`); then `total` and `npv` are null, not "0.00", and the
 * headline does not count it as paying.
 */
export interface ProgramReport {
  id: string; name: string; summary: string;
  beneficiary: "enterprise" | "introducing-unit"; beneficiaryLabel: string;
  illustrative: boolean; status: "in-force" | "expired" | "suspended" | "unknown";
  legalReview: string | null; inForce: boolean;
  eligible: boolean; needs: string[]; excludedBy: string | null; reason: string | null;
  criteria: CriterionResult; benefits: BenefitReport[]; schedule: Row[];
  total: Decimal | null; npv: Decimal | null; capped: boolean; upTo: boolean; negotiable: boolean; obligations: ObligationReport[];
  source: Source; sourceText: string; explanation: string;
}

export interface LandCheck { check: string; label: string; actual: string | null; required: string; met: boolean | null; text: string; }
export interface ParcelOption { id: string; name: string; illustrative: boolean; landUse: string; areaMu: Decimal; areaM2: Decimal; pricePerMu: Decimal; availableFrom: string; maxSupportedMu: Decimal | null; usedMu: Decimal; usedMuGiven: boolean; cost: Decimal; fits: boolean; checks: LandCheck[]; }
export interface FactoryOption { id: string; name: string; illustrative: boolean; floorArea: Decimal; rentPerM2Month: Decimal; usedArea: Decimal | null; annualRent: Decimal | null; salePricePerM2: Decimal | null; purchasePrice: Decimal | null; fits: boolean; checks: LandCheck[]; }
/** `parcels`: the zone's best parcels (at most 20: those that fit, then the cheapest) and the scenario's `parcel`, in the policy's order; `parcelsTotal` of them in all, `parcelsFit` fit. The others: the CLI's `evaluate --parcels ZONE`. */
export interface ZoneLand { zone: string; name: string; illustrative: boolean; maxSupportedMu: Decimal | null; parcels: ParcelOption[]; parcelsTotal: number; parcelsFit: number; factories: FactoryOption[]; }

export interface Change { field: string; label: string; unit: Unit; from: Decimal | null; to: Decimal; by: Decimal; }
export interface WhatIf { program: string; programName: string; changes: Change[]; total: Decimal | null; npv: Decimal | null; needs: string[]; beneficiary: string; text: string; }
/** What one beneficiary receives: programs that pay are counted and summed; those that need an input are counted apart. */
export interface Receiver { eligible: number; paying: number; needsInput: number; needs: string[]; total: Decimal; npv: Decimal; upTo: Decimal; negotiable: number; text: string; }

/** A number of new projects of at least a size, and whether this project is one. */
export interface ProjectShare { minInvestment: Decimal; count: number; counts: boolean; text: string; }
/** The project's share of a target: `share` is the investment as a percentage of `funds`, two places. */
export interface Targets {
  year: number; sourceText: string;
  zone: null | { zone: string; name: string; funds: Decimal; share: Decimal; text: string; projects: ProjectShare[] };
  departments: { id: string; name: string; funds: Decimal; share: Decimal; text: string; rule: "all" | "any"; ruleText: string; projects: ProjectShare[] }[];
}

export interface Report {
  policy: { id: string; version: string; name: string; source: Source; sourceText: string; disclaimer: string };
  asOf: string | null; lang: Lang;
  inputs: null | { zone: string; projectKind: string; industry: string | null; investment: Decimal; registeredCapital: Decimal; currency: string; conversion: Conversion | null; constructionYears: number; startYear: number; firstOperatingYear: number; horizonYears: number; discountRate: Decimal; localTaxShareYear1: Decimal | null };
  tier: null | { id: string; name: string; minInvestment: Decimal; note: string | null };
  nextTier: null | { id: string; name: string; minInvestment: Decimal; note: string | null; shortfall: Decimal };
  /** What the project contributes to the year's targets (staff view); null when the policy sets none. */
  targets: null | Targets;
  summary: null | { eligible: number; paying: number; needsInput: number; inForce: number; programs: number; horizonYears: number; enterprise: Receiver; introducingUnit: Receiver; text: string };
  programs: ProgramReport[]; land: ZoneLand[]; whatIf: WhatIf[];
  warnings: Issue[]; errors: Issue[];
}

export interface FormField { name: string; label: string; help: string; kind: "select" | "money" | "number" | "integer" | "boolean" | "date"; unit: Unit | null; unitLabel: string; required: boolean; default: string | null; options: { value: string; label: string; zone?: string }[]; group: "basic" | "more"; }
export interface FormSchema { lang: Lang; languages: { value: string; label: string }[]; fields: FormField[]; example: Record<string, string>; labels: Record<string, string>; currencyUnits: Record<string, string>; }
export interface PolicyInfo { id: string; version: string; name: string; source: Source; effectiveFrom: string; disclaimer: string; zones: { value: string; label: string; description: string; illustrative: boolean }[]; programs: { value: string; label: string }[]; exchangeRates: { currency: string; cnyPerUnit: Decimal; date: string; illustrative: boolean }[]; }
/** `entry`: the same amount as a bare number in each language's form unit (`{ en: "50,000,000", "zh-Hans": "5,000", "zh-Hant": "5,000" }`), empty when there is no value. */
export interface ParsedAmount { value: Decimal | null; echo: string; code: string | null; message: string; entry: Partial<Record<Lang, string>>; suggestion: Suggestion | null; }
/** A likelier reading of an implausible entry (a bare number in a 万元 field that comes to CNY 10 billion or more), with a one-click fix: put `entry` in the field. */
export interface Suggestion { value: Decimal; entry: string; message: string; action: string; }
/** Thrown by `new Calculator(policy)`: `issues` lists every problem. */
export interface PolicyError extends Error { code: string; issues: Issue[]; }
/** The `<invest-calculator>` element (attributes `lang`, `zone`, `policy`). */
export interface InvestCalculatorElement extends HTMLElement {
  /** The last report shown, or null before the first evaluation. */
  readonly report: Report | null;
  /** Facts about the loaded policy in a language (null until it has loaded). */
  policyInfo(lang?: Lang): PolicyInfo | null;
}
/** Events of `<invest-calculator>`: `result` after every evaluation (bubbles, composed). */
export interface InvestCalculatorEventMap { result: CustomEvent<Report>; }

//! investcalc: an investment-incentive calculator.
//!
//! The pipeline, in the order data flows:
//! 1. A [`Policy`] (rules and figures as data, each with its source and dates) enters as
//!    JSON through [`Policy::from_json`] and is checked by [`policy::validate`], which
//!    reports every problem with its JSON path.
//! 2. A scenario (what the user typed) enters as a [`RawValue`] (JSON natively, a JS
//!    object in the browser) and is checked by [`scenario::Scenario::parse`].
//! 3. [`evaluate`] computes eligibility, schedules, land options and what-if hints. It is
//!    pure: the date, the language and the policy come in as arguments.
//! 4. The [`Report`] leaves through serde, rendered by the CLI or by `www/`.
//!
//! Money, rates and areas are exact decimals ([`money`]); nothing here panics.

pub mod date;
pub mod engine;
pub mod error;
pub mod i18n;
pub(crate) mod index;
pub mod money;
pub mod policy;
pub mod qr;
pub mod raw;
pub mod report;
pub mod scenario;
pub mod ui;

pub use date::Date;
pub use engine::{evaluate, Options};
pub use error::Issue;
pub use i18n::Lang;
pub use policy::Policy;
pub use raw::RawValue;
pub use report::Report;

#[cfg(target_arch = "wasm32")]
mod wasm;

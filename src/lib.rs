//! investcalc: investment-incentive calculator (work in progress).

#[cfg(target_arch = "wasm32")]
mod wasm;

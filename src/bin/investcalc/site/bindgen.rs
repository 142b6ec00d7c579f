//! wasm-bindgen as a library (`wasm-bindgen-cli-support`, the exact version of the
//! `wasm-bindgen` crate): the JS glue, the `.d.ts` and the final `_bg.wasm`, `web` target.

use crate::output::eprint;
use std::path::Path;

/// Set (to anything) to keep the wasm name section, for size profiling with `twiggy`.
const KEEP_NAMES_ENV: &str = "INVESTCALC_KEEP_NAMES";

/// Binds `wasm_in` into `out_dir` as `<stem>.js`, `<stem>_bg.wasm` and `<stem>.d.ts`.
pub fn run(wasm_in: &Path, out_dir: &Path, stem: &str) -> Result<(), String> {
    eprint(&format!(
        "running: wasm-bindgen --target web --out-name {stem} --out-dir {}\n",
        out_dir.display()
    ));
    // wasm-bindgen-cli-support reports problems as errors, but an unexpected module
    // layout has made it panic before; the build turns that into a message too.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
        bindgen
            .input_path(wasm_in)
            .out_name(stem)
            .typescript(true)
            // The library default omits it; the CLI keeps it. With it, `await init()` with
            // no argument fetches `<stem>_bg.wasm` beside `<stem>.js`.
            .omit_default_module_path(false)
            // Debug names and toolchain info only cost bytes in a shipped module.
            .remove_name_section(std::env::var_os(KEEP_NAMES_ENV).is_none())
            .remove_producers_section(true);
        bindgen
            .web(true)
            .map_err(|e| format!("{e:#}"))?
            .generate(out_dir)
            .map_err(|e| format!("{e:#}"))
    }));
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(msg)) => {
            let hint = if msg.contains("version") || msg.contains("schema") {
                " The `wasm-bindgen` crate and `wasm-bindgen-cli-support` must be the same \
                 exact version: check both are pinned to the same `=0.2.x` in Cargo.toml and \
                 Cargo.lock."
            } else {
                " Run `cargo clean --release --target wasm32-unknown-unknown` and retry."
            };
            Err(format!(
                "wasm-bindgen failed on {}: {msg}.{hint}",
                wasm_in.display()
            ))
        }
        Err(_) => Err(format!(
            "wasm-bindgen crashed on {}. Run `cargo clean --release --target \
             wasm32-unknown-unknown` and retry; if it persists, check that the wasm-bindgen \
             crate and wasm-bindgen-cli-support have the same version.",
            wasm_in.display()
        )),
    }
}

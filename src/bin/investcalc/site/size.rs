//! What the widget downloads, and how big it is gzipped: the size budget's measure.

use super::files::{list_files, slash_path};
use std::fs;
use std::io::Write;
use std::path::Path;

/// The size budgets, gzip -9 bytes, as `tests/budgets.json` states them (the one place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budgets {
    /// What the widget loads before its first result (measured in the browser tests).
    pub first_load: u64,
    /// Everything one visit can load.
    pub all_assets: u64,
}

/// The budgets file, relative to the package.
pub const BUDGETS_FILE: &str = "tests/budgets.json";

/// Reads the budgets from `tests/budgets.json` under `manifest_dir`.
pub fn budgets(manifest_dir: &Path) -> Result<Budgets, String> {
    let path = manifest_dir.join(BUDGETS_FILE);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let bytes = |key: &str| {
        v[key]["bytes"]
            .as_u64()
            .ok_or_else(|| format!("{} has no {key}.bytes (a whole number)", path.display()))
    };
    Ok(Budgets {
        first_load: bytes("firstLoad")?,
        all_assets: bytes("allAssets")?,
    })
}

/// One file the widget loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    /// Size on disk.
    pub raw: u64,
    /// Size after gzip at level 9.
    pub gzip: u64,
}

/// Whether a site file (relative path, `/`-separated) is downloaded by the widget:
/// the wasm module and its JS glue (and any wasm-bindgen snippets), every top-level
/// `.js` and `.css` from `www/`, the language packs `lang/*.json`, and every
/// `policy/*.json`.
/// `tests/e2e/harness.mjs` (`isLoadedByWidget`) applies the same rule.
pub fn is_loaded_by_widget(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["pkg", f] => *f == "investcalc_bg.wasm" || *f == "investcalc.js",
        ["pkg", "snippets", .., last] => last.ends_with(".js"),
        [f] => f.ends_with(".js") || f.ends_with(".css"),
        ["policy", f] | ["lang", f] => f.ends_with(".json"),
        _ => false,
    }
}

/// The files under `out` the widget loads, with their raw and gzipped sizes: the wasm
/// first, then the glue, then the rest by name.
pub fn measure_loaded(out: &Path) -> Result<Vec<LoadedFile>, String> {
    let mut files = Vec::new();
    list_files(out, out, &mut files).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    let mut loaded = Vec::new();
    for rel in files {
        let rel_s = slash_path(&rel);
        if !is_loaded_by_widget(&rel_s) {
            continue;
        }
        let bytes = fs::read(out.join(&rel))
            .map_err(|e| format!("cannot read {}: {e}", out.join(&rel).display()))?;
        loaded.push(LoadedFile {
            path: rel_s,
            raw: bytes.len() as u64,
            gzip: gzip(&bytes)?.len() as u64,
        });
    }
    loaded.sort_by_key(|l| {
        (
            !l.path.ends_with(".wasm"),
            !l.path.starts_with("pkg/"),
            l.path.clone(),
        )
    });
    Ok(loaded)
}

/// `bytes` gzipped at level 9 (what the budget counts, and what `investcalc serve` sends).
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .map_err(|e| format!("gzip failed: {e}"))
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testutil::{write, TempDir};

    #[test]
    fn widget_file_rule() {
        assert!(is_loaded_by_widget("pkg/investcalc_bg.wasm"));
        assert!(is_loaded_by_widget("pkg/investcalc.js"));
        assert!(is_loaded_by_widget(
            "pkg/snippets/investcalc-abc/inline0.js"
        ));
        assert!(is_loaded_by_widget("invest-calculator.js"));
        assert!(is_loaded_by_widget("invest-calculator.css"));
        assert!(is_loaded_by_widget("policy/default.json"));
        assert!(is_loaded_by_widget("lang/zh-Hans.json"));
        assert!(!is_loaded_by_widget("pkg/investcalc.d.ts"));
        assert!(!is_loaded_by_widget("pkg/investcalc_bg.wasm.d.ts"));
        assert!(!is_loaded_by_widget("index.html"));
        assert!(!is_loaded_by_widget("demo/page.js"));
        assert!(!is_loaded_by_widget("policy/notes/x.json"));
    }

    #[test]
    fn measures_gzip_of_loaded_files() {
        let tmp = TempDir::new("measure");
        let big = "investcalc ".repeat(1000);
        write(&tmp.0.join("pkg/investcalc.js"), &big);
        write(&tmp.0.join("pkg/investcalc_bg.wasm"), "wasm");
        write(&tmp.0.join("pkg/investcalc.d.ts"), &big);
        write(&tmp.0.join("index.html"), &big);
        write(&tmp.0.join("widget.css"), "a{}");
        let loaded = measure_loaded(&tmp.0).unwrap();
        let names: Vec<&str> = loaded.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(
            names,
            ["pkg/investcalc_bg.wasm", "pkg/investcalc.js", "widget.css"]
        );
        assert_eq!(loaded[1].raw, 11_000);
        assert!(loaded[1].gzip < 200, "{}", loaded[1].gzip);
        assert!(loaded[0].gzip > 4, "gzip adds a header");
    }

    #[test]
    fn gzip_round_trips() {
        use std::io::Read;
        let text = "investcalc ".repeat(100);
        let gz = gzip(text.as_bytes()).unwrap();
        assert!(gz.len() < text.len() / 10, "{}", gz.len());
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(153_600), "153,600");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

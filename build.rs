//! Embeds the default policy minified (no indentation): the same JSON, fewer bytes in
//! the wasm module. The readable source stays in src/policy/default.json.

fn main() {
    let src = "src/policy/default.json";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid JSON: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"))
        .join("default-policy.min.json");
    std::fs::write(&out, value.to_string())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

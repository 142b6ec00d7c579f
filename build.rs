//! Embeds the default policy minified (no indentation): the same JSON, fewer bytes. The
//! readable source stays in src/policy/default.json.
//!
//! Writes three files into OUT_DIR:
//! - `default-policy.min.json`: the whole policy (the CLI and every native use);
//! - `default-policy.wasm.json`: the same policy with each of its texts (an object of
//!   `en`, `zh-Hans` and optionally `zh-Hant` strings) replaced by a placeholder, `{"@": n}`
//!   (the text has `zh-Hant`) or `{"#": n}` (it has not). The wasm module embeds this one
//!   and takes the texts from the language pack a visit loads, so that a visitor downloads
//!   the policy's words in one language, not three. Texts under a `source` stay whole:
//!   the report carries a source's title in every language;
//! - `default-policy-texts.rs`: the texts by placeholder number, `[en, zh-Hans, zh-Hant]`
//!   (zh-Hant falls back to zh-Hans), and their count, for the packs the site build writes.

use serde_json::{Map, Value};

fn main() {
    let src = "src/policy/default.json";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
    let value: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid JSON: {e}"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let write = |name: &str, body: String| {
        let path = out.join(name);
        std::fs::write(&path, body)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    };
    write("default-policy.min.json", value.to_string());

    let mut texts: Vec<[String; 3]> = Vec::new();
    let stripped = strip(&value, false, &mut texts);
    write("default-policy.wasm.json", stripped.to_string());

    let mut rs = String::from(
        "/// How many texts the default policy has (see build.rs).\n\
         pub const POLICY_TEXT_COUNT: usize = ",
    );
    rs.push_str(&texts.len().to_string());
    rs.push_str(
        ";\n/// The default policy's texts by placeholder number: en, zh-Hans, zh-Hant.\n\
         #[cfg(not(target_arch = \"wasm32\"))]\n\
         pub static POLICY_TEXTS: [[&str; 3]; POLICY_TEXT_COUNT] = [\n",
    );
    for [en, hans, hant] in &texts {
        rs.push_str(&format!("    [{en:?}, {hans:?}, {hant:?}],\n"));
    }
    rs.push_str("];\n");
    write("default-policy-texts.rs", rs);
}

/// A text: an object of `en` and `zh-Hans` strings, and perhaps `zh-Hant`, nothing else.
fn as_text(map: &Map<String, Value>) -> Option<[String; 3]> {
    let s = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
    let known = map
        .keys()
        .all(|k| matches!(k.as_str(), "en" | "zh-Hans" | "zh-Hant"));
    let hant_ok = map.get("zh-Hant").map_or(true, Value::is_string);
    let (en, hans) = (s("en")?, s("zh-Hans")?);
    (known && hant_ok).then(|| {
        let hant = s("zh-Hant").unwrap_or_else(|| hans.clone());
        [en, hans, hant]
    })
}

fn strip(v: &Value, in_source: bool, texts: &mut Vec<[String; 3]>) -> Value {
    match v {
        Value::Object(map) => {
            if let Some(t) = as_text(map).filter(|_| !in_source) {
                let key = if map.contains_key("zh-Hant") {
                    "@"
                } else {
                    "#"
                };
                texts.push(t);
                let mut m = Map::new();
                m.insert(key.to_string(), Value::from(texts.len() - 1));
                return Value::Object(m);
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), strip(v, in_source || k == "source", texts)))
                    .collect(),
            )
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| strip(v, in_source, texts)).collect())
        }
        other => other.clone(),
    }
}

//! Message catalogues (en, zh-Hans, zh-Hant) and number formatting.
//!
//! Every word a user reads about the domain comes from here or from the policy's own
//! texts: labels, units, explanations and error messages. The web widget has none of
//! its own.

mod catalogue;
pub mod format;
mod ui_catalogue;

pub use catalogue::CATALOGUE;
pub use ui_catalogue::UI_CATALOGUE;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// Traditional Chinese.
    #[serde(rename = "zh-Hant")]
    ZhHant,
}

impl Lang {
    /// All supported languages.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::ZhHans, Lang::ZhHant];

    /// Parses a language tag, accepting common variants (`zh-CN` → zh-Hans,
    /// `zh-TW`/`zh-HK` → zh-Hant, `en-US` → en).
    ///
    /// # Examples
    /// ```
    /// use investcalc::i18n::Lang;
    /// assert_eq!(Lang::parse("zh-TW"), Some(Lang::ZhHant));
    /// assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
    /// assert_eq!(Lang::parse("fr"), None);
    /// ```
    pub fn parse(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else if t.starts_with("zh-hant") || t == "zh-tw" || t == "zh-hk" || t == "zh-mo" {
            Some(Lang::ZhHant)
        } else if t == "zh" || t.starts_with("zh-") {
            Some(Lang::ZhHans)
        } else {
            None
        }
    }

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
        }
    }
}

/// The catalogue text for `key` in `lang`; the key itself when it is missing (a test
/// checks that every key used exists in every language).
pub fn msg(key: &str, lang: Lang) -> &'static str {
    let table = if key.starts_with("ui.") || key.starts_with("help.") {
        UI_CATALOGUE
    } else {
        CATALOGUE
    };
    match table.binary_search_by(|e| e.0.cmp(key)) {
        Ok(i) => {
            let e = &table[i];
            match lang {
                Lang::En => e.1,
                Lang::ZhHans => e.2,
                Lang::ZhHant => e.3,
            }
        }
        Err(_) => "{missing-message}",
    }
}

/// Replaces `{name}` placeholders with values.
///
/// # Examples
/// ```
/// use investcalc::i18n::fill;
/// assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
/// ```
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_sorted_unique_and_complete() {
        for w in CATALOGUE.windows(2).chain(UI_CATALOGUE.windows(2)) {
            assert!(w[0].0 < w[1].0, "catalogue not sorted/unique at {}", w[1].0);
        }
        assert!(CATALOGUE
            .iter()
            .all(|e| !e.0.starts_with("ui.") && !e.0.starts_with("help.")));
        assert!(UI_CATALOGUE
            .iter()
            .all(|e| e.0.starts_with("ui.") || e.0.starts_with("help.")));
        for (key, en, hans, hant) in CATALOGUE.iter().chain(UI_CATALOGUE.iter()) {
            assert!(
                !en.is_empty() && !hans.is_empty() && !hant.is_empty(),
                "key {key}"
            );
            // Placeholders must be the same in every language.
            let ph = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split('}').next())
                    .map(String::from)
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(ph(en), ph(hans), "placeholders differ for {key} (zh-Hans)");
            assert_eq!(ph(en), ph(hant), "placeholders differ for {key} (zh-Hant)");
        }
    }

    #[test]
    fn every_key_used_in_the_source_exists() {
        // Issue::new("code", …) and msg("key", …) calls: scan the source for literal keys.
        let src_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut missing = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(src_dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let p = entry.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("i18n/mod.rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for pat in [
                        "Issue::new(\"",
                        "msg(\"",
                        "issue(\"",
                        "warn(\"",
                        "err(\"",
                        "ctx.t(\"",
                        "ctx.f(\"",
                        "fail(\"",
                    ] {
                        for part in text.split(pat).skip(1) {
                            let key = part.split('"').next().unwrap();
                            if msg(key, Lang::En) == "{missing-message}" {
                                missing.push(format!("{}: {key}", p.display()));
                            }
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }
}

//! Message catalogues (en, zh-Hans, zh-Hant) and number formatting.
//!
//! Every word a user reads about the domain comes from here or from the policy's own
//! texts: labels, units, explanations and error messages. The web widget has none of
//! its own.
//!
//! The catalogues are written once, in `catalogue.rs` and `ui_catalogue.rs`. Natively
//! their texts are compiled in. The wasm module carries only the keys: a page loads the
//! texts of the language it shows (`investcalc build` writes them into each language's
//! pack, [`texts`]) and hands them over with [`load`], so a visitor downloads one
//! language, not three.

/// A message catalogue: keys sorted for binary search, with the texts in English,
/// Simplified and Traditional Chinese (compiled in natively only).
pub struct Catalogue {
    /// Every key, sorted.
    pub keys: &'static [&'static str],
    /// The texts of each key: `[en, zh-Hans, zh-Hant]`.
    #[cfg(not(target_arch = "wasm32"))]
    pub texts: &'static [[&'static str; 3]],
}

/// `message_catalogue! { NAME = [("key", "en", "zh-Hans", "zh-Hant"), …]; }`: a [`Catalogue`].
macro_rules! message_catalogue {
    ($(#[$m:meta])* $name:ident = [ $( ($k:literal, $en:literal, $hans:literal, $hant:literal) ),* $(,)? ];) => {
        $(#[$m])*
        pub static $name: crate::i18n::Catalogue = crate::i18n::Catalogue {
            keys: &[$($k),*],
            #[cfg(not(target_arch = "wasm32"))]
            texts: &[$([$en, $hans, $hant]),*],
        };
    };
}
pub(crate) use message_catalogue;

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

    /// The position of the language in [`Lang::ALL`] (and in a catalogue's texts).
    pub fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::ZhHans => 1,
            Lang::ZhHant => 2,
        }
    }

    /// The language's own name, shown on the language buttons whatever the page's language
    /// (so it needs no catalogue).
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
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

/// The catalogue text for `key` in `lang`; `{missing-message}` when the key is missing (a
/// test checks that every key used exists in every language) or, in the browser, when
/// the language's texts have not been [`load`]ed.
pub fn msg(key: &str, lang: Lang) -> &'static str {
    let (table, offset) = if key.starts_with("ui.") || key.starts_with("help.") {
        (&UI_CATALOGUE, CATALOGUE.keys.len())
    } else {
        (&CATALOGUE, 0)
    };
    match table.keys.binary_search(&key) {
        Ok(i) => text(table, offset + i, i, lang),
        Err(_) => "{missing-message}",
    }
}

/// Both catalogues' keys, in the order of [`texts`].
pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOGUE.keys.iter().chain(UI_CATALOGUE.keys).copied()
}

#[cfg(not(target_arch = "wasm32"))]
fn text(table: &Catalogue, _at: usize, i: usize, lang: Lang) -> &'static str {
    table.texts[i][lang.index()]
}

/// Every text in `lang`, in the order of [`keys`]: what [`load`] takes.
#[cfg(not(target_arch = "wasm32"))]
pub fn texts(lang: Lang) -> Vec<&'static str> {
    CATALOGUE
        .texts
        .iter()
        .chain(UI_CATALOGUE.texts)
        .map(|t| t[lang.index()])
        .collect()
}

#[cfg(target_arch = "wasm32")]
static LOADED: [std::sync::OnceLock<Vec<&'static str>>; 3] = [
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
];

#[cfg(target_arch = "wasm32")]
fn text(_table: &Catalogue, at: usize, _i: usize, lang: Lang) -> &'static str {
    LOADED[lang.index()]
        .get()
        .and_then(|t| t.get(at).copied())
        .unwrap_or("{missing-message}")
}

/// Takes the texts of `lang` (in the order of [`keys`]) for use in the browser; natively
/// the texts are compiled in and this only checks the count. Loading a language twice
/// keeps the first texts.
///
/// # Errors
/// When the number of texts does not match the number of keys (a pack from another
/// version of the module).
pub fn load(lang: Lang, texts: Vec<String>) -> Result<(), String> {
    let want = CATALOGUE.keys.len() + UI_CATALOGUE.keys.len();
    #[cfg(target_arch = "wasm32")]
    return keep(&LOADED, lang, texts, want, "texts");
    #[cfg(not(target_arch = "wasm32"))]
    return keep(lang, &texts, want, "texts");
}

/// Checks that a language's texts number `want` (else a pack from another build: the
/// error names `what`) and, in the browser, keeps them in `slots` for the rest of the
/// visit (at most three languages, loaded once each; loading again keeps the first).
#[cfg(target_arch = "wasm32")]
fn keep(
    slots: &[std::sync::OnceLock<Vec<&'static str>>; 3],
    lang: Lang,
    texts: Vec<String>,
    want: usize,
    what: &str,
) -> Result<(), String> {
    count(lang, texts.len(), want, what)?;
    let texts: Vec<&'static str> = texts
        .into_iter()
        .map(|t| &*Box::leak(t.into_boxed_str()))
        .collect();
    let _ = slots[lang.index()].set(texts);
    Ok(())
}

/// Natively the texts are compiled in: only their number is checked.
#[cfg(not(target_arch = "wasm32"))]
fn keep(lang: Lang, texts: &[String], want: usize, what: &str) -> Result<(), String> {
    count(lang, texts.len(), want, what)
}

fn count(lang: Lang, got: usize, want: usize, what: &str) -> Result<(), String> {
    if got == want {
        return Ok(());
    }
    Err(format!("{got} {what} for {}, expected {want}", lang.tag()))
}

/// Whether the texts of `lang` can be used (always natively).
pub fn loaded(lang: Lang) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        LOADED[lang.index()].get().is_some()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = lang;
        true
    }
}

// The default policy's texts (see build.rs): in the browser they come with the language
// packs, so that the module carries the policy's words in no language.
include!(concat!(env!("OUT_DIR"), "/default-policy-texts.rs"));

/// The default policy's texts in `lang`, by placeholder number: what a language pack
/// carries as `policyTexts` and [`load_policy_texts`] takes.
#[cfg(not(target_arch = "wasm32"))]
pub fn policy_texts(lang: Lang) -> Vec<&'static str> {
    POLICY_TEXTS.iter().map(|t| t[lang.index()]).collect()
}

#[cfg(target_arch = "wasm32")]
static POLICY_LOADED: [std::sync::OnceLock<Vec<&'static str>>; 3] = [
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
    std::sync::OnceLock::new(),
];

/// Takes the default policy's texts in `lang` (a pack's `policyTexts`) for use in the
/// browser; natively they are compiled in and this only checks the count. Loading a
/// language twice keeps the first texts.
///
/// # Errors
/// When the number of texts does not match the policy's (a pack from another build).
pub fn load_policy_texts(lang: Lang, texts: Vec<String>) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    return keep(
        &POLICY_LOADED,
        lang,
        texts,
        POLICY_TEXT_COUNT,
        "policy texts",
    );
    #[cfg(not(target_arch = "wasm32"))]
    return keep(lang, &texts, POLICY_TEXT_COUNT, "policy texts");
}

/// The default policy's text `n` in `lang`, if its texts are at hand (always natively).
pub fn policy_text(lang: Lang, n: usize) -> Option<&'static str> {
    #[cfg(target_arch = "wasm32")]
    {
        POLICY_LOADED[lang.index()]
            .get()
            .and_then(|t| t.get(n).copied())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        POLICY_TEXTS.get(n).map(|t| t[lang.index()])
    }
}

/// Which languages' policy texts are at hand, one bit per language of [`Lang::ALL`].
pub fn policy_texts_loaded() -> u8 {
    #[cfg(target_arch = "wasm32")]
    {
        (0..3).fold(0, |m, i| {
            m | u8::from(POLICY_LOADED[i].get().is_some()) << i
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0b111
    }
}

/// Replaces `{name}` placeholders with values.
///
/// # Examples
/// ```
/// use investcalc::i18n::fill;
/// assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "y")]), "x and y");
/// ```
/// `items` joined by `sep`: one function for every list of texts (`[String]::join` and
/// `concat` would each add a copy of the standard library's generic join to the wasm
/// module, next to the one for `&str` lists).
pub fn join(items: &[String], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
    out
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    // `split_once`, not index slicing: nothing here can panic, and the wasm module links
    // no slicing-panic message (with its Unicode tables).
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail)) => {
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push('{');
                out.push_str(after);
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
        for w in CATALOGUE
            .keys
            .windows(2)
            .chain(UI_CATALOGUE.keys.windows(2))
        {
            assert!(w[0] < w[1], "catalogue not sorted/unique at {}", w[1]);
        }
        assert!(CATALOGUE
            .keys
            .iter()
            .all(|k| !k.starts_with("ui.") && !k.starts_with("help.")));
        assert!(UI_CATALOGUE
            .keys
            .iter()
            .all(|k| k.starts_with("ui.") || k.starts_with("help.")));
        assert_eq!(CATALOGUE.keys.len(), CATALOGUE.texts.len());
        assert_eq!(UI_CATALOGUE.keys.len(), UI_CATALOGUE.texts.len());
        let all = CATALOGUE.keys.iter().zip(CATALOGUE.texts);
        let ui = UI_CATALOGUE.keys.iter().zip(UI_CATALOGUE.texts);
        for (key, [en, hans, hant]) in all.chain(ui) {
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

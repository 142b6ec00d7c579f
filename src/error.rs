//! Structured problems: `{ code, path, message }`, the one error shape every layer uses.
//!
//! `code` is stable and machine-readable (JS branches on it), `path` is the JSON path of
//! the offending value (`programs[2].criteria.all[0].field`), and `message` is in the
//! requested language and says how to fix the problem.

use crate::i18n::{self, Lang};
use schemars::JsonSchema;
use serde::Serialize;

/// One problem with a policy, a scenario or an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Issue {
    /// Stable kebab-case code, e.g. `unknown-key`.
    pub code: String,
    /// JSON path of the value concerned (empty for the whole document).
    pub path: String,
    /// What is wrong and how to fix it, in the requested language.
    pub message: String,
}

/// A problem code of one layer ([`crate::scenario::ScenarioError`],
/// [`crate::policy::PolicyError`], [`crate::engine::EngineError`]): the stable code JS
/// branches on, and the catalogue key of its message in that layer's words.
pub trait Code: Copy {
    /// The stable kebab-case code, e.g. `unknown-key`. Layers share a code when they
    /// mean the same problem (`required`, `wrong-type`, `unknown-id`, …).
    fn code(self) -> &'static str;
    /// The catalogue key of the message (the code itself, unless the layer words it
    /// differently).
    fn message(self) -> &'static str;
}

/// `codes! { /// doc  pub enum Name { /// doc  Variant = "code" [=> "message-key"], … } }`:
/// a documented enum of problem codes with [`Code`] and the list of every code (`ALL`).
macro_rules! codes {
    ($(#[$m:meta])* pub enum $name:ident {
        $( $(#[doc = $d:literal])* $v:ident = $code:literal $(=> $key:literal)? ),* $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $( $(#[doc = $d])* $v ),* }

        impl $name {
            /// Every code of the layer, in the order the README lists them.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            const TABLE: &'static [(&'static str, &'static str)] =
                &[$(($code, codes!(@key $code $(, $key)?))),*];
        }

        impl $crate::error::Code for $name {
            fn code(self) -> &'static str {
                Self::TABLE.get(self as usize).map_or("", |t| t.0)
            }
            fn message(self) -> &'static str {
                Self::TABLE.get(self as usize).map_or("", |t| t.1)
            }
        }
    };
    (@key $code:literal) => { $code };
    (@key $code:literal, $key:literal) => { $key };
}
pub(crate) use codes;

impl Issue {
    /// Builds an issue of a layer's code, its message from the catalogue with `{name}`
    /// placeholders filled from `args`.
    ///
    /// Values the user gave are cut to [`MAX_ECHO_CHARS`] characters (the path to
    /// [`MAX_PATH_CHARS`]) so that a huge input is not echoed back whole; the lists of
    /// names the calculator or the policy defines (`known`, `hint`) are kept whole.
    ///
    /// # Examples
    /// ```
    /// use investcalc::{Issue, Lang, scenario::ScenarioError};
    /// let i = Issue::new(ScenarioError::Required, "investment", Lang::En, &[]);
    /// assert_eq!((i.code.as_str(), i.path.as_str()), ("required", "investment"));
    /// assert_eq!(i.message, "This field is required.");
    /// ```
    pub fn new(
        code: impl Code,
        path: impl Into<String>,
        lang: Lang,
        args: &[(&str, &str)],
    ) -> Issue {
        Issue::build(code.code(), code.message(), path.into(), lang, args)
    }

    /// An issue with `code` and the message of catalogue entry `key` (out of line: one
    /// copy for every layer's codes).
    #[inline(never)]
    pub(crate) fn build(
        code: &str,
        key: &str,
        path: String,
        lang: Lang,
        args: &[(&str, &str)],
    ) -> Issue {
        let path = cut(&path, MAX_PATH_CHARS);
        let args: Vec<(&str, String)> = args
            .iter()
            .map(|&(k, v)| match k {
                "known" | "hint" => (k, v.to_string()),
                _ => (k, cut(v, MAX_ECHO_CHARS)),
            })
            .collect();
        let mut all: Vec<(&str, &str)> = vec![("path", path.as_str())];
        all.extend(args.iter().map(|(k, v)| (*k, v.as_str())));
        let message = i18n::fill(i18n::msg(key, lang), &all);
        Issue {
            code: code.to_string(),
            path,
            message,
        }
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "[{}] {}", self.code, self.message)
        } else {
            write!(f, "[{}] {}: {}", self.code, self.path, self.message)
        }
    }
}

/// The most characters of a user's value an issue message repeats; longer values are cut
/// and end in `…`.
pub const MAX_ECHO_CHARS: usize = 80;

/// The most characters of an issue's `path` (a path holds the user's keys).
pub const MAX_PATH_CHARS: usize = 200;

/// `s` cut to `max` characters followed by `…`, or all of `s` when it is not longer.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => {
            let mut out = String::with_capacity(at + '…'.len_utf8());
            out.push_str(s.get(..at).unwrap_or(s));
            out.push('…');
            out
        }
        None => s.to_string(),
    }
}

/// The closest name to `wrong` among `known`, if it is close enough to be a likely typo.
///
/// Bounded: a known name is not compared with a `wrong` too long to be within the
/// distance allowed for it (the edit distance is at least the difference in length), so
/// a megabyte-long `wrong` costs nothing, not a quadratic edit distance.
///
/// # Examples
/// ```
/// use investcalc::error::nearest;
/// assert_eq!(nearest("investmnet", ["investment", "industry"]), Some("investment"));
/// assert_eq!(nearest("zzzz", ["investment"]), None);
/// assert_eq!(nearest(&"x".repeat(1_000_000), ["investment"]), None);
/// ```
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut lower = None;
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let allowed = (k.len().max(3) / 3).max(2);
        // A character is at most 4 bytes: a `wrong` this long has more characters than `k`
        // plus `allowed`, so its edit distance is over the limit. Skipping it bounds the
        // quadratic edit distance by the known names' length.
        if wrong.len() > 4 * (k.len() + allowed) {
            continue;
        }
        let lower = lower.get_or_insert_with(|| wrong.to_ascii_lowercase());
        let d = strsim::osa_distance(lower, &k.to_ascii_lowercase());
        if d <= allowed && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// An `unknown-key` issue (the same code in every layer) suggesting the nearest known
/// key, or listing them all when none is close.
#[inline(never)]
pub(crate) fn unknown_key_issue(path: String, key: &str, known: &[&str], lang: Lang) -> Issue {
    match nearest(key, known.iter().copied()) {
        Some(s) => Issue::build(
            "unknown-key",
            "unknown-key",
            path,
            lang,
            &[("key", key), ("suggestion", s)],
        ),
        None => Issue::build(
            "unknown-key",
            "unknown-key-no-suggestion",
            path,
            lang,
            &[("key", key), ("known", &known.join(", "))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_values_are_cut_and_name_lists_kept() {
        let long = "z".repeat(500);
        let known = ["k"; 60].join(", ");
        let issue = Issue::new(
            crate::scenario::ScenarioError::UnknownId,
            long.clone(),
            Lang::En,
            &[("id", &long), ("known", &known)],
        );
        let id80 = format!("\"{}…\"", "z".repeat(MAX_ECHO_CHARS));
        assert!(issue.message.contains(&id80), "{}", issue.message);
        assert!(!issue.message.contains(&"z".repeat(MAX_ECHO_CHARS + 1)));
        assert!(
            issue.message.contains(&known),
            "the known list is kept whole"
        );
        assert_eq!(issue.path.chars().count(), MAX_PATH_CHARS + 1);
        assert!(issue.path.ends_with("z…"));
    }

    #[test]
    fn short_values_and_multibyte_text_are_echoed_as_given() {
        assert_eq!(cut("etdz", 80), "etdz");
        let eighty = "区".repeat(80);
        assert_eq!(cut(&eighty, 80), eighty, "exactly 80 characters stay whole");
        assert_eq!(cut(&"区".repeat(81), 80), format!("{eighty}…"));
    }

    /// The unbounded implementation `nearest` had before, as the reference.
    fn nearest_unbounded<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
        let lower = wrong.to_ascii_lowercase();
        known
            .iter()
            .map(|k| {
                let d = strsim::osa_distance(&lower, &k.to_ascii_lowercase());
                (d, *k)
            })
            .filter(|(d, k)| *d <= (k.len().max(3) / 3).max(2))
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
    }

    #[test]
    fn nearest_is_unchanged_for_typos_and_skips_far_longer_names() {
        let keys = [
            "investment",
            "registeredCapital",
            "zone",
            "horizonYears",
            "区域",
        ];
        // "horizonYears" has 12 characters, so 4 edits are allowed (12 / 3).
        let s4 = format!("horizonYears{}", "s".repeat(4));
        let s5 = format!("horizonYears{}", "s".repeat(5));
        for (typo, want) in [
            ("investmnet", Some("investment")),
            ("registerdCapital", Some("registeredCapital")),
            ("ZONE", Some("zone")),
            ("zo", Some("zone")),
            ("horizonYeras", Some("horizonYears")),
            (s4.as_str(), Some("horizonYears")),
            (s5.as_str(), None),
            ("industry", None),
            ("区", Some("区域")),
            // Two characters from nothing; "zone" needs four.
            ("", Some("区域")),
        ] {
            assert_eq!(nearest(typo, keys), want, "typo {typo}");
            assert_eq!(
                nearest_unbounded(typo, &keys),
                want,
                "reference, typo {typo}"
            );
        }
        assert_eq!(nearest("zone", std::iter::empty()), None);
        let started = std::time::Instant::now();
        assert_eq!(nearest(&"x".repeat(5_000_000), keys), None);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}

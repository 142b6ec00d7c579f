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

impl Issue {
    /// Builds an issue whose message comes from the catalogue entry `code`, with
    /// `{name}` placeholders filled from `args`.
    ///
    /// Values the user gave are cut to [`MAX_ECHO_CHARS`] characters (the path to
    /// [`MAX_PATH_CHARS`]) so that a huge input is not echoed back whole; the lists of
    /// names the calculator or the policy defines (`known`, `hint`) are kept whole.
    #[inline(never)]
    pub fn new(code: &str, path: impl Into<String>, lang: Lang, args: &[(&str, &str)]) -> Issue {
        let path = cut(&path.into(), MAX_PATH_CHARS);
        let args: Vec<(&str, String)> = args
            .iter()
            .map(|&(k, v)| match k {
                "known" | "hint" => (k, v.to_string()),
                _ => (k, cut(v, MAX_ECHO_CHARS)),
            })
            .collect();
        let mut all: Vec<(&str, &str)> = vec![("path", path.as_str())];
        all.extend(args.iter().map(|(k, v)| (*k, v.as_str())));
        let message = i18n::fill(i18n::msg(code, lang), &all);
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
            out.push_str(&s[..at]);
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
        let d = strsim::damerau_levenshtein(lower, &k.to_ascii_lowercase());
        if d <= allowed && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// An `unknown-key` issue suggesting the nearest known key.
pub(crate) fn unknown_key_issue(path: &str, key: &str, known: &[&str], lang: Lang) -> Issue {
    match nearest(key, known.iter().copied()) {
        Some(s) => Issue::new(
            "unknown-key",
            path,
            lang,
            &[("key", key), ("suggestion", s)],
        ),
        None => Issue::new(
            "unknown-key-no-suggestion",
            path,
            lang,
            &[("key", key), ("known", &known.join(", "))],
        ),
    }
    .with_code("unknown-key")
}

impl Issue {
    fn with_code(mut self, code: &str) -> Issue {
        self.code = code.to_string();
        self
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
            "unknown-id",
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
                let d = strsim::damerau_levenshtein(&lower, &k.to_ascii_lowercase());
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

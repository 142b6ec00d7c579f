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
    #[inline(never)]
    pub fn new(code: &str, path: impl Into<String>, lang: Lang, args: &[(&str, &str)]) -> Issue {
        let path = path.into();
        let mut all: Vec<(&str, &str)> = vec![("path", path.as_str())];
        all.extend_from_slice(args);
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

/// The closest name to `wrong` among `known`, if it is close enough to be a likely typo.
///
/// # Examples
/// ```
/// use investcalc::error::nearest;
/// assert_eq!(nearest("investmnet", ["investment", "industry"]), Some("investment"));
/// assert_eq!(nearest("zzzz", ["investment"]), None);
/// ```
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wrong.to_ascii_lowercase();
    known
        .into_iter()
        .map(|k| {
            (
                strsim::damerau_levenshtein(&lower, &k.to_ascii_lowercase()),
                k,
            )
        })
        .filter(|(d, k)| *d <= (k.len().max(3) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
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

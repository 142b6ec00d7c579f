//! Reading a scenario or a policy: from a file or standard input (`-`), never more than a
//! stated number of bytes, and only UTF-8 text.
//!
//! A scenario is a few hundred bytes and the default policy about 40 KB, so the limits
//! ([`SCENARIO_LIMIT`], [`POLICY_LIMIT`]) leave room for any real document while a
//! mistaken `--scenario /dev/zero` or a multi-gigabyte file stops at once.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most bytes read for a scenario: 16 MiB.
pub const SCENARIO_LIMIT: u64 = 16 * 1024 * 1024;

/// The most bytes read for a policy: 64 MiB.
pub const POLICY_LIMIT: u64 = 64 * 1024 * 1024;

/// Why a document could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(String),
    /// It is longer than the limit.
    TooLarge(String),
    /// It is not UTF-8 text.
    NotUtf8(String),
}

impl ReadError {
    /// The message to print after `error: `.
    pub fn message(&self) -> &str {
        match self {
            ReadError::Io(m) | ReadError::TooLarge(m) | ReadError::NotUtf8(m) => m,
        }
    }
}

/// What is being read, for messages: `"scenario"` or `"policy"`.
pub struct Doc<'a> {
    /// The kind of document.
    pub what: &'a str,
    /// The most bytes accepted.
    pub limit: u64,
}

/// Reads `path` (standard input when it is `-`) as UTF-8 text of at most `doc.limit` bytes.
pub fn read_text(path: &Path, doc: &Doc) -> Result<String, ReadError> {
    let stdin = path == Path::new("-");
    let name = if stdin {
        "from standard input".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if stdin {
        read_limited(io::stdin().lock(), doc.limit)
    } else {
        File::open(path).and_then(|f| read_limited(f, doc.limit))
    }
    .map_err(|e| {
        ReadError::Io(format!(
            "cannot read the {} {name}: {e}. Check the path and that the file is readable.",
            doc.what
        ))
    })?;
    check(bytes, &name, doc)
}

/// Up to `limit + 1` bytes of `r` (one more than allowed tells that there is more).
fn read_limited(r: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The text in `bytes`, or why it is refused.
fn check(bytes: Vec<u8>, name: &str, doc: &Doc) -> Result<String, ReadError> {
    if bytes.len() as u64 > doc.limit {
        return Err(ReadError::TooLarge(format!(
            "the {what} {name} is larger than {mib} MiB ({bytes} bytes), the most investcalc \
             reads for a {what}. Check that it is a {what} file.",
            what = doc.what,
            mib = doc.limit / (1024 * 1024),
            bytes = doc.limit,
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let err = e.utf8_error();
        let at = err.valid_up_to();
        let found = e.as_bytes().get(at).copied().unwrap_or_default();
        let problem = match err.error_len() {
            Some(_) => format!("the byte 0x{found:02X} at byte offset {at} is not UTF-8"),
            None => format!("the text ends inside a character at byte offset {at}"),
        };
        ReadError::NotUtf8(format!(
            "the {} {name} is not valid UTF-8 text: {problem}. Save it as UTF-8.",
            doc.what
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: Doc = Doc {
        what: "scenario",
        limit: 10,
    };

    #[test]
    fn reads_up_to_the_limit_and_no_further() {
        assert_eq!(
            check(b"0123456789".to_vec(), "s.json", &DOC).unwrap(),
            "0123456789"
        );
        let r = read_limited(io::repeat(b'x'), 10).unwrap();
        assert_eq!(r.len(), 11, "one byte past the limit is enough to tell");
        let err = check(r, "s.json", &DOC).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge(_)), "{err:?}");
        assert!(
            err.message().contains("larger than 0 MiB (10 bytes)"),
            "{err:?}"
        );
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = check(b"{\"a\":\"\xff\"}".to_vec(), "s.json", &DOC).unwrap_err();
        assert_eq!(
            err.message(),
            "the scenario s.json is not valid UTF-8 text: the byte 0xFF at byte offset 6 is \
             not UTF-8. Save it as UTF-8."
        );
        // "é" is 0xC3 0xA9; cut after its first byte.
        let err = check(b"ab\xc3".to_vec(), "s.json", &DOC).unwrap_err();
        assert!(
            err.message()
                .contains("the text ends inside a character at byte offset 2"),
            "{err:?}"
        );
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let err = read_text(Path::new("/nonexistent/investcalc/s.json"), &DOC).unwrap_err();
        assert!(matches!(err, ReadError::Io(_)), "{err:?}");
        assert!(
            err.message().contains("/nonexistent/investcalc/s.json"),
            "{err:?}"
        );
    }
}

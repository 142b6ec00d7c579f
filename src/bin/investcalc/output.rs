//! Everything the CLI prints goes through here, so that a closed pipe or a full disk ends
//! the program with a message and an exit code instead of a panic (`println!` panics when
//! standard output fails, and the release profile turns a panic into an abort).
//!
//! - A closed pipe (`investcalc schema | head -1`): exit quietly with [`BROKEN_PIPE`], the
//!   code a shell reports for a program killed by `SIGPIPE` (128 + 13), as `cat` or `yes`
//!   would give.
//! - Any other write error (`investcalc schema > /dev/full`): one line on standard error
//!   saying what failed and what to do, exit 1.
//! - Standard error itself is written on a best-effort basis: if it fails there is nowhere
//!   left to report it.

use std::io::{self, Write};
use std::process::ExitCode;

/// Exit code after a write to a closed pipe: 128 + `SIGPIPE` (13).
pub const BROKEN_PIPE: u8 = 141;

/// Why printing stopped.
#[derive(Debug)]
pub enum WriteFailure {
    /// The reader went away (`EPIPE`): not an error to report.
    BrokenPipe,
    /// Anything else: a full disk, an I/O error.
    Other(io::Error),
}

impl WriteFailure {
    fn from_io(e: io::Error) -> WriteFailure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            WriteFailure::BrokenPipe
        } else {
            WriteFailure::Other(e)
        }
    }

    /// Reports the failure (unless it is a closed pipe) and gives the exit code.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            WriteFailure::BrokenPipe => ExitCode::from(BROKEN_PIPE),
            WriteFailure::Other(e) => {
                eprint(&format!(
                    "error: cannot write to standard output: {e}. Make room on the disk or \
                     send the output somewhere else.\n"
                ));
                ExitCode::from(1)
            }
        }
    }
}

/// Writes all of `text` to `w` and flushes it.
pub fn write_all_to(w: &mut impl Write, text: &str) -> Result<(), WriteFailure> {
    w.write_all(text.as_bytes())
        .and_then(|()| w.flush())
        .map_err(WriteFailure::from_io)
}

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) -> Result<(), WriteFailure> {
    write_all_to(&mut io::stdout().lock(), text)
}

/// Writes `text` to standard error; a failure there is ignored (there is nowhere left to
/// report it).
pub fn eprint(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// `eprint` of `error: {message}` and a newline.
pub fn error(message: &str) {
    eprint(&format!("error: {message}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that fails every write with `kind`.
    struct Failing(io::ErrorKind);
    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(self.0))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn closed_pipe_and_other_errors_are_told_apart() {
        let r = write_all_to(&mut Failing(io::ErrorKind::BrokenPipe), "x");
        assert!(matches!(r, Err(WriteFailure::BrokenPipe)), "{r:?}");
        let r = write_all_to(&mut Failing(io::ErrorKind::StorageFull), "x");
        assert!(
            matches!(&r, Err(WriteFailure::Other(e)) if e.kind() == io::ErrorKind::StorageFull),
            "{r:?}"
        );
        let mut ok = Vec::new();
        assert!(write_all_to(&mut ok, "héllo\n").is_ok());
        assert_eq!(ok, "héllo\n".as_bytes());
    }
}

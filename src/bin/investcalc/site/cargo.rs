//! The library compiled for `wasm32-unknown-unknown` by cargo, after making sure the
//! toolchain has that target (a fresh rustup install has only the host's).

use crate::output::eprint;
use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The Rust target the widget is compiled for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Code generation for the wasm module only (with `--target`, cargo does not apply these
/// to build scripts or the native binary): a panic aborts at once, with no message
/// formatted and no file, line and column kept (`-Cpanic=immediate-abort`,
/// `-Zlocation-detail=none`, with the standard library rebuilt the same way,
/// [`BUILD_STD`]). In the browser a panic already aborted (`panic = "abort"`, no panic
/// hook): the message and its location were built and never shown. Together they take
/// about 4 KB gzipped off the download (README, Design notes). The flags are unstable,
/// so `RUSTC_BOOTSTRAP=1` lets the pinned stable toolchain take them (as Firefox's build
/// does); no behaviour changes.
pub const WASM_CODEGEN: [(&str, &str); 2] = [
    ("RUSTC_BOOTSTRAP", "1"),
    (
        "CARGO_ENCODED_RUSTFLAGS",
        "-Zlocation-detail=none\x1f-Zunstable-options\x1f-Cpanic=immediate-abort",
    ),
];

/// Cargo builds the standard library with the module (`-Zbuild-std`, from the toolchain's
/// `rust-src` component), so that it too aborts at once on a panic.
pub const BUILD_STD: &str = "-Zbuild-std=std,panic_abort";

/// The command that adds the target, as a user would type it.
pub const ADD_TARGET: &str = "rustup target add wasm32-unknown-unknown";

/// Where and with what cargo builds.
pub struct Cargo {
    /// The package root (where `Cargo.toml` and `rust-toolchain.toml` are).
    pub manifest_dir: PathBuf,
    /// The target folder the native build uses too.
    pub target_dir: PathBuf,
}

impl Cargo {
    /// The package this binary was compiled from, and the target folder cargo uses for it.
    pub fn for_this_package() -> Result<Cargo, String> {
        let manifest_dir = manifest_dir()?;
        let target_dir = target_dir(&manifest_dir)?;
        Ok(Cargo {
            manifest_dir,
            target_dir,
        })
    }

    /// Makes sure the toolchain that builds this package (the one `rust-toolchain.toml`
    /// names, as rustup picks it in the package folder) has the wasm32 standard library.
    /// When it is missing and `rustup` is on the PATH, runs `rustup target add
    /// wasm32-unknown-unknown` in the package folder. Returns a note when it installed it.
    pub fn ensure_wasm_target(&self) -> Result<Option<String>, String> {
        let rustc = tool_from_env("RUSTC", "rustc");
        let has_target = || wasm_target_installed(&rustc, &self.manifest_dir);
        if has_target()? {
            return Ok(None);
        }
        let Some(rustup) = find_on_path("rustup") else {
            return Err(format!(
                "the Rust toolchain has no {WASM_TARGET} target, and rustup is not on the \
                 PATH to add it. Add the target to your toolchain (with rustup: `{ADD_TARGET}`) \
                 and retry."
            ));
        };
        eprint(&format!(
            "note: the toolchain has no {WASM_TARGET} target; running `{ADD_TARGET}` in {}\n",
            self.manifest_dir.display()
        ));
        let status = Command::new(&rustup)
            .args(["target", "add", WASM_TARGET])
            .current_dir(&self.manifest_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .status()
            .map_err(|e| {
                format!(
                    "cannot run {}: {e}. Run `{ADD_TARGET}` and retry.",
                    rustup.display()
                )
            })?;
        if !status.success() {
            return Err(format!(
                "`{ADD_TARGET}` failed ({status}). Run it in {} (it needs the network to \
                 download the target) and retry.",
                self.manifest_dir.display()
            ));
        }
        if !has_target()? {
            return Err(format!(
                "`{ADD_TARGET}` succeeded but the compiler ({}) still has no {WASM_TARGET} \
                 target: RUSTC or the PATH points at a compiler rustup does not manage. Add the \
                 target to that toolchain and retry.",
                Path::new(&rustc).display()
            ));
        }
        Ok(Some(format!(
            "installed the {WASM_TARGET} target with rustup"
        )))
    }

    /// Makes sure the toolchain has its standard library's sources (the `rust-src`
    /// component, which [`BUILD_STD`] compiles; `rust-toolchain.toml` lists it, but rustup
    /// adds a listed component only when it installs the toolchain). When they are
    /// missing and `rustup` is on the PATH, runs `rustup component add rust-src` in the
    /// package folder. Returns a note when it installed them.
    pub fn ensure_rust_src(&self) -> Result<Option<String>, String> {
        const ADD: &str = "rustup component add rust-src";
        let rustc = tool_from_env("RUSTC", "rustc");
        let has_src = || -> Result<bool, String> {
            let out = Command::new(&rustc)
                .args(["--print", "sysroot"])
                .current_dir(&self.manifest_dir)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run `{}`: {e}", Path::new(&rustc).display()))?;
            let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            Ok(root
                .join("lib/rustlib/src/rust/library/core/Cargo.toml")
                .is_file())
        };
        if has_src()? {
            return Ok(None);
        }
        let Some(rustup) = find_on_path("rustup") else {
            return Err(format!(
                "the Rust toolchain has no standard-library sources (rust-src), and rustup is \
                 not on the PATH to add them. Run `{ADD}` and retry."
            ));
        };
        eprint(&format!(
            "note: the toolchain has no rust-src; running `{ADD}`\n"
        ));
        let status = Command::new(&rustup)
            .args(["component", "add", "rust-src"])
            .current_dir(&self.manifest_dir)
            .stdin(Stdio::null())
            .status()
            .map_err(|e| {
                format!(
                    "cannot run {}: {e}. Run `{ADD}` and retry.",
                    rustup.display()
                )
            })?;
        if !status.success() || !has_src()? {
            return Err(format!(
                "`{ADD}` failed ({status}). Run it in {} (it needs the network) and retry.",
                self.manifest_dir.display()
            ));
        }
        Ok(Some(
            "installed the rust-src component with rustup".to_string(),
        ))
    }

    /// `cargo build --lib --release --target wasm32-unknown-unknown` with `features`;
    /// returns the path of the `.wasm` it wrote.
    pub fn build_wasm(&self, stem: &str, features: &[&str]) -> Result<PathBuf, String> {
        let cargo = tool_from_env("CARGO", "cargo");
        let manifest = self.manifest_dir.join("Cargo.toml");
        let mut args: Vec<OsString> = vec![
            "build".into(),
            "--lib".into(),
            "--release".into(),
            "--target".into(),
            WASM_TARGET.into(),
            "--manifest-path".into(),
            manifest.into_os_string(),
            "--target-dir".into(),
            self.target_dir.as_os_str().to_owned(),
            BUILD_STD.into(),
        ];
        if !features.is_empty() {
            args.push("--features".into());
            args.push(features.join(",").into());
        }
        eprint(&format!(
            "running: {} {}\n",
            Path::new(&cargo).display(),
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        ));
        // Run in the package dir so rustup picks up rust-toolchain.toml.
        let mut child = Command::new(&cargo)
            .args(&args)
            .envs(WASM_CODEGEN)
            .current_dir(&self.manifest_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot run `{}`: {e}. Install Rust with rustup, or set CARGO to the path \
                     of cargo.",
                    Path::new(&cargo).display()
                )
            })?;
        // Echo cargo's messages as they come, and keep them to explain a failure.
        let mut log = String::new();
        if let Some(stderr) = child.stderr.take() {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                eprint(&format!("{line}\n"));
                log.push_str(&line);
                log.push('\n');
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("waiting for cargo failed: {e}"))?;
        if !status.success() {
            return Err(explain_cargo_failure(&log, &status.to_string()));
        }
        let wasm = self
            .target_dir
            .join(WASM_TARGET)
            .join("release")
            .join(format!("{stem}.wasm"));
        if !wasm.is_file() {
            return Err(format!(
                "cargo finished but {} is missing. Check that Cargo.toml's [lib] has \
                 crate-type = [\"rlib\", \"cdylib\"].",
                wasm.display()
            ));
        }
        Ok(wasm)
    }
}

/// The package root, baked in at compile time. `build` needs the sources, so it only
/// works from a checkout.
fn manifest_dir() -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if dir.join("Cargo.toml").is_file() {
        Ok(dir)
    } else {
        Err(format!(
            "`build` needs the investcalc source tree, expected at {} (where this binary \
             was compiled). Run it from a checkout: `cargo run -- build --out DIR`.",
            dir.display()
        ))
    }
}

/// The target dir the current build uses: `$CARGO_TARGET_DIR` (relative to the current
/// directory, as cargo reads it) or `<manifest dir>/target`.
fn target_dir(manifest_dir: &Path) -> Result<PathBuf, String> {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(v) => {
            let p = PathBuf::from(v);
            if p.is_absolute() {
                Ok(p)
            } else {
                let cwd = std::env::current_dir()
                    .map_err(|e| format!("cannot read the current directory: {e}"))?;
                Ok(cwd.join(p))
            }
        }
        None => Ok(manifest_dir.join("target")),
    }
}

/// The program an environment variable names (as cargo reads `CARGO` and `RUSTC`), or
/// `default` looked up on the PATH.
fn tool_from_env(var: &str, default: &str) -> OsString {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.into())
}

/// Whether `rustc`, run in `dir` (so rustup applies rust-toolchain.toml), has the wasm32
/// standard library.
fn wasm_target_installed(rustc: &OsStr, dir: &Path) -> Result<bool, String> {
    let out = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", WASM_TARGET])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| {
            format!(
                "cannot run `{}`: {e}. Install Rust with rustup (https://rustup.rs), or set \
                 RUSTC to the path of rustc.",
                Path::new(rustc).display()
            )
        })?;
    if !out.status.success() {
        return Err(format!(
            "`{} --print target-libdir --target {WASM_TARGET}` failed ({}): {}",
            Path::new(rustc).display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let libdir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    Ok(libdir_has_core(&libdir))
}

/// Whether a target's library folder holds its `core` (what a missing target lacks).
fn libdir_has_core(libdir: &Path) -> bool {
    std::fs::read_dir(libdir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with("libcore-") && n.ends_with(".rlib"))
        })
    })
}

/// The first executable file called `name` in a `PATH` folder.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file() || p.with_extension("exe").is_file()
}

fn explain_cargo_failure(log: &str, status: &str) -> String {
    let missing_target = log.contains("target may not be installed")
        || log.contains("can't find crate for `core`")
        || log.contains("can't find crate for `std`");
    if missing_target {
        format!(
            "cargo build for {WASM_TARGET} failed ({status}): the target is not installed. \
             Run `{ADD_TARGET}` in the repository (rustup then adds it to the toolchain \
             rust-toolchain.toml names) and retry."
        )
    } else {
        format!(
            "cargo build for {WASM_TARGET} failed ({status}). Fix the compile errors above \
             (`cargo check --lib --target {WASM_TARGET}` shows them) and retry."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testutil::{write, TempDir};

    #[test]
    fn finds_tools_on_path() {
        #[cfg(unix)]
        assert!(find_on_path("sh").is_some());
        assert!(find_on_path("investcalc-no-such-tool").is_none());
    }

    #[test]
    fn a_target_is_installed_when_its_core_is_there() {
        let tmp = TempDir::new("libdir");
        assert!(!libdir_has_core(&tmp.0.join("missing")));
        assert!(!libdir_has_core(&tmp.0), "an empty folder");
        write(&tmp.0.join("libstd-1234.rlib"), "");
        assert!(!libdir_has_core(&tmp.0));
        write(&tmp.0.join("libcore-5678.rlib"), "");
        assert!(libdir_has_core(&tmp.0));
    }

    #[test]
    fn the_toolchain_building_these_tests_reports_its_wasm_target() {
        // rust-toolchain.toml lists the target, so the toolchain running the tests has it.
        let dir = manifest_dir().unwrap();
        assert_eq!(
            wasm_target_installed(&tool_from_env("RUSTC", "rustc"), &dir),
            Ok(true)
        );
    }

    #[test]
    fn cargo_failures_are_explained() {
        let m = explain_cargo_failure(
            "error[E0463]: can't find crate for `core`\n  = note: the `wasm32-unknown-unknown` \
             target may not be installed",
            "exit status: 101",
        );
        assert!(m.contains(ADD_TARGET), "{m}");
        let m = explain_cargo_failure("error[E0308]: mismatched types", "exit status: 101");
        assert!(
            m.contains("cargo check --lib --target wasm32-unknown-unknown"),
            "{m}"
        );
    }
}

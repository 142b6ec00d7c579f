//! `investcalc build` on a machine whose toolchain lacks the wasm32 target: it adds the
//! target through rustup when rustup is there, and otherwise says the one command to run.
//!
//! `rustc`, `rustup` and `cargo` are stand-in scripts here (through `RUSTC`, `CARGO` and
//! the PATH), so the tests need no network and build nothing.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temp folder with stand-in tools, removed on drop.
struct FakeTools(PathBuf);

impl FakeTools {
    fn new(tag: &str) -> FakeTools {
        let dir =
            std::env::temp_dir().join(format!("investcalc-fake-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        let tools = FakeTools(dir);
        // rustc: reports a target library folder that is empty until "rustup" fills it,
        // and a sysroot that has the standard library's sources (rust-src).
        tools.script(
            "rustc",
            &format!(
                "if [ \"$2\" = sysroot ]; then echo '{}'; else echo '{}'; fi",
                tools.0.join("sysroot").display(),
                tools.0.join("libdir").display()
            ),
        );
        tools.add_rust_src();
        // cargo: records that it was asked to build, and fails.
        tools.script(
            "cargo",
            &format!(
                "echo \"$@\" > '{}'\necho 'error: stand-in cargo' >&2\nexit 1",
                tools.0.join("cargo-args").display()
            ),
        );
        tools
    }

    /// Puts the standard library's sources where rustc's sysroot has them.
    fn add_rust_src(&self) {
        let core = self.0.join("sysroot/lib/rustlib/src/rust/library/core");
        std::fs::create_dir_all(&core).unwrap();
        std::fs::write(core.join("Cargo.toml"), "").unwrap();
    }

    /// Without the standard library's sources (rust-src).
    fn remove_rust_src(&self) {
        std::fs::remove_dir_all(self.0.join("sysroot")).unwrap();
    }

    /// Writes an executable `bin/name` running `body` with /bin/sh.
    fn script(&self, name: &str, body: &str) {
        let path = self.0.join("bin").join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A rustup that records its arguments and folder, and either installs the target
    /// (puts a `libcore` where rustc looks) or fails.
    fn rustup(&self, installs: bool) {
        let record = format!(
            "echo \"$@\" > '{}'\npwd > '{}'",
            self.0.join("rustup-args").display(),
            self.0.join("rustup-pwd").display()
        );
        let effect =
            if installs {
                format!(
                "if [ \"$1\" = component ]; then /bin/mkdir -p '{src}' && : > '{src}/Cargo.toml'; \
                 else /bin/mkdir -p '{lib}' && : > '{lib}/libcore-0123.rlib'; fi",
                lib = self.0.join("libdir").display(),
                src = self.0.join("sysroot/lib/rustlib/src/rust/library/core").display()
            )
            } else {
                "echo 'error: could not download' >&2; exit 1".to_string()
            };
        self.script("rustup", &format!("{record}\n{effect}"));
    }

    fn read(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(name))
            .ok()
            .map(|s| s.trim().to_string())
    }

    /// `investcalc build` with the stand-ins first on the PATH (and nothing of rustup's).
    fn build(&self) -> Output {
        Command::new(env!("CARGO_BIN_EXE_investcalc"))
            .args(["build", "--out"])
            .arg(self.0.join("site"))
            .env("RUSTC", self.0.join("bin/rustc"))
            .env("CARGO", self.0.join("bin/cargo"))
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.0.join("bin").display()),
            )
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

impl Drop for FakeTools {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_missing_target_is_added_with_rustup_in_the_repository() {
    let tools = FakeTools::new("installs");
    tools.rustup(true);
    let o = tools.build();
    let err = stderr(&o);
    assert_eq!(
        tools.read("rustup-args").as_deref(),
        Some("target add wasm32-unknown-unknown"),
        "{err}"
    );
    // In the repository, so that rustup adds it to the toolchain rust-toolchain.toml names.
    assert_eq!(
        tools.read("rustup-pwd").map(PathBuf::from),
        Some(repo().canonicalize().unwrap()),
    );
    // Then the build goes on to cargo (the stand-in fails, ending the test there).
    let cargo = tools
        .read("cargo-args")
        .expect("cargo was run after rustup");
    assert!(
        cargo.starts_with("build --lib --release --target wasm32-unknown-unknown"),
        "{cargo}"
    );
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cargo build for wasm32-unknown-unknown failed"),
        "{err}"
    );
}

/// Without rust-src (which the wasm build's `-Zbuild-std` compiles), `build` adds it with
/// rustup in the repository, then goes on to cargo with `-Zbuild-std`.
#[test]
fn missing_standard_library_sources_are_added_with_rustup() {
    let tools = FakeTools::new("rust-src");
    tools.rustup(true);
    // The target is there: only the sources are missing.
    let lib = tools.0.join("libdir");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(lib.join("libcore-0123.rlib"), "").unwrap();
    tools.remove_rust_src();
    let o = tools.build();
    let err = stderr(&o);
    assert_eq!(
        tools.read("rustup-args").as_deref(),
        Some("component add rust-src"),
        "{err}"
    );
    assert!(
        err.contains("running `rustup component add rust-src`"),
        "{err}"
    );
    let cargo = tools
        .read("cargo-args")
        .expect("cargo was run after rustup");
    assert!(cargo.contains("-Zbuild-std=std,panic_abort"), "{cargo}");
}

#[test]
fn a_failed_rustup_is_reported_with_the_command() {
    let tools = FakeTools::new("fails");
    tools.rustup(false);
    let o = tools.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`rustup target add wasm32-unknown-unknown` failed"),
        "{err}"
    );
    assert!(
        tools.read("cargo-args").is_none(),
        "cargo ran anyway: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn without_rustup_the_build_names_the_command_to_run() {
    let tools = FakeTools::new("no-rustup");
    let o = tools.build();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("rustup is not on the PATH"), "{err}");
    assert!(
        err.contains("`rustup target add wasm32-unknown-unknown`"),
        "{err}"
    );
    assert!(
        tools.read("cargo-args").is_none(),
        "cargo ran anyway: {err}"
    );
}

//! `investcalc build` and `investcalc serve`: the static site the widget ships as.
//!
//! [`build`] compiles the library for `wasm32-unknown-unknown`, runs wasm-bindgen (as a
//! library, the exact version of the `wasm-bindgen` crate, `web` target), runs
//! `wasm-opt -Oz` when it is on the PATH, and copies `www/` beside the generated `pkg/`.
//! [`serve`] serves such a folder on 127.0.0.1 with the MIME types browsers insist on.
//!
//! Nothing here panics on bad input or a missing tool: every failure is an `Err` whose
//! message says what to do next.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The budget for everything the widget downloads, gzipped (`gzip -9`), in bytes.
pub const GZIP_BUDGET_BYTES: u64 = 153_600;

/// The Rust target the widget is compiled for.
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The library's file stem (`[lib]` name of the package): `investcalc.wasm` in, and
/// `investcalc.js` / `investcalc_bg.wasm` / `investcalc.d.ts` out.
const STEM: &str = "investcalc";

/// Features current rustc output uses; Debian's binaryen 108 rejects the module without them.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Set to any value except `0` or empty to skip `wasm-opt` even when it is installed.
const SKIP_WASM_OPT_ENV: &str = "INVESTCALC_NO_WASM_OPT";

// ---------------------------------------------------------------------------------------
// build
// ---------------------------------------------------------------------------------------

/// What [`build`] did. Its `Display` is the summary the CLI prints.
#[derive(Debug)]
pub struct BuildReport {
    /// The output folder, as given.
    pub out: PathBuf,
    /// Every file written, relative to `out`, sorted.
    pub written: Vec<PathBuf>,
    /// The files the widget loads at run time, with their sizes.
    pub loaded: Vec<LoadedFile>,
    /// Sum of `loaded[..].gzip`.
    pub total_gzip: u64,
    /// Sum of `loaded[..].raw`.
    pub total_raw: u64,
    /// Whether and how `wasm-opt` ran.
    pub wasm_opt: WasmOpt,
    /// Things the user should know that did not stop the build.
    pub notes: Vec<String>,
}

/// One file the widget loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    /// Size on disk.
    pub raw: u64,
    /// Size after gzip at level 9.
    pub gzip: u64,
}

/// The `wasm-opt` step's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WasmOpt {
    /// It ran; sizes of the module before and after, and whether its table exports had
    /// to be repaired (a binaryen 108 bug, see `wasmfix`).
    Ran {
        before: u64,
        after: u64,
        repaired: bool,
    },
    /// Not on the PATH.
    NotFound,
    /// Skipped on request (`INVESTCALC_NO_WASM_OPT`).
    Skipped,
}

impl BuildReport {
    /// True when the gzipped total exceeds [`GZIP_BUDGET_BYTES`].
    pub fn over_budget(&self) -> bool {
        self.total_gzip > GZIP_BUDGET_BYTES
    }
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "wrote {} files to {}",
            self.written.len(),
            self.out.display()
        )?;
        for p in &self.written {
            writeln!(f, "  {}", slash_path(p))?;
        }
        match &self.wasm_opt {
            WasmOpt::Ran {
                before,
                after,
                repaired,
            } => writeln!(
                f,
                "wasm-opt -Oz: {} -> {} bytes{}",
                thousands(*before),
                thousands(*after),
                if *repaired {
                    " (repaired its table export, a binaryen 108 bug)"
                } else {
                    ""
                }
            )?,
            WasmOpt::NotFound => writeln!(
                f,
                "wasm-opt: not on PATH, skipped (apt-get install binaryen for a smaller module)"
            )?,
            WasmOpt::Skipped => writeln!(f, "wasm-opt: skipped ({SKIP_WASM_OPT_ENV} is set)")?,
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        writeln!(f, "files the widget loads (gzip -9):")?;
        writeln!(f, "  {:>10} {:>10}  file", "raw", "gzip")?;
        for l in &self.loaded {
            writeln!(
                f,
                "  {:>10} {:>10}  {}",
                thousands(l.raw),
                thousands(l.gzip),
                l.path
            )?;
        }
        writeln!(
            f,
            "  {:>10} {:>10}  total",
            thousands(self.total_raw),
            thousands(self.total_gzip)
        )?;
        write!(
            f,
            "size: total gzipped {} bytes (budget {}){}",
            thousands(self.total_gzip),
            thousands(GZIP_BUDGET_BYTES),
            if self.over_budget() {
                " OVER BUDGET"
            } else {
                ""
            }
        )
    }
}

/// Builds the static site into `out`: `out/pkg/{investcalc.js, investcalc_bg.wasm,
/// investcalc.d.ts, ...}` plus a copy of `www/`.
///
/// `out/pkg/` is emptied first; other files already in `out` are overwritten or left.
pub fn build(out: &Path) -> Result<BuildReport, String> {
    let manifest_dir = manifest_dir()?;
    let target_dir = target_dir(&manifest_dir)?;
    let mut notes = Vec::new();

    // 1. cargo build --lib --release --target wasm32-unknown-unknown
    cargo_build_wasm(&manifest_dir, &target_dir)?;
    let wasm_in = target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{STEM}.wasm"));
    if !wasm_in.is_file() {
        return Err(format!(
            "cargo finished but {} is missing. Check that Cargo.toml's [lib] has \
             crate-type = [\"rlib\", \"cdylib\"].",
            wasm_in.display()
        ));
    }

    // 2. wasm-bindgen --target web
    let pkg = out.join("pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg).map_err(|e| {
            format!(
                "cannot empty {}: {e}. Remove it by hand and retry.",
                pkg.display()
            )
        })?;
    }
    fs::create_dir_all(&pkg)
        .map_err(|e| format!("cannot create {}: {e}. Pick another --out.", pkg.display()))?;
    run_bindgen(&wasm_in, &pkg)?;

    // 3. wasm-opt -Oz
    let wasm_out = pkg.join(format!("{STEM}_bg.wasm"));
    let wasm_opt = run_wasm_opt(&wasm_out, &mut notes)?;
    if wasm_opt == WasmOpt::NotFound {
        eprintln!(
            "note: wasm-opt is not on PATH, so the module is not size-optimised; install \
             binaryen (apt-get install binaryen) for a smaller download"
        );
    }

    // 4. copy www/
    let www = manifest_dir.join("www");
    if www.is_dir() {
        notes.extend(copy_site_files(&www, out)?);
    } else {
        notes.push(format!(
            "{} does not exist; only pkg/ was written",
            www.display()
        ));
    }

    // 4b. JS and CSS without comments and indentation (the readable sources stay in www/)
    let mut js = Vec::new();
    list_files(out, out, &mut js).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    for rel in js
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "js" || e == "css"))
    {
        let path = out.join(rel);
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let is_css = rel.extension().is_some_and(|e| e == "css");
        match strip_js(&text, is_css) {
            Some(lean) => fs::write(&path, lean)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            None => notes.push(format!(
                "{} has a multi-line template literal; copied without stripping",
                slash_path(rel)
            )),
        }
    }

    // 5. report
    let mut written = Vec::new();
    list_files(out, out, &mut written)
        .map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    written.sort();
    let loaded = measure_loaded(out)?;
    let total_gzip = loaded.iter().map(|l| l.gzip).sum();
    let total_raw = loaded.iter().map(|l| l.raw).sum();
    Ok(BuildReport {
        out: out.to_path_buf(),
        written,
        loaded,
        total_gzip,
        total_raw,
        wasm_opt,
        notes,
    })
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

fn cargo_build_wasm(manifest_dir: &Path, target_dir: &Path) -> Result<(), String> {
    let cargo: OsString = std::env::var_os("CARGO")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "cargo".into());
    let manifest = manifest_dir.join("Cargo.toml");
    let args: Vec<OsString> = vec![
        "build".into(),
        "--lib".into(),
        "--release".into(),
        "--target".into(),
        WASM_TARGET.into(),
        "--manifest-path".into(),
        manifest.into_os_string(),
        "--target-dir".into(),
        target_dir.as_os_str().to_owned(),
    ];
    eprintln!(
        "running: {} {}",
        Path::new(&cargo).display(),
        args.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    // Run in the package dir so rustup picks up rust-toolchain.toml.
    let mut child = Command::new(&cargo)
        .args(&args)
        .current_dir(manifest_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot run `{}`: {e}. Install Rust with rustup, or set CARGO to the path of \
                 cargo.",
                Path::new(&cargo).display()
            )
        })?;
    // Echo cargo's messages as they come, and keep them to explain a failure.
    let mut log = String::new();
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            eprintln!("{line}");
            log.push_str(&line);
            log.push('\n');
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for cargo failed: {e}"))?;
    if status.success() {
        return Ok(());
    }
    Err(explain_cargo_failure(&log, &status.to_string()))
}

fn explain_cargo_failure(log: &str, status: &str) -> String {
    let missing_target = log.contains("target may not be installed")
        || log.contains("can't find crate for `core`")
        || log.contains("can't find crate for `std`");
    if missing_target {
        format!(
            "cargo build for {WASM_TARGET} failed ({status}): the target is not installed. \
             Run `rustup target add {WASM_TARGET}` (or `rustup toolchain install` in the \
             repository, which reads rust-toolchain.toml) and retry."
        )
    } else {
        format!(
            "cargo build for {WASM_TARGET} failed ({status}). Fix the compile errors above \
             (`cargo check --lib --target {WASM_TARGET}` shows them) and retry."
        )
    }
}

fn run_bindgen(wasm_in: &Path, pkg: &Path) -> Result<(), String> {
    eprintln!(
        "running: wasm-bindgen --target web --out-dir {}",
        pkg.display()
    );
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
        bindgen
            .input_path(wasm_in)
            .out_name(STEM)
            .typescript(true)
            // The library default omits it; the CLI keeps it. With it, `await init()` with
            // no argument fetches `investcalc_bg.wasm` beside `investcalc.js`.
            .omit_default_module_path(false)
            // Debug names and toolchain info only cost bytes in a shipped module.
            .remove_name_section(std::env::var_os("INVESTCALC_KEEP_NAMES").is_none())
            .remove_producers_section(true);
        bindgen
            .web(true)
            .map_err(|e| format!("{e:#}"))?
            .generate(pkg)
            .map_err(|e| format!("{e:#}"))
    }));
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(msg)) => {
            let hint = if msg.contains("version") || msg.contains("schema") {
                " The `wasm-bindgen` crate and `wasm-bindgen-cli-support` must be the same \
                 exact version: check both are pinned to the same `=0.2.x` in Cargo.toml and \
                 Cargo.lock."
            } else {
                " Run `cargo clean --release --target wasm32-unknown-unknown` and retry."
            };
            Err(format!(
                "wasm-bindgen failed on {}: {msg}.{hint}",
                wasm_in.display()
            ))
        }
        Err(_) => Err(format!(
            "wasm-bindgen crashed on {}. Run `cargo clean --release --target \
             wasm32-unknown-unknown` and retry; if it persists, check that the wasm-bindgen \
             crate and wasm-bindgen-cli-support have the same version.",
            wasm_in.display()
        )),
    }
}

fn run_wasm_opt(wasm: &Path, notes: &mut Vec<String>) -> Result<WasmOpt, String> {
    if std::env::var_os(SKIP_WASM_OPT_ENV).is_some_and(|v| !v.is_empty() && v != "0") {
        return Ok(WasmOpt::Skipped);
    }
    let Some(wasm_opt) = find_on_path("wasm-opt") else {
        return Ok(WasmOpt::NotFound);
    };
    let before = file_len(wasm)?;
    let tmp = wasm.with_extension("opt.wasm");
    eprintln!(
        "running: {} -Oz {} {} -o {}",
        wasm_opt.display(),
        WASM_OPT_FEATURES.join(" "),
        wasm.display(),
        tmp.display()
    );
    let output = Command::new(&wasm_opt)
        .arg("-Oz")
        .args(WASM_OPT_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(&tmp)
        .stdin(Stdio::null())
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            return Err(format!(
                "cannot run wasm-opt: {e}. Reinstall binaryen, or set {SKIP_WASM_OPT_ENV}=1 \
                 to build without it."
            ))
        }
    };
    if !output.status.success() {
        let _ = fs::remove_file(&tmp);
        return Err(format!(
            "wasm-opt failed ({}):\n{}{}\nUpdate binaryen, or set {SKIP_WASM_OPT_ENV}=1 to \
             build without it.",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // binaryen 108 (Debian bookworm) writes a wrong index for exported tables when the
    // module has two (funcref + wasm-bindgen's externref table), which breaks `init()`.
    let original = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let optimised = fs::read(&tmp).map_err(|e| format!("cannot read {}: {e}", tmp.display()))?;
    let _ = fs::remove_file(&tmp);
    let (bytes, repaired) = match wasmfix::repair_table_exports(&original, &optimised) {
        Ok(wasmfix::Repair::Unchanged) => (optimised, false),
        Ok(wasmfix::Repair::Repaired(fixed)) => (fixed, true),
        Ok(wasmfix::Repair::Unchecked(why)) => {
            let msg = format!("could not check wasm-opt's exports ({why}); kept its output");
            notes.push(msg);
            (optimised, false)
        }
        Err(why) => {
            return Err(format!(
                "wasm-opt produced a module whose exports differ from its input ({why}). \
                 Update binaryen, or set {SKIP_WASM_OPT_ENV}=1 to build without it."
            ))
        }
    };
    fs::write(wasm, &bytes).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    Ok(WasmOpt::Ran {
        before,
        after: bytes.len() as u64,
        repaired,
    })
}

/// The first executable file called `name` in a `PATH` folder.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file() || p.with_extension("exe").is_file()
}

fn file_len(p: &Path) -> Result<u64, String> {
    fs::metadata(p)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", p.display()))
}

/// Whether a name in `www/` is left out of the site.
fn skip_entry(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

/// Copies every file of `www` into `out`, keeping the folder structure, except hidden
/// entries, `node_modules`, and a top-level `pkg` (which would clobber the generated one).
/// Returns notes about what was left out.
/// An output folder inside `www` is not copied into itself.
/// JavaScript (and CSS) without comment lines, blank lines and indentation: about a quarter of the
/// gzipped size, with no change in meaning. Line breaks are kept (automatic semicolon
/// insertion depends on them); only whole-line `//` comments and block comments that
/// start a line are dropped. Returns `None`, leaving the file as it is, when a template
/// literal spans lines (its lines' indentation is part of the string).
/// With `css`, `//` is not a comment (CSS has only block comments).
fn strip_js(text: &str, css: bool) -> Option<String> {
    if text.lines().any(|l| l.matches('`').count() % 2 == 1) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block {
            if let Some(end) = t.find("*/") {
                in_block = false;
                let rest = t[end + 2..].trim();
                if !rest.is_empty() {
                    out.push_str(rest);
                    out.push('\n');
                }
            }
            continue;
        }
        if t.is_empty() || (!css && t.starts_with("//")) {
            continue;
        }
        if let Some(body) = t.strip_prefix("/*") {
            match body.find("*/") {
                None => in_block = true,
                Some(end) => {
                    let rest = body[end + 2..].trim();
                    if !rest.is_empty() {
                        out.push_str(rest);
                        out.push('\n');
                    }
                }
            }
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    Some(out)
}

fn copy_site_files(www: &Path, out: &Path) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let out_real = out
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", out.display()))?;
    copy_dir(www, out, true, &out_real, &mut notes)?;
    Ok(notes)
}

fn copy_dir(
    from: &Path,
    to: &Path,
    top: bool,
    out_real: &Path,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    let mut entries: Vec<_> = entries
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name_str) = name.to_str() else {
            notes.push(format!(
                "skipped {} (name is not UTF-8)",
                entry.path().display()
            ));
            continue;
        };
        if skip_entry(name_str) {
            continue;
        }
        let src = entry.path();
        let dst = to.join(&name);
        // Follows symlinks: the site gets real files.
        let meta = fs::metadata(&src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
        if meta.is_dir() {
            if src.canonicalize().is_ok_and(|real| real == out_real) {
                continue;
            }
            if top && name_str == "pkg" {
                notes.push(format!(
                    "skipped {}: pkg/ is generated by the build",
                    src.display()
                ));
                continue;
            }
            copy_dir(&src, &dst, false, out_real, notes)?;
        } else if meta.is_file() {
            fs::copy(&src, &dst)
                .map_err(|e| format!("cannot copy {} to {}: {e}", src.display(), dst.display()))?;
        }
    }
    Ok(())
}

fn list_files(root: &Path, dir: &Path, acc: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            list_files(root, &path, acc)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            acc.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// Whether a site file (relative path, `/`-separated) is downloaded by the widget:
/// the wasm module and its JS glue (and any wasm-bindgen snippets), every top-level
/// `.js` and `.css` from `www/`, and every `policy/*.json`.
/// `tests/e2e/size.test.mjs` applies the same rule.
fn is_loaded_by_widget(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts.as_slice() {
        ["pkg", f] => *f == format!("{STEM}_bg.wasm") || *f == format!("{STEM}.js"),
        ["pkg", "snippets", .., last] => last.ends_with(".js"),
        [f] => f.ends_with(".js") || f.ends_with(".css"),
        ["policy", f] => f.ends_with(".json"),
        _ => false,
    }
}

fn measure_loaded(out: &Path) -> Result<Vec<LoadedFile>, String> {
    let mut files = Vec::new();
    list_files(out, out, &mut files).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
    let mut loaded = Vec::new();
    for rel in files {
        let rel_s = slash_path(&rel);
        if !is_loaded_by_widget(&rel_s) {
            continue;
        }
        let bytes = fs::read(out.join(&rel))
            .map_err(|e| format!("cannot read {}: {e}", out.join(&rel).display()))?;
        loaded.push(LoadedFile {
            path: rel_s,
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes)?,
        });
    }
    // The wasm first, then the glue, then the rest by name.
    loaded.sort_by_key(|l| {
        (
            !l.path.ends_with(".wasm"),
            !l.path.starts_with("pkg/"),
            l.path.clone(),
        )
    });
    Ok(loaded)
}

/// Size of `bytes` gzipped at level 9.
pub fn gzip_len(bytes: &[u8]) -> Result<u64, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    enc.write_all(bytes)
        .and_then(|_| enc.finish())
        .map(|v| v.len() as u64)
        .map_err(|e| format!("gzip failed: {e}"))
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `1234567` → `1,234,567`.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Just enough of the wasm binary format to check, after `wasm-opt`, that every export
/// still names what it named before, and to repair exported table indices.
///
/// Why: binaryen 108 (Debian bookworm's `binaryen`) rewrites a module that has two tables
/// (the funcref table and wasm-bindgen's externref table) with the externref table's
/// export pointing at table 0. The instructions keep the right table; only the export
/// section is wrong, and `init()` then fails in `__wbindgen_init_externref_table` with
/// "WebAssembly.Table.set(): Argument 1 is invalid for table".
mod wasmfix {
    use std::ops::Range;

    /// What [`repair_table_exports`] found.
    #[derive(Debug, PartialEq, Eq)]
    pub enum Repair {
        /// The exports match; keep the optimised module as it is.
        Unchanged,
        /// Table exports pointed at the wrong table; here is the module with them fixed.
        Repaired(Vec<u8>),
        /// The module uses an encoding this reader does not know, so it was not checked.
        Unchecked(String),
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Export {
        name: String,
        kind: u8,
        index: u32,
    }

    const KIND_TABLE: u8 = 1;
    const SECTION_IMPORT: u8 = 2;
    const SECTION_TABLE: u8 = 4;
    const SECTION_EXPORT: u8 = 7;

    struct Reader<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl<'a> Reader<'a> {
        fn new(bytes: &'a [u8]) -> Self {
            Reader { bytes, pos: 0 }
        }
        fn byte(&mut self) -> Result<u8, String> {
            let b = *self.bytes.get(self.pos).ok_or("unexpected end of module")?;
            self.pos += 1;
            Ok(b)
        }
        fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
            let end = self.pos.checked_add(n).ok_or("length overflow")?;
            let s = self
                .bytes
                .get(self.pos..end)
                .ok_or("unexpected end of module")?;
            self.pos = end;
            Ok(s)
        }
        /// An unsigned LEB128 (also skips a signed one of up to 64 bits).
        fn leb(&mut self) -> Result<u64, String> {
            let mut value = 0u64;
            for shift in (0..70).step_by(7) {
                let b = self.byte()?;
                if shift < 64 {
                    value |= u64::from(b & 0x7f) << shift;
                }
                if b & 0x80 == 0 {
                    return Ok(value);
                }
            }
            Err("LEB128 too long".into())
        }
        fn leb_u32(&mut self) -> Result<u32, String> {
            u32::try_from(self.leb()?).map_err(|_| "index too large".to_string())
        }
        fn name(&mut self) -> Result<String, String> {
            let len = self.leb_u32()? as usize;
            String::from_utf8(self.take(len)?.to_vec()).map_err(|_| "name is not UTF-8".into())
        }
        /// A value or reference type, returned as its encoding.
        fn val_type(&mut self) -> Result<Vec<u8>, String> {
            let start = self.pos;
            let b = self.byte()?;
            match b {
                // (ref null ht) / (ref ht): a heap type follows.
                0x63 | 0x64 => {
                    self.leb()?;
                }
                0x6a..=0x7f => {}
                other => return Err(format!("unknown value type 0x{other:02x}")),
            }
            Ok(self.bytes[start..self.pos].to_vec())
        }
        fn limits(&mut self) -> Result<(), String> {
            let flags = self.byte()?;
            if flags & !0x0f != 0 {
                return Err(format!("unknown limits flags 0x{flags:02x}"));
            }
            self.leb()?;
            if flags & 0x01 != 0 {
                self.leb()?;
            }
            if flags & 0x08 != 0 {
                self.leb()?; // custom page size
            }
            Ok(())
        }
    }

    fn write_leb(out: &mut Vec<u8>, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    /// A section: its id, its whole extent (header included), and its body.
    type Section = (u8, Range<usize>, Range<usize>);

    fn sections(bytes: &[u8]) -> Result<Vec<Section>, String> {
        if bytes.len() < 8 || &bytes[0..4] != b"\0asm" {
            return Err("not a wasm module".into());
        }
        let mut r = Reader { bytes, pos: 8 };
        let mut out = Vec::new();
        while r.pos < bytes.len() {
            let start = r.pos;
            let id = r.byte()?;
            let len = r.leb_u32()? as usize;
            let body_start = r.pos;
            r.take(len)?;
            out.push((id, start..r.pos, body_start..r.pos));
        }
        Ok(out)
    }

    fn body_of(bytes: &[u8], id: u8) -> Result<Option<&[u8]>, String> {
        Ok(sections(bytes)?
            .into_iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, _, body)| &bytes[body]))
    }

    /// The element type of every table, imported ones first (the table index space).
    fn table_types(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
        let mut types = Vec::new();
        if let Some(body) = body_of(bytes, SECTION_IMPORT)? {
            let mut r = Reader::new(body);
            for _ in 0..r.leb_u32()? {
                r.name()?;
                r.name()?;
                match r.byte()? {
                    0 => {
                        r.leb()?;
                    }
                    1 => {
                        types.push(r.val_type()?);
                        r.limits()?;
                    }
                    2 => r.limits()?,
                    3 => {
                        r.val_type()?;
                        r.byte()?;
                    }
                    4 => {
                        r.byte()?;
                        r.leb()?;
                    }
                    other => return Err(format!("unknown import kind {other}")),
                }
            }
        }
        if let Some(body) = body_of(bytes, SECTION_TABLE)? {
            let mut r = Reader::new(body);
            for _ in 0..r.leb_u32()? {
                if body.get(r.pos) == Some(&0x40) {
                    return Err("table with an initialiser expression".into());
                }
                types.push(r.val_type()?);
                r.limits()?;
            }
        }
        Ok(types)
    }

    fn exports(bytes: &[u8]) -> Result<Vec<Export>, String> {
        let mut out = Vec::new();
        if let Some(body) = body_of(bytes, SECTION_EXPORT)? {
            let mut r = Reader::new(body);
            for _ in 0..r.leb_u32()? {
                let name = r.name()?;
                let kind = r.byte()?;
                let index = r.leb_u32()?;
                out.push(Export { name, kind, index });
            }
        }
        Ok(out)
    }

    /// Compares the exports of `after` (wasm-opt's output) with `before` (its input).
    /// `Err` when they differ in a way that cannot be repaired.
    pub fn repair_table_exports(before: &[u8], after: &[u8]) -> Result<Repair, String> {
        let parsed = (|| {
            Ok::<_, String>((
                exports(before)?,
                exports(after)?,
                table_types(before)?,
                table_types(after)?,
            ))
        })();
        let (ex_before, mut ex_after, tables_before, tables_after) = match parsed {
            Ok(p) => p,
            Err(why) => return Ok(Repair::Unchecked(why)),
        };
        let key = |e: &Export| (e.name.clone(), e.kind);
        let mut names_before: Vec<_> = ex_before.iter().map(key).collect();
        let mut names_after: Vec<_> = ex_after.iter().map(key).collect();
        names_before.sort();
        names_after.sort();
        if names_before != names_after {
            return Err("the list of exports changed".into());
        }
        let mut changed = false;
        for e in ex_after.iter_mut().filter(|e| e.kind == KIND_TABLE) {
            let Some(orig) = ex_before
                .iter()
                .find(|b| b.kind == KIND_TABLE && b.name == e.name)
            else {
                return Err(format!("table export `{}` vanished", e.name));
            };
            let want = tables_before
                .get(orig.index as usize)
                .ok_or_else(|| format!("table export `{}` points past the tables", e.name))?;
            if tables_after.get(e.index as usize) == Some(want) {
                continue;
            }
            let index = if tables_after == tables_before {
                orig.index
            } else {
                let mut matching = (0..tables_after.len()).filter(|&i| &tables_after[i] == want);
                match (matching.next(), matching.next()) {
                    (Some(i), None) => i as u32,
                    _ => {
                        return Err(format!(
                            "table export `{}` points at a table of another type",
                            e.name
                        ))
                    }
                }
            };
            e.index = index;
            changed = true;
        }
        if !changed {
            return Ok(Repair::Unchanged);
        }
        let mut body = Vec::new();
        write_leb(&mut body, ex_after.len() as u64);
        for e in &ex_after {
            write_leb(&mut body, e.name.len() as u64);
            body.extend_from_slice(e.name.as_bytes());
            body.push(e.kind);
            write_leb(&mut body, u64::from(e.index));
        }
        let secs = sections(after)?;
        let Some((_, whole, _)) = secs.iter().find(|(id, _, _)| *id == SECTION_EXPORT) else {
            return Err("export section vanished".into());
        };
        let mut out = Vec::with_capacity(after.len() + 8);
        out.extend_from_slice(&after[..whole.start]);
        out.push(SECTION_EXPORT);
        write_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        out.extend_from_slice(&after[whole.end..]);
        Ok(Repair::Repaired(out))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// A module with a funcref table 0, an externref table 1, and an export of
        /// table `t` under the name "refs".
        fn module(t: u8) -> Vec<u8> {
            let mut m = b"\0asm\x01\0\0\0".to_vec();
            // table section: 2 tables: funcref min 1, externref min 4 max 8
            m.extend_from_slice(&[4, 8, 2, 0x70, 0, 1, 0x6f, 1, 4, 8]);
            // export section: 1 export "refs" table t
            m.extend_from_slice(&[7, 8, 1, 4, b'r', b'e', b'f', b's', 1, t]);
            m
        }

        #[test]
        fn fixes_a_table_export_that_points_at_the_wrong_table() {
            let good = module(1);
            assert_eq!(repair_table_exports(&good, &good), Ok(Repair::Unchanged));
            assert_eq!(
                repair_table_exports(&good, &module(0)),
                Ok(Repair::Repaired(good))
            );
        }

        #[test]
        fn reports_changed_exports_and_unknown_encodings() {
            let good = module(1);
            let mut renamed = good.clone();
            let n = renamed.len();
            renamed[n - 3] = b'x';
            assert!(repair_table_exports(&good, &renamed).is_err());
            assert!(matches!(
                repair_table_exports(&good, b"not wasm"),
                Ok(Repair::Unchecked(_))
            ));
        }

        #[test]
        fn leb_round_trip() {
            for v in [0u64, 1, 127, 128, 300, 16_384, u32::MAX as u64] {
                let mut buf = Vec::new();
                write_leb(&mut buf, v);
                assert_eq!(Reader::new(&buf).leb(), Ok(v));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// serve
// ---------------------------------------------------------------------------------------

/// Serves `dir` on `http://127.0.0.1:port/` until the process is stopped.
pub fn serve(dir: &Path, port: u16) -> Result<(), String> {
    let root = site_root(dir)?;
    let (server, addr) = bind(port)?;
    println!("serving {} at http://{addr}/", root.display());
    println!("press Ctrl-C to stop");
    let _ = io::stdout().flush();
    for request in server.incoming_requests() {
        handle(request, &root, true);
    }
    Ok(())
}

fn site_root(dir: &Path) -> Result<PathBuf, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{} is not a folder. Build the site first (`investcalc build --out {}`) or pass \
             the folder to serve.",
            dir.display(),
            dir.display()
        ));
    }
    dir.canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", dir.display()))
}

fn bind(port: u16) -> Result<(tiny_http::Server, SocketAddr), String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| match e.kind() {
        io::ErrorKind::AddrInUse => format!(
            "port {port} on 127.0.0.1 is already in use (another `investcalc serve`?). \
             Stop that program or pick another port with --port, e.g. --port {}.",
            port.wrapping_add(1).max(1024)
        ),
        io::ErrorKind::PermissionDenied => {
            format!("not allowed to listen on port {port}. Pick a port above 1023 with --port.")
        }
        _ => format!("cannot listen on 127.0.0.1:{port}: {e}. Try another --port."),
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| format!("cannot start the HTTP server on {addr}: {e}"))?;
    Ok((server, addr))
}

/// What to answer to one request.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    /// Send this file with this content type.
    File(PathBuf, &'static str),
    /// Send this status with a short plain-text body.
    Status(u16, &'static str),
}

fn handle(request: tiny_http::Request, root: &Path, log: bool) {
    let reply = plan(root, request.method(), request.url());
    let status = match &reply {
        Reply::File(..) => 200,
        Reply::Status(code, _) => *code,
    };
    if log {
        println!("{} {} {status}", request.method(), request.url());
    }
    const TEXT: &str = "text/plain; charset=utf-8";
    let result = match reply {
        Reply::File(path, mime) => match fs::File::open(&path) {
            Ok(file) => send(request, tiny_http::Response::from_file(file), mime, status),
            Err(_) => send(
                request,
                tiny_http::Response::from_string("not found\n"),
                TEXT,
                404,
            ),
        },
        Reply::Status(code, body) => {
            send(request, tiny_http::Response::from_string(body), TEXT, code)
        }
    };
    if let Err(e) = result {
        if log {
            eprintln!("warning: could not send the response: {e}");
        }
    }
}

fn send<R: io::Read>(
    request: tiny_http::Request,
    mut response: tiny_http::Response<R>,
    mime: &str,
    status: u16,
) -> io::Result<()> {
    let mut headers = vec![
        ("Content-Type", mime),
        ("Cache-Control", "no-cache"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    if status == 405 {
        headers.push(("Allow", "GET, HEAD"));
    }
    for (name, value) in headers {
        // Only fails on non-ASCII, and these are ASCII.
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    request.respond(response.with_status_code(status))
}

/// Decides the reply for `method url` against the canonical site root.
fn plan(root: &Path, method: &tiny_http::Method, url: &str) -> Reply {
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return Reply::Status(405, "method not allowed\n");
    }
    let rel = match resolve_url_path(url) {
        Ok(rel) => rel,
        Err(Reject::Traversal) => return Reply::Status(403, "forbidden\n"),
        Err(Reject::Malformed) => return Reply::Status(400, "bad request\n"),
    };
    let mut path = root.join(&rel);
    if path.is_dir() {
        path.push("index.html");
    }
    // Canonicalising follows symlinks; a file outside the root is refused.
    let Ok(real) = path.canonicalize() else {
        return Reply::Status(404, "not found\n");
    };
    if !real.starts_with(root) {
        return Reply::Status(403, "forbidden\n");
    }
    if !real.is_file() {
        return Reply::Status(404, "not found\n");
    }
    let mime = mime_type(&path);
    Reply::File(real, mime)
}

/// Why a URL was refused.
#[derive(Debug, PartialEq, Eq)]
enum Reject {
    /// A `..` segment.
    Traversal,
    /// Not an absolute path, bad percent-encoding, a backslash or a NUL.
    Malformed,
}

/// Turns a request target (`/a/b.js?x=1`) into a path relative to the site root.
/// A path that ends in `/` gets `index.html`. Pure: touches no file.
fn resolve_url_path(url: &str) -> Result<PathBuf, Reject> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Reject::Malformed);
    }
    let decoded = percent_decode(path).ok_or(Reject::Malformed)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(Reject::Malformed);
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(Reject::Traversal),
            s => rel.push(s),
        }
    }
    if decoded.ends_with('/') || rel.as_os_str().is_empty() {
        rel.push("index.html");
    }
    Ok(rel)
}

/// Decodes `%XX` escapes; `None` when an escape is broken or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file, by its name.
fn mime_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".d.ts") {
        return "text/plain; charset=utf-8";
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "css" => "text/css; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpStream;

    /// A fresh empty folder under the system temp dir, removed on drop.
    struct TempDir(PathBuf);
    impl TempDir {
        fn new(tag: &str) -> TempDir {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "investcalc-web-{tag}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            let _ = fs::remove_dir_all(&p);
            fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn write(p: &Path, s: &str) {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, s).unwrap();
    }

    #[test]
    fn mime_types() {
        let m = |s: &str| mime_type(Path::new(s));
        assert_eq!(m("pkg/investcalc_bg.wasm"), "application/wasm");
        assert_eq!(m("pkg/investcalc.js"), "text/javascript; charset=utf-8");
        assert_eq!(m("x.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(m("policy/default.json"), "application/json");
        assert_eq!(m("widget.css"), "text/css; charset=utf-8");
        assert_eq!(m("index.html"), "text/html; charset=utf-8");
        assert_eq!(m("INDEX.HTM"), "text/html; charset=utf-8");
        assert_eq!(m("logo.svg"), "image/svg+xml");
        assert_eq!(m("shot.png"), "image/png");
        assert_eq!(m("pkg/investcalc.d.ts"), "text/plain; charset=utf-8");
        assert_eq!(
            m("pkg/investcalc_bg.wasm.d.ts"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(m("README"), "application/octet-stream");
        assert_eq!(m("archive.tar.gz"), "application/octet-stream");
    }

    #[test]
    fn url_paths_resolve_inside_the_root() {
        let r = |s: &str| resolve_url_path(s);
        assert_eq!(r("/"), Ok(PathBuf::from("index.html")));
        assert_eq!(r("/?lang=en"), Ok(PathBuf::from("index.html")));
        assert_eq!(r("/demo/"), Ok(PathBuf::from("demo/index.html")));
        assert_eq!(
            r("/pkg/investcalc.js"),
            Ok(PathBuf::from("pkg/investcalc.js"))
        );
        assert_eq!(
            r("/pkg//./investcalc.js#x"),
            Ok(PathBuf::from("pkg/investcalc.js"))
        );
        assert_eq!(r("/a%20b.html"), Ok(PathBuf::from("a b.html")));
        assert_eq!(
            r("/%E6%94%BF%E7%AD%96.json"),
            Ok(PathBuf::from("政策.json"))
        );
    }

    #[test]
    fn traversal_and_malformed_urls_are_rejected() {
        let r = |s: &str| resolve_url_path(s);
        assert_eq!(r("/../etc/passwd"), Err(Reject::Traversal));
        assert_eq!(r("/pkg/../../etc/passwd"), Err(Reject::Traversal));
        assert_eq!(r("/pkg/.."), Err(Reject::Traversal));
        assert_eq!(r("/%2e%2e/etc/passwd"), Err(Reject::Traversal));
        assert_eq!(r("/%2E%2E%2Fetc%2Fpasswd"), Err(Reject::Traversal));
        assert_eq!(r("/..%5c..%5cwindows"), Err(Reject::Malformed));
        assert_eq!(r("/a\\b"), Err(Reject::Malformed));
        assert_eq!(r("/a%00b"), Err(Reject::Malformed));
        assert_eq!(r("/bad%zz"), Err(Reject::Malformed));
        assert_eq!(r("/trunc%2"), Err(Reject::Malformed));
        assert_eq!(r("/%ff"), Err(Reject::Malformed));
        assert_eq!(r("relative.html"), Err(Reject::Malformed));
        assert_eq!(r("http://evil/x"), Err(Reject::Malformed));
        assert_eq!(r(""), Err(Reject::Malformed));
        // `..` inside a name is an ordinary name.
        assert_eq!(r("/a..b.js"), Ok(PathBuf::from("a..b.js")));
    }

    #[test]
    fn plan_serves_files_index_and_404() {
        let tmp = TempDir::new("plan");
        let site = tmp.0.join("site");
        write(&site.join("index.html"), "<p>hi</p>");
        write(&site.join("pkg/investcalc_bg.wasm"), "\0asm");
        write(&site.join("demo/index.html"), "demo");
        write(&tmp.0.join("secret.txt"), "secret");
        let root = site.canonicalize().unwrap();
        let get = tiny_http::Method::Get;
        assert_eq!(
            plan(&root, &get, "/"),
            Reply::File(root.join("index.html"), "text/html; charset=utf-8")
        );
        assert_eq!(
            plan(&root, &get, "/demo"),
            Reply::File(root.join("demo/index.html"), "text/html; charset=utf-8")
        );
        assert_eq!(
            plan(&root, &get, "/pkg/investcalc_bg.wasm"),
            Reply::File(root.join("pkg/investcalc_bg.wasm"), "application/wasm")
        );
        assert_eq!(
            plan(&root, &get, "/missing.js"),
            Reply::Status(404, "not found\n")
        );
        assert_eq!(
            plan(&root, &get, "/pkg/"),
            Reply::Status(404, "not found\n")
        );
        assert_eq!(
            plan(&root, &get, "/../secret.txt"),
            Reply::Status(403, "forbidden\n")
        );
        assert_eq!(
            plan(&root, &tiny_http::Method::Post, "/"),
            Reply::Status(405, "method not allowed\n")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.0.join("secret.txt"), site.join("link.txt")).unwrap();
            assert_eq!(
                plan(&root, &get, "/link.txt"),
                Reply::Status(403, "forbidden\n")
            );
        }
    }

    #[test]
    fn serves_over_http_with_headers() {
        let tmp = TempDir::new("http");
        write(&tmp.0.join("index.html"), "<p>hello</p>");
        write(&tmp.0.join("pkg/investcalc_bg.wasm"), "\0asm\x01\0\0\0");
        let root = site_root(&tmp.0).unwrap();
        let (server, addr) = bind(0).unwrap();
        let requests = [
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /pkg/investcalc_bg.wasm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /nope.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /../Cargo.toml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ];
        let n = requests.len();
        let worker = std::thread::spawn(move || {
            for _ in 0..n {
                let req = server.recv().unwrap();
                handle(req, &root, false);
            }
        });
        let mut answers = Vec::new();
        for raw in requests {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(raw.as_bytes()).unwrap();
            let mut buf = Vec::new();
            s.read_to_end(&mut buf).unwrap();
            answers.push(String::from_utf8_lossy(&buf).to_ascii_lowercase());
        }
        worker.join().unwrap();
        assert!(answers[0].starts_with("http/1.1 200"), "{}", answers[0]);
        assert!(answers[0].contains("content-type: text/html; charset=utf-8"));
        assert!(answers[0].contains("cache-control: no-cache"));
        assert!(answers[0].ends_with("<p>hello</p>"));
        assert!(answers[1].starts_with("http/1.1 200"), "{}", answers[1]);
        assert!(answers[1].contains("content-type: application/wasm"));
        assert!(answers[2].starts_with("http/1.1 404"), "{}", answers[2]);
        assert!(answers[3].starts_with("http/1.1 403"), "{}", answers[3]);
    }

    #[test]
    fn busy_port_is_reported_with_advice() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = bind(port).err().expect("binding a taken port must fail");
        assert!(err.contains("already in use"), "{err}");
        assert!(err.contains("--port"), "{err}");
    }

    #[test]
    fn serve_refuses_a_missing_folder() {
        let err = serve(Path::new("/nonexistent/investcalc-site"), 0).unwrap_err();
        assert!(err.contains("investcalc build"), "{err}");
    }

    #[test]
    fn widget_file_rule() {
        assert!(is_loaded_by_widget("pkg/investcalc_bg.wasm"));
        assert!(is_loaded_by_widget("pkg/investcalc.js"));
        assert!(is_loaded_by_widget(
            "pkg/snippets/investcalc-abc/inline0.js"
        ));
        assert!(is_loaded_by_widget("investcalc-widget.js"));
        assert!(is_loaded_by_widget("widget.css"));
        assert!(is_loaded_by_widget("policy/default.json"));
        assert!(!is_loaded_by_widget("pkg/investcalc.d.ts"));
        assert!(!is_loaded_by_widget("pkg/investcalc_bg.wasm.d.ts"));
        assert!(!is_loaded_by_widget("index.html"));
        assert!(!is_loaded_by_widget("demo/demo.js"));
        assert!(!is_loaded_by_widget("policy/notes/x.json"));
    }

    #[test]
    fn copy_skips_hidden_node_modules_and_pkg() {
        let tmp = TempDir::new("copy");
        let www = tmp.0.join("www");
        write(&www.join("index.html"), "i");
        write(&www.join("widget.js"), "w");
        write(&www.join("policy/default.json"), "{}");
        write(&www.join(".eslintrc"), "x");
        write(&www.join(".cache/a"), "x");
        write(&www.join("node_modules/m/index.js"), "x");
        write(&www.join("pkg/stale.js"), "x");
        write(&www.join("demo/.hidden"), "x");
        let out = tmp.0.join("out");
        let notes = copy_site_files(&www, &out).unwrap();
        let mut files = Vec::new();
        list_files(&out, &out, &mut files).unwrap();
        let mut files: Vec<String> = files.iter().map(|p| slash_path(p)).collect();
        files.sort();
        assert_eq!(files, ["index.html", "policy/default.json", "widget.js"]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("pkg/ is generated"), "{notes:?}");
    }

    #[test]
    fn copy_into_a_folder_inside_www_does_not_recurse() {
        let tmp = TempDir::new("nested");
        let www = tmp.0.join("www");
        write(&www.join("index.html"), "i");
        let out = www.join("dist");
        copy_site_files(&www, &out).unwrap();
        copy_site_files(&www, &out).unwrap();
        let mut files = Vec::new();
        list_files(&out, &out, &mut files).unwrap();
        assert_eq!(files, [PathBuf::from("index.html")]);
    }

    #[test]
    fn measures_gzip_of_loaded_files() {
        let tmp = TempDir::new("measure");
        let big = "investcalc ".repeat(1000);
        write(&tmp.0.join("pkg/investcalc.js"), &big);
        write(&tmp.0.join("pkg/investcalc_bg.wasm"), "wasm");
        write(&tmp.0.join("pkg/investcalc.d.ts"), &big);
        write(&tmp.0.join("index.html"), &big);
        write(&tmp.0.join("widget.css"), "a{}");
        let loaded = measure_loaded(&tmp.0).unwrap();
        let names: Vec<&str> = loaded.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(
            names,
            ["pkg/investcalc_bg.wasm", "pkg/investcalc.js", "widget.css"]
        );
        assert_eq!(loaded[1].raw, 11_000);
        assert!(loaded[1].gzip < 200, "{}", loaded[1].gzip);
        assert!(loaded[0].gzip > 4, "gzip adds a header");
        assert_eq!(gzip_len(big.as_bytes()).unwrap(), loaded[1].gzip);
    }

    #[test]
    fn report_prints_the_size_line() {
        let report = BuildReport {
            out: PathBuf::from("target/site"),
            written: vec![PathBuf::from("pkg/investcalc.js")],
            loaded: vec![LoadedFile {
                path: "pkg/investcalc.js".into(),
                raw: 200_000,
                gzip: 87_123,
            }],
            total_gzip: 87_123,
            total_raw: 200_000,
            wasm_opt: WasmOpt::Ran {
                before: 2_000,
                after: 1_000,
                repaired: false,
            },
            notes: vec![],
        };
        let text = report.to_string();
        assert!(
            text.contains("size: total gzipped 87,123 bytes (budget 153,600)"),
            "{text}"
        );
        assert!(!text.contains("OVER BUDGET"));
        assert!(text.contains("wasm-opt -Oz: 2,000 -> 1,000 bytes"));
    }

    #[test]
    fn finds_tools_on_path() {
        #[cfg(unix)]
        assert!(find_on_path("sh").is_some());
        assert!(find_on_path("investcalc-no-such-tool").is_none());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(153_600), "153,600");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn cargo_failures_are_explained() {
        let m = explain_cargo_failure(
            "error[E0463]: can't find crate for `core`\n  = note: the `wasm32-unknown-unknown` \
             target may not be installed",
            "exit status: 101",
        );
        assert!(
            m.contains("rustup target add wasm32-unknown-unknown"),
            "{m}"
        );
        let m = explain_cargo_failure("error[E0308]: mismatched types", "exit status: 101");
        assert!(
            m.contains("cargo check --lib --target wasm32-unknown-unknown"),
            "{m}"
        );
    }
}

#[cfg(test)]
mod strip_tests {
    use super::strip_js;

    #[test]
    fn drops_comments_and_indentation_only() {
        let src = "/**\n * Doc.\n */\nexport function f(a) {\n    // note\n    const s = 'a // not a comment';\n\n    return `x${a}` + s; /* trailing stays */\n}\n";
        let want = "export function f(a) {\nconst s = 'a // not a comment';\nreturn `x${a}` + s; /* trailing stays */\n}\n";
        assert_eq!(strip_js(src, false).as_deref(), Some(want));
    }

    #[test]
    fn leaves_multi_line_templates_alone() {
        assert_eq!(strip_js("const s = `a\n    b`;\n", false), None);
    }

    #[test]
    fn css_keeps_double_slashes() {
        let src = "/* c */\n.a {\n  background: url(//x/y.png);\n}\n";
        assert_eq!(
            strip_js(src, true).as_deref(),
            Some(".a {\nbackground: url(//x/y.png);\n}\n")
        );
    }
}

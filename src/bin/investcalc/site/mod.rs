//! `investcalc build`: the static folder a website uploads.
//!
//! The build makes each entry of [`ARTIFACTS`] in turn, then minifies the JS and CSS it
//! wrote and measures what the widget downloads. One module per job:
//!
//! - [`cargo`]: the wasm32 target (installed through rustup when missing) and
//!   `cargo build --target wasm32-unknown-unknown`;
//! - [`bindgen`]: wasm-bindgen as a library, `web` target;
//! - [`names`]: short names for the links between the module and its glue;
//! - [`files`]: copying `www/`;
//! - [`minify`]: JS through oxc, CSS without comments and needless whitespace;
//! - [`size`]: the gzipped sizes and the budget.
//!
//! No `wasm-opt`: with Debian's binaryen 108 every level from `-O2` to `-Oz` makes the
//! gzipped module bigger, and `-O1` saves 0.6 KB (see the README's design notes).
//!
//! Nothing here panics on bad input or a missing tool: every failure is an `Err` whose
//! message says what to do next.

pub mod bindgen;
pub mod cargo;
pub mod files;
pub mod minify;
pub mod names;
pub mod single;
pub mod size;

use files::{list_files, slash_path};
use size::{thousands, Budgets, LoadedFile};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One thing the build writes into the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// The library compiled to wasm32 with these cargo `features`, bound by wasm-bindgen
    /// into `<dir>/<stem>.js`, `<dir>/<stem>_bg.wasm` and `<dir>/<stem>.d.ts`. `dir` is
    /// emptied first.
    Wasm {
        stem: &'static str,
        features: &'static [&'static str],
        dir: &'static str,
    },
    /// Every file of a folder of the package (`www`), copied with its structure; the
    /// `dir`s of the wasm artifacts are skipped there.
    Static { from: &'static str },
    /// A pack per language, `<dir>/<lang>.json` ([`investcalc::ui::language_pack`]): the
    /// texts the wasm module shows in that language, and the embedded default policy's
    /// first screen (rules read on the build date), shown while the engine loads. `dir`
    /// is emptied first.
    LanguagePacks { dir: &'static str },
}

/// What `investcalc build` makes, in order.
///
/// To ship more, add an entry: a second wasm module is another `Wasm` with its cargo
/// feature and its own `stem` (the same `dir` is fine). A new kind of artifact (say, a
/// JSON file per language) is a new variant, made in [`make`], that returns the files it
/// wrote; minifying and measuring then apply to it as to the others.
pub const ARTIFACTS: &[Artifact] = &[
    Artifact::Wasm {
        stem: "investcalc",
        features: &[],
        dir: "pkg",
    },
    Artifact::Static { from: "www" },
    Artifact::LanguagePacks { dir: "lang" },
];

/// What [`build`] did. Its `Display` is the summary the CLI prints.
#[derive(Debug)]
pub struct BuildReport {
    /// The output folder, as given.
    pub out: PathBuf,
    /// Every file this build wrote, relative to `out`, sorted.
    pub written: Vec<PathBuf>,
    /// The JS and CSS files minified: how many, and their total size before and after.
    pub minified: Minified,
    /// The files the widget loads at run time, with their sizes.
    pub loaded: Vec<LoadedFile>,
    /// Things the user should know that did not stop the build.
    pub notes: Vec<String>,
    /// The size budgets (`tests/budgets.json`).
    pub budgets: Option<Budgets>,
}

/// The minification step's totals.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Minified {
    /// Files minified.
    pub files: usize,
    /// Their total size before.
    pub before: u64,
    /// Their total size after.
    pub after: u64,
    /// False when turned off by `INVESTCALC_NO_MINIFY`.
    pub enabled: bool,
}

impl BuildReport {
    /// Sum of the gzipped sizes of what the widget loads.
    pub fn total_gzip(&self) -> u64 {
        self.loaded.iter().map(|l| l.gzip).sum()
    }

    /// Sum of the raw sizes of what the widget loads.
    pub fn total_raw(&self) -> u64 {
        self.loaded.iter().map(|l| l.raw).sum()
    }

    /// What one visit in one language can load, gzipped: every file the widget loads,
    /// with one language pack (the largest) instead of all three.
    pub fn visit_gzip(&self) -> u64 {
        let first = |l: &&LoadedFile| l.path.starts_with("lang/");
        let largest = self.loaded.iter().filter(first).map(|l| l.gzip).max();
        let rest: u64 = self
            .loaded
            .iter()
            .filter(|l| !first(l))
            .map(|l| l.gzip)
            .sum();
        rest + largest.unwrap_or(0)
    }

    /// True when what one visit can load exceeds the `allAssets` budget.
    pub fn over_budget(&self) -> bool {
        self.budgets
            .is_some_and(|b| self.visit_gzip() > b.all_assets)
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
        let m = &self.minified;
        if m.enabled {
            writeln!(
                f,
                "minified {} JS/CSS files: {} -> {} bytes",
                m.files,
                thousands(m.before),
                thousands(m.after)
            )?;
        } else {
            writeln!(f, "minify: skipped ({} is set)", minify::NO_MINIFY_ENV)?;
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
            thousands(self.total_raw()),
            thousands(self.total_gzip())
        )?;
        match self.budgets {
            Some(b) => write!(
                f,
                "size: one visit can load {} bytes gzipped (budget {}){}; before the first \
                 result the browser tests measure it (budget {}); both in {}",
                thousands(self.visit_gzip()),
                thousands(b.all_assets),
                if self.over_budget() {
                    " OVER BUDGET"
                } else {
                    ""
                },
                thousands(b.first_load),
                size::BUDGETS_FILE,
            ),
            None => write!(
                f,
                "size: one visit can load {} bytes gzipped",
                thousands(self.visit_gzip())
            ),
        }
    }
}

/// Builds the static site into `out`: every [`ARTIFACTS`] entry, then the JS and CSS
/// minified. Files already in `out` that no artifact writes are left as they are.
pub fn build(out: &Path, today: investcalc::Date) -> Result<BuildReport, String> {
    let cargo = cargo::Cargo::for_this_package()?;
    let mut notes = Vec::new();
    if ARTIFACTS.iter().any(|a| matches!(a, Artifact::Wasm { .. })) {
        notes.extend(cargo.ensure_wasm_target()?);
        notes.extend(cargo.ensure_rust_src()?);
    }
    let generated: Vec<&str> = ARTIFACTS
        .iter()
        .filter_map(|a| match a {
            Artifact::Wasm { dir, .. } | Artifact::LanguagePacks { dir } => Some(*dir),
            Artifact::Static { .. } => None,
        })
        .collect();
    for dir in &generated {
        empty_dir(&out.join(dir))?;
    }
    let mut written = Vec::new();
    for artifact in ARTIFACTS {
        written.extend(make(artifact, &cargo, out, &generated, today, &mut notes)?);
    }
    written.sort();
    written.dedup();
    let minified = minify_written(out, &written)?;
    let loaded = size::measure_loaded(out)?;
    let budgets = match size::budgets(&cargo.manifest_dir) {
        Ok(b) => Some(b),
        Err(e) => {
            notes.push(format!("no size budget checked: {e}"));
            None
        }
    };
    Ok(BuildReport {
        out: out.to_path_buf(),
        written,
        minified,
        loaded,
        notes,
        budgets,
    })
}

/// Makes one artifact in `out`; returns the files it wrote, relative to `out`.
fn make(
    artifact: &Artifact,
    cargo: &cargo::Cargo,
    out: &Path,
    generated: &[&str],
    today: investcalc::Date,
    notes: &mut Vec<String>,
) -> Result<Vec<PathBuf>, String> {
    match *artifact {
        Artifact::LanguagePacks { dir } => {
            let policy = investcalc::Policy::default_policy().map_err(|issues| {
                format!("the embedded default policy is not valid: {issues:?}")
            })?;
            let mut files = Vec::new();
            for lang in investcalc::Lang::ALL {
                let pack = investcalc::ui::language_pack(&policy, lang, today);
                if lang == investcalc::Lang::En {
                    notes.push(format!(
                        "first screens: rules as of {}, the same figures until {} (rebuild \
                         after that date, or the widget waits for its engine)",
                        pack.first.as_of, pack.first.valid_until
                    ));
                }
                let rel = PathBuf::from(dir).join(format!("{}.json", lang.tag()));
                let text = serde_json::to_string(&pack)
                    .map_err(|e| format!("cannot write a language pack: {e}"))?;
                fs::write(out.join(&rel), text)
                    .map_err(|e| format!("cannot write {}: {e}", out.join(&rel).display()))?;
                files.push(rel);
            }
            Ok(files)
        }
        Artifact::Wasm {
            stem,
            features,
            dir,
        } => {
            let wasm = cargo.build_wasm(stem, features)?;
            let pkg = out.join(dir);
            bindgen::run(&wasm, &pkg, stem)?;
            shorten_names(&pkg, stem, notes)?;
            let mut files = Vec::new();
            list_files(out, &pkg, &mut files)
                .map_err(|e| format!("cannot list {}: {e}", pkg.display()))?;
            Ok(files)
        }
        Artifact::Static { from } => {
            let src = cargo.manifest_dir.join(from);
            if !src.is_dir() {
                notes.push(format!("{} does not exist; nothing copied", src.display()));
                return Ok(Vec::new());
            }
            let (files, copy_notes) = files::copy_site_files(&src, out, generated)?;
            notes.extend(copy_notes);
            Ok(files)
        }
    }
}

/// [`names::shorten`] on the files wasm-bindgen wrote for `stem` in `pkg`.
fn shorten_names(pkg: &Path, stem: &str, notes: &mut Vec<String>) -> Result<(), String> {
    let read = |p: &Path| fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let wasm_path = pkg.join(format!("{stem}_bg.wasm"));
    let glue_path = pkg.join(format!("{stem}.js"));
    let dts_path = pkg.join(format!("{stem}_bg.wasm.d.ts"));
    let wasm = read(&wasm_path)?;
    let glue = String::from_utf8(read(&glue_path)?)
        .map_err(|_| format!("{} is not UTF-8", glue_path.display()))?;
    let dts = fs::read_to_string(&dts_path).ok();
    let glue_dts_path = pkg.join(format!("{stem}.d.ts"));
    let glue_dts = fs::read_to_string(&glue_dts_path).ok();
    let s =
        names::shorten(&wasm, &glue, dts.as_deref(), glue_dts.as_deref(), stem).map_err(|e| {
            format!(
                "shortening the names between {} and {}: {e}",
                wasm_path.display(),
                glue_path.display()
            )
        })?;
    let write = |p: &Path, b: &[u8]| {
        fs::write(p, b).map_err(|e| format!("cannot write {}: {e}", p.display()))
    };
    write(&wasm_path, &s.wasm)?;
    write(&glue_path, s.glue.as_bytes())?;
    if let Some(d) = &s.wasm_dts {
        write(&dts_path, d.as_bytes())?;
    }
    if let Some(d) = &s.glue_dts {
        write(&glue_dts_path, d.as_bytes())?;
    }
    notes.push(format!(
        "{stem}: {} imports and {} exports between the module and its glue renamed short",
        s.imports, s.exports
    ));
    Ok(())
}

/// Removes `dir` if it exists and creates it empty.
fn empty_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| {
            format!(
                "cannot empty {}: {e}. Remove it by hand and retry.",
                dir.display()
            )
        })?;
    }
    fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create {}: {e}. Pick another --out.", dir.display()))
}

/// Minifies every `.js` and `.css` among `written` (relative to `out`) in place. The
/// modules of `www/` are one program (the element imports nothing but loads its staff
/// tools, which import it) and are minified together ([`minify::minify_modules`], private
/// names shared); the wasm-bindgen glue in `pkg/` on its own.
fn minify_written(out: &Path, written: &[PathBuf]) -> Result<Minified, String> {
    let mut m = Minified {
        enabled: !minify::disabled(),
        ..Minified::default()
    };
    if !m.enabled {
        return Ok(m);
    }
    let mut groups: [Vec<(String, String, PathBuf)>; 2] = [Vec::new(), Vec::new()];
    for rel in written {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "js" && ext != "css" {
            continue;
        }
        let path = out.join(rel);
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if ext == "js" {
            let own = !rel.starts_with("pkg");
            groups[usize::from(own)].push((slash_path(rel), text, path));
            continue;
        }
        let lean = minify::minify_css(&text);
        fs::write(&path, &lean).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        m.files += 1;
        m.before += text.len() as u64;
        m.after += lean.len() as u64;
    }
    for (i, group) in groups.iter().enumerate() {
        let files: Vec<(&str, &str)> = group
            .iter()
            .map(|(n, t, _)| (n.as_str(), t.as_str()))
            .collect();
        let lean = minify::minify_modules(&files, i == 1)?;
        for ((_, text, path), lean) in group.iter().zip(lean) {
            fs::write(path, &lean).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            m.files += 1;
            m.before += text.len() as u64;
            m.after += lean.len() as u64;
        }
    }
    Ok(m)
}

#[cfg(test)]
pub(crate) mod testutil {
    use std::fs;
    use std::path::{Path, PathBuf};

    /// A fresh empty folder under the system temp dir, removed on drop.
    pub struct TempDir(pub PathBuf);
    impl TempDir {
        pub fn new(tag: &str) -> TempDir {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "investcalc-site-{tag}-{}-{}",
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

    /// Writes `s` to `p`, creating its folder.
    pub fn write(p: &Path, s: &str) {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, s).unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::{write, TempDir};
    use super::*;

    #[test]
    fn report_prints_the_size_line() {
        let report = BuildReport {
            out: PathBuf::from("target/site"),
            written: vec![PathBuf::from("pkg/investcalc.js")],
            minified: Minified {
                files: 3,
                before: 60_000,
                after: 40_000,
                enabled: true,
            },
            loaded: vec![
                LoadedFile {
                    path: "pkg/investcalc.js".into(),
                    raw: 200_000,
                    gzip: 87_123,
                },
                LoadedFile {
                    path: "lang/en.json".into(),
                    raw: 30_000,
                    gzip: 7_000,
                },
                LoadedFile {
                    path: "lang/zh-Hans.json".into(),
                    raw: 30_000,
                    gzip: 8_000,
                },
            ],
            notes: vec![],
            budgets: Some(size::Budgets {
                first_load: 100_000,
                all_assets: 95_000,
            }),
        };
        // One visit: the module and the larger first screen, 87,123 + 8,000.
        assert_eq!(report.visit_gzip(), 95_123);
        let text = report.to_string();
        assert!(
            text.contains(
                "size: one visit can load 95,123 bytes gzipped (budget 95,000) OVER BUDGET"
            ),
            "{text}"
        );
        assert!(report.over_budget());
        assert!(text.contains("minified 3 JS/CSS files: 60,000 -> 40,000 bytes"));
    }

    #[test]
    fn the_artifact_list_builds_one_module_and_copies_www() {
        let wasm: Vec<_> = ARTIFACTS
            .iter()
            .filter(|a| matches!(a, Artifact::Wasm { .. }))
            .collect();
        assert_eq!(
            wasm,
            [&Artifact::Wasm {
                stem: "investcalc",
                features: &[],
                dir: "pkg"
            }]
        );
        assert!(ARTIFACTS.contains(&Artifact::Static { from: "www" }));
        assert!(ARTIFACTS.contains(&Artifact::LanguagePacks { dir: "lang" }));
    }

    #[test]
    fn minifies_only_the_written_js_and_css() {
        let tmp = TempDir::new("minify");
        let src = "// note\nexport const answer = 42;\n";
        write(&tmp.0.join("a.js"), src);
        write(&tmp.0.join("stale.js"), src);
        write(&tmp.0.join("b.css"), "/* c */\n  .b { color: red; }\n");
        write(&tmp.0.join("c.html"), "  <p>x</p>\n");
        let written = ["a.js", "b.css", "c.html"].map(PathBuf::from);
        let m = minify_written(&tmp.0, &written).unwrap();
        if !m.enabled {
            return; // INVESTCALC_NO_MINIFY is set for this test run
        }
        assert_eq!(m.files, 2);
        let a = fs::read_to_string(tmp.0.join("a.js")).unwrap();
        assert!(!a.contains("note") && a.contains("answer"), "{a}");
        assert_eq!(fs::read_to_string(tmp.0.join("stale.js")).unwrap(), src);
        assert_eq!(
            fs::read_to_string(tmp.0.join("b.css")).unwrap(),
            ".b{color:red}"
        );
        assert_eq!(
            fs::read_to_string(tmp.0.join("c.html")).unwrap(),
            "  <p>x</p>\n"
        );
    }
}

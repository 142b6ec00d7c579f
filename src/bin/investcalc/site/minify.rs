//! The JS and CSS the site ships, made smaller (the readable sources stay in `www/`).
//!
//! - JavaScript: `oxc_minifier` (compress + mangle local names) and `oxc_codegen`. Every
//!   `.js` file of the site is an ES module (`<script type="module">`, `import()`), so it
//!   is parsed as one: names a module exports and the modules it imports are kept, and
//!   the output is parsed again and its exports and imports compared with the input's.
//!   The element and its staff tools are minified together, and their private property
//!   names (`this._state`) become short private names (`this._a`) in both
//!   ([`minify_modules`]); other property names (`wasm.__wbindgen_start`, `report.lang`)
//!   are never renamed.
//! - CSS: comments and the whitespace that carries no meaning ([`minify_css`]; a CSS
//!   minifier crate saved no more, for 27 s more compile time).
//!
//! `INVESTCALC_NO_MINIFY=1` ships the files as they are (for reading the site in a
//! browser's dev tools).

use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions, CommentOptions};
use oxc::minifier::{
    CompressOptions, MangleOptions, ManglePropertiesOptions, Minifier, MinifierOptions,
    PropertyMangler,
};
use oxc::parser::Parser;
use oxc::span::SourceType;
use oxc::str::CompactStr;
use oxc::syntax::module_record::{ExportExportName, ModuleRecord};

/// Set to anything but `0` or empty to copy JS and CSS without minifying.
pub const NO_MINIFY_ENV: &str = "INVESTCALC_NO_MINIFY";

/// The language level the minifier may write: every browser with CSS container queries
/// (which the widget's stylesheet uses) runs ES2022.
const ES_TARGET: &str = "es2022";

/// Whether minification is turned off by [`NO_MINIFY_ENV`].
pub fn disabled() -> bool {
    std::env::var_os(NO_MINIFY_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// What a module shows other modules: the names it exports and the modules it imports.
#[derive(Debug, PartialEq, Eq)]
struct Interface {
    exports: Vec<String>,
    imports: Vec<String>,
}

impl Interface {
    fn of(record: &ModuleRecord) -> Interface {
        let mut exports: Vec<String> = record
            .local_export_entries
            .iter()
            .chain(record.indirect_export_entries.iter())
            .filter_map(|e| match &e.export_name {
                ExportExportName::Name(n) => Some(n.name.to_string()),
                ExportExportName::Default(_) => Some("default".to_string()),
                ExportExportName::Null => None,
            })
            .chain(record.star_export_entries.iter().filter_map(|e| {
                e.module_request
                    .as_ref()
                    .map(|m| format!("* from {}", m.name))
            }))
            .collect();
        exports.sort();
        let mut imports: Vec<String> = record
            .requested_modules
            .keys()
            .map(|k| k.to_string())
            .collect();
        imports.sort();
        Interface { exports, imports }
    }
}

/// `1-based line:column` of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{line}:{col}")
}

/// Parses `text` as an ES module; `Err` names the first syntax error and where it is.
fn parse<'a>(
    alloc: &'a Allocator,
    text: &'a str,
    name: &str,
) -> Result<oxc::parser::ParserReturn<'a>, String> {
    let ret = Parser::new(alloc, text, SourceType::mjs()).parse();
    if let Some(d) = ret.diagnostics.errors().next() {
        let at = d
            .labels
            .first()
            .map(|l| line_col(text, l.offset() as usize))
            .unwrap_or_else(|| "?".into());
        return Err(format!("{name}:{at}: {}", d.message));
    }
    if ret.panicked {
        return Err(format!("{name}: the JavaScript parser gave up"));
    }
    Ok(ret)
}

/// Minifies one ES module on its own. `name` is for messages.
#[cfg(test)]
pub fn minify_js(text: &str, name: &str) -> Result<String, String> {
    let mut out = minify_modules(&[(name, text)], false)?;
    Ok(out.pop().unwrap_or_default())
}

/// Private property names (`this._values`, `el._money`): an underscore, then a letter.
const PRIVATE: &str = "^_[A-Za-z]";
/// Private names that keep their spelling: the browser tests reach the engine through them
/// (`el._api`, `el._calc`).
const KEPT_PRIVATE: &[&str] = &["_api", "_calc"];

/// Each private name `_[A-Za-z]…` in `texts` (outside nothing: a string such as `'_blank'`
/// counts too, which only costs it a short name it may not use) with its count, most
/// frequent first.
fn private_names(texts: &[&str]) -> Vec<String> {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for text in texts {
        let b = text.as_bytes();
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'_'
                && (i == 0 || !ident(b[i - 1]))
                && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            {
                let end = (i + 1..b.len()).find(|&j| !ident(b[j])).unwrap_or(b.len());
                *counts.entry(&text[i..end]).or_default() += 1;
                i = end;
            } else {
                i += 1;
            }
        }
    }
    let mut names: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|(n, _)| !KEPT_PRIVATE.contains(n))
        .collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    names.into_iter().map(|(n, _)| n.to_string()).collect()
}

/// The `n`th short private name: `_a` … `_Z`, `_aa`, `_ab`, … (distinct for each `n`):
/// the `n`th short name with the `_` that keeps it apart from DOM and SVG properties.
fn short_private(n: usize) -> String {
    format!("_{}", super::names::short_name(n))
}

/// The options that rename every private property name of `texts` to a short private name
/// (`_values` → `_b`), the same in every module of the group.
fn private_property_options(texts: &[&str]) -> Result<ManglePropertiesOptions, String> {
    let mut options = ManglePropertiesOptions::from_pattern(PRIVATE)?;
    let names = private_names(texts);
    let mut targets = (0..)
        .map(short_private)
        .filter(|t| !KEPT_PRIVATE.contains(&t.as_str()));
    for name in names {
        let target = targets.next().unwrap_or_default();
        options
            .cache
            .insert(
                CompactStr::from(name.as_str()),
                Some(CompactStr::from(target.as_str())),
            )
            .map_err(|e| e.to_string())?;
    }
    for kept in KEPT_PRIVATE {
        options
            .cache
            .insert(CompactStr::from(*kept), None)
            .map_err(|e| e.to_string())?;
    }
    Ok(options)
}

/// Minifies ES modules, given as `(name, text)`. With `shared_private`, the modules are
/// one program split in files (the element and its staff tools call each other's
/// `_methods`): their private property names (`_values`, `_money`) are renamed, the same
/// way in each, to short names that also start with an underscore, so they can never
/// clash with a name the DOM gives its elements (`id`, an SVG `<rect>`'s `x`). Other
/// property names are never renamed.
pub fn minify_modules(files: &[(&str, &str)], shared_private: bool) -> Result<Vec<String>, String> {
    let allocs: Vec<Allocator> = files.iter().map(|_| Allocator::default()).collect();
    let mut programs = Vec::new();
    for ((name, text), alloc) in files.iter().zip(&allocs) {
        let parsed = parse(alloc, text, name).map_err(|e| {
            format!("{e}. The browser would reject this file too: fix its syntax and rebuild.")
        })?;
        programs.push((*name, Interface::of(&parsed.module_record), parsed.program));
    }
    if shared_private {
        let texts: Vec<&str> = files.iter().map(|f| f.1).collect();
        let mut mangler = PropertyMangler::new(private_property_options(&texts)?);
        for (_, _, program) in &programs {
            mangler.collect(program);
        }
        if let Some((from, to)) = mangler.assign().iter().find(|(_, to)| !to.starts_with('_')) {
            return Err(format!(
                "the property {from} would be renamed {to}, which is not a private name"
            ));
        }
        for ((_, _, program), alloc) in programs.iter_mut().zip(&allocs) {
            mangler.rewrite(program, alloc);
        }
    }
    let target = oxc_compat::EngineTargets::from_target(ES_TARGET)
        .map_err(|e| format!("the minifier does not know the target {ES_TARGET}: {e}"))?;
    let mut out = Vec::new();
    for ((name, before, mut program), alloc) in programs.into_iter().zip(&allocs) {
        let options = MinifierOptions {
            mangle: Some(MangleOptions::default()),
            mangle_properties: None,
            compress: Some(CompressOptions {
                target: target.clone(),
                ..CompressOptions::smallest()
            }),
        };
        let minified = Minifier::new(options).minify(alloc, &mut program);
        let code = Codegen::new()
            .with_options(CodegenOptions {
                minify: true,
                comments: CommentOptions::disabled(),
                ..CodegenOptions::default()
            })
            .with_scoping(minified.scoping)
            .build(&program)
            .code;
        check_interface(&code, name, &before)?;
        out.push(code);
    }
    Ok(out)
}

/// The output must still be a module with the same exports and imports.
fn check_interface(code: &str, name: &str, before: &Interface) -> Result<(), String> {
    let check = Allocator::default();
    let reparsed = parse(&check, code, name).map_err(|e| {
        format!(
            "the minifier wrote JavaScript that does not parse ({e}). Build with \
             {NO_MINIFY_ENV}=1 to ship the file unminified, and report the file to oxc."
        )
    })?;
    let after = Interface::of(&reparsed.module_record);
    if after != *before {
        return Err(format!(
            "{name}: minifying changed what the module exports or imports ({before:?} became \
             {after:?}). Build with {NO_MINIFY_ENV}=1 to ship it unminified."
        ));
    }
    Ok(())
}

/// CSS without comments and without the whitespace that carries no meaning: runs of
/// whitespace become one space, which goes too next to `{ } ; , > !` and after `:` and
/// `(`, and the `;` before a `}` goes. Strings are copied as written. A space before `:`
/// stays (`a :hover` is not `a:hover`), and so do the spaces around `+` and `-` (in
/// `calc()` they are needed) and between words (`and (`, `0 .5em`, `/ 1.5`).
pub fn minify_css(text: &str) -> String {
    let tight_before = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>' | '!');
    let tight_after = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>' | ':' | '(');
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for d in chars.by_ref() {
                if last == '*' && d == '/' {
                    break;
                }
                last = d;
            }
            space = true;
            continue;
        }
        if space && !tight_before(c) && out.chars().next_back().is_some_and(|p| !tight_after(p)) {
            out.push(' ');
        }
        space = false;
        if c == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(c);
        if c == '"' || c == '\'' {
            // A string, to its closing quote (a backslash escapes the next character).
            while let Some(d) = chars.next() {
                out.push(d);
                if d == '\\' {
                    if let Some(e) = chars.next() {
                        out.push(e);
                    }
                } else if d == c {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constructs the shipped modules use: imports, `import.meta.url`, dynamic
    /// `import()`, a class with `_fields`, template literals (one over several lines),
    /// exports under their own and another name.
    const MODULE: &str = r#"
// A comment that goes.
import { helper } from './helper.js';
const HERE = import.meta.url;
let apiPromise = null;
/** Loads the API once. */
function loadApi() {
  apiPromise ??= import(new URL('./pkg/investcalc.js', HERE).href).then((m) => m);
  return apiPromise;
}
export class InvestCalculator extends HTMLElement {
  constructor() {
    super();
    this._state = { count: 0 };
  }
  render(longParameterName) {
    const text = `line one ${longParameterName}
    line two keeps its spaces`;
    return helper(text, this._state);
  }
}
const tagName = 'invest-calculator';
export { tagName, loadApi as load };
export default InvestCalculator;
"#;

    #[test]
    fn keeps_exports_imports_and_property_names() {
        let min = minify_js(MODULE, "module.js").unwrap();
        assert!(min.len() < MODULE.len() * 3 / 4, "{min}");
        for kept in [
            "export",
            "InvestCalculator",
            "tagName",
            "load",
            "./helper.js",
            "./pkg/investcalc.js",
            "import.meta.url",
            "import(",
            "this._state",
            "HTMLElement",
            // A template literal's text is its value: spaces and the line break stay.
            "line two keeps its spaces",
        ] {
            assert!(min.contains(kept), "{kept:?} is missing from {min}");
        }
        assert!(
            min.contains("one ${") && min.contains("}\n    line two"),
            "template literal changed: {min}"
        );
        for gone in [
            "A comment that goes",
            "Loads the API once",
            "longParameterName",
        ] {
            assert!(!min.contains(gone), "{gone:?} is still in {min}");
        }
        let alloc = Allocator::default();
        let again = parse(&alloc, &min, "min.js").unwrap();
        assert_eq!(
            Interface::of(&again.module_record),
            Interface {
                exports: vec![
                    "InvestCalculator".into(),
                    "default".into(),
                    "load".into(),
                    "tagName".into()
                ],
                imports: vec!["./helper.js".into()],
            }
        );
    }

    #[test]
    fn private_names_are_shared_short_and_private() {
        let element = "export class El { constructor() { this._values = {}; this._api = 1; this._calc = 2; }\n  _money(a) { return this._values[a] ?? a; }\n  link() { return { rel: 'noopener', target: '_blank', _values: this._values }; } }\n";
        let staff = "import { El } from './el.js';\nexport function row(el) { const { _values } = el; return el._money(1) + el._api + el._calc + String(_values) + el.link().target; }\n";
        let out = minify_modules(&[("el.js", element), ("staff.js", staff)], true).unwrap();
        for (code, gone) in [
            (&out[0], "_money"),
            (&out[0], "_values"),
            (&out[1], "_money"),
        ] {
            assert!(!code.contains(gone), "{gone} is still in {code}");
        }
        // `_values` is the more frequent: `_a`; `_money` is `_b`, in both modules (the
        // destructured `{ _values }` too).
        assert!(
            out[0].contains("this._a={}") && out[0].contains("_b(e){return this._a[e]"),
            "{}",
            out[0]
        );
        assert!(out[0].contains("_a:this._a"), "{}", out[0]);
        assert!(
            out[1].contains("{_a:") && out[1].contains("._b(1)"),
            "{}",
            out[1]
        );
        for code in &out {
            assert!(code.contains("._api") && code.contains("._calc"), "{code}");
        }
        assert!(out[0].contains("`_blank`"), "{}", out[0]);
        assert_eq!(short_private(0), "_a");
        assert_eq!(short_private(52), "_aa");
        let names: std::collections::BTreeSet<String> = (0..3000).map(short_private).collect();
        assert_eq!(names.len(), 3000);
    }

    #[test]
    fn a_syntax_error_names_the_file_and_place() {
        let err = minify_js("const a = 1;\nconst = 2;\n", "www/bad.js").unwrap_err();
        assert!(err.starts_with("www/bad.js:2:"), "{err}");
        assert!(err.contains("fix its syntax"), "{err}");
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_col("ab\ncd", 0), "1:1");
        assert_eq!(line_col("ab\ncd", 4), "2:2");
        assert_eq!(line_col("é\nx", 3), "2:1");
    }

    #[test]
    fn css_keeps_strings_and_meaningful_spaces() {
        let src = "/* c */\n.a  >  b , .c :hover {\n  background: url(//x/y.png);\n  /* two\n     lines */\n  content: \" /* kept */ ; \\\" \";\n  width: calc(1em + 2px) !important;\n  font: 400 medium / 1.5 \"A B\", sans-serif;\n}\n@media (max-width: 30em) and (min-width: 10em) {\n  .d { margin: 0 .5em; grid-template-areas: \"top\" 'head'; }\n}\n";
        assert_eq!(
            minify_css(src),
            ".a>b,.c :hover{background:url(//x/y.png);content:\" /* kept */ ; \\\" \";width:calc(1em + 2px)!important;font:400 medium / 1.5 \"A B\",sans-serif}@media (max-width:30em) and (min-width:10em){.d{margin:0 .5em;grid-template-areas:\"top\" 'head'}}"
        );
    }
}

//! Short names between the wasm module and its JS glue (a step after wasm-bindgen).
//!
//! wasm-bindgen names each function the module imports from its glue after the JS it
//! calls plus a 16-digit hash (`__wbg_getMonth_a4698d688e95d9bd`), under the module name
//! `./<stem>_bg.js`, and each function the glue calls after the Rust export
//! (`calculator_formSchema`, `__wbindgen_malloc`). Every such name is written twice, in
//! the module's import or export section and in the glue, and the hashes do not
//! compress: about 1.9 KB gzipped of a visit. This step renames them `a`, `b`, … in both
//! files (and in the `.d.ts` files that list the module's exports: `<stem>_bg.wasm.d.ts`
//! and the glue's `InitOutput`, the type of what `init()` resolves to), and drops the
//! module's `target_features` section (read by tools such as wasm-opt, never by a
//! browser). The functions the glue exports (`Calculator`, `parseAmount`, `default`, …)
//! keep their names: only the link between the two files changes (and with it the names
//! of the raw module exports that `init()` returns, wasm-bindgen's internal ABI; `memory`
//! keeps its name).
//!
//! Nothing is guessed: every name renamed in the module must be found in the glue exactly
//! where wasm-bindgen writes it (an import as a key of `__wbg_get_imports`' object, an
//! export as `wasm.<name>`), or the step fails and says so.

use std::collections::BTreeMap;

/// A custom section no browser reads.
const DROPPED_CUSTOM: &[&str] = &["target_features"];
/// Exports kept under their own names besides the ones the glue does not use: the memory
/// (a host may read `memory`). A short name (one or two letters) never clashes with them.
const KEPT_EXPORTS: &[&str] = &["memory"];

/// The glue, its module and the two `.d.ts` (the module's exports, the glue's), renamed.
#[derive(Debug)]
pub struct Shortened {
    pub wasm: Vec<u8>,
    pub glue: String,
    pub wasm_dts: Option<String>,
    pub glue_dts: Option<String>,
    /// How many imports and exports were renamed.
    pub imports: usize,
    pub exports: usize,
}

/// The `n`th short name: `a` … `z`, `A` … `Z`, `aa`, `ab`, … (valid JS identifiers).
pub(crate) fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads an unsigned LEB128 number at `*pos`.
fn read_leb(bytes: &[u8], pos: &mut usize) -> Result<u64, String> {
    let mut value: u64 = 0;
    let mut shift = 0;
    loop {
        let Some(&b) = bytes.get(*pos) else {
            return Err("the module ends inside a number".into());
        };
        *pos += 1;
        if shift >= 64 {
            return Err("a number in the module is too long".into());
        }
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
}

fn write_leb(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn read_byte(bytes: &[u8], pos: &mut usize) -> Result<u8, String> {
    let b = *bytes
        .get(*pos)
        .ok_or_else(|| "the module ends inside an entry".to_string())?;
    *pos += 1;
    Ok(b)
}

fn read_name(bytes: &[u8], pos: &mut usize) -> Result<String, String> {
    let len = usize::try_from(read_leb(bytes, pos)?).map_err(|_| "a name is too long")?;
    let end = pos
        .checked_add(len)
        .filter(|&e| e <= bytes.len())
        .ok_or("the module ends inside a name")?;
    let name = std::str::from_utf8(&bytes[*pos..end])
        .map_err(|_| "a name in the module is not UTF-8")?
        .to_string();
    *pos = end;
    Ok(name)
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

/// Skips a table's or memory's limits (a flags byte, the minimum, the maximum if flagged).
fn skip_limits(bytes: &[u8], pos: &mut usize) -> Result<(), String> {
    let flags = read_leb(bytes, pos)?;
    read_leb(bytes, pos)?;
    if flags & 1 != 0 {
        read_leb(bytes, pos)?;
    }
    Ok(())
}

/// Skips one import's description (what is imported and its type); its bytes are copied.
fn skip_import_desc(bytes: &[u8], pos: &mut usize) -> Result<(), String> {
    match read_byte(bytes, pos)? {
        // A function: its type index.
        0x00 => read_leb(bytes, pos).map(drop),
        // A table: its element type (one byte for funcref and externref), its limits.
        0x01 => match read_byte(bytes, pos)? {
            0x70 | 0x6f => skip_limits(bytes, pos),
            t => Err(format!("an imported table of element type 0x{t:02x}")),
        },
        // A memory: its limits.
        0x02 => skip_limits(bytes, pos),
        // A global: its value type and mutability.
        0x03 => {
            read_byte(bytes, pos)?;
            read_byte(bytes, pos).map(drop)
        }
        k => Err(format!("an import of kind 0x{k:02x}")),
    }
}

/// One section of the module: its id and its contents.
struct Section<'a> {
    id: u8,
    body: &'a [u8],
}

fn sections(wasm: &[u8]) -> Result<Vec<Section<'_>>, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a version-1 wasm module".into());
    }
    let mut pos = 8;
    let mut out = Vec::new();
    while pos < wasm.len() {
        let id = read_byte(wasm, &mut pos)?;
        let len =
            usize::try_from(read_leb(wasm, &mut pos)?).map_err(|_| "a section is too long")?;
        let end = pos
            .checked_add(len)
            .filter(|&e| e <= wasm.len())
            .ok_or("the module ends inside a section")?;
        out.push(Section {
            id,
            body: &wasm[pos..end],
        });
        pos = end;
    }
    Ok(out)
}

/// The import section with the glue's imports renamed; `renames` gets old → new.
fn rename_imports(
    body: &[u8],
    glue_module: &str,
    renames: &mut BTreeMap<String, String>,
) -> Result<Vec<u8>, String> {
    let mut pos = 0;
    let count = read_leb(body, &mut pos)?;
    let mut out = Vec::with_capacity(body.len());
    write_leb(&mut out, count);
    for _ in 0..count {
        let module = read_name(body, &mut pos)?;
        let field = read_name(body, &mut pos)?;
        let start = pos;
        skip_import_desc(body, &mut pos)?;
        if module == glue_module {
            let next = short_name(renames.len());
            let new = renames.entry(field.clone()).or_insert(next).clone();
            write_name(&mut out, GLUE_MODULE_SHORT);
            write_name(&mut out, &new);
        } else {
            write_name(&mut out, &module);
            write_name(&mut out, &field);
        }
        out.extend_from_slice(&body[start..pos]);
    }
    if pos != body.len() {
        return Err("the import section has bytes after its last entry".into());
    }
    Ok(out)
}

/// The export section with every export the glue calls renamed; `renames` gets old → new.
fn rename_exports(
    body: &[u8],
    glue: &str,
    renames: &mut BTreeMap<String, String>,
) -> Result<Vec<u8>, String> {
    let mut pos = 0;
    let count = read_leb(body, &mut pos)?;
    let mut out = Vec::with_capacity(body.len());
    let mut written = std::collections::BTreeSet::new();
    write_leb(&mut out, count);
    for _ in 0..count {
        let name = read_name(body, &mut pos)?;
        let start = pos;
        read_byte(body, &mut pos)?;
        read_leb(body, &mut pos)?;
        let used = !wasm_refs(glue, &name).is_empty();
        if used && !KEPT_EXPORTS.contains(&name.as_str()) {
            // Short names never clash with the names kept (`memory`, `__abort_handler`).
            let new = short_name(renames.len());
            renames.insert(name, new.clone());
            written.insert(new.clone());
            write_name(&mut out, &new);
        } else {
            written.insert(name.clone());
            write_name(&mut out, &name);
        }
        out.extend_from_slice(&body[start..pos]);
    }
    if pos != body.len() {
        return Err("the export section has bytes after its last entry".into());
    }
    if written.len() as u64 != count {
        return Err("a short export name clashes with a kept one".into());
    }
    Ok(out)
}

/// The module name the glue's imports come under, once shortened.
const GLUE_MODULE_SHORT: &str = "a";

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Byte offsets of `wasm.<name>` in the glue (the whole name, not a longer one).
fn wasm_refs(glue: &str, name: &str) -> Vec<usize> {
    let needle = format!("wasm.{name}");
    glue.match_indices(&needle)
        .filter(|(i, _)| {
            let before = glue[..*i].chars().next_back();
            let after = glue[i + needle.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map(|(i, _)| i + "wasm.".len())
        .collect()
}

/// Replaces, in order, each `(offset, old, new)` (offsets into `text`, not overlapping).
fn splice(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, len, new) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&new);
        at = start + len;
    }
    out.push_str(&text[at..]);
    out
}

/// The module's exports renamed in a `.d.ts`: `export const <name>:` in
/// `<stem>_bg.wasm.d.ts`, `readonly <name>:` in the glue's `InitOutput` (the type of what
/// `init()` resolves to: the module's exports).
fn rename_in_dts(d: &str, exports: &BTreeMap<String, String>) -> String {
    let edits = exports
        .iter()
        .flat_map(|(old, new)| {
            ["export const ", "    readonly "]
                .into_iter()
                .filter_map(move |lead| {
                    let line = format!("\n{lead}{old}:");
                    d.find(&line)
                        .map(|i| (i + 1 + lead.len(), old.len(), new.clone()))
                })
        })
        .collect();
    splice(d, edits)
}

/// Renames the module's links to its glue in the module, the glue and the two `.d.ts`.
pub fn shorten(
    wasm: &[u8],
    glue: &str,
    wasm_dts: Option<&str>,
    glue_dts: Option<&str>,
    stem: &str,
) -> Result<Shortened, String> {
    let glue_module = format!("./{stem}_bg.js");
    let mut imports = BTreeMap::new();
    let mut exports = BTreeMap::new();
    let mut out = wasm[..8.min(wasm.len())].to_vec();
    for s in sections(wasm)? {
        let body = match s.id {
            0 => {
                let mut p = 0;
                let name = read_name(s.body, &mut p)?;
                if DROPPED_CUSTOM.contains(&name.as_str()) {
                    continue;
                }
                s.body.to_vec()
            }
            2 => rename_imports(s.body, &glue_module, &mut imports)?,
            7 => rename_exports(s.body, glue, &mut exports)?,
            _ => s.body.to_vec(),
        };
        out.push(s.id);
        write_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }

    // The glue: each import is a key `<name>: function` of the object that
    // `__wbg_get_imports` returns under `"./<stem>_bg.js"`; each export is `wasm.<name>`.
    let mut edits = Vec::new();
    for (old, new) in &imports {
        let key = format!("\n        {old}: function");
        let found: Vec<usize> = glue.match_indices(&key).map(|(i, _)| i).collect();
        if found.len() != 1 {
            return Err(format!(
                "the glue has {} definitions of the import {old} (one expected): wasm-bindgen \
                 wrote its glue in another form than this build knows",
                found.len()
            ));
        }
        edits.push((found[0] + "\n        ".len(), old.len(), new.clone()));
    }
    let module_key = format!("\"{glue_module}\": import0");
    let found: Vec<usize> = glue.match_indices(&module_key).map(|(i, _)| i).collect();
    if !imports.is_empty() && found.len() != 1 {
        return Err(format!(
            "the glue names the module {glue_module} {} times (once expected)",
            found.len()
        ));
    }
    if !imports.is_empty() {
        edits.push((
            found[0] + 1,
            glue_module.len(),
            GLUE_MODULE_SHORT.to_string(),
        ));
    }
    for (old, new) in &exports {
        for at in wasm_refs(glue, old) {
            edits.push((at, old.len(), new.clone()));
        }
    }
    let glue = splice(glue, edits);
    let left = imports
        .keys()
        .find(|old| glue.contains(&format!("{old}: function")))
        .or_else(|| exports.keys().find(|old| !wasm_refs(&glue, old).is_empty()));
    if let Some(old) = left {
        return Err(format!("the glue still names {old} after renaming it"));
    }

    let wasm_dts = wasm_dts.map(|d| rename_in_dts(d, &exports));
    let glue_dts = glue_dts.map(|d| rename_in_dts(d, &exports));
    Ok(Shortened {
        wasm: out,
        glue,
        wasm_dts,
        glue_dts,
        imports: imports.len(),
        exports: exports.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![id];
        write_leb(&mut out, body.len() as u64);
        out.extend_from_slice(body);
        out
    }

    /// A module with: a type section, two function imports from the glue and a memory
    /// import from elsewhere, an export section (memory, two functions, one the glue does
    /// not call) and a `target_features` section.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(section(1, &[1, 0x60, 0, 0]));
        let mut imp = vec![3];
        for (m, f) in [
            ("./calc_bg.js", "__wbg_getMonth_a4698d688e95d9bd"),
            ("./calc_bg.js", "__wbindgen_init_externref_table"),
        ] {
            write_name(&mut imp, m);
            write_name(&mut imp, f);
            imp.extend([0x00, 0x00]);
        }
        write_name(&mut imp, "env");
        write_name(&mut imp, "mem");
        imp.extend([0x02, 0x01, 0x01, 0x02]);
        wasm.extend(section(2, &imp));
        let mut exp = vec![4];
        for (n, kind) in [
            ("memory", 2u8),
            ("calculator_new", 0),
            ("__wbindgen_malloc", 0),
            ("__abort_handler", 3),
        ] {
            write_name(&mut exp, n);
            exp.extend([kind, 0]);
        }
        wasm.extend(section(7, &exp));
        let mut tf = Vec::new();
        write_name(&mut tf, "target_features");
        tf.extend([1, b'+', 3, b'a', b'b', b'c']);
        wasm.extend(section(0, &tf));
        wasm
    }

    const GLUE: &str = "function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_getMonth_a4698d688e95d9bd: function(arg0) {
            return arg0.getMonth();
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs_x;
        },
    };
    return {
        __proto__: null,
        \"./calc_bg.js\": import0,
    };
}
export function f() { wasm.calculator_new(wasm.__wbindgen_malloc(1)); return wasm.memory; }
";

    fn names(wasm: &[u8], id: u8) -> Vec<String> {
        let s = sections(wasm).unwrap();
        let body = s.iter().find(|s| s.id == id).unwrap().body;
        let mut pos = 0;
        let n = read_leb(body, &mut pos).unwrap();
        let mut out = Vec::new();
        for _ in 0..n {
            if id == 2 {
                let m = read_name(body, &mut pos).unwrap();
                let f = read_name(body, &mut pos).unwrap();
                out.push(format!("{m}::{f}"));
                skip_import_desc(body, &mut pos).unwrap();
            } else {
                out.push(read_name(body, &mut pos).unwrap());
                read_byte(body, &mut pos).unwrap();
                read_leb(body, &mut pos).unwrap();
            }
        }
        out
    }

    #[test]
    fn renames_the_links_in_both_files_and_nothing_else() {
        let dts = "export const memory: WebAssembly.Memory;\nexport const calculator_new: (a: any) => number;\nexport const __wbindgen_malloc: (a: number) => number;\n";
        let glue_dts = "export function calculator_new(): void;\nexport interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n    readonly calculator_new: (a: any) => number;\n    readonly __wbindgen_malloc: (a: number) => number;\n}\n";
        let s = shorten(&module(), GLUE, Some(dts), Some(glue_dts), "calc").unwrap();
        assert_eq!((s.imports, s.exports), (2, 2));
        assert_eq!(names(&s.wasm, 2), ["a::a", "a::b", "env::mem"]);
        assert_eq!(names(&s.wasm, 7), ["memory", "a", "b", "__abort_handler"]);
        assert!(s.glue.contains("\n        a: function(arg0)"), "{}", s.glue);
        assert!(s.glue.contains("\n        b: function()"), "{}", s.glue);
        assert!(s.glue.contains("\"a\": import0"), "{}", s.glue);
        assert!(
            s.glue.contains("wasm.a(wasm.b(1)); return wasm.memory;"),
            "{}",
            s.glue
        );
        // A longer name that merely starts like an export is left alone.
        assert!(
            s.glue.contains("wasm.__wbindgen_externrefs_x"),
            "{}",
            s.glue
        );
        assert_eq!(
            s.wasm_dts.as_deref(),
            Some("export const memory: WebAssembly.Memory;\nexport const a: (a: any) => number;\nexport const b: (a: number) => number;\n")
        );
        // The glue's own export keeps its name; the type of `init()`'s result follows.
        assert_eq!(
            s.glue_dts.as_deref(),
            Some("export function calculator_new(): void;\nexport interface InitOutput {\n    readonly memory: WebAssembly.Memory;\n    readonly a: (a: any) => number;\n    readonly b: (a: number) => number;\n}\n")
        );
        // The type section is untouched, target_features is gone.
        let ids: Vec<u8> = sections(&s.wasm).unwrap().iter().map(|s| s.id).collect();
        assert_eq!(ids, [1, 2, 7]);
        assert_eq!(sections(&s.wasm).unwrap()[0].body, [1, 0x60, 0, 0]);
    }

    #[test]
    fn a_glue_in_another_form_is_an_error() {
        let glue = GLUE.replace("__wbg_getMonth_a4698d688e95d9bd: function", "x: function");
        let err = shorten(&module(), &glue, None, None, "calc").unwrap_err();
        assert!(err.contains("__wbg_getMonth_a4698d688e95d9bd"), "{err}");
        assert!(shorten(b"\0asm\x02\0\0\0", GLUE, None, None, "calc").is_err());
        let mut cut = module();
        cut.truncate(cut.len() - 3);
        assert!(shorten(&cut, GLUE, None, None, "calc").is_err());
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let all: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(&all[..3], ["a", "b", "c"]);
        assert_eq!(all[52], "aa");
        let set: std::collections::BTreeSet<&String> = all.iter().collect();
        assert_eq!(set.len(), all.len());
        assert!(all
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
    }
}

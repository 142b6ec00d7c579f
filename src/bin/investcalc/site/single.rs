//! `investcalc build --single-file OUT.html`: the calculator as one HTML file that works
//! when opened from disk (`file://`), for a laptop in a meeting room with no network.
//!
//! Everything the widget loads goes into one JSON block in the page: the element and the
//! staff tools (JS text), the wasm-bindgen glue, the wasm module (base64), the stylesheet
//! and every language pack. A small inline module starts the element from a blob URL; the
//! element finds the block (`#investcalc-inline`) and takes its files from it instead of
//! fetching them. Nothing is fetched, and no text is ever parsed as HTML: the block is
//! JSON inside a `<script type="application/json">`, with `</` written `<\/`.

use std::fs;
use std::path::Path;

/// Reads a file of the built site.
fn read(site: &Path, rel: &str) -> Result<Vec<u8>, String> {
    fs::read(site.join(rel)).map_err(|e| format!("cannot read {}: {e}", site.join(rel).display()))
}

fn text(site: &Path, rel: &str) -> Result<String, String> {
    String::from_utf8(read(site, rel)?).map_err(|_| format!("{rel} is not UTF-8"))
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes the single-file page for the site built in `site` to `out`; returns its size.
pub fn write(site: &Path, out: &Path, lang: &str) -> Result<u64, String> {
    let mut packs = serde_json::Map::new();
    for tag in ["en", "zh-Hans", "zh-Hant"] {
        let pack: serde_json::Value =
            serde_json::from_str(&text(site, &format!("lang/{tag}.json"))?)
                .map_err(|e| format!("lang/{tag}.json is not JSON: {e}"))?;
        packs.insert(tag.to_string(), pack);
    }
    let inline = serde_json::json!({
        "element": text(site, "invest-calculator.js")?,
        "staff": text(site, "invest-calculator-staff.js")?,
        "css": text(site, "invest-calculator.css")?,
        "glue": text(site, "pkg/investcalc.js")?,
        "wasm": base64(&read(site, "pkg/investcalc_bg.wasm")?),
        "packs": packs,
    });
    // Inside <script>, "</" could end the element: JSON allows "<\/" for it.
    let json = inline.to_string().replace("</", "<\\/");
    let page = format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>investcalc</title>
<style>body {{ margin: 0 auto; max-width: 72rem; }}</style>
</head>
<body>
<invest-calculator lang="{lang}"></invest-calculator>
<script type="application/json" id="investcalc-inline">{json}</script>
<script type="module">
const files = JSON.parse(document.getElementById('investcalc-inline').textContent);
import(URL.createObjectURL(new Blob([files.element], {{ type: 'text/javascript' }})));
</script>
</body>
</html>
"#
    );
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(out, &page).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(page.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_examples() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "input {input:?}");
        }
    }
}

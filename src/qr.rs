//! QR codes for the term sheet: the share link drawn as one SVG path, so that a phone
//! camera can open the same scenario. The encoding is qrcodegen's (Nayuki), error
//! correction level M.

use serde::Serialize;

/// A QR code as an SVG path: one `h1v1h-1z` square per dark module, on a `size` × `size`
/// grid. Draw it inside a quiet zone of four modules:
/// `<svg viewBox="-4 -4 (size+8) (size+8)"><path d="…"/></svg>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrPath {
    /// Modules per side.
    pub size: u32,
    /// The dark modules, as SVG path data.
    pub path: String,
}

/// The QR code of `text`.
///
/// # Errors
/// When the text is too long for a QR code (about 2,300 characters at level M).
///
/// # Examples
/// ```
/// let qr = investcalc::qr::qr_path("https://example.org/#s=1").unwrap();
/// assert_eq!(qr.size, 25); // version 2
/// assert!(qr.path.starts_with("M0 0h1v1h-1z"));
/// ```
pub fn qr_path(text: &str) -> Result<QrPath, String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    // Byte mode only (a link is bytes anyway): the text-mode analysis is not linked in.
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Medium)
        .map_err(|_| format!("{} characters are too many for a QR code", text.len()))?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push('M');
                path.push_str(&x.to_string());
                path.push(' ');
                path.push_str(&y.to_string());
                path.push_str("h1v1h-1z");
            }
        }
    }
    Ok(QrPath {
        size: size.unsigned_abs(),
        path,
    })
}

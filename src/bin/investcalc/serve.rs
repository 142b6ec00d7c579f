//! `investcalc serve`: a built site on `http://127.0.0.1:PORT/`, as a website would serve
//! it: the MIME types browsers insist on (`application/wasm`, JS modules), gzip for
//! browsers that accept it (`Content-Encoding: gzip`, `Vary: Accept-Encoding`), nothing
//! outside the folder (`..` segments and symlinks out of it are refused).
//!
//! Gzipped bodies are made on first request and kept per file, keyed by its modification
//! time and length, so an edited file is compressed again and an unchanged one is not.
//! The request log on standard output is best effort: if it cannot be written (a closed
//! pipe), the server keeps serving.

use crate::output::print;
use crate::site::size::gzip;
use std::collections::HashMap;
use std::fs;
use std::io::{self, Cursor};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Serves `dir` on `http://127.0.0.1:port/` until the process is stopped.
pub fn serve(dir: &Path, port: u16) -> Result<(), String> {
    let root = site_root(dir)?;
    let (server, addr) = bind(port)?;
    let _ = print(&format!(
        "serving {} at http://{addr}/\npress Ctrl-C to stop\n",
        root.display()
    ));
    let mut cache = GzipCache::default();
    for request in server.incoming_requests() {
        handle(request, &root, &mut cache, true);
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

// ---------------------------------------------------------------------------------------
// What to answer
// ---------------------------------------------------------------------------------------

/// What to answer to one request.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    /// Send this file with this content type.
    File(PathBuf, &'static str),
    /// Send this status with a short plain-text body.
    Status(u16, &'static str),
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
// gzip
// ---------------------------------------------------------------------------------------

/// Whether a content type gains from gzip (text, wasm, JSON, SVG; not images or fonts,
/// which are compressed already).
fn compressible(mime: &str) -> bool {
    mime.starts_with("text/")
        || mime.starts_with("application/wasm")
        || mime.starts_with("application/json")
        || mime.starts_with("image/svg+xml")
}

/// Whether an `Accept-Encoding` header value accepts gzip: `gzip` (or `x-gzip`) listed
/// with a non-zero quality, or else `*` with a non-zero quality (RFC 9110, 12.5.3).
fn accepts_gzip(header: &str) -> bool {
    let mut star = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim().eq_ignore_ascii_case("q").then(|| v.trim())
            })
            .next()
            .map_or(1.0, |v| v.parse::<f32>().unwrap_or(0.0));
        match coding.as_str() {
            "gzip" | "x-gzip" => return q > 0.0,
            "*" => star = Some(q > 0.0),
            _ => {}
        }
    }
    star.unwrap_or(false)
}

/// Gzipped file bodies, each with the modification time and length it was made from.
#[derive(Default)]
struct GzipCache {
    entries: HashMap<PathBuf, (SystemTime, u64, Arc<[u8]>)>,
}

impl GzipCache {
    /// The gzipped body of `path`, made now or taken from the cache when the file has not
    /// changed. `Ok(None)` when gzip would not make it smaller.
    fn get(&mut self, path: &Path) -> io::Result<Option<Arc<[u8]>>> {
        let meta = fs::metadata(path)?;
        let stamp = meta.modified().ok().map(|m| (m, meta.len()));
        if let (Some((mtime, len)), Some((m, l, gz))) = (stamp, self.entries.get(path)) {
            if *m == mtime && *l == len {
                return Ok(Some(gz.clone()).filter(|gz| (gz.len() as u64) < len));
            }
        }
        let raw = fs::read(path)?;
        let gz: Arc<[u8]> = gzip(&raw).map_err(io::Error::other)?.into();
        if let Some((mtime, len)) = stamp {
            self.entries
                .insert(path.to_path_buf(), (mtime, len, gz.clone()));
        }
        Ok(Some(gz).filter(|gz| gz.len() < raw.len()))
    }
}

// ---------------------------------------------------------------------------------------
// Answering
// ---------------------------------------------------------------------------------------

const TEXT: &str = "text/plain; charset=utf-8";

fn handle(request: tiny_http::Request, root: &Path, cache: &mut GzipCache, log: bool) {
    let reply = plan(root, request.method(), request.url());
    let gzip_ok = request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("Accept-Encoding"))
        .any(|h| accepts_gzip(h.value.as_str()));
    let (status, body, mime, encoded) = match reply {
        Reply::File(path, mime) => match body_of(&path, mime, gzip_ok, cache) {
            Ok((body, encoded)) => (200, body, mime, encoded),
            Err(_) => (404, Body::Text("not found\n"), TEXT, None),
        },
        Reply::Status(code, text) => (code, Body::Text(text), TEXT, None),
    };
    if log {
        let note = if encoded.is_some() { " gzip" } else { "" };
        let _ = print(&format!(
            "{} {} {status}{note}\n",
            request.method(),
            request.url()
        ));
    }
    let mut headers = vec![
        ("Content-Type", mime),
        ("Cache-Control", "no-cache"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    if compressible(mime) && status == 200 {
        headers.push(("Vary", "Accept-Encoding"));
    }
    if let Some(coding) = encoded {
        headers.push(("Content-Encoding", coding));
    }
    if status == 405 {
        headers.push(("Allow", "GET, HEAD"));
    }
    let headers: Vec<tiny_http::Header> = headers
        .into_iter()
        // Only fails on non-ASCII, and these are ASCII.
        .filter_map(|(k, v)| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .collect();
    let code = tiny_http::StatusCode(status);
    let result = match body {
        Body::File(file, len) => request.respond(tiny_http::Response::new(
            code,
            headers,
            file,
            usize::try_from(len).ok(),
            None,
        )),
        Body::Bytes(bytes) => {
            let len = bytes.len();
            request.respond(tiny_http::Response::new(
                code,
                headers,
                Cursor::new(bytes),
                Some(len),
                None,
            ))
        }
        Body::Text(text) => request.respond(tiny_http::Response::new(
            code,
            headers,
            text.as_bytes(),
            Some(text.len()),
            None,
        )),
    };
    if let Err(e) = result {
        if log {
            crate::output::eprint(&format!("warning: could not send the response: {e}\n"));
        }
    }
}

/// A response body.
enum Body {
    /// A file as it is on disk, with its length.
    File(fs::File, u64),
    /// Bytes from the gzip cache.
    Bytes(Arc<[u8]>),
    /// A short message.
    Text(&'static str),
}

/// The body for a file: gzipped when the client accepts it and it helps.
fn body_of(
    path: &Path,
    mime: &str,
    gzip_ok: bool,
    cache: &mut GzipCache,
) -> io::Result<(Body, Option<&'static str>)> {
    if gzip_ok && compressible(mime) {
        if let Some(gz) = cache.get(path)? {
            return Ok((Body::Bytes(gz), Some("gzip")));
        }
    }
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    Ok((Body::File(file, len), None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::testutil::{write, TempDir};
    use std::io::{Read, Write};
    use std::net::TcpStream;

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
    fn accept_encoding_is_read_with_its_qualities() {
        for (header, want) in [
            ("gzip", true),
            ("gzip, deflate, br, zstd", true),
            ("br;q=1.0, GZIP;q=0.5", true),
            ("x-gzip", true),
            ("*", true),
            ("gzip;q=0", false),
            ("gzip; q=0.000", false),
            ("*;q=0", false),
            ("gzip;q=0, *", false),
            ("br, *;q=0.1", true),
            ("deflate, br", false),
            ("identity", false),
            ("", false),
            ("gzip;q=nonsense", false),
        ] {
            assert_eq!(accepts_gzip(header), want, "Accept-Encoding: {header}");
        }
    }

    #[test]
    fn gzip_cache_follows_the_file() {
        let tmp = TempDir::new("gzcache");
        let f = tmp.0.join("a.js");
        let text = "export const a = 'investcalc';\n".repeat(200);
        write(&f, &text);
        let mut cache = GzipCache::default();
        let first = cache.get(&f).unwrap().expect("gzip helps here");
        let second = cache.get(&f).unwrap().unwrap();
        assert!(Arc::ptr_eq(&first, &second), "unchanged file: cached body");
        // A different length is a change whatever the clock's resolution.
        write(&f, &format!("{text}// more\n"));
        let third = cache.get(&f).unwrap().unwrap();
        assert!(
            !Arc::ptr_eq(&first, &third),
            "edited file: compressed again"
        );
        let mut back = String::new();
        flate2::read::GzDecoder::new(&third[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, format!("{text}// more\n"));
        // Two bytes would grow under gzip: sent as they are.
        write(&tmp.0.join("b.js"), "1\n");
        assert!(cache.get(&tmp.0.join("b.js")).unwrap().is_none());
    }

    /// Sends raw HTTP requests to a server handling them with [`handle`]; returns each
    /// response's head (lower-cased) and body bytes.
    fn exchange(root: PathBuf, requests: &[&str]) -> Vec<(String, Vec<u8>)> {
        let (server, addr) = bind(0).unwrap();
        let n = requests.len();
        let worker = std::thread::spawn(move || {
            let mut cache = GzipCache::default();
            for _ in 0..n {
                let req = server.recv().unwrap();
                handle(req, &root, &mut cache, false);
            }
        });
        let mut answers = Vec::new();
        for raw in requests {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(raw.as_bytes()).unwrap();
            let mut buf = Vec::new();
            s.read_to_end(&mut buf).unwrap();
            let split = buf
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .expect("a response head");
            let head = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
            answers.push((head, buf[split + 4..].to_vec()));
        }
        worker.join().unwrap();
        answers
    }

    fn get(path: &str, extra: &str) -> String {
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra}\r\n")
    }

    #[test]
    fn serves_over_http_with_headers() {
        let tmp = TempDir::new("http");
        write(&tmp.0.join("index.html"), "<p>hello</p>");
        write(&tmp.0.join("pkg/investcalc_bg.wasm"), "\0asm\x01\0\0\0");
        let root = site_root(&tmp.0).unwrap();
        let requests = [
            get("/", ""),
            get("/pkg/investcalc_bg.wasm", ""),
            get("/nope.js", ""),
            get("/../Cargo.toml", ""),
            "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                .to_string(),
        ];
        let refs: Vec<&str> = requests.iter().map(String::as_str).collect();
        let a = exchange(root, &refs);
        assert!(a[0].0.starts_with("http/1.1 200"), "{}", a[0].0);
        assert!(a[0].0.contains("content-type: text/html; charset=utf-8"));
        assert!(a[0].0.contains("cache-control: no-cache"));
        assert!(a[0].0.contains("vary: accept-encoding"));
        assert!(!a[0].0.contains("content-encoding"), "{}", a[0].0);
        assert_eq!(a[0].1, b"<p>hello</p>");
        assert!(a[1].0.starts_with("http/1.1 200"), "{}", a[1].0);
        assert!(a[1].0.contains("content-type: application/wasm"));
        assert!(a[2].0.starts_with("http/1.1 404"), "{}", a[2].0);
        assert!(a[3].0.starts_with("http/1.1 403"), "{}", a[3].0);
        assert!(a[4].0.starts_with("http/1.1 405"), "{}", a[4].0);
        assert!(a[4].0.contains("allow: get, head"), "{}", a[4].0);
    }

    #[test]
    fn gzip_when_the_client_accepts_it() {
        let tmp = TempDir::new("http-gzip");
        let js = "export const greeting = 'investcalc';\n".repeat(100);
        write(&tmp.0.join("app.js"), &js);
        write(&tmp.0.join("logo.png"), &"png".repeat(100));
        let root = site_root(&tmp.0).unwrap();
        let accept = "Accept-Encoding: gzip, deflate, br\r\n";
        let requests = [
            get("/app.js", accept),
            get("/app.js", ""),
            get("/app.js", "Accept-Encoding: gzip;q=0\r\n"),
            get("/logo.png", accept),
            format!("HEAD /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{accept}\r\n"),
        ];
        let refs: Vec<&str> = requests.iter().map(String::as_str).collect();
        let a = exchange(root, &refs);

        let (head, body) = &a[0];
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(head.contains("vary: accept-encoding"), "{head}");
        assert!(head.contains("content-type: text/javascript"), "{head}");
        assert!(body.len() < js.len() / 10, "{} bytes", body.len());
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let mut back = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, js);

        for (i, why) in [(1, "no Accept-Encoding"), (2, "gzip;q=0")] {
            let (head, body) = &a[i];
            assert!(!head.contains("content-encoding"), "{why}: {head}");
            assert!(head.contains("vary: accept-encoding"), "{why}: {head}");
            assert_eq!(body, js.as_bytes(), "{why}");
        }

        let (head, body) = &a[3];
        assert!(!head.contains("content-encoding"), "png: {head}");
        assert!(!head.contains("vary"), "png: {head}");
        assert_eq!(body.len(), 300);

        let (head, body) = &a[4];
        assert!(head.contains("content-encoding: gzip"), "HEAD: {head}");
        assert!(body.is_empty(), "HEAD sends no body");
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
}

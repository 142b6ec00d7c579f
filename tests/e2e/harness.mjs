// Shared helpers for the browser end-to-end tests.
//
// - siteDir():        the built site (INVESTCALC_SITE, default <repo>/target/site)
// - startServer():    a static server on 127.0.0.1 (same MIME rules as `investcalc serve`)
// - launchBrowser():  Debian's chromium through playwright-core, or (INVESTCALC_BROWSER=
//                     firefox) Debian's firefox-esr through driver.mjs over puppeteer-core;
//                     no network beyond loopback
// - openPage():       a page that records console errors, page errors, failed requests and
//                     every request to another origin (those are blocked, and recorded)
// - setup():          all of the above in one call, with one close()
//
// Nothing here downloads anything: playwright-core drives /usr/bin/chromium, puppeteer-core
// /usr/bin/firefox-esr.

import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, realpathSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ENGINE, launchFirefox } from './driver.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const REPO = resolve(here, '..', '..');
/** Test pages owned by the e2e suite, served under /__e2e__/. */
export const FIXTURES = join(here, 'fixtures');
/** Screenshots land here (git-ignored). */
export const ARTIFACTS = join(here, 'artifacts');
/** The browser binary; Debian's chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Flags for a headless chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built site folder; throws with a hint when it has not been built. */
export function siteDir() {
  const dir = resolve(process.env.INVESTCALC_SITE || join(REPO, 'target', 'site'));
  if (!existsSync(join(dir, 'pkg', 'investcalc.js'))) {
    throw new Error(
      `no built site at ${dir} (pkg/investcalc.js is missing). ` +
        'Build it with `cargo run -- build --out target/site` and set INVESTCALC_SITE to that folder.',
    );
  }
  return dir;
}

/** Content types, as `investcalc serve` sends them. */
export function mimeType(path) {
  const name = path.toLowerCase();
  if (name.endsWith('.d.ts')) return 'text/plain; charset=utf-8';
  const types = {
    '.wasm': 'application/wasm',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.json': 'application/json',
    '.map': 'application/json',
    '.css': 'text/css; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
    '.htm': 'text/html; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.txt': 'text/plain; charset=utf-8',
    '.md': 'text/plain; charset=utf-8',
    '.ts': 'text/plain; charset=utf-8',
  };
  return types[extname(name)] || 'application/octet-stream';
}

/**
 * Maps a request path to a file under `root`, or returns a status code.
 * Rejects `..` segments (403), backslashes, NULs and bad escapes (400).
 */
export function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return 400;
  }
  if (!decoded.startsWith('/') || decoded.includes('\\') || decoded.includes('\0')) return 400;
  const segs = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.includes('..')) return 403;
  let file = join(root, ...segs);
  if (decoded.endsWith('/') || segs.length === 0) file = join(file, 'index.html');
  let real;
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    real = realpathSync(file);
  } catch {
    return 404;
  }
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return 403;
  if (!statSync(real).isFile()) return 404;
  return real;
}

/**
 * Serves `root` at `/` and each `mounts[prefix]` folder at `prefix` (e.g. `/__e2e__/`)
 * on 127.0.0.1 with a free port. Resolves to { origin, url(path), requests, close() }.
 * With `{ gzip: true }` text files and wasm go out gzip-compressed (level 9) when the
 * client accepts it, as a real web server would send them.
 */
export async function startServer(root, mounts = {}, { gzip = false } = {}) {
  const requests = [];
  const zipped = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let base = root;
    let rest = path;
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        base = dir;
        rest = '/' + path.slice(prefix.length);
        break;
      }
    }
    const target = req.method === 'GET' || req.method === 'HEAD' ? resolveUnder(base, rest) : 405;
    const status = typeof target === 'number' ? target : 200;
    requests.push({ method: req.method, path, status });
    const headers = { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
    if (status !== 200) {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${status}\n`);
      return;
    }
    const type = mimeType(target);
    if (gzip && /gzip/.test(req.headers['accept-encoding'] || '') && !/^image\/(png|jpeg|gif|webp)/.test(type)) {
      if (!zipped.has(target)) zipped.set(target, gzipSync(readFileSync(target), { level: 9 }));
      const body = zipped.get(target);
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': type,
      'Content-Length': statSync(target).size,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    requests,
    url: (p = '/') => origin + p,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

export { ENGINE, chromiumOnly } from './driver.mjs';

/**
 * Launches the browser INVESTCALC_BROWSER names (driver.mjs): headless chromium through
 * playwright-core (the default), or headless firefox-esr through the driver layer over
 * puppeteer-core. Either gets a fresh temporary profile.
 */
export async function launchBrowser() {
  if (ENGINE === 'firefox') return launchFirefox();
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found. Install it with \`apt-get install -y chromium\` ` +
        '(or set CHROMIUM_PATH); tests/run-all.sh does this on a fresh machine.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

function isForeign(url, origin) {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return false;
    return u.origin !== origin;
  } catch {
    return true;
  }
}

/**
 * Opens `path` on `server` in a new browser context. Returns
 * { page, context, consoleErrors, pageErrors, failedRequests, foreignRequests, responses,
 *   screenshot(name), close() }.
 * Requests to any other origin are aborted and listed in `foreignRequests`.
 */
export async function openPage(browser, server, path = '/', { waitUntil = 'load', viewport } = {}) {
  const context = await browser.newContext({ viewport: viewport || { width: 1000, height: 800 } });
  const page = await context.newPage();
  const rec = {
    page,
    context,
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    foreignRequests: [],
    responses: [],
  };
  await context.route(
    (url) => isForeign(url.href, server.origin),
    (route) => route.abort('blockedbyclient'),
  );
  page.on('console', (msg) => {
    if (msg.type() === 'error') rec.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => rec.pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on('request', (req) => {
    if (isForeign(req.url(), server.origin)) rec.foreignRequests.push(req.url());
  });
  page.on('requestfailed', (req) => {
    rec.failedRequests.push(`${req.url()} ${req.failure()?.errorText ?? ''}`.trim());
  });
  page.on('response', (res) => {
    rec.responses.push({
      url: res.url(),
      status: res.status(),
      contentType: res.headers()['content-type'] || '',
    });
  });
  rec.screenshot = async (name) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Each engine's pictures side by side: ui-en-390.png (chromium), ui-en-390-firefox.png.
    const file = join(ARTIFACTS, `${name}${ENGINE === 'chromium' ? '' : `-${ENGINE}`}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  rec.close = () => context.close();
  await page.goto(server.url(path), { waitUntil });
  return rec;
}

/**
 * Builds the usual fixture: the site at `/`, tests/e2e/fixtures at `/__e2e__/`, and a
 * browser. Call close() when done (e.g. in `after`).
 */
export async function setup() {
  const site = siteDir();
  const server = await startServer(site, { '/__e2e__/': FIXTURES });
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    site,
    server,
    browser,
    open: (path, opts) => openPage(browser, server, path, opts),
    close: async () => {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/** The files the widget downloads, relative to the site (same rule as `investcalc build`). */
/**
 * What one visit can load (the allAssets budget): every widget file but the language
 * packs, and the largest pack (a visit in one language loads one). `files` are
 * `{ rel, gzip }` rows of the widget's files; used by the size test and the benchmark.
 */
export function oneVisit(files) {
  const packs = files.filter((r) => r.rel.startsWith('lang/'));
  const largest = packs.reduce((a, b) => (b.gzip > a.gzip ? b : a), packs[0]);
  return files.filter((r) => !r.rel.startsWith('lang/') || r === largest);
}

export function isLoadedByWidget(rel) {
  const parts = rel.split('/');
  if (parts[0] === 'pkg') {
    if (parts.length === 2) return parts[1] === 'investcalc_bg.wasm' || parts[1] === 'investcalc.js';
    return parts[1] === 'snippets' && rel.endsWith('.js');
  }
  if (parts.length === 1) return rel.endsWith('.js') || rel.endsWith('.css');
  if (parts.length === 2 && parts[0] === 'lang') return rel.endsWith('.json');
  return parts.length === 2 && parts[0] === 'policy' && rel.endsWith('.json');
}

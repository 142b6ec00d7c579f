// The browser engine the e2e tests run in, and the driver layer that lets one test file
// run in both.
//
// INVESTCALC_BROWSER=chromium (the default): Debian's chromium through playwright-core,
// exactly as before; nothing here is in the way.
//
// INVESTCALC_BROWSER=firefox: Debian's firefox-esr through puppeteer-core over WebDriver
// BiDi (playwright-core's Firefox needs Playwright's own patched build). This file gives
// it the part of Playwright's API the tests use, with Playwright's meaning:
//
//   browser.newContext({ viewport }) / .close()
//   context.newPage() / .route(urlPredicate, handler) / .grantPermissions() / .close()
//   page.goto / url / evaluate / waitForFunction / waitForTimeout / keyboard.press|type /
//        screenshot / pdf / emulateMedia / waitForEvent('download' | 'filechooser') /
//        on('console' | 'pageerror' | 'request' | 'requestfailed' | 'response') / locator
//   locator(css): CSS that pierces open shadow roots (each combinator may cross from a
//        shadow root to its host, as Playwright's CSS engine does), resolved anew at each
//        use; first / last / nth / locator / filter({ hasText }) / all; count, isVisible,
//        getAttribute, textContent, allTextContents, inputValue, evaluate, evaluateAll
//        and the actions click, fill, selectOption, check, focus, screenshot, waitFor,
//        each auto-waiting as Playwright's do (attached, visible, stable, enabled,
//        receiving the click), strict (an element action on a locator that matches more
//        than one element throws "strict mode violation"), and bounded: 30 s unless a
//        `timeout` says otherwise, then "<method>: Timeout <n>ms exceeded." with a call
//        log, as Playwright words it.
//
// What Firefox does not offer over BiDi, or does otherwise, and what is done here instead
// (README, "Two browser engines"):
//   - emulateMedia({ media: 'print' }): there is no BiDi command for the media type, so
//     the @media rules (and the media of the style sheets) of the document and of every
//     open shadow root are rewritten in the CSSOM to what they mean for print, and put
//     back for 'screen' or null. Layout and screenshots follow; matchMedia() does not.
//   - grantPermissions(['clipboard-read' | 'clipboard-write']): Firefox has no such
//     permissions (BiDi refuses the names); it asks the user through a "Paste" button
//     before a page reads the clipboard. The profile sets `dom.events.testing.asyncClipboard`,
//     Mozilla's own switch for tests, which lets the clipboard API through without that
//     prompt, so those two are granted from the start; other permissions go to BiDi's
//     permissions.setPermission.
//   - page.pdf() is Firefox's own printing (browsingContext.print); its PDF keeps the page
//     objects in compressed object streams.
//   - Downloads are allowed into a temporary folder (browser.setDownloadBehavior, at
//     launch) and reported by browsingContext.downloadWillBegin / downloadEnd.
//   - Firefox asks for /favicon.ico by itself where a page names no icon; Chromium
//     (headless) does not. The profile turns that guess off (`browser.chrome.guess_favicon`)
//     so that a fixture page without an icon does not show a 404 that no page asked for;
//     an icon a page names (<link rel=icon>) is still requested.
//   - A click returns once the page has handled it (see clickAndWait).
//
// Chromium-only tests say so with `test(name, { skip: chromiumOnly('why') }, fn)`.

import { existsSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ENGINES = ['chromium', 'firefox'];
/** The engine this run uses: INVESTCALC_BROWSER, chromium by default. */
export const ENGINE = (() => {
  const e = (process.env.INVESTCALC_BROWSER || 'chromium').trim().toLowerCase();
  if (!ENGINES.includes(e)) throw new Error(`INVESTCALC_BROWSER=${e}: expected one of ${ENGINES.join(', ')}`);
  return e;
})();
/** Debian's firefox-esr unless FIREFOX_PATH says otherwise. */
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * For `test(name, { skip: chromiumOnly(reason) }, fn)`: skipped, with the reason, in any
 * engine but chromium.
 */
export const chromiumOnly = (reason) => (ENGINE === 'chromium' ? false : `chromium only: ${reason}`);

const DEFAULT_TIMEOUT = 30_000;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
/** Polling intervals between retries, as Playwright's (ms); the last one repeats. */
const POLL = [0, 20, 50, 100, 100, 250];

/** { timeout, deadline } from a timeout in ms (default 30 s) or such an object. */
const budgetOf = (b) => (b && typeof b === 'object' ? b : { timeout: b ?? DEFAULT_TIMEOUT, deadline: Date.now() + (b ?? DEFAULT_TIMEOUT) });

class TimeoutError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** Firefox preferences on top of puppeteer's defaults (see the header). */
const FIREFOX_PREFS = {
  'dom.events.testing.asyncClipboard': true,
  'browser.chrome.guess_favicon': false,
  // Downloads go where browser.setDownloadBehavior says, without a dialog or a panel.
  'browser.download.always_ask_before_handling_new_types': false,
  'browser.download.panel.shown': true,
  'browser.download.alwaysOpenPanel': false,
  // No network beyond loopback: no captive-portal or connectivity probes, no prefetch.
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
};

/** Launches firefox-esr through puppeteer-core; resolves to a Playwright-like Browser. */
export async function launchFirefox({ timeout = 60_000 } = {}) {
  if (!existsSync(FIREFOX)) {
    throw new Error(
      `${FIREFOX} not found. Install it with \`apt-get install -y --no-install-recommends firefox-esr\` ` +
        '(or set FIREFOX_PATH); tests/run-all.sh does this on a fresh machine.',
    );
  }
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    timeout,
    protocolTimeout: 60_000,
    defaultViewport: null,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  // Every download goes into one temporary folder (removed with the browser), allowed
  // from the start so that no click can come before it.
  const downloads = mkdtempSync(join(tmpdir(), 'investcalc-ff-dl-'));
  await browser.connection
    .send('browser.setDownloadBehavior', { downloadBehavior: { type: 'allowed', destinationFolder: downloads } })
    .catch((e) => console.error(`firefox driver: browser.setDownloadBehavior failed (${e.message}); downloads go to Firefox's own folder`));
  return new FxBrowser(browser, downloads);
}

// ---------------------------------------------------------------------------------------
// Browser and context

class FxBrowser {
  constructor(pp, downloads) {
    this._pp = pp;
    this._downloads = downloads;
    this._contexts = new Set();
  }
  version() {
    return this._pp.version();
  }
  async newContext({ viewport } = {}) {
    const ctx = await this._pp.createBrowserContext();
    const c = new FxContext(this, ctx, viewport === null ? null : viewport || { width: 1280, height: 720 });
    this._contexts.add(c);
    return c;
  }
  async close() {
    for (const c of [...this._contexts]) await c.close().catch(() => {});
    try {
      await this._pp.close();
    } finally {
      rmSync(this._downloads, { recursive: true, force: true });
    }
  }
}

class FxContext {
  constructor(browser, ctx, viewport) {
    this._browser = browser;
    this._ctx = ctx;
    this._viewport = viewport;
    this._pages = new Set();
    this._routes = [];
  }
  get _conn() {
    return this._browser._pp.connection;
  }
  pages() {
    return [...this._pages];
  }
  async newPage() {
    // A window of its own, like each Playwright page: never a hidden background tab
    // (whose timers and animation frames the browser throttles).
    const pp = await this._ctx.newPage({ type: 'window' });
    const page = new FxPage(this, pp);
    this._pages.add(page);
    if (this._viewport) await pp.setViewport({ width: this._viewport.width, height: this._viewport.height, deviceScaleFactor: 1 });
    await pp.bringToFront().catch(() => {});
    if (this._routes.length) await page._intercept();
    return page;
  }
  /** Playwright's context.route with a URL predicate (a URL object) or '**' / a RegExp. */
  async route(match, handler) {
    const test =
      typeof match === 'function' ? match : match instanceof RegExp ? (u) => match.test(u.href) : match === '**/*' || match === '**' ? () => true : (u) => u.href === match;
    this._routes.push({ test, handler });
    for (const p of this._pages) await p._intercept();
  }
  /**
   * Grants permissions for an origin (BiDi permissions.setPermission). Firefox has no
   * clipboard permissions: what stands for them is the profile's
   * `dom.events.testing.asyncClipboard` (see the header), so they are granted already.
   */
  async grantPermissions(permissions, { origin } = {}) {
    if (!origin) throw new Error('grantPermissions: the Firefox driver needs an origin');
    const rest = permissions.filter((p) => p !== 'clipboard-read' && p !== 'clipboard-write');
    if (rest.length) await this._ctx.overridePermissions(origin, rest);
  }
  async close() {
    this._browser._contexts.delete(this);
    await this._ctx.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------
// Page

const RELAYED = ['console', 'pageerror', 'request', 'requestfailed', 'response', 'close'];

class FxPage {
  constructor(context, pp) {
    this._context = context;
    this._pp = pp;
    this._intercepting = false;
    this.keyboard = new FxKeyboard(this);
    this.mouse = pp.mouse;
  }
  get _id() {
    return this._pp.mainFrame()._id;
  }
  context() {
    return this._context;
  }
  on(event, handler) {
    if (!RELAYED.includes(event)) throw new Error(`page.on('${event}'): not offered by the Firefox driver`);
    this._pp.on(event, handler);
    return this;
  }
  async _intercept() {
    if (this._intercepting) return;
    this._intercepting = true;
    await this._pp.setRequestInterception(true);
    this._pp.on('request', async (req) => {
      let url;
      try {
        url = new URL(req.url());
      } catch {
        url = { href: req.url() };
      }
      const hit = this._context._routes.findLast((r) => r.test(url));
      const route = {
        request: () => req,
        abort: (code = 'failed') => req.abort(code === 'blockedbyclient' ? 'blockedbyclient' : code).catch(() => {}),
        continue: () => req.continue().catch(() => {}),
        fallback: () => req.continue().catch(() => {}),
      };
      try {
        if (hit) await hit.handler(route, req);
        else await route.continue();
      } catch {
        await route.continue();
      }
    });
  }
  url() {
    return this._pp.url();
  }
  async goto(url, { waitUntil = 'load', timeout = DEFAULT_TIMEOUT } = {}) {
    const until = { load: 'load', domcontentloaded: 'domcontentloaded', commit: 'domcontentloaded', networkidle: 'networkidle0' }[waitUntil];
    if (!until) throw new Error(`page.goto: unknown waitUntil ${waitUntil}`);
    return this._pp.goto(url, { waitUntil: until, timeout });
  }
  async close() {
    this._context._pages.delete(this);
    await this._pp.close().catch(() => {});
  }
  /** Playwright's evaluate: a function with one argument, or an expression string. */
  async evaluate(fn, arg) {
    if (typeof fn === 'string') return this._pp.evaluate(fn);
    return this._pp.evaluate(fn, arg);
  }
  async evaluateHandle(fn, arg) {
    return this._pp.evaluateHandle(fn, arg);
  }
  /** Playwright's signature: (fn, arg, { timeout, polling }). */
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT, polling = 'raf' } = {}) {
    try {
      return await this._pp.waitForFunction(fn, { timeout, polling }, arg);
    } catch (e) {
      if (e?.name === 'TimeoutError' || /exceeded|timed? ?out/i.test(String(e?.message))) {
        throw new TimeoutError(`page.waitForFunction: Timeout ${timeout}ms exceeded.`);
      }
      throw e;
    }
  }
  waitForTimeout(ms) {
    return sleep(ms);
  }
  locator(selector) {
    return new FxLocator(this, [{ css: selector }]);
  }
  async screenshot({ path, fullPage = false, clip } = {}) {
    const buf = await this._pp.screenshot({ path, fullPage, clip });
    return Buffer.from(buf);
  }
  async pdf({ format = 'Letter', path, printBackground = false, landscape = false, margin, scale, pageRanges } = {}) {
    const buf = await this._pp.pdf({ format, path, printBackground, landscape, margin, scale, pageRanges });
    return Buffer.from(buf);
  }
  /** See the header: the media type, emulated by rewriting @media rules in the CSSOM. */
  async emulateMedia({ media } = {}) {
    if (media === undefined) return;
    await this._pp.evaluate(emulateMediaInPage, media === 'print' ? 'print' : null);
  }
  async bringToFront() {
    await this._pp.bringToFront();
  }
  /** 'download' → { saveAs(path), path(), suggestedFilename(), url() }; 'filechooser' → { setFiles(files) }. */
  async waitForEvent(event, options = {}) {
    const timeout = typeof options === 'number' ? options : options.timeout ?? DEFAULT_TIMEOUT;
    if (event === 'filechooser') {
      try {
        const chooser = await this._pp.waitForFileChooser({ timeout });
        return {
          page: () => this,
          isMultiple: () => chooser.isMultiple(),
          setFiles: (files) => chooser.accept(Array.isArray(files) ? files : [files]),
        };
      } catch (e) {
        if (/exceeded/.test(String(e?.message))) throw new TimeoutError(`page.waitForEvent: Timeout ${timeout}ms exceeded while waiting for event "filechooser"`);
        throw e;
      }
    }
    if (event === 'download') return this._waitForDownload(timeout);
    throw new Error(`page.waitForEvent('${event}'): not offered by the Firefox driver`);
  }
  _waitForDownload(timeout) {
    const conn = this._context._conn;
    const context = this._id;
    const timeoutError = () => new TimeoutError(`page.waitForEvent: Timeout ${timeout}ms exceeded while waiting for event "download"`);
    // Both events are listened to from the start, before the caller's click (Promise.all).
    const ends = new Map();
    let begin = null;
    let wake = () => {};
    const onBegin = (info) => {
      if (info.context !== context || begin) return;
      begin = info;
      wake();
    };
    const onEnd = (e) => {
      ends.set(e.navigation, e);
      wake();
    };
    conn.on('browsingContext.downloadWillBegin', onBegin);
    conn.on('browsingContext.downloadEnd', onEnd);
    const stop = () => {
      conn.off('browsingContext.downloadWillBegin', onBegin);
      conn.off('browsingContext.downloadEnd', onEnd);
    };
    /** Waits until `ready()` gives a value, or the timeout. */
    const until = (ready, deadline) =>
      new Promise((ok, fail) => {
        const check = () => {
          const v = ready();
          if (v) {
            clearTimeout(timer);
            ok(v);
          }
        };
        const timer = setTimeout(() => {
          stop();
          fail(timeoutError());
        }, Math.max(0, deadline - Date.now()));
        wake = check;
        check();
      });
    return until(() => begin, Date.now() + timeout).then((info) => {
      let ended = null;
      const finished = async () => {
        ended ??= await until(() => ends.get(info.navigation), Date.now() + timeout);
        stop();
        if (ended.status !== 'complete') throw new Error(`download of ${info.url} ${ended.status}`);
        return ended.filepath;
      };
      return {
        page: () => this,
        url: () => info.url,
        suggestedFilename: () => info.suggestedFilename,
        path: finished,
        saveAs: async (to) => copyFileSync(await finished(), to),
        failure: async () => {
          try {
            await finished();
            return null;
          } catch (e) {
            return e.message;
          }
        },
      };
    });
  }

}

/** Runs in the page: rewrites @media rules (and style sheet media) for `type` or restores them. */
function emulateMediaInPage(type) {
  const KEY = Symbol.for('investcalc.e2e.media');
  const saved = (window[KEY] ??= new WeakMap());
  const rewrite = (text) =>
    text
      .split(',')
      .map((q) => {
        const m = /^\s*(only\s+|not\s+)?([a-z-]+)(\s+and\s.*)?\s*$/i.exec(q);
        if (!m || m[2].toLowerCase() === 'all' || m[2].toLowerCase() === 'and') return q;
        const not = /^not/i.test(m[1] || '');
        const same = m[2].toLowerCase() === type;
        const rest = m[3] || '';
        if (not) return same ? `not all${rest}` : 'all';
        return same ? `all${rest}` : 'not all';
      })
      .join(',');
  const apply = (media) => {
    if (!media || !media.mediaText) return;
    if (!saved.has(media)) saved.set(media, media.mediaText);
    const original = saved.get(media);
    media.mediaText = type ? rewrite(original) : original;
  };
  const visitRules = (rules) => {
    for (const rule of rules) {
      if (rule.media && (rule instanceof CSSMediaRule || rule instanceof CSSImportRule)) apply(rule.media);
      if (rule instanceof CSSImportRule && rule.styleSheet) visitSheet(rule.styleSheet);
      if (rule.cssRules) visitRules(rule.cssRules);
    }
  };
  const visitSheet = (sheet) => {
    apply(sheet.media);
    let rules;
    try {
      rules = sheet.cssRules;
    } catch {
      return;
    }
    visitRules(rules);
  };
  const visitRoot = (root) => {
    for (const s of root.styleSheets) visitSheet(s);
    for (const s of root.adoptedStyleSheets || []) visitSheet(s);
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) visitRoot(e.shadowRoot);
  };
  visitRoot(document);
}

/**
 * Clicks at (x, y) and returns once the page has handled the click, as Playwright's click
 * does in Chromium. Firefox synthesizes mouse events in the parent process and answers
 * the BiDi command when they are sent to the page, not when the page has run its
 * handlers; a counter that a capturing listener on the window keeps tells when it has.
 */
async function clickAndWait(pp, x, y, options) {
  const before = await pp
    .evaluate(() => {
      const state = (window[Symbol.for('investcalc.e2e.clicks')] ??= { n: 0 });
      if (!state.listening) {
        state.listening = true;
        addEventListener('click', () => state.n++, true);
        addEventListener('auxclick', () => state.n++, true);
      }
      return state.n;
    })
    .catch(() => null);
  await pp.mouse.click(x, y, options);
  if (before === null) return;
  await pp
    .evaluate(async (n) => {
      const state = window[Symbol.for('investcalc.e2e.clicks')];
      const start = performance.now();
      while (state && state.n <= n && performance.now() - start < 2000) await new Promise((ok) => setTimeout(ok, 5));
    }, before)
    .catch(() => {});
}

// ---------------------------------------------------------------------------------------
// Keyboard: Playwright's key combinations ("Control+a", "Shift+Tab") over puppeteer's keys

class FxKeyboard {
  constructor(page) {
    this._page = page;
  }
  get _kb() {
    return this._page._pp.keyboard;
  }
  async press(combo, { delay } = {}) {
    const parts = combo === '+' ? ['+'] : combo.split('+').map((k, i, a) => (k === '' && i === a.length - 1 ? '+' : k)).filter((k) => k !== '');
    const key = parts.pop();
    const mods = parts.map((m) => (m === 'ControlOrMeta' ? 'Control' : m));
    for (const m of mods) await this._kb.down(m);
    try {
      await this._kb.press(key, { delay });
    } finally {
      for (const m of mods.reverse()) await this._kb.up(m);
    }
  }
  async type(text, { delay } = {}) {
    await this._kb.type(text, { delay });
  }
  async insertText(text) {
    await this._page._pp.evaluate((t) => document.execCommand('insertText', false, t), text);
  }
  down(key) {
    return this._kb.down(key);
  }
  up(key) {
    return this._kb.up(key);
  }
}

// ---------------------------------------------------------------------------------------
// Locator

/**
 * Runs in the page: the elements `steps` select, in Playwright's order (see all()). Steps: { css }, { nth },
 * { hasText: { text } | { source, flags } }. A { css } step after the first searches
 * below each element found so far.
 */
function resolveInPage(steps) {
  const split = (sel, seps) => {
    // Splits at top level (outside quotes, () and []) on the characters in `seps`.
    const out = [];
    let depth = 0;
    let quote = null;
    let cur = '';
    for (let i = 0; i < sel.length; i++) {
      const ch = sel[i];
      if (ch === '\\') {
        cur += ch + (sel[i + 1] ?? '');
        i++;
        continue;
      }
      if (quote) {
        if (ch === quote) quote = null;
        cur += ch;
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') depth--;
      if (depth === 0 && seps.includes(ch)) {
        out.push(cur, ch);
        cur = '';
        continue;
      }
      cur += ch;
    }
    out.push(cur);
    return out;
  };
  // "a b > c" → [{ sel: 'a' }, { comb: ' ', sel: 'b' }, { comb: '>', sel: 'c' }]
  const compile = (complex) => {
    const tokens = split(complex.trim(), ' \t\n>+~');
    const parts = [];
    let comb = null;
    for (let i = 0; i < tokens.length; i += 2) {
      const text = tokens[i].trim();
      const sep = tokens[i + 1];
      if (text) {
        parts.push({ comb: parts.length ? comb || ' ' : null, sel: text });
        comb = null;
      }
      if (sep && sep.trim()) comb = sep;
    }
    if (!parts.length) throw new Error(`empty selector in "${complex}"`);
    return parts;
  };
  const parent = (e, scope) => {
    const p = e.parentElement || (e.parentNode instanceof ShadowRoot ? e.parentNode.host : null);
    return p === scope ? null : p;
  };
  const matches = (e, parts, i, scope) => {
    if (!e.matches(parts[i].sel)) return false;
    if (i === 0) return true;
    const comb = parts[i].comb;
    if (comb === '>') {
      const p = parent(e, scope);
      return !!p && matches(p, parts, i - 1, scope);
    }
    if (comb === ' ') {
      for (let p = parent(e, scope); p; p = parent(p, scope)) if (matches(p, parts, i - 1, scope)) return true;
      return false;
    }
    if (comb === '+') {
      const s = e.previousElementSibling;
      return !!s && matches(s, parts, i - 1, scope);
    }
    for (let s = e.previousElementSibling; s; s = s.previousElementSibling) if (matches(s, parts, i - 1, scope)) return true;
    return false;
  };
  // Playwright's order: the light tree of a root in document order, then the root's own
  // shadow root, then the shadow roots of its elements, each searched the same way.
  const all = (root, out) => {
    const light = root.querySelectorAll('*');
    out.push(...light);
    if (root.shadowRoot) all(root.shadowRoot, out);
    for (const e of light) if (e.shadowRoot) all(e.shadowRoot, out);
    return out;
  };
  // Playwright's sortInDOMOrder: a parent, then its light children, then its shadow
  // root's children, each in document order.
  const inTreeOrder = (elements) => {
    const entries = new Map();
    const roots = [];
    const entry = (e) => {
      let it = entries.get(e);
      if (it) return it;
      const p = e.parentElement || (e.parentNode instanceof ShadowRoot ? e.parentNode.host : null);
      if (p) entry(p).children.push(e);
      else roots.push(e);
      it = { children: [], taken: false };
      entries.set(e, it);
      return it;
    };
    for (const e of elements) entry(e).taken = true;
    const out = [];
    const visit = (e) => {
      const it = entries.get(e);
      if (it.taken) out.push(e);
      if (it.children.length > 1) {
        const set = new Set(it.children);
        it.children = [];
        for (let c = e.firstElementChild; c && it.children.length < set.size; c = c.nextElementSibling) if (set.has(c)) it.children.push(c);
        for (let c = e.shadowRoot?.firstElementChild; c && it.children.length < set.size; c = c.nextElementSibling) if (set.has(c)) it.children.push(c);
      }
      it.children.forEach(visit);
    };
    roots.forEach(visit);
    return out;
  };
  const skip = new Set(['SCRIPT', 'NOSCRIPT', 'STYLE', 'HEAD']);
  const textOf = (node) => {
    let s = '';
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) s += c.nodeValue;
      else if (c.nodeType === 1 && !skip.has(c.tagName)) s += textOf(c);
    }
    if (node.shadowRoot) s += textOf(node.shadowRoot);
    return s;
  };
  const norm = (s) => s.replace(/[\u200b\u00ad]/g, '').trim().replace(/\s+/g, ' ');
  let els = null;
  for (const step of steps) {
    if (step.css !== undefined) {
      const alternatives = split(step.css, ',').filter((_, i) => i % 2 === 0).map(compile);
      // Each scope in turn; an element found twice stays where it was found first. A list
      // of selectors ("a, b") gives its union in the order of the composed tree.
      const found = new Set();
      for (const scope of els || [document]) {
        const s = scope === document ? null : scope;
        let here = all(scope, []).filter((e) => alternatives.some((parts) => matches(e, parts, parts.length - 1, s)));
        if (alternatives.length > 1) here = inTreeOrder(here);
        for (const e of here) found.add(e);
      }
      els = [...found];
    } else if (step.nth !== undefined) {
      const i = step.nth < 0 ? els.length + step.nth : step.nth;
      els = i >= 0 && i < els.length ? [els[i]] : [];
    } else if (step.hasText !== undefined) {
      const h = step.hasText;
      const re = h.source !== undefined ? new RegExp(h.source, h.flags) : null;
      els = els.filter((e) => {
        const t = norm(textOf(e));
        return re ? re.test(t) : t.toLowerCase().includes(norm(h.text).toLowerCase());
      });
    }
  }
  return els;
}

/** Runs in the page (as part of a probe): Playwright's element states. */
function statesInPage(els) {
  const visible = (e) => {
    const s = getComputedStyle(e);
    if (s.display === 'contents') {
      for (let c = e.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 1 && visible(c)) return true;
        if (c.nodeType === 3) {
          const r = document.createRange();
          r.selectNode(c);
          const b = r.getBoundingClientRect();
          if (b.width > 0 && b.height > 0) return true;
        }
      }
      return false;
    }
    if (e.checkVisibility && !e.checkVisibility()) return false;
    if (s.visibility !== 'visible') return false;
    const b = e.getBoundingClientRect();
    return b.width > 0 && b.height > 0;
  };
  const FORM = ['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'OPTGROUP'];
  const enabled = (e) => {
    if (FORM.includes(e.tagName) && e.hasAttribute('disabled')) return false;
    if (FORM.includes(e.tagName) && e.closest('fieldset[disabled]')) return false;
    return e.getAttribute('aria-disabled') !== 'true';
  };
  const editable = (e) => {
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)) return !e.hasAttribute('readonly');
    return e.isContentEditable;
  };
  const e = els[0];
  return {
    count: els.length,
    visible: !!e && visible(e),
    enabled: !!e && enabled(e),
    editable: !!e && editable(e),
    // As Playwright shows an element in an error: <b class="twin">one</b>.
    describe: els.slice(0, 10).map((x) => {
      const tag = x.tagName.toLowerCase();
      const attrs = [...x.attributes].slice(0, 4).map((a) => ` ${a.name}="${a.value.slice(0, 50)}"`).join('');
      const text = (x.textContent || '').replace(/\s+/g, ' ').trim();
      return `<${tag}${attrs}>${text.length > 50 ? text.slice(0, 49) + '…' : text}</${tag}>`;
    }),
  };
}

const RESOLVE = resolveInPage.toString();
const STATES = statesInPage.toString();

class FxLocator {
  constructor(page, steps) {
    this._page = page;
    this._steps = steps;
  }
  toString() {
    return this._steps
      .map((s, i) =>
        s.css !== undefined
          ? `${i ? '.' : ''}locator('${s.css}')`
          : s.nth !== undefined
            ? s.nth === 0
              ? '.first()'
              : s.nth === -1
                ? '.last()'
                : `.nth(${s.nth})`
            : `.filter({ hasText: ${s.hasText.source !== undefined ? `/${s.hasText.source}/${s.hasText.flags}` : JSON.stringify(s.hasText.text)} })`,
      )
      .join('');
  }
  _with(step) {
    return new FxLocator(this._page, [...this._steps, step]);
  }
  locator(selector) {
    return this._with({ css: selector });
  }
  first() {
    return this._with({ nth: 0 });
  }
  last() {
    return this._with({ nth: -1 });
  }
  nth(i) {
    return this._with({ nth: i });
  }
  filter({ hasText, has, hasNot, hasNotText } = {}) {
    if (has || hasNot || hasNotText) throw new Error('locator.filter: only hasText is offered by the Firefox driver');
    if (hasText === undefined) return this;
    return this._with({ hasText: hasText instanceof RegExp ? { source: hasText.source, flags: hasText.flags } : { text: String(hasText) } });
  }
  get _pp() {
    return this._page._pp;
  }

  /** The states of what the locator selects now (one round trip). */
  async _probe() {
    // An expression built here, not code built in the page (the page's CSP forbids eval).
    return this._pp.evaluate(`(${STATES})((${RESOLVE})(${JSON.stringify(this._steps)}))`);
  }
  /** A handle to the array of elements selected now. */
  async _arrayHandle() {
    return this._pp.evaluateHandle(`(${RESOLVE})(${JSON.stringify(this._steps)})`);
  }
  _strictError(method, n, describe) {
    return new Error(
      `${method}: Error: strict mode violation: ${this} resolved to ${n} elements:\n` + describe.map((d, i) => `    ${i + 1}) ${d}`).join('\n'),
    );
  }
  /**
   * Waits (polling) until `ok(probe)` holds for exactly one element; throws Playwright's
   * strict-mode and timeout errors. `what` is the call-log line ("to be visible"); `budget`
   * a timeout in ms, or { timeout, deadline } shared by the steps of one action.
   */
  async _waitOne(method, what, ok, budget) {
    const { timeout, deadline } = budgetOf(budget);
    let last;
    for (let i = 0; ; i++) {
      try {
        last = await this._probe();
      } catch (e) {
        // A navigation or a re-render in between: try again.
        if (Date.now() > deadline) throw e;
        last = null;
      }
      if (last) {
        if (last.count > 1) throw this._strictError(method, last.count, last.describe);
        if (last.count === 1 && ok(last)) return last;
      }
      if (Date.now() >= deadline) {
        const state = !last ? 'no answer from the page' : last.count === 0 ? 'no element' : `${last.describe[0]}: visible ${last.visible}, enabled ${last.enabled}, editable ${last.editable}`;
        throw new TimeoutError(`${method}: Timeout ${timeout}ms exceeded.\nCall log:\n  - waiting for ${this} ${what}\n  - last seen: ${state}`);
      }
      await sleep(Math.min(POLL[Math.min(i, POLL.length - 1)], Math.max(0, deadline - Date.now())));
    }
  }
  /** The one element (strict), attached and satisfying `ok`, as an ElementHandle. */
  async _element(method, what = '', ok = () => true, budget) {
    const b = budgetOf(budget);
    for (;;) {
      await this._waitOne(method, what, ok, b);
      const arr = await this._arrayHandle();
      try {
        // Still one (the page may have changed between the two calls): take it.
        if ((await arr.evaluate((a) => a.length)) === 1) return await arr.evaluateHandle((a) => a[0]);
      } finally {
        await arr.dispose().catch(() => {});
      }
    }
  }
  async _withElement(method, fn, arg, { what = '', ok, timeout } = {}) {
    const h = await this._element(method, what, ok, timeout);
    try {
      return await h.evaluate(fn, arg);
    } finally {
      await h.dispose().catch(() => {});
    }
  }

  // ---- queries
  async count() {
    return (await this._probe()).count;
  }
  async all() {
    const n = await this.count();
    return Array.from({ length: n }, (_, i) => this.nth(i));
  }
  async isVisible() {
    const p = await this._probe();
    if (p.count > 1) throw this._strictError('locator.isVisible', p.count, p.describe);
    return p.count === 1 && p.visible;
  }
  async isHidden() {
    return !(await this.isVisible());
  }
  async isEnabled({ timeout } = {}) {
    return (await this._waitOne('locator.isEnabled', '', () => true, timeout)).enabled;
  }
  async getAttribute(name, { timeout } = {}) {
    return this._withElement('locator.getAttribute', (e, n) => e.getAttribute(n), name, { timeout });
  }
  async textContent({ timeout } = {}) {
    return this._withElement('locator.textContent', (e) => e.textContent, undefined, { timeout });
  }
  async innerText({ timeout } = {}) {
    return this._withElement('locator.innerText', (e) => e.innerText, undefined, { timeout });
  }
  async inputValue({ timeout } = {}) {
    return this._withElement(
      'locator.inputValue',
      (e) => {
        if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)) throw new Error('Node is not an <input>, <textarea> or <select> element');
        return e.value;
      },
      undefined,
      { timeout },
    );
  }
  async isChecked({ timeout } = {}) {
    return this._withElement('locator.isChecked', (e) => e.checked, undefined, { timeout });
  }
  async allTextContents() {
    const arr = await this._arrayHandle();
    try {
      return await arr.evaluate((a) => a.map((e) => e.textContent ?? ''));
    } finally {
      await arr.dispose().catch(() => {});
    }
  }
  async evaluate(fn, arg, { timeout } = {}) {
    return this._withElement('locator.evaluate', fn, arg, { timeout });
  }
  async evaluateAll(fn, arg) {
    const arr = await this._arrayHandle();
    try {
      return await arr.evaluate(fn, arg);
    } finally {
      await arr.dispose().catch(() => {});
    }
  }
  async elementHandle({ timeout } = {}) {
    return this._element('locator.elementHandle', '', () => true, timeout);
  }

  // ---- waiting
  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (let i = 0; ; i++) {
      const p = await this._probe().catch(() => null);
      if (p) {
        if (p.count > 1 && state !== 'detached' && state !== 'hidden') throw this._strictError('locator.waitFor', p.count, p.describe);
        const done =
          state === 'attached' ? p.count === 1 : state === 'visible' ? p.count === 1 && p.visible : state === 'detached' ? p.count === 0 : state === 'hidden' ? p.count === 0 || (p.count === 1 && !p.visible) : null;
        if (done === null) throw new Error(`locator.waitFor: state: expected one of (attached|detached|visible|hidden), got ${state}`);
        if (done) return;
      }
      if (Date.now() >= deadline) throw new TimeoutError(`locator.waitFor: Timeout ${timeout}ms exceeded.\nCall log:\n  - waiting for ${this} to be ${state}`);
      await sleep(Math.min(POLL[Math.min(i, POLL.length - 1)], Math.max(0, deadline - Date.now())));
    }
  }

  // ---- actions
  async focus({ timeout } = {}) {
    await this._withElement('locator.focus', (e) => e.focus(), undefined, { timeout });
  }
  async click({ timeout = DEFAULT_TIMEOUT, button = 'left', clickCount = 1, delay } = {}) {
    const budget = budgetOf(timeout);
    const { deadline } = budget;
    const blocks = ['center', 'end', 'start', 'nearest'];
    for (let attempt = 0; ; attempt++) {
      const h = await this._element('locator.click', 'to be visible, enabled and stable', (p) => p.visible && p.enabled, budget);
      try {
        // Stable: the same box in two animation frames. Then into view, and the point.
        const target = await h.evaluate(async (e, [block, ms]) => {
          const frame = () => new Promise((ok) => requestAnimationFrame(() => ok()));
          const box = () => {
            const r = e.getBoundingClientRect();
            return `${r.x},${r.y},${r.width},${r.height}`;
          };
          const start = performance.now();
          let before = box();
          await frame();
          while (box() !== before) {
            if (performance.now() - start > ms) return { error: 'element is not stable' };
            before = box();
            await frame();
          }
          const inView = (r) => r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
          if (!inView(e.getBoundingClientRect()) || block !== 'center') e.scrollIntoView({ block, inline: 'nearest', behavior: 'instant' });
          await frame();
          const rects = [...e.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
          if (!rects.length) return { error: 'element has no box' };
          const r = rects[0];
          const x = Math.max(0, Math.min(innerWidth - 1, r.left + r.width / 2));
          const y = Math.max(0, Math.min(innerHeight - 1, r.top + r.height / 2));
          // What receives a click there, through open shadow roots.
          let hit = document.elementFromPoint(x, y);
          while (hit?.shadowRoot) {
            const inner = hit.shadowRoot.elementFromPoint(x, y);
            if (!inner || inner === hit) break;
            hit = inner;
          }
          const within = (n) => {
            for (; n; n = n.parentElement || (n.parentNode instanceof ShadowRoot ? n.parentNode.host : null)) if (n === e) return true;
            return false;
          };
          // A <label> for the element receives its click.
          const viaLabel = hit && hit.closest?.('label') && (hit.closest('label').control === e);
          if (!hit || !(within(hit) || viaLabel)) {
            const d = hit ? `<${hit.tagName.toLowerCase()} class="${hit.className?.baseVal ?? hit.className}">` : 'nothing';
            return { error: `${d} intercepts pointer events` };
          }
          return { x, y };
        }, [blocks[attempt % blocks.length], Math.max(0, deadline - Date.now())]);
        if (target.error) {
          if (Date.now() >= deadline) throw new TimeoutError(`locator.click: Timeout ${timeout}ms exceeded.\nCall log:\n  - waiting for ${this}\n  - ${target.error}`);
          await sleep(attempt < 3 ? 20 : 100);
          continue;
        }
        await clickAndWait(this._pp, target.x, target.y, { button, count: clickCount, delay });
        return;
      } finally {
        await h.dispose().catch(() => {});
      }
    }
  }
  async check({ timeout } = {}) {
    if (await this._withElement('locator.check', (e) => e.checked, undefined, { timeout })) return;
    await this.click({ timeout });
    if (!(await this._withElement('locator.check', (e) => e.checked, undefined, { timeout }))) throw new Error('locator.check: Clicking the checkbox did not change its state');
  }
  async uncheck({ timeout } = {}) {
    if (!(await this._withElement('locator.uncheck', (e) => e.checked, undefined, { timeout }))) return;
    await this.click({ timeout });
  }
  /** Playwright's fill: focus, select all, then one insertText (or Delete for ''). */
  async fill(value, { timeout } = {}) {
    const h = await this._element('locator.fill', 'to be visible, enabled and editable', (p) => p.visible && p.enabled && p.editable, timeout);
    try {
      const how = await h.evaluate((e, v) => {
        const SET = ['color', 'date', 'time', 'datetime-local', 'month', 'range', 'week'];
        if (e.tagName === 'INPUT' && SET.includes(e.type)) {
          e.focus();
          e.value = v.trim();
          if (e.value !== v.trim()) throw new Error('Malformed value');
          e.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          e.dispatchEvent(new Event('change', { bubbles: true }));
          return 'done';
        }
        if (e.tagName !== 'INPUT' && e.tagName !== 'TEXTAREA' && !e.isContentEditable) throw new Error('Element is not an <input>, <textarea> or [contenteditable] element');
        e.focus();
        if (e.select) e.select();
        else {
          const r = document.createRange();
          r.selectNodeContents(e);
          getSelection().removeAllRanges();
          getSelection().addRange(r);
        }
        return 'type';
      }, value);
      if (how === 'done') return;
      if (value === '') {
        await this._page.keyboard.press('Delete');
        return;
      }
      const ok = await h.evaluate((e, v) => {
        document.execCommand('insertText', false, v);
        return (e.value ?? e.textContent) === v;
      }, value);
      if (!ok) {
        // execCommand refused (it should not): set the value as an input would.
        await h.evaluate((e, v) => {
          e.value = v;
          e.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: v }));
        }, value);
      }
    } finally {
      await h.dispose().catch(() => {});
    }
  }
  /** Playwright's selectOption for values or labels: selects, then input and change. */
  async selectOption(values, { timeout = DEFAULT_TIMEOUT } = {}) {
    const wanted = (Array.isArray(values) ? values : [values]).map((v) => (typeof v === 'string' ? { value: v, label: v, any: true } : v));
    const budget = budgetOf(timeout);
    const { deadline } = budget;
    for (let i = 0; ; i++) {
      const h = await this._element('locator.selectOption', 'to be enabled', (p) => p.enabled, budget);
      try {
        const got = await h.evaluate((e, want) => {
          if (e.tagName !== 'SELECT') throw new Error('Element is not a <select> element');
          const options = [...e.options];
          const picked = [];
          for (const w of want) {
            const o = options.find((o) =>
              w.any ? o.value === w.value || o.label === w.label : (w.value === undefined || o.value === w.value) && (w.label === undefined || o.label === w.label) && (w.index === undefined || o.index === w.index),
            );
            if (!o) return null;
            picked.push(o);
            if (!e.multiple) break;
          }
          for (const o of options) o.selected = picked.includes(o);
          e.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          e.dispatchEvent(new Event('change', { bubbles: true }));
          return picked.map((o) => o.value);
        }, wanted);
        if (got) return got;
      } finally {
        await h.dispose().catch(() => {});
      }
      if (Date.now() >= deadline) throw new TimeoutError(`locator.selectOption: Timeout ${timeout}ms exceeded.\nCall log:\n  - waiting for ${this}\n  - did not find some options`);
      await sleep(POLL[Math.min(i, POLL.length - 1)]);
    }
  }
  /** A PNG of the element (scrolled into view), as a Buffer. */
  async screenshot({ timeout, path } = {}) {
    const h = await this._element('locator.screenshot', 'to be visible', (p) => p.visible, timeout);
    try {
      const clip = await h.evaluate(async (e) => {
        e.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
        await new Promise((ok) => requestAnimationFrame(() => ok()));
        const r = e.getBoundingClientRect();
        return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
      });
      const buf = await this._pp.screenshot({ path, clip });
      return Buffer.from(buf);
    } finally {
      await h.dispose().catch(() => {});
    }
  }
}

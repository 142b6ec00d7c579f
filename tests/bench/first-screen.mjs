// The investor's first screen, measured (not a pass/fail test): run by `bash tests/bench.sh`.
//
// Prints, all measured in this one run:
//   P1  the bytes (gzip -9) the widget loads before its first result, and all its assets;
//   P2  the first rendered result against a bare page from the same server, median of N
//       cold loads each, on a phone profile (CDP: 4x CPU slowdown, Fast 3G) and unthrottled;
//   P5  keystroke -> updated DOM (layout included), p50 and p95 over many keystrokes,
//       unthrottled, no debounce;
//   the wasm/native ratio of one evaluation of the example scenario (native figure from
//   `cargo bench --bench engine -- --json`, passed in NATIVE_JSON).
//
// The server sends files gzip-compressed, as a real web server would.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ENGINE, FIXTURES, REPO, isLoadedByWidget, launchBrowser, oneVisit, siteDir, startServer } from '../e2e/harness.mjs';

const BUDGETS = JSON.parse(readFileSync(join(REPO, 'tests', 'budgets.json'), 'utf8'));

// CPU and network throttling go through the Chrome DevTools Protocol: chromium only.
if (ENGINE !== 'chromium') {
  console.error(`first-screen.mjs throttles CPU and network through CDP, which only chromium has (INVESTCALC_BROWSER=${ENGINE}).`);
  process.exit(2);
}

const RUNS = Number(process.env.RUNS || 10);
const KEYS = Number(process.env.KEYS || 300);
// Chrome DevTools' "Fast 3G": 1.6 Mbps down, 750 kbps up, 150 ms RTT, each x0.9 / x3.75.
const FAST_3G = { offline: false, latency: 150 * 3.75, downloadThroughput: Math.round(((1.6 * 1024 * 1024) / 8) * 0.9), uploadThroughput: Math.round(((750 * 1024) / 8) * 0.9) };
const PROFILES = { phone: { cpu: 4, net: FAST_3G }, unthrottled: { cpu: 1, net: null } };

const site = siteDir();
const gz = (rel) => gzipSync(readFileSync(join(site, rel)), { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

function walk(dir, acc = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else acc.push(relative(site, p).split(sep).join('/'));
  }
  return acc;
}

const server = await startServer(site, { '/__e2e__/': FIXTURES }, { gzip: true });
const browser = await launchBrowser();

/** One cold load in a fresh context: ms to `load` (bare) or to the first result (widget). */
async function load(path, profile, widget) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (profile.net) await cdp.send('Network.emulateNetworkConditions', profile.net);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  try {
    await page.goto(server.url(path), { waitUntil: widget ? 'commit' : 'load', timeout: 120_000 });
    if (!widget) return { ms: await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd) };
    await page.waitForFunction(() => performance.getEntriesByName('investcalc:first-result').length > 0, null, { timeout: 120_000, polling: 20 });
    return await page.evaluate(() => {
      const first = performance.getEntriesByName('investcalc:first-result')[0].startTime;
      const files = performance
        .getEntriesByType('resource')
        .filter((r) => r.startTime < first)
        .map((r) => new URL(r.name).pathname.slice(1));
      return { ms: first, files };
    });
  } finally {
    await context.close();
  }
}

const out = [];
const say = (line = '') => {
  out.push(line);
  console.log(line);
};

// ---- P2 (and the files behind P1, from the unthrottled loads)
let before = new Set();
const p2 = {};
for (const [name, profile] of Object.entries(PROFILES)) {
  const bare = [];
  const widget = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push((await load('/__e2e__/bare.html', profile, false)).ms);
    const w = await load('/', profile, true);
    widget.push(w.ms);
    if (name === 'unthrottled') for (const f of w.files) before.add(f);
  }
  p2[name] = { bare: median(bare), widget: median(widget) };
}

// ---- P1: what the widget loads before its first result, and everything it may load.
const firstLoad = [...before].filter(isLoadedByWidget).sort();
const p1 = firstLoad.reduce((s, f) => s + gz(f), 0);
const visit = oneVisit(walk(site).filter(isLoadedByWidget).map((rel) => ({ rel, gzip: gz(rel) })));
const visitBytes = visit.reduce((s, r) => s + r.gzip, 0);

// ---- P5: keystroke -> updated DOM, unthrottled.
const keys = await (async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(server.url('/'));
    await page.locator('invest-calculator[data-state="ready"]').waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const el = document.querySelector('invest-calculator');
      window.__lat = [];
      let t0 = 0;
      el.shadowRoot.addEventListener('keydown', () => (t0 = performance.now()), true);
      el.addEventListener('result', () => {
        void document.body.offsetHeight; // style and layout of the updated DOM
        el.shadowRoot.querySelector('.ic').getBoundingClientRect();
        if (t0) window.__lat.push(performance.now() - t0);
        t0 = 0;
      });
    });
    const input = page.locator('invest-calculator .field[data-field="investment"] input');
    await input.focus();
    await page.keyboard.press('End');
    for (let i = 0; i < KEYS; i++) await page.keyboard.press(i % 2 ? 'Backspace' : String((i / 2) % 10 | 0));
    return await page.evaluate(() => window.__lat);
  } finally {
    await context.close();
  }
})();

// ---- wasm vs native, one evaluation of the example scenario (the JSON report included).
const wasm = await (async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url('/__e2e__/bare.html'));
    return await page.evaluate(async () => {
      const m = await import('/pkg/investcalc.js');
      await m.default();
      // The default policy's words come with the language pack (the element's helper).
      await (await import('/invest-calculator.js')).loadLanguage(m, 'zh-Hans');
      const calc = m.Calculator.withDefaultPolicy();
      const sc = calc.formSchema('zh-Hans').example;
      const opts = { lang: 'zh-Hans', asOf: '2026-11-28' };
      for (let i = 0; i < 50; i++) calc.evaluate(sc, opts);
      const means = [];
      for (let b = 0; b < 15; b++) {
        const t = performance.now();
        let n = 0;
        while (performance.now() - t < 100) {
          calc.evaluate(sc, opts);
          n++;
        }
        means.push(((performance.now() - t) * 1000) / n);
      }
      means.sort((a, b) => a - b);
      return means[7];
    });
  } finally {
    await context.close();
  }
})();
const native = process.env.NATIVE_JSON ? JSON.parse(process.env.NATIVE_JSON) : null;

await browser.close();
await server.close();

say('investor first screen (tests/bench/first-screen.mjs)');
say(`P1  before the first result: ${kb(p1)} gzip -9 in ${firstLoad.length} files (${firstLoad.join(', ')})`);
say(`    one visit, all it loads: ${kb(visitBytes)} gzip -9 in ${visit.length} files (one language pack; budget ${kb(BUDGETS.allAssets.bytes)})`);
for (const [name, r] of Object.entries(p2)) {
  const label = name === 'phone' ? 'phone (4x CPU, Fast 3G)' : 'unthrottled';
  say(`P2  ${label.padEnd(24)} first result ${Math.round(r.widget)} ms, bare page ${Math.round(r.bare)} ms: ${(r.widget / r.bare).toFixed(2)}x (median of ${RUNS})`);
}
say(`P5  keystroke -> updated DOM: p50 ${median(keys).toFixed(1)} ms, p95 ${pct(keys, 0.95).toFixed(1)} ms over ${keys.length} keystrokes (no debounce)`);
if (native) {
  say(`wasm/native, one evaluation with its JSON report: ${wasm.toFixed(0)} µs / ${native.evaluateJsonUs} µs = ${(wasm / native.evaluateJsonUs).toFixed(2)}x (engine alone natively ${native.evaluateUs} µs)`);
} else {
  say(`wasm, one evaluation with its JSON report: ${wasm.toFixed(0)} µs (set NATIVE_JSON for the ratio)`);
}

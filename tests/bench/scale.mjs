// The engine at provincial scale in the browser (not a pass/fail test): for each policy
// written by `cargo bench --bench scale -- --write DIR`, how long `new Calculator(policy)`
// and `calc.evaluate(scenario)` take in headless chromium, median of runs, and the growth
// at each doubling. Run by `bash tests/bench.sh scale`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, launchBrowser, siteDir, startServer } from '../e2e/harness.mjs';

const dir = process.env.SCALE_DIR;
if (!dir) throw new Error('set SCALE_DIR to the folder written by `cargo bench --bench scale -- --write DIR`');
const sizes = readdirSync(dir)
  .map((f) => /^policy-(\d+)-(\d+)\.json$/.exec(f))
  .filter(Boolean)
  .map((m) => [Number(m[1]), Number(m[2])])
  .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

const server = await startServer(siteDir(), { '/__e2e__/': FIXTURES, '/__scale__/': dir });
const browser = await launchBrowser();
const page = await (await browser.newContext()).newPage();
await page.goto(server.url('/__e2e__/bare.html'));
await page.evaluate(async () => {
  const m = await import('/pkg/investcalc.js');
  await m.default();
  const pack = await (await fetch('/lang/en.json')).json();
  m.loadLanguage('en', pack.texts);
  window.__m = m;
});

const rows = [];
console.log(`${'parcels'.padStart(8)} ${'programs'.padStart(9)} ${'new Calculator ms'.padStart(18)} ${'evaluate ms'.padStart(12)}`);
for (const [parcels, programs] of sizes) {
  const policy = `/__scale__/policy-${parcels}-${programs}.json`;
  const scenario = JSON.parse(readFileSync(join(dir, `scenario-${parcels}-${programs}.json`), 'utf8'));
  const r = await page.evaluate(
    async ({ policy, scenario, budget }) => {
      const text = await (await fetch(policy)).text();
      const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      // Median of batch means: a batch runs `f` for at least 20 ms (one call when it is
      // slower), so that quick calls are timed above the clock's resolution.
      const time = (f) => {
        const runs = [];
        const start = performance.now();
        while (runs.length < 3 || (performance.now() - start < budget && runs.length < 100)) {
          const t = performance.now();
          let n = 0;
          do {
            f();
            n++;
          } while (performance.now() - t < 20);
          runs.push((performance.now() - t) / n);
        }
        return med(runs);
      };
      let calc;
      const load = time(() => {
        calc?.free();
        calc = new window.__m.Calculator(JSON.parse(text), 'en');
      });
      const opts = { lang: 'en', asOf: '2026-11-28' };
      const errors = calc.evaluate(scenario, opts).errors;
      const evaluate = time(() => calc.evaluate(scenario, opts));
      calc.free();
      return { load, evaluate, errors };
    },
    { policy, scenario, budget: parcels >= 10000 ? 4000 : 1500 },
  );
  if (r.errors.length) console.log(`${parcels}/${programs}: errors ${JSON.stringify(r.errors)}`);
  console.log(`${String(parcels).padStart(8)} ${String(programs).padStart(9)} ${r.load.toFixed(1).padStart(18)} ${r.evaluate.toFixed(2).padStart(12)}`);
  rows.push({ parcels, programs, ...r });
}
for (const a of rows) {
  for (const b of rows) {
    const p = b.parcels === 2 * a.parcels && b.programs === a.programs;
    const g = b.programs === 2 * a.programs && b.parcels === a.parcels;
    if (p || g) {
      console.log(`doubling ${p ? 'parcels' : 'programs'} ${a.parcels}/${a.programs} -> ${b.parcels}/${b.programs}: new Calculator ${(b.load / a.load).toFixed(2)}x, evaluate ${(b.evaluate / a.evaluate).toFixed(2)}x`);
    }
  }
}

// The curve in one table, natively (written by `cargo bench --bench scale -- --write`)
// and in the browser, with the growth at each doubling and P3 (the default policy).
let native = null;
try {
  native = JSON.parse(readFileSync(join(dir, 'native.json'), 'utf8'));
} catch {}
if (native) {
  const key = (r) => `${r.parcels}/${r.programs}`;
  const nat = new Map(native.rows.map((r) => [key(r), r]));
  const f = (x, d = 2) => (x == null ? '–' : x.toFixed(d));
  console.log('\nthe curve (median ms): native evaluate, browser evaluate, browser new Calculator');
  console.log(`${'parcels/programs'.padStart(16)} ${'native eval'.padStart(12)} ${'browser eval'.padStart(13)} ${'new Calculator'.padStart(15)}`);
  for (const r of rows) console.log(`${key(r).padStart(16)} ${f(nat.get(key(r))?.evaluateMs, 3).padStart(12)} ${f(r.evaluate, 3).padStart(13)} ${f(r.load, 1).padStart(15)}`);
  for (const a of rows) {
    for (const b of rows) {
      const p = b.parcels === 2 * a.parcels && b.programs === a.programs;
      const g = b.programs === 2 * a.programs && b.parcels === a.parcels;
      if (!p && !g) continue;
      const na = nat.get(key(a))?.evaluateMs;
      const nb = nat.get(key(b))?.evaluateMs;
      console.log(`growth, doubling ${p ? 'parcels' : 'programs'} ${key(a)} -> ${key(b)}: native evaluate ${f(nb / na)}x, browser evaluate ${f(b.evaluate / a.evaluate)}x, new Calculator ${f(b.load / a.load)}x`);
    }
  }
  const d = rows.find((r) => r.parcels === 10 && r.programs === 6);
  if (d) {
    const us = d.evaluate * 1000;
    console.log(`P3 (default policy, one evaluation): native ${f(native.p3Us, 1)} µs (brief ${f(native.p3BriefUs, 1)} µs), browser Calculator.evaluate ${f(us, 1)} µs, wasm/native ${f(us / native.p3Us)}x`);
  }
}
await browser.close();
await server.close();

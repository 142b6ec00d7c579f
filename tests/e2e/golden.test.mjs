// The golden scenario corpus (tests/golden/*.json) run through the wasm API in chromium
// must give reports identical to the native CLI's, field for field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, setup } from './harness.mjs';

const GOLDEN = join(REPO, 'tests', 'golden');
const targetDir = process.env.CARGO_TARGET_DIR ? join(REPO, process.env.CARGO_TARGET_DIR) : join(REPO, 'target');
const CLI = [join(targetDir, 'debug', 'investcalc'), join(process.env.CARGO_TARGET_DIR || '', 'debug', 'investcalc')].find(
  (p) => existsSync(p),
);

let env;
let page;
before(async () => {
  env = await setup();
  page = await env.open('/__e2e__/golden.html');
  await page.page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 30_000 });
  const ready = await page.page.evaluate(() => window.__ready);
  assert.equal(ready, true, `the wasm module did not load: ${ready}`);
});
after(async () => {
  await page?.close();
  await env?.close();
});

function native(c) {
  const args = ['evaluate', '--scenario', '-', '--lang', c.lang || 'en', '--as-of', c.asOf || '2026-11-28'];
  if (c.policy && c.policy !== 'default') args.push('--policy', join(REPO, 'tests', c.policy));
  const r = spawnSync(CLI, args, { input: JSON.stringify(c.input), encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 2, `CLI failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('every golden case gives the same report in the browser as in the CLI', async () => {
  assert.ok(CLI, 'the native CLI is not built (cargo test builds target/debug/investcalc)');
  const files = readdirSync(GOLDEN).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length >= 15, `expected at least 15 golden cases, found ${files.length}`);
  const policies = {};
  let compared = 0;
  for (const f of files) {
    const c = JSON.parse(readFileSync(join(GOLDEN, f), 'utf8'));
    const want = native(c);
    const policy =
      c.policy && c.policy !== 'default'
        ? (policies[c.policy] ??= JSON.parse(readFileSync(join(REPO, 'tests', c.policy), 'utf8')))
        : null;
    const got = await page.page.evaluate(
      ({ policy, input, lang, asOf }) => {
        const api = window.__api;
        const calc = policy ? new api.Calculator(policy) : api.Calculator.withDefaultPolicy();
        try {
          return calc.evaluate(input, { lang, asOf });
        } finally {
          calc.free();
        }
      },
      { policy, input: c.input, lang: c.lang || 'en', asOf: c.asOf || '2026-11-28' },
    );
    assert.deepStrictEqual(got, want, `${f}: the wasm report differs from the CLI's`);
    compared += 1;
  }
  console.log(`golden through wasm: ${compared} cases identical to the CLI`);
  assert.deepEqual(page.consoleErrors, [], 'console errors');
  assert.deepEqual(page.pageErrors, [], 'uncaught page errors');
});

test('a bad policy throws an error listing every problem', async () => {
  const issues = await page.page.evaluate(() => {
    const api = window.__api;
    try {
      new api.Calculator({ id: 'x', version: '1', zones: 'none', programz: [] });
      return null;
    } catch (e) {
      return { message: String(e.message), code: e.code, issues: e.issues };
    }
  });
  assert.ok(issues, 'new Calculator accepted a broken policy');
  const pairs = issues.issues.map((i) => `${i.code} ${i.path}`);
  assert.ok(pairs.includes('unknown-key programz'), pairs.join('; '));
  assert.ok(pairs.includes('wrong-type zones'), pairs.join('; '));
  assert.ok(pairs.includes('required name'), pairs.join('; '));
  assert.ok(issues.issues.every((i) => i.message.length > 0));
  assert.match(issues.message, /programz/);
});

test('non-finite numbers, wrong types and misspelt keys come back as errors, never a crash', async () => {
  const reports = await page.page.evaluate(() => {
    const api = window.__api;
    const calc = api.Calculator.withDefaultPolicy();
    const base = { zone: 'etdz', projectKind: 'industrial', investment: 50000000, registeredCapital: 20000000 };
    const cases = [
      { ...base, investment: NaN },
      { ...base, investment: Infinity },
      { ...base, investment: -1 },
      { ...base, investment: 'fifty' },
      { ...base, registerdCapital: 1 },
      { ...base, investment: 1e300 },
      { ...base, zone: 42 },
      'not an object',
    ];
    const out = cases.map((s) => calc.evaluate(s, { lang: 'en', asOf: '2026-11-28' }).errors.map((e) => `${e.code} ${e.path}`));
    // The module still works after all of that.
    const ok = calc.evaluate(base, { lang: 'en', asOf: '2026-11-28' });
    out.push(ok.errors.length === 0 && ok.programs.find((p) => p.id === 'two-zone-industrial-reward').eligible);
    return out;
  });
  assert.deepEqual(reports, [
    ['not-finite investment'],
    ['not-finite investment'],
    ['negative investment'],
    ['invalid-number investment'],
    ['unknown-key registerdCapital'],
    ['too-large investment'],
    ['wrong-type zone'],
    ['wrong-type '],
    true,
  ]);
});

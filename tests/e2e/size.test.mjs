// Size budgets (tests/budgets.json, the one place they are stated), gzip -9:
//   firstLoad  what the widget loads before its first result, measured in chromium;
//   allAssets  everything a visit in one language can load (one language pack).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO, isLoadedByWidget, oneVisit, setup, siteDir } from './harness.mjs';

const BUDGETS = JSON.parse(readFileSync(join(REPO, 'tests', 'budgets.json'), 'utf8'));
const fmt = (n) => n.toLocaleString('en-US');
const gz = (site, rel) => gzipSync(readFileSync(join(site, rel)), { level: 9 }).length;

function walk(dir, acc = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

/** The widget's files with their gzipped sizes, largest first within each kind. */
function widgetFiles(site) {
  return walk(site)
    .map((p) => relative(site, p).split(sep).join('/'))
    .filter(isLoadedByWidget)
    .map((rel) => ({ rel, raw: statSync(join(site, rel)).size, gzip: gz(site, rel) }))
    .sort((a, b) => a.rel.localeCompare(b.rel));
}

function table(title, rows) {
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  return [title, `${'raw'.padStart(10)} ${'gzip -9'.padStart(10)}  file`, ...rows.map((r) => `${fmt(r.raw).padStart(10)} ${fmt(r.gzip).padStart(10)}  ${r.rel}`), `${''.padStart(10)} ${fmt(total).padStart(10)}  total`].join('\n');
}

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

test(`all assets of a visit stay within ${fmt(BUDGETS.allAssets.bytes)} bytes gzipped`, () => {
  const site = siteDir();
  const files = widgetFiles(site);
  assert.ok(files.some((r) => r.rel === 'pkg/investcalc_bg.wasm'), 'pkg/investcalc_bg.wasm missing');
  assert.ok(files.some((r) => r.rel === 'pkg/investcalc.js'), 'pkg/investcalc.js missing');
  const packs = files.filter((r) => r.rel.startsWith('lang/'));
  assert.equal(packs.length, 3, 'a language pack for each language');
  const visit = oneVisit(files);
  const total = visit.reduce((s, r) => s + r.gzip, 0);
  const onDisk = files.reduce((s, r) => s + r.gzip, 0);
  console.log(table('size: what one visit can load', visit));
  console.log(`size: all assets of a visit ${fmt(total)} bytes (budget ${fmt(BUDGETS.allAssets.bytes)}); every widget file on disk, all three language packs, ${fmt(onDisk)} bytes`);
  assert.ok(total <= BUDGETS.allAssets.bytes, `a visit can load ${fmt(total)} bytes gzipped, over the ${fmt(BUDGETS.allAssets.bytes)}-byte budget`);
});

test(`the first result needs at most ${fmt(BUDGETS.firstLoad.bytes)} bytes gzipped`, async () => {
  const site = siteDir();
  for (const lang of ['zh-Hans', 'en']) {
    const p = await env.open(lang === 'en' ? '/__e2e__/host-plain.html' : '/');
    try {
      await p.page.waitForFunction(() => performance.getEntriesByName('investcalc:first-result').length > 0, null, { timeout: 60_000 });
      const files = await p.page.evaluate(() => {
        const first = performance.getEntriesByName('investcalc:first-result')[0].startTime;
        return performance
          .getEntriesByType('resource')
          .filter((r) => r.startTime < first)
          .map((r) => new URL(r.name).pathname.slice(1));
      });
      const rows = files.filter(isLoadedByWidget).map((rel) => ({ rel, raw: statSync(join(site, rel)).size, gzip: gz(site, rel) }));
      const total = rows.reduce((s, r) => s + r.gzip, 0);
      console.log(table(`size: loaded before the first result (${lang} page)`, rows));
      assert.ok(rows.some((r) => r.rel === `lang/${lang}.json`), `the ${lang} pack (with its first screen) is used`);
      assert.ok(total <= BUDGETS.firstLoad.bytes, `${fmt(total)} bytes before the first result, over the ${fmt(BUDGETS.firstLoad.bytes)}-byte budget`);
    } finally {
      await p.close();
    }
  }
});

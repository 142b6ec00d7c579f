// Size budget: everything the widget downloads, gzipped at level 9, must stay under 150 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { siteDir, isLoadedByWidget } from './harness.mjs';

const BUDGET = 153_600;
const fmt = (n) => n.toLocaleString('en-US');

function walk(dir, acc = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

test(`widget download stays within ${fmt(BUDGET)} bytes gzipped`, () => {
  const site = siteDir();
  const rows = walk(site)
    .map((p) => relative(site, p).split(sep).join('/'))
    .filter(isLoadedByWidget)
    .sort((a, b) => (a.endsWith('.wasm') ? -1 : b.endsWith('.wasm') ? 1 : a.localeCompare(b)))
    .map((rel) => {
      const bytes = readFileSync(join(site, rel));
      return { rel, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  assert.ok(rows.some((r) => r.rel === 'pkg/investcalc_bg.wasm'), 'pkg/investcalc_bg.wasm missing');
  assert.ok(rows.some((r) => r.rel === 'pkg/investcalc.js'), 'pkg/investcalc.js missing');

  const total = rows.reduce((s, r) => s + r.gzip, 0);
  const rawTotal = rows.reduce((s, r) => s + r.raw, 0);
  const lines = [
    `size: files the widget loads, from ${site}`,
    `${'raw'.padStart(10)} ${'gzip -9'.padStart(10)}  file`,
    ...rows.map((r) => `${fmt(r.raw).padStart(10)} ${fmt(r.gzip).padStart(10)}  ${r.rel}`),
    `${fmt(rawTotal).padStart(10)} ${fmt(total).padStart(10)}  total`,
    `size: total gzipped ${fmt(total)} bytes (budget ${fmt(BUDGET)})`,
  ];
  console.log(lines.join('\n'));
  assert.ok(
    total <= BUDGET,
    `the widget downloads ${fmt(total)} bytes gzipped, over the ${fmt(BUDGET)}-byte budget`,
  );
});

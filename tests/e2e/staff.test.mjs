// The negotiation toolkit (issue "Negotiation toolkit"): the staff view with its targets,
// the share link, offers side by side, the one-page term sheet with its QR code, the CSV,
// scenario files, a zone's own policy file, the single-file build, the tax band and the
// threshold curve.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlibConstants, inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { REPO, launchBrowser, setup, siteDir } from './harness.mjs';
import { TAG, REWARD, openCalc, setLang, enter, until, report, field, text, clean, sideways } from './widget.mjs';

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = mkdtempSync(join(tmpdir(), 'investcalc-staff-'));
});
after(async () => {
  await env?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});
const open = (path, opts) => openCalc(env, path, opts);
const button = (p, cls) => p.page.locator(`${TAG} .tools button.${cls}`);
/**
 * Counts the pages of a PDF (its page objects), also those packed in compressed object
 * streams (Chromium writes page objects as plain text, Firefox inside /ObjStm streams).
 */
function pdfPages(buf) {
  const raw = buf.toString('latin1');
  let text = raw;
  for (const m of raw.matchAll(/\/Type\s*\/ObjStm[^]*?stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const body = buf.subarray(start, raw.indexOf('endstream', start));
    text += inflateSync(body, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('latin1');
  }
  return (text.match(/\/Type\s*\/Page(?!s)/g) || []).length;
}

test('staff view: the introducing unit first, the size tier and what it brings, the targets worked out by hand', async () => {
  const p = await open('/', { lang: 'en' });
  try {
    await p.page.locator('#staff-view').check();
    await p.page.locator(`${TAG} .staff`).waitFor();
    const r = await report(p);
    assert.equal(await text(p.page.locator(`${TAG} [data-headline]`)), r.summary.introducingUnit.text);
    // 60,000,000 in the ETDZ (target CNY 550M): 60/550 = 10.909..% -> 10.91%.
    const zone = p.page.locator(`${TAG} .staff [data-target="zone"]`);
    assert.equal(await zone.getAttribute('data-share'), '10.91');
    assert.match(await text(zone), /10\.91%/);
    // The tier (CNY 50M and above) and what it brings under the source.
    assert.equal(await p.page.locator(`${TAG} .tierbox`).getAttribute('data-tier'), '50m');
    assert.equal(await text(p.page.locator(`${TAG} .tierbox p`)), r.tier.note);
    // Staff pick their department's tier: tier 1 (CNY 40M): 150.00%; the zones' bureaus
    // (CNY 80M): 75.00%; the choice is remembered.
    const pick = p.page.locator(`${TAG} .staff select`);
    await pick.selectOption('tier-1');
    assert.equal(await p.page.locator(`${TAG} [data-target="tier-1"]`).getAttribute('data-share'), '150.00');
    await pick.selectOption('zone-bureau');
    assert.equal(await p.page.locator(`${TAG} [data-target="zone-bureau"]`).getAttribute('data-share'), '75.00');
    assert.equal(await p.page.evaluate(() => localStorage.getItem('investcalc:department')), 'zone-bureau');
    clean(p);
  } finally {
    await p.close();
  }
});

test('share link: the fragment follows the figures, and reopening it gives the same report key for key', async () => {
  const p = await open('/', { lang: 'en' });
  try {
    await enter(p, 'investment', '75000000');
    await enter(p, 'zone', 'marine');
    await until(p, (r) => r.inputs.investment === '75000000.00' && r.inputs.zone === 'marine');
    const url = p.page.url();
    assert.match(url, /#ic=1&policy=dafeng-two-zones&version=2026\.1&lang=en&view=investor/);
    assert.match(url, /investment=75000000(&|$)/);
    const made = await report(p);
    const q = await env.open(new URL(url).pathname + new URL(url).hash);
    try {
      await q.page.locator(`${TAG}[data-state="ready"]`).waitFor({ timeout: 30_000 });
      await q.page.waitForFunction(() => document.querySelector('invest-calculator').report?.inputs);
      const got = await report(q);
      assert.deepEqual(got, made, 'the reopened link gives the same report');
      assert.equal(await q.page.locator(`${TAG} .field[data-field="investment"] input`).inputValue(), '75,000,000');
      clean(q);
    } finally {
      await q.close();
    }
    // Copy link: the address bar's link, on the clipboard.
    await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await button(p, 'copylink').click();
    await p.page.locator(`${TAG} [data-notice="link.copied"]`).waitFor();
    assert.equal(await p.page.evaluate(() => navigator.clipboard.readText()), p.page.url());
    clean(p);
  } finally {
    await p.close();
  }
});

test('a malformed link or one from another policy version gets a clear notice', async () => {
  const bad = await env.open('/#ic=9&zone=etdz');
  try {
    await bad.page.locator(`${TAG}[data-state="ready"]`).waitFor({ timeout: 30_000 });
    await bad.page.locator(`${TAG} [data-notice="link.bad"]`).waitFor();
    const r = await report(bad);
    assert.equal(r.inputs.investment, '60000000.00', 'the default figures');
  } finally {
    await bad.close();
  }
  const other = await env.open('/#ic=1&policy=dafeng-two-zones&version=2020.9&lang=en&view=investor&zone=marine&projectKind=industrial&investment=80000000&registeredCapital=20000000');
  try {
    await other.page.locator(`${TAG}[data-state="ready"]`).waitFor({ timeout: 30_000 });
    await other.page.locator(`${TAG} [data-notice="link.other-policy"]`).waitFor();
    const r = await report(other);
    assert.equal(r.inputs.investment, '80000000.00', 'the link figures are kept');
    assert.equal(r.inputs.zone, 'marine');
  } finally {
    await other.close();
  }
});

test('offers: up to four columns at 390 px, marked differences, removable, in the current language', async () => {
  const p = await open('/', { lang: 'en', viewport: { width: 390, height: 844 } });
  try {
    await p.page.locator(`${TAG} button.toggle`).click();
    for (const inv of ['55000000', '60000000', '120000000', '45000000']) {
      await enter(p, 'investment', inv);
      await until(p, (r, w) => r.inputs.investment === `${w}.00`, inv);
      await button(p, 'pin').click();
    }
    await button(p, 'pin').click();
    await p.page.locator(`${TAG} [data-notice="offers.full"]`).waitFor();
    const table = p.page.locator(`${TAG} .compare table`);
    assert.equal(await table.locator('thead th').count(), 5, 'four offers and the current figures');
    assert.ok((await sideways(p)) <= 0, 'no sideways page scroll at 390 px');
    // Rows that differ carry a mark that is not colour: a ≠ sign and data-differs.
    const inv = table.locator('tbody tr[data-row="f:investment"]');
    assert.equal(await inv.getAttribute('data-differs'), '');
    assert.match(await text(inv.locator('th')), /≠/);
    // The tier row tells 60M from 120M.
    const tier = await table.locator('tbody tr[data-row="tier"] td').allTextContents();
    assert.deepEqual(tier.slice(0, 4), ['CNY 50 million and above', 'CNY 50 million and above', 'CNY 100 million and above', 'CNY 10 million and above']);
    // Remove offer B; the others stay.
    await p.page.locator(`${TAG} .compare button[data-remove="B"]`).click();
    assert.equal(await table.locator('thead th').count(), 4);
    // A language switch re-renders the columns.
    await setLang(p, 'zh-Hans');
    const headers = await p.page.locator(`${TAG} .compare thead th`).allTextContents();
    assert.match(headers[0], /方案A/);
    assert.ok((await sideways(p)) <= 0);
    clean(p);
  } finally {
    await p.close();
  }
});

for (const lang of ['en', 'zh-Hans']) {
  test(`term sheet (${lang}): one A4 page for the current figures, one per kept offer, with a QR code of the link`, async () => {
    const p = await open('/', { lang });
    try {
      // Headless chromium has no print dialog: the page's window.print only records.
      await p.page.evaluate(() => {
        window.print = () => (window.__printed = (window.__printed || 0) + 1);
      });
      // The current figures only: one page.
      await button(p, 'print').click();
      await p.page.locator(`${TAG} .sheets .sheet`).first().waitFor({ state: 'attached' });
      await p.page.emulateMedia({ media: 'print' });
      // The QR code, read back from a picture of it, is the share link.
      const qr = p.page.locator(`${TAG} .sheet svg[data-qr]`).first();
      const png = PNG.sync.read(await qr.screenshot());
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      assert.ok(code, 'a QR code was found');
      assert.equal(code.data, p.page.url());
      // The sheet carries the reference, the policy's name and version, and the disclaimer.
      const sheet = p.page.locator(`${TAG} .sheet`).first();
      const r = await report(p);
      assert.match(await text(sheet.locator('.ref')), new RegExp(`${r.policy.id} ${r.policy.version.replace('.', '\\.')} · [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`));
      assert.ok((await text(sheet)).includes(r.policy.disclaimer), 'the disclaimer');
      assert.ok((await text(sheet)).includes(r.summary.enterprise.text), 'the headline');
      // Printing (the PDF fires beforeprint and afterprint) gives one A4 page.
      assert.equal(pdfPages(await p.page.pdf({ format: 'A4' })), 1, 'the default scenario fits on one page');
      await p.page.emulateMedia({ media: 'screen' });
      await p.page.evaluate(() => dispatchEvent(new Event('afterprint')));
      // Three offers: three pages.
      for (const inv of ['55000000', '120000000', '600000000']) {
        await enter(p, 'investment', lang === 'en' ? inv : String(Number(inv) / 10000));
        await until(p, (rep, w) => rep.inputs.investment === `${w}.00`, inv);
        await button(p, 'pin').click();
      }
      await button(p, 'print').click();
      await p.page.locator(`${TAG} .sheets .sheet`).nth(2).waitFor({ state: 'attached' });
      await p.page.emulateMedia({ media: 'print' });
      assert.equal(pdfPages(await p.page.pdf({ format: 'A4' })), 3, 'one page per offer');
      clean(p);
    } finally {
      await p.close();
    }
  });
}

test('CSV: one row per program per year, the rows sum to the report totals', async () => {
  const p = await open('/', { lang: 'zh-Hans' });
  try {
    const [dl] = await Promise.all([p.page.waitForEvent('download'), button(p, 'csv').click()]);
    const file = join(tmp, 'schedule.csv');
    await dl.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    assert.ok(csv.startsWith('\ufeff'), 'a byte-order mark for Excel');
    assert.match(csv, /version,2026\.1\r\n/);
    const [, table] = csv.split('\r\n\r\n');
    const [head, ...rows] = table.split('\r\n').filter(Boolean);
    assert.equal(head, 'program,programName,beneficiary,operatingYear,calendarYear,base,baseUnit,rate,amount,npvOfProgram');
    const r = await report(p);
    const fenOf = (s) => BigInt(s.replace('.', ''));
    for (const prog of r.programs.filter((x) => x.eligible && x.total != null)) {
      const mine = rows.map((l) => l.split(',')).filter((c) => c[0] === prog.id);
      assert.equal(mine.length, prog.schedule.length, `${prog.id} rows`);
      const sum = mine.reduce((s, c) => s + fenOf(c[8]), 0n);
      assert.equal(sum, fenOf(prog.total), `${prog.id} rows sum to its total`);
    }
    clean(p);
  } finally {
    await p.close();
  }
});

test('scenario file: export, change, import restores the figures', async () => {
  const p = await open('/', { lang: 'en' });
  try {
    await enter(p, 'investment', '88000000');
    await until(p, (r) => r.inputs.investment === '88000000.00');
    const [dl] = await Promise.all([p.page.waitForEvent('download'), button(p, 'export').click()]);
    const file = join(tmp, 'scenario.json');
    await dl.saveAs(file);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(data.format, 'investcalc-scenario');
    assert.equal(data.scenario.investment, '88000000');
    await enter(p, 'investment', '10000000');
    await until(p, (r) => r.inputs.investment === '10000000.00');
    const [chooser] = await Promise.all([p.page.waitForEvent('filechooser'), button(p, 'import').click()]);
    await chooser.setFiles(file);
    await until(p, (r) => r.inputs.investment === '88000000.00');
    await p.page.locator(`${TAG} [data-notice="scenario.imported"]`).waitFor();
    clean(p);
  } finally {
    await p.close();
  }
});

test('a zone\'s own policy file: the picker loads a real policy and the headline changes; a broken file lists its problems', async () => {
  const p = await open('/', { lang: 'en' });
  try {
    const before = await text(p.page.locator(`${TAG} [data-headline]`));
    // A broken file: every problem with its path, in the current language.
    const broken = join(tmp, 'broken.json');
    const policy = JSON.parse(readFileSync(join(REPO, 'tests/policies/real/xinyang-yangshan-etdz.json'), 'utf8'));
    policy.zones[0].illustrativ = true;
    policy.programs[0].beneficiary = 'somebody';
    (await import('node:fs')).writeFileSync(broken, JSON.stringify(policy));
    let [chooser] = await Promise.all([p.page.waitForEvent('filechooser'), button(p, 'policyfile').click()]);
    await chooser.setFiles(broken);
    const issues = p.page.locator(`${TAG} .policyissues li`);
    await issues.first().waitFor();
    const paths = await issues.evaluateAll((l) => l.map((x) => x.dataset.path));
    assert.ok(paths.includes('zones[0].illustrativ'), paths.join(' '));
    assert.ok(paths.includes('programs[0].beneficiary'), paths.join(' '));
    // The real file: the calculator switches to it.
    [chooser] = await Promise.all([p.page.waitForEvent('filechooser'), button(p, 'policyfile').click()]);
    await chooser.setFiles(join(REPO, 'tests/policies/real/xinyang-yangshan-etdz.json'));
    await p.page.waitForFunction((id) => document.querySelector('invest-calculator').report?.policy.id === id, policy.id);
    await p.page.locator(`${TAG} [data-notice="policy.loaded"]`).waitFor();
    assert.notEqual(await text(p.page.locator(`${TAG} [data-headline]`)), before);
    assert.equal(await p.page.locator(`${TAG} .policyissues`).count(), 0);
    assert.deepEqual(p.foreignRequests, [], 'the file never leaves the browser');
    clean(p);
  } finally {
    await p.close();
  }
});

test('tax band and threshold curve in the staff view', async () => {
  const p = await open('/', { lang: 'en' });
  try {
    await p.page.evaluate(() => document.querySelector('invest-calculator').setAttribute('view', 'staff'));
    await p.page.locator(`${TAG} .staff`).waitFor();
    // ±20% on a local tax share of 1,500,000: 32% of 1,200,000 = 384,000 to 32% of 1,800,000 = 576,000.
    const band = p.page.locator(`${TAG} .trow[data-receiver="introducing-unit"] .band`);
    await band.waitFor();
    assert.match(await text(band), /CNY 384,000 – CNY 576,000/);
    await p.page.locator(`${TAG} .curve > summary`).click();
    await p.page.locator(`${TAG} .plot .pt`).first().waitFor();
    assert.ok((await p.page.locator(`${TAG} .plot .pt`).count()) > 10);
    await p.page.locator(`${TAG} .steps button[data-threshold="50000000.00"]`).click();
    await until(p, (r) => r.inputs.investment === '50000000.00');
    clean(p);
  } finally {
    await p.close();
  }
});

test('single-file build: renders a result opened from disk (file://)', async () => {
  const file = join(tmp, 'investcalc.html');
  execFileSync('cargo', ['run', '--quiet', '--', 'build', '--out', join(tmp, 'site'), '--single-file', file], { cwd: REPO, stdio: 'pipe' });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    await page.locator(`${TAG}[data-state="ready"]`).waitFor({ timeout: 30_000 });
    const r = await page.evaluate(() => document.querySelector('invest-calculator').report);
    assert.equal(r.errors.length, 0);
    assert.ok(Number(r.summary.enterprise.total) > 0);
    assert.equal(r.programs.find((x) => x.id === REWARD).eligible, true);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  } finally {
    await browser.close();
  }
});

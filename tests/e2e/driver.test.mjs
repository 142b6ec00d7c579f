// The driver layer (driver.mjs) against Playwright itself: each expectation here is what
// playwright-core does in chromium, so the chromium run checks the expectations and the
// firefox run checks that the driver gives Firefox the same meaning. The page
// (fixtures/driver.html) has nested open shadow roots and an element in every state an
// action waits for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, setup } from './harness.mjs';

let env;
let p;
before(async () => {
  env = await setup();
  p = await env.open('/__e2e__/driver.html');
});
after(async () => {
  await p?.close();
  await env?.close();
});

const ids = (loc) => loc.evaluateAll((es) => es.map((e) => e.id || e.className));
const events = async () => {
  const got = await p.page.evaluate(() => window.__events);
  await p.page.evaluate(() => (window.__events = []));
  return got;
};
/** The message an action throws, cut to its first line. */
const thrown = async (fn) => {
  try {
    await fn();
  } catch (e) {
    return e.message.split('\n')[0];
  }
  return null;
};

test(`${ENGINE}: CSS pierces open shadow roots, in Playwright's order`, async () => {
  const page = p.page;
  const cases = {
    '.t': ['t0', 't-light', 't9', 't-shadow-1', 't-shadow-2', 't-deep'],
    'x-host .t': ['t-light', 't-shadow-1', 't-shadow-2', 't-deep'],
    // A child combinator crosses from a shadow root's top to its host.
    'x-host > .t': ['t-light', 't-shadow-1'],
    '.wrap > x-inner > span': ['t-deep'],
    'body > .t': ['t0', 't9'],
    '#t9, #t0': ['t0', 't9'],
    // A list: the union in the order of the composed tree.
    'body .t, #t0': ['t0', 't-light', 't-shadow-1', 't-shadow-2', 't-deep', 't9'],
    '.wrap .t, body > .t': ['t0', 't-shadow-2', 't-deep', 't9'],
    '.top + .wrap, #t0 ~ p': ['wrap', 't9', 'twins', 'quote'],
    ':is(#t0, #t9)': ['t0', 't9'],
    '[data-x="a \\"b\\" c, d"]': ['quote'],
    '.t:not(#t0)': ['t-light', 't9', 't-shadow-1', 't-shadow-2', 't-deep'],
  };
  for (const [css, want] of Object.entries(cases)) assert.deepEqual(await ids(page.locator(css)), want, css);
  // Chained: below each element found, its shadow root included; ancestors of the inner
  // selector must be below the outer element too.
  assert.deepEqual(await ids(page.locator('#h1').locator('.t')), ['t-light', 't-shadow-1', 't-shadow-2', 't-deep']);
  assert.deepEqual(await ids(page.locator('x-inner').locator('.t')), ['t-deep']);
  assert.deepEqual(await ids(page.locator('#h1').locator('x-host .t')), []);
  assert.deepEqual(await ids(page.locator('p.t, x-host').locator('.t')), ['t-light', 't-shadow-1', 't-shadow-2', 't-deep']);
  // filter({ hasText }): a substring, any case, white space collapsed, shadow text included.
  assert.deepEqual(await ids(page.locator('.t').filter({ hasText: 'light child' })), ['t-light']);
  assert.deepEqual(await ids(page.locator('p').filter({ hasText: /^shadow/ })), ['t-shadow-1', 't-shadow-2']);
  assert.deepEqual(await ids(page.locator('x-host').filter({ hasText: 'deep button' })), ['h1']);
  const t = page.locator('.t');
  assert.deepEqual([await t.first().getAttribute('id'), await t.nth(2).getAttribute('id'), await t.last().getAttribute('id')], ['t0', 't9', 't-deep']);
  assert.equal(await t.count(), 6);
  assert.equal((await t.all()).length, 6);
});

test(`${ENGINE}: queries read the element as it is`, async () => {
  const page = p.page;
  const visible = {};
  for (const id of ['closed', 'inside', 'nobox', 'invisible', 'contents', 'late', 'off', 't-deep', 'missing']) visible[id] = await page.locator(`#${id}`).isVisible();
  assert.deepEqual(visible, { closed: true, inside: false, nobox: false, invisible: false, contents: true, late: false, off: true, 't-deep': true, missing: false });
  assert.equal(await page.locator('#t0').getAttribute('nope'), null);
  assert.equal(await page.locator('#t-light').textContent(), 'light   CHILD');
  assert.deepEqual(await page.locator('.twin').allTextContents(), ['one', 'two']);
  assert.equal(await page.locator('x-host .top').evaluate((e, a) => `${e.id}:${a}`, 'arg'), 't-shadow-1:arg');
});

test(`${ENGINE}: strict about one element, and bounded`, async () => {
  const page = p.page;
  const strict = (m) => `${m}: Error: strict mode violation: locator('.twin') resolved to 2 elements:`;
  assert.equal(await thrown(() => page.locator('.twin').click({ timeout: 500 })), strict('locator.click'));
  assert.equal(await thrown(() => page.locator('.twin').textContent({ timeout: 500 })), strict('locator.textContent'));
  assert.equal(await thrown(() => page.locator('.twin').isVisible()), strict('locator.isVisible'));
  assert.equal(await thrown(() => page.locator('.twin').waitFor({ timeout: 500 })), strict('locator.waitFor'));
  assert.equal(await thrown(() => page.locator('#nothing').waitFor({ timeout: 300 })), 'locator.waitFor: Timeout 300ms exceeded.');
  assert.equal(await thrown(() => page.locator('#nothing').textContent({ timeout: 300 })), 'locator.textContent: Timeout 300ms exceeded.');
  // Actions wait for an enabled, editable element that receives the click.
  assert.equal(await thrown(() => page.locator('#off').click({ timeout: 300 })), 'locator.click: Timeout 300ms exceeded.');
  assert.equal(await thrown(() => page.locator('#ro').fill('x', { timeout: 300 })), 'locator.fill: Timeout 300ms exceeded.');
  assert.equal(await thrown(() => page.locator('#covered').click({ timeout: 500 })), 'locator.click: Timeout 500ms exceeded.');
  assert.equal(await thrown(() => page.waitForFunction(() => false, null, { timeout: 300 })), 'page.waitForFunction: Timeout 300ms exceeded.');
  assert.deepEqual(await events(), []);
});

test(`${ENGINE}: actions fire the events a user's would, and have when they return`, async () => {
  const page = p.page;
  await events();
  await page.locator('#text').fill('hello world');
  await page.locator('#text').fill('');
  await page.locator('x-host .field').fill('in shadow');
  assert.deepEqual(await events(), ['input:hello world', 'keydown:Delete', 'input:', 'input:in shadow']);
  assert.deepEqual(await page.locator('#pick').selectOption('Beta'), ['b']);
  await page.locator('#pick').selectOption('a');
  await page.locator('#box').check();
  await page.locator('#box').check();
  await page.locator('x-inner .deepbtn').click();
  assert.deepEqual(await events(), ['select-input:b', 'select-change:b', 'select-input:a', 'select-change:a', 'check:true', 'click:deep']);
  // A click waits for the element to show, and for what covers it to go.
  await page.evaluate(() => setTimeout(() => (document.getElementById('late').hidden = false), 300));
  await page.locator('#late').click();
  await page.evaluate(() => setTimeout(() => document.getElementById('cover').remove(), 300));
  await page.locator('#covered').click();
  assert.deepEqual(await events(), ['click:late', 'click:covered']);
  await page.locator('#text').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('ab');
  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await events(), ['keydown:Control+ctrl', 'keydown:a+ctrl', 'keydown:a', 'input:a', 'keydown:b', 'input:ab', 'keydown:Shift', 'keydown:Tab']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'late');
  assert.deepEqual(
    [await page.locator('#text').inputValue(), await page.locator('#pick').inputValue(), await page.locator('x-host .field').inputValue()],
    ['ab', 'a', 'in shadow'],
  );
  assert.deepEqual(p.pageErrors, []);
});

test(`${ENGINE}: the page's record sees console errors, uncaught errors, foreign and failed requests`, async () => {
  await p.page.evaluate(() => {
    console.error('driver-test: a console error');
    setTimeout(() => {
      throw new Error('driver-test: uncaught');
    });
    new Image().src = 'http://foreign.invalid/pixel.png';
    fetch('/__e2e__/no-such-file.json');
  });
  await p.page.waitForFunction(() => true);
  const deadline = Date.now() + 10_000;
  const seen = () =>
    p.consoleErrors.length && p.pageErrors.length && p.foreignRequests.length && p.failedRequests.length && p.responses.some((r) => r.status === 404);
  while (!seen() && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 50));
  assert.ok(p.consoleErrors.some((t) => t.includes('driver-test: a console error')), JSON.stringify(p.consoleErrors));
  assert.equal(p.pageErrors.length, 1);
  assert.match(p.pageErrors[0], /driver-test: uncaught/);
  assert.deepEqual(p.foreignRequests, ['http://foreign.invalid/pixel.png'], 'recorded, and blocked');
  assert.ok(p.failedRequests.some((f) => f.startsWith('http://foreign.invalid/pixel.png')), JSON.stringify(p.failedRequests));
  assert.deepEqual(
    p.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${new URL(r.url).pathname}`),
    ['404 /__e2e__/no-such-file.json'],
  );
});

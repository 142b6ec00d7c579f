// Helpers for driving the <invest-calculator> element in the browser tests. Elements are
// found by data-* attributes, never by their (translated) text.
import assert from 'node:assert/strict';

export const TAG = 'invest-calculator';
export const REWARD = 'two-zone-industrial-reward';
export const REBATE = 'land-price-rebate';

/** Opens a page (through `env.open`) and waits until its calculator has drawn a result. */
export async function openCalc(env, path = '/', { tag = TAG, lang, viewport } = {}) {
  const p = await env.open(path, { viewport });
  await p.page.locator(`${tag}[data-state="ready"]`).waitFor({ timeout: 30_000 });
  await p.page.locator(`${tag} [data-program]`).first().waitFor();
  if (lang) await setLang(p, lang, tag);
  return p;
}

export async function setLang(p, lang, tag = TAG) {
  await p.page.locator(`${tag} button[data-lang="${lang}"]`).click();
  await p.page.locator(`${tag} [data-headline]`).waitFor();
  await p.page.waitForFunction(([t, l]) => document.querySelector(t)?.report?.lang === l, [tag, lang]);
}

/** Changes a form field (text input or select) the way a user does. */
export async function enter(p, name, value) {
  const control = p.page.locator(`${TAG} .field[data-field="${name}"] :is(input, select)`);
  if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
  else await control.fill(value);
}

/**
 * Waits until the shown report satisfies `pred(report, arg)`. The predicate runs in the
 * page (through the driver, so the page's CSP does not apply to it).
 */
export async function until(p, pred, arg) {
  await p.page.evaluate(`window.__pred = ${pred.toString()}`);
  await p.page
    .waitForFunction(
      ({ a }) => {
        const r = document.querySelector('invest-calculator')?.report;
        return !!r && window.__pred(r, a);
      },
      { a: arg },
      { timeout: 10_000 },
    )
    .catch(async (e) => {
      const r = await p.page.evaluate(() => document.querySelector('invest-calculator')?.report?.inputs);
      throw new Error(`${e.message}\nlast report inputs: ${JSON.stringify(r)}`);
    });
}

/** The report the element shows now. */
export const report = (p) => p.page.evaluate(() => document.querySelector('invest-calculator').report);
export const card = (p, id) => p.page.locator(`${TAG} [data-program="${id}"]`);
export const field = (p, name) => p.page.locator(`${TAG} .field[data-field="${name}"]`);
export const text = async (loc) => (await loc.textContent()).trim();

/** No console errors, page errors, foreign requests, failed requests or error responses. */
export function clean(p) {
  assert.deepEqual(p.consoleErrors, [], 'console errors');
  assert.deepEqual(p.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(p.foreignRequests, [], 'requests to other origins');
  assert.deepEqual(p.failedRequests, [], 'failed requests');
  assert.deepEqual(p.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), [], 'error responses');
}

/** How far the page scrolls sideways (0 when it does not). */
export const sideways = (p) => p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

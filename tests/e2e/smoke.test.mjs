// The built wasm module loads in chromium and answers version().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

test('pkg/investcalc.js initialises and version() returns a non-empty string', async () => {
  const p = await env.open('/__e2e__/smoke.html');
  try {
    await p.page.waitForFunction(() => window.__smoke !== undefined, null, { timeout: 30_000 });
    const result = await p.page.evaluate(() => window.__smoke);
    await p.screenshot('smoke');
    assert.equal(result.error, undefined, `loading the module failed: ${result.error}`);
    assert.equal(typeof result.version, 'string');
    assert.ok(result.version.length > 0, 'version() returned an empty string');
    console.log(`smoke: version() = ${JSON.stringify(result.version)}`);

    const wasm = p.responses.find((r) => r.url.endsWith('/pkg/investcalc_bg.wasm'));
    assert.ok(wasm, 'the page never fetched pkg/investcalc_bg.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.contentType, 'application/wasm');

    assert.deepEqual(p.consoleErrors, [], 'console errors');
    assert.deepEqual(p.pageErrors, [], 'uncaught page errors');
    assert.deepEqual(p.foreignRequests, [], 'requests to other origins');
    assert.deepEqual(p.failedRequests, [], 'failed requests');
  } finally {
    await p.close();
  }
});

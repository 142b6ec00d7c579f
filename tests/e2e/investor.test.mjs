// The investor's first screen (issue "Investor first"): the view order in both views, the
// first paint, "needs an input", reflow at 320 and 390 px in every language and state,
// entry as people type, host pages with hostile CSS, an update on every keystroke, and
// the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';
import { TAG, REWARD, REBATE, openCalc, setLang, enter, until, report, card, field, text, clean, sideways } from './widget.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});
const open = (path, opts) => openCalc(env, path, opts);
const shadow = (p, fn, arg) => p.page.evaluate(([f, a]) => new Function('root', 'arg', `return (${f})(root, arg)`)(document.querySelector('invest-calculator').shadowRoot, a), [fn.toString(), arg]);

test('first paint: the first figure an investor reads is an enterprise amount above zero', async () => {
  const p = await open('/', { lang: 'en', viewport: { width: 390, height: 844 } });
  try {
    const r = await report(p);
    assert.equal(r.errors.length, 0);
    const enterprise = r.summary.enterprise;
    assert.ok(enterprise.paying >= 1, 'at least one enterprise program pays');
    assert.ok(Number(enterprise.total) > 0, `enterprise total ${enterprise.total}`);
    // The headline leads with the enterprise, and says the amount.
    assert.equal(await text(p.page.locator(`${TAG} [data-headline]`)), enterprise.text);
    // The first card is an enterprise program that pays.
    const first = p.page.locator(`${TAG} [data-program]`).first();
    const id = await first.getAttribute('data-program');
    const prog = r.programs.find((x) => x.id === id);
    assert.equal(prog.beneficiary, 'enterprise');
    assert.equal(await first.getAttribute('data-state'), 'paying');
    assert.ok(Number(prog.total) > 0);
    // No card says "eligible" with an amount of zero or with no amount.
    for (const c of await p.page.locator(`${TAG} [data-program][data-state="paying"]`).all()) {
      const pid = await c.getAttribute('data-program');
      const pr = r.programs.find((x) => x.id === pid);
      assert.ok(pr.total !== null && Number(pr.total) > 0, `${pr.id} reads eligible with ${pr.total}`);
    }
    // The totals start with the enterprise too.
    assert.equal(await p.page.locator(`${TAG} .totals [data-receiver]`).first().getAttribute('data-receiver'), 'enterprise');
    clean(p);
  } finally {
    await p.close();
  }
});

test('views: investor leads with the enterprise, staff with the introducing unit; unit rewards stay visible under their own heading', async () => {
  const p = await open('/', { lang: 'en' });
  try {
    const r = await report(p);
    const sections = () => p.page.locator(`${TAG} section.programs`).evaluateAll((s) => s.map((x) => x.dataset.beneficiary));
    // Investor (default): enterprise programs, then those paid to the introducing unit.
    assert.deepEqual(await sections(), ['enterprise', 'introducing-unit']);
    const unit = p.page.locator(`${TAG} section.programs[data-beneficiary="introducing-unit"]`);
    assert.equal(await unit.locator('h3').textContent(), (await schemaLabels(p, 'en'))['programs.unit']);
    // The 50M / 20M rule is still shown there, with its thresholds.
    assert.equal(await unit.locator(`[data-program="${REWARD}"] [data-field="investment"]`).count(), 1);
    assert.equal(await unit.locator(`[data-program="${REWARD}"] [data-field="registeredCapital"]`).count(), 1);
    assert.equal(await text(p.page.locator(`${TAG} [data-headline]`)), r.summary.enterprise.text);
    assert.equal(await text(p.page.locator(`${TAG} .head .second`)), r.summary.introducingUnit.text);

    await p.page.evaluate(() => document.querySelector('invest-calculator').setAttribute('view', 'staff'));
    await p.page.locator(`${TAG} .ic[data-view="staff"]`).waitFor();
    assert.deepEqual(await sections(), ['introducing-unit', 'enterprise']);
    assert.equal(await text(p.page.locator(`${TAG} [data-headline]`)), r.summary.introducingUnit.text);
    assert.equal(await p.page.locator(`${TAG} .totals [data-receiver]`).first().getAttribute('data-receiver'), 'introducing-unit');
    // An unknown view falls back to the investor's.
    await p.page.evaluate(() => document.querySelector('invest-calculator').setAttribute('view', 'nonsense'));
    await p.page.locator(`${TAG} .ic[data-view="investor"]`).waitFor();
    assert.deepEqual(await sections(), ['enterprise', 'introducing-unit']);
    clean(p);
  } finally {
    await p.close();
  }
});

test('needs an input: the land rebate without a land area is its own state, and its button goes to the field', async () => {
  const p = await open('/', { lang: 'en', viewport: { width: 390, height: 844 } });
  try {
    await p.page.locator(`${TAG} button.toggle`).click();
    await enter(p, 'landMu', '');
    await until(p, (r, id) => r.programs.find((x) => x.id === id).needs.length > 0, REBATE);
    const r = await report(p);
    const rebate = r.programs.find((x) => x.id === REBATE);
    assert.deepEqual(rebate.needs, ['landMu']);
    assert.equal(rebate.total, null);
    assert.equal(rebate.npv, null);
    assert.equal(r.summary.enterprise.needsInput, 1);
    assert.deepEqual(r.summary.enterprise.needs, ['landMu']);
    const c = card(p, REBATE);
    assert.equal(await c.getAttribute('data-state'), 'needs');
    assert.equal(await c.locator('.amount').count(), 0, 'no amount is shown');
    // The headline does not count it as paying, and says it needs the land area.
    const head = await text(p.page.locator(`${TAG} [data-headline]`));
    assert.equal(head, r.summary.enterprise.text);
    assert.match(head, /land area/);
    // Hide the form, then let the card's button bring the field back and focus it.
    await p.page.locator(`${TAG} button.toggle`).click();
    assert.equal(await field(p, 'landMu').isVisible(), false);
    await c.locator('button[data-needs="landMu"]').click();
    const focused = await shadow(p, (root) => root.activeElement?.name);
    assert.equal(focused, 'landMu');
    await p.page.keyboard.type('20');
    await until(p, (r, id) => r.programs.find((x) => x.id === id).total === '768000.00', REBATE);
    assert.equal(await c.getAttribute('data-state'), 'paying');
    clean(p);
  } finally {
    await p.close();
  }
});

test('every keystroke re-evaluates at once (no debounce)', async () => {
  const p = await open('/', { lang: 'en', viewport: { width: 1280, height: 900 } });
  try {
    const input = field(p, 'investment').locator('input');
    await input.fill('');
    await input.focus();
    let typed = '';
    for (const ch of '49999999') {
      await p.page.keyboard.press(ch);
      typed += ch;
      // Read at once, without waiting: the report and the DOM already follow the key.
      const now = await p.page.evaluate(() => {
        const el = document.querySelector('invest-calculator');
        const leaf = el.shadowRoot.querySelector('[data-program="two-zone-industrial-reward"] [data-field="investment"] .ct');
        return { investment: el.report.inputs.investment, leaf: leaf?.textContent };
      });
      assert.equal(now.investment, `${typed}.00`, `after typing ${typed}`);
      assert.match(now.leaf, new RegExp(Number(typed).toLocaleString('en-US')), `criterion text after ${typed}`);
    }
    clean(p);
  } finally {
    await p.close();
  }
});

/** Puts the widget in a state: folded form, open form with every disclosure, an offer kept. */
async function enterState(p, state) {
  if (state === 'open') {
    await shadow(p, (root) => {
      if (root.querySelector('.toggle')?.getAttribute('aria-expanded') === 'false') root.querySelector('.toggle').click();
      for (const d of root.querySelectorAll('details')) d.open = true;
    });
  } else if (state === 'offer') {
    await p.page.locator(`${TAG} button.pin`).click();
    await p.page.locator(`${TAG} .compare`).waitFor();
  }
}

for (const width of [320, 390]) {
  test(`no sideways scroll at ${width} px, in every language and state`, async () => {
    const p = await open('/', { viewport: { width, height: 800 } });
    try {
      for (const lang of ['zh-Hans', 'zh-Hant', 'en']) {
        await setLang(p, lang);
        for (const state of ['folded', 'open', 'offer']) {
          await enterState(p, state);
          const over = await sideways(p);
          assert.ok(over <= 0, `${lang} ${state}: the page is ${over}px wider than the ${width}px window`);
          // Nothing inside the calculator is wider than the calculator either.
          const wide = await shadow(p, (root) => {
            const box = root.querySelector('.ic').getBoundingClientRect();
            return [...root.querySelectorAll('.ic *')]
              .filter((e) => e.getClientRects().length && !e.closest('.tw') && e.getBoundingClientRect().right > box.right + 1)
              .slice(0, 3)
              .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
          });
          assert.deepEqual(wide, [], `${lang} ${state}: elements wider than the calculator`);
          if (state === 'offer') await p.page.locator(`${TAG} button.pin`).click();
        }
      }
      clean(p);
    } finally {
      await p.close();
    }
  });
}

test('entry as people type: full-width digits, 千万/百万/十万, and a fix for 50000000 in a 万元 field', async () => {
  const p = await open('/', { lang: 'zh-Hans', viewport: { width: 390, height: 844 } });
  try {
    await p.page.locator(`${TAG} button.toggle`).click();
    const cases = [
      ['５０００万', '50000000.00'],
      ['5千万', '50000000.00'],
      ['３百万', '3000000.00'],
      ['１２．５十万', '1250000.00'],
      ['６，０００', '60000000.00'],
    ];
    for (const [typed, want] of cases) {
      await enter(p, 'investment', typed);
      await until(p, (r, w) => r.inputs.investment === w, want);
      assert.equal(await field(p, 'investment').locator('.err').count(), 1);
      assert.equal(await text(field(p, 'investment').locator('.err')), '', `no error for ${typed}`);
    }
    // Typed out of habit in yuan: read as 万元 it is 5,000亿元, so a note offers the fix.
    await enter(p, 'investment', '50000000');
    await until(p, (r) => r.inputs.investment === '500000000000.00');
    const note = field(p, 'investment').locator('.suggest');
    assert.ok(await note.isVisible(), 'a visible note');
    assert.match(await text(note.locator('p')), /50,000,000/);
    assert.match(await text(note.locator('p')), /万元/);
    await note.locator('button').click();
    await until(p, (r) => r.inputs.investment === '50000000.00');
    assert.equal(await field(p, 'investment').locator('input').inputValue(), '5,000');
    assert.equal(await note.count(), 0, 'the note is gone once fixed');
    clean(p);
  } finally {
    await p.close();
  }
});

test('switching language keeps every amount exactly', async () => {
  const p = await open('/', { lang: 'zh-Hans', viewport: { width: 1280, height: 900 } });
  try {
    await enter(p, 'investment', '5000.12345');
    await enter(p, 'registeredCapital', '2000.5');
    await enter(p, 'localTaxShare', '150.0001');
    await until(p, (r) => r.inputs.registeredCapital === '20005000.00' && r.inputs.localTaxShareYear1 === '1500001.00');
    for (const lang of ['en', 'zh-Hant', 'zh-Hans', 'en']) {
      await setLang(p, lang);
      const values = await p.page.evaluate(() =>
        Object.fromEntries(
          ['investment', 'registeredCapital', 'localTaxShare'].map((n) => [
            n,
            document.querySelector('invest-calculator').shadowRoot.querySelector(`[data-field="${n}"] input`).value,
          ]),
        ),
      );
      const want =
        lang === 'en'
          ? { investment: '50,001,234.5', registeredCapital: '20,005,000', localTaxShare: '1,500,001' }
          : { investment: '5,000.12345', registeredCapital: '2,000.5', localTaxShare: '150.0001' };
      assert.deepEqual(values, want, `fields in ${lang}`);
      const r = await report(p);
      // 50,001,234.5 is kept exactly in the field; the report rounds it to the fen as documented.
      assert.equal(r.inputs.investment, '50001234.50');
      assert.equal(r.inputs.registeredCapital, '20005000.00');
    }
    clean(p);
  } finally {
    await p.close();
  }
});

for (const kind of ['legacy', 'unset']) {
  test(`a host page with hostile CSS (${kind}) changes neither the layout nor the width`, async () => {
    const look = async (path) => {
      const p = await open(path, { viewport: { width: 390, height: 844 } });
      try {
        const got = await shadow(p, (root) => {
          const pick = (sel) => {
            const e = root.querySelector(sel);
            const s = getComputedStyle(e);
            const b = e.getBoundingClientRect();
            return { font: s.fontSize + ' ' + s.lineHeight, align: s.textAlign, space: s.whiteSpace, transform: s.textTransform, spacing: s.letterSpacing, width: Math.round(b.width) };
          };
          return { headline: pick('[data-headline]'), card: pick('[data-program] h4'), field: pick('.sumline'), box: pick('.ic') };
        });
        return { got, over: await sideways(p), errors: p.pageErrors.concat(p.consoleErrors) };
      } finally {
        await p.close();
      }
    };
    const plain = await look('/__e2e__/host-plain.html');
    const hostile = await look(`/__e2e__/host-${kind}.html`);
    assert.deepEqual(hostile.errors, []);
    assert.ok(hostile.over <= 0, `the page scrolls ${hostile.over}px sideways`);
    assert.deepEqual(hostile.got, plain.got);
  });
}

test('keyboard alone at 390 px: Tab follows the visual order, nothing hides under the headline, the form can be filled', async () => {
  const p = await open('/', { lang: 'en', viewport: { width: 390, height: 700 } });
  try {
    await p.page.locator(`${TAG} button[data-lang="en"]`).focus();
    const where = () =>
      shadow(p, (root) => {
        const e = root.activeElement;
        if (!e) return null;
        const b = e.getBoundingClientRect();
        const head = root.querySelector('.head').getBoundingClientRect();
        return { tag: e.tagName, name: e.name || e.dataset.lang || e.className || e.textContent.slice(0, 20), top: b.top, bottom: b.bottom, left: b.left, y: b.top + scrollY, head: head.bottom, vh: innerHeight };
      });
    const seen = [];
    for (let i = 0; i < 40; i++) {
      const w = await where();
      if (!w) break;
      seen.push(w);
      await p.page.keyboard.press('Tab');
    }
    assert.ok(seen.length >= 20, `tabbed through ${seen.length} controls`);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]];
      // Top to bottom; on the same line, left to right.
      const ok = b.y > a.y + 1 || (Math.abs(b.y - a.y) <= 1 && b.left >= a.left);
      assert.ok(ok, `Tab went from ${a.tag} ${a.name} (y ${Math.round(a.y)}) back up to ${b.tag} ${b.name} (y ${Math.round(b.y)})`);
    }
    for (const w of seen.slice(4)) {
      assert.ok(w.top >= w.head - 1 && w.bottom <= w.vh + 1, `${w.tag} ${w.name} is hidden (top ${w.top}, headline ends ${w.head})`);
    }
    // Shift+Tab back up: each control lands below the sticky headline too.
    for (let i = 0; i < 15; i++) {
      await p.page.keyboard.press('Shift+Tab');
      const w = await where();
      if (w.top < 0 || w.tag === 'BUTTON' && w.name === 'en') break;
      assert.ok(w.top >= w.head - 1, `Shift+Tab: ${w.tag} ${w.name} is under the headline (top ${w.top}, headline ends ${w.head})`);
    }

    // Fill the form with Tab and typing alone: open it, then type into the investment.
    await p.page.locator(`${TAG} button[data-lang="en"]`).focus();
    let guard = 0;
    while ((await where()).tag !== 'BUTTON' || !(await shadow(p, (root) => root.activeElement.classList.contains('toggle')))) {
      await p.page.keyboard.press('Tab');
      assert.ok(++guard < 20, 'the form button is reachable by Tab');
    }
    await p.page.keyboard.press('Enter');
    assert.equal((await where()).name, 'zone', 'the first field has the focus');
    await p.page.keyboard.press('ArrowDown');
    await until(p, (r) => r.inputs.zone === 'marine');
    while ((await where()).name !== 'investment') {
      await p.page.keyboard.press('Tab');
      assert.ok(++guard < 40, 'Tab reaches the investment field');
    }
    await p.page.keyboard.press('Control+a');
    await p.page.keyboard.type('120m');
    await until(p, (r) => r.inputs.investment === '120000000.00');
    clean(p);
  } finally {
    await p.close();
  }
});

test('words: source titles in the visitor\'s script, no English in Chinese cards; the demo page on a phone', async () => {
  const p = await open('/', { lang: 'zh-Hans', viewport: { width: 390, height: 844 } });
  try {
    const src = await text(card(p, REWARD).locator('.src'));
    assert.match(src, /在全区招商人员出征大会上的讲话/);
    assert.doesNotMatch(src, /講話|區/, 'no Traditional characters on a Simplified page');
    const latin = await p.page.locator(`${TAG} [data-program]`).evaluateAll((cs) =>
      cs.flatMap((c) => (c.textContent.match(/[A-Za-z]{3,}/g) || []).map((w) => `${c.dataset.program}: ${w}`)),
    );
    assert.deepEqual(latin, [], 'English words inside Chinese cards');
    await setLang(p, 'en');
    const en = await text(card(p, REWARD).locator('.src'));
    assert.match(en, /在全區招商人員出征大會上的講話（第3篇） \(Speech at the rally/);
    // The demo page does not repeat the calculator's heading or its language buttons.
    assert.equal(await p.page.locator('#calc-h').isVisible(), false);
    assert.equal(await p.page.locator('.site nav').isVisible(), false);
    // A favicon, and no 404 for it.
    assert.ok(p.responses.some((r) => r.url.endsWith('/favicon.svg') && r.status === 200), 'favicon.svg loaded');
    clean(p);
  } finally {
    await p.close();
  }
});

async function schemaLabels(p, lang) {
  return p.page.evaluate(async (l) => {
    const m = await import('/pkg/investcalc.js');
    return m.Calculator.withDefaultPolicy().formSchema(l).labels;
  }, lang);
}

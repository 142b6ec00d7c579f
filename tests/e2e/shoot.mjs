// Screenshots for looking at the widget by hand (not a test): every language at 320, 390
// and 1280 px, full page, into tests/e2e/artifacts/look-<lang>-<width>.png (with
// INVESTCALC_BROWSER=firefox: look-<lang>-<width>-firefox.png).
//   node tests/e2e/shoot.mjs [path] [widths] [langs] [state]
// state: "" (as opened), "open" (form open, every disclosure open), "offer" (an offer kept).
import { ENGINE, launchBrowser, openPage, siteDir, startServer, FIXTURES, ARTIFACTS } from './harness.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [path = '/', widths = '320,390,1280', langs = 'zh-Hans,zh-Hant,en', state = ''] = process.argv.slice(2);
const server = await startServer(siteDir(), { '/__e2e__/': FIXTURES });
const browser = await launchBrowser();
mkdirSync(ARTIFACTS, { recursive: true });
try {
  for (const lang of langs.split(',')) {
    for (const w of widths.split(',').map(Number)) {
      const p = await openPage(browser, server, path, { viewport: { width: w, height: 800 } });
      await p.page.locator('invest-calculator[data-state="ready"]').waitFor({ timeout: 30000 });
      await p.page.locator(`invest-calculator button[data-lang="${lang}"]`).click();
      await p.page.waitForFunction((l) => document.querySelector('invest-calculator')?.report?.lang === l, lang);
      if (state.includes('open')) {
        await p.page.evaluate(() => {
          const root = document.querySelector('invest-calculator').shadowRoot;
          root.querySelector('.toggle')?.click();
          for (const d of root.querySelectorAll('details')) d.open = true;
        });
      }
      if (state.includes('offer')) await p.page.locator('invest-calculator button.pin').click();
      await p.page.waitForTimeout(200);
      const sw = await p.page.evaluate(() => document.documentElement.scrollWidth);
      const file = join(ARTIFACTS, `look-${lang}-${w}${state ? '-' + state : ''}${ENGINE === 'chromium' ? '' : '-' + ENGINE}.png`);
      await p.page.screenshot({ path: file, fullPage: true });
      console.log(file, 'scrollWidth', sw, p.consoleErrors.concat(p.pageErrors).join(' | '));
      await p.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

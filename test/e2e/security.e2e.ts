/**
 * The real task pane page (taskpane.html, with its Content-Security-Policy) in headless Chromium,
 * office.js answered by the fake host: it requests nothing but its own files and office.js, breaks
 * no CSP rule, and shows workbook text as text — a script typed into a cell never runs.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DIST, OFFICE_JS, browserAvailable, openHarness, type Harness } from './harness';
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

declare global {
  interface Window {
    __xss?: number;
    nianbaoFake: { model: import('../fake-excel').FakeWorkbookModel };
  }
}

(browserAvailable() ? describe : describe.skip)('taskpane.html in Chromium', () => {
  let harness: Harness;
  let page: Page;
  let base: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    harness = await openHarness();
    base = harness.base;
    page = await harness.browser.newPage({ viewport: { width: 350, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    const fakeOffice = readdirSync(DIST).find((f) => /^fake-office\..*\.js$/.test(f))!;
    await page.route(OFFICE_JS, (route) => route.fulfill({ path: path.join(DIST, fakeOffice), contentType: 'text/javascript' }));
    await page.goto(`${base}/taskpane.html`);
    await page.waitForSelector('button:has-text("校验"):not([disabled])');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('shows workbook text as text: a script typed into a label, a cell and the narrative never runs', async () => {
    await page.getByRole('button', { name: '创建模板' }).click();
    await page.getByText('已创建工作表').waitFor();
    await page.evaluate((xss) => {
      const model = window.nianbaoFake.model;
      model.type('表三', 'C11', xss);
      model.type('表三', 'E10', xss);
      model.type('正文', 'A4', `一、总体情况 {{${xss}}}`);
    }, XSS);
    await page.getByRole('button', { name: '校验' }).click();
    await page.locator('[data-rule="WORKBOOK_LABEL"]').waitFor();
    const label = await page.locator('[data-rule="WORKBOOK_LABEL"]').textContent();
    expect(label).toContain('<img src=x onerror="window.__xss=1"><script>'.slice(0, 20));
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.locator('main img, main script').count()).toBe(0);
  });

  it('declares a Content-Security-Policy and breaks none of it', async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
  });

  it('requests nothing but its own files and office.js', () => {
    const foreign = requests.filter((url) => !url.startsWith(base) && url !== OFFICE_JS && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests).toContain(OFFICE_JS);
  });
});

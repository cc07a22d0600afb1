/**
 * Two things the pane shows after 校验, in the preview: a fixed warning leaves the list (with its
 * button), and NARRATIVE_REPEAT, clicked, lists the passages repeated from last year.
 */
import type { Page } from 'playwright-core';
import { browserAvailable, openHarness, type Harness } from './harness';

(browserAvailable() ? describe : describe.skip)('corrections and repeated passages in the pane', () => {
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    harness = await openHarness();
    page = await harness.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${harness.base}/preview.html`);
    await page.getByRole('button', { name: '创建模板' }).click();
    await page.getByText('已创建工作表').waitFor();
    await page.getByRole('button', { name: '填入样例数据' }).click();
    await page.waitForFunction(() => window.nianbaoPreview.model.valueAt('表三', 'J7') === 1);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('after 改用占位符 → 修改, the warning and its button are gone', async () => {
    await page.evaluate(() => window.nianbaoPreview.type('正文', 'A11', '2023 年共收到政府信息公开申请 7 件，均已按时答复。'));
    await page.getByRole('button', { name: '校验' }).click();
    await page.locator('[data-rule="NARRATIVE_NUMBER"]').waitFor();
    await page.getByRole('button', { name: '改用占位符' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '修改' }).click();
    await page.getByText('已修改 正文!A11').waitFor();
    expect(await page.locator('[data-rule="NARRATIVE_NUMBER"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '改用占位符' }).count()).toBe(0);
    expect(String(await page.evaluate(() => window.nianbaoPreview.model.valueAt('正文', 'A11')))).toContain('{{table3.newRequests.total}}');
  });

  it('clicking NARRATIVE_REPEAT shows the passages repeated from last year', async () => {
    // Last year's narrative on 上年数据 (row 14 on, a paragraph a row): this year's, word for word.
    await page.evaluate(() => {
      const model = window.nianbaoPreview.model;
      for (let row = 4, to = 14; row < 200; row++) {
        const text = model.valueAt('正文', `A${row}`);
        if (text === null || text === '') continue;
        window.nianbaoPreview.type('上年数据', `A${to++}`, String(text));
      }
      window.nianbaoPreview.type('上年数据', 'B11', 2022);
    });
    await page.getByRole('button', { name: '校验' }).click();
    const issue = page.locator('[data-rule="NARRATIVE_REPEAT"]');
    await issue.waitFor();
    expect(await page.getByTestId('repeated-passages').count()).toBe(0);
    await issue.click();
    const passages = page.getByTestId('repeated-passages');
    await passages.waitFor();
    expect(await passages.textContent()).toMatch(/第 \d+ 段：“/);
  });
});

/**
 * A first report, as a new user walks it in the preview from an empty workbook: 创建模板 →
 * 基本信息 → the tables → 正文 → 校验 → fix → 导出报告. Each step's pane is kept as a screenshot
 * (test-output/first-report/, copied to docs/first-report/ for the README and the help page).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, browserAvailable, openHarness, type Harness } from './harness';

const OUT = path.join(ROOT, 'test-output', 'first-report');
const DOCS = path.join(ROOT, 'docs', 'first-report');

(browserAvailable() ? describe : describe.skip)('a first report, step by step, in the preview', () => {
  let harness: Harness;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    harness = await openHarness();
    page = await harness.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${harness.base}/preview.html`);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const shot = async (name: string) => {
    const file = path.join(OUT, `${name}.png`);
    await page.locator('#pane').screenshot({ path: file });
    // The README and help page show these; regenerate them with `npm run test:e2e` (UPDATE_DOCS=1).
    if (process.env.UPDATE_DOCS === '1') {
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(file, path.join(DOCS, `${name}.png`));
    }
  };

  it('walks from an empty workbook to an exported report', async () => {
    // 1. The pane says what to do first.
    await page.getByText('工作簿是空的：请先点“创建模板”').waitFor();
    await shot('1-empty');

    // 2. 创建模板 takes the user to 基本信息 and says what to fill.
    await page.getByRole('button', { name: '创建模板' }).click();
    await page.getByText('请先在“基本信息”表填写机关名称和报告年度').waitFor();
    expect(await page.evaluate(() => window.nianbaoPreview.model.selection)).toEqual({ sheet: '基本信息', address: 'B4' });
    await shot('2-template');

    // 3. 基本信息, then the tables and 正文 (the sample, typed as a user would).
    await page.evaluate(() => {
      window.nianbaoPreview.type('基本信息', 'B4', '海原县西安镇人民政府');
      window.nianbaoPreview.type('基本信息', 'B5', 2023);
    });
    await page.getByRole('button', { name: '填入样例数据' }).click();
    await page.waitForFunction(() => window.nianbaoPreview.model.valueAt('表三', 'J7') === 1);
    await page.evaluate(() => window.nianbaoPreview.type('表三', 'J7', 5)); // a typing mistake

    // 4. 校验 finds it, with its cells.
    await page.getByRole('button', { name: '校验' }).click();
    await page.locator('[data-rule="T3_ROW_TOTAL"]').waitFor();
    expect(await page.evaluate(() => window.nianbaoPreview.model.fillAt('表三', 'J7'))).toBe('#FFC7CE');
    await shot('3-issues');

    // 5. Fixing the number re-checks by itself.
    await page.evaluate(() => window.nianbaoPreview.type('表三', 'J7', 1));
    await page.getByTestId('all-passed').waitFor();
    await shot('4-fixed');

    // 6. 导出报告: the ways this host offers; the report written to its own sheet.
    await page.getByRole('button', { name: '导出报告' }).click();
    await page.getByRole('group', { name: '导出方式' }).waitFor();
    await shot('5-export');
    await page.getByRole('button', { name: '写入“报告”工作表' }).click();
    await page.getByText('报告全文已写入“报告”工作表').waitFor();
    expect(String(await page.evaluate(() => window.nianbaoPreview.model.valueAt('报告', 'A1')))).toContain('2023 年政府信息公开工作年度报告');
    await shot('6-done');
  });
});

/**
 * The built task pane in headless Chromium (Debian chromium, driven by playwright-core) with
 * the fake Excel host injected: 创建模板, type a wrong total into the sheet, 校验, see the issue,
 * click it, see its cells selected. Screenshots go to test-output/.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, browserAvailable, openHarness, type Harness } from './harness';

const OUT = path.join(ROOT, 'test-output');

(browserAvailable() ? describe : describe.skip)('the task pane in Chromium, on the fake Excel host', () => {
  let harness: Harness;
  let page: Page;
  let base: string;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    harness = await openHarness();
    base = harness.base;
    page = await harness.browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/preview.html`);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const selection = () => page.evaluate(() => window.nianbaoPreview.model.selection);

  it('创建模板 lays out the seven sheets', async () => {
    await page.getByRole('button', { name: '创建模板' }).click();
    await page.getByText('已创建工作表').waitFor();
    const sheets = await page.evaluate(() => window.nianbaoPreview.model.sheets.map((s) => s.name));
    expect(sheets).toEqual(expect.arrayContaining(['基本信息', '表二', '表三', '表四', '正文', '数据', '上年数据']));
    await page.getByRole('button', { name: '填入样例数据' }).click();
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByTestId('all-passed').waitFor();
  });

  it('校验 finds a wrong total typed into the sheet; clicking the issue selects its cells', async () => {
    await page.getByRole('tab', { name: '表三' }).click();
    await page.locator('[data-cell="表三!J7"]').click();
    await page.getByTestId('formula-bar').fill('5');
    await page.getByTestId('formula-bar').press('Enter');
    expect(await page.evaluate(() => window.nianbaoPreview.model.valueAt('表三', 'J7'))).toBe(5);

    await page.getByRole('button', { name: '校验' }).click();
    const issue = page.locator('[data-rule="T3_ROW_TOTAL"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('表三“一、本年新收政府信息公开申请数量”行');
    await expect(page.getByText('2 个错误，0 个警告，0 条提示').isVisible()).resolves.toBe(true);
    // The wrong cells are filled in the sheet.
    expect(await page.evaluate(() => window.nianbaoPreview.model.fillAt('表三', 'J7'))).toBe('#FFC7CE');

    await page.locator('[data-cell="表三!A1"]').click();
    await issue.click();
    await page.waitForFunction(() => window.nianbaoPreview.model.selection?.address !== 'A1');
    expect(await selection()).toEqual({ sheet: '表三', address: 'D7,E7,F7,G7,H7,I7,J7' });
    await page.screenshot({ path: path.join(OUT, 'taskpane-e2e.png') });
    await page.locator('#pane').screenshot({ path: path.join(OUT, 'taskpane-pane.png') });
  });

  it('after 校验, an edit checks again by itself: the issue list follows without a click', async () => {
    await page.locator('[data-cell="表三!J7"]').click();
    await page.getByTestId('formula-bar').fill('1');
    await page.getByTestId('formula-bar').press('Enter');
    await page.getByTestId('all-passed').waitFor();
    expect(await page.getByText('修改表格后会自动重新校验').count()).toBe(1);
    await page.getByTestId('formula-bar').fill('5');
    await page.getByTestId('formula-bar').press('Enter');
    await page.locator('[data-rule="T3_ROW_TOTAL"]').waitFor();
    await page.waitForFunction(() => window.nianbaoPreview.model.fillAt('表三', 'J7') === '#FFC7CE');
  });

  it('清除标记 gives the cells their fill back', async () => {
    await page.getByRole('button', { name: '清除标记' }).click();
    await page.getByText('恢复了原来的底色').waitFor();
    expect(await page.evaluate(() => window.nianbaoPreview.model.fillAt('表三', 'J7'))).toBe('#FFF9E5');
  });

  it('asks before replacing a label typed over, and keeps it on 保留', async () => {
    await page.evaluate(() => window.nianbaoPreview.type('表三', 'C11', '我改过的标签'));
    await page.getByRole('button', { name: '创建模板' }).click();
    const question = page.getByRole('alertdialog');
    await question.waitFor();
    expect(await question.textContent()).toContain('表三!C11：“我改过的标签” → “1.属于国家秘密”');
    // No spinner while the pane waits for the user's answer.
    expect(await page.getByText('正在创建模板…').count()).toBe(0);
    await page.locator('#pane').screenshot({ path: path.join(OUT, 'taskpane-question.png') });
    await question.getByRole('button', { name: '保留' }).click();
    await page.getByText('1 个与模板不同的单元格未改动').waitFor();
    expect(await page.evaluate(() => window.nianbaoPreview.model.valueAt('表三', 'C11'))).toBe('我改过的标签');
  });

  it('导出报告 → 写入“报告”工作表 asks about the draft, then writes the report text', async () => {
    await page.getByRole('button', { name: '导出报告' }).click();
    await page.getByRole('button', { name: '写入“报告”工作表' }).click();
    const question = page.getByRole('alertdialog');
    await question.waitFor();
    expect(await question.textContent()).toContain('报告还有错误');
    await question.getByRole('button', { name: '导出草稿' }).click();
    await page.getByText('报告全文已写入“报告”工作表').waitFor();
    const first = await page.evaluate(() => window.nianbaoPreview.model.valueAt('报告', 'A1'));
    expect(String(first)).toMatch(/^【草稿：校验未通过/);
  });

  it('shows a script typed into a cell as text in the grid and the pane', async () => {
    const xss = '<img src=x onerror="window.__xss=1">';
    await page.evaluate((x) => window.nianbaoPreview.type('表三', 'C12', x), xss);
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('表三!C12 的行标签应为').waitFor();
    await page.getByRole('tab', { name: '表三' }).click();
    expect(await page.locator('[data-cell="表三!C12"]').textContent()).toBe(xss);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('#grid img, #pane img').count()).toBe(0);
  });

  it('导入上年数据 reads last year\'s .xlsx in the browser; 汇总各单位 opens the sums in a new workbook', async () => {
    const { ExcelJsWorkbook } = await import('../../src/workbook/exceljs');
    const { buildPlan } = await import('../../src/workbook/layout');
    const { applyPlan } = await import('../../src/workbook/port');
    const { sample } = await import('../helpers');
    const last = sample();
    last.year = 2022;
    last.table3!.carriedForward = { ...last.table3!.carriedForward!, naturalPerson: 2, total: 2 };
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(last));
    const bytes = Buffer.from(await workbook.toBytes());
    await page.getByTestId('previous-file').setInputFiles({ name: '2022年报.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
    const answer = page.getByRole('alertdialog');
    await Promise.race([answer.waitFor(), page.getByText('已导入上年数据').waitFor()]);
    if (await answer.isVisible()) await answer.getByRole('button', { name: '替换' }).click();
    await page.getByText('已导入上年数据（2022 年）').waitFor();
    expect(await page.evaluate(() => window.nianbaoPreview.model.valueAt('上年数据', 'H5'))).toBe(2);

    const unit = (name: string) => ({ name: `${name}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...sample(), agency: name })) });
    await page.getByTestId('units-files').setInputFiles([unit('甲镇'), unit('乙镇'), { name: '丙镇.xlsx', mimeType: 'application/octet-stream', buffer: bytes }]);
    // Last year's workbook does not balance on its own (its 结转 was changed): the pane asks first.
    await answer.getByRole('button', { name: '仍然汇总' }).click();
    await page.getByText('已汇总 3 个单位的报告').waitFor();
    expect(await page.evaluate(() => window.nianbaoPreview.created.length)).toBe(1);
  });

  it('makes no request beyond its own origin, and raises no script error', () => {
    expect(requests.filter((url) => !url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

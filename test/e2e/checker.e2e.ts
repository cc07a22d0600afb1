/**
 * The checker page (dist/check.html) opened from a local file (file://) in headless Chromium, as
 * a WPS user would open a page handed out on a USB stick: choose workbooks, see their issues with
 * the cell addresses, download the Word report and read it back, download the blank template and
 * the summed workbook. Workbooks re-saved by LibreOffice (the closest to WPS here) check the same.
 * Every request is logged: only the page's own files. Screenshots go to test-output/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ReportData } from '../../src/report';
import { run } from '../../src/cli/main';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs';
import { buildPlan } from '../../src/workbook/layout';
import { applyPlan } from '../../src/workbook/port';
import { mutate, sample } from '../helpers';
import { CHROMIUM, DIST, ROOT } from './harness';

const OUT = path.join(ROOT, 'test-output');
const PAGE = `file://${path.join(DIST, 'check.html')}`;
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const available = existsSync(CHROMIUM) && existsSync(path.join(DIST, 'check.html'));
if (!available && process.env.CI) throw new Error(`CI needs ${CHROMIUM} and a built dist/ with check.html (npm run build)`);
const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice): .ci/run installs it');

declare global {
  interface Window {
    __xss?: number;
  }
}

async function saveWorkbook(file: string, report: ReportData): Promise<string> {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(report));
  await workbook.save(file);
  return file;
}

/** The sample with a Table 3 balance error (一 + 二 ≠ 三 + 四 for 自然人 and 总计) and a blank cell (表三!E9). */
function flawed(): ReportData {
  const report = mutate('table3', 'newRequests', 'naturalPerson', 2, mutate('table3', 'newRequests', 'total', 2));
  report.table3!.granted!.commercial = null;
  return report;
}

function card(page: Page, name: string) {
  return page.locator(`section[data-testid="file"][aria-label="${name}"]`);
}

/** What the page shows for one (opened) file: each issue's rule, address and message. */
async function shownIssues(page: Page, name: string): Promise<string[]> {
  return card(page, name)
    .locator('li[data-rule]')
    .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-rule')} ${li.querySelector('[data-testid="issue-cells"]')?.textContent ?? '-'} ${li.querySelector('div')?.textContent ?? ''}`));
}

(available ? describe : describe.skip)('check.html from file:// in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const files: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'nianbao-checker-e2e-'));
    files.flawed = await saveWorkbook(path.join(dir, '有误.xlsx'), flawed());
    files.valid = await saveWorkbook(path.join(dir, '西安镇.xlsx'), sample());
    const hostile = sample();
    hostile.agency = `某镇${XSS}`;
    hostile.table3!.granted!.research = XSS;
    files.hostile = await saveWorkbook(path.join(dir, 'xss.xlsx'), hostile);
    writeFileSync((files.docx = path.join(dir, '报告.docx')), 'PK\u0003\u0004');
    const previous = sample();
    previous.year = 2022;
    previous.table3!.carriedForward = { ...previous.table3!.carriedForward, naturalPerson: 3, total: 3 };
    writeFileSync((files.previous = path.join(dir, '2022.json')), JSON.stringify(previous));
    if (hasSoffice) {
      const lo = path.join(dir, 'lo');
      execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/nianbao-lo-profile', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', lo, files.flawed, files.valid], {
        timeout: 240_000,
        stdio: 'ignore',
      });
      copyFileSync(path.join(lo, '有误.xlsx'), (files.flawedLo = path.join(dir, '有误（LibreOffice 另存）.xlsx')));
      copyFileSync(path.join(lo, '西安镇.xlsx'), (files.validLo = path.join(dir, '西安镇（LibreOffice 另存）.xlsx')));
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(PAGE);
    await page.getByRole('button', { name: '选择文件' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    writeFileSync(path.join(OUT, 'checker-requests.txt'), requests.join('\n') + '\n');
    await browser?.close();
  });

  it('opens small: no workbook reader, no Word writer before a file is chosen; the help is there', async () => {
    const scripts = requests.filter((u) => u.endsWith('.js')).map((u) => path.basename(u));
    expect(scripts).toHaveLength(1);
    const first = readFileSync(path.join(DIST, scripts[0]), 'utf8');
    expect(first).not.toMatch(/wordprocessingml\.document\.main\+xml/);
    expect(first).not.toMatch(/sharedStrings\.xml/);
    await expect(page.getByRole('complementary', { name: '使用说明' }).textContent()).resolves.toContain('表三勾稽关系');
    await expect(page.getByText('还没有选择文件').isVisible()).resolves.toBe(true);
  });

  it('shows a Table 3 balance error and a blank cell with their addresses and official labels', async () => {
    await page.getByTestId('files').setInputFiles([files.flawed, files.docx]);
    await page.getByTestId('overall').filter({ hasText: '共 2 个文件' }).waitFor({ timeout: 60_000 });
    const issues = await shownIssues(page, '有误.xlsx');
    const balance = issues.filter((i) => i.startsWith('T3_BALANCE'));
    expect(balance.length).toBeGreaterThan(0);
    expect(balance.join('\n')).toMatch(/表三!D7.* 表三.*“自然人”列：一、本年新收\(2\) \+ 二、上年结转\(0\) = 2/);
    expect(issues).toContainEqual(expect.stringMatching(/^CELL_VALUE 表三!E9 表三“.*予以公开”行“商业企业”列：/));
    // Errors first, grouped under 表三.
    await expect(card(page, '有误.xlsx').getByRole('heading').first().textContent()).resolves.toMatch(/^表三 依申请公开/);
    await expect(card(page, '有误.xlsx').getByTestId('file-summary').textContent()).resolves.toMatch(/^海原县西安镇人民政府 2023 年：\d+ 个错误，0 个警告，0 条提示$/);
    // A file that cannot be read says why; the other was checked.
    await expect(card(page, '报告.docx').getByTestId('file-summary').textContent()).resolves.toContain('无法读取：这是一个压缩包（zip），其中没有 Word 文档');
    await page.screenshot({ path: path.join(OUT, 'checker-issues.png'), fullPage: true });
  });

  it('workbooks re-saved by LibreOffice check the same as the originals', async () => {
    if (!hasSoffice) return;
    await page.getByTestId('files').setInputFiles([files.valid, files.flawedLo, files.validLo]);
    await page.getByTestId('overall').filter({ hasText: '共 5 个文件' }).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: '全部展开' }).click();
    const original = await shownIssues(page, '有误.xlsx');
    expect(original.length).toBeGreaterThanOrEqual(3);
    expect(await shownIssues(page, '有误（LibreOffice 另存）.xlsx')).toEqual(original);
    expect(await card(page, '西安镇（LibreOffice 另存）.xlsx').getByTestId('file-summary').textContent()).toBe(await card(page, '西安镇.xlsx').getByTestId('file-summary').textContent());
    await expect(card(page, '西安镇.xlsx').getByTestId('file-summary').textContent()).resolves.toContain('✓ 全部通过');
  });

  it('downloads the Word report of a valid workbook, exactly as nianbao export writes it', async () => {
    if (!files.validLo) await page.getByTestId('files').setInputFiles([files.valid]);
    await card(page, '西安镇.xlsx').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), card(page, '西安镇.xlsx').getByRole('button', { name: '下载 Word' }).click()]);
    expect(download.suggestedFilename()).toBe('海原县西安镇人民政府2023年政府信息公开工作年度报告.docx');
    const saved = path.join(dir, 'from-page.docx');
    await download.saveAs(saved);
    const zip = await JSZip.loadAsync(readFileSync(saved));
    const document = await zip.file('word/document.xml')!.async('string');
    const text = document.replace(/<[^>]+>/g, '');
    expect(text).toContain('海原县西安镇人民政府');
    expect(text).toContain('三、收到和处理政府信息公开申请情况');
    expect(text).toContain('（七）总计');
    expect(text).not.toContain('草稿');
    const code = await run(['export', files.valid, '--docx', path.join(dir, 'from-cli.docx')], { out: () => undefined, err: () => undefined, cwd: dir });
    expect(code).toBe(0);
    const cli = await JSZip.loadAsync(readFileSync(path.join(dir, 'from-cli.docx')));
    expect(document).toBe(await cli.file('word/document.xml')!.async('string'));
    await expect(page.getByRole('status').filter({ hasText: '已生成' }).textContent()).resolves.toContain('.docx');
  });

  it('last year\'s report adds the cross-year check; an unreadable one says why', async () => {
    await page.getByTestId('previous-file').setInputFiles(files.docx);
    await page.getByRole('status').filter({ hasText: '上年报告“报告.docx”无法读取：这是一个压缩包（zip）' }).waitFor();
    await page.getByTestId('previous-file').setInputFiles(files.previous);
    await page.getByTestId('previous-name').filter({ hasText: '2022.json' }).waitFor();
    await page.getByRole('button', { name: '全部展开' }).click();
    const carried = card(page, '西安镇.xlsx').locator('[data-rule="CROSS_YEAR_CARRIED"]');
    await carried.first().waitFor();
    expect(await carried.allTextContents()).toEqual([expect.stringContaining('表三!D8'), expect.stringContaining('表三!J8')]);
    await page.getByRole('button', { name: '移除' }).click();
    await carried.first().waitFor({ state: 'detached' });
    expect(await card(page, '西安镇.xlsx').getByTestId('file-summary').textContent()).toContain('✓ 全部通过');
  });

  it('downloads the blank template and the summed workbook', async () => {
    const [template] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByRole('button', { name: '下载空白模板（.xlsx）' }).click()]);
    const blank = await (await ExcelJsWorkbook.load(readFileSync((await template.path())!))).snapshot();
    expect(blank.sheets.map((s) => s.name)).toEqual(['基本信息', '表二', '表三', '表四', '正文', '数据', '上年数据']);
    expect(blank.names.some((n) => n.name === 'table3.newRequests.total')).toBe(true);

    await page.getByRole('button', { name: /^下载汇总工作簿/ }).click();
    const question = page.getByRole('alertdialog', { name: '汇总前请确认' });
    await question.waitFor();
    expect(await question.textContent()).toContain('无法读取的 1 个文件不计入汇总');
    const [merged] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), question.getByRole('button', { name: '仍然汇总' }).click()]);
    const units = hasSoffice ? 4 : 2;
    expect(merged.suggestedFilename()).toBe(`汇总（${units} 个单位）.xlsx`);
    const sum = await (await ExcelJsWorkbook.load(readFileSync((await merged.path())!))).snapshot();
    expect(sum.sheets.map((s) => s.name)).toContain('汇总单位');
  });

  it('shows workbook text as text: a script in the agency and in a cell never runs', async () => {
    await page.getByTestId('files').setInputFiles([files.hostile]);
    await card(page, 'xss.xlsx').waitFor({ timeout: 60_000 });
    await card(page, 'xss.xlsx').getByRole('button', { name: /xss\.xlsx/ }).click();
    await card(page, 'xss.xlsx').locator('[data-rule="CELL_VALUE"]').waitFor();
    expect(await card(page, 'xss.xlsx').getByTestId('file-summary').textContent()).toContain('<img src=x onerror=');
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.locator('#root img, #root script').count()).toBe(0);
  });

  it('takes files dropped on the page (a report file here)', async () => {
    const json = JSON.stringify({ ...sample(), agency: '拖入的单位' });
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], '拖入.json', { type: 'application/json' }));
      const target = document.querySelector('[data-testid="drop"]')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, json);
    await card(page, '拖入.json').waitFor({ timeout: 30_000 });
    expect(await card(page, '拖入.json').getByTestId('file-summary').textContent()).toBe('拖入的单位 2023 年：✓ 全部通过，未发现问题');
  });

  it('12 files at 1366×768: one summary line each', async () => {
    const many: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const name = path.join(dir, `单位${String(i).padStart(2, '0')}.xlsx`);
      if (i === 5) writeFileSync(name, 'not a workbook');
      else if (i % 4 === 0) copyFileSync(files.flawed, name);
      else copyFileSync(files.valid, name);
      many.push(name);
    }
    const small = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    small.on('request', (r) => requests.push(r.url()));
    await small.goto(PAGE);
    await small.getByTestId('files').setInputFiles(many);
    await small.getByTestId('overall').filter({ hasText: '共 12 个文件' }).waitFor({ timeout: 180_000 });
    expect(await small.getByTestId('overall').textContent()).toMatch(/^共 12 个文件，8 个没有错误，3 个有错误，1 个无法读取/);
    expect(await small.getByTestId('file-summary').count()).toBe(12);
    // Folded: no issue list until a file is opened.
    expect(await small.locator('li[data-rule]').count()).toBe(0);
    await small.screenshot({ path: path.join(OUT, 'checker-12-files.png') });
    await small.close();
  });

  it('requests nothing but its own files, breaks no CSP rule, throws nothing', () => {
    const own = `file://${DIST}/`;
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.filter((url) => !url.startsWith(own) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

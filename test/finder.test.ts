/**
 * The table finder: the official tables found by their labels and headers in workbooks nianbao
 * did not lay out, every cell justified, what is missing listed.
 */
import { buildPlan, planNames } from '../src/workbook/layout';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { applyPlan } from '../src/workbook/port';
import { findTables } from '../src/workbook/finder';
import { a1 } from '../src/workbook/address';
import { sample } from './helpers';

async function ownLayoutGrids() {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(sample()));
  return (await workbook.snapshot()).sheets;
}

describe('findTables on nianbao\'s own layout, names removed', () => {
  it('places every one of the 200 cells exactly where the names would', async () => {
    const found = findTables(await ownLayoutGrids());
    const names = planNames(buildPlan()).filter((n) => /^table/.test(n.name));
    expect(found.missing).toEqual([]);
    expect(found.cells.size).toBe(200);
    for (const n of names) {
      const cell = found.cells.get(n.name)!;
      expect([n.name, `${cell.sheet}!${a1(cell.row, cell.col)}`]).toEqual([n.name, `${n.sheet}!${n.address}`]);
    }
    expect(found.tables.map((t) => [t.table, t.sheet, t.range, t.cells])).toEqual([
      ['table2', '表二', 'B6:D17', 10],
      ['table3', '表三', 'D7:J31', 175],
      ['table4', '表四', 'A7:O7', 15],
    ]);
  });
});

import { onlyTable3, styles, workbookOf } from './corpus/styles';
import ExcelJS from 'exceljs';
import { snapshotOf } from '../src/workbook/exceljs';

async function gridsOf(workbook: ExcelJS.Workbook) {
  const again = new ExcelJS.Workbook();
  await again.xlsx.load(await workbook.xlsx.writeBuffer());
  return snapshotOf(again).sheets;
}

describe.each(styles(sample()).map((s) => [s.name, s] as const))('the finder on “%s”', (_name, style) => {
  it('finds all 200 cells, each under its row label and column header', async () => {
    const found = findTables(await gridsOf(workbookOf(style)));
    expect(found.missing).toEqual([]);
    expect(found.cells.size).toBe(200);
  });
});

describe('a workbook holding only Table 3', () => {
  it('says what is missing', async () => {
    const found = findTables(await gridsOf(workbookOf(onlyTable3(sample()))));
    expect(found.cells.size).toBe(175);
    expect(found.missing.map((m) => m.text)).toEqual(['没有找到表二（未找到它的表头和行标签）', '没有找到表四（未找到它的表头和行标签）']);
  });
});

import { readReport, checkRead } from '../src/workbook/port';
import { ExcelJsWorkbook as Port } from '../src/workbook/exceljs';
import { brief } from './helpers';

async function portOf(workbook: ExcelJS.Workbook): Promise<Port> {
  const again = new ExcelJS.Workbook();
  await again.xlsx.load(await workbook.xlsx.writeBuffer());
  return new Port(again);
}

describe.each(styles(sample()).map((s) => [s.name, s] as const))('reading “%s” without names', (_name, style) => {
  it('gives the same report file as the nianbao layout', async () => {
    const read = await readReport(await portOf(workbookOf(style)));
    const s = sample();
    expect([read.report.table2, read.report.table3, read.report.table4]).toEqual([s.table2, s.table3, s.table4]);
    expect(read.recognized!.tables.map((t) => t.cells)).toEqual([10, 175, 15]);
    // Labels that differ from the official wording are warnings in the user's own workbook.
    expect(checkRead(read).filter((i) => i.severity === 'error' && i.table !== 'narrative' && i.table !== 'report')).toEqual([]);
  });
});

describe('issues in a recognized workbook name the user\'s own cells', () => {
  it('a wrong total in the county template, and its 法人或其他组织小计 column checked too', async () => {
    const style = styles(sample())[0];
    const workbook = workbookOf(style);
    const sheet = workbook.getWorksheet('年报表格')!;
    // 一、本年新收: 总计 (column J) typed wrong; the 小计 (column I) of 二、上年结转 too.
    const one = sheet.getColumn(1).values.findIndex((v) => v === '一、本年新收政府信息公开申请数量');
    sheet.getCell(one, 10).value = 7;
    sheet.getCell(one + 1, 9).value = 4;
    const issues = checkRead(await readReport(await portOf(workbook))).filter((i) => i.table === 'table3');
    expect(brief(issues)).toEqual(['EXTRA_TOTAL error table3 - -', 'T3_ROW_TOTAL error table3 newRequests -', 'T3_BALANCE error table3 - total']);
    expect(issues[1].cells).toContain(`年报表格!J${one}`);
    expect(issues[0].message).toBe(`年报表格!I${one + 1}：“二、上年结转政府信息公开申请数量”行的“法人或其他组织小计”为 4，但各项之和为 0（这一列不在官方表格中，但它的数也要对）`);
  });

  it('a workbook with only Table 3: the missing tables listed, Table 3 still checked', async () => {
    const workbook = workbookOf(onlyTable3(sample()));
    workbook.getWorksheet('依申请公开')!.getCell('I5').value = 9;
    const issues = checkRead(await readReport(await portOf(workbook)));
    const structural = issues.filter((i) => i.rule === 'WORKBOOK_STRUCTURE').map((i) => i.message);
    expect(structural).toEqual(['没有找到表二（未找到它的表头和行标签）；这部分无法校验', '没有找到表四（未找到它的表头和行标签）；这部分无法校验']);
    expect(issues.filter((i) => i.table === 'table3').map((i) => i.rule)).toEqual(['T3_ROW_TOTAL', 'T3_BALANCE']);
    // No blank-cell issue for the 25 cells of tables that are not there.
    expect(issues.filter((i) => i.rule === 'CELL_VALUE')).toEqual([]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { run } from '../src/cli/main';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { namesOf } from '../src/workbook/port';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import type { Issue } from '../src/report';

async function cli(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

/** Every cell's value and style, for before/after comparisons. */
function cellsOf(workbook: ExcelJS.Workbook): string {
  return JSON.stringify(workbook.worksheets.map((s) => {
    const out: unknown[] = [];
    s.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: true }, (cell) => out.push([cell.address, cell.value, cell.style])));
    return [s.name, out, (s.model as unknown as { merges: string[] }).merges];
  }));
}

describe('nianbao check and adopt on a workbook without names', () => {
  it('check reads it through the finder and says so; adopt writes a named copy and changes no cell', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-adopt-'));
    await workbookOf(styles(sample())[0]).xlsx.writeFile(path.join(dir, 'county.xlsx'));
    const checked = await cli(dir, 'check', 'county.xlsx');
    expect(checked.out).toContain('（工作簿中没有年报模板的名称，已按表格标签识别：表二 年报表格!B6:D17（10 格）；表三 年报表格!C23:J47（175 格）；表四 年报表格!A53:O53（15 格）。');
    const json = JSON.parse((await cli(dir, 'check', '--json', 'county.xlsx')).out);
    expect(json.reports[0].recognized.map((t: { cells: number }) => t.cells)).toEqual([10, 175, 15]);

    const adopted = await cli(dir, 'adopt', 'county.xlsx', '-o', 'county-named.xlsx');
    expect(adopted.code).toBe(0);
    expect(adopted.out).toContain('已为 200 个单元格添加名称');
    const before = new ExcelJS.Workbook();
    await before.xlsx.readFile(path.join(dir, 'county.xlsx'));
    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(path.join(dir, 'county-named.xlsx'));
    expect(cellsOf(after)).toBe(cellsOf(before));
    expect(after.definedNames.getRanges('table3.newRequests.total').ranges).toEqual(["'年报表格'!$J$23"]);
    const again = await cli(dir, 'check', '--json', 'county-named.xlsx');
    expect(JSON.parse(again.out).reports[0].recognized).toBeUndefined();
    expect((await cli(dir, 'adopt', 'county.xlsx')).err).toContain('缺少必需的选项');
  });

  it('adopt refuses a workbook with no table it can find', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-adopt-'));
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = '随便';
    await plain.xlsx.writeFile(path.join(dir, 'plain.xlsx'));
    const result = await cli(dir, 'adopt', 'plain.xlsx', '-o', 'x.xlsx');
    expect(result.code).toBe(2);
    expect(result.err).toContain('没有找到表二、表三、表四的表头和行标签');
  });
});

describe('adopting in the open workbook (Office.js on the fake host)', () => {
  it('reads a workbook without names in 2 syncs, then names its cells without changing any', async () => {
    const host = createFakeHost(new FakeWorkbookModel());
    const style = styles(sample())[1];
    for (const sheet of style.sheets) {
      const s = host.model.addSheet(sheet.name);
      sheet.rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && v !== '' && (s.cell(r + 1, c + 1).value = v as never)));
    }
    const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
    const before = JSON.stringify(host.model.sheets.map((s) => [s.name, [...s.cells]]));
    await port.survey(); // what the pane does when it opens
    const start = host.model.syncCount;
    const read = await readReport(port);
    expect(host.model.syncCount - start).toBe(2);
    expect(read.recognized!.cells.size).toBe(200);
    expect(await port.addNames(namesOf(read.recognized!))).toBe(200);
    expect(JSON.stringify(host.model.sheets.map((s) => [s.name, [...s.cells]]))).toBe(before);
    const named = await readReport(port);
    expect(named.recognized).toBeUndefined();
    expect(named.report.table3).toEqual(sample().table3);
    const issues: Issue[] = checkRead(named).filter((i) => i.severity === 'error' && i.table.startsWith('table'));
    expect(issues).toEqual([]);
  });
});

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice): .ci/run installs it');
(hasSoffice ? describe : describe.skip)('a workbook made in LibreOffice', () => {
  it('is found and read exactly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-lo-style-'));
    await workbookOf(styles(sample())[3]).xlsx.writeFile(path.join(dir, 'made.xlsx'));
    execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/nianbao-lo-profile', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', path.join(dir, 'lo'), path.join(dir, 'made.xlsx')], { timeout: 180_000, stdio: 'ignore' });
    const read = await readReport(await Port.open(path.join(dir, 'lo', 'made.xlsx')));
    const s = sample();
    expect([read.report.table2, read.report.table3, read.report.table4]).toEqual([s.table2, s.table3, s.table4]);
    writeFileSync(path.join(dir, 'ok'), '');
  }, 240_000);
});

describe('a 合计 row under Table 3', () => {
  it('is ignored for the report but checked: each column equals 一 + 二', async () => {
    const style = styles(sample())[4];
    const workbook = workbookOf(style);
    const sheet = workbook.getWorksheet('依申请公开')!;
    const row = sheet.getColumn(1).values.findIndex((v) => v === '合计');
    expect(checkRead(await readReport(await portOf(workbook))).filter((i) => i.rule === 'EXTRA_TOTAL')).toEqual([]);
    sheet.getCell(row, 3).value = 2;
    const issues = checkRead(await readReport(await portOf(workbook))).filter((i) => i.rule === 'EXTRA_TOTAL');
    expect(issues.map((i) => i.message)).toEqual([`依申请公开!C${row}：“合计”行的“合计（自然人）”为 2，但各项之和为 1（这一行不在官方表格中，但它的数也要对）`]);
  });
});

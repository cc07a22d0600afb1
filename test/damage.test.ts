/**
 * Every kind of damage a workbook suffers, on both backends (an .xlsx through ExcelJS and the CLI,
 * the open workbook through Office.js on the fake host): each is read without a crash and said
 * once, clearly; what still can be checked is checked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { run } from '../src/cli/main';
import type { Issue } from '../src/report';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../src/workbook/port';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import { sample } from './helpers';

interface Damage {
  name: string;
  /** Damage an ExcelJS workbook as Excel would leave the file. */
  xlsx(workbook: ExcelJS.Workbook): void;
  /** The same damage in the open workbook. */
  fake(model: FakeWorkbookModel): void;
  /** The issues expected, as `RULE table` plus a fragment of the first message. */
  expected: string[];
  message?: RegExp;
}


/** Excel's way to rename a sheet: its names follow. */
function renameSheetXlsx(workbook: ExcelJS.Workbook, from: string, to: string): void {
  const moved = workbook.definedNames.model.filter((n) => n.ranges.some((r) => r.startsWith(`'${from}'!`) || r.startsWith(`${from}!`)));
  workbook.getWorksheet(from)!.name = to;
  for (const n of moved) {
    for (const r of n.ranges) workbook.definedNames.remove(r, n.name);
    for (const r of n.ranges) workbook.definedNames.add(r.replace(/^'?[^'!]+'?!/, `'${to}'!`), n.name);
  }
}

/** Excel's way to insert rows inside a table: merged areas across the rows grow, those below move. */
function insertRowsXlsx(sheet: ExcelJS.Worksheet, row: number, count: number): void {
  const merges = [...((sheet.model as unknown as { merges: string[] }).merges ?? [])];
  for (const range of merges) sheet.unMergeCells(range);
  sheet.spliceRows(row, 0, ...Array.from({ length: count }, () => []));
  for (const range of merges) {
    const [, c1, r1, c2, r2] = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range)!;
    const from = Number(r1) >= row ? Number(r1) + count : Number(r1);
    const to = Number(r2) >= row ? Number(r2) + count : Number(r2);
    sheet.mergeCells(`${c1}${from}:${c2}${to}`);
  }
}

const DAMAGES: Damage[] = [
  {
    name: 'a deleted table sheet',
    xlsx: (w) => w.removeWorksheet(w.getWorksheet('表三')!.id),
    fake: (m) => m.deleteSheet('表三'),
    expected: ['WORKBOOK_STRUCTURE table3'],
    message: /表三/,
  },
  {
    name: 'a deleted 正文 sheet',
    xlsx: (w) => w.removeWorksheet(w.getWorksheet('正文')!.id),
    fake: (m) => m.deleteSheet('正文'),
    expected: ['WORKBOOK_STRUCTURE narrative'],
    message: /报告正文无法读取/,
  },
  {
    name: 'a deleted 数据 sheet',
    xlsx: (w) => w.removeWorksheet(w.getWorksheet('数据')!.id),
    fake: (m) => m.deleteSheet('数据'),
    expected: ['WORKBOOK_STRUCTURE narrative'],
    message: /正文数据（“数据”表）无法读取/,
  },
  {
    name: 'a deleted 基本信息 sheet',
    xlsx: (w) => w.removeWorksheet(w.getWorksheet('基本信息')!.id),
    fake: (m) => m.deleteSheet('基本信息'),
    expected: ['WORKBOOK_STRUCTURE report'],
    message: /基本信息（机关名称、年度等）无法读取/,
  },
  {
    name: 'a sheet renamed in Excel (its names follow)',
    xlsx: (w) => renameSheetXlsx(w, '表四', '复议诉讼'),
    fake: (m) => {
      m.sheet('表四')!.name = '复议诉讼';
      for (const n of m.names.values()) n.formula = n.formula.replace('=表四!', '=复议诉讼!');
    },
    expected: [],
  },
  {
    name: 'a deleted defined name',
    xlsx: (w) => w.definedNames.remove(w.definedNames.getRanges('table3.granted.total').ranges[0], 'table3.granted.total'),
    fake: (m) => void m.names.delete('table3.granted.total'),
    expected: ['WORKBOOK_STRUCTURE table3'],
    message: /名称 “table3\.granted\.total” 已被删除/,
  },
  {
    name: 'a defined name redirected to another cell',
    xlsx: (w) => {
      w.definedNames.remove(w.definedNames.getRanges('table4.review.total').ranges[0], 'table4.review.total');
      w.definedNames.add("'表四'!$A$4", 'table4.review.total');
    },
    fake: (m) => void (m.names.get('table4.review.total')!.formula = '=表四!$A$4'),
    expected: ['CELL_VALUE table4'],
    message: /表四“行政复议”下的“总计”：填写的是文本“行政复议”，应填数字/,
  },
  {
    name: 'rows inserted inside Table 3',
    xlsx: (w) => insertRowsXlsx(w.getWorksheet('表三')!, 15, 2),
    fake: (m) => m.insertRows('表三', 15, 2),
    expected: [],
  },
  {
    name: 'unmerged headers and labels',
    xlsx: (w) => {
      const sheet = w.getWorksheet('表三')!;
      for (const range of ['A4:C6', 'D4:J4', 'A9:A30', 'B11:B18', 'A7:C7']) sheet.unMergeCells(range);
    },
    fake: (m) => void (m.sheet('表三')!.merges = []),
    expected: [],
  },
  {
    name: 'a label overwritten',
    xlsx: (w) => void (w.getWorksheet('表三')!.getCell('C22').value = '信访件'),
    fake: (m) => m.type('表三', 'C22', '信访件'),
    expected: ['WORKBOOK_LABEL table3'],
    message: /表三!C22 的行标签应为“1\.信访举报投诉类申请”，现为“信访件”/,
  },
];

function brief(issues: Issue[]): string[] {
  return issues.map((i) => `${i.rule} ${i.table}`);
}

function expectClean(issues: Issue[]): void {
  for (const issue of issues) expect(issue.message).not.toMatch(/undefined|NaN|\[object|Error:/);
}

describe.each(DAMAGES.map((d) => [d.name, d] as const))('%s', (_name, damage) => {
  it('in an .xlsx file, through the CLI', async () => {
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(sample()));
    damage.xlsx(workbook.workbook);
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-damage-'));
    await workbook.save(path.join(dir, 'damaged.xlsx'));
    let out = '';
    let err = '';
    const code = await run(['check', '--json', 'damaged.xlsx'], { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
    expect(err).toBe('');
    const issues = JSON.parse(out).reports[0].issues as Issue[];
    expect(brief(issues)).toEqual(damage.expected);
    expect(code).toBe(damage.expected.length > 0 ? 1 : 0);
    if (damage.message) expect(issues[0].message).toMatch(damage.message);
    expectClean(issues);
  });

  it('in the open workbook, through Office.js', async () => {
    const host = createFakeHost(new FakeWorkbookModel());
    const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
    await applyPlan(port, buildPlan(sample()));
    damage.fake(host.model);
    const issues = checkRead(await readReport(port));
    expect(brief(issues)).toEqual(damage.expected);
    if (damage.message) expect(issues[0].message).toMatch(damage.message);
    expectClean(issues);
  });
});

describe('创建模板 repairs what can be repaired', () => {
  it('re-merges unmerged headers and rebuilds deleted sheets, keeping every value', async () => {
    const host = createFakeHost(new FakeWorkbookModel());
    const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
    await applyPlan(port, buildPlan(sample()));
    const merges = host.model.sheet('表三')!.merges.length;
    host.model.sheet('表三')!.merges = [];
    host.model.deleteSheet('数据');
    const repair = await applyPlan(port, buildPlan());
    expect(repair.sheets.flatMap((s) => s.conflicts)).toEqual([]);
    expect(host.model.sheet('表三')!.merges).toHaveLength(merges);
    const read = await readReport(port);
    expect(read.issues).toEqual([]);
    expect(read.report.table3).toEqual(sample().table3);
  });
});

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice): .ci/run installs it');
(hasSoffice ? describe : describe.skip)('a workbook saved by LibreOffice', () => {
  it('reads back the same report, with no issue', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-lo-'));
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(sample()));
    await workbook.save(path.join(dir, 'ours.xlsx'));
    execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/nianbao-lo-profile', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', path.join(dir, 'lo'), path.join(dir, 'ours.xlsx')], {
      timeout: 180_000,
      stdio: 'ignore',
    });
    copyFileSync(path.join(dir, 'lo', 'ours.xlsx'), path.join(dir, 'saved-by-libreoffice.xlsx'));
    const read = await readReport(await ExcelJsWorkbook.open(path.join(dir, 'saved-by-libreoffice.xlsx')));
    expect(checkRead(read)).toEqual([]);
    const s = sample();
    expect([read.report.table2, read.report.table3, read.report.table4, read.report.values, read.report.narrative]).toEqual([s.table2, s.table3, s.table4, s.values, s.narrative]);
  }, 240_000);
});

/**
 * The bad-input corpus: every kind of cell content staff produce, through the three ways a
 * report is read — a report file, an .xlsx through the CLI, the open workbook through Office.js
 * (on the fake host). Each gives one clear Chinese issue naming the cell, and nothing else.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { checkReport, type Issue } from '../src/report';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../src/workbook/port';
import { CELL_CASES } from './corpus/cells';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import { mutate, sample } from './helpers';

/** The cell every case is typed into: 表三 （二）部分公开 × 商业企业 (0 in the sample). */
const ROW = 'partlyGranted';
const COLUMN = 'commercial';
const ADDRESS = '表三!E10';
const WHERE = '表三“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行“商业企业”列：';

/** No message may leak a programming word or a broken number. */
function expectClean(issues: Issue[]): void {
  for (const issue of issues) expect(issue.message).not.toMatch(/undefined|NaN|null|\[object|Infinity|Error:|at \w+ \(/);
}

function expectCase(issues: Issue[], problem: RegExp | null, withCell: boolean): void {
  expectClean(issues);
  if (problem === null) {
    expect(issues).toEqual([]);
    return;
  }
  expect(issues.map((i) => `${i.rule} ${i.row} ${i.column}`)).toEqual([`CELL_VALUE ${ROW} ${COLUMN}`]);
  expect(issues[0].message.startsWith(WHERE)).toBe(true);
  expect(issues[0].message).toMatch(problem);
  expect(issues[0].cells).toEqual(withCell ? [ADDRESS] : []);
}

describe.each(CELL_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('in a report file', () => {
    expectCase(checkReport(mutate('table3', ROW, COLUMN, c.json)), c.problem, false);
  });

  it('in the open workbook (Office.js on the fake host)', async () => {
    const host = createFakeHost(new FakeWorkbookModel());
    const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
    await applyPlan(port, buildPlan(sample()));
    c.fake(host.model, '表三', 'E10');
    expectCase(checkRead(await readReport(port)), c.problem, true);
  });
});

describe('every case in .xlsx files, through the nianbao CLI', () => {
  it('reports each file\'s one issue with its cell', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-corpus-'));
    const files: string[] = [];
    for (const [i, c] of CELL_CASES.entries()) {
      const workbook = new ExcelJsWorkbook();
      await applyPlan(workbook, buildPlan(sample()));
      workbook.workbook.getWorksheet('表三')!.getCell('E10').value = c.xlsx;
      const file = `case-${String(i).padStart(2, '0')}.xlsx`;
      await workbook.save(path.join(dir, file));
      files.push(file);
    }
    let out = '';
    let err = '';
    const code = await run(['check', '--json', ...files], { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
    expect(err).toBe('');
    expect(code).toBe(1);
    const reports = JSON.parse(out).reports as { file: string; issues: Issue[] }[];
    reports.forEach((report, i) => expectCase(report.issues, CELL_CASES[i].problem, true));
    // The text output too: no stack trace, no programming words.
    let text = '';
    await run(['check', ...files], { out: (t) => (text += t), err: (t) => (text += t), cwd: dir });
    expect(text).not.toMatch(/undefined|NaN|\[object|\n\s+at /);
  });
});

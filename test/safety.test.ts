/**
 * Data safety: no action writes into a cell the user typed in without asking; 创建模板 keeps all
 * data (cell by cell, on both backends); export never writes into the tables; nothing in the
 * task pane's code talks to the network or carries telemetry.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { MARKS_SHEET, OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan } from '../src/workbook/port';
import { REPORT_SHEET, TaskpaneController } from '../src/taskpane/controller';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import { filesUnder, recordingDeliveries, sample } from './helpers';

const ROOT = path.join(__dirname, '..');

function values(model: FakeWorkbookModel, except: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sheet of model.sheets) {
    if (except.includes(sheet.name)) continue;
    for (const [key, cell] of sheet.cells) if (cell.value !== null) out[`${sheet.name}!${key}`] = cell.value;
  }
  return out;
}

async function userWorkbook() {
  const host = createFakeHost(new FakeWorkbookModel());
  const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
  await applyPlan(port, buildPlan(sample()));
  const m = host.model;
  m.type('表三', 'J7', 9); // a wrong total
  m.type('表三', 'E12', '/'); // a slash
  m.type('表三', 'C11', '改过的标签'); // a label typed over
  m.type('表三', 'L3', '我的批注'); // a note beside the table
  m.addSheet('我的备注').cell(1, 1).value = '去年的数字：3';
  m.type('正文', 'A5', '我新写的一段。');
  return { host, port, model: m };
}

describe('no action changes what the user typed without asking', () => {
  it('every button, every question answered “no”', async () => {
    const { port, model } = await userWorkbook();
    const before = values(model);
    const questions: string[] = [];
    const controller = new TaskpaneController(port, async (q) => (questions.push(q.title), false), recordingDeliveries().deliveries);
    await controller.createTemplate();
    const view = await controller.validate();
    for (const group of view.groups) for (const issue of group.issues) await controller.select(issue);
    await controller.clearMarks();
    await controller.exportWord();
    await controller.copyReport();
    await controller.exportHtmlFile();
    await controller.writeReportSheet();
    expect(questions).toContain('有单元格与模板不同');
    expect(questions).toContain('报告还有错误');
    expect(values(model)).toEqual(before);
  });

  it('with “yes”, only the cells it asked about change, and export writes only its own sheet', async () => {
    const { port, model } = await userWorkbook();
    const before = values(model);
    const controller = new TaskpaneController(port, async () => true, recordingDeliveries().deliveries);
    await controller.createTemplate();
    await controller.validate();
    await controller.writeReportSheet();
    const after = values(model, [REPORT_SHEET, MARKS_SHEET]);
    expect(after).toEqual({ ...before, '表三!11,3': '1.属于国家秘密' });
    expect(model.sheet(REPORT_SHEET)).toBeDefined();
  });
});

describe('创建模板 keeps all data, cell by cell', () => {
  it('on the fake host', async () => {
    const { port, model } = await userWorkbook();
    const before = values(model);
    await applyPlan(port, buildPlan());
    expect(values(model)).toEqual(before);
  });

  it('with ExcelJS', async () => {
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(sample()));
    const t3 = workbook.workbook.getWorksheet('表三')!;
    t3.getCell('J7').value = 9;
    t3.getCell('C11').value = '改过的标签';
    t3.getCell('L3').value = '我的批注';
    const snapshot = () => JSON.stringify(workbook.workbook.worksheets.map((s) => s.getSheetValues()));
    const before = snapshot();
    await applyPlan(workbook, buildPlan());
    expect(snapshot()).toBe(before);
  });
});

describe('no network, no telemetry', () => {
  it('ships no office-addin package or telemetry client to run time', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies).filter((d) => /office-addin|telemetry|insights|analytics|sentry/i.test(d))).toEqual([]);
  });

  it('has no network call in the source of the pane, the core or the CLI', () => {
    const files = filesUnder(path.join(ROOT, 'src'), /\.tsx?$/);
    for (const file of files) {
      // Code only: block comments and whole-line comments removed.
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      // XML namespaces are names, not addresses; office.js is the one script loaded from outside.
      const addresses = (code.match(/https?:\/\/[^\s'"`)]+/g) ?? []).filter((u) => !/^https?:\/\/(schemas\.openxmlformats\.org|schemas\.microsoft\.com|www\.w3\.org|appsforoffice\.microsoft\.com)\//.test(u));
      expect([file, addresses]).toEqual([file, []]);
      expect([file, /\bfetch\(|XMLHttpRequest|sendBeacon|new WebSocket|EventSource/.test(code)]).toEqual([file, false]);
    }
  });

});

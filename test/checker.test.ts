/**
 * The checker page's logic (src/checker/session.ts, src/workbook/read-file.ts) in Node: files of
 * every kind read through the one dispatch, unreadable ones say why, last year's report adds the
 * cross-year checks, and the downloads are exactly what `nianbao export / merge / init` write.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import type { ReportData } from '../src/report';
import { run } from '../src/cli/main';
import { blankTemplate, checkChosen, exportReport, flawedUnits, mergeWorkbook, overallLine, readChosen, summaryLine, type CheckedFile } from '../src/checker/session';
import { renderHtml, exportDocument } from '../src/report/render';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { applyPlan } from '../src/workbook/port';
import { UnreadableFile, readReportFile, type PickedFile } from '../src/workbook/read-file';
import { mutate, sample } from './helpers';

async function workbookBytes(report: ReportData): Promise<Uint8Array> {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(report));
  return workbook.toBytes();
}

function file(name: string, bytes: Uint8Array | string): PickedFile {
  return { name, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes };
}

async function checked(picked: PickedFile, previous?: ReportData): Promise<CheckedFile> {
  return checkChosen(await readChosen(picked), previous);
}

async function cli(cwd: string, ...argv: string[]): Promise<number> {
  return run(argv, { out: () => undefined, err: () => undefined, cwd });
}

describe('reading picked files (one dispatch for the pane and the checker page)', () => {
  it('reads a workbook, a report file and a saved report page', async () => {
    const xlsx = await readReportFile(file('x.xlsx', await workbookBytes(sample())));
    expect(xlsx.addresses.get('table3.newRequests.total')).toBe('表三!J7');
    expect(xlsx.report.table3).toEqual(sample().table3);
    const json = await readReportFile(file('x.json', JSON.stringify(sample())));
    expect(json.report.agency).toBe(sample().agency);
    expect(json.addresses.size).toBe(0);
    const doc = exportDocument(sample(), []);
    const html = await readReportFile(file('x.html', renderHtml(doc, sample(), { standalone: true })));
    expect(html.report.table3).toEqual(sample().table3);
  });

  it.each([
    ['报告.docx', 'PK', /文件已损坏或不是 Word 文档/],
    ['报告.et', 'x', /另存为.*\.xlsx/],
    ['报告.xls', 'x', /另存为.*\.xlsx/],
    ['报告.pdf', 'x', /不支持该文件格式/],
    ['说明.txt', 'x', /不支持的文件类型“说明\.txt”/],
    ['空.xlsx', '', /文件是空的/],
    ['坏.xlsx', 'not a zip at all', /不是有效的 \.xlsx 工作簿/],
    ['坏.json', '{ "table3": ', /./],
  ])('says in Chinese why %s cannot be read', async (name, content, reason) => {
    const error = await readReportFile(file(name, content)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableFile);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a workbook without any report table is unreadable, with the reason', async () => {
    const workbook = new ExcelJsWorkbook();
    const error = await readReportFile(file('空白.xlsx', await workbook.toBytes())).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/年报/);
  });

  it('a .docx reader can be plugged into the dispatch', async () => {
    const read = await readReportFile(file('报告.docx', 'PK'), [{ label: 'Word', test: /\.docx$/, read: async () => ({ report: sample(), addresses: new Map(), paragraphCells: [], unreadable: new Set(), issues: [] }) }]);
    expect(read.report.agency).toBe(sample().agency);
  });
});

describe('checking chosen files', () => {
  it('lists a balance error and a blank cell with their addresses; the summary counts them', async () => {
    const report = mutate('table3', 'newRequests', 'naturalPerson', 2, mutate('table3', 'newRequests', 'total', 2));
    report.table3!.granted!.commercial = null;
    const result = await checked(file('有误.xlsx', await workbookBytes(report)));
    const byRule = new Map(result.issues.map((i) => [i.rule, i]));
    expect(byRule.get('T3_BALANCE')?.cells).toContain('表三!J7');
    expect(byRule.get('CELL_VALUE')?.cells).toEqual(['表三!E9']);
    expect(result.groups.map((g) => g.key)).toEqual(['table3']);
    expect(summaryLine(result)).toMatch(/^海原县西安镇人民政府 2023 年：\d+ 个错误，0 个警告，0 条提示$/);
    expect(flawedUnits([result])).toEqual([result]);
  });

  it('a valid report passes; an unreadable file says why; the overall line counts both', async () => {
    const ok = await checked(file('好.xlsx', await workbookBytes(sample())));
    expect(ok.issues).toEqual([]);
    expect(summaryLine(ok)).toContain('✓ 全部通过');
    const bad = await checked(file('坏.xlsx', 'nope'));
    expect(bad.error).toMatch(/不是有效的 \.xlsx/);
    expect(summaryLine(bad)).toMatch(/^无法读取：/);
    expect(overallLine([ok, bad])).toBe('共 2 个文件，1 个没有错误，0 个有错误，1 个无法读取（合计 0 个错误，0 个警告，0 条提示）');
  });

  it('last year\'s report adds the cross-year checks, and removing it takes them away', async () => {
    const previous = sample();
    previous.table3!.carriedForward = { ...previous.table3!.carriedForward, naturalPerson: 3, total: 3 };
    const read = await readChosen(file('好.xlsx', await workbookBytes(sample())));
    expect(checkChosen(read, previous).issues.map((i) => i.rule)).toContain('CROSS_YEAR_CARRIED');
    expect(checkChosen(read).issues).toEqual([]);
  });

  it('a report file naming its previous-year file asks for that file', async () => {
    const result = await checked(file('本年.json', JSON.stringify({ ...sample(), previousYear: '2022.json' })));
    expect(result.notes.join('')).toContain('“2022.json”');
    expect(checkChosen(result, sample()).notes).toEqual([]);
  });
});

describe('downloads are what the CLI writes', () => {
  it('export: Word, HTML and text as `nianbao export` (draft when errors are open)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-checker-'));
    for (const [name, report, draft] of [
      ['好.xlsx', sample(), []],
      ['有误.xlsx', mutate('table3', 'newRequests', 'total', 5), ['--draft']],
    ] as const) {
      const bytes = await workbookBytes(report);
      const workbook = await ExcelJsWorkbook.load(bytes);
      await workbook.save(path.join(dir, name));
      await cli(dir, 'export', name, ...draft, '--docx', `${name}.docx`, '--html', `${name}.html`, '--text', `${name}.txt`);
      const result = await checked(file(name, bytes));
      const html = await exportReport(result, 'html');
      const text = await exportReport(result, 'text');
      expect(html.data).toBe(readFileSync(path.join(dir, `${name}.html`), 'utf8'));
      expect(text.data).toBe(readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
      const docx = await exportReport(result, 'docx');
      expect(docx.fileName).toBe(`海原县西安镇人民政府2023年政府信息公开工作年度报告${draft.length ? '（草稿）' : ''}.docx`);
      const ours = await JSZip.loadAsync(docx.data as Uint8Array);
      const theirs = await JSZip.loadAsync(readFileSync(path.join(dir, `${name}.docx`)));
      expect(Object.keys(ours.files).sort()).toEqual(Object.keys(theirs.files).sort());
      for (const entry of Object.keys(theirs.files).filter((f) => !f.endsWith('/') && f !== 'docProps/core.xml')) {
        expect([entry, await ours.file(entry)!.async('string')]).toEqual([entry, await theirs.file(entry)!.async('string')]);
      }
      expect(await ours.file('word/document.xml')!.async('string')).toMatch(draft.length ? /草稿/ : /政府信息公开工作年度报告/);
    }
  });

  it('merge: the summed workbook as `nianbao merge`; template: the workbook of `nianbao init`', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-checker-'));
    const a = sample();
    const b = mutate('table3', 'granted', 'naturalPerson', 2, mutate('table3', 'newRequests', 'naturalPerson', 2, mutate('table3', 'newRequests', 'total', 2)));
    b.table3!.granted!.total = 2;
    b.table3!.resultTotal = { ...b.table3!.resultTotal, naturalPerson: 2, total: 2 };
    b.agency = '某县某局';
    const files: CheckedFile[] = [];
    for (const [name, report] of [['a.xlsx', a], ['b.xlsx', b]] as const) {
      const bytes = await workbookBytes(report);
      await (await ExcelJsWorkbook.load(bytes)).save(path.join(dir, name));
      files.push(await checked(file(name, bytes)));
    }
    expect(files.map((f) => f.counts.error)).toEqual([0, 0]);
    expect(await cli(dir, 'merge', 'a.xlsx', 'b.xlsx', '-o', 'm.xlsx', '--agency', '某县')).toBe(0);
    const merged = await mergeWorkbook(files, '某县');
    const ours = await (await ExcelJsWorkbook.load(merged.data as Uint8Array)).snapshot();
    const theirs = await (await ExcelJsWorkbook.load(readFileSync(path.join(dir, 'm.xlsx')))).snapshot();
    expect(ours).toEqual(theirs);
    const total = ours.sheets.find((s) => s.name === '表三');
    expect(total).toBeDefined();
    expect((await readReportFile(file('m.xlsx', merged.data as Uint8Array))).report.table3!.newRequests!.total).toBe(3);

    expect(await cli(dir, 'init', '-o', 'blank.xlsx')).toBe(0);
    const blank = await blankTemplate();
    expect(await (await ExcelJsWorkbook.load(blank.data as Uint8Array)).snapshot()).toEqual(await (await ExcelJsWorkbook.load(readFileSync(path.join(dir, 'blank.xlsx')))).snapshot());
  });

  it('merge needs two readable files', async () => {
    const one = await checked(file('a.json', JSON.stringify(sample())));
    const bad = await checked(file('b.xlsx', 'x'));
    await expect(mergeWorkbook([one, bad])).rejects.toThrow('汇总至少需要两个能读取的文件');
  });
});

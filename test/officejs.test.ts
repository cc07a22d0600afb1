/**
 * The Office.js backend against the fake Excel host: the same layout as `nianbao init`, reads in
 * one sync, marks that come off exactly, and a fixed number of syncs per action.
 */
import { checkReport, type ReportData } from '../src/report';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { MARKS_SHEET, MARK_COLORS, OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, readReport } from '../src/workbook/port';
import { conflictsOf } from '../src/workbook/repair';
import { createFakeHost, FakeWorkbookModel, type FakeHost } from './fake-excel';
import { brief, sample } from './helpers';

function fake(apiVersion = '1.18'): { host: FakeHost; model: FakeWorkbookModel; port: OfficeJsWorkbook } {
  const host = createFakeHost(new FakeWorkbookModel(), apiVersion);
  return { host, model: host.model, port: new OfficeJsWorkbook(host as unknown as OfficeHost) };
}

/** Run `action` and return its result with the number of syncs it made. */
async function counted<T>(model: FakeWorkbookModel, action: () => Promise<T>): Promise<{ result: T; syncs: number }> {
  const before = model.syncCount;
  const result = await action();
  return { result, syncs: model.syncCount - before };
}

function tables(report: ReportData) {
  return { table2: report.table2, table3: report.table3, table4: report.table4 };
}

/** Every cell value of every sheet, for before/after comparisons. */
function allValues(model: FakeWorkbookModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sheet of model.sheets) for (const [key, cell] of sheet.cells) out[`${sheet.name}!${key}`] = cell.value;
  return out;
}

function allFills(model: FakeWorkbookModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sheet of model.sheets) for (const [key, cell] of sheet.cells) out[`${sheet.name}!${key}`] = cell.format.fill;
  return out;
}

describe('创建模板 (layout) on the fake host', () => {
  it('lays out an empty workbook in 3 syncs once the pane knows the sheets: one read, one write, one for print setup', async () => {
    const { model, port } = fake();
    expect(await counted(model, () => port.survey())).toEqual({ syncs: 1, result: { sheets: [], named: false, empty: true } });
    const { syncs, result } = await counted(model, () => applyPlan(port, buildPlan()));
    expect(syncs).toBe(3);
    expect(result.skipped).toEqual([]);
    expect(model.sheets.map((s) => s.name)).toEqual(['基本信息', '表二', '表三', '表四', '正文', '数据', '上年数据']);
    expect(model.names.get('table3.newrequests.total')!.formula).toBe('=表三!$J$7');
    expect(model.valueAt('表三', 'A4')).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    expect(model.sheet('表三')!.merges).toContainEqual({ r1: 9, c1: 1, r2: 30, c2: 1 });
    expect(model.sheet('表三')!.get(7, 4)!.validation).toMatchObject({ rule: { wholeNumber: { formula1: 0, operator: 'GreaterThanOrEqualTo' } } });
    expect(model.sheet('表四')!.pageLayout).toMatchObject({ orientation: 'Landscape', paperSize: 'A4' });
  });

  it('a port that has read nothing yet lists the sheets first: one sync more', async () => {
    const { model, port } = fake();
    expect((await counted(model, () => applyPlan(port, buildPlan()))).syncs).toBe(4);
  });

  it('keeps the layout when the host refuses the print setup, and says so', async () => {
    const { model, port } = fake();
    model.refusedPageLayout = ['zoom'];
    const repair = await port.prepareLayout(buildPlan(sample()));
    expect(await port.applyLayout(repair, { overwrite: false })).toEqual({ print: 'refused' });
    expect(model.sheets.map((s) => s.name)).toContain('表三');
    expect(model.names.size).toBeGreaterThan(200);
    expect(model.sheet('表四')!.pageLayout).not.toHaveProperty('zoom');
  });

  it('says print setup is not possible before ExcelApi 1.9, and done where it is', async () => {
    const old = fake('1.8');
    expect(await old.port.applyLayout(await old.port.prepareLayout(buildPlan()), { overwrite: false })).toEqual({ print: 'unsupported' });
    const now = fake();
    expect(await now.port.applyLayout(await now.port.prepareLayout(buildPlan()), { overwrite: false })).toEqual({ print: 'done' });
  });

  it('makes the same workbook as nianbao init: same values, same names', async () => {
    const { port } = fake();
    await applyPlan(port, buildPlan(sample()));
    const excel = new ExcelJsWorkbook();
    await applyPlan(excel, buildPlan(sample()));
    const [a, b] = [await port.snapshot(), await excel.snapshot()];
    const normalise = (snapshot: typeof a) => ({
      sheets: snapshot.sheets.map((s) => ({ name: s.name, values: s.values.map((row) => row.map((v) => v ?? null)).map((row) => { while (row.length && row[row.length - 1] === null) row.pop(); return row; }) })),
      names: snapshot.names.map((n) => ({ name: n.name, reference: n.reference.replace(/^=/, '').replace(/^'([^']+)'!/, '$1!') })).sort((x, y) => x.name.localeCompare(y.name)),
    });
    expect(normalise(a)).toEqual(normalise(b));
  });

  it('keeps every value typed and asks before replacing a label typed over', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    model.type('表三', 'D7', 5);
    model.type('表三', 'C11', '我改的标签');
    model.type('表二', 'B6', '/');
    const before = allValues(model);
    const repair = await port.prepareLayout(buildPlan());
    expect(conflictsOf(repair)).toEqual([{ sheet: '表三', address: 'C11', current: '我改的标签', planned: '1.属于国家秘密' }]);
    await port.applyLayout(repair, { overwrite: false });
    expect(allValues(model)).toEqual(before);
    await applyPlan(port, buildPlan(), true);
    expect(allValues(model)).toEqual({ ...before, '表三!11,3': '1.属于国家秘密' });
  });

  it('leaves a sheet whose rows were moved alone, and says why', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    model.insertRows('表三', 3, 2);
    const before = allValues(model);
    const repair = await applyPlan(port, buildPlan(), true);
    expect(repair.skipped.map((s) => s.sheet)).toEqual(['表三']);
    expect(repair.skipped[0].reason).toContain('表格位置已改动');
    expect(allValues(model)).toEqual(before);
    const read = await readReport(port);
    expect(read.addresses.get('table3.newRequests.total')).toBe('表三!J9');
    expect(tables(read.report)).toEqual(tables(sample()));
  });

  it('rebuilds a deleted sheet and re-points its #REF! names', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    model.deleteSheet('表四');
    expect(model.names.get('table4.review.total')!.formula).toBe('=#REF!$E$7');
    const broken = await readReport(port);
    expect(brief(broken.issues)).toEqual(['WORKBOOK_STRUCTURE error table4 - -']);
    await applyPlan(port, buildPlan());
    expect(model.names.get('table4.review.total')!.formula).toBe('=表四!$E$7');
    expect((await readReport(port)).issues).toEqual([]);
  });

  it('works on Excel without ExcelApi 1.8/1.9: no validation or page setup, nothing else lost', async () => {
    const { model, port } = fake('1.7');
    expect(port.capabilities).toEqual({ core: true, validation: false, modern: false, multiSelect: false });
    await applyPlan(port, buildPlan(sample()));
    expect(model.sheet('表三')!.get(7, 4)!.validation).toBeNull();
    expect(tables((await readReport(port)).report)).toEqual(tables(sample()));
  });
});

describe('校验 (validate) on the fake host', () => {
  it('reads the whole report in one sync and finds typed mistakes at their cells', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    model.type('表三', 'J7', 5); // 一、本年新收 总计
    model.type('表三', 'E10', '/'); // （二）部分公开 商业企业
    model.type('表四', 'C7', -1); // 行政复议 其他结果
    const { result: read, syncs } = await counted(model, () => readReport(port));
    expect(syncs).toBe(1);
    const issues = checkReport(read.report, { addresses: read.addresses, paragraphCells: read.paragraphCells });
    expect(issues.map((i) => `${i.rule} ${i.cells[0]}`)).toEqual(['CELL_VALUE 表三!E10', 'T3_ROW_TOTAL 表三!D7', 'T3_BALANCE 表三!J7', 'CELL_VALUE 表四!C7']);
  });

  it('reads dates, booleans and text-formatted numbers as Excel shows them', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    model.type('表三', 'D8', 45292);
    model.sheet('表三')!.get(8, 4)!.numberFormat = 'yyyy-mm-dd';
    model.type('表三', 'E8', true);
    model.type('表三', 'F8', '0');
    const read = await readReport(port);
    expect(read.report.table3!.carriedOver).toMatchObject({ naturalPerson: '2024-01-01', commercial: 'TRUE', research: '0' });
  });

  it('reads names that point into a renamed sheet with a second sync', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    const sheet = model.sheet('表四')!;
    sheet.name = '复议诉讼';
    for (const n of model.names.values()) n.formula = n.formula.replace('=表四!', '=复议诉讼!');
    // The first read after the rename finds 表四 gone (ItemNotFound), lists the sheets and reads again.
    const first = await counted(model, () => readReport(port));
    expect(first.syncs).toBe(4);
    const { result: read, syncs } = await counted(model, () => readReport(port));
    expect(syncs).toBe(2);
    expect(read.addresses.get('table4.review.total')).toBe('复议诉讼!E7');
    expect(read.issues).toEqual([]);
    expect(first.result.report).toEqual(read.report);
  });
});

describe('marks', () => {
  async function flawed() {
    const f = fake();
    await applyPlan(f.port, buildPlan(sample()));
    f.model.type('表三', 'J7', 5);
    f.model.type('表四', 'C7', '/');
    f.model.sheet('表四')!.get(7, 3)!.format.fill = '#00FF00'; // the user's own colour
    f.model.sheet('表三')!.get(7, 4)!.format.fill = null; // and a cell with no fill at all
    const read = await readReport(f.port);
    const issues = checkReport(read.report, { addresses: read.addresses, paragraphCells: read.paragraphCells });
    return { ...f, issues };
  }

  it('fills the cells of each issue by severity in 2 syncs, whatever the number of issues', async () => {
    const { model, port, issues } = await flawed();
    const { syncs, result } = await counted(model, () => port.mark(issues));
    expect(syncs).toBe(2);
    expect(result.marked).toBe(issues.flatMap((i) => i.cells).filter((c, i, all) => all.indexOf(c) === i).length);
    expect(model.fillAt('表三', 'J7')).toBe(MARK_COLORS.error);
    expect(model.fillAt('表四', 'C7')).toBe(MARK_COLORS.error);
    expect(model.sheet(MARKS_SHEET)!.visibility).toBe('VeryHidden');

    // Every cell wrong: the same two syncs.
    const blank = fake();
    await applyPlan(blank.port, buildPlan());
    const read = await readReport(blank.port);
    const many = checkReport(read.report, { addresses: read.addresses });
    expect(many.length).toBeGreaterThan(200);
    expect((await counted(blank.model, () => blank.port.mark(many))).syncs).toBe(2);
  });

  it('清除标记 restores every original fill exactly — including none and the user\'s own — in 2 syncs', async () => {
    const { model, port, issues } = await flawed();
    const before = allFills(model);
    await port.mark(issues);
    await port.mark(issues.slice(0, 1)); // marking again keeps the first originals
    const { syncs, result } = await counted(model, () => port.clearMarks());
    expect(syncs).toBe(2);
    expect(result).toBeGreaterThan(0);
    expect(model.sheet(MARKS_SHEET)).toBeUndefined();
    expect(allFills(model)).toEqual(before);
  });

  it('marking again unmarks the cells that are right now', async () => {
    const { model, port, issues } = await flawed();
    const before = allFills(model);
    await port.mark(issues);
    await port.mark([]);
    expect(allFills(model)).toEqual(before);
  });

  it('restores exactly on Excel before ExcelApi 1.9 too (white reads as no fill)', async () => {
    const f = fake('1.8');
    await applyPlan(f.port, buildPlan(sample()));
    f.model.type('表三', 'J7', 5);
    const before = allFills(f.model);
    const read = await readReport(f.port);
    await f.port.mark(checkReport(read.report, { addresses: read.addresses }));
    expect(f.model.fillAt('表三', 'J7')).toBe(MARK_COLORS.error);
    await f.port.clearMarks();
    expect(allFills(f.model)).toEqual(before);
  });
});

describe('select and the 报告 sheet', () => {
  it('selects an issue\'s cells in one sync (all areas on ExcelApi 1.9, the first before)', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    const { syncs } = await counted(model, () => port.select(['表三!J7', '表三!J8']));
    expect(syncs).toBe(1);
    expect(model.selection).toEqual({ sheet: '表三', address: 'J7,J8' });
    const old = fake('1.7');
    await applyPlan(old.port, buildPlan(sample()));
    await old.port.select(['表三!J7', '表三!J8']);
    expect(old.model.selection).toEqual({ sheet: '表三', address: 'J7' });
  });

  it('writes the report text to its own sheet, asking before replacing one that holds something', async () => {
    const { model, port } = fake();
    await applyPlan(port, buildPlan(sample()));
    const tablesBefore = JSON.stringify(allValues(model));
    expect(await port.writeSheetText('报告', [['标题'], ['一、总体情况'], ['规章', '0', '0', '0']], { replace: false })).toBe(true);
    expect(model.valueAt('报告', 'A1')).toBe('标题');
    expect(model.valueAt('报告', 'B3')).toBe('0');
    model.type('报告', 'A1', '我写的');
    expect(await port.writeSheetText('报告', [['新的']], { replace: false })).toBe(false);
    expect(model.valueAt('报告', 'A1')).toBe('我写的');
    expect(await port.writeSheetText('报告', [['新的']], { replace: true })).toBe(true);
    expect(model.valueAt('报告', 'A1')).toBe('新的');
    const after = allValues(model);
    for (const key of Object.keys(after).filter((k) => !k.startsWith('报告!'))) expect(JSON.stringify({ [key]: after[key] })).toBe(JSON.stringify({ [key]: JSON.parse(tablesBefore)[key] }));
  });
});

describe('the fake host keeps Office.js semantics', () => {
  it('writes format properties to every cell and reads their common value once loaded', async () => {
    const { host, model } = fake();
    model.addSheet('S');
    await host.run(async (context) => {
      const range = context.workbook.worksheets.getItem('S').getRange('A1:B2');
      range.format.font.bold = true;
      range.format.horizontalAlignment = 'Center';
      context.workbook.worksheets.getItem('S').getRange('B2').format.font.size = 16;
      const font = range.format.font.load('bold,size');
      const format = range.format.load('horizontalAlignment');
      expect(() => font.bold).toThrow(/PropertyNotLoaded|not available/);
      await context.sync();
      expect([font.bold, font.size, format.horizontalAlignment]).toEqual([true, null, 'Center']);
    });
    expect(model.sheet('S')!.get(1, 1)!.format.fontBold).toBe(true);
  });

  it('throws on reading a property that was not loaded and synced, and on getItem of a missing sheet', async () => {
    const { host } = fake();
    await host.run(async (context) => {
      const sheets = context.workbook.worksheets.load('items/name');
      expect(() => sheets.items).toThrow(/PropertyNotLoaded|not available/);
      await context.sync();
      expect(sheets.items).toEqual([]);
      context.workbook.worksheets.getItem('没有');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
      const maybe = context.workbook.worksheets.getItemOrNullObject('没有');
      // eslint-disable-next-line office-addins/call-sync-before-read -- reading too early must throw
      expect(() => maybe.isNullObject).toThrow();
      await context.sync();
      expect(maybe.isNullObject).toBe(true);
    });
  });
});

describe('创建模板 next to the user\'s own tables', () => {
  it('leaves a same-named sheet that nianbao did not make alone, and says so', async () => {
    const { model, port } = fake();
    const own = model.addSheet('表三');
    own.cell(1, 1).value = '我们县自己的表三';
    own.cell(5, 4).value = 12;
    const before = JSON.stringify([...own.cells]);
    const repair = await applyPlan(port, buildPlan(), true);
    expect(repair.skipped.map((s) => s.sheet)).toEqual(['表三']);
    expect(repair.skipped[0].reason).toContain('不是本模板创建的');
    expect(JSON.stringify([...model.sheet('表三')!.cells])).toBe(before);
    expect(model.sheet('表二')).toBeDefined();
  });

  it('lays out an empty sheet of that name', async () => {
    const { model, port } = fake();
    model.addSheet('表三');
    const repair = await applyPlan(port, buildPlan());
    expect(repair.skipped).toEqual([]);
    expect(model.valueAt('表三', 'A7')).toBe('一、本年新收政府信息公开申请数量');
  });
});

/**
 * Large workbooks in the pane, on the fake host with Excel's documented limits (five million
 * cells a get, 5 MB a payload): the reads are windowed, so a 300,000-cell data sheet and names
 * over whole columns are checked without a host error.
 */
import { buildPlan } from '../../src/workbook/layout';
import { OfficeJsWorkbook, READ_WINDOW, type OfficeHost } from '../../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../../src/workbook/port';
import { TaskpaneController } from '../../src/taskpane/controller';
import { PAYLOAD_LIMIT_BYTES } from '../fake-excel/documented';
import { createFakeHost, FakeWorkbookModel } from '../fake-excel';
import { recordingDeliveries, sample } from '../helpers';
import { styles } from '../corpus/styles';

/** 30,000 rows × 10 columns of numbers and text from (row, col): 300,000 cells. */
function fill300k(model: FakeWorkbookModel, sheetName: string, col = 1): void {
  const sheet = model.sheet(sheetName) ?? model.addSheet(sheetName);
  for (let r = 1; r <= 30_000; r++) for (let c = 0; c < 10; c++) sheet.cell(r, col + c).value = c % 2 === 0 ? r * 10 + c : `明细第${r}行`;
}

async function pane(model: FakeWorkbookModel) {
  const host = createFakeHost(model);
  const controller = new TaskpaneController(new OfficeJsWorkbook(host as unknown as OfficeHost), async () => false, recordingDeliveries().deliveries);
  await controller.start();
  return controller;
}

describe('large workbooks in the pane (fake host with limits)', () => {
  it('a nianbao workbook with a 300,000-cell data sheet of its own and one on 数据 validates without a host error', async () => {
    const model = new FakeWorkbookModel();
    await applyPlan(new OfficeJsWorkbook(createFakeHost(model) as unknown as OfficeHost), buildPlan(sample()));
    fill300k(model, '明细');
    fill300k(model, '数据', 11); // columns K:T, beside the values list
    model.largestPayload = 0;
    const controller = await pane(model);
    const view = await controller.validate();
    expect(view.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(model.largestPayload).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    // What lies beyond the window of a sheet the report is read from is said, not silently dropped.
    expect(view.issues.filter((i) => i.rule === 'WORKBOOK_STRUCTURE').map((i) => i.message)).toEqual([
      '工作表“数据”用到了 30000 行、20 列，只读取了前 1000 行、前 60 列：超出部分的表格、正文段落和正文数据没有读取。请把年报内容放在工作表的左上部分',
    ]);
  });

  it('names over whole columns and over a whole sheet are read without a host error', async () => {
    const model = new FakeWorkbookModel();
    await applyPlan(new OfficeJsWorkbook(createFakeHost(model) as unknown as OfficeHost), buildPlan(sample()));
    fill300k(model, '明细');
    model.names.set('明细列', { name: '明细列', formula: '=明细!$A:$A', comment: '', visible: true });
    model.names.set('整表', { name: '整表', formula: '=明细!$A$1:$XFD$1048576', comment: '', visible: true });
    model.names.set('合计', { name: '合计', formula: '=明细!$B$1', comment: '', visible: true });
    const controller = await pane(model);
    const view = await controller.validate();
    expect(view.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(model.largestPayload).toBeLessThan(PAYLOAD_LIMIT_BYTES);
  });

  it('a workbook without names: the tables are found in a 300,000-cell sheet, read through its window', async () => {
    const model = new FakeWorkbookModel();
    const style = styles(sample())[1];
    for (const sheet of style.sheets) {
      const s = model.addSheet(sheet.name);
      sheet.rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && v !== '' && (s.cell(r + 1, c + 1).value = v as never)));
    }
    fill300k(model, style.sheets[0].name, 30); // far to the right of the tables, and 30,000 rows down
    const port = new OfficeJsWorkbook(createFakeHost(model) as unknown as OfficeHost);
    await port.survey();
    const read = await readReport(port);
    expect(read.recognized!.cells.size).toBe(200);
    // The tables are all there and right (this layout has no narrative: that is its only error).
    expect(checkRead(read).filter((i) => i.severity === 'error' && i.table !== 'narrative' && i.table !== 'report')).toEqual([]);
    expect(read.report.table3).toEqual(sample().table3);
    expect(model.largestPayload).toBeLessThan(PAYLOAD_LIMIT_BYTES);
  });

  it('a named cell beyond the read window (rows inserted by the thousand) is still read, with one sync more', async () => {
    const model = new FakeWorkbookModel();
    await applyPlan(new OfficeJsWorkbook(createFakeHost(model) as unknown as OfficeHost), buildPlan(sample()));
    model.insertRows('表四', 1, READ_WINDOW.rows + 5);
    const port = new OfficeJsWorkbook(createFakeHost(model) as unknown as OfficeHost);
    await port.survey();
    const before = model.syncCount;
    const read = await readReport(port);
    expect(model.syncCount - before).toBe(2);
    expect(read.report.table4).toEqual(sample().table4);
    expect(read.addresses.get('table4.review.total')).toBe(`表四!E${7 + READ_WINDOW.rows + 5}`);
  });
});

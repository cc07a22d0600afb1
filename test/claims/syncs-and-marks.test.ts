/**
 * README claims on the Office.js side, asserted on the fake Excel host:
 * - the sync table's export row: 导出 is 1 sync (read and check), writing the 报告 sheet adds 2,
 *   whatever the number of cells and issues;
 * - 清除标记 restores the original fills after the workbook was closed and opened again (a new
 *   OfficeJsWorkbook on the same workbook model: nothing is remembered but what is in the file).
 */
import { checkReport } from '../../src/report';
import { buildPlan } from '../../src/workbook/layout';
import { MARKS_SHEET, MARK_COLORS, OfficeJsWorkbook, type OfficeHost } from '../../src/workbook/officejs';
import { applyPlan, readReport } from '../../src/workbook/port';
import { REPORT_SHEET, TaskpaneController } from '../../src/taskpane/controller';
import { createFakeHost, FakeWorkbookModel } from '../fake-excel';
import { recordingDeliveries, sample } from '../helpers';

/** The workbook opened in a task pane: a fresh host and port over the workbook model. */
function open(model: FakeWorkbookModel, answer = true) {
  const host = createFakeHost(model, '1.12');
  const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
  const controller = new TaskpaneController(port, async () => answer, recordingDeliveries().deliveries);
  return { port, controller };
}

async function syncsOf(model: FakeWorkbookModel, action: () => Promise<unknown>): Promise<number> {
  const before = model.syncCount;
  await action();
  return model.syncCount - before;
}

/** The sample laid out; `wrong` makes every input cell of Table 3 and 4 a slash (hundreds of issues). */
async function workbook(wrong = false): Promise<FakeWorkbookModel> {
  const model = new FakeWorkbookModel();
  const { port } = open(model);
  await applyPlan(port, buildPlan(sample()));
  if (wrong) {
    for (const sheet of ['表三', '表四']) {
      for (const cell of model.sheet(sheet)!.cells.values()) if (typeof cell.value === 'number') cell.value = '/';
    }
  }
  return model;
}

describe('sync counts of 导出 (README table: 1; writing the 报告 sheet +2)', () => {
  it.each([
    ['the clean sample', false],
    ['a workbook where every number is wrong', true],
  ])('%s: each export is 1 sync, the 报告 sheet 1 + 2', async (_name, wrong) => {
    const model = await workbook(wrong);
    const { controller } = open(model);
    const issues = (await controller.check()).issues.length;
    expect(issues > 100).toBe(wrong);
    expect(await syncsOf(model, () => controller.exportWord())).toBe(1);
    expect(await syncsOf(model, () => controller.exportHtmlFile())).toBe(1);
    expect(await syncsOf(model, () => controller.copyReport())).toBe(1);
    expect(await syncsOf(model, () => controller.writeReportSheet())).toBe(1 + 2);
    expect(model.sheet(REPORT_SHEET)).toBeDefined();
  });

  it('answering “no” to the draft question costs no write sync', async () => {
    const model = await workbook(true);
    const { controller } = open(model, false);
    expect(await syncsOf(model, () => controller.writeReportSheet())).toBe(1);
    expect(model.sheet(REPORT_SHEET)).toBeUndefined();
  });
});

describe('marks survive closing and reopening the workbook', () => {
  async function marked() {
    const model = await workbook();
    model.type('表三', 'J7', 5); // an error on a filled input cell
    model.type('表四', 'C7', '/');
    model.sheet('表四')!.get(7, 3)!.format.fill = '#00FF00'; // the user's own colour
    model.sheet('表三')!.get(7, 10)!.format.fill = null; // no fill at all
    const fills = () => ({
      J7: model.fillAt('表三', 'J7'),
      D7: model.fillAt('表三', 'D7'),
      C7: model.fillAt('表四', 'C7'),
      B6: model.fillAt('表二', 'B6'),
    });
    const before = fills();
    const first = open(model);
    const view = await first.controller.validate();
    expect(view.issues.length).toBeGreaterThan(0);
    expect(model.fillAt('表三', 'J7')).toBe(MARK_COLORS.error);
    expect(model.fillAt('表四', 'C7')).toBe(MARK_COLORS.error);
    expect(model.sheet(MARKS_SHEET)!.visibility).toBe('VeryHidden');
    return { model, fills, before };
  }

  it('清除标记 in a new session restores each original fill (none, the user\'s own, the template\'s)', async () => {
    const { model, fills, before } = await marked();
    const reopened = open(model); // the pane of a new session: a new port, same workbook
    const notice = await reopened.controller.clearMarks();
    expect(notice.text).toMatch(/^已清除 \d+ 个单元格的标记/);
    expect(fills()).toEqual(before);
    expect(before.J7).toBeNull();
    expect(before.C7).toBe('#00FF00');
    expect(model.sheet(MARKS_SHEET)).toBeUndefined();
  });

  it('校验 in a new session gives a corrected cell its own fill back', async () => {
    const { model, fills, before } = await marked();
    model.type('表四', 'C7', 0);
    const reopened = open(model);
    const read = await readReport(reopened.port);
    const issues = checkReport(read.report, { addresses: read.addresses, paragraphCells: read.paragraphCells });
    expect(issues.some((i) => i.cells.includes('表四!C7'))).toBe(false);
    await reopened.port.mark(issues);
    expect(fills().C7).toBe('#00FF00');
    expect(fills().J7).toBe(MARK_COLORS.error);
    await reopened.port.clearMarks();
    expect(fills()).toEqual(before);
  });
});

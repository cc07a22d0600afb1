/**
 * README: “所有按钮在全部回答‘否’时，工作簿中每个值都不变”. Each button that asks is driven through
 * the controller on the fake Excel host and answered “no”; every cell (value, formula, number
 * format, format including fill), every merge, every sheet and every name is compared before
 * and after, and no new workbook is opened or downloaded.
 */
import { buildPlan } from '../../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../../src/workbook/officejs';
import { applyPlan } from '../../src/workbook/port';
import { TaskpaneController, type PickedFile, type Question } from '../../src/taskpane/controller';
import { createFakeHost, FakeWorkbookModel, type FakeHost } from '../fake-excel';
import { styles } from '../corpus/styles';
import { recordingDeliveries, sample } from '../helpers';

/**
 * Everything a user could see change in the workbook, one entry per sheet, cell and name.
 * Cells never touched (all defaults) are left out.
 */
function state(model: FakeWorkbookModel): Record<string, string> {
  const blank = JSON.stringify(new FakeWorkbookModel().addSheet('x').cell(1, 1));
  const out: Record<string, string> = {};
  for (const sheet of model.sheets) {
    out[`sheet ${sheet.name}`] = JSON.stringify({ visibility: sheet.visibility, merges: sheet.merges });
    for (const [key, cell] of sheet.cells) {
      if (JSON.stringify(cell) === blank) continue;
      out[`cell ${sheet.name}!${key}`] = JSON.stringify([cell.value, cell.formula, cell.numberFormat, cell.format, cell.validation]);
    }
  }
  for (const n of model.names.values()) out[`name ${n.name}`] = JSON.stringify([n.formula, n.visible]);
  return out;
}

/** The entries that differ, so that a failure names the cells. */
function changes(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k] ?? '(none)'} → ${after[k] ?? '(none)'}`);
}

interface Pane {
  host: FakeHost;
  model: FakeWorkbookModel;
  controller: TaskpaneController;
  questions: Question[];
  deliveries: string[];
}

/** A pane whose every question is answered “no”. */
function pane(model: FakeWorkbookModel = new FakeWorkbookModel()): Pane {
  const host = createFakeHost(model, '1.12');
  const questions: Question[] = [];
  const deliveries: string[] = [];
  const controller = new TaskpaneController(
    new OfficeJsWorkbook(host as unknown as OfficeHost),
    async (q) => (questions.push(q), false),
    { downloads: true, download: async (name) => void deliveries.push(`download ${name}`), copy: () => (deliveries.push('copy'), true) },
  );
  return { host, model: host.model, controller, questions, deliveries };
}

/** The sample laid out, with what a user adds: a formula, a number format, fills, a note, a sheet of their own. */
async function filledPane(): Promise<Pane> {
  const p = pane();
  await applyPlan(p.controller.port, buildPlan(sample()));
  const m = p.model;
  m.typeFormula('表三', 'J8', 'SUM(D8:I8)', 0);
  m.setNumberFormat('表二', 'B6', '0.00');
  m.sheet('表三')!.cell(3, 12).format.fill = '#00B050';
  m.type('表三', 'L3', '我的批注');
  m.addSheet('我的备注').cell(1, 1).value = '去年的数字：3';
  m.sheet('我的备注')!.cell(1, 1).format.fill = '#FFC000';
  return p;
}

const jsonFile = (name: string, report: unknown): PickedFile => ({ name, bytes: new TextEncoder().encode(JSON.stringify(report)) });

function lastYear(carried = 2) {
  const last = sample();
  last.year = 2022;
  last.table3!.carriedForward = { ...last.table3!.carriedForward!, naturalPerson: carried, total: carried };
  return last;
}

/** Run `action` answering “no”: it asked `title`, and nothing in the workbook or outside it changed. */
async function expectNoChange(p: Pane, title: string, action: () => Promise<unknown>): Promise<void> {
  const before = state(p.model);
  const asked = p.questions.length;
  expect(await action()).toBeNull();
  expect(p.questions.slice(asked).map((q) => q.title)).toEqual([title]);
  expect(changes(before, state(p.model))).toEqual([]);
  expect(p.host.created).toEqual([]);
  expect(p.deliveries).toEqual([]);
}

describe('answering “no” changes nothing', () => {
  it('导入上年数据, when the 上年数据 sheet already holds figures', async () => {
    const p = await filledPane();
    p.controller = new TaskpaneController(p.controller.port, async () => true, recordingDeliveries().deliveries);
    await p.controller.importPrevious(jsonFile('2022.json', lastYear(2)));
    const again = pane(p.model);
    await expectNoChange(again, '“上年数据”工作表已有内容', () => again.controller.importPrevious(jsonFile('2022-改.json', lastYear(5))));
  });

  it('导入上年数据, when only one cell of 上年数据 was typed (the blank ones are not filled either)', async () => {
    const p = await filledPane();
    p.model.type('上年数据', 'B11', 2021);
    await expectNoChange(p, '“上年数据”工作表已有内容', () => p.controller.importPrevious(jsonFile('2022.json', lastYear())));
  });

  it('识别现有表格, on a workbook laid out by someone else', async () => {
    const p = pane();
    const style = styles(sample())[0];
    for (const s of style.sheets) {
      const sheet = p.model.addSheet(s.name);
      s.rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && (sheet.cell(r + 1, c + 1).value = v as never)));
    }
    p.model.sheets[0].cell(1, 1).format.fill = '#FFFF00';
    await expectNoChange(p, '识别现有表格', () => p.controller.adopt());
    expect(p.model.names.size).toBe(0);
  });

  it('改用占位符, on a number typed in the narrative', async () => {
    const p = await filledPane();
    p.model.type('正文', 'A11', '2023 年共收到政府信息公开申请 5 件，均已按时答复。');
    const { issues } = await p.controller.check();
    const issue = issues.find((i) => i.fix)!;
    expect(issue.fix!.cell).toBe('正文!A11');
    await expectNoChange(p, '改用占位符', () => p.controller.applyFix(issue));
  });

  it('汇总各单位, when a unit has errors', async () => {
    const p = await filledPane();
    const flawed = sample();
    flawed.agency = '乙镇';
    flawed.table3!.newRequests!.total = 99;
    await expectNoChange(p, '有单位的报告有错误', () => p.controller.mergeUnits([jsonFile('a.json', sample()), jsonFile('b.json', flawed)]));
  });

  it('转换为 2021 年格式, on a 2019-format workbook', async () => {
    const p = pane();
    const sheet = p.model.addSheet('主动公开');
    [['第二十条第（一）项'], ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], ['规章', 1, 1, 5]].forEach((row, r) =>
      row.forEach((v, c) => (sheet.cell(r + 1, c + 1).value = v)),
    );
    const t3 = p.model.addSheet('依申请公开');
    styles(sample())[3].sheets[0].rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && (t3.cell(r + 1, c + 1).value = v as never)));
    await expectNoChange(p, '转换为 2021 年格式', () => p.controller.convertOld());
  });

  it('创建模板 (labels typed over), 导出 with errors and 写入“报告”工作表 with content', async () => {
    const p = await filledPane();
    p.model.type('表三', 'C11', '改过的标签');
    p.model.type('表三', 'J7', 9);
    // 创建模板 answered “保留”: every value and formula stays (it may restore the template's formats).
    const values = (m: FakeWorkbookModel) =>
      Object.fromEntries(Object.entries(state(m)).filter(([k]) => k.startsWith('cell ')).map(([k, v]) => [k, JSON.stringify((JSON.parse(v) as unknown[]).slice(0, 2))]));
    const before = values(p.model);
    await p.controller.createTemplate();
    expect(changes(before, values(p.model))).toEqual([]);
    // Nor does it give the user's numbers on 数据 a text format (a number retyped there would become text).
    const numbersAsText = [...p.model.sheet('数据')!.cells].filter(([, c]) => typeof c.value === 'number' && c.numberFormat === '@').map(([k]) => k);
    expect(numbersAsText).toEqual([]);
    await expectNoChange(p, '报告还有错误', () => p.controller.exportWord());
    await expectNoChange(p, '报告还有错误', () => p.controller.exportHtmlFile());
    await expectNoChange(p, '报告还有错误', () => p.controller.copyReport());
    await expectNoChange(p, '报告还有错误', () => p.controller.writeReportSheet());
    p.model.addSheet('报告').cell(1, 1).value = '我自己写的报告';
    p.model.type('表三', 'J7', 1);
    p.model.type('表三', 'C11', '1.属于国家秘密');
    await expectNoChange(p, '“报告”工作表已有内容', () => p.controller.writeReportSheet());
    expect(p.questions.map((q) => q.title)).toContain('有单元格与模板不同');
  });
});

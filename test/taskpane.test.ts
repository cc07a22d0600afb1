/**
 * The task pane's actions (controller.ts) on the fake host: confirmations asked where the user's
 * data is at stake, issues grouped for the view, exports delivered, sync counts per action.
 */
import JSZip from 'jszip';
import { buildPlan } from '../src/workbook/layout';
import { MARKS_SHEET, MARK_COLORS, OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan } from '../src/workbook/port';
import { TaskpaneController, describeError, groupIssues, type Question } from '../src/taskpane/controller';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import { recordingDeliveries, sample } from './helpers';

interface Setup {
  model: FakeWorkbookModel;
  controller: TaskpaneController;
  questions: Question[];
  downloads: { name: string; mime: string; data: Uint8Array | string }[];
  copies: { html: string | null; text: string }[];
  answers: boolean[];
}

function setup(apiVersion = '1.18'): Setup {
  const host = createFakeHost(new FakeWorkbookModel(), apiVersion);
  const questions: Question[] = [];
  const answers: boolean[] = [];
  const { downloads, copies, deliveries } = recordingDeliveries();
  const controller = new TaskpaneController(
    new OfficeJsWorkbook(host as unknown as OfficeHost),
    async (q) => {
      questions.push(q);
      return answers.shift() ?? false;
    },
    deliveries,
  );
  return { model: host.model, controller, questions, downloads, copies, answers };
}

async function withSample(s: Setup): Promise<void> {
  await s.controller.createTemplate();
  await applyPlan(s.controller.port, buildPlan(sample()));
}

describe('创建模板', () => {
  it('creates the sheets without asking on an empty workbook, in 3 syncs after the pane has started', async () => {
    const s = setup();
    await s.controller.start();
    const before = s.model.syncCount;
    const notice = await s.controller.createTemplate();
    expect(s.model.syncCount - before).toBe(3);
    expect(s.questions).toEqual([]);
    expect(notice).toEqual({
      kind: 'success',
      text: '已创建工作表：基本信息、表二、表三、表四、正文、数据、上年数据；请先在“基本信息”表填写机关名称和报告年度（已选中），再填表二、表三、表四和“正文”，然后点“校验”。',
    });
    // The user is taken to where they type first.
    expect(s.model.selection).toEqual({ sheet: '基本信息', address: 'B4' });
  });

  it('asks before replacing a label typed over, and keeps it when the answer is no', async () => {
    const s = setup();
    await withSample(s);
    s.model.type('表三', 'C11', '我的标签');
    s.model.type('表三', 'D11', 3);
    s.answers.push(false);
    const notice = await s.controller.createTemplate();
    expect(s.questions).toHaveLength(1);
    expect(s.questions[0].details).toEqual(['表三!C11：“我的标签” → “1.属于国家秘密”']);
    expect(notice.text).toContain('1 个与模板不同的单元格未改动');
    expect(s.model.valueAt('表三', 'C11')).toBe('我的标签');
    s.answers.push(true);
    await s.controller.createTemplate();
    expect(s.model.valueAt('表三', 'C11')).toBe('1.属于国家秘密');
    expect(s.model.valueAt('表三', 'D11')).toBe(3);
  });
});

describe('校验', () => {
  it('shows 全部通过 (no issue) on the sample, in 1 + 2 syncs', async () => {
    const s = setup();
    await withSample(s);
    const before = s.model.syncCount;
    const view = await s.controller.validate();
    expect(s.model.syncCount - before).toBe(3);
    expect(view.issues).toEqual([]);
    expect(view.groups).toEqual([]);
  });

  it('groups the issues by table, errors first, and marks their cells', async () => {
    const s = setup();
    await withSample(s);
    s.model.type('表三', 'J7', 5);
    s.model.type('表二', 'B6', '/');
    s.model.type('表二', 'B17', 500000);
    const view = await s.controller.validate();
    expect(view.groups.map((g) => [g.title, g.issues.map((i) => i.rule)])).toEqual([
      ['表二 主动公开', ['CELL_VALUE', 'T2_FEE_UNIT']],
      ['表三 依申请公开', ['T3_ROW_TOTAL', 'T3_BALANCE']],
    ]);
    expect(view.counts).toEqual({ error: 3, warning: 1, info: 0 });
    expect(s.model.fillAt('表二', 'B6')).toBe('#FFC7CE');
    expect(s.model.fillAt('表二', 'B17')).toBe('#FFEB9C');
    await s.controller.select(view.groups[1].issues[1]);
    expect(s.model.selection).toEqual({ sheet: '表三', address: 'J7,J8,J30,J31' });
  });

  it('says clearly when the workbook is not a report workbook', async () => {
    const s = setup();
    s.model.addSheet('Sheet1');
    const error = await s.controller.validate().catch((e) => e);
    expect(describeError(error)).toContain('无法识别为年报工作簿。空工作簿请先点“创建模板”');
  });

  it('groupIssues keeps table order', () => {
    const issue = (table: 'table3' | 'narrative' | 'report', severity: 'error' | 'warning') => ({ rule: 'CELL_VALUE' as const, severity, table, row: null, column: null, cells: [], expected: null, actual: null, message: '' });
    expect(groupIssues([issue('narrative', 'warning'), issue('table3', 'warning'), issue('table3', 'error'), issue('report', 'error')]).map((g) => [g.key, g.issues.map((i) => i.severity)])).toEqual([
      ['report', ['error']],
      ['table3', ['error', 'warning']],
      ['narrative', ['warning']],
    ]);
  });
});

describe('live re-checking after 校验 (Worksheet.onChanged)', () => {
  it('an edit re-checks by itself: one read sync, marks written only when they change', async () => {
    const s = setup();
    await withSample(s);
    await s.controller.start();
    expect((await s.controller.validate()).issues).toEqual([]);
    const views: string[][] = [];
    expect(await s.controller.watch((view) => views.push(view.issues.map((i) => i.rule)), undefined, 0)).toBe(true);

    let before = s.model.syncCount;
    s.model.type('表三', 'J7', 5); // the user types a wrong total
    await s.model.settle();
    await s.controller.settled();
    expect(views.at(-1)).toEqual(['T3_ROW_TOTAL', 'T3_BALANCE']);
    expect(s.model.syncCount - before).toBe(1 + 2); // read; marks changed: read fills, write
    expect(s.model.fillAt('表三', 'J7')).toBe(MARK_COLORS.error);

    before = s.model.syncCount;
    s.model.type('正文', 'A40', '本段是新加的说明。'); // no issue changes
    await s.model.settle();
    await s.controller.settled();
    expect(views).toHaveLength(2);
    expect(s.model.syncCount - before).toBe(1); // one read, no write

    s.model.type('表三', 'J7', 1); // corrected
    await s.model.settle();
    await s.controller.settled();
    expect(views.at(-1)).toEqual([]);
    expect(s.model.fillAt('表三', 'J7')).not.toBe(MARK_COLORS.error);
  });

  it('several quick edits make one re-check', async () => {
    const s = setup();
    await withSample(s);
    await s.controller.validate();
    let views = 0;
    await s.controller.watch(() => views++, undefined, 50);
    const before = s.model.syncCount;
    for (const v of [2, 3, 4, 5]) s.model.type('表三', 'J7', v);
    await s.model.settle();
    await s.controller.settled();
    expect(views).toBe(1);
    expect(s.model.syncCount - before).toBe(3);
  });

  it('where Excel cannot tell the pane of edits, watch says so (the pane then warns results may be stale)', async () => {
    const s = setup('1.6');
    expect(await s.controller.watch(() => undefined)).toBe(false);
  });
});

describe('where Excel refuses to delete a VeryHidden sheet', () => {
  it('校验 twice, 清除标记, 校验 again, 导入上年数据 and 改用占位符 all work', async () => {
    const s = setup();
    await withSample(s);
    s.model.type('表三', 'J7', 5);
    s.model.type('正文', 'A11', '2023 年共收到政府信息公开申请 7 件，均已按时答复。');
    const own = s.model.fillAt('表三', 'J7');
    const first = await s.controller.validate();
    expect(s.model.sheet(MARKS_SHEET)!.visibility).toBe('VeryHidden');
    const second = await s.controller.validate();
    expect(second.issues).toEqual(first.issues);
    expect(s.model.fillAt('表三', 'J7')).toBe(MARK_COLORS.error);
    expect((await s.controller.clearMarks()).text).toContain('已清除');
    expect(s.model.fillAt('表三', 'J7')).toBe(own);
    expect(s.model.sheet(MARKS_SHEET)).toBeUndefined();
    await s.controller.validate();
    expect(s.model.fillAt('表三', 'J7')).toBe(MARK_COLORS.error);
    const previous = sample();
    previous.year = 2022;
    expect((await s.controller.importPrevious({ name: '2022.json', bytes: new TextEncoder().encode(JSON.stringify(previous)) }))!.kind).toBe('success');
    const issue = (await s.controller.validate()).issues.find((i) => i.rule === 'NARRATIVE_NUMBER')!;
    s.answers.push(true);
    expect((await s.controller.applyFix(issue))!.kind).toBe('success');
    s.model.type('表三', 'J7', 1);
    expect((await s.controller.validate()).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(s.model.fillAt('表三', 'J7')).toBe(own);
  });
});

describe('导出报告', () => {
  it('downloads a Word file of the clean report, without a draft mark', async () => {
    const s = setup();
    await withSample(s);
    const notice = await s.controller.exportWord();
    // The pane cannot see whether the file was saved: it says the download started, never 已生成.
    expect(notice).toEqual({ kind: 'info', text: expect.stringContaining('已开始下载“海原县西安镇人民政府2023年政府信息公开工作年度报告.docx”') });
    expect(s.downloads[0].name).toBe('海原县西安镇人民政府2023年政府信息公开工作年度报告.docx');
    const zip = await JSZip.loadAsync(s.downloads[0].data as Uint8Array);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('一、总体情况');
    expect(xml).not.toContain('草稿');
  });

  it('asks before exporting a report with errors, and marks it a draft', async () => {
    const s = setup();
    await withSample(s);
    s.model.type('表三', 'J7', 5);
    expect(await s.controller.copyReport()).toBeNull();
    expect(s.questions[0].title).toBe('报告还有错误');
    expect(s.copies).toEqual([]);
    s.answers.push(true);
    const notice = await s.controller.copyReport();
    expect(notice?.kind).toBe('warning');
    expect(s.copies[0].html).toContain('草稿：校验未通过（2 个错误）');
    expect(s.copies[0].text.startsWith('【草稿')).toBe(true);
  });

  it('copies only inside a click of its own, and says so when the host refused the copy', async () => {
    const s = setup();
    await withSample(s);
    const prepared = await s.controller.prepareCopy();
    expect(s.copies).toEqual([]); // preparing copies nothing: the click on 复制到剪贴板 does
    expect(s.controller.copyPrepared(prepared!)).toMatchObject({ kind: 'success', text: expect.stringContaining('报告已复制') });
    expect(s.copies).toHaveLength(1);
    const refused = recordingDeliveries({ copies: false });
    const controller = new TaskpaneController(s.controller.port, async () => false, refused.deliveries);
    expect(controller.copyPrepared(prepared!)).toMatchObject({ kind: 'error', text: expect.stringContaining('没能复制到剪贴板') });
  });

  it('offers no download where the host cannot save one (Excel for Mac), and says what to use', () => {
    const s = setup();
    const mac = new TaskpaneController(s.controller.port, async () => false, recordingDeliveries({ downloads: false }).deliveries);
    expect(mac.deliveryNotes()).toEqual([expect.stringContaining('Mac 版 Excel 的任务窗格不能下载文件')]);
    expect(s.controller.deliveryNotes()).toEqual([]);
  });

  it('says in the pane when Excel refused the print setup', async () => {
    const s = setup();
    await s.controller.start();
    s.model.refusedPageLayout = ['zoom'];
    const notice = await s.controller.createTemplate();
    expect(notice.kind).toBe('warning');
    expect(notice.text).toContain('Excel 没有接受打印设置');
  });

  it('writes the text to the 报告 sheet, never into the tables, and asks before replacing it', async () => {
    const s = setup();
    await withSample(s);
    const tablesBefore = JSON.stringify(['表二', '表三', '表四'].map((n) => [...s.model.sheet(n)!.cells]));
    await s.controller.writeReportSheet();
    expect(s.model.valueAt('报告', 'A1')).toBe('海原县西安镇人民政府 2023 年政府信息公开工作年度报告');
    expect(JSON.stringify(['表二', '表三', '表四'].map((n) => [...s.model.sheet(n)!.cells]))).toBe(tablesBefore);
    s.answers.push(false);
    expect(await s.controller.writeReportSheet()).toBeNull();
    expect(s.questions.map((q) => q.title)).toEqual(['“报告”工作表已有内容']);
  });
});

describe('older Excel', () => {
  it('explains what is missing on ExcelApi 1.7, and refuses nothing it can do', async () => {
    const s = setup('1.7');
    expect(s.controller.capabilityNotes()).toHaveLength(2);
    // Said in Excel versions and what the user loses, not in requirement sets.
    for (const note of s.controller.capabilityNotes()) expect(note).not.toMatch(/ExcelApi|1\.\d/);
    await withSample(s);
    expect((await s.controller.validate()).issues).toEqual([]);
  });

  it('disables the pane below ExcelApi 1.7 with a clear message', () => {
    const s = setup('1.6');
    expect(s.controller.port.capabilities.core).toBe(false);
    expect(s.controller.capabilityNotes()[0]).toContain('不支持本加载项需要的功能');
  });
});

describe('识别现有表格', () => {
  it('offers the tables found in a workbook without names, and names their cells on confirmation', async () => {
    const s = setup();
    const sheet = s.model.addSheet('我的表');
    const { styles } = await import('./corpus/styles');
    const style = styles(sample())[0];
    style.sheets[0].rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && (sheet.cell(r + 1, c + 1).value = v as never)));
    const view = await s.controller.validate();
    expect(view.recognized).toEqual(['表二 我的表!B6:D17（10 格）', '表三 我的表!C23:J47（175 格）', '表四 我的表!A53:O53（15 格）']);
    s.answers.push(false);
    expect(await s.controller.adopt()).toBeNull();
    expect(s.model.names.size).toBe(0);
    s.answers.push(true);
    expect(await s.controller.adopt()).toEqual({ kind: 'success', text: '已为 200 个单元格添加名称。' });
    expect(s.questions.at(-1)!.details).toContain('表三 我的表!C23:J47（175 格）');
    expect((await s.controller.validate()).recognized).toBeNull();
  });
});

describe('导入上年数据 and 汇总各单位', () => {
  function lastYear() {
    const last = sample();
    last.year = 2022;
    last.table3!.carriedForward = { ...last.table3!.carriedForward!, naturalPerson: 2, total: 2 };
    last.table3!.newRequests = { ...last.table3!.newRequests!, naturalPerson: 3, total: 3 };
    return last;
  }
  const json = (name: string, report: unknown) => ({ name, bytes: new TextEncoder().encode(JSON.stringify(report)) });

  it('imports last year from a .json, an .xlsx or a saved page, asking before replacing', async () => {
    const s = setup();
    await withSample(s);
    const notice = await s.controller.importPrevious(json('2022.json', lastYear()));
    expect(notice!.text).toBe('已导入上年数据（2022 年）：结转下年度继续办理 2 件。再点“校验”即做跨年度核对。');
    // Last year's narrative comes along: the sample's is this year's word for word.
    expect((await s.controller.validate()).issues.map((i) => i.rule)).toEqual(['CROSS_YEAR_CARRIED', 'CROSS_YEAR_CARRIED', 'NARRATIVE_REPEAT']);

    const { ExcelJsWorkbook } = await import('../src/workbook/exceljs');
    const other = sample();
    other.year = 2022;
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(other));
    s.answers.push(false);
    expect(await s.controller.importPrevious({ name: '2022.xlsx', bytes: await workbook.toBytes() })).toBeNull();
    expect(s.questions.at(-1)!.title).toBe('“上年数据”工作表已有内容');
    s.answers.push(true);
    await s.controller.importPrevious({ name: '2022.xlsx', bytes: await workbook.toBytes() });
    expect((await s.controller.validate()).issues.map((i) => i.rule)).toEqual(['NARRATIVE_REPEAT']);

    const { renderHtml } = await import('../src/report/render');
    const { buildDocument } = await import('../src/report/narrative');
    const page = renderHtml(buildDocument(lastYear()), lastYear(), { standalone: true });
    s.answers.push(true);
    await s.controller.importPrevious({ name: '2022年报.html', bytes: new TextEncoder().encode(page) });
    expect((await s.controller.validate()).issues.map((i) => i.rule)).toEqual(['CROSS_YEAR_CARRIED', 'CROSS_YEAR_CARRIED']);
  });

  it('sums the units picked into a new workbook, asking about units with errors', async () => {
    const host = createFakeHost(new FakeWorkbookModel(), '1.12');
    const answers = [true];
    const controller = new TaskpaneController(new OfficeJsWorkbook(host as unknown as OfficeHost), async () => answers.shift() ?? false, recordingDeliveries().deliveries);
    const a = sample();
    a.agency = '甲镇';
    const b = lastYear();
    b.agency = '乙镇';
    b.table3!.newRequests!.total = 9; // an error
    const notice = await controller.mergeUnits([json('a.json', a), json('b.json', b)]);
    expect(notice!.text).toBe('已汇总 2 个单位的报告，已在新窗口中打开。');
    expect(host.created).toHaveLength(1);
    const { ExcelJsWorkbook } = await import('../src/workbook/exceljs');
    const merged = await ExcelJsWorkbook.load(Uint8Array.from(Buffer.from(host.created[0], 'base64')));
    const read = await (await import('../src/workbook/port')).readReport(merged);
    expect(read.report.table3!.newRequests!.naturalPerson).toBe(1 + 3);
    expect(read.report.table3!.newRequests!.total).toBe(1 + 9);
    expect(merged.workbook.getWorksheet('汇总单位')!.getCell('B5').value).toBe('乙镇');
  });
});

describe('corrections the pane offers', () => {
  it('replaces a number typed in the narrative with its placeholder, after asking', async () => {
    const s = setup();
    await withSample(s);
    s.model.type('正文', 'A11', '2023 年共收到政府信息公开申请 5 件，均已按时答复。');
    const view = await s.controller.validate();
    const issue = view.issues.find((i) => i.rule === 'NARRATIVE_NUMBER')!;
    expect(issue.fix).toEqual({ cell: '正文!A11', find: '2023 年共收到政府信息公开申请 5 件，均已按时答复。', replace: '2023 年共收到政府信息公开申请 {{table3.newRequests.total}} 件，均已按时答复。' });
    s.answers.push(false);
    expect(await s.controller.applyFix(issue)).toBeNull();
    expect(s.model.valueAt('正文', 'A11')).toContain('5 件');
    s.answers.push(true);
    expect((await s.controller.applyFix(issue))!.kind).toBe('success');
    expect(s.model.valueAt('正文', 'A11')).toBe('2023 年共收到政府信息公开申请 {{table3.newRequests.total}} 件，均已按时答复。');
    expect((await s.controller.validate()).issues.filter((i) => i.rule === 'NARRATIVE_NUMBER')).toEqual([]);
  });

  it('converts a 2019-format workbook into a new 2021 workbook, listing what has no place', async () => {
    const s = setup();
    const sheet = s.model.addSheet('主动公开');
    [['第二十条第（一）项'], ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], ['规章', 1, 1, 5]].forEach((row, r) => row.forEach((v, c) => (sheet.cell(r + 1, c + 1).value = v)));
    const t3 = s.model.addSheet('依申请公开');
    const { styles } = await import('./corpus/styles');
    styles(sample())[3].sheets[0].rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && (t3.cell(r + 1, c + 1).value = v as never)));
    const view = await s.controller.validate();
    expect(view.issues.map((i) => i.rule)).toContain('OLD_TEMPLATE');
    s.answers.push(true);
    const notice = await s.controller.convertOld();
    expect(notice!.text).toBe('已生成 2021 年格式的新工作簿，已在新窗口中打开。');
    expect(s.questions.at(-1)!.details).toEqual(['主动公开!B3（规章 · 本年新制作数量）= 1', '主动公开!C3（规章 · 本年新公开数量）= 1', '主动公开!D3（规章 · 对外公开总数量）= 5']);
  });
});

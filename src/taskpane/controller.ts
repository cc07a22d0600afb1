/**
 * What the task pane's buttons do, without React: call the workbook port and the report core,
 * and return plain results for the view. The view injects `ask` for confirmations and the
 * delivery functions (download, clipboard) that depend on the browser.
 */
import { countBySeverity, type Issue, type ReportData } from '../report';
import { cellValue } from '../report/model';
import { reportFileBase } from '../report/file-name';
import { groupIssues, type IssueGroup } from '../report/issue-groups';
import { exportDocument, renderHtml, renderText } from '../report/render';
import { PREVIOUS_CELLS, PREVIOUS_NARRATIVE_NAME, PREVIOUS_PREFIX, SHEET_NAMES, buildPlan, mergeUnitsPlan, type WorkbookPlan } from '../workbook/layout';
import { wantedMarks, type OfficeJsWorkbook } from '../workbook/officejs';
import { describeFound, unplacedNumbers } from '../workbook/finder';
import { applyPlan, checkRead, namesOf, readReport } from '../workbook/port';
import { conflictsOf } from '../workbook/repair';
import { NotAReportWorkbook, interpretSnapshot, type ReadResult } from '../workbook/snapshot';
import { readReportFile, type PickedFile } from '../workbook/read-file';

export { groupIssues, type IssueGroup, type PickedFile };

export interface Question {
  title: string;
  body: string;
  /** Up to ten lines listed under the body. */
  details?: string[];
  confirm: string;
  cancel: string;
}

export interface Deliveries {
  /** Whether this host saves downloads (not Excel for Mac: see deliveries.ts). */
  readonly downloads: boolean;
  download(fileName: string, mime: string, data: Uint8Array | string): Promise<void>;
  /** Copy HTML and text; called inside the click that asked for it. True when the host copied. */
  copy(html: string | null, text: string): boolean;
}

/** A report made ready to copy: the click on “复制到剪贴板” copies it at once. */
export interface PreparedCopy {
  html: string;
  text: string;
  draft: boolean;
}

export interface Notice {
  kind: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

export interface ValidationView {
  issues: Issue[];
  groups: IssueGroup[];
  counts: Record<Issue['severity'], number>;
  notMarked: string[];
  /** The workbook has no nianbao names: the tables found by their labels ("表三 Sheet1!D7:J31（175 格）"). */
  recognized: string[] | null;
}


/** A failure of Office or of the workbook, said in Chinese. */
export function describeError(error: unknown): string {
  if (error instanceof NotAReportWorkbook) return `${error.message}空工作簿请先点“创建模板”；已有自己的年报表格时，请检查表格的行标签、列标题是否为官方措辞。`;
  const code = (error as { code?: string })?.code;
  if (code === 'ItemNotFound') return '找不到相关的工作表或名称，可能已被删除或改名。可点“创建模板”修复。';
  if (code === 'InvalidOperation' || code === 'InvalidArgument') return `Excel 拒绝了这次修改（${code}）：可能有单元格正在编辑，请按 Enter 或 Esc 结束编辑后重试。`;
  if (code === 'AccessDenied') return '工作簿处于只读或受保护状态，无法修改。';
  const message = error instanceof Error ? error.message : String(error);
  return `操作失败：${message}`;
}

export class TaskpaneController {
  constructor(
    readonly port: OfficeJsWorkbook,
    private readonly ask: (question: Question) => Promise<boolean>,
    private readonly deliver: Deliveries,
  ) {}

  /**
   * When the pane opens: what kind of workbook this is, and what to do first (one sync; it also
   * tells the port which sheets exist, so the first action needs no extra sync).
   */
  async start(): Promise<Notice> {
    const found = await this.port.survey();
    if (found.named) return { kind: 'info', text: '这是年报工作簿：填好基本信息、各表和正文后，点“校验”。' };
    if (found.empty) return { kind: 'info', text: '工作簿是空的：请先点“创建模板”，建立官方格式的各表。' };
    return {
      kind: 'info',
      text: '工作簿里还没有年报模板。已有自己填写的年报表格：点“校验”，按官方标签识别三张表；从头开始：点“创建模板”。',
    };
  }

  /** Notes on features this Excel lacks (empty when it has them all). */
  capabilityNotes(): string[] {
    const caps = this.port.capabilities;
    if (!caps.core) return ['此版本的 Excel 太旧，不支持本加载项需要的功能。请使用 Microsoft 365、Office 2021 及以后的版本，或网页版 Excel。'];
    const notes: string[] = [];
    if (!caps.validation) notes.push('此版本的 Excel（Office 2019 之前的功能级别）不能设置输入限制，也不能直接打开汇总结果：创建模板时不设输入限制（校验照常进行），汇总结果改为下载。');
    if (!caps.modern) notes.push('此版本的 Excel（Office 2019 及更早的功能级别）不能设置打印格式：创建模板后请在“页面布局”中设为 A4 纸；清除标记时白色底色按“无填充”恢复。');
    else if (!caps.multiSelect) notes.push('点一个问题时只选中它的第一个单元格（同时选中多个区域需要较新的 Microsoft 365）。');
    return notes;
  }

  /** 创建模板: lay out the sheets; keep what was typed; ask before replacing anything. */
  async createTemplate(): Promise<Notice> {
    const plan = buildPlan();
    const repair = await this.port.prepareLayout(plan);
    const conflicts = conflictsOf(repair);
    let overwrite = false;
    if (conflicts.length > 0) {
      overwrite = await this.ask({
        title: '有单元格与模板不同',
        body: `以下 ${conflicts.length} 个单元格的内容与官方模板不同（多为标签被改写，或合并区域中有内容）。要改回模板吗？选“保留”则这些单元格不动，其余照常修复。`,
        details: conflicts.slice(0, 10).map((c) => `${c.sheet}!${c.address}：“${String(c.current)}” → ${c.planned === null ? '（合并后清空）' : `“${c.planned}”`}`),
        confirm: '改回模板',
        cancel: '保留',
      });
    }
    const fresh = repair.sheets.some((s) => s.create && s.plan.name === SHEET_NAMES.info);
    // A new template: take the user to where they type first.
    const { print } = await this.port.applyLayout(repair, { overwrite, focus: fresh ? `${SHEET_NAMES.info}!B4` : undefined });
    const created = repair.sheets.filter((s) => s.create).map((s) => s.plan.name);
    const parts = [created.length > 0 ? `已创建工作表：${created.join('、')}` : '模板已检查并修复，已填写的数据都保留了'];
    if (fresh) parts.push('请先在“基本信息”表填写机关名称和报告年度（已选中），再填表二、表三、表四和“正文”，然后点“校验”');
    for (const skip of repair.skipped) parts.push(skip.reason);
    if (conflicts.length > 0 && !overwrite) parts.push(`${conflicts.length} 个与模板不同的单元格未改动`);
    if (print === 'refused') parts.push('Excel 没有接受打印设置：打印前请在“页面布局”中设为 A4 纸、横向打印表三和表四、缩放为“将所有列调整为一页”');
    const warn = repair.skipped.length > 0 || print === 'refused';
    return { kind: warn ? 'warning' : 'success', text: parts.join('；') + '。' };
  }

  /** Read and check the whole report (one sync). */
  async check(): Promise<{ report: ReportData; issues: Issue[]; read: ReadResult }> {
    const read = await readReport(this.port);
    return { report: read.report, issues: checkRead(read), read };
  }

  /** 校验: check, then mark the cells of the issues. */
  async validate(): Promise<ValidationView> {
    const { issues, read } = await this.check();
    const marked = await this.port.mark(issues);
    this.marks = marksOf(issues);
    this.reportSheets = sheetsOf(read);
    return this.viewOf(issues, read, marked.skipped);
  }

  private viewOf(issues: Issue[], read: ReadResult, notMarked: string[]): ValidationView {
    return {
      issues,
      groups: groupIssues(issues),
      counts: countBySeverity(issues),
      notMarked,
      recognized: read.recognized ? read.recognized.tables.map(describeFound) : null,
    };
  }

  /** The marks of the last check (cell → severity), to write only when they change. */
  private marks = '';
  /** The sheets the last check read the report from. */
  private reportSheets: string[] = [];
  private recheckTimer: ReturnType<typeof setTimeout> | null = null;
  private rechecking: Promise<void> = Promise.resolve();

  /**
   * After 校验: edits to the report's sheets check again by themselves (debounced by `delayMs`),
   * and `onView` gets the new list. A re-check reads in one sync and writes marks only when they
   * changed. False where Excel cannot tell the pane of edits: results may then be stale.
   */
  async watch(onView: (view: ValidationView) => void, onError: (error: unknown) => void = () => undefined, delayMs = 600): Promise<boolean> {
    return this.port.watch(this.reportSheets, () => {
      if (this.recheckTimer) clearTimeout(this.recheckTimer);
      this.recheckTimer = setTimeout(() => {
        this.recheckTimer = null;
        this.rechecking = this.rechecking.then(() => this.recheck().then(onView, onError));
      }, delayMs);
    });
  }

  /** The re-check after an edit: one read; marks written only when they changed. */
  async recheck(): Promise<ValidationView> {
    const { issues, read } = await this.check();
    const marks = marksOf(issues);
    let notMarked: string[] = [];
    if (marks !== this.marks) {
      notMarked = (await this.port.mark(issues)).skipped;
      this.marks = marks;
    }
    return this.viewOf(issues, read, notMarked);
  }

  /** Wait until the re-checks due have run (tests, the benchmark). */
  async settled(): Promise<void> {
    while (this.recheckTimer) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.rechecking;
  }

  /**
   * 识别现有表格: name the cells of the tables found by their labels, after showing what was
   * found. Only names are added: no cell is moved, written or formatted.
   */
  async adopt(): Promise<Notice | null> {
    const read = await readReport(this.port);
    if (!read.recognized) return { kind: 'info', text: '工作簿已有年报模板的名称，无需识别。' };
    const found = read.recognized;
    const go = await this.ask({
      title: '识别现有表格',
      body: `在您的工作簿中找到了以下表格。确认后将为这些单元格添加名称（共 ${found.cells.size} 个），以后按名称校验；不会移动、改写或改变任何单元格的格式。`,
      details: [...found.tables.map(describeFound), ...found.missing.map((m) => m.text)],
      confirm: '添加名称',
      cancel: '取消',
    });
    if (!go) return null;
    const added = await this.port.addNames(namesOf(found));
    return { kind: 'success', text: `已为 ${added} 个单元格添加名称。` };
  }

  async clearMarks(): Promise<Notice> {
    const count = await this.port.clearMarks();
    return { kind: 'success', text: count > 0 ? `已清除 ${count} 个单元格的标记，恢复了原来的底色。` : '没有需要清除的标记。' };
  }

  async select(issue: Issue): Promise<void> {
    await this.port.select(issue.cells);
  }

  /** Check, and ask when errors are open; returns the document to export or null when cancelled. */
  private async prepareExport() {
    const { report, issues } = await this.check();
    const errors = issues.filter((i) => i.severity === 'error').length;
    if (errors > 0) {
      const go = await this.ask({
        title: '报告还有错误',
        body: `校验发现 ${errors} 个错误。仍要导出吗？导出的文件会标明“草稿：校验未通过”，不能作为正式报告发布。`,
        confirm: '导出草稿',
        cancel: '取消',
      });
      if (!go) return null;
    }
    return { report, doc: exportDocument(report, issues) };
  }

  private fileBase(report: ReportData, draft: boolean): string {
    return reportFileBase(report, draft);
  }

  async exportWord(): Promise<Notice | null> {
    const prepared = await this.prepareExport();
    if (!prepared) return null;
    // The Word writer is loaded only now, so the pane opens fast.
    const { renderDocx } = await import(/* webpackChunkName: "docx" */ '../report/render/docx');
    const bytes = await renderDocx(prepared.doc, prepared.report);
    const name = `${this.fileBase(prepared.report, prepared.doc.draft !== null)}.docx`;
    await this.deliver.download(name, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes);
    return this.downloadStarted(name, prepared.doc.draft !== null);
  }

  /** What a download can truthfully say: the pane cannot see whether the file was saved. */
  private downloadStarted(name: string, draft: boolean): Notice {
    return { kind: draft ? 'warning' : 'info', text: `已开始下载“${name}”：请在浏览器或 Excel 的下载提示中保存。没有出现下载提示时，请改用“复制报告”或“写入‘报告’工作表”。` };
  }

  /** Notes on the export ways this host does not offer. */
  deliveryNotes(): string[] {
    return this.deliver.downloads ? [] : ['Mac 版 Excel 的任务窗格不能下载文件：请用“复制报告”或“写入‘报告’工作表”；需要 Word 文件时，在网页版 Excel 中导出。'];
  }

  async exportHtmlFile(): Promise<Notice | null> {
    const prepared = await this.prepareExport();
    if (!prepared) return null;
    const name = `${this.fileBase(prepared.report, prepared.doc.draft !== null)}.html`;
    await this.deliver.download(name, 'text/html;charset=utf-8', renderHtml(prepared.doc, prepared.report, { standalone: true }));
    return this.downloadStarted(name, prepared.doc.draft !== null);
  }

  /** Check (asking about errors) and render the report for the clipboard; the copy itself is `copyPrepared`, in a click. */
  async prepareCopy(): Promise<PreparedCopy | null> {
    const prepared = await this.prepareExport();
    if (!prepared) return null;
    return { html: renderHtml(prepared.doc, prepared.report), text: renderText(prepared.doc, prepared.report), draft: prepared.doc.draft !== null };
  }

  /** Copy a prepared report: call it synchronously from the click on “复制到剪贴板”. */
  copyPrepared(prepared: PreparedCopy): Notice {
    if (!this.deliver.copy(prepared.html, prepared.text)) {
      return { kind: 'error', text: '没能复制到剪贴板（Excel 不允许）。请改用“写入‘报告’工作表”，再在工作表中复制。' };
    }
    return { kind: prepared.draft ? 'warning' : 'success', text: '报告已复制：在网站编辑器中粘贴得到带表格的网页格式，在记事本中粘贴得到纯文本。' };
  }

  /** Prepare and copy in one go, for callers outside a click (tests, scripts). */
  async copyReport(): Promise<Notice | null> {
    const prepared = await this.prepareCopy();
    return prepared ? this.copyPrepared(prepared) : null;
  }

  /** 导入上年数据: last year's figures into the 上年数据 sheet, asking before replacing what is there. */
  async importPrevious(file: PickedFile): Promise<Notice | null> {
    const { report: previous } = await readPicked(file);
    const snapshot = await this.port.snapshot();
    if (!snapshot.names.some((n) => n.name === `${PREVIOUS_PREFIX}year`)) {
      // A workbook laid out before the sheet existed: lay it out, filled (nothing typed is replaced).
      const repair = await this.port.prepareLayout(buildPlan({ previousYear: previous }));
      await this.port.applyLayout(repair, { overwrite: false });
    } else {
      const values = [
        ...PREVIOUS_CELLS.map((c) => ({ name: `${PREVIOUS_PREFIX}${c.table}.${c.row}.${c.column}`, value: cellValue(previous, c.table, c.row, c.column) })),
        { name: `${PREVIOUS_PREFIX}year`, value: previous.year ?? null },
        { name: PREVIOUS_NARRATIVE_NAME, value: previous.narrative ?? null },
      ].map((v) => ({ ...v, value: typeof v.value === 'number' || typeof v.value === 'string' ? v.value : null }));
      const first = await this.port.setNamedValues(values, { overwrite: false });
      if (first.occupied.length > 0) {
        const replace = await this.ask({
          title: '“上年数据”工作表已有内容',
          body: '“上年数据”工作表里已经有数字。要用所选文件中的上年数据替换吗？',
          details: first.occupied.slice(0, 10),
          confirm: '替换',
          cancel: '取消',
        });
        if (!replace) return null;
        await this.port.setNamedValues(values, { overwrite: true });
      }
    }
    const carried = cellValue(previous, 'table3', 'carriedForward', 'total');
    return { kind: 'success', text: `已导入上年数据${previous.year ? `（${previous.year} 年）` : ''}：结转下年度继续办理 ${carried ?? '（空）'} 件。再点“校验”即做跨年度核对。` };
  }

  /**
   * 汇总: the reports of several units (files the user picked) summed cell by cell into a new
   * workbook in the official layout, with a sheet listing each unit and its issues.
   */
  async mergeUnits(files: readonly PickedFile[]): Promise<Notice | null> {
    const units: { file: string; report: ReportData; issues: Issue[] }[] = [];
    for (const file of files) {
      try {
        units.push({ file: file.name, ...(await readPicked(file)) });
      } catch (error) {
        return { kind: 'error', text: `“${file.name}”无法读取：${error instanceof Error ? error.message : String(error)}` };
      }
    }
    const flawed = units.filter((u) => u.issues.some((i) => i.severity === 'error'));
    if (flawed.length > 0) {
      const go = await this.ask({
        title: '有单位的报告有错误',
        body: `以下 ${flawed.length} 个单位的报告有错误。仍要汇总吗？这些单位的无效单元格按 0 计，汇总表的“汇总单位”表会列出它们的问题。`,
        details: flawed.map((u) => `${u.file}${u.report.agency ? `（${u.report.agency}）` : ''}：${u.issues.filter((i) => i.severity === 'error').length} 个错误`),
        confirm: '仍然汇总',
        cancel: '取消',
      });
      if (!go) return null;
    }
    const plan = mergeUnitsPlan(units);
    return this.deliverWorkbook(plan, `汇总（${units.length} 个单位）.xlsx`, `已汇总 ${units.length} 个单位的报告`);
  }

  /** Offer an issue's correction (a number in the narrative replaced by its placeholder). */
  async applyFix(issue: Issue): Promise<Notice | null> {
    if (!issue.fix) return null;
    const { cell, find, replace } = issue.fix;
    const placeholder = issue.rule === 'NARRATIVE_NUMBER';
    const go = await this.ask({
      title: placeholder ? '改用占位符' : '更正',
      body: placeholder ? `把 ${cell} 中的这句话改为引用表格的写法？改后数字会随表格自动填入。` : `按下面的样子更正 ${cell} 中的这段文字？`,
      details: [`原文：${find}`, `改为：${replace}`],
      confirm: '修改',
      cancel: '取消',
    });
    if (!go) return null;
    if (!(await this.port.replaceInCell(cell, find, replace))) {
      return { kind: 'warning', text: `${cell} 的内容已经变了，没有修改。请重新校验。` };
    }
    return { kind: 'success', text: `已修改 ${cell}。` };
  }

  /**
   * 转换为 2021 年格式: the tables found in this (old-format) workbook, laid out anew in a new
   * workbook; the numbers that have no place in the 2021 format are listed.
   */
  async convertOld(): Promise<Notice | null> {
    const snapshot = await this.port.snapshot();
    const read = interpretSnapshot(snapshot);
    const left = read.recognized ? unplacedNumbers(snapshot.sheets, read.recognized) : [];
    const go = await this.ask({
      title: '转换为 2021 年格式',
      body: `将按国办公开办函〔2021〕30号格式生成一个新工作簿，带过去能对应的所有数字；当前工作簿不动。${left.length > 0 ? `以下 ${left.length} 个数在新格式中没有对应的位置，不会带过去：` : ''}`,
      details: left.slice(0, 10),
      confirm: '生成新工作簿',
      cancel: '取消',
    });
    if (!go) return null;
    return this.deliverWorkbook(buildPlan(read.report), '转换为2021年格式.xlsx', '已生成 2021 年格式的新工作簿');
  }

  /** A plan as a new workbook: opened in Excel where the host can, downloaded otherwise. */
  private async deliverWorkbook(plan: WorkbookPlan, fileName: string, done: string): Promise<Notice> {
    const { ExcelJsWorkbook } = await import(/* webpackChunkName: "exceljs" */ '../workbook/exceljs');
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, plan);
    const bytes = await workbook.toBytes();
    if (await this.port.openWorkbook(bytes)) return { kind: 'success', text: `${done}，已在新窗口中打开。` };
    await this.deliver.download(fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes);
    return { kind: 'success', text: `${done}，已下载为“${fileName}”。` };
  }

  /** Write the report's text to the 报告 sheet (never into the tables). */
  async writeReportSheet(): Promise<Notice | null> {
    const prepared = await this.prepareExport();
    if (!prepared) return null;
    const rows = renderText(prepared.doc, prepared.report)
      .split('\n')
      .map((line) => line.split('\t'));
    if (!(await this.port.writeSheetText(REPORT_SHEET, rows, { replace: false }))) {
      const replace = await this.ask({
        title: '“报告”工作表已有内容',
        body: '“报告”工作表里已经有内容（可能是上次导出的，也可能是您写的）。要用新导出的报告替换它吗？',
        confirm: '替换',
        cancel: '取消',
      });
      if (!replace) return null;
      await this.port.writeSheetText(REPORT_SHEET, rows, { replace: true });
    }
    return { kind: prepared.doc.draft ? 'warning' : 'success', text: '报告全文已写入“报告”工作表。' };
  }
}

export const REPORT_SHEET = '报告';

/** The cells to mark and their severity, as one comparable string. */
function marksOf(issues: readonly Issue[]): string {
  return [...wantedMarks(issues)].map(([cell, severity]) => `${cell}=${severity}`).sort().join('|');
}

/** The sheets a report was read from (where its cells and paragraphs are). */
function sheetsOf(read: ReadResult): string[] {
  const sheets = new Set<string>();
  for (const address of [...read.addresses.values(), ...read.paragraphCells]) {
    const bang = address.lastIndexOf('!');
    if (bang > 0) sheets.add(address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'"));
  }
  return [...sheets];
}

/** A report from a picked file: a report file (.json), a workbook (.xlsx), a Word report (.docx) or a saved report page (.html). */
export async function readPicked(file: PickedFile): Promise<{ report: ReportData; issues: Issue[] }> {
  const read = await readReportFile(file);
  return { report: read.report, issues: checkRead(read) };
}

/**
 * What the checker page does, without React: read the files the user chose (one dispatch,
 * `readReportFile`), check them with the core the CLI and the pane use (`checkRead`), and make
 * the files `nianbao export`, `nianbao merge` and `nianbao init` make. ExcelJS, the workbook
 * layout and the Word writer are loaded only when an action needs them.
 */
import { countBySeverity, type Issue, type ReportData } from '../report';
import { reportFileBase } from '../report/file-name';
import { groupIssues, type IssueGroup } from '../report/issue-groups';
import { exportDocument, renderHtml, renderText } from '../report/render';
import { describeFound } from '../workbook/finder';
import type { WorkbookPlan } from '../workbook/layout';
import { applyPlan, checkRead } from '../workbook/port';
import { readReportFile, type PickedFile } from '../workbook/read-file';
import type { ReadResult } from '../workbook/snapshot';

export type { PickedFile };

/** One chosen file, read and checked (or not readable, with the reason). */
export interface CheckedFile {
  id: number;
  name: string;
  /** The reason in Chinese when the file could not be read; then `read` is null. */
  error: string | null;
  read: ReadResult | null;
  issues: Issue[];
  groups: IssueGroup[];
  counts: Record<Issue['severity'], number>;
  /** Tables found by their labels in a workbook without nianbao's names. */
  recognized: string[] | null;
  /** Other things the user should know about this file (Chinese). */
  notes: string[];
}

/** A file to hand to the browser's download. */
export interface Download {
  fileName: string;
  mime: string;
  data: Uint8Array | string;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let nextId = 1;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Read a file and keep what was read, so that a later previous-year file only re-checks. */
export async function readChosen(file: PickedFile): Promise<CheckedFile> {
  const id = nextId++;
  try {
    const read = await readReportFile(file);
    return { id, name: file.name, error: null, read, issues: [], groups: [], counts: { error: 0, warning: 0, info: 0 }, recognized: null, notes: [] };
  } catch (error) {
    return { id, name: file.name, error: messageOf(error), read: null, issues: [], groups: [], counts: { error: 0, warning: 0, info: 0 }, recognized: null, notes: [] };
  }
}

/** Check a read file (against last year's report when one is given), as `nianbao check --previous` does. */
export function checkChosen(file: CheckedFile, previous?: ReportData): CheckedFile {
  if (!file.read) return file;
  const issues = checkRead(file.read, previous);
  const notes: string[] = [];
  const own = file.read.report.previousYear;
  if (!previous && typeof own === 'string') {
    notes.push(`数据文件中的上年报告是另一个文件“${own}”：请在“上年报告”处选择它，才做跨年度核对。`);
  }
  return {
    ...file,
    issues,
    groups: groupIssues(issues),
    counts: countBySeverity(issues),
    recognized: file.read.recognized ? file.read.recognized.tables.map(describeFound) : null,
    notes,
  };
}

/** The line under a file's name: who, which year, how many issues. */
export function summaryLine(file: CheckedFile): string {
  if (file.error !== null) return `无法读取：${file.error}`;
  const report = file.read?.report;
  const who = [report?.agency, report?.year ? `${report.year} 年` : ''].filter(Boolean).join(' ');
  const what = file.issues.length === 0 ? '✓ 全部通过，未发现问题' : `${file.counts.error} 个错误，${file.counts.warning} 个警告，${file.counts.info} 条提示`;
  return who ? `${who}：${what}` : what;
}

/** The line over all files, as at the end of `nianbao check`. */
export function overallLine(files: readonly CheckedFile[]): string {
  const readable = files.filter((f) => f.error === null);
  const counts = countBySeverity(readable.flatMap((f) => f.issues));
  const failed = readable.filter((f) => f.counts.error > 0).length;
  const unreadable = files.length - readable.length;
  const parts = [`共 ${files.length} 个文件`, `${readable.length - failed} 个没有错误`, `${failed} 个有错误`];
  if (unreadable > 0) parts.push(`${unreadable} 个无法读取`);
  return `${parts.join('，')}（合计 ${counts.error} 个错误，${counts.warning} 个警告，${counts.info} 条提示）`;
}

export type ExportKind = 'docx' | 'html' | 'text';

/**
 * The report as `nianbao export` makes it: the same document and renderers; with errors open
 * it is a draft (as `--draft`) and says so.
 */
export async function exportReport(file: CheckedFile, kind: ExportKind): Promise<Download> {
  if (!file.read) throw new Error('该文件无法读取，不能导出。');
  const report = file.read.report;
  const doc = exportDocument(report, checkRead(file.read));
  const base = reportFileBase(report, doc.draft !== null);
  if (kind === 'docx') {
    // The Word writer is loaded only now, so the page opens fast.
    const { renderDocx } = await import(/* webpackChunkName: "docx" */ '../report/render/docx');
    return { fileName: `${base}.docx`, mime: DOCX_MIME, data: await renderDocx(doc, report) };
  }
  if (kind === 'html') return { fileName: `${base}.html`, mime: 'text/html;charset=utf-8', data: renderHtml(doc, report, { standalone: true }) };
  return { fileName: `${base}.txt`, mime: 'text/plain;charset=utf-8', data: renderText(doc, report) };
}

/** The readable files whose reports have errors (they are summed with their invalid cells as 0). */
export function flawedUnits(files: readonly CheckedFile[]): CheckedFile[] {
  return files.filter((f) => f.read && f.counts.error > 0);
}

/** The summed workbook of the readable files, as `nianbao merge` (with `--force` when units have errors). */
export async function mergeWorkbook(files: readonly CheckedFile[], agency?: string): Promise<Download> {
  const units = files.filter((f) => f.read).map((f) => ({ file: f.name, report: f.read!.report, issues: checkRead(f.read!) }));
  if (units.length < 2) throw new Error('汇总至少需要两个能读取的文件。');
  const { mergeUnitsPlan } = await import(/* webpackChunkName: "layout" */ '../workbook/layout');
  const name = agency?.trim() ? agency.trim() : undefined;
  return { fileName: `汇总（${units.length} 个单位）.xlsx`, mime: XLSX_MIME, data: await planBytes(mergeUnitsPlan(units, name)) };
}

/** The blank template workbook, as `nianbao init`. */
export async function blankTemplate(): Promise<Download> {
  const { buildPlan } = await import(/* webpackChunkName: "layout" */ '../workbook/layout');
  return { fileName: '政府信息公开工作年度报告（空白模板）.xlsx', mime: XLSX_MIME, data: await planBytes(buildPlan()) };
}

/** A layout plan as .xlsx bytes through the ExcelJS backend (the one `nianbao init` and `merge` use). */
async function planBytes(plan: WorkbookPlan): Promise<Uint8Array> {
  const { ExcelJsWorkbook } = await import(/* webpackChunkName: "exceljs" */ '../workbook/exceljs');
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, plan);
  return workbook.toBytes();
}

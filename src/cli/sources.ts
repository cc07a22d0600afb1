/**
 * Loading report sources for the CLI: a workbook (.xlsx) or a report file (.json).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseReportJson, ReportFileError, type ReportData } from '../report';
import { ExcelJsWorkbook, WorkbookFileError } from '../workbook/exceljs';
import { readReport } from '../workbook/port';
import { NotAReportWorkbook, type ReadResult } from '../workbook/snapshot';

/** A source read like a workbook: a report file has no addresses and no read issues. */
export interface LoadedReport extends ReadResult {
  file: string;
}

/** A source that cannot be read at all; the message is Chinese and says why. */
export class SourceError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

export function isWorkbookPath(file: string): boolean {
  return /\.(xlsx|xlsm|xls|et|ods)$/i.test(file);
}

async function loadJson(file: string): Promise<LoadedReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(file, code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹，不是文件' : '无法读取该文件');
  }
  const report = parseReportJson(text);
  return { file, report, addresses: new Map(), paragraphCells: [], unreadable: new Set(), issues: [] };
}

async function loadWorkbook(file: string): Promise<LoadedReport> {
  return { file, ...(await readReport(await ExcelJsWorkbook.open(file, { readOnly: true }))) };
}

/** Load one source; every failure becomes a SourceError with a Chinese message. */
export async function loadSource(file: string): Promise<LoadedReport> {
  try {
    return isWorkbookPath(file) ? await loadWorkbook(file) : await loadJson(file);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (error instanceof ReportFileError || error instanceof WorkbookFileError || error instanceof NotAReportWorkbook) {
      throw new SourceError(file, error.message);
    }
    throw new SourceError(file, `读取时出错：${(error as Error).message ?? String(error)}`);
  }
}

/** Last year's report for a source: `--previous`, or the report file's own `previousYear`. */
export async function loadPrevious(source: LoadedReport, previousFile?: string): Promise<ReportData | undefined> {
  if (previousFile) return (await loadSource(previousFile)).report;
  const previous = source.report.previousYear;
  if (previous === undefined) return undefined;
  if (typeof previous === 'string') return (await loadSource(path.resolve(path.dirname(source.file), previous))).report;
  return previous;
}

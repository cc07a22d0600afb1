/**
 * Loading report sources for the CLI: a workbook (.xlsx) or a report file (.json).
 */
import { open, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseReportJson, ReportFileError, type ReportData } from '../report';
import { ExcelJsWorkbook, WorkbookFileError } from '../workbook/exceljs';
import { readReport } from '../workbook/port';
import { NotAReportWorkbook, type ReadResult } from '../workbook/snapshot';
import { DocxFileError, NotAReportDocument, readDocxReport } from '../workbook/docx-grid';
import { sniffReportFile } from '../workbook/sniff';

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

// ---------------------------------------------------------------------------------------
// Word documents, and files named by their content (issue #15)

/** Whether a file is a Word document to read as one; a format nianbao does not read is refused by name. */
async function isDocxSource(file: string): Promise<boolean> {
  let head: Uint8Array;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = new Uint8Array(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return false; // not there or not a file: the usual reader says so
  }
  let sniffed = sniffReportFile(head, file);
  // A zip whose first parts did not tell: its part names (the central directory) are at its end.
  if (sniffed.kind === 'unsupported' && head[0] === 0x50 && head[1] === 0x4b) sniffed = sniffReportFile(await readFile(file), file);
  if (sniffed.kind === 'unsupported') throw new SourceError(file, sniffed.message!);
  if (sniffed.kind === 'html' && !isWorkbookPath(file)) {
    throw new SourceError(file, `这是网页（HTML）：请先用 nianbao import ${path.basename(file)} -o 数据.json 读成年报数据文件，再校验或汇总`);
  }
  if (sniffed.kind !== 'docx' && /\.docx$/i.test(file)) throw new SourceError(file, sniffed.message ?? '不是有效的 Word 文档（.docx）');
  return sniffed.kind === 'docx';
}

async function loadDocx(file: string): Promise<LoadedReport> {
  const { content: _content, ...read } = await readDocxReport(await readFile(file));
  return { file, ...read };
}

/** Load one source; every failure becomes a SourceError with a Chinese message. */
export async function loadSource(file: string): Promise<LoadedReport> {
  try {
    if (await isDocxSource(file)) return await loadDocx(file);
    return isWorkbookPath(file) ? await loadWorkbook(file) : await loadJson(file);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (error instanceof DocxFileError || error instanceof NotAReportDocument) throw new SourceError(file, error.message);
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

/**
 * Loading report sources for the CLI: a workbook (.xlsx) or a report file (.json).
 */
import * as path from 'node:path';
import { parseReportJson, ReportFileError, type ReportData } from '../report';
import { ENCRYPTED_MESSAGE, ExcelJsWorkbook, WorkbookFileError, zipEntries } from '../workbook/exceljs';
import { InputError, readInputFile } from './io';
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

/** What a file is, recognised by its content (not its name). */
type Sniffed = { kind: 'xlsx' } | { kind: 'docx' } | { kind: 'json'; text: string } | { kind: 'other'; message: string };

function hasUtf16(bytes: Uint8Array, word: string): boolean {
  const pattern = Buffer.from(word, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(pattern);
}

function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

const SAVE_AS_XLSX = '请在 Excel 或 WPS 中打开并“另存为” .xlsx 工作簿后再试';

export function sniffFile(bytes: Uint8Array, file: string): Sniffed {
  if (bytes.length === 0) return { kind: 'other', message: '文件是空的（0 字节）' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const names = zipEntries(bytes)?.map((e) => e.name.replace(/^\//, ''));
    if (!names) return { kind: 'other', message: '不是有效的 .xlsx 工作簿：压缩包已损坏或不完整（可能没有下载或复制完整），请重新获取该文件' };
    if (names.includes('xl/workbook.xml')) return { kind: 'xlsx' };
    if (names.includes('word/document.xml')) return { kind: 'docx' };
    if (names.includes('content.xml')) return { kind: 'other', message: `这是 OpenDocument 文件（.ods/.odt），不能直接读取；${SAVE_AS_XLSX}` };
    if (names.includes('ppt/presentation.xml')) return { kind: 'other', message: '这是 PowerPoint 演示文稿，不是工作簿或年报数据文件' };
    return { kind: 'other', message: '这是一个 zip 压缩包，不是 .xlsx 工作簿；如工作簿在压缩包里，请先解压' };
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    if (hasUtf16(bytes, 'EncryptionInfo') || hasUtf16(bytes, 'EncryptedPackage')) return { kind: 'other', message: ENCRYPTED_MESSAGE };
    // Old Word, WPS and Excel files: named by the shared sniffing (src/workbook/sniff.ts).
    const old = sniffReportFile(bytes, file);
    return { kind: 'other', message: old.message ?? `这是旧版 Office 文件，不能直接读取；${SAVE_AS_XLSX}` };
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    return { kind: 'other', message: '这是 PDF 文件，无法从中读取数据；请提供 .xlsx 工作簿或 .json 年报数据文件（网站上的年报网页可用 nianbao import 导入）' };
  }
  const text = decodeText(bytes);
  const start = text.trimStart().slice(0, 200);
  if (start.startsWith('{') || start.startsWith('[')) return { kind: 'json', text };
  if (start.startsWith('<')) {
    return /<(!doctype html|html|head|body|table|meta|p\b|div)/i.test(start) || /\.html?$/i.test(file)
      ? { kind: 'other', message: '这是网页（HTML）文件，不是工作簿或年报数据文件；如是保存的年报网页，请先用 nianbao import 导入为 .json' }
      : { kind: 'other', message: '这是 XML 或其他标记文件，不是工作簿或年报数据文件' };
  }
  if (/\.json$/i.test(file)) return { kind: 'json', text };
  if (isWorkbookPath(file)) return { kind: 'other', message: '不是有效的 .xlsx 工作簿（文件可能已损坏，或是其他格式）' };
  return { kind: 'other', message: '无法识别的文件格式：请提供 .xlsx 工作簿或 .json 年报数据文件' };
}

/** Load one source; every failure becomes a SourceError with a Chinese message. */
export async function loadSource(file: string): Promise<LoadedReport> {
  try {
    const bytes = await readInputFile(file);
    const sniffed = sniffFile(bytes, file);
    if (sniffed.kind === 'other') throw new SourceError(file, sniffed.message);
    if (sniffed.kind === 'xlsx') return { file, ...(await readReport(await ExcelJsWorkbook.load(bytes, { readOnly: true }))) };
    if (sniffed.kind === 'docx') {
      const { content: _content, ...read } = await readDocxReport(bytes);
      return { file, ...read };
    }
    const report = parseReportJson(sniffed.text);
    return { file, report, addresses: new Map(), paragraphCells: [], unreadable: new Set(), issues: [] };
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (error instanceof DocxFileError || error instanceof NotAReportDocument) throw new SourceError(file, error.message);
    if (error instanceof InputError || error instanceof ReportFileError || error instanceof WorkbookFileError || error instanceof NotAReportWorkbook) {
      throw new SourceError(file, error.message);
    }
    throw new SourceError(file, `读取时出错：${readError(error)}`);
  }
}

/** Open a workbook file for a command that works on the workbook itself (adopt, convert). */
export async function openWorkbookFile(file: string, options: { readOnly?: boolean } = {}): Promise<ExcelJsWorkbook> {
  try {
    const bytes = await readInputFile(file);
    const sniffed = sniffFile(bytes, file);
    if (sniffed.kind === 'json') throw new SourceError(file, '这是年报数据文件（JSON），不是工作簿；该命令需要 .xlsx 工作簿');
    if (sniffed.kind === 'other') throw new SourceError(file, sniffed.message);
    return await ExcelJsWorkbook.load(bytes, options);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (error instanceof InputError || error instanceof WorkbookFileError) throw new SourceError(file, error.message);
    throw new SourceError(file, `读取时出错：${readError(error)}`);
  }
}

/** An unexpected error as Chinese text (the stack overflow and out-of-memory cases named). */
export function readError(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return '文件结构嵌套过深，超出处理上限';
  if (error instanceof RangeError) return '文件内容超出处理上限';
  return (error as Error)?.message ?? String(error);
}

/** Last year's report for a source: `--previous`, or the report file's own `previousYear`. */
export async function loadPrevious(source: LoadedReport, previousFile?: string): Promise<ReportData | undefined> {
  if (previousFile) return (await loadSource(previousFile)).report;
  const previous = source.report.previousYear;
  if (previous === undefined) return undefined;
  if (typeof previous === 'string') return (await loadSource(path.resolve(path.dirname(source.file), previous))).report;
  return previous;
}

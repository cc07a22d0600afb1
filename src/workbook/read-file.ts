/**
 * A report from a file the user picked or dropped in a browser (the task pane, the checker
 * page): one dispatch by file kind, read the same way the CLI reads it. ExcelJS and the HTML
 * parser are loaded only when a file needs them, so the first bundle stays small. No Node API.
 */
import { parseReportJson } from '../report/json';
import { sniffReportFile } from './sniff';
import { readReport } from './port';
import { interpretSnapshot, type ReadResult } from './snapshot';

/** A file the user picked, read into memory. */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** A file that cannot be read as a report; the message is Chinese and says why. */
export class UnreadableFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFile';
  }
}

/** One kind of file: the names it answers to and how to read it. */
export interface ReportFileReader {
  /** Shown in messages: "Excel 工作簿（.xlsx）". */
  label: string;
  test: RegExp;
  read(bytes: Uint8Array): Promise<ReadResult>;
}

/** A report file (.json) read like a workbook: no addresses and no read issues. */
export function reportFileRead(text: string): ReadResult {
  return { report: parseReportJson(text), addresses: new Map(), paragraphCells: [], unreadable: new Set(), issues: [] };
}

/** The readers, in the order they are tried. */
export const REPORT_FILE_READERS: ReportFileReader[] = [
  {
    label: '年报数据文件（.json）',
    test: /\.json$/i,
    read: async (bytes) => reportFileRead(new TextDecoder().decode(bytes)),
  },
  {
    label: 'Excel 工作簿（.xlsx）',
    test: /\.xls[xm]$/i,
    read: async (bytes) => {
      const { ExcelJsWorkbook } = await import(/* webpackChunkName: "exceljs" */ './exceljs');
      return readReport(await ExcelJsWorkbook.load(bytes, { readOnly: true }));
    },
  },
  {
    label: '保存的年报网页（.html）',
    test: /\.html?$/i,
    read: async (bytes) => {
      const { decodeHtml, htmlGrids } = await import(/* webpackChunkName: "html-import" */ './html-grid');
      return interpretSnapshot({ sheets: htmlGrids(decodeHtml(bytes)), names: [] });
    },
  },
  {
    label: 'Word 文件（.docx）',
    test: /\.docx$/i,
    read: async (bytes) => {
      const { readDocxReport } = await import(/* webpackChunkName: "docx-import" */ './docx-grid');
      return readDocxReport(bytes);
    },
  },
];

/** Why a file of a kind no reader takes cannot be read, said for what it probably is. */
function unsupported(name: string): string {
  if (/\.(xls|et|ods|ett|wps)$/i.test(name)) {
    return '不支持该文件格式：请在 WPS 或 Excel 中“另存为” Excel 工作簿（.xlsx）后再试。';
  }
  if (/\.(doc|wps|pdf)$/i.test(name)) return '不支持该文件格式：请选择年报工作簿（.xlsx）、数据文件（.json）或保存的年报网页（.html）。';
  return `不支持的文件类型“${name}”：请选择年报工作簿（.xlsx）、数据文件（.json）或保存的年报网页（.html）。`;
}

/**
 * Read one picked file as a report. Every failure is an UnreadableFile whose message says why
 * in Chinese (not a workbook, damaged, no report tables found, unsupported kind …).
 */
export async function readReportFile(file: PickedFile, readers: readonly ReportFileReader[] = REPORT_FILE_READERS): Promise<ReadResult> {
  // Files nianbao does not read are named by their content (.doc, .wps/.et, .xls, PDF …); a
  // Word report saved under another name is read as one.
  const sniffed = sniffReportFile(file.bytes, file.name);
  if (sniffed.kind === 'unsupported') throw new UnreadableFile(sniffed.message ?? '不支持该文件格式。');
  const byContent = sniffed.kind === 'docx' ? readers.find((r) => r.test.test('x.docx')) : undefined;
  const reader = byContent ?? readers.find((r) => r.test.test(file.name));
  if (!reader) throw new UnreadableFile(unsupported(file.name));
  if (file.bytes.length === 0) throw new UnreadableFile('文件是空的（0 字节）。');
  try {
    return await reader.read(file.bytes);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    // The report core's and the workbook backend's own errors are already Chinese and say why.
    const name = (error as Error | undefined)?.name;
    if (name === 'ReportFileError' || name === 'WorkbookFileError' || name === 'NotAReportWorkbook') throw new UnreadableFile((error as Error).message);
    throw new UnreadableFile(`按${reader.label}读取时出错：${error instanceof Error ? error.message : String(error)}`);
  }
}

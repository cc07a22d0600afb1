/**
 * A unit's report as a Word document (.docx, made by Word, WPS, LibreOffice or `nianbao export`)
 * read like a workbook: its tables become one cell grid for the same table finder the HTML
 * import uses (`finder.ts` through `interpretSnapshot`), its paragraphs outside the tables become
 * the narrative, and its title gives the agency and the year.
 *
 * The document part is read by a small, bounded reader of WordprocessingML written here (no XML
 * package: the format needs tags, a few attributes and text; no DTDs, no entities beyond the five
 * predefined ones and character references). `jszip` opens the package (it is what ExcelJS uses;
 * it runs in Node and in the browser).
 *
 * Tables: `gridSpan` and `vMerge` are laid out as merged cells (text in the first cell, blanks in
 * the rest, as a workbook's merged cells read); a table split in two by a page break or by hand
 * (two tables with the same grid and nothing but empty paragraphs between) is joined, and the
 * header rows it repeats are dropped. Every grid row remembers where it came from, so that issues
 * point into the document ("表三 第 9 行 第 4 列") instead of at a grid address.
 */
import JSZip from 'jszip';
import { orderReport, type CellValue, type Issue } from '../report/model';
import { parseA1 } from './address';
import type { SheetGrid } from './sheet-grid';
import { interpretSnapshot, NotAReportWorkbook, type ReadResult } from './snapshot';

/** The one grid's name; addresses on it are rewritten into document locations. */
export const DOCX_SHEET = '文档';

/** Limits: a unit's report is a few hundred KB; anything far beyond is not one. */
export const DOCX_LIMITS = {
  fileBytes: 50 * 1024 * 1024,
  zipEntries: 2000,
  documentChars: 30 * 1024 * 1024,
  depth: 256,
  tables: 500,
  rows: 20000,
  cells: 200000,
  columns: 200,
  paragraphs: 100000,
};

/** A .docx that cannot be read; the message is Chinese and says why. */
export class DocxFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocxFileError';
  }
}

interface RawCell {
  span: number;
  /** 'restart' opens a vertical merge, 'continue' is covered by the cell above. */
  vMerge: 'restart' | 'continue' | null;
  paragraphs: string[];
}

interface RawRow {
  gridBefore: number;
  header: boolean;
  cells: RawCell[];
}

interface RawTable {
  rows: RawRow[];
}

/** One table of the document as read: span-expanded values and whether each row is a marked header. */
export interface DocxTable {
  rows: CellValue[][];
  header: boolean[];
}

export interface DocxContent {
  /** The tables (split tables joined), one under another with a blank row between. */
  grid: SheetGrid;
  /** For each grid row (index = row − 1): its table (1-based, in document order) and row in it, or null. */
  origin: ({ table: number; row: number } | null)[];
  tables: DocxTable[];
  /** The paragraphs outside tables, in order, without empty ones (bold spans as `**…**`). */
  paragraphs: string[];
  /** The title (its paragraphs joined), when the document opens with one. */
  title: string | null;
  agency: string | null;
  year: number | null;
}

// ---------------------------------------------------------------------------------------
// The XML reader

// Strict OOXML documents (another namespace) are read with the usual `w` prefix, which they use too.
const W_NAMESPACES = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main'];

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, name: string) => {
    if (name === 'amp') return '&';
    if (name === 'lt') return '<';
    if (name === 'gt') return '>';
    if (name === 'quot') return '"';
    if (name === 'apos') return "'";
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function attribute(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2]) : null;
}

/** The prefix the document binds to the WordprocessingML namespace (`w` nearly always). */
function wordPrefix(xml: string): string {
  const head = xml.slice(0, 20000);
  for (const ns of W_NAMESPACES) {
    const m = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${ns.replace(/[.\\/]/g, '\\$&')}["']`).exec(head);
    if (m) return m[1];
  }
  return 'w';
}

function isOff(value: string | null): boolean {
  return value !== null && /^(0|false|off|none)$/i.test(value);
}

interface Paragraph {
  runs: { text: string; bold: boolean }[];
  inCell: boolean;
  /** A page or section break in or before it. */
  pageBreak: boolean;
}

/** Body order of top-level items: paragraphs (their text) and tables (their index). */
type BodyItem = { kind: 'p'; text: string; pageBreak: boolean } | { kind: 'tbl'; index: number };

interface Parsed {
  tables: RawTable[];
  body: BodyItem[];
}

/** Read document.xml: tables (with nested tables read as tables of their own) and body paragraphs. */
export function parseDocumentXml(xml: string): Parsed {
  if (xml.length > DOCX_LIMITS.documentChars) throw new DocxFileError('文档内容过大，不像是一份年度报告');
  if (/<!DOCTYPE/i.test(xml.slice(0, 2000))) throw new DocxFileError('文档内容含有 DOCTYPE 声明，不是 Word 生成的文档，未读取');
  const w = wordPrefix(xml) + ':';
  const tables: RawTable[] = [];
  const body: BodyItem[] = [];
  const tableStack: { table: RawTable; index: number }[] = [];
  const cellStack: RawCell[] = [];
  const paragraphStack: Paragraph[] = [];
  const stack: string[] = [];
  let runBold = false;
  let inText = false;
  let skipDepth = 0;
  let rows = 0;
  let cells = 0;
  let paragraphs = 0;
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^>]*?)?)(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  const addText = (text: string) => {
    const p = paragraphStack[paragraphStack.length - 1];
    if (!p || text === '') return;
    const run = p.runs[p.runs.length - 1];
    if (run && run.bold === runBold) run.text += text;
    else p.runs.push({ text, bold: runBold });
  };
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    if (inText && skipDepth === 0 && m.index > last) addText(decodeEntities(xml.slice(last, m.index)));
    last = tag.lastIndex;
    if (m[5] !== undefined) {
      if (inText && skipDepth === 0) addText(m[5]);
      continue;
    }
    if (m[2] === undefined) continue;
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    const name = m[2];
    const attrs = m[3] ?? '';
    if (closing) {
      // Unwind to the matching element (tolerates a stray close tag).
      const at = stack.lastIndexOf(name);
      if (at < 0) continue;
      while (stack.length > at) {
        const top = stack.pop()!;
        if (skipDepth > 0) {
          if (stack.length < skipDepth) skipDepth = 0;
          continue;
        }
        close(top);
      }
      continue;
    }
    if (skipDepth === 0) open(name, attrs);
    if (!selfClosing) {
      stack.push(name);
      if (stack.length > DOCX_LIMITS.depth) throw new DocxFileError('文档的嵌套层次过深，无法读取');
      // Alternate renderings, moved-away text and deleted text are not the document's text.
      if (skipDepth === 0 && /(^|:)(Fallback)$/.test(name)) skipDepth = stack.length;
      else if (skipDepth === 0 && (name === `${w}moveFrom` || name === `${w}del`)) skipDepth = stack.length;
    } else if (skipDepth === 0) {
      close(name);
    }
  }
  return { tables, body };

  function open(name: string, attrs: string): void {
    if (!name.startsWith(w)) return;
    const local = name.slice(w.length);
    const cell = cellStack[cellStack.length - 1];
    const table = tableStack[tableStack.length - 1]?.table;
    const row = table?.rows[table.rows.length - 1];
    switch (local) {
      case 'tbl': {
        if (tables.length >= DOCX_LIMITS.tables) throw new DocxFileError('文档中的表格过多，不像是一份年度报告');
        const t: RawTable = { rows: [] };
        tableStack.push({ table: t, index: tables.length });
        tables.push(t);
        // A top-level table takes its place in the body; a nested one is read as a table of its own.
        if (tableStack.length === 1) body.push({ kind: 'tbl', index: tables.length - 1 });
        break;
      }
      case 'tr':
        if (++rows > DOCX_LIMITS.rows) throw new DocxFileError('文档中的表格行数过多，无法读取');
        table?.rows.push({ gridBefore: 0, header: false, cells: [] });
        break;
      case 'gridBefore':
        if (row && stack[stack.length - 1] === `${w}trPr`) row.gridBefore = Math.min(DOCX_LIMITS.columns, Math.max(0, Number(attribute(attrs, `${w}val`)) || 0));
        break;
      case 'tblHeader':
        if (row && stack[stack.length - 1] === `${w}trPr`) row.header = !isOff(attribute(attrs, `${w}val`));
        break;
      case 'tc':
        if (++cells > DOCX_LIMITS.cells) throw new DocxFileError('文档中的表格单元格过多，无法读取');
        if (row) {
          const c: RawCell = { span: 1, vMerge: null, paragraphs: [] };
          row.cells.push(c);
          cellStack.push(c);
        } else {
          cellStack.push({ span: 1, vMerge: null, paragraphs: [] });
        }
        break;
      case 'gridSpan':
        if (cell && stack[stack.length - 1] === `${w}tcPr`) cell.span = Math.min(DOCX_LIMITS.columns, Math.max(1, Number(attribute(attrs, `${w}val`)) || 1));
        break;
      case 'vMerge':
        if (cell && stack[stack.length - 1] === `${w}tcPr`) cell.vMerge = attribute(attrs, `${w}val`) === 'restart' ? 'restart' : 'continue';
        break;
      case 'p':
        if (++paragraphs > DOCX_LIMITS.paragraphs) throw new DocxFileError('文档中的段落过多，无法读取');
        paragraphStack.push({ runs: [], inCell: cellStack.length > 0, pageBreak: false });
        break;
      case 'r':
        runBold = false;
        break;
      case 'b':
        // Run formatting only (w:r/w:rPr/w:b), not the paragraph mark's.
        if (stack[stack.length - 1] === `${w}rPr` && stack[stack.length - 2] === `${w}r`) runBold = !isOff(attribute(attrs, `${w}val`));
        break;
      case 't':
        inText = true;
        break;
      case 'tab':
        if (stack[stack.length - 1] === `${w}r`) addText('\t');
        break;
      case 'br':
        if (attribute(attrs, `${w}type`) === 'page') markBreak();
        else if (stack[stack.length - 1] === `${w}r`) addText('\n');
        break;
      case 'cr':
        if (stack[stack.length - 1] === `${w}r`) addText('\n');
        break;
      case 'lastRenderedPageBreak':
      case 'sectPr':
        markBreak();
        break;
      case 'pageBreakBefore':
        if (!isOff(attribute(attrs, `${w}val`))) markBreak();
        break;
      case 'noBreakHyphen':
        addText('-');
        break;
    }
  }

  function markBreak(): void {
    const p = paragraphStack[paragraphStack.length - 1];
    if (p) p.pageBreak = true;
  }

  function close(name: string): void {
    if (!name.startsWith(w)) return;
    switch (name.slice(w.length)) {
      case 't':
        inText = false;
        break;
      case 'tbl':
        tableStack.pop();
        break;
      case 'tc':
        cellStack.pop();
        break;
      case 'p': {
        const p = paragraphStack.pop();
        if (!p) break;
        const cell = cellStack[cellStack.length - 1];
        if (p.inCell && cell) {
          cell.paragraphs.push(p.runs.map((r) => r.text).join(''));
        } else if (!p.inCell) {
          body.push({ kind: 'p', text: paragraphText(p), pageBreak: p.pageBreak });
        }
        break;
      }
    }
  }
}

/** A body paragraph's text: line breaks joined, bold spans marked `**…**` when only part is bold. */
function paragraphText(p: Paragraph): string {
  const runs = p.runs.map((r) => ({ ...r, text: r.text.replace(/[ \t]*\n[ \t]*/g, '').replace(/\t/g, ' ') })).filter((r) => r.text !== '');
  const whole = runs.map((r) => r.text).join('');
  if (!runs.some((r) => r.bold) || runs.every((r) => r.bold || r.text.trim() === '')) return whole.trim();
  return runs
    .map((r) => (r.bold && r.text.trim() !== '' ? `**${r.text}**` : r.text))
    .join('')
    .replace(/\*\*\*\*/g, '')
    .trim();
}

// ---------------------------------------------------------------------------------------
// Tables → grid

/** A cell's value: a number only when it is nothing but digits (as the HTML import reads cells). */
function cellValueOf(text: string): CellValue {
  const t = text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
  if (t === '') return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function expand(table: RawTable): DocxTable {
  const rows: CellValue[][] = [];
  for (const row of table.rows) {
    const values: CellValue[] = [];
    let col = row.gridBefore;
    for (let c = 0; c < col; c++) values.push(null);
    for (const cell of row.cells) {
      if (col + cell.span > DOCX_LIMITS.columns) break;
      values.push(cell.vMerge === 'continue' ? null : cellValueOf(cell.paragraphs.join('\n')));
      for (let k = 1; k < cell.span; k++) values.push(null);
      col += cell.span;
    }
    rows.push(values);
  }
  return { rows, header: table.rows.map((r) => r.header) };
}

function rowKey(row: CellValue[]): string {
  return row.map((v) => (v === null ? '' : String(v).replace(/\s+/g, ''))).join('\u0001');
}

function width(table: DocxTable): number {
  return Math.max(0, ...table.rows.map((r) => r.length));
}

/**
 * Join a table continued on the next page: the same grid width, nothing but empty paragraphs
 * between, and either a page break between, its header rows repeated (the same text, or marked
 * as header rows: these are dropped), or nothing at all between. Tables of the same width with
 * just an empty line between (Table 2's blocks) stay apart.
 */
function joinSplitTables(parsed: Parsed): DocxTable[] {
  const expanded = parsed.tables.map(expand);
  const out: DocxTable[] = [];
  const topLevel = new Set<number>();
  let previous: DocxTable | null = null;
  /** What stands between the last table and this one. */
  let gap: 'none' | 'empty' | 'break' | 'text' = 'text';
  for (const item of parsed.body) {
    if (item.kind === 'p') {
      if (item.text.trim() !== '') gap = 'text';
      else if (gap !== 'text' && item.pageBreak) gap = 'break';
      else if (gap === 'none') gap = 'empty';
      continue;
    }
    topLevel.add(item.index);
    const table = expanded[item.index];
    let skip = 0;
    if (previous && gap !== 'text' && width(previous) === width(table)) {
      while (
        skip < table.rows.length &&
        skip < previous.rows.length &&
        (table.header[skip] || (rowKey(table.rows[skip]) === rowKey(previous.rows[skip]) && table.rows[skip].some((v) => v !== null)))
      ) {
        skip++;
      }
    }
    if (previous && gap !== 'text' && width(previous) === width(table) && (gap !== 'empty' || skip > 0)) {
      previous.rows.push(...table.rows.slice(skip));
      previous.header.push(...table.header.slice(skip));
    } else {
      const copy = { rows: [...table.rows], header: [...table.header] };
      out.push(copy);
      previous = copy;
    }
    gap = 'none';
  }
  // Nested tables (inside a cell) follow as tables of their own.
  expanded.forEach((t, i) => {
    if (!topLevel.has(i)) out.push(t);
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Title, agency, year

const TITLE = /^(.*?)(\d{4})年(?:度)?政府信息公开工作年度报告/;

/** "某县某镇人民政府2023年政府信息公开工作年度报告" → agency and year. */
export function parseReportTitle(title: string): { agency: string; year: number } | null {
  const m = TITLE.exec(title.replace(/\s+/g, ''));
  if (!m) return null;
  return { agency: m[1].replace(/^[（(【].*?[）)】]/, '').trim(), year: Number(m[2]) };
}

/** The document's title: its first paragraphs (up to three, before any section) ending in 年度报告. */
function findTitle(paragraphs: string[]): { title: string; count: number } | null {
  let text = '';
  for (let i = 0; i < Math.min(3, paragraphs.length); i++) {
    const p = paragraphs[i].replace(/\*\*/g, '');
    if (/^[一二三四五六七八九十]+、/.test(p) || p.includes('。')) return null;
    text += p;
    if (/年度报告(（[^）]*）|\([^)]*\)|格式模板)?$/.test(text.replace(/\s+/g, ''))) return { title: text.replace(/\s+/g, ''), count: i + 1 };
  }
  return null;
}

// ---------------------------------------------------------------------------------------

/** Parse a document part into tables, grid and paragraphs. Pure. */
export function docxContentFromXml(xml: string): DocxContent {
  const parsed = parseDocumentXml(xml);
  const tables = joinSplitTables(parsed);
  const values: CellValue[][] = [];
  const origin: DocxContent['origin'] = [];
  tables.forEach((t, i) => {
    if (t.rows.length === 0) return;
    t.rows.forEach((row, r) => {
      values.push(row);
      origin.push({ table: i + 1, row: r + 1 });
    });
    values.push([]);
    origin.push(null);
  });
  // A draft notice (from `nianbao export --draft`) is not part of the report text.
  const paragraphs = parsed.body
    .filter((b): b is Extract<BodyItem, { kind: 'p' }> => b.kind === 'p')
    .map((b) => b.text)
    .filter((t) => t !== '' && !/^草稿：.*不得作为正式报告发布$/.test(t));
  const title = findTitle(paragraphs);
  const parsedTitle = title ? parseReportTitle(title.title) : null;
  return {
    grid: { name: DOCX_SHEET, values },
    origin,
    tables,
    paragraphs: title ? paragraphs.slice(title.count) : paragraphs,
    title: title?.title ?? null,
    agency: parsedTitle?.agency || null,
    year: parsedTitle?.year ?? null,
  };
}

/** Open a .docx package and read its main document part. */
export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  if (bytes.length > DOCX_LIMITS.fileBytes) throw new DocxFileError('文件过大（超过 50 MB），不像是一份年度报告');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new DocxFileError('文件已损坏或不是 Word 文档（.docx），无法打开');
  }
  const entries = Object.keys(zip.files);
  if (entries.length > DOCX_LIMITS.zipEntries) throw new DocxFileError('文档包含的部件过多，不像是一份年度报告');
  // The main part is word/document.xml in every producer; [Content_Types].xml could rename it, none does.
  const part = zip.file('word/document.xml') ?? zip.file(/^word\/document\d*\.xml$/i)[0] ?? null;
  if (!part) throw new DocxFileError(entries.includes('xl/workbook.xml') ? '这是 Excel 工作簿，不是 Word 文档' : '文件中没有 Word 文档的正文部分（word/document.xml），不是有效的 .docx 文件');
  const declared = (part as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  if (typeof declared === 'number' && declared > DOCX_LIMITS.documentChars * 4) throw new DocxFileError('文档内容过大，不像是一份年度报告');
  let xml: string;
  try {
    xml = await part.async('string');
  } catch {
    throw new DocxFileError('文档正文部分已损坏，无法读取');
  }
  return docxContentFromXml(xml);
}

// ---------------------------------------------------------------------------------------
// Report

const TABLE_NAMES: Record<string, string> = { table2: '表二', table3: '表三', table4: '表四' };

/** "表三 第 9 行 第 4 列" for a grid address on the document grid; other addresses unchanged. */
function locator(content: DocxContent, read: ReadResult): (address: string) => string {
  // Which report table each document table holds, from where its cells were found.
  const holds = new Map<number, string>();
  for (const [id, address] of read.addresses) {
    const cell = parseA1(address.slice(address.lastIndexOf('!') + 1));
    const o = cell && content.origin[cell.row - 1];
    const name = TABLE_NAMES[id.split('.')[0]];
    if (o && name && !holds.has(o.table)) holds.set(o.table, name);
  }
  return (address: string) => {
    if (!address.startsWith(DOCX_SHEET + '!')) return address;
    const cell = parseA1(address.slice(DOCX_SHEET.length + 1));
    const o = cell && content.origin[cell.row - 1];
    if (!cell || !o) return address;
    return `${holds.get(o.table) ?? `第 ${o.table} 个表格`} 第 ${o.row} 行 第 ${cell.col} 列`;
  };
}

/** Rewrite grid addresses into document locations, in cells and in messages. */
export function relocateIssue(issue: Issue, locate: (address: string) => string): Issue {
  const pattern = new RegExp(`${DOCX_SHEET}!\\$?[A-Z]{1,3}\\$?\\d+`, 'g');
  return {
    ...issue,
    cells: issue.cells.map(locate),
    message: issue.message.replace(pattern, (a) => locate(a.replace(/\$/g, ''))),
  };
}

/** The document holds none of the three tables. */
export class NotAReportDocument extends Error {
  constructor() {
    super('文档中没有找到表二、表三、表四的表头和行标签，无法识别为政府信息公开工作年度报告');
    this.name = 'NotAReportDocument';
  }
}

/**
 * A document read as a report: the tables through the same finder as a workbook or a web page,
 * the narrative from its paragraphs, agency and year from its title. Every address in the
 * result (and in its issues) is a document location. Pure.
 */
export function docxReport(content: DocxContent): ReadResult {
  let read: ReadResult;
  try {
    read = interpretSnapshot({ sheets: [content.grid], names: [] });
  } catch (error) {
    if (error instanceof NotAReportWorkbook) throw new NotAReportDocument();
    throw error;
  }
  const locate = locator(content, read);
  const addresses = new Map([...read.addresses].map(([id, address]) => [id, locate(address)]));
  const report = { ...read.report };
  if (content.agency) report.agency = content.agency;
  if (content.year !== null) report.year = content.year;
  if (content.paragraphs.length > 0) report.narrative = content.paragraphs.join('\n\n');
  // `recognized` is about workbooks without names (it suggests `nianbao adopt`): not kept for documents.
  const { addresses: _a, recognized: _r, ...rest } = read;
  return {
    ...rest,
    report: orderReport(report),
    addresses,
    paragraphCells: [],
    issues: read.issues.map((i) => relocateIssue(i, locate)),
  };
}

/** Read a .docx report: package → document → report. */
export async function readDocxReport(bytes: Uint8Array): Promise<ReadResult & { content: DocxContent }> {
  const content = await readDocx(bytes);
  return { ...docxReport(content), content };
}

/**
 * A published report page (HTML saved from a government website) as cell grids, so that the
 * table finder reads it like a worksheet. Row and column spans are laid out as merged cells
 * (text in the first cell); a table nested in a cell is read as a table of its own. Numbers are
 * taken strictly: a cell is a number only when it is nothing but digits.
 *
 * The page is read with a small linear tokenizer (no recursion, no backtracking), so a hostile
 * page (deep nesting, huge spans, unclosed tags) costs time and memory in proportion to its
 * size. Only the text a browser shows is read: script, style, template, noscript, hidden
 * elements and comments are skipped. Spans are clamped as browsers do (colspan ≤ 1000, rowspan
 * to the end of its table) and the cells of all tables are limited (HtmlLimitError).
 */
import type { CellValue } from '../report/model';
import type { SheetGrid } from './sheet-grid';

/** A page over a limit; the message names it. */
export class HtmlLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HtmlLimitError';
  }
}

export const HTML_LIMITS = {
  /** Cells of all tables of a page, spans included. */
  cells: 1_000_000,
  /** Browsers' own limits on spans (HTML standard). */
  colspan: 1000,
  rowspan: 65534,
} as const;

const NAMED: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  middot: '·', hellip: '…', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', times: '×',
  divide: '÷', yen: '¥', copy: '©', reg: '®', bull: '•', deg: '°', plusmn: '±', shy: '',
};

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z]{2,8});?/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** Elements whose content the tokenizer skips as raw text (never shown, or not as page text). */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title', 'plaintext']);
/** Elements whose content a browser does not show. */
const HIDDEN = new Set(['template', 'object', 'svg', 'math', 'datalist']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'frame', 'keygen']);
/** Elements that break a line: a space between their text and the next. */
const BREAKS = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'dd', 'dt']);
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4']);

interface RawCell {
  text: string[];
  rowSpan: number;
  colSpan: number;
}

interface RawTable {
  order: number;
  rows: RawCell[][];
  row: RawCell[] | null;
  cell: RawCell | null;
  /** Open-element depth where the table's current row and cell start. */
  rowDepth: number;
  cellDepth: number;
}

interface Attributes {
  [name: string]: string;
}

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttributes(text: string): Attributes {
  const out: Attributes = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

function isHidden(tag: string, attributes: Attributes): boolean {
  if (HIDDEN.has(tag) || 'hidden' in attributes) return true;
  const style = attributes.style?.toLowerCase().replace(/\s+/g, '') ?? '';
  return style.includes('display:none') || style.includes('visibility:hidden');
}

function span(raw: string | undefined, max: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

function value(text: string): CellValue {
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function clean(parts: string[]): string {
  return parts.join('').replace(/[\u00a0\s]+/g, ' ').trim();
}

export interface HtmlPage {
  /** All tables of the page, one under another (a blank row between), as one grid. */
  sheets: SheetGrid[];
  /** The page's first h1, else its title. */
  title: string;
  /** Headings and paragraphs outside the tables. */
  paragraphs: string[];
}

/** Lay out one table's rows and spans as a grid; `budget` counts the cells left for the page. */
function layout(table: RawTable, budget: { cells: number }): CellValue[][] {
  const grid: CellValue[][] = [];
  const taken: Set<number>[] = [];
  const rows = table.rows;
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    taken[r] ??= new Set();
    let c = 0;
    for (const cell of cells) {
      while (taken[r].has(c)) c++;
      // A rowspan reaching past the table's last row ends there (as browsers do).
      const rowSpan = Math.min(cell.rowSpan, rows.length - r);
      const area = rowSpan * cell.colSpan;
      budget.cells -= area;
      if (budget.cells < 0) throw new HtmlLimitError(`网页中的表格过大（超过 ${HTML_LIMITS.cells} 个单元格，含合并单元格），无法导入`);
      for (let dr = 0; dr < rowSpan; dr++) {
        grid[r + dr] ??= [];
        taken[r + dr] ??= new Set();
        for (let dc = 0; dc < cell.colSpan; dc++) {
          taken[r + dr].add(c + dc);
          grid[r + dr][c + dc] = dr === 0 && dc === 0 ? value(clean(cell.text)) : null;
        }
      }
      c += cell.colSpan;
    }
  });
  return grid.map((row) => Array.from({ length: row.length }, (_, i) => row[i] ?? null));
}

/** Read a page: its tables as one grid, its title and its paragraphs. Linear in the page size. */
export function readHtmlPage(html: string): HtmlPage {
  const done: RawTable[] = [];
  const tables: RawTable[] = [];
  const open: { tag: string; hidden: boolean }[] = [];
  const openCount = new Map<string, number>();
  let hidden = 0;
  let order = 0;
  let title = '';
  let h1: string | null = null;
  let paragraph: { tag: string; text: string[] } | null = null;
  const paragraphs: string[] = [];

  const flushParagraph = () => {
    if (!paragraph) return;
    const text = clean(paragraph.text);
    if (paragraph.tag === 'h1' && h1 === null) h1 = text;
    if (text !== '') paragraphs.push(text);
    paragraph = null;
  };
  const top = () => tables[tables.length - 1];
  const closeCell = (t: RawTable) => {
    t.cell = null;
  };
  const closeRow = (t: RawTable) => {
    closeCell(t);
    t.row = null;
  };
  const text = (chunk: string) => {
    if (hidden > 0 || chunk === '') return;
    const t = top();
    if (t) {
      if (t.cell) t.cell.text.push(chunk);
      return;
    }
    paragraph?.text.push(chunk);
  };
  const push = (tag: string, isHiddenElement: boolean) => {
    open.push({ tag, hidden: isHiddenElement });
    openCount.set(tag, (openCount.get(tag) ?? 0) + 1);
    if (isHiddenElement) hidden++;
  };
  /** Close every open element above `depth` (each element is closed once: linear overall). */
  const truncate = (depth: number) => {
    while (open.length > depth) {
      const el = open.pop()!;
      openCount.set(el.tag, openCount.get(el.tag)! - 1);
      if (el.hidden) hidden--;
      if (el.tag === 'table' && !el.hidden && hidden === 0) {
        const t = tables.pop();
        if (t) {
          closeRow(t);
          done.push(t);
        }
      }
    }
  };
  /** Close the innermost open `tag` and everything opened inside it. */
  const pop = (tag: string) => {
    if (!openCount.get(tag)) return;
    let at = open.length - 1;
    while (open[at].tag !== tag) at--;
    truncate(at);
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(decodeEntities(html.slice(i)));
      break;
    }
    if (lt > i) text(decodeEntities(html.slice(i, lt)));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const m = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(lt, lt + 40));
    if (!m) {
      text('<');
      i = lt + 1;
      continue;
    }
    const end = html.indexOf('>', lt);
    if (end < 0) break;
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    i = end + 1;
    if (closing) {
      if (BREAKS.has(tag)) text(' ');
      const t = top();
      if (t && (tag === 'td' || tag === 'th') && t.cell) {
        truncate(t.cellDepth);
        closeCell(t);
        continue;
      } else if (t && tag === 'tr' && t.row) {
        truncate(t.rowDepth);
        closeRow(t);
        continue;
      } else if (PARAGRAPHS.has(tag) && paragraph?.tag === tag) {
        flushParagraph();
      }
      pop(tag);
      continue;
    }
    const attributes = parseAttributes(html.slice(lt + m[0].length, end));
    if (RAW_TEXT.has(tag)) {
      const closer = new RegExp(`</${tag}`, 'gi');
      closer.lastIndex = i;
      const close = closer.exec(html)?.index ?? -1;
      const content = html.slice(i, close < 0 ? n : close);
      if (tag === 'title' && title === '') title = clean([decodeEntities(content)]);
      if (tag === 'textarea') text(decodeEntities(content));
      const after = close < 0 ? -1 : html.indexOf('>', close);
      i = after < 0 ? n : after + 1;
      continue;
    }
    if (BREAKS.has(tag)) text(' ');
    if (VOID.has(tag)) continue;
    const hide = isHidden(tag, attributes);
    if (tag === 'table') {
      if (hidden === 0 && !hide) tables.push({ order: order++, rows: [], row: null, cell: null, rowDepth: 0, cellDepth: 0 });
      push(tag, hide);
      continue;
    }
    const t = top();
    if (t && hidden === 0 && (tag === 'td' || tag === 'th')) {
      // An open cell of this table ends where the next one starts.
      if (t.cell) truncate(t.cellDepth);
      closeCell(t);
      if (!t.row) {
        t.row = [];
        t.rows.push(t.row);
        t.rowDepth = open.length;
      }
      t.cell = { text: [], rowSpan: span(attributes.rowspan, HTML_LIMITS.rowspan), colSpan: span(attributes.colspan, HTML_LIMITS.colspan) };
      t.row.push(t.cell);
      t.cellDepth = open.length;
      push(tag, hide);
      continue;
    }
    if (t && hidden === 0 && tag === 'tr') {
      if (t.row) truncate(t.rowDepth);
      closeRow(t);
      t.row = [];
      t.rows.push(t.row);
      t.rowDepth = open.length;
      push(tag, hide);
      continue;
    }
    if (!t && PARAGRAPHS.has(tag) && hidden === 0) {
      flushParagraph();
      paragraph = { tag, text: [] };
    }
    push(tag, hide);
  }
  flushParagraph();
  while (tables.length > 0) {
    const t = tables.pop()!;
    closeRow(t);
    done.push(t);
  }
  done.sort((a, b) => a.order - b.order);
  const budget = { cells: HTML_LIMITS.cells };
  const values: CellValue[][] = [];
  for (const table of done) {
    const rows = layout(table, budget);
    if (rows.length === 0) continue;
    values.push(...rows, []);
  }
  return { sheets: [{ name: '网页', values }], title: h1 ?? title, paragraphs };
}

/** Every table of the page, one under another (a blank row between), as one grid. */
export function htmlGrids(html: string): SheetGrid[] {
  return readHtmlPage(html).sheets;
}

/** The page's report text: its headings and paragraphs outside the tables, and its title. */
export function htmlText(html: string): { title: string; paragraphs: string[] } {
  const { title, paragraphs } = readHtmlPage(html);
  return { title, paragraphs };
}

function looksUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  // Mostly ASCII markup: every other byte zero.
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  if (oddZero > n / 4 && evenZero < n / 40) return 'utf-16le';
  if (evenZero > n / 4 && oddZero < n / 40) return 'utf-16be';
  return null;
}

/**
 * Decode a saved page as a browser does: a byte order mark first (UTF-8, UTF-16), then UTF-16
 * without a mark, then the meta charset, then UTF-8 if the bytes are valid UTF-8, else GB18030
 * (government pages saved without a charset are usually GBK).
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const utf16 = looksUtf16(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const charset = /charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (charset && /^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936)$/.test(charset)) return new TextDecoder('gb18030').decode(bytes);
  if (charset && /^(big5|big5-hkscs)$/.test(charset)) return new TextDecoder('big5').decode(bytes);
  if (charset && /^utf-?8$/.test(charset)) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

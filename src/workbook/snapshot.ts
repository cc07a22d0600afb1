/**
 * A workbook read in one batch, as plain data, and its interpretation as a report.
 *
 * Both backends produce a `WorkbookSnapshot` (ExcelJS from a file, Office.js from the open
 * workbook in one sync); everything after that is pure and shared: finding each cell through
 * its defined name, reporting missing sheets, broken names and overwritten labels.
 */
import { TABLES, TABLE4, cellId, rowColumns, rowPath, type TableDef } from '../report/format';
import { labelSimilarity, labelsMatch } from '../report/labels';
import { orderReport, type CellValue, type Issue, type ReportData } from '../report/model';
import { absoluteReference, displayAddress, parseReference, type CellRef } from './address';
import { findTables, type FinderResult, type FoundCell } from './finder';
import { gridValue, type SheetGrid } from './sheet-grid';

export { gridValue, type SheetGrid };
import { OLD_FORMAT } from '../report/report-info';
import { INFO_FIELDS, INFO_NAME_PREFIX, NARRATIVE_NAME, PREVIOUS_CELLS, PREVIOUS_NARRATIVE_NAME, PREVIOUS_PREFIX, VALUES_NAME, isReservedName } from './layout';

export interface WorkbookSnapshot {
  sheets: SheetGrid[];
  /** Workbook-scoped defined names and their references (`'表三'!$J$7`, `#REF!`). */
  names: { name: string; reference: string }[];
  /** Sheets read only in part (the task pane reads a window of each sheet): their size, and the part read. */
  clipped?: { sheet: string; rows: number; cols: number; readRows: number; readCols: number }[];
}

export interface ReadResult {
  report: ReportData;
  /** Cell id or name → workbook address (`表三!J7`, `基本信息!B5`), for every cell found. */
  addresses: Map<string, string>;
  /** Address of each narrative paragraph, in template order (`正文!A7`). */
  paragraphCells: string[];
  /** Cell ids that could not be found at all (covered by a WORKBOOK_STRUCTURE issue). */
  unreadable: Set<string>;
  /** Problems of the workbook itself: missing sheets and names, overwritten labels. */
  issues: Issue[];
  /** Set when the workbook had no nianbao names and its tables were found by their labels. */
  recognized?: FinderResult;
}

/** The workbook holds none of nianbao's names: it is not a report workbook (yet). */
export class NotAReportWorkbook extends Error {
  constructor() {
    super('工作簿中没有年报模板的名称，也没有按官方标签找到年报的三张表，无法识别为年报工作簿。');
    this.name = 'NotAReportWorkbook';
  }
}

type Lookup = { ok: true; ref: CellRef; address: string; value: CellValue } | { ok: false; reason: 'missing' | 'broken' | 'sheet'; sheet?: string };

/** A defined name's reference, parsed: its cell and that cell's display address; null if broken. */
type Parsed = { ref: CellRef; address: string } | null;

/**
 * References parsed so far, shared by every read: the workbooks of a batch (and every re-check
 * of the open workbook) hold the same few hundred references. Bounded; the entries are never
 * changed, so sharing them is safe.
 */
const PARSED = new Map<string, Parsed>();
const PARSED_LIMIT = 20_000;

function parsed(reference: string): Parsed {
  let found = PARSED.get(reference);
  if (found === undefined) {
    const ref = parseReference(reference);
    found = ref ? { ref, address: displayAddress(ref) } : null;
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    PARSED.set(reference, found);
  }
  return found;
}

class Resolver {
  private readonly sheets = new Map<string, SheetGrid>();
  /** Names as written: nearly every lookup finds its name here, without case folding. */
  private readonly names = new Map<string, string>();
  /** Names case-folded (Excel's names ignore case), made on the first lookup that needs them. */
  private folded: Map<string, string> | null = null;
  constructor(readonly snapshot: WorkbookSnapshot) {
    for (const sheet of snapshot.sheets) this.sheets.set(sheet.name, sheet);
    for (const n of snapshot.names) this.names.set(n.name, n.reference);
  }
  private reference(name: string): string | undefined {
    const exact = this.names.get(name);
    if (exact !== undefined) return exact;
    if (!this.folded) {
      this.folded = new Map();
      for (const n of this.snapshot.names) this.folded.set(n.name.toLowerCase(), n.reference);
    }
    return this.folded.get(name.toLowerCase());
  }
  has(name: string): boolean {
    return this.reference(name) !== undefined;
  }
  grid(sheet: string): SheetGrid | undefined {
    return this.sheets.get(sheet);
  }
  lookup(name: string): Lookup {
    const reference = this.reference(name);
    if (reference === undefined) return { ok: false, reason: 'missing' };
    const at = parsed(reference);
    if (!at) return { ok: false, reason: 'broken' };
    const grid = this.sheets.get(at.ref.sheet);
    if (!grid) return { ok: false, reason: 'sheet', sheet: at.ref.sheet };
    return { ok: true, ref: at.ref, address: at.address, value: gridValue(grid, at.ref.row, at.ref.col) };
  }
}

/** Every input cell of each table with its id, worked out once. */
const TABLE_CELLS = new Map(TABLES.map((table) => [table, table.rows.map((row) => ({ row, cells: rowColumns(table, row).map((column) => ({ column, id: cellId(table.key, row.key, column.key) })) }))]));

function structureIssue(table: Issue['table'], message: string, severity: Issue['severity'] = 'error'): Issue {
  return { rule: 'WORKBOOK_STRUCTURE', severity, table, row: null, column: null, cells: [], expected: null, actual: null, message };
}

/** The text of a cell as a label (numbers as typed, blank as ''). */
function text(value: CellValue): string {
  return value === null ? '' : String(value);
}

/** The row label left of a table row's first input cell: the nearest non-blank cell to its left. */
function labelLeftOf(grid: SheetGrid, ref: CellRef): { text: string; col: number } | null {
  for (let c = ref.col - 1; c >= 1; c--) {
    const t = text(gridValue(grid, ref.row, c)).trim();
    if (t !== '') return { text: t, col: c };
  }
  return null;
}

function readTable(table: TableDef, resolver: Resolver, result: ReadResult, recognized: boolean): void {
  const data: Record<string, Record<string, CellValue>> = {};
  const missing: string[] = [];
  const broken: string[] = [];
  const missingSheets = new Set<string>();
  for (const { row, cells } of TABLE_CELLS.get(table)!) {
    const rowData: Record<string, CellValue> = {};
    for (const { column, id } of cells) {
      const found = resolver.lookup(id);
      if (found.ok) {
        rowData[column.key] = found.value;
        result.addresses.set(id, found.address);
      } else {
        rowData[column.key] = null;
        result.unreadable.add(id);
        if (found.reason === 'sheet') missingSheets.add(found.sheet!);
        else (found.reason === 'missing' ? missing : broken).push(id);
      }
    }
    data[row.key] = rowData;
  }
  result.report[table.key] = data;

  checkRowLabels(table, resolver, result, recognized ? 'warning' : 'error');
  // In a recognized workbook, cells not found are listed by the finder instead.
  if (recognized) return;
  const total = table.rows.reduce((n, row) => n + rowColumns(table, row).length, 0);
  for (const sheet of missingSheets) {
    result.issues.push(
      structureIssue(table.key, `找不到工作表“${sheet}”（可能已被删除），${table.name}的单元格无法读取；请在加载项中点“创建模板”修复，或从备份中恢复该工作表`),
    );
  }
  const describe = (ids: string[]) => {
    const shown = ids.slice(0, 3).map((id) => `“${id}”`).join('、');
    return ids.length > 3 ? `${shown} 等 ${ids.length} 个` : shown;
  };
  if (missing.length > 0) {
    const all = missing.length === total;
    result.issues.push(
      structureIssue(
        table.key,
        all
          ? `工作簿中没有${table.name}的命名单元格（如“${missing[0]}”），无法读取${table.name}；请在加载项中点“创建模板”重建`
          : `名称 ${describe(missing)} 已被删除，无法找到对应的${table.name}单元格（${missing.slice(0, 3).map((id) => whereOf(table, id)).join('；')}）；请在加载项中点“创建模板”修复名称`,
      ),
    );
  }
  if (broken.length > 0) {
    result.issues.push(
      structureIssue(table.key, `名称 ${describe(broken)} 的引用已失效（#REF!，通常是所在的行、列或工作表被删除），无法读取对应的${table.name}单元格；请在加载项中点“创建模板”修复`),
    );
  }
}

function whereOf(table: TableDef, id: string): string {
  const [, rowKey, columnKey] = id.split('.');
  const row = table.rows.find((r) => r.key === rowKey);
  const column = table.columns.find((c) => c.key === columnKey);
  return row && column ? `${rowPath(table, row)}·${column.label}` : id;
}

/** Each Table 2/3 row's label must still read as the official label beside its cells. */
function checkRowLabels(table: TableDef, resolver: Resolver, result: ReadResult, severity: Issue['severity']): void {
  if (table.key === TABLE4.key) return;
  for (const { row, cells } of TABLE_CELLS.get(table)!) {
    const found = resolver.lookup(cells[0].id);
    if (!found.ok) continue;
    const grid = resolver.grid(found.ref.sheet)!;
    const label = labelLeftOf(grid, found.ref);
    if (label && labelsMatch(label.text, row.label)) continue;
    const address = label ? displayAddress({ sheet: found.ref.sheet, row: found.ref.row, col: label.col }) : displayAddress({ ...found.ref, col: 1 });
    // A label that keeps most of the official wording (a typo, a dropped word) is the same row, worded wrong.
    const close = label !== null && labelSimilarity(label.text, row.label) >= 0.75;
    const shown = label ? (label.text.length > 30 ? label.text.slice(0, 30) + '…' : label.text) : '';
    result.issues.push({
      rule: 'WORKBOOK_LABEL',
      severity: close ? 'warning' : severity,
      table: table.key,
      row: row.key,
      column: null,
      cells: [address],
      expected: row.label,
      actual: label ? label.text : null,
      message: !label
        ? `${table.name}“${rowPath(table, row)}”行的标签为空；请恢复官方标签“${row.label}”`
        : close
          ? `${address} 的行标签与官方措辞不同：应为“${row.label}”，现为“${shown}”；发布的报告以官方措辞为准`
          : `${address} 的行标签应为“${row.label}”，现为“${shown}”；请恢复官方标签，并确认这一行的数字填在了正确的行`,
    });
  }
}

/**
 * A part of the workbook whose defined name exists but leads nowhere (its sheet deleted, or its
 * reference turned into #REF!): one structural issue, and its names marked unreadable so that
 * nothing downstream reports them again.
 */
function partGone(resolver: Resolver, result: ReadResult, name: string, what: string, table: Issue['table'], covers: string[]): boolean {
  const found = resolver.lookup(name);
  if (found.ok || found.reason === 'missing') return false;
  const why = found.reason === 'sheet' ? `工作表“${found.sheet}”不存在（可能已被删除）` : `名称“${name}”的引用已失效（#REF!）`;
  result.issues.push(structureIssue(table, `${what}无法读取：${why}；请在加载项中点“创建模板”修复`));
  for (const key of covers) result.unreadable.add(key);
  return true;
}

function readInfo(resolver: Resolver, result: ReadResult): void {
  const infoNames = INFO_FIELDS.map((f) => INFO_NAME_PREFIX + f.key);
  if (partGone(resolver, result, INFO_NAME_PREFIX + 'agency', '基本信息（机关名称、年度等）', 'report', [...infoNames, 'agency', 'year'])) return;
  const info: Record<string, CellValue> = {};
  for (const field of INFO_FIELDS) {
    const found = resolver.lookup(INFO_NAME_PREFIX + field.key);
    const value = found.ok ? found.value : null;
    if (found.ok) result.addresses.set(INFO_NAME_PREFIX + field.key, found.address);
    if (field.key === 'agency') {
      if (value !== null) result.report.agency = String(value).trim();
    } else if (field.key === 'year') {
      if (value !== null) result.report.year = typeof value === 'number' ? value : /^\s*\d{4}\s*$/.test(value) ? Number(value) : value;
    } else if (value !== null) {
      info[field.key] = value;
    }
  }
  if (Object.keys(info).length > 0) result.report.info = info;
}

/** The paragraphs in a column from a cell down (one a row; a cell may hold several), with their cells. */
function paragraphsBelow(grid: SheetGrid, ref: { sheet: string; row: number; col: number }, cells?: string[]): string[] {
  const paragraphs: string[] = [];
  for (let r = ref.row; r <= grid.values.length; r++) {
    const t = text(gridValue(grid, r, ref.col)).trim();
    if (t === '') continue;
    // A cell may hold several paragraphs separated by blank lines (pasted text).
    for (const part of t.split(/\n\s*\n/).map((x) => x.trim()).filter((x) => x !== '')) {
      paragraphs.push(part);
      cells?.push(displayAddress({ sheet: ref.sheet, row: r, col: ref.col }));
    }
  }
  return paragraphs;
}

function readNarrative(resolver: Resolver, result: ReadResult): void {
  if (partGone(resolver, result, NARRATIVE_NAME, '报告正文', 'narrative', [NARRATIVE_NAME])) return;
  const found = resolver.lookup(NARRATIVE_NAME);
  if (!found.ok) return;
  result.report.narrative = paragraphsBelow(resolver.grid(found.ref.sheet)!, found.ref, result.paragraphCells).join('\n\n');
}

/** Last year's figures kept on the 上年数据 sheet, when any is filled in. */
function readPrevious(resolver: Resolver, result: ReadResult): void {
  const previous: ReportData = {};
  let any = false;
  for (const cell of PREVIOUS_CELLS) {
    const found = resolver.lookup(`${PREVIOUS_PREFIX}${cell.table}.${cell.row}.${cell.column}`);
    if (!found.ok) continue;
    result.addresses.set(`${PREVIOUS_PREFIX}${cell.table}.${cell.row}.${cell.column}`, found.address);
    if (found.value === null) continue;
    any = true;
    const table = (previous[cell.table] ??= {});
    (table[cell.row] ??= {})[cell.column] = found.value;
  }
  const year = resolver.lookup(`${PREVIOUS_PREFIX}year`);
  if (year.ok && year.value !== null) previous.year = year.value;
  const narrative = resolver.lookup(PREVIOUS_NARRATIVE_NAME);
  if (narrative.ok) {
    const paragraphs = paragraphsBelow(resolver.grid(narrative.ref.sheet)!, narrative.ref);
    if (paragraphs.length > 0) {
      previous.narrative = paragraphs.join('\n\n');
      any = true;
    }
  }
  if (any) result.report.previousYear = previous;
}

/** "财政预决算类+工作报告类+…" → the part names (also accepts ＋、，and spaces). */
export function parseBreakdown(cell: string): string[] {
  return cell
    .replace(/^=/, '')
    .split(/[+＋、,，;；\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function readValues(resolver: Resolver, result: ReadResult): void {
  const values: Record<string, CellValue> = {};
  const breakdowns: Record<string, string[]> = {};
  // Any other single-cell defined name is a value the narrative may use.
  const brokenValues: string[] = [];
  for (const { name } of resolver.snapshot.names) {
    if (isReservedName(name)) continue;
    const found = resolver.lookup(name);
    if (!found.ok) {
      brokenValues.push(name);
      continue;
    }
    values[name] = found.value;
    result.addresses.set(name, found.address);
  }
  // The 数据 sheet: name in column A, value in column B, below its header.
  partGone(resolver, result, VALUES_NAME, '正文数据（“数据”表）', 'narrative', [VALUES_NAME]);
  for (const name of brokenValues) result.unreadable.add(name);
  const header = resolver.lookup(VALUES_NAME);
  if (header.ok) {
    const grid = resolver.grid(header.ref.sheet)!;
    for (let r = header.ref.row + 1; r <= grid.values.length; r++) {
      const name = text(gridValue(grid, r, header.ref.col)).trim();
      if (name === '') continue;
      values[name] = gridValue(grid, r, header.ref.col + 1);
      result.addresses.set(name, displayAddress({ sheet: header.ref.sheet, row: r, col: header.ref.col + 1 }));
      const parts = parseBreakdown(text(gridValue(grid, r, header.ref.col + 2)));
      if (parts.length > 0) breakdowns[name] = parts;
    }
  }
  if (Object.keys(values).length > 0) result.report.values = values;
  if (Object.keys(breakdowns).length > 0) result.report.breakdowns = breakdowns;
}

/** Whether a snapshot holds any of nianbao's table names. */
export function hasReportNames(snapshot: WorkbookSnapshot): boolean {
  return hasNames(new Resolver(snapshot));
}

function hasNames(resolver: Resolver): boolean {
  for (const rows of TABLE_CELLS.values()) for (const { cells } of rows) for (const { id } of cells) if (resolver.has(id)) return true;
  return false;
}

/**
 * Interpret a snapshot as a report: the pure half of every backend's read(). A workbook without
 * nianbao's names is read through the table finder, as if it had them.
 */
export function interpretSnapshot(snapshot: WorkbookSnapshot): ReadResult {
  const resolver = new Resolver(snapshot);
  if (hasNames(resolver)) return withClipped(snapshot, interpret(resolver));
  const found = findTables(snapshot.sheets);
  if (found.cells.size === 0) throw new NotAReportWorkbook();
  const names = [...found.cells].map(([name, cell]) => ({ name, reference: absoluteReference({ sheet: cell.sheet, row: cell.row, col: cell.col }) }));
  const result = interpret(new Resolver({ ...snapshot, names: [...snapshot.names, ...names] }), found);
  result.issues.push(...found.missing.map((m) => structureIssue(m.table, `${m.text}；这部分无法校验`)));
  if (found.oldTemplateSigns.length > 0) {
    // Marked, so that the report file written from it (nianbao import) still says so.
    result.report = { ...result.report, format: OLD_FORMAT };
    result.issues.push({
      ...structureIssue('report', `使用了旧版模板（2019 年试行格式）：${found.oldTemplateSigns.slice(0, 3).join('；')}${found.oldTemplateSigns.length > 3 ? ' 等' : ''}。请改用国办公开办函〔2021〕30号格式（可用“创建模板”新建工作簿）`),
      rule: 'OLD_TEMPLATE',
    });
  }
  result.issues.push(...extraSumIssues(snapshot, found));
  return withClipped(snapshot, result);
}

/** A warning for each sheet read only in part: what lies beyond was not read. */
function withClipped(snapshot: WorkbookSnapshot, result: ReadResult): ReadResult {
  for (const c of snapshot.clipped ?? []) {
    result.issues.push(
      structureIssue(
        'report',
        `工作表“${c.sheet}”用到了 ${c.rows} 行、${c.cols} 列，只读取了前 ${c.readRows} 行、前 ${c.readCols} 列：超出部分的表格、正文段落和正文数据没有读取。请把年报内容放在工作表的左上部分`,
        'warning',
      ),
    );
  }
  return result;
}

/** The sums of the columns and rows some templates add (法人或其他组织小计). */
function extraSumIssues(snapshot: WorkbookSnapshot, found: FinderResult): Issue[] {
  const grid = (sheet: string) => snapshot.sheets.find((s) => s.name === sheet);
  const issues: Issue[] = [];
  for (const extra of found.extras) {
    const value = (c: FoundCell) => gridValue(grid(c.sheet), c.row, c.col);
    const total = value(extra.cell);
    const parts = extra.parts.map(value);
    if (typeof total !== 'number' || parts.some((p) => typeof p !== 'number')) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (sum === total) continue;
    const address = (c: FoundCell) => displayAddress({ sheet: c.sheet, row: c.row, col: c.col });
    issues.push({
      rule: 'EXTRA_TOTAL',
      severity: 'error',
      table: extra.table,
      row: null,
      column: null,
      cells: [address(extra.cell), ...extra.parts.map(address)],
      expected: sum,
      actual: total,
      message: `${address(extra.cell)}：“${extra.where}”行的“${extra.label}”为 ${total}，但各项之和为 ${sum}（这一${extra.where === '合计' ? '行' : '列'}不在官方表格中，但它的数也要对）`,
    });
  }
  return issues;
}

function interpret(resolver: Resolver, recognized?: FinderResult): ReadResult {
  const result: ReadResult = { report: { format: '2021' }, addresses: new Map(), paragraphCells: [], unreadable: new Set(), issues: [], ...(recognized ? { recognized } : {}) };
  readInfo(resolver, result);
  for (const table of TABLES) readTable(table, resolver, result, recognized !== undefined);
  readNarrative(resolver, result);
  readValues(resolver, result);
  readPrevious(resolver, result);
  result.report = orderReport(result.report);
  return result;
}

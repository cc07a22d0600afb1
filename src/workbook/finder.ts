/**
 * Finding the official tables in a workbook nianbao did not lay out: last year's file, the
 * county office's template, a table pasted from Word. Pure: it reads cell grids (from a workbook
 * or from an HTML page) and maps every input cell, row key × column key, to its address.
 *
 * Every mapping is justified by a row label and a column header found in the grid; labels
 * match loosely (spaces, bracket and quote widths, `1、`/`1.`, typos that keep most of the
 * label), never by position alone. What cannot be placed is listed by name.
 */
import { TABLE2, TABLE2_BLOCKS, TABLE3, TABLE4, cellId, columnDef, rowPath, type TableKey } from '../report/format';
import { labelSimilarity, normalizeLabel } from '../report/labels';
import type { CellValue } from '../report/model';
import { a1 } from './address';
import { gridValue, type SheetGrid } from './sheet-grid';

export interface FoundCell {
  sheet: string;
  /** 1-based. */
  row: number;
  col: number;
}

export interface FoundTable {
  table: TableKey;
  sheet: string;
  /** The data cells' bounding range, e.g. `D7:J31`. */
  range: string;
  /** Cells placed, of `expected`. */
  cells: number;
  expected: number;
}

/** A column or row some templates add (法人或其他组织 小计, 合计): not in the report, but its sum checked. */
export interface ExtraSum {
  table: TableKey;
  /** What it is, in Chinese ("法人或其他组织小计"). */
  label: string;
  /** The extra cell and the cells it should be the sum of. */
  cell: FoundCell;
  parts: FoundCell[];
  /** Where, for messages ("一、本年新收政府信息公开申请数量"). */
  where: string;
}

export interface FinderResult {
  cells: Map<string, FoundCell>;
  tables: FoundTable[];
  /** What could not be placed, in Chinese, one entry per table part. */
  missing: { table: TableKey; text: string }[];
  extras: ExtraSum[];
  /** Signs of the 2019 trial format met on the way (Chinese). */
  oldTemplateSigns: string[];
}

/** Accept a fuzzy label at this similarity or above (and only when it is the one best candidate). */
const FUZZY = 0.75;

class Sheet {
  private readonly folded = new Map<string, string>();
  constructor(readonly grid: SheetGrid) {}
  get rows(): number {
    return this.grid.values.length;
  }
  cols(row: number): number {
    return this.grid.values[row - 1]?.length ?? 0;
  }
  get maxCols(): number {
    return Math.max(0, ...this.grid.values.map((r) => r.length));
  }
  value(row: number, col: number): CellValue {
    return gridValue(this.grid, row, col);
  }
  /** The folded text of a cell ('' for blank and for numbers). */
  text(row: number, col: number): string {
    const key = `${row},${col}`;
    let t = this.folded.get(key);
    if (t === undefined) {
      const v = this.value(row, col);
      t = typeof v === 'string' ? normalizeLabel(v) : '';
      this.folded.set(key, t);
    }
    return t;
  }
  /** Every cell whose folded text equals one of `labels` (folded). */
  find(labels: string[]): { row: number; col: number }[] {
    const wanted = new Set(labels.map((l) => normalizeLabel(l)));
    const out: { row: number; col: number }[] = [];
    for (let r = 1; r <= this.rows; r++) for (let c = 1; c <= this.cols(r); c++) if (wanted.has(this.text(r, c))) out.push({ row: r, col: c });
    return out;
  }
  /** The texts left of `beforeCol` on a row, joined (a label split over cells reads whole). */
  labelText(row: number, beforeCol: number): string {
    let out = '';
    for (let c = 1; c < beforeCol; c++) out += this.text(row, c);
    return out;
  }
}

function boundingRange(cells: FoundCell[]): string {
  const rows = cells.map((c) => c.row);
  const cols = cells.map((c) => c.col);
  return `${a1(Math.min(...rows), Math.min(...cols))}:${a1(Math.max(...rows), Math.max(...cols))}`;
}

/** The leading numbering of a label: "一、", "（三）", "2." (folded), or ''. */
function numbering(folded: string): string {
  return /^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)/.exec(folded)?.[1] ?? '';
}

/**
 * Which of `labels` a row's label text names: the one it ends with exactly, else the one best
 * fuzzy match with the same numbering, if clearly best.
 */
function matchLabel(text: string, labels: { key: string; label: string }[]): string | null {
  if (text === '' || labels.length === 0) return null;
  const exact = labels.filter((l) => text.endsWith(normalizeLabel(l.label)));
  if (exact.length > 0) return exact.sort((a, b) => normalizeLabel(b.label).length - normalizeLabel(a.label).length)[0].key;
  const scored = labels
    .map((l) => {
      const folded = normalizeLabel(l.label);
      const tail = Array.from(text).slice(-Math.max(folded.length + 3, 4)).join('');
      // Compare against the end of the row's text, from the label's own numbering on.
      const own = numbering(folded);
      const start = own ? tail.lastIndexOf(own) : -1;
      const candidate = start >= 0 ? tail.slice(start) : tail;
      if (own && numbering(candidate) !== own) return { key: l.key, score: 0 };
      return { key: l.key, score: labelSimilarity(candidate, folded) };
    })
    .sort((a, b) => b.score - a.score);
  if (scored[0].score >= FUZZY && (scored.length === 1 || scored[0].score > scored[1].score)) return scored[0].key;
  return null;
}

// ---------------------------------------------------------------------------------------
// Table 3

interface Placement {
  cells: Map<string, FoundCell>;
  missing: string[];
  extras: ExtraSum[];
  oldSigns: string[];
}

function findTable3(sheet: Sheet): Placement | null {
  const starts = sheet.find(['自然人']);
  let best: Placement | null = null;
  for (const start of starts) {
    // Column headers: on the 自然人 row or up to two rows below, to the right of it.
    const columns = new Map<string, number>();
    let headerBottom = start.row;
    const extraColumns: { col: number; label: string }[] = [];
    for (let r = start.row - 1; r <= start.row + 2; r++) {
      for (let c = start.col; c <= Math.min(sheet.cols(r), start.col + 12); c++) {
        const t = sheet.text(r, c);
        if (t === '') continue;
        const column = TABLE3.columns.find((col) => normalizeLabel(col.label) === t);
        if (column && !columns.has(column.key)) {
          columns.set(column.key, c);
          headerBottom = Math.max(headerBottom, r);
        } else if (/小计|合计/.test(t) && !extraColumns.some((x) => x.col === c)) {
          extraColumns.push({ col: c, label: t });
          headerBottom = Math.max(headerBottom, r);
        }
      }
    }
    if (columns.size < 4) continue;
    const firstData = Math.min(...columns.values(), ...extraColumns.map((x) => x.col));
    const placement: Placement = { cells: new Map(), missing: [], extras: [], oldSigns: [] };
    const rows = TABLE3.rows.map((r) => ({ key: r.key, label: r.label }));
    const placedRows = new Map<string, number>();
    const totalRows: number[] = [];
    let oldOtherRow: number | null = null;
    let misses = 0;
    for (let r = headerBottom + 1; r <= sheet.rows && misses < 4 && placedRows.size < rows.length; r++) {
      const text = sheet.labelText(r, firstData);
      if (text === '') {
        misses++;
        continue;
      }
      if (text.endsWith(normalizeLabel('（六）其他处理')) && !placedRows.has('otherMisc')) {
        placement.oldSigns.push(`${sheet.grid.name}!${a1(r, 1)}：“（六）其他处理”只有一行（2019 年试行格式，其数已计入“3.其他”）`);
        oldOtherRow = r;
        misses = 0;
        continue;
      }
      const key = matchLabel(text, rows.filter((x) => !placedRows.has(x.key)));
      if (!key) {
        if (/^(合计|总计)$/.test(text)) totalRows.push(r);
        misses++;
        continue;
      }
      misses = 0;
      placedRows.set(key, r);
    }
    // The 2019 format's one （六）其他处理 row: its count is all of （六）, kept under 3.其他.
    if (oldOtherRow !== null && !['otherNoCorrection', 'otherFeeUnpaid', 'otherMisc'].some((k) => placedRows.has(k))) placedRows.set('otherMisc', oldOtherRow);
    for (const [rowKey, r] of placedRows) {
      for (const column of TABLE3.columns) {
        const c = columns.get(column.key);
        if (c !== undefined) placement.cells.set(cellId('table3', rowKey, column.key), { sheet: sheet.grid.name, row: r, col: c });
      }
      for (const extra of extraColumns) {
        // A 法人或其他组织 subtotal sums the five organisation columns.
        const parts = ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'].map((k) => columns.get(k)).filter((c): c is number => c !== undefined);
        if (/法人|小计/.test(extra.label) && parts.length === 5) {
          placement.extras.push({
            table: 'table3',
            label: '法人或其他组织小计',
            cell: { sheet: sheet.grid.name, row: r, col: extra.col },
            parts: parts.map((c) => ({ sheet: sheet.grid.name, row: r, col: c })),
            where: rowPath(TABLE3, TABLE3.rows.find((x) => x.key === rowKey)!),
          });
        }
      }
    }
    // A 合计 row some templates add (just below the table) counts every request of the year: 一 + 二 in each column.
    const last = Math.max(0, ...placedRows.values());
    for (let r = last + 1; r <= Math.min(sheet.rows, last + 3); r++) if (/^(合计|总计)$/.test(sheet.labelText(r, firstData)) && !totalRows.includes(r)) totalRows.push(r);
    const one = placedRows.get('newRequests');
    const two = placedRows.get('carriedOver');
    for (const r of one !== undefined && two !== undefined ? totalRows : []) {
      for (const column of TABLE3.columns) {
        const c = columns.get(column.key);
        if (c === undefined) continue;
        placement.extras.push({
          table: 'table3',
          label: `合计（${column.label}）`,
          cell: { sheet: sheet.grid.name, row: r, col: c },
          parts: [one!, two!].map((row) => ({ sheet: sheet.grid.name, row, col: c })),
          where: '合计',
        });
      }
    }
    for (const column of TABLE3.columns) if (!columns.has(column.key)) placement.missing.push(`表三的“${column.label}”列`);
    const unplaced = TABLE3.rows.filter((r) => !placedRows.has(r.key));
    if (unplaced.length > 0) placement.missing.push(`表三的 ${unplaced.length} 行：${unplaced.slice(0, 3).map((r) => `“${rowPath(TABLE3, r)}”`).join('、')}${unplaced.length > 3 ? ' 等' : ''}`);
    if (!best || placement.cells.size > best.cells.size) best = placement;
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Table 2

const T2_LABELS: Record<string, string[]> = {
  regulations: ['规章'],
  normativeDocuments: ['行政规范性文件', '规范性文件'],
  licensing: ['行政许可'],
  penalty: ['行政处罚'],
  enforcement: ['行政强制'],
  fees: ['行政事业性收费'],
};

function findTable2(sheet: Sheet): Placement | null {
  const placement: Placement = { cells: new Map(), missing: [], extras: [], oldSigns: [] };
  for (const block of TABLE2_BLOCKS) {
    for (const rowKey of block.rows) {
      const hits = sheet.find(T2_LABELS[rowKey]);
      const hit = hits[0];
      if (!hit) continue;
      if (rowKey === 'normativeDocuments' && sheet.text(hit.row, hit.col) === normalizeLabel('规范性文件')) {
        placement.oldSigns.push(`${sheet.grid.name}!${a1(hit.row, hit.col)}：“规范性文件”（2021 年格式为“行政规范性文件”）`);
      }
      for (const key of block.columns) {
        const column = columnDef(TABLE2, key);
        // The column header above the row (the block's header row), in this block's columns.
        let col: number | null = null;
        for (let r = hit.row - 1; r >= Math.max(1, hit.row - 4) && col === null; r--) {
          for (let c = hit.col + 1; c <= sheet.cols(r); c++) {
            const t = sheet.text(r, c);
            if (t !== '' && labelSimilarity(t, column.label) >= FUZZY) {
              col = c;
              break;
            }
          }
        }
        if (col !== null) placement.cells.set(cellId('table2', rowKey, key), { sheet: sheet.grid.name, row: hit.row, col });
      }
    }
  }
  if (placement.cells.size === 0) return null;
  for (const row of TABLE2.rows) {
    const missing = (row.columns ?? []).filter((k) => !placement.cells.has(cellId('table2', row.key, k)));
    if (missing.length > 0) placement.missing.push(`表二“${row.label}”的${missing.map((k) => `“${columnDef(TABLE2, k).label}”`).join('、')}`);
  }
  return placement;
}

// ---------------------------------------------------------------------------------------
// Table 4

function findTable4(sheet: Sheet): Placement | null {
  const labels = TABLE4.columns.map((c) => normalizeLabel(c.label));
  // Every run of 结果维持 … 总计 in five consecutive cells of a row is a block.
  const blocks = sheet.find([TABLE4.columns[0].label]).filter((h) => labels.every((label, k) => sheet.text(h.row, h.col + k) === label));
  blocks.sort((a, b) => a.col - b.col);
  // Three blocks side by side; their labels may sit on different header rows (a three-row
  // header puts 行政复议's a row higher than the litigation ones).
  for (let i = 0; i + TABLE4.rows.length <= blocks.length; i++) {
    const three = blocks.slice(i, i + TABLE4.rows.length);
    const rows = three.map((b) => b.row);
    if (Math.max(...rows) - Math.min(...rows) > 2) continue;
    if (three.some((b, k) => k > 0 && b.col < three[k - 1].col + labels.length)) continue;
    const dataRow = Math.max(...rows) + 1;
    const placement: Placement = { cells: new Map(), missing: [], extras: [], oldSigns: [] };
    TABLE4.rows.forEach((group, g) => {
      TABLE4.columns.forEach((column, k) => placement.cells.set(cellId('table4', group.key, column.key), { sheet: sheet.grid.name, row: dataRow, col: three[g].col + k }));
    });
    return placement;
  }
  return null;
}

// ---------------------------------------------------------------------------------------

const FINDERS: Record<TableKey, (sheet: Sheet) => Placement | null> = { table2: findTable2, table3: findTable3, table4: findTable4 };
const EXPECTED: Record<TableKey, number> = { table2: 10, table3: 175, table4: 15 };
const NAMES: Record<TableKey, string> = { table2: '表二', table3: '表三', table4: '表四' };

/** "表三 Sheet1!D7:J31（175 格）" */
export function describeFound(t: FoundTable): string {
  return `${NAMES[t.table]} ${t.sheet}!${t.range}（${t.cells} 格）`;
}

/** Texts found only in the 2019 trial format (official-format.md). */
const OLD_FORMAT_TEXTS = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '第二十条第（九）项', '五、政府信息公开工作存在的主要问题及改进情况'];

/** Find the three tables in the sheets; each table where it is found most completely. */
export function findTables(grids: readonly SheetGrid[]): FinderResult {
  const sheets = grids.map((g) => new Sheet(g));
  const result: FinderResult = { cells: new Map(), tables: [], missing: [], extras: [], oldTemplateSigns: [] };
  for (const sheet of sheets) {
    for (const hit of sheet.find(OLD_FORMAT_TEXTS)) result.oldTemplateSigns.push(`${sheet.grid.name}!${a1(hit.row, hit.col)}：“${String(sheet.value(hit.row, hit.col))}”`);
  }
  for (const table of ['table2', 'table3', 'table4'] as TableKey[]) {
    let best: Placement | null = null;
    for (const sheet of sheets) {
      const found = FINDERS[table](sheet);
      if (found && (!best || found.cells.size > best.cells.size)) best = found;
    }
    if (!best || best.cells.size === 0) {
      result.missing.push({ table, text: `没有找到${NAMES[table]}（未找到它的表头和行标签）` });
      continue;
    }
    for (const [id, cell] of best.cells) result.cells.set(id, cell);
    const cells = [...best.cells.values()];
    result.tables.push({ table, sheet: cells[0].sheet, range: boundingRange(cells), cells: cells.length, expected: EXPECTED[table] });
    for (const text of best.missing) result.missing.push({ table, text: `没有找到${text}` });
    result.extras.push(...best.extras);
    result.oldTemplateSigns.push(...best.oldSigns);
  }
  return result;
}

/** Row labels of the 2019 format that the 2021 format does not have. */
const OLD_ONLY_ROWS = ['政府集中采购'];

/**
 * Numbers on the report's rows that no mapping took (a 2019 column such as 本年新制作数量, the
 * 2019 block 政府集中采购): listed with their row's label and their column's header, so that
 * converting a workbook says what it leaves behind.
 */
export function unplacedNumbers(grids: readonly SheetGrid[], found: FinderResult): string[] {
  const taken = new Set([...found.cells.values(), ...found.extras.flatMap((e) => [e.cell, ...e.parts])].map((c) => `${c.sheet}!${c.row},${c.col}`));
  const labels = [...TABLE2.rows, ...TABLE3.rows].map((r) => normalizeLabel(r.label)).concat(['规范性文件', ...OLD_ONLY_ROWS].map((l) => normalizeLabel(l)));
  const t4Rows = new Set([...found.cells].filter(([id]) => id.startsWith('table4.')).map(([, c]) => `${c.sheet}!${c.row}`));
  const out: string[] = [];
  for (const grid of grids) {
    const sheet = new Sheet(grid);
    for (let row = 1; row <= sheet.rows; row++) {
      const numbers: number[] = [];
      for (let col = 1; col <= sheet.cols(row); col++) if (typeof sheet.value(row, col) === 'number' && !taken.has(`${grid.name}!${row},${col}`)) numbers.push(col);
      if (numbers.length === 0) continue;
      const label = sheet.labelText(row, numbers[0]);
      if (!t4Rows.has(`${grid.name}!${row}`) && !labels.some((l) => label.endsWith(l))) continue;
      for (const col of numbers) {
        let header = '';
        for (let r = row - 1; r >= 1 && header === ''; r--) if (typeof sheet.value(r, col) === 'string') header = String(sheet.value(r, col));
        out.push(`${grid.name}!${a1(row, col)}（${String(sheet.value(row, 1) ?? label)}${header ? ` · ${header}` : ''}）= ${String(sheet.value(row, col))}`);
      }
    }
  }
  return out;
}

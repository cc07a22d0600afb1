/**
 * The table checks, derived from the declarations in format.ts: one judge for every cell,
 * one engine for every relation. Pure: no I/O, no Office.js, no ExcelJS.
 *
 * Everything that depends on the format only (each cell's index, id and wording, every
 * relation instance as arrays of cell indices and signs) is worked out once, in `layout()`.
 * A check then reads the report's numbers into one flat array (NaN where a cell is invalid)
 * and evaluates each instance with one array lookup per operand.
 */
import { judgeCell, formatNumber } from './cell-value';
import {
  FEE_UNIT_THRESHOLD,
  RELATIONS,
  TABLES,
  cellId,
  rowColumns,
  rowPath,
  tableDef,
  type ColumnDef,
  type Relation,
  type RowDef,
  type TableDef,
} from './format';
import { tableData, type CellValue, type Issue, type ReportData } from './model';

export interface CheckOptions {
  /** Workbook address of each cell id (`table3.newRequests.total` → `表三!J7`). */
  addresses?: ReadonlyMap<string, string>;
  /**
   * Cells that could not be read at all (their sheet or defined name is gone). A structural
   * issue already names them, so they get no `CELL_VALUE` of their own; sums needing them
   * are skipped like those needing any invalid cell.
   */
  unreadable?: ReadonlySet<string>;
  /** Last year's report, for the cross-year relations. */
  previous?: ReportData;
}

/** Where a cell is, in the official wording: 表三“一、本年新收政府信息公开申请数量”行“自然人”列. */
export function cellWhere(table: TableDef, row: RowDef, column: ColumnDef): string {
  if (table.key === 'table4') return `${table.name}“${rowPath(table, row)}”下的“${column.label}”`;
  return `${table.name}“${rowPath(table, row)}”行“${column.label}”列`;
}

// ---------------------------------------------------------------------------------------
// The layout, worked out once

interface Term {
  key: string;
  sign: 1 | -1;
  previous: boolean;
}

function parseTerm(text: string): Term {
  const sign = text.startsWith('-') ? -1 : 1;
  const rest = sign < 0 ? text.slice(1) : text;
  const previous = rest.startsWith('previous.');
  return { key: previous ? rest.slice('previous.'.length) : rest, sign, previous };
}

/** One input cell: its place in the flat array is its index in `Layout.cells`. */
interface Cell {
  table: TableDef;
  row: RowDef;
  column: ColumnDef;
  id: string;
  count: boolean;
  where: string;
}

/** One row of a table: its cells are `Layout.cells[first … first + columns.length)`. */
interface RowLayout {
  key: string;
  first: number;
  columns: readonly string[];
}

/** One instance of a relation (a row, or a column), as indices into the numbers array. */
interface Instance {
  where: string;
  row: string | null;
  column: string | null;
  /** Index of every operand's number, the expected side first; last year's are past the cells. */
  slots: Int32Array;
  signs: Int8Array;
  /** How many of the operands are on the expected side. */
  split: number;
  labels: readonly string[];
  /** Cell id of every operand; null for last year's (they have no address in this workbook). */
  ids: readonly (string | null)[];
  /** Every operand is a count, so each side's sum is an exact integer (no rounding needed). */
  integral: boolean;
}

interface TableLayout {
  table: TableDef;
  rows: readonly RowLayout[];
  /** Instances of the table's relations, in the order of RELATIONS. */
  checks: readonly { relation: Relation; instances: readonly Instance[] }[];
  /** Whether the fee-unit check follows this table's relations. */
  fee: boolean;
}

interface Layout {
  cells: readonly Cell[];
  tables: readonly TableLayout[];
  /** Cells of last year's report the relations use: their numbers go at `cells.length + i`. */
  previousCells: readonly number[];
  /** Index of 表二 行政事业性收费 本年收费金额. */
  fee: number;
}

let built: Layout | null = null;

function layout(): Layout {
  if (!built) built = buildLayout();
  return built;
}

function buildLayout(): Layout {
  const cells: Cell[] = [];
  const index = new Map<string, number>();
  const rowsOf = new Map<TableDef, RowLayout[]>();
  for (const table of TABLES) {
    const rows: RowLayout[] = [];
    for (const row of table.rows) {
      const columns = rowColumns(table, row);
      rows.push({ key: row.key, first: cells.length, columns: columns.map((c) => c.key) });
      for (const column of columns) {
        const id = cellId(table.key, row.key, column.key);
        index.set(id, cells.length);
        cells.push({ table, row, column, id, count: column.kind === 'count', where: cellWhere(table, row, column) });
      }
    }
    rowsOf.set(table, rows);
  }
  const previousCells: number[] = [];
  const slotOf = (id: string, previous: boolean): number => {
    const at = index.get(id);
    if (at === undefined) throw new Error(`relation names unknown cell ${id}`);
    if (!previous) return at;
    let p = previousCells.indexOf(at);
    if (p < 0) p = previousCells.push(at) - 1;
    return cells.length + p;
  };
  const feeId = cellId('table2', 'fees', 'amount');
  const fee = index.get(feeId)!;
  const tables = TABLES.map((table) => ({
    table,
    rows: rowsOf.get(table)!,
    checks: RELATIONS.filter((r) => r.table === table.key).map((relation) => ({
      relation,
      instances: instancesOf(relation, table).map((instance): Instance => {
        const operands = [...instance.sides[0], ...instance.sides[1]];
        return {
          where: instance.where,
          row: instance.row,
          column: instance.column,
          slots: Int32Array.from(operands, (o) => slotOf(o.id, o.term.previous)),
          signs: Int8Array.from(operands, (o) => o.term.sign),
          split: instance.sides[0].length,
          labels: operands.map((o) => o.label),
          ids: operands.map((o) => (o.term.previous ? null : o.id)),
          integral: operands.every((o) => cells[index.get(o.id)!].count),
        };
      }),
    })),
    fee: cells[fee].table === table,
  }));
  return { cells, tables, previousCells, fee };
}

interface Operand {
  term: Term;
  label: string;
  id: string;
}

interface InstanceDef {
  where: string;
  row: string | null;
  column: string | null;
  sides: [Operand[], Operand[]];
}

/** The instances of a relation: one per row (along 'row') or per column (along 'column'). */
function instancesOf(relation: Relation, table: TableDef = tableDef(relation.table)): InstanceDef[] {
  const expected = relation.expected.map(parseTerm);
  const actual = relation.actual.map(parseTerm);
  const mixesYears = [...expected, ...actual].some((t) => t.previous);
  const withYear = (t: Term, label: string) => {
    if (!mixesYears) return label;
    const bare = label.replace(/^本年/, '');
    return t.previous ? `上年${bare}` : `本年${bare}`;
  };
  if (relation.along === 'row') {
    return table.rows
      .filter((row) => {
        const has = new Set(rowColumns(table, row).map((c) => c.key));
        return [...expected, ...actual].every((t) => has.has(t.key));
      })
      .map((row) => {
        const operand = (term: Term): Operand => ({
          term,
          label: withYear(term, table.columns.find((c) => c.key === term.key)!.short),
          id: cellId(table.key, row.key, term.key),
        });
        const where = table.key === 'table4' ? `${table.name}“${rowPath(table, row)}”` : `${table.name}“${rowPath(table, row)}”行`;
        return { where, row: row.key, column: null, sides: [expected.map(operand), actual.map(operand)] as [Operand[], Operand[]] };
      });
  }
  return table.columns.map((column) => {
    const operand = (term: Term): Operand => ({
      term,
      label: withYear(term, rowPath(table, table.rows.find((r) => r.key === term.key)!, 'short')),
      id: cellId(table.key, term.key, column.key),
    });
    return {
      where: `${table.name}“${column.label}”列`,
      row: null,
      column: column.key,
      sides: [expected.map(operand), actual.map(operand)] as [Operand[], Operand[]],
    };
  });
}

// ---------------------------------------------------------------------------------------
// Checking one report

/**
 * Judge the cells of one table into `numbers` (NaN where invalid); with `issues`, say what is
 * wrong with each invalid cell that could be read.
 */
function readTable(report: ReportData, table: TableLayout, cells: readonly Cell[], numbers: Float64Array, options: CheckOptions, issues: Issue[]): void {
  const data = tableData(report, table.table.key);
  for (const row of table.rows) {
    const found = data[row.key];
    const rowData = found && typeof found === 'object' ? found : null;
    const columns = row.columns;
    for (let c = 0; c < columns.length; c++) {
      const i = row.first + c;
      let raw: CellValue | undefined = rowData === null ? null : rowData[columns[c]];
      if (raw === undefined) raw = null;
      // The common case, a valid number, without building a verdict.
      if (typeof raw === 'number' && raw >= 0 && (cells[i].count ? Number.isInteger(raw) : raw !== Infinity)) {
        numbers[i] = raw;
        continue;
      }
      const verdict = judgeCell(raw, cells[i].column.kind);
      if (verdict.ok) {
        numbers[i] = verdict.value;
        continue;
      }
      numbers[i] = NaN;
      const cell = cells[i];
      if (options.unreadable?.has(cell.id)) continue;
      const address = options.addresses?.get(cell.id);
      issues.push({
        rule: 'CELL_VALUE',
        severity: 'error',
        table: table.table.key,
        row: cell.row.key,
        column: cell.column.key,
        cells: address ? [address] : [],
        expected: verdict.suggestion,
        actual: raw,
        message: `${cell.where}：${verdict.problem}`,
      });
    }
  }
}

/** The numbers of last year's cells the relations use, at `cells.length + i` (NaN if invalid or absent). */
function readPrevious(previous: ReportData | undefined, { cells, previousCells }: Layout, numbers: Float64Array): void {
  for (let p = 0; p < previousCells.length; p++) {
    let value = NaN;
    if (previous) {
      const cell = cells[previousCells[p]];
      const found = tableData(previous, cell.table.key)[cell.row.key];
      const raw = found && typeof found === 'object' ? found[cell.column.key] : undefined;
      const verdict = judgeCell(raw === undefined ? null : raw, cell.column.kind);
      if (verdict.ok) value = verdict.value;
    }
    numbers[cells.length + p] = value;
  }
}

/** A sum of integers is exact while it is a safe integer; any other sum is rounded to 12 digits. */
function settle(sum: number, integral: boolean): number {
  return integral && sum <= Number.MAX_SAFE_INTEGER && sum >= -Number.MAX_SAFE_INTEGER ? sum : Number(sum.toPrecision(12));
}

/** "一、本年新收(2) + 二、上年结转(1) = 3"; long sums list only their non-zero terms. */
function describeSide(labels: readonly string[], signs: ArrayLike<number>, values: readonly number[], total: number): string {
  const term = (i: number, first: boolean) => {
    const sign = signs[i] < 0 ? ' − ' : first ? '' : ' + ';
    return `${sign}${labels[i]}(${formatNumber(values[i])})`;
  };
  const all = labels.map((_, i) => i);
  if (labels.length === 1 && signs[0] > 0) return term(0, true);
  if (labels.length <= 7) return `${all.map((i) => term(i, i === 0)).join('')} = ${formatNumber(total)}`;
  const nonZero = all.filter((i) => values[i] !== 0);
  if (nonZero.length === 0) return `${labels.length} 项之和 = 0（各项均为 0）`;
  const shown = nonZero.slice(0, 6).map((i, n) => term(i, n === 0)).join('');
  const more = nonZero.length > 6 ? ' + …' : '';
  return `${shown}${more}（其余为 0）之和 = ${formatNumber(total)}`;
}

/** The issue of an instance whose sides differ (the rare case: here the time goes to words). */
function relationIssue(relation: Relation, instance: Instance, numbers: Float64Array, left: number, right: number, options: CheckOptions): Issue {
  const { slots, signs, split, labels, ids } = instance;
  const values = Array.from(slots, (s) => numbers[s]);
  const side = (from: number, to: number, total: number) =>
    describeSide(labels.slice(from, to), signs.subarray(from, to), values.slice(from, to), total);
  const cells: string[] = [];
  for (const id of ids) {
    const address = id === null ? undefined : options.addresses?.get(id);
    if (address !== undefined) cells.push(address);
  }
  return {
    rule: relation.rule,
    severity: relation.severity,
    table: relation.table,
    row: instance.row,
    column: instance.column,
    cells,
    expected: left,
    actual: right,
    message: `${instance.where}：${side(0, split, left)}，但${side(split, slots.length, right)}`,
  };
}

function relationIssues(relation: Relation, instances: readonly Instance[], numbers: Float64Array, options: CheckOptions, issues: Issue[]): void {
  next: for (const instance of instances) {
    const { slots, signs, split } = instance;
    let left = 0;
    for (let k = 0; k < split; k++) {
      const value = numbers[slots[k]];
      if (value !== value) continue next; // invalid or absent: a CELL_VALUE covers it
      left += signs[k] * value;
    }
    let right = 0;
    for (let k = split; k < slots.length; k++) {
      const value = numbers[slots[k]];
      if (value !== value) continue next;
      right += signs[k] * value;
    }
    left = settle(left, instance.integral);
    right = settle(right, instance.integral);
    if (left !== right) issues.push(relationIssue(relation, instance, numbers, left, right, options));
  }
}

function feeIssue(fee: Cell, amount: number, options: CheckOptions): Issue | null {
  if (amount !== amount || amount <= FEE_UNIT_THRESHOLD) return null;
  const address = options.addresses?.get(fee.id);
  const inWan = Number((amount / 10_000).toPrecision(12));
  return {
    rule: 'T2_FEE_UNIT',
    severity: 'warning',
    table: fee.table.key,
    row: fee.row.key,
    column: fee.column.key,
    cells: address ? [address] : [],
    expected: inWan,
    actual: amount,
    message: `表二“行政事业性收费”的本年收费金额为 ${formatNumber(amount)} 万元（超过 ${FEE_UNIT_THRESHOLD} 万元），是否误按“元”填写？单位应为万元，若原数为元，应填 ${formatNumber(inWan)}`,
  };
}

/**
 * Every table issue of a report, table by table: its cell values, its official relations
 * (in the order of RELATIONS), then the fee unit; last year's numbers for the cross-year relations.
 */
export function checkTables(report: ReportData, options: CheckOptions = {}): Issue[] {
  const plan = layout();
  // One buffer for every call (it is filled completely before use); a fresh one if a call is
  // somehow made while another runs.
  const numbers = scratch && !scratchInUse ? scratch : new Float64Array(plan.cells.length + plan.previousCells.length);
  if (!scratch) scratch = numbers;
  const owned = numbers === scratch;
  if (owned) scratchInUse = true;
  try {
    return checkWith(plan, numbers, report, options);
  } finally {
    if (owned) scratchInUse = false;
  }
}

let scratch: Float64Array | null = null;
let scratchInUse = false;

function checkWith(plan: Layout, numbers: Float64Array, report: ReportData, options: CheckOptions): Issue[] {
  readPrevious(options.previous, plan, numbers);
  const issues: Issue[] = [];
  for (const table of plan.tables) {
    readTable(report, table, plan.cells, numbers, options, issues);
    for (const { relation, instances } of table.checks) relationIssues(relation, instances, numbers, options, issues);
    if (table.fee) {
      const issue = feeIssue(plan.cells[plan.fee], numbers[plan.fee], options);
      if (issue) issues.push(issue);
    }
  }
  return issues;
}

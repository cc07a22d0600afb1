/**
 * The table checks as they were before the layout-once rewrite (issue 14), kept verbatim as a
 * naive baseline: the equivalence test compares `checkTables` against it, and `npm run bench`
 * reports the same-run ratio `check.tables_ratio`. Not used by the product.
 */
import { judgeCell, formatNumber } from '../src/report/cell-value';
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
} from '../src/report/format';
import { cellValue, type Issue, type ReportData } from '../src/report/model';

interface CheckOptions {
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

/** The valid numbers of one report, by cell id; invalid cells are absent. */
type Numbers = Map<string, number>;

/** Where a cell is, in the official wording: 表三“一、本年新收政府信息公开申请数量”行“自然人”列. */
function cellWhere(table: TableDef, row: RowDef, column: ColumnDef): string {
  if (table.key === 'table4') return `${table.name}“${rowPath(table, row)}”下的“${column.label}”`;
  return `${table.name}“${rowPath(table, row)}”行“${column.label}”列`;
}

function readNumbers(report: ReportData, options: CheckOptions, issues: Issue[] | null): Numbers {
  const numbers: Numbers = new Map();
  for (const table of TABLES) {
    for (const row of table.rows) {
      for (const column of rowColumns(table, row)) {
        const id = cellId(table.key, row.key, column.key);
        const raw = cellValue(report, table.key, row.key, column.key);
        const verdict = judgeCell(raw, column.kind);
        if (verdict.ok) {
          numbers.set(id, verdict.value);
        } else if (issues && !options.unreadable?.has(id)) {
          const address = options.addresses?.get(id);
          issues.push({
            rule: 'CELL_VALUE',
            severity: 'error',
            table: table.key,
            row: row.key,
            column: column.key,
            cells: address ? [address] : [],
            expected: verdict.suggestion,
            actual: raw,
            message: `${cellWhere(table, row, column)}：${verdict.problem}`,
          });
        }
      }
    }
  }
  return numbers;
}

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

interface Operand {
  term: Term;
  label: string;
  id: string;
}

interface Instance {
  where: string;
  row: string | null;
  column: string | null;
  sides: [Operand[], Operand[]];
}

/** The instances of every relation, worked out once: they depend on the format only. */
const INSTANCES = new Map<Relation, Instance[]>();

function instancesOf(relation: Relation): Instance[] {
  let found = INSTANCES.get(relation);
  if (!found) {
    found = instances(relation, tableDef(relation.table));
    INSTANCES.set(relation, found);
  }
  return found;
}

/** The instances of a relation: one per row (along 'row') or per column (along 'column'). */
function instances(relation: Relation, table: TableDef): Instance[] {
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

/** "一、本年新收(2) + 二、上年结转(1) = 3"; long sums list only their non-zero terms. */
function describeSide(operands: Operand[], values: number[], total: number): string {
  const term = (o: Operand, i: number, first: boolean) => {
    const sign = o.term.sign < 0 ? ' − ' : first ? '' : ' + ';
    return `${sign}${o.label}(${formatNumber(values[i])})`;
  };
  if (operands.length === 1 && operands[0].term.sign > 0) return term(operands[0], 0, true);
  if (operands.length <= 7) return `${operands.map((o, i) => term(o, i, i === 0)).join('')} = ${formatNumber(total)}`;
  const nonZero = operands.map((o, i) => ({ o, i })).filter(({ i }) => values[i] !== 0);
  if (nonZero.length === 0) return `${operands.length} 项之和 = 0（各项均为 0）`;
  const shown = nonZero.slice(0, 6).map(({ o, i }, n) => term(o, i, n === 0)).join('');
  const more = nonZero.length > 6 ? ' + …' : '';
  return `${shown}${more}（其余为 0）之和 = ${formatNumber(total)}`;
}

function relationIssues(relation: Relation, current: Numbers, previous: Numbers | null, options: CheckOptions): Issue[] {
  const issues: Issue[] = [];
  for (const instance of instancesOf(relation)) {
    const operands = [...instance.sides[0], ...instance.sides[1]];
    if (operands.some((o) => o.term.previous) && !previous) continue;
    const valueOf = (o: Operand) => (o.term.previous ? previous! : current).get(o.id);
    if (operands.some((o) => valueOf(o) === undefined)) continue; // a CELL_VALUE covers it
    const [left, right] = instance.sides.map((side) => {
      const values = side.map((o) => valueOf(o)!);
      const sum = side.reduce((acc, o, i) => acc + o.term.sign * values[i], 0);
      return { side, values, sum: Number(sum.toPrecision(12)) };
    });
    if (left.sum === right.sum) continue;
    const cells = operands
      .filter((o) => !o.term.previous)
      .map((o) => options.addresses?.get(o.id))
      .filter((a): a is string => a !== undefined);
    issues.push({
      rule: relation.rule,
      severity: relation.severity,
      table: relation.table,
      row: instance.row,
      column: instance.column,
      cells,
      expected: left.sum,
      actual: right.sum,
      message: `${instance.where}：${describeSide(left.side, left.values, left.sum)}，但${describeSide(right.side, right.values, right.sum)}`,
    });
  }
  return issues;
}

function feeIssues(current: Numbers, options: CheckOptions): Issue[] {
  const id = cellId('table2', 'fees', 'amount');
  const amount = current.get(id);
  if (amount === undefined || amount <= FEE_UNIT_THRESHOLD) return [];
  const address = options.addresses?.get(id);
  const inWan = formatNumber(Number((amount / 10_000).toPrecision(12)));
  return [
    {
      rule: 'T2_FEE_UNIT',
      severity: 'warning',
      table: 'table2',
      row: 'fees',
      column: 'amount',
      cells: address ? [address] : [],
      expected: Number((amount / 10_000).toPrecision(12)),
      actual: amount,
      message: `表二“行政事业性收费”的本年收费金额为 ${formatNumber(amount)} 万元（超过 ${FEE_UNIT_THRESHOLD} 万元），是否误按“元”填写？单位应为万元，若原数为元，应填 ${inWan}`,
    },
  ];
}

/** Every table issue of a report: cell values, the official relations, the fee unit, last year. */
export function naiveCheckTables(report: ReportData, options: CheckOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const current = readNumbers(report, options, issues);
  const previous = options.previous ? readNumbers(options.previous, {}, null) : null;
  for (const relation of RELATIONS) issues.push(...relationIssues(relation, current, previous, options));
  issues.push(...feeIssues(current, options));
  const order = (issue: Issue) => TABLES.findIndex((t) => t.key === issue.table);
  return issues.map((issue, i) => ({ issue, i })).sort((a, b) => order(a.issue) - order(b.issue) || a.i - b.i).map(({ issue }) => issue);
}

/**
 * The layout-once `checkTables` (issue 14) against the implementation it replaced, kept as
 * `naiveCheckTables` in test/naive-checks.ts: the same issues, with the same messages, in the
 * same order, over random reports, the property generators, the bad-input corpus and the staff
 * workbook layouts of the finder's corpus, with and
 * without last year's report, addresses and unreadable cells.
 *
 * The one intended difference: a sum of whole numbers is now exact. The old one rounded every
 * sum to 12 significant digits, so an integer sum of 10¹² or more could hide a difference
 * (its own test below); the random numbers here stay below that.
 */
import fc from 'fast-check';
import { checkTables, type CheckOptions } from '../src/report/checks';
import { RELATIONS, TABLES, cellId, rowColumns, type TableKey } from '../src/report/format';
import type { CellValue, Issue, ReportData } from '../src/report';
import { snapshotOf } from '../src/workbook/exceljs';
import { interpretSnapshot } from '../src/workbook/snapshot';
import { CELL_CASES } from './corpus/cells';
import { onlyTable3, styles, workbookOf } from './corpus/styles';
import { consistentReport } from './corpus/generators';
import { mutate, sample } from './helpers';
import { naiveCheckTables } from './naive-checks';

/** Fixed seed: the runs are the same every time. */
const SEED = 20261129;

/** Issues, or the error thrown: the new code must also fail where the old one failed. */
function outcome(check: () => Issue[]): Issue[] | string {
  try {
    return check();
  } catch (error) {
    return `throws ${error instanceof Error ? error.constructor.name : typeof error}`;
  }
}

function expectSame(report: ReportData, options?: CheckOptions): Issue[] | string {
  const now = outcome(() => checkTables(report, options));
  expect(now).toEqual(outcome(() => naiveCheckTables(report, options)));
  return now;
}

/** Every input cell: [table, row, column]. */
const CELLS: [TableKey, string, string][] = TABLES.flatMap((t) => t.rows.flatMap((r) => rowColumns(t, r).map((c) => [t.key, r.key, c.key] as [TableKey, string, string])));
const IDS = CELLS.map(([t, r, c]) => cellId(t, r, c));
const ADDRESSES = new Map(IDS.map((id, i) => [id, `表${i}!A${i + 1}`]));

/** Whole numbers small enough that no sum of 25 of them reaches 10¹². */
const count = fc.integer({ min: -1000, max: 30_000_000_000 });
/** Doubles, but not whole numbers of 10¹⁰ … 2⁵³ (their sums may differ in the 13th digit: see below). */
const double = fc.double().filter((d) => !(Number.isInteger(d) && Math.abs(d) >= 1e10 && Math.abs(d) <= 2 ** 54));

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  { arbitrary: fc.nat(40), weight: 6 },
  count,
  double,
  fc.string({ maxLength: 12 }),
  fc.constantFrom('/', '无', '—', '１２', '0件', '1,234', '#REF!', '', '   ', '=SUM(A1)', 'TRUE', '2024-01-05', '👍', 2.5, -0, 1e20, Infinity, NaN),
  fc.constant(null),
);

/** Any report shape: every table cell random, rows and tables sometimes missing. */
const anyReport: fc.Arbitrary<ReportData> = fc
  .record({
    cells: fc.array(anyCell, { minLength: 210, maxLength: 210 }),
    dropRows: fc.array(fc.nat(40), { maxLength: 4 }),
    dropTable: fc.option(fc.constantFrom<TableKey>('table2', 'table3', 'table4')),
  })
  .map(({ cells, dropRows, dropTable }) => {
    const report: ReportData = { format: '2021', agency: '某单位', year: 2024 };
    let i = 0;
    for (const table of TABLES) {
      const data: Record<string, Record<string, CellValue>> = {};
      table.rows.forEach((row, r) => {
        const rowData: Record<string, CellValue> = {};
        for (const column of rowColumns(table, row)) rowData[column.key] = cells[i++];
        if (!dropRows.includes(r)) data[row.key] = rowData;
      });
      if (table.key !== dropTable) report[table.key] = data;
    }
    return report;
  });

const options: fc.Arbitrary<CheckOptions> = fc.record(
  {
    addresses: fc.constant(ADDRESSES),
    unreadable: fc.array(fc.constantFrom(...IDS), { maxLength: 6 }).map((ids) => new Set(ids)),
    previous: fc.oneof(anyReport, consistentReport),
  },
  { requiredKeys: [] },
);

describe('checkTables says exactly what the naive implementation said', () => {
  it('on the sample, alone and with itself as last year', () => {
    expect(expectSame(sample())).toEqual([]);
    expectSame(sample(), { previous: sample(), addresses: ADDRESSES });
  });

  it('on random reports of any content, with random options', () => {
    fc.assert(
      fc.property(anyReport, options, (report, opts) => {
        expectSame(report, opts);
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('on consistent reports with a few numbers changed or spoiled, against last year', () => {
    const change = fc.tuple(fc.constantFrom(...CELLS), fc.oneof(fc.integer({ min: -5, max: 60 }), anyCell));
    fc.assert(
      fc.property(consistentReport, fc.array(change, { maxLength: 5 }), options, (report, changes, opts) => {
        for (const [[table, row, column], value] of changes) report[table]![row]![column] = value;
        expectSame(report, opts);
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('on reports that are not even the right shape', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (junk, last) => {
        const report = { table2: junk, table3: { newRequests: junk, granted: [junk] }, table4: [junk] } as unknown as ReportData;
        expectSame(report, { previous: { table2: last, table3: { carriedForward: last } } as unknown as ReportData });
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('on the bad-input corpus typed into every cell, and into every cell at once', () => {
    let compared = 0;
    for (const c of CELL_CASES) {
      for (const [table, row, column] of CELLS) {
        expectSame(mutate(table, row, column, c.json), { addresses: ADDRESSES, previous: sample() });
        compared++;
      }
      const all = sample();
      for (const [table, row, column] of CELLS) all[table]![row]![column] = c.json;
      const issues = expectSame(all, { addresses: ADDRESSES, previous: all });
      expect((issues as Issue[]).length > 0).toBe(c.problem !== null);
    }
    expect(compared).toBe(CELL_CASES.length * CELLS.length);
  });

  it("on staff's own workbook layouts (the finder's corpus), read with their addresses and unreadable cells", () => {
    const wrong = mutate('table3', 'granted', 'total', 99);
    wrong.table3!.carriedOver!.commercial = '/';
    wrong.table4!.review!.upheld = 5;
    let sumIssues = 0;
    for (const report of [sample(), wrong]) {
      for (const style of [...styles(report), onlyTable3(report)]) {
        const read = interpretSnapshot(snapshotOf(workbookOf(style)));
        const issues = expectSame(read.report, { addresses: read.addresses, unreadable: read.unreadable, previous: sample() }) as Issue[];
        sumIssues += issues.filter((i) => i.rule !== 'CELL_VALUE' && i.cells.length > 0).length;
      }
    }
    expect(sumIssues).toBeGreaterThan(0); // the wrong report's issues carry the workbook's addresses
  });

  it('on every relation broken at once: every sum issue, in order, with its message', () => {
    const report = sample();
    CELLS.forEach(([table, row, column], i) => (report[table]![row]![column] = (i * i + 3 * i) % 13));
    const issues = expectSame(report, { addresses: ADDRESSES, previous: sample() }) as Issue[];
    // Every rule of the declared relations is among them: the comparison covered each engine path.
    expect(new Set(issues.map((i) => i.rule))).toEqual(new Set(RELATIONS.map((r) => r.rule)));
  });
});

describe('whole-number sums are exact', () => {
  it('a difference in the 13th digit is found (the old rounding to 12 digits hid it)', () => {
    const report = mutate('table3', 'newRequests', 'naturalPerson', 1_000_000_000_001);
    report.table3!.newRequests!.total = 1_000_000_000_000;
    expect(naiveCheckTables(report).filter((i) => i.rule === 'T3_ROW_TOTAL')).toEqual([]);
    const rowTotal = checkTables(report).filter((i) => i.rule === 'T3_ROW_TOTAL');
    expect(rowTotal).toMatchObject([{ row: 'newRequests', expected: 1_000_000_000_001, actual: 1_000_000_000_000 }]);
    expect(rowTotal[0].message).toContain('自然人(1000000000001)');
  });

  it('equal sums of that size pass', () => {
    const report = mutate('table3', 'newRequests', 'naturalPerson', 1_000_000_000_001);
    report.table3!.newRequests!.total = 1_000_000_000_001;
    expect(checkTables(report).filter((i) => i.rule === 'T3_ROW_TOTAL')).toEqual([]);
  });
});

/**
 * Property tests (fast-check) over random report data and random cell contents:
 * checking never throws and never says "undefined"; a report generated consistent has no error;
 * one mutated cell yields exactly the issues the mutation implies.
 */
import fc from 'fast-check';
import { checkReport, type CellValue, type Issue, type ReportData } from '../src/report';
import { RELATIONS, TABLES, rowColumns, type TableKey } from '../src/report/format';
import { sample } from './helpers';
import { consistentReport } from './corpus/generators';

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('/', '无', '—', '１２', '0件', '1,234', '#REF!', '', '   ', '=SUM(A1)', 'TRUE', '2024-01-05', '👍'),
  fc.constant(null),
);

/** Any report shape: every table cell random, rows and tables sometimes missing. */
const anyReport: fc.Arbitrary<ReportData> = fc
  .record({
    cells: fc.array(anyCell, { minLength: 200, maxLength: 200 }),
    dropRows: fc.array(fc.nat(60), { maxLength: 4 }),
    narrative: fc.oneof(fc.constant(sample().narrative!), fc.string({ maxLength: 200 }), fc.constant(undefined)),
    values: fc.dictionary(fc.string({ maxLength: 6 }), anyCell, { maxKeys: 4 }),
  })
  .map(({ cells, dropRows, narrative, values }) => {
    const report: ReportData = { format: '2021', agency: '某单位', year: 2024, narrative, values };
    let i = 0;
    for (const table of TABLES) {
      const data: Record<string, Record<string, CellValue>> = {};
      table.rows.forEach((row, r) => {
        const rowData: Record<string, CellValue> = {};
        for (const column of rowColumns(table, row)) rowData[column.key] = cells[i++ % cells.length];
        if (!dropRows.includes(r)) data[row.key] = rowData;
      });
      report[table.key] = data;
    }
    return report;
  });

function expectSpeakable(issues: Issue[]): void {
  for (const issue of issues) {
    expect(issue.message).not.toMatch(/undefined|\[object|Error:/);
    expect(issue.message.length).toBeGreaterThan(5);
  }
}

describe('checking random reports', () => {
  it('never throws, and every message is plain Chinese', () => {
    fc.assert(
      fc.property(anyReport, (report) => {
        expectSpeakable(checkReport(report));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on reports that are not even the right shape', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        const report = { table2: junk, table3: { newRequests: junk }, table4: [junk], values: {}, narrative: '' } as unknown as ReportData;
        expectSpeakable(checkReport(report));
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Consistent reports, built from random non-negative counts

/** Every input cell: [table, row, column]. */
const CELLS: [TableKey, string, string][] = TABLES.flatMap((t) => t.rows.flatMap((r) => rowColumns(t, r).map((c) => [t.key, r.key, c.key] as [TableKey, string, string])));

/**
 * The issues a change of one number implies, worked out from the declared relations alone:
 * every instance (a row, or a column) of a same-year relation whose terms include the cell.
 */
function impliedIssues(table: TableKey, row: string, column: string): string[] {
  const out: string[] = [];
  for (const relation of RELATIONS) {
    const terms = [...relation.expected, ...relation.actual];
    if (relation.table !== table || terms.some((t) => t.includes('previous.'))) continue;
    const keys = terms.map((t) => t.replace(/^-/, ''));
    if (relation.along === 'row' && keys.includes(column)) out.push(`${relation.rule} ${row} -`);
    if (relation.along === 'column' && keys.includes(row)) out.push(`${relation.rule} - ${column}`);
  }
  return out;
}

const key = (i: Issue) => `${i.rule} ${i.row ?? '-'} ${i.column ?? '-'}`;

describe('consistent reports', () => {
  it('have no error issue', () => {
    fc.assert(
      fc.property(consistentReport, (report) => {
        expect(checkReport(report).filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('one number changed gives exactly the relations that hold that cell', () => {
    fc.assert(
      fc.property(consistentReport, fc.constantFrom(...CELLS), fc.integer({ min: 1, max: 50 }), (report, [table, row, column], delta) => {
        if (table === 'table2') return; // Table 2 has no relation; its fee unit is tested apart
        const before = report[table]![row]![column] as number;
        report[table]![row]![column] = before + delta;
        const issues = checkReport(report).filter((i) => i.severity === 'error');
        expect(issues.map(key).sort()).toEqual(impliedIssues(table, row, column).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('one cell made invalid gives exactly its CELL_VALUE, and no sum issue', () => {
    const invalid = fc.oneof(fc.constantFrom('/', '无', null, -1, 2.5, '１', '0', '#REF!', 'abc'));
    // The one cell the sample's narrative quotes, always among the cases.
    const cells = fc.oneof(fc.constantFrom(...CELLS), fc.constant(['table3', 'newRequests', 'total'] as [TableKey, string, string]));
    fc.assert(
      fc.property(consistentReport, cells, invalid, (report, [table, row, column], value) => {
        if (table === 'table2' && column === 'amount' && value === 2.5) return; // a decimal fee is valid
        report[table]![row]![column] = value;
        const issues = checkReport(report);
        // A blank cell that the narrative quotes is also a blank placeholder (report-data.md).
        const quoted = value === null && report.narrative!.includes(`{{${table}.${row}.${column}}}`);
        expect(issues.map(key)).toEqual([`CELL_VALUE ${row} ${column}`, ...(quoted ? ['NARRATIVE_PLACEHOLDER - -'] : [])]);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Property tests (fast-check) over random report data and random cell contents:
 * checking never throws and never says "undefined"; a report generated consistent has no error;
 * one mutated cell yields exactly the issues the mutation implies.
 */
import fc from 'fast-check';
import { checkReport, type CellValue, type Issue, type ReportData } from '../src/report';
import { TABLES, rowColumns, type TableKey } from '../src/report/format';
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

/**
 * The official relations, written out here from the spec (official-format.md), independently
 * of `RELATIONS` in format.ts: a mistake there must not agree with itself.
 */
const OFFICIAL = {
  /** Table 3's seven columns: six applicant types, then 总计. */
  t3Applicants: ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'],
  /** The 21 result rows （一）…（六） whose sum is （七）总计. */
  t3Results: [
    'granted', 'partlyGranted',
    'withheldStateSecret', 'withheldLawProhibited', 'withheldSecurityStability', 'withheldThirdParty',
    'withheldInternalAffairs', 'withheldProcessInfo', 'withheldEnforcementFile', 'withheldQueryMatter',
    'unavailableNotHeld', 'unavailableNeedsCreation', 'unavailableStillUnclear',
    'rejectedPetition', 'rejectedRepeated', 'rejectedPublication', 'rejectedExcessive', 'rejectedReconfirm',
    'otherNoCorrection', 'otherFeeUnpaid', 'otherMisc',
  ],
  /** 一 + 二 = 三（七） + 四. */
  t3Balance: ['newRequests', 'carriedOver', 'resultTotal', 'carriedForward'],
  t4Groups: ['review', 'litigationDirect', 'litigationAfterReview'],
  t4Columns: ['upheld', 'corrected', 'other', 'pending', 'total'],
};
const T3_ROWS_OFFICIAL = ['newRequests', 'carriedOver', ...OFFICIAL.t3Results, 'resultTotal', 'carriedForward'];
const T3_COLUMNS_OFFICIAL = [...OFFICIAL.t3Applicants, 'total'];

/** Table 2's cells (no arithmetic relation inside Table 2: changing one gives no error). */
const T2_CELLS: [string, string][] = [
  ['regulations', 'issued'], ['regulations', 'repealed'], ['regulations', 'inForce'],
  ['normativeDocuments', 'issued'], ['normativeDocuments', 'repealed'], ['normativeDocuments', 'inForce'],
  ['licensing', 'decisions'], ['penalty', 'decisions'], ['enforcement', 'decisions'], ['fees', 'amount'],
];

/** Every input cell: [table, row, column]; Table 3 is 25 × 7, Table 4 is 3 × 5, from the spec. */
const CELLS: [TableKey, string, string][] = [
  ...T2_CELLS.map(([row, column]) => ['table2', row, column] as [TableKey, string, string]),
  ...T3_ROWS_OFFICIAL.flatMap((row) => T3_COLUMNS_OFFICIAL.map((column) => ['table3', row, column] as [TableKey, string, string])),
  ...OFFICIAL.t4Groups.flatMap((group) => OFFICIAL.t4Columns.map((column) => ['table4', group, column] as [TableKey, string, string])),
];

/** Every input cell of all three tables, as format.ts declares them (for the CELL_VALUE property). */
const DECLARED_CELLS: [TableKey, string, string][] = TABLES.flatMap((t) =>
  t.rows.flatMap((r) => rowColumns(t, r).map((c) => [t.key, r.key, c.key] as [TableKey, string, string])),
);

/**
 * The error issues a change of one number implies, by the official relations: the row total of
 * its row (Table 3: 六类申请人之和 = 总计; Table 4: 维持 + 纠正 + 其他 + 尚未审结 = 总计 in its group),
 * and in Table 3 the result total and the balance of its column when the row is one of their terms.
 */
function impliedIssues(table: TableKey, row: string, column: string): string[] {
  if (table === 'table2') return [];
  if (table === 'table4') return [`T4_TOTAL ${row} -`];
  const out = [`T3_ROW_TOTAL ${row} -`];
  if (OFFICIAL.t3Results.includes(row) || row === 'resultTotal') out.push(`T3_RESULT_TOTAL - ${column}`);
  if (OFFICIAL.t3Balance.includes(row)) out.push(`T3_BALANCE - ${column}`);
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
        const before = report[table]![row]![column] as number;
        report[table]![row]![column] = before + delta;
        const issues = checkReport(report).filter((i) => i.severity === 'error');
        expect(issues.map(key).sort()).toEqual(impliedIssues(table, row, column).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('every cell, one at a time, gives exactly the relations that hold it', () => {
    const [base] = fc.sample(consistentReport, { numRuns: 1, seed: 18 });
    for (const [table, row, column] of CELLS) {
      const report = structuredClone(base);
      report[table]![row]![column] = (report[table]![row]![column] as number) + 7;
      const issues = checkReport(report).filter((i) => i.severity === 'error');
      expect({ cell: `${table}.${row}.${column}`, issues: issues.map(key).sort() }).toEqual({
        cell: `${table}.${row}.${column}`,
        issues: impliedIssues(table, row, column).sort(),
      });
    }
  });

  it('the cells the spec lists are the cells format.ts declares', () => {
    expect(DECLARED_CELLS.map((c) => c.join('.')).sort()).toEqual(CELLS.map((c) => c.join('.')).sort());
  });

  it('one cell made invalid gives exactly its CELL_VALUE, and no sum issue', () => {
    const invalid = fc.oneof(fc.constantFrom('/', '无', null, -1, 2.5, '１', '0', '#REF!', 'abc'));
    // The one cell the sample's narrative quotes, always among the cases.
    const cells = fc.oneof(fc.constantFrom(...DECLARED_CELLS), fc.constant(['table3', 'newRequests', 'total'] as [TableKey, string, string]));
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

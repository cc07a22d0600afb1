/**
 * Random report data for property tests: consistent reports, built from random non-negative counts.
 */
import fc from 'fast-check';
import type { CellValue, ReportData } from '../../src/report';
import { TABLE2, TABLE3, TABLE3_RESULT_ROWS, TABLE4, rowColumns } from '../../src/report/format';
import { sample } from '../helpers';

const APPLICANTS = TABLE3.columns.filter((c) => c.key !== 'total').map((c) => c.key);

export const consistentReport: fc.Arbitrary<ReportData> = fc
  .record({
    results: fc.array(fc.array(fc.nat(30), { minLength: 6, maxLength: 6 }), { minLength: 21, maxLength: 21 }),
    forward: fc.array(fc.nat(10), { minLength: 6, maxLength: 6 }),
    carriedShare: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
    t2: fc.array(fc.nat(500), { minLength: 9, maxLength: 9 }),
    fee: fc.integer({ min: 0, max: 99_999_9999 }).map((n) => n / 10_000),
    t4: fc.array(fc.array(fc.nat(20), { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ results, forward, carriedShare, t2, fee, t4 }) => {
    const report = sample();
    const row = (values: number[]) => {
      const out: Record<string, CellValue> = {};
      APPLICANTS.forEach((key, i) => (out[key] = values[i]));
      out.total = values.reduce((a, b) => a + b, 0);
      return out;
    };
    const t3: Record<string, Record<string, CellValue>> = {};
    TABLE3_RESULT_ROWS.forEach((key, i) => (t3[key] = row(results[i])));
    const resultTotal = APPLICANTS.map((_, c) => results.reduce((sum, r) => sum + r[c], 0));
    // 一 + 二 = 三（七） + 四: choose 二 within what the results and 四 allow, then 一.
    const carried = APPLICANTS.map((_, c) => Math.floor(carriedShare[c] * (resultTotal[c] + forward[c])));
    const fresh = APPLICANTS.map((_, c) => resultTotal[c] + forward[c] - carried[c]);
    Object.assign(t3, { newRequests: row(fresh), carriedOver: row(carried), resultTotal: row(resultTotal), carriedForward: row(forward) });
    report.table3 = t3;
    let k = 0;
    report.table2 = Object.fromEntries(
      TABLE2.rows.map((r) => [r.key, Object.fromEntries(rowColumns(TABLE2, r).map((c) => [c.key, c.kind === 'amount' ? fee : t2[k++]]))]),
    );
    report.table4 = Object.fromEntries(
      TABLE4.rows.map((r, i) => [r.key, { upheld: t4[i][0], corrected: t4[i][1], other: t4[i][2], pending: t4[i][3], total: t4[i].reduce((a, b) => a + b, 0) }]),
    );
    return report;
  });


/**
 * A government's report over its units: the tables summed cell by cell. Pure.
 */
import { judgeCell } from './cell-value';
import { TABLES, rowColumns } from './format';
import { cellValue, type CellValue, type ReportData, type TableData } from './model';

/** The merged cell's text when the units' values add up past the largest number. */
export const MERGE_OVERFLOW = '合计超出数值范围';

export interface MergeInput {
  /** The unit's name as shown in the units sheet (its agency, or its file). */
  name: string;
  report: ReportData;
}

/**
 * The cell-by-cell sums of the units' tables. A cell that is not a valid number in some unit
 * counts as 0 there (the caller refuses such inputs unless forced, and lists them).
 */
export function mergeReports(inputs: readonly MergeInput[], agency: string): ReportData {
  const years = [...new Set(inputs.map((i) => i.report.year).filter((y) => y !== undefined && y !== null))];
  const merged: ReportData = { format: '2021', agency, ...(years.length === 1 ? { year: years[0] } : {}) };
  for (const table of TABLES) {
    const data: TableData = {};
    for (const row of table.rows) {
      const values: Record<string, CellValue> = {};
      for (const column of rowColumns(table, row)) {
        let sum = 0;
        for (const input of inputs) {
          const verdict = judgeCell(cellValue(input.report, table.key, row.key, column.key), column.kind);
          if (verdict.ok) sum += verdict.value;
        }
        // Amounts in 万元 keep their decimals without floating-point noise. A sum past the
        // largest number (units of 1.7e308) is not a number a file can hold: said as text.
        if (!Number.isFinite(sum)) values[column.key] = MERGE_OVERFLOW;
        else values[column.key] = column.kind === 'amount' ? Math.round(sum * 1e6) / 1e6 : sum;
      }
      data[row.key] = values;
    }
    merged[table.key] = data;
  }
  return merged;
}

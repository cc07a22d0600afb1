/**
 * The report file (report-data.md) and the check results.
 */
import type { TableKey } from './format';

/** What a table cell held: a number, a string as typed, or null for blank. */
export type CellValue = number | string | null;

export type TableData = Record<string, Record<string, CellValue> | undefined>;

export interface ReportData {
  format?: string;
  agency?: string;
  year?: number | string | null;
  table2?: TableData;
  table3?: TableData;
  table4?: TableData;
  /** Other named values the narrative uses, by name. */
  values?: Record<string, CellValue>;
  /** Declared sums among values: a total's name → the names of its parts. */
  breakdowns?: Record<string, string[]>;
  /** The narrative template with `{{name}}` placeholders. */
  narrative?: string;
  /** Last year's report, or the path of its file relative to this one. */
  previousYear?: ReportData | string;
  /** Extra basic information (联系方式 …) kept by the workbook. */
  info?: Record<string, CellValue>;
}

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'CELL_VALUE'
  | 'T3_ROW_TOTAL'
  | 'T3_RESULT_TOTAL'
  | 'T3_BALANCE'
  | 'T4_TOTAL'
  | 'T2_FEE_UNIT'
  | 'CROSS_YEAR_CARRIED'
  | 'CROSS_YEAR_IN_FORCE'
  | 'NARRATIVE_PLACEHOLDER'
  | 'NARRATIVE_SECTION'
  | 'NARRATIVE_FEE'
  | 'NARRATIVE_NUMBER'
  | 'NARRATIVE_REPEAT'
  | 'NARRATIVE_TYPO'
  | 'REPORT_INFO'
  | 'OLD_TEMPLATE'
  | 'VALUE_BREAKDOWN'
  | 'EXTRA_TOTAL'
  | 'WORKBOOK_STRUCTURE'
  | 'WORKBOOK_LABEL'
  | 'YEAR_OUTLIER'
  | 'PEER_OUTLIER';

export interface Issue {
  rule: RuleId;
  severity: Severity;
  table: TableKey | 'narrative' | 'report';
  row: string | null;
  column: string | null;
  /** Workbook addresses involved (`表三!J7`), when the input came from a workbook. */
  cells: string[];
  expected: number | string | null;
  actual: number | string | null;
  message: string;
  /** A correction the add-in can offer: in `cell`, replace the text `find` with `replace`. */
  fix?: { cell: string; find: string; replace: string };
  /** NARRATIVE_REPEAT: the longest passages repeated from last year, with their 1-based paragraph. */
  passages?: { text: string; paragraph: number }[];
}

export function tableData(report: ReportData, table: TableKey): TableData {
  const data = report[table];
  return data && typeof data === 'object' ? data : {};
}

/** The raw value of one cell; a missing table, row or column reads as blank. */
export function cellValue(report: ReportData, table: TableKey, row: string, column: string): CellValue {
  const rowData = tableData(report, table)[row];
  if (!rowData || typeof rowData !== 'object') return null;
  const value = rowData[column];
  return value === undefined ? null : value;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** The report's keys in the order of report-data.md (for stable JSON output). */
export function orderReport(report: ReportData): ReportData {
  const keys: (keyof ReportData)[] = ['format', 'agency', 'year', 'info', 'table2', 'table3', 'table4', 'values', 'breakdowns', 'narrative', 'previousYear'];
  const out: ReportData = {};
  for (const key of keys) if (report[key] !== undefined) (out as Record<string, unknown>)[key] = report[key];
  return out;
}

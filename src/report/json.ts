/**
 * The report file (`*.json`): parse leniently (a missing table, row or column is blank; odd
 * cell types are kept as text for the checks to explain), refuse only what is not a report.
 */
import { TABLES, rowColumns } from './format';
import { orderReport, type CellValue, type ReportData, type TableData } from './model';

export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportFileError';
  }
}

function asCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where in the text a JSON.parse error points, as "第 N 行第 M 列". */
function jsonPosition(text: string, error: SyntaxError): string {
  const m = /position (\d+)/.exec(error.message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return `（第 ${line} 行第 ${col} 列附近）`;
}

/** A report from parsed JSON, with every table cell's value normalised to number, text or null. */
export function reportFromJson(data: unknown): ReportData {
  if (!isObject(data)) throw new ReportFileError('不是年报数据文件：文件内容应为一个 JSON 对象');
  const report = { ...data } as ReportData & Record<string, unknown>;
  for (const table of TABLES) {
    const raw = data[table.key];
    if (raw === undefined || raw === null) {
      delete report[table.key];
      continue;
    }
    if (!isObject(raw)) throw new ReportFileError(`“${table.key}”（${table.name}）应为一个对象`);
    const out: TableData = {};
    for (const [rowKey, rowRaw] of Object.entries(raw)) {
      if (!isObject(rowRaw)) {
        out[rowKey] = {};
        continue;
      }
      const row: Record<string, CellValue> = {};
      for (const [columnKey, value] of Object.entries(rowRaw)) row[columnKey] = asCell(value);
      out[rowKey] = row;
    }
    report[table.key] = out;
  }
  if (report.values !== undefined) {
    if (!isObject(report.values)) throw new ReportFileError('“values”应为一个对象（名称 → 数值）');
    report.values = Object.fromEntries(Object.entries(report.values).map(([k, v]) => [k, asCell(v)]));
  }
  if (report.breakdowns !== undefined) {
    const ok = isObject(report.breakdowns) && Object.values(report.breakdowns).every((parts) => Array.isArray(parts) && parts.every((p) => typeof p === 'string'));
    if (!ok) throw new ReportFileError('“breakdowns”应为一个对象：合计名称 → 各项名称的列表');
  }
  if (report.narrative !== undefined && typeof report.narrative !== 'string') {
    throw new ReportFileError('“narrative”应为文本');
  }
  if (isObject(report.previousYear)) report.previousYear = reportFromJson(report.previousYear);
  if (report.agency !== undefined && typeof report.agency !== 'string') report.agency = String(report.agency);
  return report;
}

export function parseReportJson(text: string): ReportData {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ReportFileError(`不是有效的 JSON 文件${jsonPosition(text, error as SyntaxError)}`);
  }
  return reportFromJson(data);
}

/** The report file text: keys in the documented order, every table cell present. */
export function stringifyReport(report: ReportData): string {
  const full: ReportData = { ...report };
  for (const table of TABLES) {
    const source = report[table.key] ?? {};
    const out: TableData = {};
    for (const row of table.rows) {
      const values: Record<string, CellValue> = {};
      for (const column of rowColumns(table, row)) values[column.key] = source[row.key]?.[column.key] ?? null;
      out[row.key] = values;
    }
    full[table.key] = out;
  }
  return JSON.stringify(orderReport(full), null, 2) + '\n';
}

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

/** Longest text a cell can hold (Excel's limit); longer text could not be written back. */
export const MAX_CELL_TEXT = 32_767;

function checkText(text: string, where: string): string {
  if (text.length > MAX_CELL_TEXT) throw new ReportFileError(`${where}的文字过长（${text.length} 个字符，一个单元格最多 ${MAX_CELL_TEXT} 个）`);
  return text;
}

/**
 * A table or value cell: a number or a string reaches the workbook, nothing else. Other JSON
 * (an object, a list) is kept as its text for the checks to report, never as a formula or link.
 */
function asCell(value: unknown, where: string): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return checkText(value, where);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return checkText(JSON.stringify(value), where);
}

const TYPE_NAME = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? '列表' : typeof value === 'object' ? '对象' : typeof value === 'boolean' ? '逻辑值' : typeof value === 'number' ? '数字' : '文本';

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
export function reportFromJson(data: unknown, depth = 0): ReportData {
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
      for (const [columnKey, value] of Object.entries(rowRaw)) row[columnKey] = asCell(value, `“${table.key}.${rowKey}.${columnKey}”`);
      out[rowKey] = row;
    }
    report[table.key] = out;
  }
  if (report.values !== undefined) {
    if (!isObject(report.values)) throw new ReportFileError('“values”应为一个对象（名称 → 数值）');
    report.values = Object.fromEntries(Object.entries(report.values).map(([k, v]) => [k, asCell(v, `“values.${k}”`)]));
  }
  if (report.breakdowns !== undefined) {
    const ok = isObject(report.breakdowns) && Object.values(report.breakdowns).every((parts) => Array.isArray(parts) && parts.every((p) => typeof p === 'string'));
    if (!ok) throw new ReportFileError('“breakdowns”应为一个对象：合计名称 → 各项名称的列表');
  }
  if (report.narrative !== undefined && report.narrative !== null && typeof report.narrative !== 'string') {
    throw new ReportFileError('“narrative”（正文）应为文本');
  }
  if (report.narrative === null) delete report.narrative;
  report.narrative?.split('\n').forEach((line, i) => checkText(line, `“narrative”第 ${i + 1} 行`));
  if (report.format !== undefined && typeof report.format !== 'string') throw new ReportFileError(`“format”应为文本（如 "2021"），而不是${TYPE_NAME(report.format)}`);
  // Basic information reaches cells of the workbook: only text or numbers.
  if (report.agency === null) delete report.agency;
  else if (typeof report.agency === 'number' && Number.isFinite(report.agency)) report.agency = String(report.agency);
  else if (report.agency !== undefined && typeof report.agency !== 'string') throw new ReportFileError(`“agency”（机关名称）应为文本，而不是${TYPE_NAME(report.agency)}`);
  if (report.agency !== undefined) checkText(report.agency, '“agency”');
  const year: unknown = report.year;
  if (year !== undefined && year !== null && !(typeof year === 'number' && Number.isFinite(year)) && typeof year !== 'string') {
    throw new ReportFileError(`“year”（报告年度）应为数字（如 2024），而不是${TYPE_NAME(year)}`);
  }
  if (typeof year === 'string') checkText(year, '“year”');
  const info: unknown = report.info;
  if (info === null) delete report.info;
  else if (info !== undefined) {
    if (!isObject(info)) throw new ReportFileError(`“info”（基本信息）应为一个对象（如 {"phone": "0955-1234567"}），而不是${TYPE_NAME(info)}`);
    const out: Record<string, CellValue> = {};
    for (const [key, value] of Object.entries(info)) {
      if (value === null || (typeof value === 'number' && Number.isFinite(value))) out[key] = value as CellValue;
      else if (typeof value === 'string') out[key] = checkText(value, `“info.${key}”`);
      else throw new ReportFileError(`“info.${key}”应为文本，而不是${TYPE_NAME(value)}`);
    }
    report.info = out;
  }
  const previous: unknown = report.previousYear;
  if (previous === null) delete report.previousYear;
  else if (isObject(previous)) {
    if (depth >= 5) throw new ReportFileError('“previousYear”（上年报告）嵌套过深（上限 5 层）');
    try {
      report.previousYear = reportFromJson(previous, depth + 1);
    } catch (error) {
      if (error instanceof ReportFileError) throw error.message.startsWith('“previousYear”') ? error : new ReportFileError(`“previousYear”（上年报告）中：${error.message}`);
      throw error;
    }
  } else if (previous !== undefined && typeof previous !== 'string') {
    throw new ReportFileError(`“previousYear”（上年报告）应为一个报告对象或上年报告文件的路径，而不是${TYPE_NAME(previous)}`);
  }
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

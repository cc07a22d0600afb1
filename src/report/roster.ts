/**
 * The county's desk: which units were expected (the roster), which sent a report, which sent
 * twice, which are missing, which have errors; and whether the county's own report equals the
 * sum of its units, cell by cell. Pure.
 */
import { judgeCell } from './cell-value';
import { cellWhere } from './checks';
import { TABLES, rowColumns, type TableKey } from './format';
import { normalizeLabel } from './labels';
import { cellValue, type CellValue, type ReportData } from './model';

/** A roster file: one unit a line; blank lines, `#` comments and a 序号/单位 header skipped; numbering stripped. */
export function parseRoster(text: string): string[] {
  return rosterFromCells(text.replace(/^\ufeff/, '').split(/\r?\n/).map((line) => [line.replace(/#.*$/, '')]));
}

/** A header line or cell: nothing but header words ("序号 单位名称"). */
const HEADER = /^((序号|单位|单位名称|名称|应报单位|报送单位)[\s,，、\t]*)+$/;

/**
 * A roster from a sheet's rows: the column headed 单位/单位名称 if there is one, else the first
 * non-numeric column; a leading 序号 ("1."、"1、"、"1 ") is not part of the name. Duplicates kept once.
 */
export function rosterFromCells(rows: readonly (readonly CellValue[])[]): string[] {
  const text = (v: CellValue | undefined) => (v === null || v === undefined ? '' : String(v).trim());
  let column = -1;
  const headerRow = rows.findIndex((row) => row.some((v) => /^(单位|单位名称|应报单位|报送单位)$/.test(text(v))));
  if (headerRow >= 0) column = rows[headerRow].findIndex((v) => /^(单位|单位名称|应报单位|报送单位)$/.test(text(v)));
  const names: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    if (r <= headerRow) return;
    const cells = row.map(text);
    const value = column >= 0 ? cells[column] ?? '' : (cells.find((c) => c !== '' && !/^\d+[.、．]?$/.test(c)) ?? '');
    const name = value.replace(/^\d+\s*[.、．)）]\s*|^\d+\s+/, '').trim();
    if (name === '' || HEADER.test(name)) return;
    const key = unitKey(name);
    if (seen.has(key)) return;
    seen.add(key);
    names.push(name);
  });
  return names;
}

/** A unit's name folded for comparison (widths, spaces). */
export function unitKey(name: string): string {
  return normalizeLabel(name);
}

export interface ReceivedReport {
  /** The file it came from. */
  file: string;
  /** The agency the report names (from its title or 基本信息), if any. */
  agency?: string | null;
  errors: number;
  warnings: number;
}

export type UnitStatus = 'ok' | 'errors' | 'missing' | 'duplicate' | 'unlisted';

export const UNIT_STATUS_LABEL: Record<UnitStatus, string> = {
  ok: '已报送',
  errors: '有错误',
  missing: '未报送',
  duplicate: '重复报送',
  unlisted: '不在名单中',
};

export interface RosterLine {
  /** The roster's name for the unit (or, for a report matching no roster line, its agency or file). */
  unit: string;
  status: UnitStatus;
  /** The files received for the unit, in the order given. */
  files: string[];
  errors: number;
}

export interface RosterResult {
  /** One line per roster unit, in roster order, then the reports matching no unit. */
  lines: RosterLine[];
  missing: string[];
  duplicates: { unit: string; files: string[] }[];
  withErrors: { unit: string; files: string[]; errors: number }[];
  unlisted: { file: string; agency: string | null }[];
  /** For each received file (by index): the roster unit it was matched to, or null. */
  matchOf: (string | null)[];
}

function stem(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

/**
 * Which roster unit a report is: its agency equal to the unit's name, else the longest roster
 * name contained in its agency, else in its file name ("海原县西安镇人民政府" and "西安镇-2024.docx" are 西安镇).
 */
function matchUnit(received: ReceivedReport, roster: readonly string[]): string | null {
  const agency = unitKey(received.agency ?? '');
  const exact = roster.find((u) => unitKey(u) === agency && agency !== '');
  if (exact) return exact;
  // The agency the report names decides; the file's name only when the agency names no unit.
  const within = (text: string) => roster.filter((u) => unitKey(u) !== '' && text !== '' && text.includes(unitKey(u)));
  const byAgency = within(agency);
  const contained = byAgency.length > 0 ? byAgency : within(unitKey(stem(received.file)));
  if (contained.length === 0) return null;
  return contained.sort((a, b) => unitKey(b).length - unitKey(a).length)[0];
}

/** Match the reports received against the roster. */
export function matchRoster(roster: readonly string[], received: readonly ReceivedReport[]): RosterResult {
  const matchOf = received.map((r) => matchUnit(r, roster));
  const lines: RosterLine[] = [];
  const result: RosterResult = { lines, missing: [], duplicates: [], withErrors: [], unlisted: [], matchOf };
  for (const unit of roster) {
    const mine = received.filter((_, i) => matchOf[i] === unit);
    const files = mine.map((r) => r.file);
    const errors = mine.reduce((n, r) => n + r.errors, 0);
    let status: UnitStatus = 'ok';
    if (mine.length === 0) {
      status = 'missing';
      result.missing.push(unit);
    } else if (mine.length > 1) {
      status = 'duplicate';
      result.duplicates.push({ unit, files });
    } else if (errors > 0) {
      status = 'errors';
    }
    if (errors > 0) result.withErrors.push({ unit, files: mine.filter((r) => r.errors > 0).map((r) => r.file), errors });
    lines.push({ unit, status, files, errors });
  }
  received.forEach((r, i) => {
    if (matchOf[i] !== null) return;
    result.unlisted.push({ file: r.file, agency: r.agency ?? null });
    lines.push({ unit: r.agency || stem(r.file), status: 'unlisted', files: [r.file], errors: r.errors });
  });
  return result;
}

/** The roster result in Chinese lines, for the CLI and the pane. */
export function describeRoster(result: RosterResult, total: number): string[] {
  const out: string[] = [];
  const received = total - result.missing.length;
  out.push(`名单中共 ${total} 个单位，已收到 ${received} 个单位的报告，未报送 ${result.missing.length} 个`);
  if (result.missing.length > 0) out.push(`未报送：${result.missing.join('、')}`);
  for (const d of result.duplicates) out.push(`重复报送：${d.unit}（${d.files.join('、')}）；请确认以哪一份为准，只保留一份后再汇总`);
  for (const e of result.withErrors) out.push(`有错误：${e.unit}（${e.files.join('、')}，共 ${e.errors} 个错误）`);
  for (const u of result.unlisted) out.push(`不在名单中：${u.file}${u.agency ? `（${u.agency}）` : ''}；请核对单位名称，或把它加入名单`);
  return out;
}

// ---------------------------------------------------------------------------------------
// The county's own report against the sum of its units

export interface CellDifference {
  table: TableKey;
  row: string;
  column: string;
  /** 表三“一、本年新收政府信息公开申请数量”行“总计”列 (as check messages say it). */
  where: string;
  /** What the county's report holds (as typed when it is not a valid number). */
  parent: CellValue;
  /** The sum of the units. */
  units: number;
}

/**
 * Every cell where the county's own report differs from the sum of its units (`sum`, as
 * `mergeReports` gives it): exactly those, in table order. A cell of the county's report that
 * is not a valid number differs from any sum.
 */
export function compareWithUnits(parent: ReportData, sum: ReportData): CellDifference[] {
  const out: CellDifference[] = [];
  for (const table of TABLES) {
    for (const row of table.rows) {
      for (const column of rowColumns(table, row)) {
        const units = cellValue(sum, table.key, row.key, column.key);
        const total = typeof units === 'number' ? units : 0;
        const raw = cellValue(parent, table.key, row.key, column.key);
        const verdict = judgeCell(raw, column.kind);
        if (verdict.ok && Math.abs(verdict.value - total) < 1e-6) continue;
        out.push({
          table: table.key,
          row: row.key,
          column: column.key,
          where: cellWhere(table, row, column),
          parent: raw,
          units: total,
        });
      }
    }
  }
  return out;
}

/** One Chinese line per difference. */
export function describeDifference(d: CellDifference, address?: string): string {
  const shown = d.parent === null ? '空白' : typeof d.parent === 'number' ? String(d.parent) : `“${d.parent}”`;
  return `${address ? address + '  ' : ''}${d.where}：本级报告为 ${shown}，各单位之和为 ${d.units}`;
}

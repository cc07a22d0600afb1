/**
 * The county's desk in `nianbao merge` (issue #15): the roster of expected units (`--units`),
 * figures to look at twice across units, and the county's own report against the sum of its
 * units (`--parent`). The logic is pure (src/report/roster.ts, outliers.ts); this is its I/O.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { cellId, type Issue, type ReportData } from '../report';
import { mergeReports } from '../report/merge';
import { peerOutliers } from '../report/outliers';
import { UNIT_STATUS_LABEL, compareWithUnits, describeDifference, describeRoster, matchRoster, parseRoster, rosterFromCells, type RosterResult } from '../report/roster';
import { ExcelJsWorkbook } from '../workbook/exceljs';
import { loadOne, type CliIO } from './io';
import { isWorkbookPath, SourceError } from './sources';

export interface CountyUnit {
  file: string;
  report: ReportData;
  issues: Issue[];
}

/** The expected units: a text file (one a line) or a workbook whose first sheet lists them. */
export async function loadRoster(file: string, cwd: string): Promise<string[]> {
  const full = path.resolve(cwd, file);
  let names: string[];
  try {
    if (isWorkbookPath(full)) {
      const snapshot = await (await ExcelJsWorkbook.open(full, { readOnly: true })).snapshot();
      names = rosterFromCells(snapshot.sheets[0]?.values ?? []);
    } else {
      const bytes = await readFile(full);
      if (bytes.length > 1024 * 1024) throw new SourceError(file, '单位名单文件过大（超过 1 MB）');
      names = parseRoster(new TextDecoder('utf-8').decode(bytes));
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SourceError(file, code === 'ENOENT' ? '单位名单文件不存在' : `单位名单无法读取：${(error as Error).message}`);
  }
  if (names.length === 0) throw new SourceError(file, '单位名单中没有单位（每行写一个单位名称）');
  return names;
}

/** Match the units received against the roster; each unit's status for the 汇总单位 sheet. */
export function rosterOf(roster: readonly string[], units: readonly CountyUnit[]): { result: RosterResult; statuses: string[]; lines: string[] } {
  const result = matchRoster(
    roster,
    units.map((u) => ({
      file: u.file,
      agency: u.report.agency ?? null,
      errors: u.issues.filter((i) => i.severity === 'error').length,
      warnings: u.issues.filter((i) => i.severity === 'warning').length,
    })),
  );
  const statuses = units.map((_, i) => {
    const unit = result.matchOf[i];
    const line = unit === null ? undefined : result.lines.find((l) => l.unit === unit);
    return UNIT_STATUS_LABEL[line ? line.status : 'unlisted'];
  });
  return { result, statuses, lines: describeRoster(result, roster.length) };
}

/** Units with 0 where their peers report hundreds: added to their issues as info, and said. */
export function addPeerOutliers(units: CountyUnit[], io: CliIO): void {
  const name = (u: CountyUnit) => u.report.agency || u.file;
  const found = peerOutliers(units.map((u) => ({ name: name(u), report: u.report })));
  for (const { unit, issue } of found) {
    units[unit].issues.push(issue);
    io.out(`  提示  ${units[unit].file}：${issue.message}  [${issue.rule}]\n`);
  }
}

/**
 * The county's own report against the sum of its units: every differing cell, one line each.
 * Returns the number of differences, or null when the report cannot be read.
 */
export async function compareParent(file: string, units: readonly CountyUnit[], io: CliIO): Promise<number | null> {
  const parent = await loadOne(file, io);
  if (!parent) return null;
  const sum = mergeReports(
    units.map((u) => ({ name: u.file, report: u.report })),
    parent.report.agency ?? '',
  );
  const differences = compareWithUnits(parent.report, sum);
  if (differences.length === 0) {
    io.out(`本级报告 ${file} 的各表与 ${units.length} 个单位之和逐格一致。\n`);
    return 0;
  }
  io.out(`本级报告 ${file} 与 ${units.length} 个单位之和有 ${differences.length} 格不一致：\n`);
  for (const d of differences) io.out(`  ${describeDifference(d, parent.addresses.get(cellId(d.table, d.row, d.column)))}\n`);
  return differences.length;
}

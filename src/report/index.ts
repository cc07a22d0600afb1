/**
 * The report core: everything a backend or front end needs, pure.
 */
import { checkTables, type CheckOptions } from './checks';
import { type Issue, type ReportData } from './model';

export * from './format';
export * from './model';
export { checkTables, cellWhere, type CheckOptions } from './checks';
export { judgeCell } from './cell-value';
export { parseReportJson, reportFromJson, stringifyReport, ReportFileError } from './json';

/** All checks of a report, plus problems already found while reading it (missing sheets …). */
export function checkReport(report: ReportData, options: CheckOptions & { readIssues?: Issue[] } = {}): Issue[] {
  return [...(options.readIssues ?? []), ...checkTables(report, options)];
}

export function countBySeverity(issues: readonly Issue[]): Record<Issue['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity]++;
  return counts;
}

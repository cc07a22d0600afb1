/**
 * The report core: everything a backend or front end needs, pure.
 */
import { checkTables, type CheckOptions } from './checks';
import { NARRATIVE_SOURCE, checkBreakdowns, checkNarrative, type NarrativeCheckOptions } from './narrative';
import { checkNarrativeNumbers } from './narrative-numbers';
import { checkRepeat } from './repeat';
import { OLD_FORMAT, checkReportInfo, checkTypos, oldFormatIssues } from './report-info';
import { type Issue, type ReportData } from './model';
import { yearOutliers } from './outliers';

export * from './format';
export * from './model';
export { checkTables, cellWhere, type CheckOptions } from './checks';
export { judgeCell } from './cell-value';
export { parseReportJson, reportFromJson, stringifyReport, ReportFileError } from './json';

export type ReportCheckOptions = CheckOptions & NarrativeCheckOptions & { readIssues?: Issue[] };

/**
 * All checks of a report: problems found while reading it (missing sheets …), the tables,
 * the narrative template and the declared breakdowns of its values.
 */
export function checkReport(report: ReportData, options: ReportCheckOptions = {}): Issue[] {
  // The 2019 trial format: named once, not checked cell by cell against the 2021 tables.
  if (report.format === OLD_FORMAT) return [...(options.readIssues ?? []), ...oldFormatIssues(report, options.readIssues)];
  return [
    ...(options.readIssues ?? []),
    ...checkTables(report, options),
    ...checkReportInfo(report, options),
    ...checkNarrative(report, options),
    ...(options.unreadable?.has(NARRATIVE_SOURCE) ? [] : [...checkNarrativeNumbers(report, options), ...checkRepeat(report, options), ...checkTypos(report, options)]),
    ...checkBreakdowns(report, options.addresses),
    ...(options.previous ? yearOutliers(report, options.previous, options.addresses) : []),
  ];
}

export function countBySeverity(issues: readonly Issue[]): Record<Issue['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity]++;
  return counts;
}

/**
 * Issues grouped the way the task pane and the checker page show them: by table, in table
 * order, errors first within a group. Pure.
 */
import { SEVERITY_ORDER, type Issue } from './model';

export interface IssueGroup {
  key: string;
  title: string;
  issues: Issue[];
}

export const GROUP_TITLES: Record<Issue['table'], string> = {
  report: '工作簿',
  table2: '表二 主动公开',
  table3: '表三 依申请公开',
  table4: '表四 复议、诉讼',
  narrative: '正文',
};
const GROUP_ORDER: Issue['table'][] = ['report', 'table2', 'table3', 'table4', 'narrative'];

/** Issues grouped by table, in table order; within a group errors first. */
export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  return GROUP_ORDER.map((key) => ({
    key,
    title: GROUP_TITLES[key],
    issues: issues.filter((i) => i.table === key).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
  })).filter((g) => g.issues.length > 0);
}

/** The name an exported report file is offered under (the task pane, the checker page). */
import type { ReportData } from './model';

/** `某镇2023年政府信息公开工作年度报告（草稿）`, without the characters file systems refuse. */
export function reportFileBase(report: ReportData, draft: boolean): string {
  return `${report.agency ?? ''}${report.year ?? ''}年政府信息公开工作年度报告${draft ? '（草稿）' : ''}`.replace(/[\\/:*?"<>|]/g, '');
}

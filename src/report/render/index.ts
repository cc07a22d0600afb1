/**
 * Export: the report document with its draft state decided by the check results.
 * The renderers are plain functions of (document, report).
 */
import type { Issue, ReportData } from '../model';
import { buildDocument, type ReportDocument } from '../narrative';

export { renderText, tableText } from './text';
export { renderHtml, tableHtml, escapeHtml } from './html';

/** The document to export; with `error` issues open it is a draft and says why. */
export function exportDocument(report: ReportData, issues: readonly Issue[]): ReportDocument {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return buildDocument(report, { draft: errors > 0 ? `校验未通过（${errors} 个错误）` : null });
}

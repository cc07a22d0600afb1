/**
 * Plain text: for checking, for mail, for the 报告 sheet. Tables as tab-separated rows, a
 * merged cell's text in its first cell.
 */
import type { ReportData } from '../model';
import type { ReportDocument } from '../narrative';
import { draftNotice, printedRows, runsText } from './common';

export function tableText(table: Parameters<typeof printedRows>[0], report: ReportData): string {
  const { grid, rows } = printedRows(table, report);
  return rows
    .map((cells) => {
      const line: string[] = Array.from({ length: grid.colCount }, () => '');
      for (const cell of cells) line[cell.col] = cell.printed;
      return line.join('\t').replace(/\t+$/, '');
    })
    .join('\n');
}

export function renderText(doc: ReportDocument, report: ReportData): string {
  const parts: string[] = [];
  if (doc.draft) parts.push(`【${draftNotice(doc.draft)}】`);
  parts.push(doc.title);
  for (const block of doc.blocks) parts.push(block.kind === 'table' ? tableText(block.table, report) : runsText(block.runs));
  return parts.join('\n\n') + '\n';
}

/**
 * What the three renderers share: the official grids row by row with each cell's printed text,
 * and the draft notice.
 */
import { tableGrid, type GridCell, type TableGrid } from '../grid';
import type { TableKey } from '../format';
import type { ReportData } from '../model';
import { cellText, type Inline } from '../narrative';

export interface PrintedCell extends GridCell {
  /** The text printed in the cell: a label, or a value formatted as the report prints it. */
  printed: string;
}

/** A table's grid, row by row, with each visible cell's printed text. */
export function printedRows(table: TableKey, report: ReportData): { grid: TableGrid; rows: PrintedCell[][] } {
  const grid = tableGrid(table);
  const rows: PrintedCell[][] = Array.from({ length: grid.rowCount }, () => []);
  for (const cell of grid.cells) rows[cell.row].push({ ...cell, printed: cell.role === 'value' ? cellText(report, cell.id!) : cell.text });
  return { grid, rows };
}

export function runsText(runs: Inline[]): string {
  return runs.map((r) => r.text).join('');
}

export function draftNotice(reason: string): string {
  return `草稿：${reason}，不得作为正式报告发布`;
}

/**
 * The one seam between the report and a spreadsheet: the ExcelJS backend (files, in Node)
 * and the Office.js backend (the open workbook, in the task pane) both implement it.
 */
import type { WorkbookPlan } from './layout';
import { interpretSnapshot, type ReadResult, type WorkbookSnapshot } from './snapshot';

export interface WorkbookPort {
  /**
   * Lay the plan out. On a workbook that already has the sheets, layout cells (labels,
   * styles, merges, names, validation) are repaired and input cells keep what was typed:
   * a plan value is written only into an empty input cell.
   */
  apply(plan: WorkbookPlan): Promise<void>;
  /** The whole workbook as plain data, read in one batch. */
  snapshot(): Promise<WorkbookSnapshot>;
}

/** Read a report through any backend. */
export async function readReport(port: WorkbookPort): Promise<ReadResult> {
  return interpretSnapshot(await port.snapshot());
}

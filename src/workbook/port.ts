/**
 * The one seam between the report and a spreadsheet: the ExcelJS backend (files, in Node)
 * and the Office.js backend (the open workbook, in the task pane) both implement it.
 */
import { checkReport, type Issue, type ReportData } from '../report';
import type { FinderResult } from './finder';
import type { WorkbookPlan } from './layout';
import { conflictsOf, type RepairPlan } from './repair';
import { interpretSnapshot, type ReadResult, type WorkbookSnapshot } from './snapshot';

export interface WorkbookPort {
  /** Read what laying out `plan` would involve (Office.js: one sync). */
  prepareLayout(plan: WorkbookPlan): Promise<RepairPlan>;
  /**
   * Lay the plan out (Office.js: one sync). Input cells keep what was typed; cells whose
   * content differs from the plan are overwritten only with `overwrite` (after asking).
   */
  applyLayout(repair: RepairPlan, options: { overwrite: boolean }): Promise<LayoutResult | void>;
  /** The whole workbook as plain data, read in one batch. */
  snapshot(): Promise<WorkbookSnapshot>;
  /**
   * Give cells defined names (adopting a workbook nianbao did not lay out): names only — no
   * value, format or position changes. Names that exist already are left as they are.
   */
  addNames(names: readonly NameTarget[]): Promise<number>;
}

/** What a backend may tell of a layout: print setup done, impossible on this host, or refused by it. */
export interface LayoutResult {
  print: 'done' | 'unsupported' | 'refused';
}

export interface NameTarget {
  name: string;
  sheet: string;
  row: number;
  col: number;
}

/** The names a recognition gives: every found cell under its cell id. */
export function namesOf(found: FinderResult): NameTarget[] {
  return [...found.cells].map(([name, cell]) => ({ name, ...cell }));
}

/** Lay out a plan without asking: conflicts are overwritten only with `overwrite`. */
export async function applyPlan(port: WorkbookPort, plan: WorkbookPlan, overwrite = false): Promise<RepairPlan> {
  const repair = await port.prepareLayout(plan);
  await port.applyLayout(repair, { overwrite });
  return repair;
}

/**
 * Every check of a report read from a workbook (or a file read the same way). Last year's
 * figures: `previous`, else those the workbook keeps on its 上年数据 sheet.
 */
export function checkRead(read: ReadResult, previous?: ReportData): Issue[] {
  const kept = typeof read.report.previousYear === 'object' ? read.report.previousYear : undefined;
  return checkReport(read.report, {
    addresses: read.addresses,
    paragraphCells: read.paragraphCells,
    unreadable: read.unreadable,
    readIssues: read.issues,
    previous: previous ?? kept,
  });
}

/** Read a report through any backend. */
export async function readReport(port: WorkbookPort): Promise<ReadResult> {
  return interpretSnapshot(await port.snapshot());
}

export { conflictsOf };

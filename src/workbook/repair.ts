/**
 * Laying the plan over a workbook that may already hold the sheets: what to write, what to
 * leave, what to ask about. Pure; both backends apply its result.
 *
 * - A missing sheet is laid out whole.
 * - On an existing sheet, an empty cell gets its label; a label already there (loosely equal)
 *   is left; a cell whose content differs from the plan — text typed over a label, a value in a
 *   cell the plan merges away — is a conflict, overwritten only when the user agrees.
 * - Input cells keep what was typed; a plan value is written only into an empty one.
 * - A sheet whose defined names point elsewhere (rows inserted, tables moved) is left alone:
 *   laying labels at the planned places would land them among the user's data.
 */
import { labelsMatch } from '../report/labels';
import type { CellValue } from '../report/model';
import { a1, parseA1, parseReference } from './address';
import type { CellPlan, SheetPlan, WorkbookPlan } from './layout';
import { gridValue, type SheetGrid, type WorkbookSnapshot } from './snapshot';

export interface CellWrite {
  address: string;
  value: string | number | null;
}

export interface Conflict {
  sheet: string;
  address: string;
  current: CellValue;
  planned: string | number | null;
}

export interface SheetRepair {
  plan: SheetPlan;
  /** The sheet does not exist yet. */
  create: boolean;
  /** Writes that need no confirmation. */
  writes: CellWrite[];
  /** Writes that would replace what is there: done only with `overwrite`. */
  conflicts: Conflict[];
  /** Merges whose hidden cells hold values: done only with `overwrite` (merging keeps the first value only). */
  riskyMerges: string[];
  /** Names of the plan to add: missing from the workbook, or broken (#REF!) and to be replaced. */
  names: SheetPlan['names'];
  /** Of those, the broken ones that exist and are deleted first. */
  brokenNames: string[];
}

export interface RepairPlan {
  sheets: SheetRepair[];
  /** Sheets left untouched, and why (Chinese, for the user). */
  skipped: { sheet: string; reason: string }[];
}

function isEmpty(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function same(current: CellValue, planned: string | number | null): boolean {
  if (planned === null) return isEmpty(current);
  if (typeof planned === 'string' && typeof current === 'string') return labelsMatch(current, planned);
  return current === planned;
}

function mergeAreas(plan: SheetPlan): { anchor: string; range: string; cells: Set<string> }[] {
  return plan.merges.map((range) => {
    const [from, to] = range.split(':').map((a) => parseA1(a)!);
    const cells = new Set<string>();
    for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) cells.add(a1(r, c));
    return { anchor: a1(from.row, from.col), range, cells };
  });
}

function repairSheet(plan: SheetPlan, grid: SheetGrid | undefined, names: Map<string, string>): SheetRepair {
  const value = (cell: CellPlan): CellValue => {
    const at = parseA1(cell.address)!;
    return gridValue(grid, at.row, at.col);
  };
  const brokenNames = plan.names.filter((n) => names.has(n.name.toLowerCase()) && parseReference(names.get(n.name.toLowerCase())!) === null).map((n) => n.name);
  const toAdd = plan.names.filter((n) => !names.has(n.name.toLowerCase()) || brokenNames.includes(n.name));
  if (!grid) {
    return {
      plan,
      create: true,
      writes: plan.cells.filter((c) => c.value !== null).map((c) => ({ address: c.address, value: c.value })),
      conflicts: [],
      riskyMerges: [],
      names: toAdd,
      brokenNames,
    };
  }
  const writes: CellWrite[] = [];
  const conflicts: Conflict[] = [];
  const hidden = new Set<string>();
  const riskyMerges: string[] = [];
  for (const merge of mergeAreas(plan)) {
    const holds = [...merge.cells].filter((address) => address !== merge.anchor && !isEmpty(value({ address } as CellPlan)));
    if (holds.length > 0) riskyMerges.push(merge.range);
    for (const address of merge.cells) if (address !== merge.anchor) hidden.add(address);
  }
  for (const cell of plan.cells) {
    const current = value(cell);
    if (cell.input) {
      if (isEmpty(current) && cell.value !== null) writes.push({ address: cell.address, value: cell.value });
      continue;
    }
    if (hidden.has(cell.address)) {
      if (!isEmpty(current)) conflicts.push({ sheet: plan.name, address: cell.address, current, planned: null });
      continue;
    }
    if (same(current, cell.value)) continue;
    if (isEmpty(current)) writes.push({ address: cell.address, value: cell.value });
    else conflicts.push({ sheet: plan.name, address: cell.address, current, planned: cell.value });
  }
  return { plan, create: false, writes, conflicts, riskyMerges, names: toAdd, brokenNames };
}

/** What laying `plan` over the workbook read as `snapshot` involves. */
export function planRepair(plan: WorkbookPlan, snapshot: WorkbookSnapshot): RepairPlan {
  const names = new Map(snapshot.names.map((n) => [n.name.toLowerCase(), n.reference]));
  const repair: RepairPlan = { sheets: [], skipped: [] };
  for (const sheetPlan of plan.sheets) {
    const grid = snapshot.sheets.find((s) => s.name === sheetPlan.name);
    const moved = sheetPlan.names.filter((n) => {
      const reference = names.get(n.name.toLowerCase());
      if (reference === undefined) return false;
      const ref = parseReference(reference);
      return ref !== null && (ref.sheet !== sheetPlan.name || a1(ref.row, ref.col) !== n.address);
    });
    // A sheet of that name that holds something but none of the plan's names is the user's own
    // table (a template from elsewhere): laying ours over it would mix the two.
    const foreign = grid && sheetPlan.names.length > 0 && sheetPlan.names.every((n) => !names.has(n.name.toLowerCase())) && grid.values.some((row) => row.some((v) => v !== null && v !== ''));
    if (foreign) {
      repair.skipped.push({
        sheet: sheetPlan.name,
        reason: `已有同名工作表“${sheetPlan.name}”，但不是本模板创建的；为免改动您的表格，没有在其中布置。可先点“校验”再“识别现有表格”，或把它改名后再创建模板`,
      });
      continue;
    }
    if (moved.length > 0) {
      const elsewhere = parseReference(names.get(moved[0].name.toLowerCase())!)!;
      repair.skipped.push({
        sheet: sheetPlan.name,
        reason:
          elsewhere.sheet !== sheetPlan.name
            ? `${sheetPlan.name}的名称（如“${moved[0].name}”）指向工作表“${elsewhere.sheet}”（工作表可能被改名），未重建“${sheetPlan.name}”`
            : `工作表“${sheetPlan.name}”的表格位置已改动（如插入或删除了行，名称“${moved[0].name}”现在指向 ${a1(elsewhere.row, elsewhere.col)}），为免覆盖数据，未修复该表`,
      });
      continue;
    }
    repair.sheets.push(repairSheet(sheetPlan, grid, names));
  }
  return repair;
}

export function conflictsOf(repair: RepairPlan): Conflict[] {
  return repair.sheets.flatMap((s) => s.conflicts);
}

/**
 * The workbook port over Office.js: the workbook open in Excel (desktop, web, Mac).
 *
 * Every action is a fixed number of `context.sync()` calls, whatever the number of cells or
 * issues: reads are queued in one batch and synced once, writes likewise. Requirement sets
 * newer than the manifest's ExcelApi 1.7 are checked at run time and their features skipped
 * (with a note) on older Excel.
 *
 *   snapshot        1 sync (2 when names point into sheets the plan does not know)
 *   prepareLayout   1 sync          applyLayout   1 sync (+1 for print setup on ExcelApi 1.9)
 *   mark            2 syncs (read the cells' fills and the previous marks; write)
 *   clearMarks      2 syncs (read the saved fills; write)
 *   select          1 sync
 *   addNames        2 syncs (read the names there are; add the others)
 *   writeSheetText  2 syncs (read whether the sheet holds anything; write)
 */
import type { CellValue, Issue, Severity } from '../report/model';
import { a1, parseA1 } from './address';
import { SHEET_NAMES, STYLES, VALIDATION_MESSAGES, type SheetPlan, type StyleDef, type ValidationKind, type WorkbookPlan } from './layout';
import type { NameTarget, WorkbookPort } from './port';
import { planRepair, type RepairPlan, type SheetRepair } from './repair';
import type { SheetGrid, WorkbookSnapshot } from './snapshot';

/** What the backend needs of the host: `Excel.run` and the requirement-set check. */
export interface OfficeHost {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
  /** Open a new workbook from .xlsx bytes in base64 (ExcelApi 1.8: `Excel.createWorkbook`). */
  createWorkbook?(base64: string): Promise<void>;
}

/** The real host, in a task pane where office.js has loaded. */
export function officeHost(): OfficeHost {
  return {
    run: (batch) => Excel.run(batch),
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    createWorkbook: (base64) => Excel.createWorkbook(base64),
  };
}

export interface Capabilities {
  /** ExcelApi 1.7: names, null objects, freeze panes — everything the add-in needs. */
  core: boolean;
  /** ExcelApi 1.8: data validation. */
  validation: boolean;
  /** ExcelApi 1.9: page layout, cell properties (exact fill restore), multi-area selection. */
  modern: boolean;
}

export function capabilitiesOf(host: OfficeHost): Capabilities {
  return {
    core: host.isSetSupported('ExcelApi', '1.7'),
    validation: host.isSetSupported('ExcelApi', '1.8'),
    modern: host.isSetSupported('ExcelApi', '1.9'),
  };
}

/** The hidden sheet that remembers the fills marks replaced, so 清除标记 restores them exactly. */
export const MARKS_SHEET = 'nianbao.marks';

export const MARK_COLORS: Record<Severity, string> = { error: '#FFC7CE', warning: '#FFEB9C', info: '#DDEBF7' };

/** Excel column width in points for a width in characters (Calibri 11: 7 px a character + 5 px). */
function widthPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** Office.js values → snapshot values: "" is blank, booleans as Excel shows them, dates as ISO. */
function snapshotValue(value: unknown, numberFormat: string | undefined): CellValue {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (numberFormat && /[ymd]/i.test(numberFormat.replace(/"[^"]*"|\[[^\]]*\]/g, '')) && !/^[0#,.%]+$/.test(numberFormat)) {
      return new Date(Math.round((value - 25569) * 86400000)).toISOString().slice(0, 10);
    }
    return value;
  }
  return String(value);
}

function toGrid(name: string, range: { values: unknown[][]; numberFormat: string[][]; rowIndex: number; columnIndex: number }): SheetGrid {
  const values: CellValue[][] = Array.from({ length: range.rowIndex }, () => []);
  range.values.forEach((row, r) => {
    const out: CellValue[] = Array.from({ length: range.columnIndex }, () => null);
    row.forEach((v, c) => out.push(snapshotValue(v, range.numberFormat[r]?.[c])));
    values.push(out);
  });
  return { name, values };
}

/** Runs of cells on one row with the same key: [row, firstCol, lastCol, key]. */
function runs<T>(cells: { address: string; key: T }[], sameKey: (a: T, b: T) => boolean = (a, b) => a === b): { range: string; key: T }[] {
  const parsed = cells
    .map((c) => ({ ...parseA1(c.address)!, key: c.key }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const out: { range: string; key: T }[] = [];
  let start = 0;
  for (let i = 1; i <= parsed.length; i++) {
    const prev = parsed[i - 1];
    const cur = parsed[i];
    if (cur && cur.row === prev.row && cur.col === prev.col + 1 && sameKey(cur.key, parsed[start].key)) continue;
    const first = parsed[start];
    out.push({ range: first.col === prev.col ? a1(first.row, first.col) : `${a1(first.row, first.col)}:${a1(prev.row, prev.col)}`, key: first.key });
    start = i;
  }
  return out;
}

function runLength(range: string): number {
  const [from, to] = range.split(':').map((x) => parseA1(x)!);
  return to ? to.col - from.col + 1 : 1;
}

const H_ALIGN: Record<StyleDef['horizontal'], Excel.HorizontalAlignment | 'Left' | 'Center' | 'Right'> = { left: 'Left', center: 'Center', right: 'Right' };
const V_ALIGN: Record<StyleDef['vertical'], Excel.VerticalAlignment | 'Top' | 'Center'> = { top: 'Top', middle: 'Center' };

function applyStyle(range: Excel.Range, style: StyleDef): void {
  const format = range.format;
  format.font.name = style.font.name;
  format.font.size = style.font.size;
  format.font.bold = style.font.bold ?? false;
  format.font.color = style.font.color ? `#${style.font.color.slice(2)}` : '#000000';
  format.horizontalAlignment = H_ALIGN[style.horizontal];
  format.verticalAlignment = V_ALIGN[style.vertical];
  format.wrapText = style.wrap;
  if (style.fill) format.fill.color = `#${style.fill.slice(2)}`;
  if (style.border) {
    for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'] as const) {
      const border = format.borders.getItem(edge);
      border.style = 'Continuous';
      border.color = '#000000';
    }
  }
}

function validationRule(kind: ValidationKind): Excel.DataValidationRule {
  if (kind === 'year') return { wholeNumber: { formula1: 2000, formula2: 2100, operator: 'Between' } };
  const basic = { formula1: 0, operator: 'GreaterThanOrEqualTo' as const };
  return kind === 'count' ? { wholeNumber: basic } : { decimal: basic };
}

export interface MarkResult {
  marked: number;
  /** Cells that could not be marked (their sheet is gone). */
  skipped: string[];
}

function splitAddress(address: string): { sheet: string; cell: string } {
  const bang = address.lastIndexOf('!');
  const sheet = address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  return { sheet, cell: address.slice(bang + 1) };
}

interface SavedMarks {
  rows: Excel.Range;
  sheet: Excel.Worksheet;
}

/** The saved marks, after the sync that read them. */
function savedMarks(saved: SavedMarks): Map<string, string> {
  const marks = new Map<string, string>();
  if (saved.rows.isNullObject) return marks;
  for (const [address, fill] of saved.rows.values) if (address) marks.set(String(address), String(fill ?? ''));
  return marks;
}

type QueuedFill = { properties: OfficeExtension.ClientResult<Excel.CellProperties[][]> } | { fill: Excel.RangeFill };

/** A cell's own fill after the sync that read it: "" for none. */
function fillOf(queued: QueuedFill): string {
  if ('properties' in queued) {
    const fill = queued.properties.value[0][0].format?.fill;
    return !fill || fill.pattern === 'None' ? '' : (fill.color ?? '');
  }
  // Before ExcelApi 1.9 the pattern is unknown; Excel reports "no fill" as white.
  return queued.fill.color === '#FFFFFF' ? '' : queued.fill.color;
}

export class OfficeJsWorkbook implements WorkbookPort {
  readonly capabilities: Capabilities;
  /** `planSheets`: the sheets a snapshot reads (those of the layout plan). */
  constructor(
    private readonly host: OfficeHost,
    private readonly planSheets: string[] = Object.values(SHEET_NAMES),
  ) {
    this.capabilities = capabilitiesOf(host);
  }

  /** Used ranges of the named sheets, queued (not synced). */
  private queueGrids(context: Excel.RequestContext, sheets: string[]) {
    return sheets.map((name) => {
      const range = context.workbook.worksheets.getItemOrNullObject(name).getUsedRangeOrNullObject(true);
      range.load('values,numberFormat,rowIndex,columnIndex');
      return { name, range };
    });
  }

  async snapshot(): Promise<WorkbookSnapshot> {
    return this.host.run(async (context) => {
      const worksheets = context.workbook.worksheets.load('items/name');
      const names = context.workbook.names.load('items/name,items/type,items/value');
      const known = this.planSheets;
      const grids = this.queueGrids(context, known);
      await context.sync();
      const sheetNames = worksheets.items.map((w) => w.name);
      const nameList = names.items.map((n) => ({ name: n.name, reference: n.type === 'Error' ? '#REF!' : String(n.value) }));
      // Names pointing into other sheets (renamed, or the user's own) are read too; a workbook
      // without nianbao's names is read whole, for the table finder.
      const named = nameList.some((n) => /^table[234]\./.test(n.name));
      const referenced = new Set(
        named
          ? nameList.map((n) => (n.reference.includes('!') ? splitAddress(n.reference).sheet : '')).filter((s) => s !== '' && sheetNames.includes(s) && !known.includes(s))
          : sheetNames.filter((s) => !known.includes(s) && s !== MARKS_SHEET),
      );
      const extra = referenced.size > 0 ? this.queueGrids(context, [...referenced]) : [];
      if (extra.length > 0) await context.sync();
      const sheets: SheetGrid[] = [];
      for (const { name, range } of [...grids, ...extra]) {
        if (!sheetNames.includes(name)) continue;
        sheets.push(range.isNullObject ? { name, values: [] } : toGrid(name, range));
      }
      return { sheets, names: nameList };
    });
  }

  async prepareLayout(plan: WorkbookPlan): Promise<RepairPlan> {
    return planRepair(plan, await this.snapshotFor(plan));
  }

  /** A snapshot of the plan's sheets (one sync). */
  private snapshotFor(plan: WorkbookPlan): Promise<WorkbookSnapshot> {
    const port = new OfficeJsWorkbook(this.host, plan.sheets.map((s) => s.name));
    return port.snapshot();
  }

  async applyLayout(repair: RepairPlan, options: { overwrite: boolean }): Promise<void> {
    await this.host.run(async (context) => {
      for (const sheet of repair.sheets) this.queueSheet(context, sheet, options.overwrite);
      await context.sync();
    });
    // Print setup in a batch of its own: hosts differ in what page-layout values they accept,
    // and a refusal there must not undo the layout itself.
    if (this.capabilities.modern && repair.sheets.length > 0) {
      await this.host
        .run(async (context) => {
          for (const sheet of repair.sheets) this.queuePrint(context, sheet.plan);
          await context.sync();
        })
        .catch(() => undefined);
    }
  }

  private queuePrint(context: Excel.RequestContext, plan: SheetPlan): void {
    const layout = context.workbook.worksheets.getItem(plan.name).pageLayout;
    layout.orientation = plan.print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
    layout.paperSize = 'A4';
    layout.centerHorizontally = true;
    layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    if (plan.print.titleRows) layout.setPrintTitleRows(`$${plan.print.titleRows[0]}:$${plan.print.titleRows[1]}`);
  }

  private queueSheet(context: Excel.RequestContext, repair: SheetRepair, overwrite: boolean): void {
    const plan: SheetPlan = repair.plan;
    const ws = repair.create ? context.workbook.worksheets.add(plan.name) : context.workbook.worksheets.getItem(plan.name);
    plan.columnWidths.forEach((width, i) => {
      ws.getRange(a1(1, i + 1)).format.columnWidth = widthPoints(width);
    });
    for (const [row, height] of Object.entries(plan.rowHeights)) ws.getRange(a1(Number(row), 1)).format.rowHeight = height;
    // Number formats before values, so that text cells (postcode, phone) keep what is typed.
    for (const run of runs(plan.cells.filter((c) => STYLES[c.style].numberFormat).map((c) => ({ address: c.address, key: STYLES[c.style].numberFormat! })))) {
      ws.getRange(run.range).numberFormat = [Array.from({ length: runLength(run.range) }, () => run.key)];
    }
    const merges = overwrite ? plan.merges : plan.merges.filter((m) => !repair.riskyMerges.includes(m));
    for (const range of merges) {
      const r = ws.getRange(range);
      if (!repair.create) r.unmerge();
      r.merge(false);
    }
    const writes = overwrite ? [...repair.writes, ...repair.conflicts.map((c) => ({ address: c.address, value: c.planned }))] : repair.writes;
    const mergedAway = new Set(merges.flatMap((m) => {
      const [from, to] = m.split(':').map((x) => parseA1(x)!);
      const cells: string[] = [];
      for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) if (r !== from.row || c !== from.col) cells.push(a1(r, c));
      return cells;
    }));
    for (const write of writes) {
      if (mergedAway.has(write.address) && write.value === null) continue;
      ws.getRange(write.address).values = [[write.value ?? '']];
    }
    for (const run of runs(plan.cells.map((c) => ({ address: c.address, key: c.style })))) applyStyle(ws.getRange(run.range), STYLES[run.key]);
    if (this.capabilities.validation) {
      for (const validation of plan.validations) {
        for (const run of runs(validation.addresses.map((address) => ({ address, key: validation.kind })))) {
          const dv = ws.getRange(run.range).dataValidation;
          dv.clear();
          dv.rule = validationRule(validation.kind);
          dv.errorAlert = { showAlert: true, style: 'Stop', title: '输入有误', message: VALIDATION_MESSAGES[validation.kind] };
        }
      }
    }
    for (const name of repair.brokenNames) context.workbook.names.getItem(name).delete();
    for (const name of repair.names) context.workbook.names.add(name.name, ws.getRange(name.address), name.comment);
    if (plan.freeze) ws.freezePanes.freezeRows(plan.freeze.rows);
  }

  /** Open a new workbook made of .xlsx bytes (where the host can); false when it cannot. */
  async openWorkbook(bytes: Uint8Array): Promise<boolean> {
    if (!this.capabilities.validation || !this.host.createWorkbook) return false;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    await this.host.createWorkbook(btoa(binary));
    return true;
  }

  /**
   * Write values into named cells (2 syncs). Cells that already hold something different are
   * written only with `overwrite`; otherwise nothing is written and they are returned.
   */
  async setNamedValues(values: readonly { name: string; value: string | number | null }[], options: { overwrite: boolean }): Promise<{ written: number; occupied: string[] }> {
    return this.host.run(async (context) => {
      const targets = values.map((v) => {
        const range = context.workbook.names.getItemOrNullObject(v.name).getRangeOrNullObject();
        range.load('values,address');
        return { ...v, range };
      });
      await context.sync();
      const present = targets.filter((t) => !t.range.isNullObject);
      const occupied = present.filter((t) => {
        const current = t.range.values[0][0];
        return current !== '' && current !== null && current !== t.value;
      });
      if (occupied.length > 0 && !options.overwrite) return { written: 0, occupied: occupied.map((t) => t.range.address) };
      for (const t of present) t.range.values = [[t.value ?? '']];
      await context.sync();
      return { written: present.length, occupied: [] };
    });
  }

  /**
   * Replace a piece of text in one cell (2 syncs: read, write). Writes nothing and returns false
   * when the cell no longer holds that text (it changed since it was checked).
   */
  async replaceInCell(address: string, find: string, replace: string): Promise<boolean> {
    const { sheet, cell } = splitAddress(address);
    return this.host.run(async (context) => {
      const target = context.workbook.worksheets.getItem(sheet).getRange(cell);
      target.load('values');
      await context.sync();
      const text = String(target.values[0][0] ?? '');
      if (!text.includes(find)) return false;
      target.values = [[text.replace(find, replace)]];
      await context.sync();
      return true;
    });
  }

  /** Add defined names to cells (one sync); names that exist are left alone. Nothing else changes. */
  async addNames(names: readonly NameTarget[]): Promise<number> {
    return this.host.run(async (context) => {
      const existing = context.workbook.names.load('items/name');
      await context.sync();
      const have = new Set(existing.items.map((n) => n.name.toLowerCase()));
      const fresh = names.filter((n) => !have.has(n.name.toLowerCase()));
      for (const target of fresh) {
        context.workbook.names.add(target.name, context.workbook.worksheets.getItem(target.sheet).getRange(a1(target.row, target.col)), '年报表格单元格（识别现有表格时添加）');
      }
      await context.sync();
      return fresh.length;
    });
  }

  /**
   * Fill the cells of the issues with their severity's colour, remembering each cell's own fill
   * in a hidden sheet; cells marked before and not now get their fill back.
   */
  async mark(issues: readonly Issue[]): Promise<MarkResult> {
    const wanted = new Map<string, Severity>();
    const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    for (const issue of issues) {
      for (const cell of issue.cells) {
        const before = wanted.get(cell);
        if (!before || rank[issue.severity] < rank[before]) wanted.set(cell, issue.severity);
      }
    }
    return this.host.run(async (context) => {
      const sheetNames = context.workbook.worksheets.load('items/name');
      const saved = this.queueSavedMarks(context);
      const fills = [...wanted.keys()].map((address) => ({ address, queued: this.queueFill(context, address) }));
      await context.sync();
      const existing = new Set(sheetNames.items.map((s) => s.name));
      const previous = savedMarks(saved);
      const skipped: string[] = [];
      const originals = new Map<string, string>();
      for (const { address, queued } of fills) {
        if (!existing.has(splitAddress(address).sheet)) {
          skipped.push(address);
          continue;
        }
        originals.set(address, previous.get(address) ?? fillOf(queued));
      }
      for (const [address, fill] of previous) {
        if (!originals.has(address) && existing.has(splitAddress(address).sheet)) this.restoreFill(context, address, fill);
      }
      for (const address of originals.keys()) {
        const { sheet, cell } = splitAddress(address);
        context.workbook.worksheets.getItem(sheet).getRange(cell).format.fill.color = MARK_COLORS[wanted.get(address)!];
      }
      this.queueSaveMarks(context, !saved.sheet.isNullObject, originals);
      await context.sync();
      return { marked: originals.size, skipped };
    });
  }

  /** Give every marked cell its own fill back and forget the marks. */
  async clearMarks(): Promise<number> {
    return this.host.run(async (context) => {
      const sheetNames = context.workbook.worksheets.load('items/name');
      const saved = this.queueSavedMarks(context);
      await context.sync();
      const existing = new Set(sheetNames.items.map((s) => s.name));
      const previous = savedMarks(saved);
      for (const [address, fill] of previous) if (existing.has(splitAddress(address).sheet)) this.restoreFill(context, address, fill);
      if (!saved.sheet.isNullObject) context.workbook.worksheets.getItem(MARKS_SHEET).delete();
      await context.sync();
      return previous.size;
    });
  }

  /** Queue reading the saved marks: the hidden sheet and its rows (address, original fill). */
  private queueSavedMarks(context: Excel.RequestContext): SavedMarks {
    const rows = context.workbook.worksheets.getItemOrNullObject(MARKS_SHEET).getUsedRangeOrNullObject(true);
    rows.load('values');
    const sheet = context.workbook.worksheets.getItemOrNullObject(MARKS_SHEET);
    return { rows, sheet };
  }

  /** Queue reading one cell's fill (cell properties on ExcelApi 1.9, the fill colour before). */
  private queueFill(context: Excel.RequestContext, address: string): QueuedFill {
    const { sheet, cell } = splitAddress(address);
    const range = context.workbook.worksheets.getItemOrNullObject(sheet).getRange(cell);
    if (this.capabilities.modern) return { properties: range.getCellProperties({ format: { fill: { color: true, pattern: true } } }) };
    return { fill: range.format.fill.load('color') };
  }

  private restoreFill(context: Excel.RequestContext, address: string, fill: string): void {
    const { sheet, cell } = splitAddress(address);
    const target = context.workbook.worksheets.getItem(sheet).getRange(cell).format.fill;
    if (fill === '') target.clear();
    else target.color = fill;
  }

  private queueSaveMarks(context: Excel.RequestContext, exists: boolean, originals: Map<string, string>): void {
    if (exists) context.workbook.worksheets.getItem(MARKS_SHEET).delete();
    if (originals.size === 0) return;
    const sheet = context.workbook.worksheets.add(MARKS_SHEET);
    sheet.visibility = 'VeryHidden';
    const rows = [...originals].map(([address, fill]) => [address, fill]);
    const target = sheet.getRange(`A1:B${rows.length}`);
    target.numberFormat = rows.map(() => ['@', '@']);
    target.values = rows;
  }

  /** Select the cells of an issue (all of them where the host can, else the first). */
  async select(cells: readonly string[]): Promise<void> {
    if (cells.length === 0) return;
    const { sheet } = splitAddress(cells[0]);
    const onSheet = cells.map(splitAddress).filter((c) => c.sheet === sheet).map((c) => c.cell);
    await this.host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      if (this.capabilities.modern && onSheet.length > 1) ws.getRanges(onSheet.join(',')).select();
      else ws.getRange(onSheet[0]).select();
      await context.sync();
    });
  }

  /**
   * Write rows of text to a sheet of its own (the 报告 sheet). A sheet that already holds
   * something is replaced only with `replace`; otherwise nothing is written and false returned.
   */
  async writeSheetText(name: string, rows: string[][], options: { replace: boolean }): Promise<boolean> {
    return this.host.run(async (context) => {
      const used = context.workbook.worksheets.getItemOrNullObject(name).getUsedRangeOrNullObject(true);
      used.load('address');
      const sheetRef = context.workbook.worksheets.getItemOrNullObject(name);
      await context.sync();
      const exists = !sheetRef.isNullObject;
      if (exists && !used.isNullObject && !options.replace) return false;
      if (exists) context.workbook.worksheets.getItem(name).delete();
      const ws = context.workbook.worksheets.add(name);
      const width = Math.max(1, ...rows.map((r) => r.length));
      const padded = rows.map((r) => [...r, ...Array.from({ length: width - r.length }, () => '')]);
      if (padded.length > 0) {
        const range = ws.getRange(`A1:${a1(padded.length, width)}`);
        range.numberFormat = padded.map((r) => r.map(() => '@'));
        range.values = padded;
      }
      ws.getRange('A1').format.columnWidth = widthPoints(100);
      ws.getRange(`A1:A${Math.max(1, padded.length)}`).format.wrapText = true;
      ws.activate();
      await context.sync();
      return true;
    });
  }
}


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
 *
 * Written against the documentation, not a lenient host (test/fake-excel/documented.ts lists
 * every member used, its requirement set and its documented failures):
 * - Nothing is chained on a possibly-null object before a sync. A batch needs to know which
 *   sheets exist: it uses the sheets seen by the last read (or, at first, the plan's sheets)
 *   and loads the sheet list alongside; when a sheet has gone since (ItemNotFound), it reads the
 *   sheet list first and runs again (one more sync, only then).
 * - Reads are bounded: a sheet is read through a window (READ_WINDOW) of its used range, never
 *   whole, so that neither the five-million-cell limit of get operations nor the 5 MB payload
 *   limit of Excel on the web is reached; when the windows of several sheets together exceed
 *   the payload limit, they are read one sheet per sync.
 * - The hidden marks sheet is VeryHidden, which Worksheet.delete refuses: it is cleared and
 *   rewritten, and made Hidden before 清除标记 deletes it.
 */
import type { CellValue, Issue, Severity } from '../report/model';
import { a1, parseA1 } from './address';
import { SHEET_NAMES, STYLES, VALIDATION_MESSAGES, type SheetPlan, type StyleDef, type ValidationKind, type WorkbookPlan } from './layout';
import type { LayoutResult, NameTarget, WorkbookPort } from './port';
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
  /** ExcelApi 1.8: data validation, Excel.createWorkbook. */
  validation: boolean;
  /** ExcelApi 1.9: page layout, cell properties (exact fill restore). */
  modern: boolean;
  /** ExcelApi 1.18: RangeAreas.select (all of an issue's cells selected at once). */
  multiSelect: boolean;
}

export function capabilitiesOf(host: OfficeHost): Capabilities {
  return {
    core: host.isSetSupported('ExcelApi', '1.7'),
    validation: host.isSetSupported('ExcelApi', '1.8'),
    modern: host.isSetSupported('ExcelApi', '1.9'),
    multiSelect: host.isSetSupported('ExcelApi', '1.18'),
  };
}

/**
 * The part of a sheet a read takes: rows and columns from A1. The report's sheets are a few
 * dozen rows; a user's own sheet read for the table finder is searched in this window too.
 * 1,000 × 60 cells stay far below the five-million-cell limit of a get operation, and the
 * used part of a full window is about 1 MB of payload.
 */
export const READ_WINDOW = { rows: 1000, cols: 60 };

/** Print setup after a layout: done, not possible on this Excel (before 1.9), or refused by it. */
export type PrintSetup = LayoutResult['print'];

/** The sheets a batch assumed are not the workbook's any more: it is run again (nothing was written). */
class StaleSheets extends Error {
  constructor() {
    super('The workbook\'s sheets changed since they were last read.');
  }
}

/** Error codes that mean a sheet seen before has gone (the batch is run again after reading the sheets). */
function isGone(error: unknown): boolean {
  return (error as { code?: string })?.code === 'ItemNotFound';
}

function isPayloadLimit(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'ResponsePayloadSizeLimitExceeded' || code === 'RequestPayloadSizeLimitExceeded';
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

/** Border edges of a range of `rows` × `cols` cells: the inside ones only where it has them. */
export function bordersOf(rows: number, cols: number): ('EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideVertical' | 'InsideHorizontal')[] {
  return [
    'EdgeTop',
    'EdgeBottom',
    'EdgeLeft',
    'EdgeRight',
    ...(cols > 1 ? (['InsideVertical'] as const) : []),
    ...(rows > 1 ? (['InsideHorizontal'] as const) : []),
  ];
}

function applyStyle(range: Excel.Range, style: StyleDef, size: { rows: number; cols: number }): void {
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
    for (const edge of bordersOf(size.rows, size.cols)) {
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

/** Each cell of the issues with the gravest severity among them: what 校验 fills. */
export function wantedMarks(issues: readonly Issue[]): Map<string, Severity> {
  const wanted = new Map<string, Severity>();
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  for (const issue of issues) {
    for (const cell of issue.cells) {
      const before = wanted.get(cell);
      if (!before || rank[issue.severity] < rank[before]) wanted.set(cell, issue.severity);
    }
  }
  return wanted;
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
  /** The used range of the marks sheet (a null object when it is blank), or null without the sheet. */
  rows: Excel.Range | null;
  exists: boolean;
}

/** A test of whether a sheet is among these (sheet names are case-insensitive in Excel). */
function sheetTest(sheets: readonly string[]): (sheet: string) => boolean {
  const lower = new Set(sheets.map((s) => s.toLowerCase()));
  return (sheet) => lower.has(sheet.toLowerCase());
}

/** The saved marks, after the sync that read them. */
function savedMarks(saved: SavedMarks): Map<string, string> {
  const marks = new Map<string, string>();
  if (!saved.rows || saved.rows.isNullObject) return marks;
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

  /** The sheets seen by the last read, or null before any read. */
  private knownSheets: string[] | null = null;

  /**
   * Run a batch that must know which sheets exist (nothing may be chained on a possibly-null
   * sheet). The batch gets the sheets seen last (or `guess` before any read) and checks them
   * against the list it loads with its first (read-only) sync (`trackSheets`). When they
   * differ (StaleSheets) or a sheet has gone (ItemNotFound), it runs again with the sheets as
   * they are: one more sync, only when the workbook changed since the last read.
   */
  private async withSheets<T>(batch: (context: Excel.RequestContext, sheets: readonly string[]) => Promise<T>, guess?: readonly string[], tries = 3): Promise<T> {
    const known = this.knownSheets ?? guess ?? (await this.listSheets());
    try {
      return await this.host.run((context) => batch(context, known));
    } catch (error) {
      if (tries <= 1 || !(error instanceof StaleSheets || isGone(error))) throw error;
      if (!(error instanceof StaleSheets)) this.knownSheets = null;
      return this.withSheets(batch, undefined, tries - 1);
    }
  }

  /** Read the sheet list alone (one sync). */
  private listSheets(): Promise<string[]> {
    return this.host.run(async (context) => {
      const list = context.workbook.worksheets.load('items/name');
      await context.sync();
      return (this.knownSheets = list.items.map((w) => w.name));
    });
  }

  /**
   * Queue loading the sheet list. After the batch's first sync, `done()` records it and throws
   * StaleSheets when one of `relevant` (all sheets when omitted) exists now but not in
   * `assumed`, or the other way round.
   */
  private trackSheets(context: Excel.RequestContext, assumed: readonly string[], relevant?: readonly string[]): () => string[] {
    const list = context.workbook.worksheets.load('items/name');
    return () => {
      const now = list.items.map((w) => w.name);
      this.knownSheets = now;
      const [was, is] = [sheetTest(assumed), sheetTest(now)];
      const check = relevant ?? [...assumed, ...now];
      if (check.some((name) => was(name) !== is(name))) throw new StaleSheets();
      return now;
    };
  }

  /**
   * Read the windows of these (existing) sheets: all in one sync, or, when together they pass
   * the payload limit, one sheet per sync.
   */
  private async readGrids(context: Excel.RequestContext, sheets: readonly string[], afterSync: () => void = () => undefined): Promise<SheetGrid[]> {
    const queue = (names: readonly string[]) =>
      names.map((name) => {
        const sheet = context.workbook.worksheets.getItem(name);
        const range = sheet.getRange(`A1:${a1(READ_WINDOW.rows, READ_WINDOW.cols)}`).getUsedRangeOrNullObject(true);
        range.load('values,numberFormat,rowIndex,columnIndex');
        // The whole used range's extent only (no values): whether the window left anything out.
        const whole = sheet.getUsedRangeOrNullObject(true);
        whole.load('rowIndex,columnIndex,rowCount,columnCount');
        return { name, range, whole };
      });
    const grid = (read: { name: string; range: Excel.Range; whole: Excel.Range }) => {
      if (!read.whole.isNullObject) {
        const rows = read.whole.rowIndex + read.whole.rowCount;
        const cols = read.whole.columnIndex + read.whole.columnCount;
        if (rows > READ_WINDOW.rows || cols > READ_WINDOW.cols) this.clipped.push({ sheet: read.name, rows, cols, readRows: READ_WINDOW.rows, readCols: READ_WINDOW.cols });
      }
      return read.range.isNullObject ? { name: read.name, values: [] } : toGrid(read.name, read.range);
    };
    const all = queue(sheets);
    try {
      await context.sync();
      afterSync();
      return all.map(grid);
    } catch (error) {
      if (!isPayloadLimit(error) || sheets.length < 2) throw error;
    }
    afterSync();
    const out: SheetGrid[] = [];
    for (const name of sheets) {
      const [one] = queue([name]);
      // One sheet per sync, on purpose: together they passed the payload limit.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      out.push(grid(one));
    }
    return out;
  }

  /** Sheets the last read took only in part (filled by readGrids). */
  private clipped: NonNullable<WorkbookSnapshot['clipped']> = [];

  async snapshot(): Promise<WorkbookSnapshot> {
    return this.readSnapshot(true);
  }

  /**
   * The plan's sheets (read through their windows), the names, and the sheets names point into
   * (all other sheets when there are no nianbao names: the table finder searches them). With
   * `guess`, a port that has not read yet assumes the plan's sheets are there (true of a
   * nianbao workbook: one sync); a workbook where they are not costs one sync more.
   */
  private readSnapshot(guess: boolean): Promise<WorkbookSnapshot> {
    const known = this.planSheets;
    return this.withSheets(
      async (context, sheets) => {
        this.clipped = [];
        const seen = this.trackSheets(context, sheets, known);
        const names = context.workbook.names.load('items/name,items/type,items/value');
        let sheetNames: string[] = [];
        const grids = await this.readGrids(context, known.filter(sheetTest(sheets)), () => (sheetNames = seen()));
        const nameList = names.items.map((n) => ({ name: n.name, reference: n.type === 'Error' ? '#REF!' : String(n.value) }));
        // Names pointing into other sheets (renamed, or the user's own) are read too; a workbook
        // without nianbao's names is read whole, for the table finder.
        const named = nameList.some((n) => /^table[234]\./.test(n.name));
        const planned = sheetTest(known);
        const referenced = new Set(
          named
            ? nameList.map((n) => (n.reference.includes('!') ? splitAddress(n.reference).sheet : '')).filter((s) => s !== '' && sheetNames.includes(s) && !planned(s))
            : sheetNames.filter((s) => !planned(s) && s !== MARKS_SHEET),
        );
        const extra = referenced.size > 0 ? await this.readGrids(context, [...referenced]) : [];
        await this.readOutside(context, [...grids, ...extra], nameList);
        const clipped = this.clipped.splice(0);
        return { sheets: [...grids, ...extra], names: nameList, ...(clipped.length > 0 ? { clipped } : {}) };
      },
      // The guess: the sheets every nianbao workbook has (汇总单位 only a summary's: found by the check after the sync).
      guess ? known.filter((name) => name !== SHEET_NAMES.units) : undefined,
    );
  }

  /**
   * Cells that single-cell names point at beyond the read window (rows inserted by the
   * hundred): read exactly (one more sync, only when there are any) and put into their grids.
   */
  private async readOutside(context: Excel.RequestContext, grids: SheetGrid[], names: { name: string; reference: string }[]): Promise<number> {
    const wanted: { grid: SheetGrid; row: number; col: number; range: Excel.Range }[] = [];
    for (const n of names) {
      if (!n.reference.includes('!')) continue;
      const { sheet, cell } = splitAddress(n.reference.replace(/^=/, ''));
      const at = parseA1(cell.replace(/\$/g, ''));
      const grid = grids.find((g) => g.name.toLowerCase() === sheet.toLowerCase());
      if (!at || !grid || (at.row <= READ_WINDOW.rows && at.col <= READ_WINDOW.cols)) continue;
      if (wanted.length >= 1000) break;
      const range = context.workbook.worksheets.getItem(grid.name).getRange(a1(at.row, at.col));
      range.load('values,numberFormat');
      wanted.push({ grid, row: at.row, col: at.col, range });
    }
    if (wanted.length === 0) return 0;
    await context.sync();
    for (const w of wanted) {
      const row = (w.grid.values[w.row - 1] ??= []);
      row[w.col - 1] = snapshotValue(w.range.values[0][0], w.range.numberFormat[0][0]);
    }
    return wanted.length;
  }

  async prepareLayout(plan: WorkbookPlan): Promise<RepairPlan> {
    return planRepair(plan, await this.snapshotFor(plan));
  }

  /** A snapshot of the plan's sheets (one sync once the sheets are known; no guess: they may not be there yet). */
  private snapshotFor(plan: WorkbookPlan): Promise<WorkbookSnapshot> {
    const port = new OfficeJsWorkbook(this.host, plan.sheets.map((s) => s.name));
    port.knownSheets = this.knownSheets;
    return port.readSnapshot(false).finally(() => {
      this.knownSheets = port.knownSheets;
    });
  }

  /**
   * What kind of workbook is open, for the pane's first words (one sync): the sheets and
   * whether nianbao's names are there. It also tells the port which sheets exist, so that the
   * first action needs no sync of its own to find out.
   */
  async survey(): Promise<{ sheets: string[]; named: boolean; empty: boolean }> {
    return this.host.run(async (context) => {
      const list = context.workbook.worksheets.load('items/name');
      const names = context.workbook.names.load('items/name');
      const used = context.workbook.worksheets.getActiveWorksheet().getUsedRangeOrNullObject(true);
      used.load('address');
      await context.sync();
      this.knownSheets = list.items.map((w) => w.name);
      const named = names.items.some((n) => /^table[234]\./.test(n.name));
      return { sheets: this.knownSheets, named, empty: list.items.length <= 1 && used.isNullObject };
    });
  }

  /** Lay out; `focus` (`基本信息!B4`) is activated and selected in the same batch. */
  async applyLayout(repair: RepairPlan, options: { overwrite: boolean; focus?: string }): Promise<{ print: PrintSetup }> {
    await this.host.run(async (context) => {
      for (const sheet of repair.sheets) this.queueSheet(context, sheet, options.overwrite);
      if (options.focus) {
        const { sheet, cell } = splitAddress(options.focus);
        const ws = context.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(cell).select();
      }
      const list = context.workbook.worksheets.load('items/name');
      await context.sync();
      this.knownSheets = list.items.map((w) => w.name);
    });
    if (repair.sheets.length === 0) return { print: 'done' };
    if (!this.capabilities.modern) return { print: 'unsupported' };
    // Print setup in a batch of its own: hosts differ in what page-layout values they accept,
    // and a refusal there must not undo the layout itself; the pane says so.
    try {
      await this.host.run(async (context) => {
        for (const sheet of repair.sheets) this.queuePrint(context, sheet.plan);
        await context.sync();
      });
      return { print: 'done' };
    } catch {
      return { print: 'refused' };
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
    for (const run of runs(plan.cells.map((c) => ({ address: c.address, key: c.style })))) applyStyle(ws.getRange(run.range), STYLES[run.key], { rows: 1, cols: runLength(run.range) });
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
   * Write values into named cells (3 syncs: the names there are; the cells' values; write).
   * Cells that already hold something different are written only with `overwrite`; otherwise
   * nothing is written and they are returned. Names that are missing or not one cell are skipped.
   */
  async setNamedValues(values: readonly { name: string; value: string | number | null }[], options: { overwrite: boolean }): Promise<{ written: number; occupied: string[] }> {
    return this.host.run(async (context) => {
      const names = context.workbook.names.load('items/name,items/type,items/value');
      const list = context.workbook.worksheets.load('items/name');
      await context.sync();
      this.knownSheets = list.items.map((w) => w.name);
      const sheets = new Set(this.knownSheets.map((s) => s.toLowerCase()));
      const references = new Map(names.items.filter((n) => n.type !== 'Error').map((n) => [n.name.toLowerCase(), String(n.value)]));
      const targets = values.flatMap((v) => {
        const reference = references.get(v.name.toLowerCase());
        if (!reference || !reference.includes('!')) return [];
        const { sheet, cell } = splitAddress(reference.replace(/^=/, ''));
        const at = parseA1(cell.replace(/\$/g, ''));
        if (!at || !sheets.has(sheet.toLowerCase())) return [];
        const range = context.workbook.worksheets.getItem(sheet).getRange(a1(at.row, at.col));
        range.load('values,address');
        return [{ ...v, range }];
      });
      await context.sync();
      const occupied = targets.filter((t) => {
        const current = t.range.values[0][0];
        return current !== '' && current !== null && current !== t.value;
      });
      if (occupied.length > 0 && !options.overwrite) return { written: 0, occupied: occupied.map((t) => t.range.address) };
      for (const t of targets) t.range.values = [[t.value ?? '']];
      await context.sync();
      return { written: targets.length, occupied: [] };
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
    const wanted = wantedMarks(issues);
    return this.withSheets(async (context, sheets) => {
      const exists = sheetTest(sheets);
      const seen = this.trackSheets(context, sheets);
      const saved = this.queueSavedMarks(context, exists);
      const skipped = [...wanted.keys()].filter((address) => !exists(splitAddress(address).sheet));
      const fills = [...wanted.keys()].filter((address) => exists(splitAddress(address).sheet)).map((address) => ({ address, queued: this.queueFill(context, address) }));
      await context.sync();
      const existing = sheetTest(seen());
      const previous = savedMarks(saved);
      const originals = new Map<string, string>();
      for (const { address, queued } of fills) originals.set(address, previous.get(address) ?? fillOf(queued));
      for (const [address, fill] of previous) {
        if (!originals.has(address) && existing(splitAddress(address).sheet)) this.restoreFill(context, address, fill);
      }
      for (const address of originals.keys()) {
        const { sheet, cell } = splitAddress(address);
        context.workbook.worksheets.getItem(sheet).getRange(cell).format.fill.color = MARK_COLORS[wanted.get(address)!];
      }
      this.queueSaveMarks(context, saved, originals);
      await context.sync();
      if (!saved.exists && originals.size > 0) this.knownSheets = [...(this.knownSheets ?? []), MARKS_SHEET];
      return { marked: originals.size, skipped };
    });
  }

  /** Give every marked cell its own fill back and forget the marks. */
  async clearMarks(): Promise<number> {
    return this.withSheets(async (context, sheets) => {
      const seen = this.trackSheets(context, sheets);
      const saved = this.queueSavedMarks(context, sheetTest(sheets));
      await context.sync();
      const existing = sheetTest(seen());
      const previous = savedMarks(saved);
      for (const [address, fill] of previous) if (existing(splitAddress(address).sheet)) this.restoreFill(context, address, fill);
      if (saved.exists) {
        // Worksheet.delete refuses a VeryHidden sheet: make it Hidden first.
        const sheet = context.workbook.worksheets.getItem(MARKS_SHEET);
        sheet.visibility = 'Hidden';
        sheet.delete();
      }
      await context.sync();
      if (saved.exists) this.knownSheets = (this.knownSheets ?? []).filter((s) => s !== MARKS_SHEET);
      return previous.size;
    });
  }

  /** Queue reading the saved marks: the hidden sheet's rows (address, original fill), where it exists. */
  private queueSavedMarks(context: Excel.RequestContext, exists: (sheet: string) => boolean): SavedMarks {
    if (!exists(MARKS_SHEET)) return { rows: null, exists: false };
    const rows = context.workbook.worksheets.getItem(MARKS_SHEET).getUsedRangeOrNullObject(true);
    rows.load('values,rowCount');
    return { rows, exists: true };
  }

  /** Queue reading one cell's fill (cell properties on ExcelApi 1.9, the fill colour before); its sheet exists. */
  private queueFill(context: Excel.RequestContext, address: string): QueuedFill {
    const { sheet, cell } = splitAddress(address);
    const range = context.workbook.worksheets.getItem(sheet).getRange(cell);
    if (this.capabilities.modern) return { properties: range.getCellProperties({ format: { fill: { color: true, pattern: true } } }) };
    return { fill: range.format.fill.load('color') };
  }

  private restoreFill(context: Excel.RequestContext, address: string, fill: string): void {
    const { sheet, cell } = splitAddress(address);
    const target = context.workbook.worksheets.getItem(sheet).getRange(cell).format.fill;
    if (fill === '') target.clear();
    else target.color = fill;
  }

  /**
   * Queue saving the marks. The sheet is VeryHidden, which Worksheet.delete refuses: an existing
   * one is cleared and written again, never deleted here.
   */
  private queueSaveMarks(context: Excel.RequestContext, saved: SavedMarks, originals: Map<string, string>): void {
    const old = saved.rows && !saved.rows.isNullObject ? saved.rows.rowCount : 0;
    if (saved.exists && old > 0) context.workbook.worksheets.getItem(MARKS_SHEET).getRange(`A1:B${old}`).clear();
    if (originals.size === 0) return;
    let sheet: Excel.Worksheet;
    if (saved.exists) sheet = context.workbook.worksheets.getItem(MARKS_SHEET);
    else {
      sheet = context.workbook.worksheets.add(MARKS_SHEET);
      sheet.visibility = 'VeryHidden';
    }
    const rows = [...originals].map(([address, fill]) => [address, fill]);
    const target = sheet.getRange(`A1:B${rows.length}`);
    target.numberFormat = rows.map(() => ['@', '@']);
    target.values = rows;
  }

  /** Sheets whose onChanged handler is registered (lower case), and what a change calls. */
  private readonly watched = new Set<string>();
  private onChange: (() => void) | null = null;

  /**
   * Call `onChange` after every edit to these sheets (Worksheet.onChanged, ExcelApi 1.7: fired for
   * the user's edits, other users' and the add-in's own value writes; not for the fills marks
   * set). One sync registers the sheets not watched yet; handlers stay for the pane's life.
   * False where the host cannot (the pane then says results may be stale).
   */
  async watch(sheets: readonly string[], onChange: () => void): Promise<boolean> {
    this.onChange = onChange;
    if (!this.capabilities.core) return false;
    const fresh = [...new Set(sheets.map((s) => s.toLowerCase()))].filter((s) => !this.watched.has(s));
    if (fresh.length === 0) return true;
    try {
      await this.withSheets(async (context, known) => {
        const exists = sheetTest(known);
        const names = known.filter((name) => exists(name) && fresh.includes(name.toLowerCase()));
        for (const name of names) context.workbook.worksheets.getItem(name).onChanged.add(async () => this.onChange?.());
        await context.sync();
        for (const name of names) this.watched.add(name.toLowerCase());
      });
      return true;
    } catch {
      return false;
    }
  }

  /** Select the cells of an issue (all of them where the host can, else the first). */
  async select(cells: readonly string[]): Promise<void> {
    if (cells.length === 0) return;
    const { sheet } = splitAddress(cells[0]);
    const onSheet = cells.map(splitAddress).filter((c) => c.sheet === sheet).map((c) => c.cell);
    await this.host.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      // RangeAreas.select is ExcelApi 1.18 (getRanges alone is 1.9).
      if (this.capabilities.multiSelect && onSheet.length > 1) ws.getRanges(onSheet.join(',')).select();
      else ws.getRange(onSheet[0]).select();
      await context.sync();
    });
  }

  /**
   * Write rows of text to a sheet of its own (the 报告 sheet). A sheet that already holds
   * something is replaced only with `replace`; otherwise nothing is written and false returned.
   */
  async writeSheetText(name: string, rows: string[][], options: { replace: boolean }): Promise<boolean> {
    return this.withSheets(async (context, sheets) => {
      const exists = sheetTest(sheets)(name);
      const used = exists ? context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject(true) : null;
      used?.load('address');
      const seen = this.trackSheets(context, sheets, [name]);
      await context.sync();
      seen();
      if (used && !used.isNullObject && !options.replace) return false;
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


import { parseA1 } from '../../src/workbook/address';

/**
 * The in-memory workbook behind the fake Excel host: sheets of sparse cells with values,
 * number formats, fills, fonts, borders, merges and data validation; workbook names; the
 * selection. Plain data; the Office.js-like API in api.ts works on it.
 */

export type FakeValue = string | number | boolean;

export interface FakeFormat {
  fill: string | null;
  fontName: string;
  fontSize: number;
  fontBold: boolean;
  fontColor: string;
  horizontal: string;
  vertical: string;
  wrap: boolean;
  borders: Record<string, { style: string; color: string }>;
}

export interface FakeCell {
  value: FakeValue | null;
  formula: string | null;
  numberFormat: string;
  format: FakeFormat;
  validation: unknown | null;
}

export interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export const DEFAULT_FORMAT: FakeFormat = {
  fill: null,
  fontName: 'Calibri',
  fontSize: 11,
  fontBold: false,
  fontColor: '#000000',
  horizontal: 'General',
  vertical: 'Bottom',
  wrap: false,
  borders: {},
};

export class FakeSheet {
  readonly cells = new Map<string, FakeCell>();
  merges: Area[] = [];
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  columnWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  frozenRows = 0;
  pageLayout: Record<string, unknown> = {};
  constructor(public name: string) {}

  key(row: number, col: number): string {
    return `${row},${col}`;
  }
  get(row: number, col: number): FakeCell | undefined {
    return this.cells.get(this.key(row, col));
  }
  cell(row: number, col: number): FakeCell {
    let c = this.cells.get(this.key(row, col));
    if (!c) {
      c = { value: null, formula: null, numberFormat: 'General', format: { ...DEFAULT_FORMAT, borders: {} }, validation: null };
      this.cells.set(this.key(row, col), c);
    }
    return c;
  }
  mergeAt(row: number, col: number): Area | undefined {
    return this.merges.find((m) => row >= m.r1 && row <= m.r2 && col >= m.c1 && col <= m.c2);
  }
  /** Bounding box of cells with a value (valuesOnly) or with anything set. */
  usedArea(valuesOnly: boolean): Area | null {
    let area: Area | null = null;
    for (const [key, cell] of this.cells) {
      const used = cell.value !== null || (!valuesOnly && (cell.format.fill !== null || cell.validation !== null || Object.keys(cell.format.borders).length > 0));
      if (!used) continue;
      const [r, c] = key.split(',').map(Number);
      area = area ? { r1: Math.min(area.r1, r), c1: Math.min(area.c1, c), r2: Math.max(area.r2, r), c2: Math.max(area.c2, c) } : { r1: r, c1: c, r2: r, c2: c };
    }
    return area;
  }
}

export interface FakeName {
  name: string;
  /** `=表三!$J$7`, or `=#REF!$J$7` once its sheet is gone. */
  formula: string;
  comment: string;
  visible: boolean;
}

/** What a Worksheet.onChanged handler receives (the members the add-in reads). */
export interface FakeChangedEvent {
  type: 'WorksheetChanged';
  address: string;
  worksheetId: string;
  source: 'Local' | 'Remote';
  changeType: 'RangeEdited';
}

export type FakeChangedHandler = (event: FakeChangedEvent) => Promise<unknown> | unknown;

export class FakeWorkbookModel {
  sheets: FakeSheet[] = [];
  /** Worksheet.onChanged handlers, by sheet name (lower case). */
  readonly changeHandlers = new Map<string, Set<FakeChangedHandler>>();
  /** Handlers running or due (events are delivered after the change, outside any batch). */
  private pendingEvents: Promise<unknown>[] = [];
  readonly names = new Map<string, FakeName>();
  selection: { sheet: string; address: string } | null = null;
  activeSheet: string | null = null;
  /** Every context.sync(), over the workbook's life; tests read the difference. */
  syncCount = 0;
  /** The largest request or response payload of one sync (bytes), for tests of the limits. */
  largestPayload = 0;
  /** Page-layout properties this host refuses (a host may refuse a value: the add-in must say so). */
  refusedPageLayout: string[] = [];

  /** What a user typing into a cell does (numbers stay numbers, text stays text); onChanged handlers hear of it. */
  type(sheetName: string, address: string, value: FakeValue | null): void {
    const sheet = this.sheet(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    const at = parseA1(address)!;
    const cell = sheet.cell(at.row, at.col);
    cell.value = value;
    cell.formula = null;
    this.changed(sheet.name, address);
  }
  /** A user's edit, by name: `type`, for tests that are about the event. */
  userEdit(sheetName: string, address: string, value: FakeValue | null): void {
    this.type(sheetName, address, value);
  }
  /**
   * A change to a sheet: its onChanged handlers run after it, asynchronously, as in Excel
   * (for the user's edits and for the add-in's own writes alike).
   */
  changed(sheetName: string, address: string): void {
    const handlers = this.changeHandlers.get(sheetName.toLowerCase());
    if (!handlers || handlers.size === 0) return;
    const event: FakeChangedEvent = { type: 'WorksheetChanged', address, worksheetId: sheetName, source: 'Local', changeType: 'RangeEdited' };
    for (const handler of handlers) this.pendingEvents.push(new Promise((resolve) => setTimeout(resolve, 0)).then(() => handler(event)));
  }
  /** Wait until every event handler due has run (tests). */
  async settle(): Promise<void> {
    while (this.pendingEvents.length > 0) {
      const due = this.pendingEvents;
      this.pendingEvents = [];
      await Promise.all(due);
    }
  }
  /** A formula as Excel holds it after calculating: the formula and its last result. */
  typeFormula(sheetName: string, address: string, formula: string, result: FakeValue): void {
    const at = parseA1(address)!;
    const cell = this.sheet(sheetName)!.cell(at.row, at.col);
    cell.value = result;
    cell.formula = formula;
  }
  setNumberFormat(sheetName: string, address: string, numberFormat: string): void {
    const at = parseA1(address)!;
    this.sheet(sheetName)!.cell(at.row, at.col).numberFormat = numberFormat;
  }
  /** A cell's value as the model holds it (null for blank). */
  valueAt(sheetName: string, address: string): FakeValue | null {
    const at = parseA1(address)!;
    return this.sheet(sheetName)?.get(at.row, at.col)?.value ?? null;
  }
  fillAt(sheetName: string, address: string): string | null {
    const at = parseA1(address)!;
    return this.sheet(sheetName)?.get(at.row, at.col)?.format.fill ?? null;
  }
  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }
  addSheet(name: string): FakeSheet {
    const sheet = new FakeSheet(name);
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    return sheet;
  }
  /** Delete a sheet as Excel does: names that referred to it turn into #REF!. */
  deleteSheet(name: string): void {
    const sheet = this.sheet(name);
    if (!sheet) return;
    this.sheets = this.sheets.filter((s) => s !== sheet);
    for (const n of this.names.values()) {
      n.formula = n.formula.replace(/^=(?:'(?:[^']|'')+'|[^!]+)!/, (m) => (sheetOfFormula(m) === sheet.name ? '=#REF!' : m));
    }
    if (this.activeSheet === sheet.name) this.activeSheet = this.sheets[0]?.name ?? null;
  }
  /** Insert rows above `row` in a sheet, moving cells, merges and names down, as Excel does. */
  insertRows(sheetName: string, row: number, count: number): void {
    const sheet = this.sheet(sheetName)!;
    const moved = new Map<string, FakeCell>();
    for (const [key, cell] of sheet.cells) {
      const [r, c] = key.split(',').map(Number);
      moved.set(r >= row ? `${r + count},${c}` : key, cell);
    }
    sheet.cells.clear();
    for (const [k, v] of moved) sheet.cells.set(k, v);
    sheet.merges = sheet.merges.map((m) => (m.r1 >= row ? { ...m, r1: m.r1 + count, r2: m.r2 + count } : m));
    for (const n of this.names.values()) {
      const m = /^=((?:'(?:[^']|'')+'|[^!]+))!\$([A-Z]+)\$(\d+)$/.exec(n.formula);
      if (m && sheetOfFormula(`=${m[1]}!`) === sheet.name && Number(m[3]) >= row) n.formula = `=${m[1]}!$${m[2]}$${Number(m[3]) + count}`;
    }
  }
}

function sheetOfFormula(prefix: string): string {
  const body = prefix.replace(/^=/, '').replace(/!$/, '');
  return body.startsWith("'") ? body.slice(1, -1).replace(/''/g, "'") : body;
}

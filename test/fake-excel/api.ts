/**
 * A fake Excel host with Office.js semantics, over the in-memory model of model.ts:
 *
 * - `Excel.run(batch)` gives a request context; every `context.sync()` is counted.
 * - Reading a property that was not `load()`ed and then synced throws `PropertyNotLoaded`.
 *   A load takes the value at its place in the queue, as Office.js does.
 * - `getItem` of a missing sheet or name fails the next sync with `ItemNotFound`;
 *   `*OrNullObject` returns a null object whose `isNullObject` is true after a sync.
 * - APIs newer than the host's requirement set are missing (calling them throws TypeError),
 *   so older Excel can be simulated.
 *
 * - Every member follows its row in documented.ts (the Office.js reference pages): a member
 *   newer than the host's requirement set is missing, and the documented failures and limits
 *   are enforced (VeryHidden sheets not deleted, payload and cell limits of a sync, Excel's name
 *   rules, border edges a range does not have, methods of null objects).
 *
 * Writes take effect at once (in queue order), which is what a batch does at its sync.
 */
import { a1, columnLetter, parseA1, parseReference } from '../../src/workbook/address';
import { GET_CELL_LIMIT, PAYLOAD_LIMIT_BYTES, documented } from './documented';
import { FakeSheet, FakeWorkbookModel, type FakeChangedHandler, type Area, type FakeCell, type FakeFormat, type FakeValue } from './model';

export class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

function notLoaded(prop: string): Error {
  return new OfficeError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

/** The UTF-8 size of a value as JSON: what a payload carries. */
export function payloadBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (typeof value === 'string') {
    let bytes = 2;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 2 : 3;
    }
    return bytes;
  }
  if (Array.isArray(value)) {
    let bytes = 2;
    for (const item of value) bytes += payloadBytes(item) + 1;
    return bytes;
  }
  if (typeof value === 'object') {
    let bytes = 2;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) bytes += key.length + 4 + payloadBytes(item);
    return bytes;
  }
  return 0;
}

function versionAtLeast(have: string, need: string): boolean {
  const [a1v, a2v] = have.split('.').map(Number);
  const [b1, b2] = need.split('.').map(Number);
  return a1v > b1 || (a1v === b1 && a2v >= b2);
}

export class FakeContext {
  readonly workbook: Workbook;
  private loads: (() => void)[] = [];
  private errors: OfficeError[] = [];
  readonly trackedObjects = { add: () => undefined, remove: () => undefined };
  constructor(
    readonly model: FakeWorkbookModel,
    readonly apiVersion: string,
  ) {
    this.workbook = new Workbook(this);
  }
  supports(version: string): boolean {
    return versionAtLeast(this.apiVersion, version);
  }
  /** Whether a requirement set ('ExcelApi 1.9'; '' for common API) is there. */
  supportsSet(set: string): boolean {
    if (set === '') return true;
    const [name, version] = set.split(' ');
    return name === 'ExcelApi' && this.supports(version);
  }
  /** Changes this batch made (sheet, address): onChanged handlers hear of them after the sync. */
  readonly changes: [string, string][] = [];
  private requestBytes = 0;
  private responseBytes = 0;
  /** Bytes a write sends (the request payload of the next sync). */
  addRequest(bytes: number): void {
    this.requestBytes += bytes;
  }
  /** Bytes a load brings back (the response payload of the next sync). */
  addResponse(bytes: number): void {
    this.responseBytes += bytes;
  }
  queueLoad(apply: () => void): void {
    this.loads.push(apply);
  }
  fail(code: string, message: string): void {
    this.errors.push(new OfficeError(code, message));
  }
  async sync(): Promise<void> {
    this.model.syncCount++;
    const errors = this.errors;
    const loads = this.loads;
    const [request, response] = [this.requestBytes, this.responseBytes];
    this.errors = [];
    this.loads = [];
    this.requestBytes = 0;
    this.responseBytes = 0;
    this.model.largestPayload = Math.max(this.model.largestPayload, request, response);
    if (request > PAYLOAD_LIMIT_BYTES) throw new OfficeError('RequestPayloadSizeLimitExceeded', `The request payload size has exceeded the limit (${request} bytes).`);
    if (errors.length > 0) throw errors[0];
    if (response > PAYLOAD_LIMIT_BYTES) throw new OfficeError('ResponsePayloadSizeLimitExceeded', `The response payload size has exceeded the limit (${response} bytes).`);
    for (const apply of loads) apply();
    for (const [sheet, address] of this.changes.splice(0)) this.model.changed(sheet, address);
  }
}

/** A proxy: properties readable once loaded and synced. */
abstract class ClientObject {
  private readonly props = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private nullable = false;
  /**
   * `kind` is the Office.js class name ('Range'): members are looked up in documented.ts as
   * `Range.values`. A member newer than the host's requirement set reads as undefined; a
   * documented member of a null object queues InvalidObjectPath.
   */
  constructor(
    protected readonly ctx: FakeContext,
    readonly kind: string,
  ) {
    const check = (target: ClientObject, prop: string | symbol) => {
      if (typeof prop !== 'string') return true;
      const row = documented(`${kind}.${prop}`);
      if (!row) return true;
      if (!ctx.supportsSet(row.set)) return false;
      if (target.nullable && !target.exists() && prop !== 'load' && prop !== 'isNullObject') {
        ctx.fail('InvalidObjectPath', `${kind}.${prop} was used on a null object.`);
      }
      return true;
    };
    return new Proxy(this, {
      get: (target, prop, receiver) => (check(target, prop) ? Reflect.get(target, prop, receiver) : undefined),
      has: (target, prop) => {
        const row = typeof prop === 'string' ? documented(`${kind}.${prop}`) : undefined;
        return row && !ctx.supportsSet(row.set) ? false : Reflect.has(target, prop);
      },
      set: (target, prop, value, receiver) => {
        if (!check(target, prop)) throw new TypeError(`${kind}.${String(prop)} is not supported by this host`);
        return Reflect.set(target, prop, value, receiver);
      },
    });
  }

  get context(): FakeContext {
    return this.ctx;
  }
  /** Whether the object exists (false for a null object). */
  protected abstract exists(): boolean;
  /** The current value of a scalar property. */
  protected abstract current(prop: string): unknown;
  /** A navigation property (format, fill, font …), for paths like `format/fill/color`. */
  protected nav(prop: string): ClientObject | null {
    void prop;
    return null;
  }
  protected registerNull(): void {
    this.nullable = true;
    const exists = this.exists();
    this.ctx.queueLoad(() => {
      this.nullState = !exists;
    });
  }
  get isNullObject(): boolean {
    if (this.nullState === undefined) throw notLoaded('isNullObject');
    return this.nullState;
  }
  load(spec?: string | string[] | { select?: string; expand?: string }): this {
    const paths = typeof spec === 'string' ? spec.split(',') : Array.isArray(spec) ? spec : spec?.select ? spec.select.split(',') : this.defaultProps();
    const exists = this.exists();
    this.ctx.queueLoad(() => {
      this.nullState = !exists;
    });
    for (const raw of paths) {
      const path = raw.trim();
      if (path === '') continue;
      const [head, ...rest] = path.split('/');
      if (rest.length > 0) {
        const child = this.nav(head);
        if (!child) throw new OfficeError('InvalidArgument', `Cannot load '${path}'`);
        child.load(rest.join('/'));
        continue;
      }
      const value = exists && this.checkLoad(head) ? this.current(head) : null;
      if (exists) this.ctx.addResponse(payloadBytes(value));
      this.ctx.queueLoad(() => this.props.set(head, value));
    }
    return this;
  }
  protected defaultProps(): string[] {
    return [];
  }
  /** Limits on loading a property (Range: the five-million-cell limit of get operations); false when refused. */
  protected checkLoad(prop: string): boolean {
    void prop;
    return true;
  }
  protected loaded<T>(prop: string): T {
    if (!this.props.has(prop)) throw notLoaded(prop);
    if (this.nullState) throw new OfficeError('InvalidObjectPath', `The object is a null object: cannot read '${prop}'.`);
    return this.props.get(prop) as T;
  }
}

// ---------------------------------------------------------------------------------------

function quoteSheetName(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) && !/^\d/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function areaAddress(area: Area): string {
  const from = a1(area.r1, area.c1);
  const to = a1(area.r2, area.c2);
  return from === to ? from : `${from}:${to}`;
}

function parseArea(address: string): Area | null {
  const plain = address.replace(/\$/g, '');
  // Whole columns (A:E) and whole rows (1:3).
  const columns = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(plain);
  if (columns) {
    const [c1, c2] = [parseA1(`${columns[1]}1`)?.col, parseA1(`${columns[2]}1`)?.col];
    return c1 && c2 ? { r1: 1, c1: Math.min(c1, c2), r2: 1048576, c2: Math.max(c1, c2) } : null;
  }
  const rows = /^(\d+):(\d+)$/.exec(plain);
  if (rows) return { r1: Math.min(Number(rows[1]), Number(rows[2])), c1: 1, r2: Math.max(Number(rows[1]), Number(rows[2])), c2: 16384 };
  const [from, to] = plain.split(':');
  const a = parseA1(from);
  const b = to ? parseA1(to) : a;
  if (!a || !b) return null;
  return { r1: Math.min(a.row, b.row), c1: Math.min(a.col, b.col), r2: Math.max(a.row, b.row), c2: Math.max(a.col, b.col) };
}

function cellValueOut(cell: FakeCell | undefined): FakeValue {
  return cell?.value ?? '';
}

/** What typing `input` into a cell stores: numbers parsed unless the cell is text-formatted. */
function typed(input: unknown, numberFormat: string): { value: FakeValue | null; formula: string | null } {
  if (input === null || input === undefined || input === '') return { value: null, formula: null };
  if (typeof input === 'number' || typeof input === 'boolean') return { value: input, formula: null };
  const text = String(input);
  if (numberFormat === '@') return { value: text, formula: null };
  if (text.startsWith('=')) return { value: '#NAME?', formula: text };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) return { value: Number(text), formula: null };
  if (/^(TRUE|FALSE)$/i.test(text)) return { value: /^TRUE$/i.test(text), formula: null };
  return { value: text, formula: null };
}

export class Workbook {
  readonly worksheets: WorksheetCollection;
  readonly names: NamedItemCollection;
  constructor(readonly ctx: FakeContext) {
    this.worksheets = new WorksheetCollection(ctx, 'WorksheetCollection');
    this.names = new NamedItemCollection(ctx, 'NamedItemCollection');
  }
  get context(): FakeContext {
    return this.ctx;
  }
}

/** A collection: `load('items/…')` loads each item; `items` is readable after the sync. */
abstract class Collection<T extends ClientObject> extends ClientObject {
  private itemsValue: T[] | null = null;
  protected exists(): boolean {
    return true;
  }
  protected current(): unknown {
    return null;
  }
  /** The items as they are now, and the properties an empty load takes. */
  protected abstract members(): T[];
  protected abstract itemDefaults(): string[];
  override load(spec?: string | string[] | { select?: string }): this {
    const text = typeof spec === 'string' ? spec : Array.isArray(spec) ? spec.join(',') : spec?.select ?? '';
    const props = text.split(',').map((p) => p.trim().replace(/^items\//, '')).filter((p) => p !== '' && p !== 'items');
    const items = this.members();
    for (const item of items) item.load(props.length ? props : this.itemDefaults());
    this.ctx.queueLoad(() => {
      this.itemsValue = items;
    });
    return this;
  }
  get items(): T[] {
    if (!this.itemsValue) throw notLoaded('items');
    return this.itemsValue;
  }
}

export class WorksheetCollection extends Collection<Worksheet> {
  protected members(): Worksheet[] {
    return this.ctx.model.sheets.map((s) => new Worksheet(this.ctx, s.name));
  }
  protected itemDefaults(): string[] {
    return ['name'];
  }
  getItem(name: string): Worksheet {
    if (!this.ctx.model.sheet(name)) this.ctx.fail('ItemNotFound', `The requested resource doesn't exist. (worksheet '${name}')`);
    return new Worksheet(this.ctx, name);
  }
  getItemOrNullObject(name: string): Worksheet {
    const sheet = new Worksheet(this.ctx, name);
    sheet.markNullable();
    return sheet;
  }
  add(name?: string): Worksheet {
    const model = this.ctx.model;
    const wanted = name ?? `Sheet${model.sheets.length + 1}`;
    if (model.sheet(wanted)) {
      this.ctx.fail('ItemAlreadyExists', `A worksheet named '${wanted}' already exists.`);
      return new Worksheet(this.ctx, wanted);
    }
    if (/[\\/?*[\]:]/.test(wanted) || wanted.length > 31 || wanted.trim() === '' || /^'|'$/.test(wanted)) {
      this.ctx.fail('InvalidArgument', `Invalid worksheet name '${wanted}'.`);
      return new Worksheet(this.ctx, wanted);
    }
    model.addSheet(wanted);
    return new Worksheet(this.ctx, wanted);
  }
  getActiveWorksheet(): Worksheet {
    return new Worksheet(this.ctx, this.ctx.model.activeSheet ?? '');
  }
}

export class Worksheet extends ClientObject {
  constructor(
    ctx: FakeContext,
    private sheetName: string,
  ) {
    super(ctx, 'Worksheet');
  }
  markNullable(): void {
    this.registerNull();
  }
  model(): FakeSheet | undefined {
    return this.ctx.model.sheet(this.sheetName);
  }
  protected exists(): boolean {
    return this.model() !== undefined;
  }
  protected current(prop: string): unknown {
    const sheet = this.model()!;
    switch (prop) {
      case 'name':
        return sheet.name;
      case 'visibility':
        return sheet.visibility;
      case 'position':
        return this.ctx.model.sheets.indexOf(sheet);
      default:
        throw new OfficeError('InvalidArgument', `Worksheet has no property '${prop}'`);
    }
  }
  protected override defaultProps(): string[] {
    return ['name', 'visibility', 'position'];
  }
  get name(): string {
    return this.loaded('name');
  }
  set name(value: string) {
    const sheet = this.live();
    if (sheet) {
      sheet.name = value;
      this.sheetName = value;
    }
  }
  get visibility(): string {
    return this.loaded('visibility');
  }
  set visibility(value: string) {
    const sheet = this.live();
    if (!sheet) return;
    if (value !== 'Visible' && sheet.visibility === 'Visible' && this.visibleSheets() === 1) {
      this.ctx.fail('InvalidOperation', 'The last visible worksheet cannot be hidden.');
      return;
    }
    sheet.visibility = value as FakeSheet['visibility'];
  }
  private visibleSheets(): number {
    return this.ctx.model.sheets.filter((s) => s.visibility === 'Visible').length;
  }
  /** The sheet, or a queued failure when it is missing (a write on a null or deleted sheet). */
  live(): FakeSheet | undefined {
    const sheet = this.model();
    if (!sheet) this.ctx.fail('InvalidObjectPath', `The worksheet '${this.sheetName}' does not exist.`);
    return sheet;
  }
  getRange(address?: string): Range {
    const area = address ? parseArea(address) : { r1: 1, c1: 1, r2: 1048576, c2: 16384 };
    if (!area) this.ctx.fail('InvalidArgument', `Invalid range address '${address}'.`);
    return new Range(this.ctx, this.sheetName, area ?? { r1: 1, c1: 1, r2: 1, c2: 1 });
  }
  getCell(row: number, column: number): Range {
    return new Range(this.ctx, this.sheetName, { r1: row + 1, c1: column + 1, r2: row + 1, c2: column + 1 });
  }
  getUsedRange(valuesOnly = false): Range {
    const area = this.model()?.usedArea(valuesOnly) ?? { r1: 1, c1: 1, r2: 1, c2: 1 };
    return new Range(this.ctx, this.sheetName, area);
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    const area = this.model()?.usedArea(valuesOnly) ?? null;
    const range = new Range(this.ctx, this.sheetName, area ?? { r1: 1, c1: 1, r2: 1, c2: 1 }, area === null);
    range.markNullable();
    return range;
  }
  getRanges(address: string): RangeAreas {
    return new RangeAreas(this.ctx, this.sheetName, address.split(',').map((a) => parseArea(a.trim())!));
  }
  activate(): void {
    const sheet = this.live();
    if (!sheet) return;
    if (sheet.visibility !== 'Visible') {
      this.ctx.fail('InvalidOperation', `The worksheet '${sheet.name}' is hidden and cannot be activated.`);
      return;
    }
    this.ctx.model.activeSheet = sheet.name;
  }
  delete(): void {
    const sheet = this.live();
    if (!sheet) return;
    // Worksheet.delete: "if the worksheet's visibility is set to "VeryHidden", the delete operation will fail".
    if (sheet.visibility === 'VeryHidden') {
      this.ctx.fail('InvalidOperation', `The worksheet '${sheet.name}' is very hidden and cannot be deleted.`);
      return;
    }
    if (sheet.visibility === 'Visible' && this.visibleSheets() === 1) {
      this.ctx.fail('InvalidOperation', 'The last visible worksheet cannot be deleted.');
      return;
    }
    this.ctx.model.deleteSheet(sheet.name);
  }
  /** Worksheet.onChanged (ExcelApi 1.7): handlers registered at the sync, run after each change. */
  get onChanged(): { add(handler: FakeChangedHandler): { remove(): void } } {
    const ctx = this.ctx;
    const key = this.sheetName.toLowerCase();
    return {
      add(handler: FakeChangedHandler) {
        ctx.queueLoad(() => {
          const set = ctx.model.changeHandlers.get(key) ?? new Set<FakeChangedHandler>();
          set.add(handler);
          ctx.model.changeHandlers.set(key, set);
        });
        return {
          remove() {
            ctx.queueLoad(() => ctx.model.changeHandlers.get(key)?.delete(handler));
          },
        };
      },
    };
  }
  get freezePanes() {
    return {
      freezeRows: (count: number) => {
        const sheet = this.live();
        if (sheet) sheet.frozenRows = count;
      },
      unfreeze: () => {
        const sheet = this.live();
        if (sheet) sheet.frozenRows = 0;
      },
    };
  }
  get pageLayout(): Record<string, unknown> {
    const sheet = this.model();
    const layout: Record<string, unknown> = {};
    const target = sheet?.pageLayout ?? {};
    return new Proxy(layout, {
      set: (_t, prop, value) => {
        // Hosts differ in the page-layout values they accept: a test can make this one refuse some.
        if (this.ctx.model.refusedPageLayout.includes(String(prop))) this.ctx.fail('InvalidArgument', `The page layout property '${String(prop)}' was refused.`);
        else target[String(prop)] = value;
        return true;
      },
      get: (_t, prop) => {
        if (prop === 'setPrintTitleRows') return (rows: string) => (target.printTitleRows = rows);
        return target[String(prop)];
      },
    });
  }
}

export class Range extends ClientObject {
  constructor(
    ctx: FakeContext,
    readonly sheetName: string,
    readonly area: Area,
    private readonly isNull = false,
  ) {
    super(ctx, 'Range');
  }
  markNullable(): void {
    this.registerNull();
  }
  sheet(): FakeSheet | undefined {
    return this.ctx.model.sheet(this.sheetName);
  }
  protected exists(): boolean {
    return !this.isNull && this.sheet() !== undefined;
  }
  private live(): FakeSheet | undefined {
    const sheet = this.sheet();
    if (!sheet || this.isNull) this.ctx.fail('InvalidObjectPath', `The range on '${this.sheetName}' does not exist.`);
    return this.isNull ? undefined : sheet;
  }
  private grid<T>(cell: (row: number, col: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = this.area.r1; r <= this.area.r2; r++) {
      const row: T[] = [];
      for (let c = this.area.c1; c <= this.area.c2; c++) row.push(cell(r, c));
      out.push(row);
    }
    return out;
  }
  protected current(prop: string): unknown {
    const sheet = this.sheet()!;
    const covered = (r: number, c: number) => {
      const m = sheet.mergeAt(r, c);
      return m !== undefined && (m.r1 !== r || m.c1 !== c);
    };
    switch (prop) {
      case 'address':
        return `${quoteSheetName(sheet.name)}!${areaAddress(this.area)}`;
      case 'rowIndex':
        return this.area.r1 - 1;
      case 'columnIndex':
        return this.area.c1 - 1;
      case 'rowCount':
        return this.area.r2 - this.area.r1 + 1;
      case 'columnCount':
        return this.area.c2 - this.area.c1 + 1;
      case 'values':
        return this.grid((r, c) => (covered(r, c) ? '' : cellValueOut(sheet.get(r, c))));
      case 'formulas':
        return this.grid((r, c) => (covered(r, c) ? '' : (sheet.get(r, c)?.formula ?? cellValueOut(sheet.get(r, c)))));
      case 'numberFormat':
        return this.grid((r, c) => sheet.get(r, c)?.numberFormat ?? 'General');
      case 'text':
        return this.grid((r, c) => String(covered(r, c) ? '' : cellValueOut(sheet.get(r, c))));
      default:
        throw new OfficeError('InvalidArgument', `Range has no property '${prop}'`);
    }
  }
  protected override nav(prop: string): ClientObject | null {
    return prop === 'format' ? this.format : null;
  }
  protected override checkLoad(prop: string): boolean {
    if (!['values', 'formulas', 'numberFormat', 'text'].includes(prop)) return true;
    const cells = (this.area.r2 - this.area.r1 + 1) * (this.area.c2 - this.area.c1 + 1);
    if (cells <= GET_CELL_LIMIT) return true;
    this.ctx.fail('ResponsePayloadSizeLimitExceeded', `Reading ${prop} of ${cells} cells exceeds the limit of ${GET_CELL_LIMIT} cells for get operations.`);
    return false;
  }
  get address(): string {
    return this.loaded('address');
  }
  get rowIndex(): number {
    return this.loaded('rowIndex');
  }
  get columnIndex(): number {
    return this.loaded('columnIndex');
  }
  get rowCount(): number {
    return this.loaded('rowCount');
  }
  get columnCount(): number {
    return this.loaded('columnCount');
  }
  get values(): FakeValue[][] {
    return this.loaded('values');
  }
  set values(input: unknown) {
    this.write(input);
  }
  get formulas(): FakeValue[][] {
    return this.loaded('formulas');
  }
  set formulas(input: unknown) {
    this.write(input);
  }
  get numberFormat(): string[][] {
    return this.loaded('numberFormat');
  }
  set numberFormat(input: unknown) {
    const sheet = this.live();
    if (!sheet) return;
    this.ctx.addRequest(payloadBytes(input));
    this.eachCell(input, (r, c, v) => {
      sheet.cell(r, c).numberFormat = String(v);
    });
  }
  get text(): string[][] {
    return this.loaded('text');
  }
  private eachCell(input: unknown, apply: (row: number, col: number, value: unknown) => void): void {
    const rows = this.area.r2 - this.area.r1 + 1;
    const cols = this.area.c2 - this.area.c1 + 1;
    if (Array.isArray(input)) {
      if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols)) {
        this.ctx.fail('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range.`);
        return;
      }
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) apply(this.area.r1 + r, this.area.c1 + c, Array.isArray(input) ? (input as unknown[][])[r][c] : input);
    }
  }
  private write(input: unknown): void {
    const sheet = this.live();
    if (!sheet) return;
    this.ctx.addRequest(payloadBytes(input));
    this.ctx.changes.push([sheet.name, areaAddress(this.area)]);
    this.eachCell(input, (r, c, v) => {
      const merge = sheet.mergeAt(r, c);
      if (merge && (merge.r1 !== r || merge.c1 !== c)) {
        if (v !== '' && v !== null) this.ctx.fail('InvalidOperation', `Cannot write into ${a1(r, c)}: it is part of a merged area.`);
        return;
      }
      const cell = sheet.cell(r, c);
      const t = typed(v, cell.numberFormat);
      cell.value = t.value;
      cell.formula = t.formula;
    });
  }
  private formatObject: RangeFormat | null = null;
  get format(): RangeFormat {
    this.formatObject ??= new RangeFormat(this.ctx, this);
    return this.formatObject;
  }
  /** `range.dataValidation`: rule and error alert land on every cell of the range. */
  get dataValidation(): { clear(): void; rule: unknown; errorAlert: unknown; ignoreBlanks: boolean } {
    const each = (apply: (cell: FakeCell) => void) => {
      const sheet = this.live();
      if (sheet) this.eachCell(null, (r, c) => apply(sheet.cell(r, c)));
    };
    return {
      clear: () => each((cell) => (cell.validation = null)),
      set rule(rule: unknown) {
        each((cell) => (cell.validation = { ...((cell.validation as object) ?? {}), rule }));
      },
      get rule() {
        return undefined;
      },
      set errorAlert(alert: unknown) {
        each((cell) => (cell.validation = { ...((cell.validation as object) ?? {}), errorAlert: alert }));
      },
      get errorAlert() {
        return undefined;
      },
      set ignoreBlanks(value: boolean) {
        each((cell) => (cell.validation = { ...((cell.validation as object) ?? {}), ignoreBlanks: value }));
      },
      get ignoreBlanks() {
        return true;
      },
    };
  }
  merge(across = false): void {
    const sheet = this.live();
    if (!sheet) return;
    const areas = across ? Array.from({ length: this.area.r2 - this.area.r1 + 1 }, (_, i) => ({ ...this.area, r1: this.area.r1 + i, r2: this.area.r1 + i })) : [this.area];
    for (const area of areas) {
      if (area.r1 === area.r2 && area.c1 === area.c2) continue;
      const same = sheet.merges.find((m) => m.r1 === area.r1 && m.c1 === area.c1 && m.r2 === area.r2 && m.c2 === area.c2);
      if (same) continue;
      const overlapping = sheet.merges.some((m) => m.r1 <= area.r2 && area.r1 <= m.r2 && m.c1 <= area.c2 && area.c1 <= m.c2);
      if (overlapping) {
        this.ctx.fail('InvalidOperation', `Cannot merge ${areaAddress(area)}: it overlaps another merged area.`);
        continue;
      }
      // Excel keeps the top-left value only.
      for (let r = area.r1; r <= area.r2; r++) {
        for (let c = area.c1; c <= area.c2; c++) {
          const cell = r !== area.r1 || c !== area.c1 ? sheet.get(r, c) : undefined;
          if (cell) {
            cell.value = null;
            cell.formula = null;
          }
        }
      }
      sheet.merges.push({ ...area });
    }
  }
  unmerge(): void {
    const sheet = this.live();
    if (!sheet) return;
    const a = this.area;
    sheet.merges = sheet.merges.filter((m) => !(m.r1 <= a.r2 && a.r1 <= m.r2 && m.c1 <= a.c2 && a.c1 <= m.c2));
  }
  /** Range.clear: values, formulas and formats of every cell of the range (ExcelApi 1.1). */
  clear(): void {
    const sheet = this.live();
    if (!sheet) return;
    const a = this.area;
    for (const [key, cell] of [...sheet.cells]) {
      const [r, c] = key.split(',').map(Number);
      if (r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2) {
        void cell;
        sheet.cells.delete(key);
      }
    }
  }
  /** Range.getUsedRangeOrNullObject: the used part of this range, or a null object (ExcelApi 1.4). */
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    const used = this.sheet()?.usedArea(valuesOnly) ?? null;
    const a = this.area;
    const area = used && used.r1 <= a.r2 && a.r1 <= used.r2 && used.c1 <= a.c2 && a.c1 <= used.c2
      ? { r1: Math.max(a.r1, used.r1), c1: Math.max(a.c1, used.c1), r2: Math.min(a.r2, used.r2), c2: Math.min(a.c2, used.c2) }
      : null;
    const range = new Range(this.ctx, this.sheetName, area ?? { r1: 1, c1: 1, r2: 1, c2: 1 }, area === null || this.isNull);
    range.markNullable();
    return range;
  }
  select(): void {
    const sheet = this.live();
    if (!sheet) return;
    if (sheet.visibility !== 'Visible') {
      this.ctx.fail('InvalidOperation', `Cannot select a range on the hidden worksheet '${sheet.name}'.`);
      return;
    }
    this.ctx.model.activeSheet = sheet.name;
    this.ctx.model.selection = { sheet: sheet.name, address: areaAddress(this.area) };
  }
  get worksheet(): Worksheet {
    return new Worksheet(this.ctx, this.sheetName);
  }
  getCell(row: number, column: number): Range {
    return new Range(this.ctx, this.sheetName, { r1: this.area.r1 + row, c1: this.area.c1 + column, r2: this.area.r1 + row, c2: this.area.c1 + column });
  }
  getCellProperties(spec: unknown): { value: unknown[][] } {
    void spec;
    {
      const sheet = this.sheet();
      if (this.checkLoad('values') === false) return { value: [] };
      const values = sheet
        ? this.grid((r, c) => {
            const fill = sheet.get(r, c)?.format.fill ?? null;
            return { address: `${quoteSheetName(sheet.name)}!${a1(r, c)}`, format: { fill: { color: fill ?? '#FFFFFF', pattern: fill ? 'Solid' : 'None' } } };
          })
        : [];
      const result: { value: unknown[][] } = {
        get value() {
          if (!ready) throw notLoaded('value');
          return values;
        },
      };
      let ready = false;
      this.ctx.addResponse(payloadBytes(values));
      this.ctx.queueLoad(() => {
        ready = true;
      });
      return result;
    }
  }
  /** For tests: the cells of this range in the model. */
  cells(): FakeCell[] {
    const sheet = this.sheet();
    return sheet ? this.grid((r, c) => sheet.cell(r, c)).flat() : [];
  }
}

export class RangeAreas extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly sheetName: string,
    private readonly areas: Area[],
  ) {
    super(ctx, 'RangeAreas');
  }
  protected exists(): boolean {
    return this.ctx.model.sheet(this.sheetName) !== undefined;
  }
  protected current(prop: string): unknown {
    throw new OfficeError('InvalidArgument', `RangeAreas has no property '${prop}' in this fake`);
  }
  select(): void {
    this.ctx.model.activeSheet = this.sheetName;
    this.ctx.model.selection = { sheet: this.sheetName, address: this.areas.map(areaAddress).join(',') };
  }
}

/** A part of a range's format (its format, its font): properties over the range's cells. */
abstract class FormatPart extends ClientObject {
  constructor(
    ctx: FakeContext,
    kind: string,
    readonly range: Range,
    private readonly keys: Record<string, keyof FakeFormat>,
  ) {
    super(ctx, kind);
  }
  protected exists(): boolean {
    return this.range.sheet() !== undefined;
  }
  /** The common value of the range's cells (null when they differ). */
  protected current(prop: string): unknown {
    const key = this.keys[prop];
    if (!key) throw new OfficeError('InvalidArgument', `${this.constructor.name} has no property '${prop}'`);
    const values = this.range.cells().map((c) => c.format[key]);
    return values.every((v) => v === values[0]) ? values[0] : null;
  }
  /** A loaded property (after load and sync), for the accessors defined below. */
  read(prop: string): unknown {
    return this.loaded(prop);
  }
}

/** Accessors for format properties: read once loaded, write to every cell of the range. */
function formatProperties(target: { prototype: FormatPart }, keys: Record<string, keyof FakeFormat>): void {
  for (const [prop, key] of Object.entries(keys)) {
    Object.defineProperty(target.prototype, prop, {
      configurable: true,
      get(this: FormatPart) {
        return this.read(prop);
      },
      set(this: FormatPart, value: unknown) {
        for (const cell of this.range.cells()) (cell.format as unknown as Record<string, unknown>)[key] = value;
      },
    });
  }
}

const FORMAT_KEYS: Record<string, keyof FakeFormat> = { horizontalAlignment: 'horizontal', verticalAlignment: 'vertical', wrapText: 'wrap' };
const FONT_KEYS: Record<string, keyof FakeFormat> = { name: 'fontName', size: 'fontSize', bold: 'fontBold', color: 'fontColor' };

class RangeFormat extends FormatPart {
  declare horizontalAlignment: string;
  declare verticalAlignment: string;
  declare wrapText: boolean;
  readonly fill: RangeFill;
  readonly font: RangeFont;
  readonly borders: { getItem: (index: string) => { style: string; color: string; weight: string } };
  constructor(ctx: FakeContext, range: Range) {
    super(ctx, 'RangeFormat', range, FORMAT_KEYS);
    this.fill = new RangeFill(ctx, range);
    this.font = new RangeFont(ctx, range);
    this.borders = {
      getItem: (index: string) => {
        const { r1, r2, c1, c2 } = range.area;
        // A one-row range has no inside horizontal edge, a one-column range no inside vertical one.
        if ((index === 'InsideHorizontal' && r1 === r2) || (index === 'InsideVertical' && c1 === c2)) {
          ctx.fail('InvalidArgument', `The range ${a1(r1, c1)}:${a1(r2, c2)} has no ${index} border.`);
        }
        const cells = () => range.cells();
        return {
          set style(style: string) {
            for (const cell of cells()) cell.format.borders[index] = { ...(cell.format.borders[index] ?? { color: '#000000' }), style };
          },
          set color(color: string) {
            for (const cell of cells()) cell.format.borders[index] = { ...(cell.format.borders[index] ?? { style: 'Continuous' }), color };
          },
          set weight(_w: string) {},
          get style() {
            return cells()[0]?.format.borders[index]?.style ?? 'None';
          },
          get color() {
            return cells()[0]?.format.borders[index]?.color ?? '#000000';
          },
          get weight() {
            return 'Thin';
          },
        };
      },
    };
  }
  protected override current(prop: string): unknown {
    if (prop === 'columnWidth') return this.range.sheet()!.columnWidths.get(this.range.area.c1) ?? 48;
    if (prop === 'rowHeight') return this.range.sheet()!.rowHeights.get(this.range.area.r1) ?? 15;
    return super.current(prop);
  }
  protected override nav(prop: string): ClientObject | null {
    return prop === 'fill' ? this.fill : prop === 'font' ? this.font : null;
  }
  set columnWidth(points: number) {
    const sheet = this.range.sheet();
    if (sheet) for (let c = this.range.area.c1; c <= this.range.area.c2; c++) sheet.columnWidths.set(c, points);
  }
  get columnWidth(): number {
    return this.loaded('columnWidth');
  }
  set rowHeight(points: number) {
    const sheet = this.range.sheet();
    if (sheet) for (let r = this.range.area.r1; r <= this.range.area.r2; r++) sheet.rowHeights.set(r, points);
  }
  get rowHeight(): number {
    return this.loaded('rowHeight');
  }
}
formatProperties(RangeFormat, FORMAT_KEYS);

class RangeFill extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly range: Range,
  ) {
    super(ctx, 'RangeFill');
  }
  protected exists(): boolean {
    return this.range.sheet() !== undefined;
  }
  protected current(prop: string): unknown {
    if (prop !== 'color') throw new OfficeError('InvalidArgument', `RangeFill has no property '${prop}'`);
    const fills = this.range.cells().map((c) => c.format.fill);
    if (!fills.every((f) => f === fills[0])) return null;
    return fills[0] ?? '#FFFFFF'; // Excel reports "no fill" as white
  }
  get color(): string {
    return this.loaded('color');
  }
  set color(value: string) {
    for (const cell of this.range.cells()) cell.format.fill = value.toUpperCase();
  }
  clear(): void {
    for (const cell of this.range.cells()) cell.format.fill = null;
  }
}

class RangeFont extends FormatPart {
  declare name: string;
  declare size: number;
  declare bold: boolean;
  declare color: string;
  constructor(ctx: FakeContext, range: Range) {
    super(ctx, 'RangeFont', range, FONT_KEYS);
  }
}
formatProperties(RangeFont, FONT_KEYS);

// ---------------------------------------------------------------------------------------
// Names

/**
 * Excel's rules for a defined name (support page "Names in formulas", NAME_RULES_PAGE in
 * documented.ts), written here independently of src/: the first character a letter, _ or \;
 * then letters, digits, periods and underscores; not a cell reference in A1 or R1C1 form; not
 * C, c, R or r; at most 255 characters. TRUE and FALSE are refused too (stricter reading).
 */
export function excelAcceptsName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}._]*$/u.test(name)) return false;
  if (/^(TRUE|FALSE)$/i.test(name)) return false;
  if (/^[RC]$/i.test(name)) return false;
  const cell = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(name);
  if (cell) {
    const col = cell[1].toUpperCase().split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const rowNumber = Number(cell[2]);
    if (col <= 16384 && rowNumber >= 1 && rowNumber <= 1048576) return false;
  }
  if (/^R(\d+|\[-?\d+\])?C(\d+|\[-?\d+\])?$/i.test(name) || /^[RC]\d+$/i.test(name)) return false;
  return true;
}

export class NamedItemCollection extends Collection<NamedItem> {
  protected members(): NamedItem[] {
    return [...this.ctx.model.names.values()].map((n) => new NamedItem(this.ctx, n.name));
  }
  protected itemDefaults(): string[] {
    return ['name', 'type', 'value'];
  }
  add(name: string, reference: Range | string, comment?: string): NamedItem {
    const model = this.ctx.model;
    if (!excelAcceptsName(name)) {
      this.ctx.fail('InvalidArgument', `The name '${name}' is not valid.`);
    } else if (model.names.has(name.toLowerCase())) {
      this.ctx.fail('ItemAlreadyExists', `The name '${name}' already exists.`);
    } else {
      let formula: string;
      if (typeof reference === 'string') formula = reference.startsWith('=') ? reference : `=${reference}`;
      else {
        const sheet = reference.sheet();
        formula = `=${quoteSheetName(sheet?.name ?? reference.sheetName)}!$${columnLetter(reference.area.c1)}$${reference.area.r1}${
          reference.area.r2 !== reference.area.r1 || reference.area.c2 !== reference.area.c1 ? `:$${columnLetter(reference.area.c2)}$${reference.area.r2}` : ''
        }`;
      }
      model.names.set(name.toLowerCase(), { name, formula, comment: comment ?? '', visible: true });
    }
    return new NamedItem(this.ctx, name);
  }
  getItem(name: string): NamedItem {
    if (!this.ctx.model.names.has(name.toLowerCase())) this.ctx.fail('ItemNotFound', `The requested resource doesn't exist. (name '${name}')`);
    return new NamedItem(this.ctx, name);
  }
  getItemOrNullObject(name: string): NamedItem {
    const item = new NamedItem(this.ctx, name);
    item.markNullable();
    return item;
  }
}

export class NamedItem extends ClientObject {
  constructor(
    ctx: FakeContext,
    private readonly key: string,
  ) {
    super(ctx, 'NamedItem');
  }
  markNullable(): void {
    this.registerNull();
  }
  private entry() {
    return this.ctx.model.names.get(this.key.toLowerCase());
  }
  protected exists(): boolean {
    return this.entry() !== undefined;
  }
  protected current(prop: string): unknown {
    const n = this.entry()!;
    const broken = n.formula.includes('#REF!');
    switch (prop) {
      case 'name':
        return n.name;
      case 'type':
        return broken ? 'Error' : 'Range';
      case 'value':
        return broken ? '#REF!' : n.formula.replace(/^=/, '');
      case 'formula':
        if (!this.ctx.supports('1.7')) throw new TypeError('formula is not supported');
        return n.formula;
      case 'comment':
        return n.comment;
      case 'visible':
        return n.visible;
      default:
        throw new OfficeError('InvalidArgument', `NamedItem has no property '${prop}'`);
    }
  }
  get name(): string {
    return this.loaded('name');
  }
  get type(): string {
    return this.loaded('type');
  }
  get value(): string {
    return this.loaded('value');
  }
  get formula(): string {
    return this.loaded('formula');
  }
  get comment(): string {
    return this.loaded('comment');
  }
  delete(): void {
    if (!this.entry()) this.ctx.fail('InvalidObjectPath', `The name '${this.key}' does not exist.`);
    else this.ctx.model.names.delete(this.key.toLowerCase());
  }
  private target(): Range | null {
    const n = this.entry();
    const ref = n ? parseReference(n.formula) : null;
    if (!ref) return null;
    const [, to] = n!.formula.replace(/\$/g, '').split(':');
    const end = to ? parseA1(to) : null;
    return new Range(this.ctx, ref.sheet, { r1: ref.row, c1: ref.col, r2: end?.row ?? ref.row, c2: end?.col ?? ref.col });
  }
  getRange(): Range {
    const range = this.target();
    if (!range) {
      this.ctx.fail('InvalidReference', `The name '${this.key}' does not refer to a range.`);
      return new Range(this.ctx, '#REF', { r1: 1, c1: 1, r2: 1, c2: 1 }, true);
    }
    return range;
  }
  getRangeOrNullObject(): Range {
    const range = this.target() ?? new Range(this.ctx, '#REF', { r1: 1, c1: 1, r2: 1, c2: 1 }, true);
    range.markNullable();
    return range;
  }
}

// ---------------------------------------------------------------------------------------

export interface FakeHost {
  model: FakeWorkbookModel;
  run<T>(batch: (context: FakeContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version?: string): boolean;
  /** `Excel.createWorkbook`: the base64 .xlsx of each workbook opened, kept for tests. */
  createWorkbook(base64: string): Promise<void>;
  created: string[];
  /** Wait for the onChanged handlers due (tests). */
  settle(): Promise<void>;
}

/** A host over `model` that claims ExcelApi up to `apiVersion`. */
export function createFakeHost(model: FakeWorkbookModel = new FakeWorkbookModel(), apiVersion = '1.18'): FakeHost {
  const created: string[] = [];
  return {
    model,
    created,
    settle: () => model.settle(),
    async createWorkbook(base64: string): Promise<void> {
      // Excel.createWorkbook: ExcelApi 1.8.
      if (!versionAtLeast(apiVersion, '1.8')) throw new OfficeError('ApiNotFound', 'Excel.createWorkbook needs ExcelApi 1.8.');
      created.push(base64);
    },
    async run<T>(batch: (context: FakeContext) => Promise<T>): Promise<T> {
      return batch(new FakeContext(model, apiVersion));
    },
    isSetSupported(name: string, version = '1.1'): boolean {
      return name === 'ExcelApi' && versionAtLeast(apiVersion, version);
    },
  };
}

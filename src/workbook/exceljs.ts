/**
 * The workbook port over ExcelJS: .xlsx files in Node (the CLI and the tests).
 */
import ExcelJS from 'exceljs';
import type { CellValue } from '../report/model';
import { xmlSafe } from '../report/xml-text';
import { absoluteReference, columnLetter, columnNumber, parseA1 } from './address';
import { STYLES, VALIDATION_MESSAGES, validationRanges, type StyleDef, type ValidationKind, type WorkbookPlan } from './layout';
import type { NameTarget, WorkbookPort } from './port';
import { planRepair, type RepairPlan, type SheetRepair } from './repair';
import type { SheetGrid, WorkbookSnapshot } from './snapshot';

/** A file that is not an .xlsx workbook, or cannot be opened; the message is for the user. */
export class WorkbookFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkbookFileError';
  }
}

/** A workbook over one of LIMITS; the message names the limit. */
export class WorkbookLimitError extends WorkbookFileError {
  constructor(what: string) {
    super(`${what}，超出 nianbao 的处理上限；请删去多余的内容（或把年报表格复制到一个新工作簿）后再试`);
    this.name = 'WorkbookLimitError';
  }
}

const UNREADABLE_PACKAGE =
  '无法打开：这是一个完整的 .xlsx 工作簿，但它的内部写法（可能由其他软件生成）nianbao 暂不能读取；请在 Excel 或 WPS 中打开后“另存为” .xlsx 工作簿再试';

export const ENCRYPTED_MESSAGE = '工作簿设有打开密码（已加密），无法读取：请在 Excel 或 WPS 中打开，取消“用密码进行加密”后另存为 .xlsx 再试';

/** Bounds on the work one workbook may cause (every input of under 1 MB stays fast and small). */
export const LIMITS = {
  /** Unpacked size of all parts of the archive. */
  unpackedBytes: 5 * 1024 * 1024,
  /** Cells holding something, over all sheets. */
  cells: 200_000,
  /** Merged ranges, over all sheets. */
  merges: 5_000,
  /** Cells covered by merged ranges, over all sheets. */
  mergedCells: 200_000,
  /** A defined name over more cells than this is clipped to its sheet's used range. */
  nameCells: 10_000,
} as const;

/** A file in a zip archive, from its central directory. */
export interface ZipEntry {
  name: string;
  /** Unpacked size in bytes. */
  size: number;
}

/**
 * The entries of a zip archive (an .xlsx or .docx) from its central directory, without
 * unpacking anything; null when the bytes are not a readable zip archive.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: in the last 22 + 65535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    let size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) return null;
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    if (size === 0xffffffff) size = Number.MAX_SAFE_INTEGER; // zip64: larger than any limit
    entries.push({ name, size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

interface ParsedRange {
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function parseRange(text: string): ParsedRange | null {
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(text);
  if (!m) return null;
  const top = Number(m[4]);
  const left = columnNumber(m[3]);
  return { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], top, left, bottom: m[6] ? Number(m[6]) : top, right: m[5] ? columnNumber(m[5]) : left };
}

function rangeText(r: ParsedRange, quoted: string): string {
  const corner = (row: number, col: number) => `$${columnLetter(col)}$${row}`;
  return r.top === r.bottom && r.left === r.right ? `${quoted}!${corner(r.top, r.left)}` : `${quoted}!${corner(r.top, r.left)}:${corner(r.bottom, r.right)}`;
}

interface ModelCell {
  address?: string;
}
interface ModelSheet {
  name?: string;
  rows?: { number: number; cells?: ModelCell[] }[];
  mergeCells?: string[] | null;
}
interface LoadModel {
  worksheets?: (ModelSheet | undefined)[];
  definedNames?: { name: string; ranges: string[] }[];
}

/**
 * Check ExcelJS's parsed model before it is applied (applying it is where merged ranges and
 * defined names would be expanded cell by cell): bounded cells and merges; huge names clipped.
 */
function guardModel(model: LoadModel, readOnly: boolean): void {
  const used = new Map<string, { rows: number; cols: number }>();
  let cells = 0;
  let merges = 0;
  let mergedCells = 0;
  for (const sheet of model.worksheets ?? []) {
    if (!sheet) continue;
    let rows = 0;
    let cols = 0;
    for (const row of sheet.rows ?? []) {
      const rowCells = row.cells ?? [];
      cells += rowCells.length;
      if (rowCells.length > 0) rows = Math.max(rows, row.number);
      for (const cell of rowCells) {
        const at = cell.address ? parseA1(cell.address) : null;
        if (at) cols = Math.max(cols, at.col);
      }
    }
    if (sheet.name !== undefined) used.set(sheet.name, { rows, cols });
    for (const range of sheet.mergeCells ?? []) {
      merges++;
      const [a, b] = range.split(':');
      const from = parseA1(a ?? '');
      const to = parseA1(b ?? a ?? '');
      if (from && to) mergedCells += (Math.abs(to.row - from.row) + 1) * (Math.abs(to.col - from.col) + 1);
    }
  }
  if (cells > LIMITS.cells) throw new WorkbookLimitError(`工作簿有 ${cells} 个单元格有内容（上限 ${LIMITS.cells} 个）`);
  if (merges > LIMITS.merges) throw new WorkbookLimitError(`工作簿有 ${merges} 个合并区域（上限 ${LIMITS.merges} 个）`);
  if (mergedCells > LIMITS.mergedCells) throw new WorkbookLimitError(`合并区域共覆盖 ${mergedCells} 个单元格（上限 ${LIMITS.mergedCells} 个）`);
  for (const name of model.definedNames ?? []) {
    name.ranges = name.ranges.flatMap((text) => {
      const range = parseRange(text);
      if (!range) return [text];
      const area = (range.bottom - range.top + 1) * (range.right - range.left + 1);
      if (area <= LIMITS.nameCells) return [text];
      const quoted = text.slice(0, text.lastIndexOf('!'));
      const extent = used.get(range.sheet) ?? { rows: 0, cols: 0 };
      const clipped = { ...range, bottom: Math.min(range.bottom, Math.max(range.top, extent.rows)), right: Math.min(range.right, Math.max(range.left, extent.cols)) };
      const clippedArea = (clipped.bottom - clipped.top + 1) * (clipped.right - clipped.left + 1);
      if (clippedArea <= LIMITS.nameCells) return [rangeText(clipped, quoted)];
      // Reading needs only a name's first cell; a workbook to be saved back must not lose the range.
      if (readOnly) return [rangeText({ ...range, bottom: range.top, right: range.left }, quoted)];
      throw new WorkbookLimitError(`名称“${name.name}”引用了 ${clippedArea} 个单元格（上限 ${LIMITS.nameCells} 个）`);
    });
  }
}

function guardReconcile(workbook: ExcelJS.Workbook, readOnly: boolean): void {
  const xlsx = workbook.xlsx as unknown as { reconcile: (model: LoadModel, options: unknown) => void };
  const reconcile = xlsx.reconcile.bind(xlsx);
  xlsx.reconcile = (model, options) => {
    reconcile(model, options);
    guardModel(model, readOnly);
  };
}

function excelStyle(style: StyleDef): Partial<ExcelJS.Style> {
  const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
  return {
    font: { name: style.font.name, size: style.font.size, bold: style.font.bold ?? false, ...(style.font.color ? { color: { argb: style.font.color } } : {}) },
    alignment: { horizontal: style.horizontal, vertical: style.vertical, wrapText: style.wrap },
    ...(style.border ? { border: { top: thin, left: thin, bottom: thin, right: thin } } : {}),
    ...(style.fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } } } : {}),
    ...(style.numberFormat ? { numFmt: style.numberFormat } : {}),
  };
}

function excelValidation(kind: ValidationKind): ExcelJS.DataValidation {
  const base = {
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入有误',
    error: VALIDATION_MESSAGES[kind],
    showInputMessage: false,
  } as const;
  if (kind === 'year') return { ...base, type: 'whole', operator: 'between', formulae: [2000, 2100] };
  return { ...base, type: kind === 'count' ? 'whole' : 'decimal', operator: 'greaterThanOrEqual', formulae: [0] };
}

/**
 * A value as written to a cell: only a number or a string ever reaches the file (never an
 * object ExcelJS would take as a formula or a link); text made legal XML; a number that is not
 * finite (it would be written as `Infinity`, which nothing can read) kept as text.
 */
function writable(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return xmlSafe(value);
  return xmlSafe(String(value));
}

function applySheet(workbook: ExcelJS.Workbook, repair: SheetRepair, overwrite: boolean): void {
  const plan = repair.plan;
  const sheet =
    workbook.getWorksheet(plan.name) ??
    workbook.addWorksheet(plan.name, {
      views: plan.freeze ? [{ state: 'frozen', xSplit: plan.freeze.columns, ySplit: plan.freeze.rows }] : [],
    });
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: plan.print.orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    // Centring a one-column text sheet makes LibreOffice shift it off both sides of the paper.
    horizontalCentered: plan.print.centered !== false,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(plan.print.titleRows ? { printTitlesRow: `${plan.print.titleRows[0]}:${plan.print.titleRows[1]}` } : {}),
  };
  plan.columnWidths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  for (const [row, height] of Object.entries(plan.rowHeights)) sheet.getRow(Number(row)).height = height;

  const writes = overwrite ? [...repair.writes, ...repair.conflicts.map((c) => ({ address: c.address, value: c.planned }))] : repair.writes;
  const merges = (sheet as unknown as { _merges?: Record<string, unknown> })._merges ?? {};
  for (const range of plan.merges) {
    if (range.split(':')[0] in merges) continue;
    if (!overwrite && repair.riskyMerges.includes(range)) continue;
    sheet.unMergeCells(range);
    sheet.mergeCells(range);
  }
  for (const write of writes) {
    const cell = sheet.getCell(write.address);
    // A merged cell's hidden part would write its first cell: leave it alone.
    if (cell.type !== ExcelJS.ValueType.Merge) cell.value = writable(write.value);
  }
  for (const cellPlan of plan.cells) sheet.getCell(cellPlan.address).style = excelStyle(STYLES[cellPlan.style]);
  for (const validation of plan.validations) {
    const rule = excelValidation(validation.kind);
    // As rectangles, replacing any single-cell rule there (see validationRanges).
    // ExcelJS has the range form but does not declare it.
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, unknown>; add(address: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
    for (const address of validation.addresses) delete validations.model[address];
    for (const range of validationRanges(validation.addresses)) validations.add(range, rule);
  }
  for (const name of repair.names) {
    const current = workbook.definedNames.getRanges(name.name).ranges;
    for (const old of current) workbook.definedNames.remove(old, name.name);
    workbook.definedNames.add(absoluteReference({ sheet: plan.name, ...parseA1(name.address)! }), name.name);
  }
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** One ExcelJS cell value as the snapshot holds it (what Office.js `values` would give). */
export function toCellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'object') {
    if ('error' in value) return String(value.error);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) {
        const formula = (value as ExcelJS.CellFormulaValue).formula ?? (value as ExcelJS.CellSharedFormulaValue).sharedFormula;
        return `=${formula}`;
      }
      return toCellValue(result as ExcelJS.CellValue);
    }
    if ('text' in value) return toCellValue((value as ExcelJS.CellHyperlinkValue).text);
  }
  return String(value);
}

/**
 * A formula cell's last result. Read through `cell.result`: ExcelJS's `cell.value` drops a
 * result of 0 (or FALSE), which would make every zero total look uncalculated.
 */
function formulaValue(cell: ExcelJS.Cell): CellValue {
  const result = cell.result as ExcelJS.CellValue | undefined;
  if (result === undefined || result === null) return `=${cell.formula ?? ''}`;
  return toCellValue(result);
}

function sheetGrid(sheet: ExcelJS.Worksheet): SheetGrid {
  const values: CellValue[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const out: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.type === ExcelJS.ValueType.Merge) return; // the top-left cell holds the value
      out[c - 1] = cell.type === ExcelJS.ValueType.Formula ? formulaValue(cell) : toCellValue(cell.value);
    });
    for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = null;
    values[r - 1] = out;
  });
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) values[i] = [];
  return { name: sheet.name, values };
}

export function snapshotOf(workbook: ExcelJS.Workbook): WorkbookSnapshot {
  // Each name's first cell (what a reference to a range resolves to); cheaper than `.model`,
  // which works out every name's ranges.
  const first = new Map<string, string>();
  workbook.definedNames.forEach((name, cell) => {
    if (name.startsWith('_xlnm.') || first.has(name)) return;
    const at = cell as unknown as { sheetName: string; row: number; col: number };
    first.set(name, absoluteReference({ sheet: at.sheetName, row: at.row, col: at.col }));
  });
  return { sheets: workbook.worksheets.map(sheetGrid), names: [...first].map(([name, reference]) => ({ name, reference })) };
}

/** Sheet parts a read-only open skips (ExcelJS `ignoreNodes`). */
const READ_ONLY_IGNORED = [
  'dataValidations',
  'conditionalFormatting',
  'pageSetup',
  'pageMargins',
  'printOptions',
  'headerFooter',
  'rowBreaks',
  'sheetProtection',
  'autoFilter',
  'picture',
  'drawing',
  'tableParts',
  'hyperlinks',
  'extLst',
];

/** The port over an in-memory ExcelJS workbook. */
export class ExcelJsWorkbook implements WorkbookPort {
  constructor(readonly workbook: ExcelJS.Workbook = new ExcelJS.Workbook()) {}

  async prepareLayout(plan: WorkbookPlan): Promise<RepairPlan> {
    return planRepair(plan, snapshotOf(this.workbook));
  }

  async applyLayout(repair: RepairPlan, options: { overwrite: boolean }): Promise<void> {
    for (const sheet of repair.sheets) applySheet(this.workbook, sheet, options.overwrite);
  }

  async snapshot(): Promise<WorkbookSnapshot> {
    return snapshotOf(this.workbook);
  }

  async addNames(names: readonly NameTarget[]): Promise<number> {
    let added = 0;
    for (const target of names) {
      if (this.workbook.definedNames.getRanges(target.name).ranges.length > 0) continue;
      this.workbook.definedNames.add(absoluteReference({ sheet: target.sheet, row: target.row, col: target.col }), target.name);
      added++;
    }
    return added;
  }

  /**
   * Open an .xlsx file. With `readOnly`, the parts of each sheet that reading a report never
   * needs (data validation, conditional formats, page setup, drawings …) are skipped: faster
   * for batch checking; such a workbook must not be saved back.
   */
  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<ExcelJsWorkbook> {
    if (/\.(xls|et|ods)$/i.test(path)) {
      throw new WorkbookFileError('不支持该文件格式：请在 Excel 或 WPS 中“另存为” .xlsx 工作簿后再试');
    }
    // The CLI reads files itself and calls load(): this path (tests) keeps ExcelJS's file reader.
    const workbook = new ExcelJS.Workbook();
    guardReconcile(workbook, options.readOnly ?? false);
    try {
      await workbook.xlsx.readFile(path, options.readOnly ? ({ ignoreNodes: READ_ONLY_IGNORED } as never) : undefined);
    } catch (error) {
      if (error instanceof WorkbookFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || /File not found/.test((error as Error).message)) throw new WorkbookFileError('文件不存在');
      if (code === 'EACCES') throw new WorkbookFileError('没有读取该文件的权限');
      throw new WorkbookFileError('无法打开：不是有效的 .xlsx 工作簿（文件可能已损坏，或是其他格式）');
    }
    return new ExcelJsWorkbook(workbook);
  }

  /**
   * A workbook from .xlsx bytes (the CLI and the task pane). Bounded: the archive's unpacked
   * size, the number and area of merged ranges and the cell count are limited (WorkbookLimitError
   * names the limit); a defined name over a huge range is clipped to the sheet's used range.
   */
  static async load(bytes: Uint8Array, options: { readOnly?: boolean } = {}): Promise<ExcelJsWorkbook> {
    const entries = zipEntries(bytes);
    if (!entries) throw new WorkbookFileError('无法打开：不是有效的 .xlsx 工作簿（文件可能已损坏，或是其他格式）');
    const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
    if (unpacked > LIMITS.unpackedBytes) {
      throw new WorkbookLimitError(`工作簿解压后过大（${Math.round(unpacked / 1024 / 1024)} MB，上限 ${LIMITS.unpackedBytes / 1024 / 1024} MB）`);
    }
    if (entries.some((e) => /^\/?EncryptedPackage$/i.test(e.name))) throw new WorkbookFileError(ENCRYPTED_MESSAGE);
    const workbook = new ExcelJS.Workbook();
    guardReconcile(workbook, options.readOnly ?? false);
    try {
      await workbook.xlsx.load(bytes as never, options.readOnly ? ({ ignoreNodes: READ_ONLY_IGNORED } as never) : undefined);
    } catch (error) {
      if (error instanceof WorkbookFileError) throw error;
      // A complete package with a workbook part is not "damaged": its layout is one ExcelJS cannot read.
      if (entries.some((e) => e.name.replace(/^\//, '') === 'xl/workbook.xml')) throw new WorkbookFileError(UNREADABLE_PACKAGE);
      throw new WorkbookFileError('无法打开：不是有效的 .xlsx 工作簿（文件可能已损坏，或是其他格式）');
    }
    return new ExcelJsWorkbook(workbook);
  }

  async toBytes(): Promise<Uint8Array> {
    this.workbook.creator = 'nianbao';
    return new Uint8Array(await this.workbook.xlsx.writeBuffer());
  }

  /** Save to a file (tests; the CLI writes `toBytes()` through its atomic writer). */
  async save(path: string): Promise<void> {
    this.workbook.creator = 'nianbao';
    await this.workbook.xlsx.writeFile(path);
  }
}

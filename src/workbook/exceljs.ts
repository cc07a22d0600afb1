/**
 * The workbook port over ExcelJS: .xlsx files in Node (the CLI and the tests).
 */
import ExcelJS from 'exceljs';
import type { CellValue } from '../report/model';
import { absoluteReference, parseA1 } from './address';
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
    if (cell.type !== ExcelJS.ValueType.Merge) cell.value = write.value;
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
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.readFile(path, options.readOnly ? ({ ignoreNodes: READ_ONLY_IGNORED } as never) : undefined);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new WorkbookFileError('文件不存在');
      if (code === 'EACCES') throw new WorkbookFileError('没有读取该文件的权限');
      throw new WorkbookFileError('无法打开：不是有效的 .xlsx 工作簿（文件可能已损坏，或是其他格式）');
    }
    return new ExcelJsWorkbook(workbook);
  }

  /** A workbook from .xlsx bytes (the task pane reads files the user picks this way). */
  static async load(bytes: Uint8Array, options: { readOnly?: boolean } = {}): Promise<ExcelJsWorkbook> {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as never, options.readOnly ? ({ ignoreNodes: READ_ONLY_IGNORED } as never) : undefined);
    } catch {
      throw new WorkbookFileError('无法打开：不是有效的 .xlsx 工作簿（文件可能已损坏，或是其他格式）');
    }
    return new ExcelJsWorkbook(workbook);
  }

  async toBytes(): Promise<Uint8Array> {
    this.workbook.creator = 'nianbao';
    return new Uint8Array(await this.workbook.xlsx.writeBuffer());
  }

  async save(path: string): Promise<void> {
    this.workbook.creator = 'nianbao';
    await this.workbook.xlsx.writeFile(path);
  }
}

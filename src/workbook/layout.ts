/**
 * The workbook plan as data: sheets, cells, merges, styles, defined names, data
 * validation and print setup. Derived from the declarations in report/format.ts and
 * written once; both backends (ExcelJS for the CLI, Office.js for the add-in) apply it.
 */
import { TABLE2, TABLE3, TABLE4, columnDef, rowPath, type TableDef, type TableKey, type ValueKind } from '../report/format';
import { tableGrid } from '../report/grid';
import { NARRATIVE_SOURCE, VALUES_SOURCE } from '../report/narrative';
import { SEVERITY_LABEL, cellValue, type CellValue, type Issue, type ReportData } from '../report/model';
import { mergeReports } from '../report/merge';
import { a1, describeCells, isValidName, parseA1 } from './address';

export type StyleKey =
  | 'title'
  | 'note'
  | 'header'
  | 'label'
  | 'input'
  | 'inputAmount'
  | 'infoLabel'
  | 'infoInput'
  | 'infoText'
  | 'paragraph';

export interface StyleDef {
  font: { name: string; size: number; bold?: boolean; color?: string };
  horizontal: 'left' | 'center' | 'right';
  vertical: 'top' | 'middle';
  wrap: boolean;
  border: boolean;
  /** ARGB fill colour. */
  fill?: string;
  numberFormat?: string;
}

const TABLE_FONT = { name: '宋体', size: 11 };
const INPUT_FILL = 'FFFFF9E5';

export const STYLES: Record<StyleKey, StyleDef> = {
  title: { font: { name: '黑体', size: 14, bold: true }, horizontal: 'center', vertical: 'middle', wrap: false, border: false },
  note: { font: { name: '宋体', size: 10, color: 'FF666666' }, horizontal: 'left', vertical: 'middle', wrap: true, border: false },
  header: { font: { ...TABLE_FONT, bold: true }, horizontal: 'center', vertical: 'middle', wrap: true, border: true },
  label: { font: TABLE_FONT, horizontal: 'left', vertical: 'middle', wrap: true, border: true },
  // Inputs keep the General format: a fixed format such as "0" would show 2.5 as "3" and hide the mistake.
  input: { font: TABLE_FONT, horizontal: 'center', vertical: 'middle', wrap: false, border: true, fill: INPUT_FILL },
  inputAmount: { font: TABLE_FONT, horizontal: 'center', vertical: 'middle', wrap: false, border: true, fill: INPUT_FILL },
  infoLabel: { font: { ...TABLE_FONT, bold: true }, horizontal: 'right', vertical: 'middle', wrap: false, border: true },
  infoInput: { font: TABLE_FONT, horizontal: 'left', vertical: 'middle', wrap: false, border: true, fill: INPUT_FILL },
  infoText: { font: TABLE_FONT, horizontal: 'left', vertical: 'middle', wrap: true, border: true, fill: INPUT_FILL, numberFormat: '@' },
  paragraph: { font: { name: '仿宋', size: 12 }, horizontal: 'left', vertical: 'top', wrap: true, border: false, numberFormat: '@' },
};

export type SheetKey = 'info' | TableKey | 'narrative' | 'values' | 'previous' | 'units';

export interface CellPlan {
  address: string;
  style: StyleKey;
  value: string | number | null;
  /** Set on cells the user fills: the plan's value is data, not layout. */
  input?: boolean;
}

export interface NamePlan {
  name: string;
  address: string;
  /** What the name holds, in Chinese (README and the name's comment). */
  comment: string;
}

export type ValidationKind = ValueKind | 'year';

/** What data validation says when a value is refused. */
export const VALIDATION_MESSAGES: Record<ValidationKind, string> = {
  count: '请填写不小于 0 的整数；没有数据时请填 0。',
  amount: '请填写不小于 0 的数字（单位：万元，可有小数）；没有数据时请填 0。',
  year: '请填写四位数的年度，如 2023。',
};

export interface ValidationPlan {
  addresses: string[];
  kind: ValidationKind;
}

export interface SheetPlan {
  key: SheetKey;
  name: string;
  /** Widths in characters, column A first. */
  columnWidths: number[];
  /** Heights in points, by 1-based row. */
  rowHeights: Record<number, number>;
  cells: CellPlan[];
  merges: string[];
  names: NamePlan[];
  validations: ValidationPlan[];
  /** Printed one page wide; `centered: false` keeps it at the left margin (default: centred). */
  print: { orientation: 'portrait' | 'landscape'; titleRows?: [number, number]; centered?: boolean };
  freeze?: { rows: number; columns: number };
}

export interface WorkbookPlan {
  sheets: SheetPlan[];
}

/** The basic-information fields: `agency` and `year` are the report's own; the rest go to `info`. */
export const INFO_FIELDS = [
  { key: 'agency', label: '机关名称', kind: 'text', hint: '如：海原县西安镇人民政府' },
  { key: 'year', label: '报告年度', kind: 'year', hint: '数据所属年度，如 2023' },
  { key: 'office', label: '联系部门', kind: 'text', hint: '负责政府信息公开工作的机构' },
  { key: 'address', label: '通讯地址', kind: 'text', hint: '' },
  { key: 'postcode', label: '邮政编码', kind: 'text', hint: '' },
  { key: 'phone', label: '联系电话', kind: 'text', hint: '' },
  { key: 'website', label: '发布网站', kind: 'text', hint: '年报发布的网站地址' },
] as const;

export const INFO_NAME_PREFIX = 'info.';
export const NARRATIVE_NAME = NARRATIVE_SOURCE;
export const VALUES_NAME = VALUES_SOURCE;

export const SHEET_NAMES: Record<SheetKey, string> = {
  info: '基本信息',
  table2: TABLE2.name,
  table3: TABLE3.name,
  table4: TABLE4.name,
  narrative: '正文',
  values: '数据',
  previous: '上年数据',
  units: '汇总单位',
};

const COUNT_NOTE = '说明：浅黄色单元格为填报区，每格填不小于 0 的整数；没有数据的请填 0，不要填“/”“无”或留空。';

// ---------------------------------------------------------------------------------------

class SheetBuilder {
  readonly plan: SheetPlan;
  constructor(key: SheetKey, columnWidths: number[], print: SheetPlan['print']) {
    this.plan = { key, name: SHEET_NAMES[key], columnWidths, rowHeights: {}, cells: [], merges: [], names: [], validations: [], print };
  }
  cell(row: number, col: number, value: string | number | null, style: StyleKey, input = false): string {
    const address = a1(row, col);
    this.plan.cells.push(input ? { address, style, value, input } : { address, style, value });
    return address;
  }
  /** A labelled block over rows r1..r2 and columns c1..c2 (merged when larger than one cell). */
  block(r1: number, c1: number, r2: number, c2: number, value: string, style: StyleKey): void {
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) this.cell(r, c, r === r1 && c === c1 ? value : null, style);
    if (r1 !== r2 || c1 !== c2) this.plan.merges.push(`${a1(r1, c1)}:${a1(r2, c2)}`);
  }
  /** An input cell spanning columns c1..c2 of one row; the name refers to its first cell. */
  input(row: number, c1: number, c2: number, value: CellValue, kind: ValidationKind, name: string, comment: string): void {
    const style: StyleKey = kind === 'amount' ? 'inputAmount' : 'input';
    for (let c = c1; c <= c2; c++) this.cell(row, c, c === c1 ? value : null, style, true);
    if (c2 > c1) this.plan.merges.push(`${a1(row, c1)}:${a1(row, c2)}`);
    const address = a1(row, c1);
    this.plan.names.push({ name, address, comment });
    this.validate(address, kind);
  }
  validate(address: string, kind: ValidationKind): void {
    const existing = this.plan.validations.find((v) => v.kind === kind);
    if (existing) existing.addresses.push(address);
    else this.plan.validations.push({ addresses: [address], kind });
  }
  heading(width: number, title: string, note: string): void {
    this.block(1, 1, 1, width, title, 'title');
    this.block(2, 1, 2, width, note, 'note');
    this.plan.rowHeights[1] = 30;
    // The note wraps over the width of the heading: ~2 width units a character (宋体 10).
    const perLine = Math.max(10, Math.floor(this.plan.columnWidths.slice(0, width).reduce((a, b) => a + b, 0) / 2));
    this.plan.rowHeights[2] = Math.max(30, Math.ceil(Array.from(note).length / perLine) * 14 + 4);
  }
}

/** Where each table's grid starts on its sheet (1-based): below the title and note rows. */
export const TABLE_ORIGIN = { row: 4, col: 1 };

function cellComment(table: TableDef, id: string): string {
  const [, rowKey, columnKey] = id.split('.');
  const row = table.rows.find((r) => r.key === rowKey)!;
  return `${table.name}：${rowPath(table, row, 'short')} · ${columnDef(table, columnKey).label}`;
}

/**
 * Column headers printed in narrow columns: where their line breaks (LibreOffice and Excel would
 * otherwise break inside a word, 社会公益组/织). A line break is whitespace to every label comparison.
 */
const HEADER_BREAKS: Record<string, string> = {
  社会公益组织: '社会公益\n组织',
  法律服务机构: '法律服务\n机构',
  结果维持: '结果\n维持',
  结果纠正: '结果\n纠正',
  其他结果: '其他\n结果',
  尚未审结: '尚未\n审结',
};

/** A table sheet: the official grid from report/grid.ts, placed at TABLE_ORIGIN. */
function tableSheet(table: TableDef, report: ReportData, columnWidths: number[], orientation: 'portrait' | 'landscape', note: string): SheetPlan {
  const grid = tableGrid(table);
  const r0 = TABLE_ORIGIN.row;
  const c0 = TABLE_ORIGIN.col;
  const b = new SheetBuilder(table.key, columnWidths, { orientation, ...(grid.headerRows ? { titleRows: [r0, r0 + grid.headerRows - 1] as [number, number] } : {}) });
  b.heading(grid.colCount, table.title, note);
  for (const cell of grid.cells) {
    const r = r0 + cell.row;
    const c = c0 + cell.col;
    if (cell.role === 'value') {
      const [, rowKey, columnKey] = cell.id!.split('.');
      b.input(r, c, c + cell.colSpan - 1, cellValue(report, table.key, rowKey, columnKey), cell.kind!, cell.id!, cellComment(table, cell.id!));
    } else {
      const text = cell.role === 'header' && cell.colSpan === 1 ? (HEADER_BREAKS[cell.text] ?? cell.text) : cell.text;
      b.block(r, c, r + cell.rowSpan - 1, c + cell.colSpan - 1, text, cell.role === 'header' ? 'header' : 'label');
    }
  }
  for (let i = 0; i < grid.rowCount; i++) b.plan.rowHeights[r0 + i] = i < grid.headerRows ? 24 : 20;
  // Rows whose label wraps in the label column get two lines.
  for (const cell of grid.cells) if (cell.role === 'label' && cell.rowSpan === 1 && cell.text.length > 18) b.plan.rowHeights[r0 + cell.row] = 32;
  if (grid.headerRows) b.plan.freeze = { rows: r0 + grid.headerRows - 1, columns: 0 };
  return b.plan;
}

function table2Sheet(report: ReportData): SheetPlan {
  return tableSheet(TABLE2, report, [26, 16, 16, 16], 'portrait', COUNT_NOTE + '收费金额单位为万元，可有小数。');
}

function table3Sheet(report: ReportData): SheetPlan {
  const plan = tableSheet(TABLE3, report, [8, 14, 34, ...TABLE3.columns.map(() => 9)], 'portrait', COUNT_NOTE + '每行“总计”等于其前六列之和；第一项加第二项之和等于第三项（七）总计加第四项之和。');
  plan.rowHeights[TABLE_ORIGIN.row + 2] = 30;
  return plan;
}

function table4Sheet(report: ReportData): SheetPlan {
  const plan = tableSheet(TABLE4, report, Array.from({ length: 15 }, () => 7.5), 'landscape', COUNT_NOTE + '每组“总计”等于结果维持、结果纠正、其他结果、尚未审结四项之和。');
  plan.rowHeights[TABLE_ORIGIN.row + 2] = 36;
  return plan;
}

// ---------------------------------------------------------------------------------------
// Basic information, narrative template, narrative values

function infoValue(report: ReportData, key: string): CellValue {
  if (key === 'agency') return report.agency ?? null;
  if (key === 'year') return report.year ?? null;
  return report.info?.[key] ?? null;
}

function infoSheet(report: ReportData): SheetPlan {
  const b = new SheetBuilder('info', [14, 44, 30], { orientation: 'portrait' });
  b.heading(3, '政府信息公开工作年度报告 · 基本信息', '说明：本工作簿按国办公开办函〔2021〕30号格式编制。先填本页，再填表二、表三、表四和正文，然后在加载项中点“校验”。');
  INFO_FIELDS.forEach((field, i) => {
    const r = 4 + i;
    b.cell(r, 1, field.label, 'infoLabel');
    const address = b.cell(r, 2, infoValue(report, field.key), field.kind === 'year' ? 'infoInput' : 'infoText', true);
    b.cell(r, 3, field.hint, 'note');
    b.plan.names.push({ name: INFO_NAME_PREFIX + field.key, address, comment: `基本信息：${field.label}` });
    if (field.kind === 'year') b.validate(address, 'year');
  });
  return b.plan;
}

export const NARRATIVE_FIRST_ROW = 4;
const NARRATIVE_WIDTH = 72;
const NARRATIVE_LINE_CHARS = 30;

function narrativeSheet(report: ReportData): SheetPlan {
  // As wide as A4 prints (LibreOffice does not shrink a one-column sheet); ~30 characters a line in Excel.
  const b = new SheetBuilder('narrative', [NARRATIVE_WIDTH], { orientation: 'portrait', centered: false });
  b.heading(1, '报告正文模板', '说明：每行一段。用 {{名称}} 引用命名单元格的值，例如 {{year}}、{{table3.newRequests.total}}、{{主动公开信息总数}}；**文字** 表示加粗。');
  const paragraphs = (report.narrative ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
  const rows = paragraphs.length > 0 ? paragraphs : [''];
  rows.forEach((text, i) => {
    const address = b.cell(NARRATIVE_FIRST_ROW + i, 1, text === '' ? null : text, 'paragraph', true);
    // Excel does not grow wrapped rows written by a program: size them for the characters a line holds.
    b.plan.rowHeights[NARRATIVE_FIRST_ROW + i] = Math.max(20, Math.ceil(Array.from(text).length / NARRATIVE_LINE_CHARS) * 16 + 6);
    if (i === 0) b.plan.names.push({ name: NARRATIVE_NAME, address, comment: '正文模板的第一段（以下每行一段）' });
  });
  return b.plan;
}

export const VALUES_HEADER_ROW = 3;

export const BREAKDOWN_SEPARATOR = '+';

function valuesSheet(report: ReportData): SheetPlan {
  const b = new SheetBuilder('values', [22, 12, 48, 30], { orientation: 'portrait' });
  b.heading(
    4,
    '正文数据',
    '说明：正文中引用的其他数字。A 列为名称（即正文中的 {{名称}}），B 列为数值；某项是其他几项之和时，在 C 列写出各项名称，用“+”连接，校验时核对合计。',
  );
  ['名称', '数值', '构成（各项名称用“+”连接）', '说明'].forEach((label, i) => b.cell(VALUES_HEADER_ROW, i + 1, label, 'header'));
  b.plan.names.push({ name: VALUES_NAME, address: a1(VALUES_HEADER_ROW, 1), comment: '正文数据表的表头（其下每行一个名称和数值）' });
  const rows = Object.entries(report.values ?? {});
  rows.forEach(([name, value], i) => {
    const r = VALUES_HEADER_ROW + 1 + i;
    b.cell(r, 1, name, 'infoText', true);
    const address = b.cell(r, 2, value, typeof value === 'number' ? 'input' : 'infoText', true);
    const breakdown = report.breakdowns?.[name]?.join(BREAKDOWN_SEPARATOR) ?? null;
    b.cell(r, 3, breakdown, 'infoText', true);
    // A long 构成 wraps: give the row its lines, or the text spills over the rows around it.
    if (breakdown) b.plan.rowHeights[r] = Math.max(20, Math.ceil(Array.from(breakdown).length / 20) * 15 + 6);
    b.cell(r, 4, null, 'infoText', true);
    if (isValidName(name) && !isReservedName(name)) b.plan.names.push({ name, address, comment: `正文数据：${name}` });
  });
  // Room to add more values, styled as input: names and 构成 as text, 数值 as numbers (a text
  // format there would turn a number typed later, or one the user already has there, into text).
  for (let r = VALUES_HEADER_ROW + 1 + rows.length; r < VALUES_HEADER_ROW + 1 + rows.length + 10; r++) {
    for (let c = 1; c <= 4; c++) b.cell(r, c, null, c === 2 ? 'input' : 'infoText', true);
  }
  return b.plan;
}

/** The previous year's figures the cross-year checks compare with, and their names. */
export const PREVIOUS_PREFIX = 'previous.';
export const PREVIOUS_CELLS: readonly { table: TableKey; row: string; column: string }[] = [
  ...TABLE3.columns.map((c) => ({ table: 'table3' as TableKey, row: 'carriedForward', column: c.key })),
  { table: 'table2', row: 'regulations', column: 'inForce' },
  { table: 'table2', row: 'normativeDocuments', column: 'inForce' },
];

/** Last year's narrative on the 上年数据 sheet: its first paragraph's name and row. */
export const PREVIOUS_NARRATIVE_NAME = `${PREVIOUS_PREFIX}narrative`;
export const PREVIOUS_NARRATIVE_ROW = 14;
/** Characters a line of the merged paragraph cells holds (仿宋 12 over columns A:H). */
const PREVIOUS_LINE_CHARS = 42;

function previousSheet(report: ReportData): SheetPlan {
  const previous = typeof report.previousYear === 'object' ? report.previousYear : {};
  const b = new SheetBuilder('previous', [30, ...TABLE3.columns.map(() => 10)], { orientation: 'landscape' });
  b.heading(1 + TABLE3.columns.length, '上年数据（跨年度核对用）', '说明：填上年报告的数字（或在加载项中点“导入上年数据”）。本年“二、上年结转”应等于上年“四、结转下年度继续办理”；现行有效件数应等于上年的加本年制发、减本年废止。');
  b.cell(4, 1, '上年报告', 'header');
  TABLE3.columns.forEach((c, i) => b.cell(4, 2 + i, c.label, 'header'));
  b.cell(5, 1, '四、结转下年度继续办理', 'label');
  TABLE3.columns.forEach((c, i) =>
    b.input(5, 2 + i, 2 + i, cellValue(previous, 'table3', 'carriedForward', c.key), c.kind, `${PREVIOUS_PREFIX}table3.carriedForward.${c.key}`, `上年 表三“四、结转下年度继续办理”·${c.label}`),
  );
  b.cell(7, 1, '上年报告', 'header');
  b.cell(7, 2, '现行有效件数', 'header');
  (['regulations', 'normativeDocuments'] as const).forEach((row, i) => {
    b.cell(8 + i, 1, TABLE2.rows.find((r) => r.key === row)!.label, 'label');
    b.input(8 + i, 2, 2, cellValue(previous, 'table2', row, 'inForce'), 'count', `${PREVIOUS_PREFIX}table2.${row}.inForce`, `上年 表二“${TABLE2.rows.find((r) => r.key === row)!.label}”·现行有效件数`);
  });
  b.cell(11, 1, '上年年度', 'infoLabel');
  const year = b.cell(11, 2, previous.year ?? null, 'infoInput', true);
  b.plan.names.push({ name: `${PREVIOUS_PREFIX}year`, address: year, comment: '上年报告的年度' });
  // Last year's narrative, one paragraph a row (as on 正文), for NARRATIVE_REPEAT.
  const width = 1 + TABLE3.columns.length;
  b.block(PREVIOUS_NARRATIVE_ROW - 1, 1, PREVIOUS_NARRATIVE_ROW - 1, width, '上年报告正文（每行一段；用于核对本年正文是否照搬上年）', 'header');
  const paragraphs = (previous.narrative ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
  b.plan.names.push({ name: PREVIOUS_NARRATIVE_NAME, address: a1(PREVIOUS_NARRATIVE_ROW, 1), comment: '上年报告正文的第一段（以下每行一段）' });
  // Without a narrative the rows stay untouched (nothing to print, nothing to merge over).
  paragraphs.forEach((text, i) => {
    const r = PREVIOUS_NARRATIVE_ROW + i;
    for (let c = 1; c <= width; c++) b.cell(r, c, c === 1 ? text : null, 'paragraph', true);
    b.plan.merges.push(`${a1(r, 1)}:${a1(r, width)}`);
    b.plan.rowHeights[r] = Math.max(20, Math.ceil(Array.from(text).length / PREVIOUS_LINE_CHARS) * 16 + 6);
  });
  return b.plan;
}

/** Names nianbao manages itself; user value names may not take them. */
export function isReservedName(name: string): boolean {
  return /^(table[234]|info|narrative|values|previous)\./i.test(name) || /^_xlnm\./i.test(name);
}

// ---------------------------------------------------------------------------------------

/** The whole workbook, filled from a report file (or blank). */
export function buildPlan(report: ReportData = {}): WorkbookPlan {
  return {
    sheets: [infoSheet(report), table2Sheet(report), table3Sheet(report), table4Sheet(report), narrativeSheet(report), valuesSheet(report), previousSheet(report)],
  };
}

export interface MergedUnit {
  name: string;
  file: string;
  errors: number;
  warnings: number;
  /** The unit's issues, one line each. */
  issues: string[];
  /** Against the county's roster (未报送、重复报送、有错误 …), when one was given. */
  status?: string;
}

/** The workbook of a merge: the official layout with the sums, and a sheet listing each unit. */
export function buildMergePlan(report: ReportData, units: readonly MergedUnit[]): WorkbookPlan {
  const plan = buildPlan(report);
  const withStatus = units.some((u) => u.status !== undefined);
  const b = new SheetBuilder('units', [6, 30, 30, 8, 8, 80, ...(withStatus ? [12] : [])], { orientation: 'landscape' });
  const received = units.filter((u) => u.file !== '').length;
  b.heading(withStatus ? 7 : 6, `汇总单位（共 ${received} 个）`, '说明：各表数字为下列单位报告的逐格之和。有错误的单位经确认后才计入，其问题列在本表。');
  ['序号', '单位', '文件', '错误', '警告', '问题', ...(withStatus ? ['状态'] : [])].forEach((label, i) => b.cell(3, i + 1, label, 'header'));
  units.forEach((unit, i) => {
    const r = 4 + i;
    b.cell(r, 1, i + 1, 'label');
    b.cell(r, 2, unit.name, 'label');
    b.cell(r, 3, unit.file, 'label');
    b.cell(r, 4, unit.errors, 'label');
    b.cell(r, 5, unit.warnings, 'label');
    b.cell(r, 6, unit.issues.length > 0 ? unit.issues.join('\n') : '无', 'label');
    if (withStatus) b.cell(r, 7, unit.status ?? '', 'label');
    b.plan.rowHeights[r] = Math.min(400, 16 * Math.max(1, unit.issues.length) + 4);
  });
  plan.sheets.push(b.plan);
  return plan;
}

/** One unit's report and its check results, for a merge. */
export interface UnitReport {
  file: string;
  report: ReportData;
  issues: readonly Issue[];
  /** Against the county's roster, when one was given. */
  status?: string;
}

/**
 * The merge of units' reports as a workbook plan: the sums in the official layout, and the units
 * sheet (with the roster's units that sent nothing, `absent`, listed after them).
 */
export function mergeUnitsPlan(units: readonly UnitReport[], agency?: string, absent: readonly string[] = []): WorkbookPlan {
  const name = (u: UnitReport) => u.report.agency || u.file.replace(/^.*[\\/]/, '');
  const merged = mergeReports(
    units.map((u) => ({ name: name(u), report: u.report })),
    agency ?? `汇总（${units.length} 个单位）`,
  );
  return buildMergePlan(merged, [
    ...units.map((u) => ({
      name: name(u),
      file: u.file,
      errors: u.issues.filter((i) => i.severity === 'error').length,
      warnings: u.issues.filter((i) => i.severity === 'warning').length,
      issues: u.issues.map((i) => `${SEVERITY_LABEL[i.severity]}：${i.cells.length > 0 ? describeCells(i.cells) + ' ' : ''}${i.message}`),
      ...(u.status !== undefined ? { status: u.status } : {}),
    })),
    ...absent.map((name) => ({ name, file: '', errors: 0, warnings: 0, issues: [], status: '未报送' })),
  ]);
}

/** All defined names of a plan with their sheets, for the README and the reader. */
export function planNames(plan: WorkbookPlan): { sheet: string; name: string; address: string; comment: string }[] {
  return plan.sheets.flatMap((s) => s.names.map((n) => ({ sheet: s.name, ...n })));
}

/**
 * Validated cells as rectangles (A1 ranges), none overlapping, in reading order: written as ranges,
 * a backend does not depend on how a library groups single cells (ExcelJS sorts "D10" before "D7"
 * and wrote two overlapping ranges for 表三).
 */
export function validationRanges(addresses: readonly string[]): string[] {
  const rows = new Map<number, number[]>();
  for (const address of addresses) {
    const cell = parseA1(address);
    if (!cell) continue;
    (rows.get(cell.row) ?? rows.set(cell.row, []).get(cell.row)!).push(cell.col);
  }
  // Runs of consecutive columns in each row, then runs of rows with the same column span.
  const open: { top: number; bottom: number; left: number; right: number }[] = [];
  const done: typeof open = [];
  for (const row of [...rows.keys()].sort((a, b) => a - b)) {
    const cols = [...new Set(rows.get(row))].sort((a, b) => a - b);
    const spans: { left: number; right: number }[] = [];
    for (const col of cols) {
      const last = spans[spans.length - 1];
      if (last && last.right === col - 1) last.right = col;
      else spans.push({ left: col, right: col });
    }
    for (const span of spans) {
      const above = open.find((r) => r.bottom === row - 1 && r.left === span.left && r.right === span.right);
      if (above) above.bottom = row;
      else open.push({ top: row, bottom: row, ...span });
    }
    for (let i = open.length - 1; i >= 0; i--) if (open[i].bottom < row) done.push(...open.splice(i, 1));
  }
  done.push(...open);
  return done
    .sort((a, b) => a.top - b.top || a.left - b.left)
    .map((r) => (r.top === r.bottom && r.left === r.right ? a1(r.top, r.left) : `${a1(r.top, r.left)}:${a1(r.bottom, r.right)}`));
}


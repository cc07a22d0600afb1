/**
 * The official annual-report tables (国办公开办函〔2021〕30号), declared once as data.
 *
 * Everything else derives from this file: the workbook layout, the reader, the checks,
 * the renderers and the CLI. Labels are the official wording, character for character.
 */

export type TableKey = 'table2' | 'table3' | 'table4';

/** How a cell's number is constrained: whole counts (件) or a decimal amount (万元). */
export type ValueKind = 'count' | 'amount';

export interface ColumnDef {
  key: string;
  /** Official header label. */
  label: string;
  /** Short form used inside messages where the full label would be unwieldy. */
  short: string;
  kind: ValueKind;
}

export interface RowDef {
  key: string;
  /** Official label of this row, verbatim. */
  label: string;
  /** Short form for messages ("一、本年新收"). */
  short: string;
  /** Key of the group row this one is nested in (Table 3 （三）… and 三、), if any. */
  group?: string;
  /** The columns this row has; all of the table's columns when absent. */
  columns?: readonly string[];
}

/** A heading that spans several rows (Table 3's 三、本年度办理结果 and （三）不予公开 …). */
export interface GroupDef {
  key: string;
  label: string;
  short: string;
  group?: string;
}

/**
 * A relation the official format states: the sum of the `expected` terms equals the sum of
 * the `actual` terms. With `along: 'row'` the terms name columns and the relation holds in
 * every row of the table that has those columns; with `along: 'column'` they name rows and
 * the relation holds in every column.
 *
 * A term is a key, optionally prefixed with `-` (subtracted) and/or `previous.` (taken from
 * last year's report), e.g. `previous.inForce`, `-repealed`.
 */
export interface Relation {
  rule: 'T3_ROW_TOTAL' | 'T3_RESULT_TOTAL' | 'T3_BALANCE' | 'T4_TOTAL' | 'CROSS_YEAR_CARRIED' | 'CROSS_YEAR_IN_FORCE';
  severity: 'error' | 'warning' | 'info';
  table: TableKey;
  along: 'row' | 'column';
  expected: readonly string[];
  actual: readonly string[];
  /** The relation in words, for messages and the README. */
  description: string;
}

export interface TableDef {
  key: TableKey;
  /** Section heading of the report that holds this table. */
  title: string;
  /** Short Chinese name used in messages and sheet names. */
  name: string;
  columns: readonly ColumnDef[];
  rows: readonly RowDef[];
  groups: readonly GroupDef[];
}

// ---------------------------------------------------------------------------------------
// Table 2 — 二、主动公开政府信息情况

export interface Table2Block {
  heading: string;
  columns: readonly string[];
  rows: readonly string[];
}

const T2_COLUMNS: readonly ColumnDef[] = [
  { key: 'issued', label: '本年制发件数', short: '本年制发件数', kind: 'count' },
  { key: 'repealed', label: '本年废止件数', short: '本年废止件数', kind: 'count' },
  { key: 'inForce', label: '现行有效件数', short: '现行有效件数', kind: 'count' },
  { key: 'decisions', label: '本年处理决定数量', short: '本年处理决定数量', kind: 'count' },
  { key: 'amount', label: '本年收费金额（单位：万元）', short: '本年收费金额', kind: 'amount' },
];

export const TABLE2_BLOCKS: readonly Table2Block[] = [
  { heading: '第二十条第（一）项', columns: ['issued', 'repealed', 'inForce'], rows: ['regulations', 'normativeDocuments'] },
  { heading: '第二十条第（五）项', columns: ['decisions'], rows: ['licensing'] },
  { heading: '第二十条第（六）项', columns: ['decisions'], rows: ['penalty', 'enforcement'] },
  { heading: '第二十条第（八）项', columns: ['amount'], rows: ['fees'] },
];

/** Header of the label column of every Table 2 block. */
export const TABLE2_LABEL_HEADER = '信息内容';

const T2_ROW_LABELS: Record<string, string> = {
  regulations: '规章',
  normativeDocuments: '行政规范性文件',
  licensing: '行政许可',
  penalty: '行政处罚',
  enforcement: '行政强制',
  fees: '行政事业性收费',
};

export const TABLE2: TableDef = {
  key: 'table2',
  title: '二、主动公开政府信息情况',
  name: '表二',
  columns: T2_COLUMNS,
  rows: TABLE2_BLOCKS.flatMap((block) =>
    block.rows.map((key) => ({ key, label: T2_ROW_LABELS[key], short: T2_ROW_LABELS[key], columns: block.columns })),
  ),
  groups: [],
};

// ---------------------------------------------------------------------------------------
// Table 3 — 三、收到和处理政府信息公开申请情况

export const TABLE3_CORNER = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const TABLE3_APPLICANTS = '申请人情况';
export const TABLE3_ORGANISATIONS = '法人或其他组织';

const T3_COLUMNS: readonly ColumnDef[] = [
  { key: 'naturalPerson', label: '自然人', short: '自然人', kind: 'count' },
  { key: 'commercial', label: '商业企业', short: '商业企业', kind: 'count' },
  { key: 'research', label: '科研机构', short: '科研机构', kind: 'count' },
  { key: 'publicInterest', label: '社会公益组织', short: '社会公益组织', kind: 'count' },
  { key: 'legalService', label: '法律服务机构', short: '法律服务机构', kind: 'count' },
  { key: 'otherOrg', label: '其他', short: '其他', kind: 'count' },
  { key: 'total', label: '总计', short: '总计', kind: 'count' },
];

/** The five applicant columns grouped under 法人或其他组织. */
export const TABLE3_ORGANISATION_COLUMNS = ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const;

const T3_GROUPS: readonly GroupDef[] = [
  { key: 'results', label: '三、本年度办理结果', short: '三、本年度办理结果' },
  { key: 'withheld', label: '（三）不予公开', short: '（三）不予公开', group: 'results' },
  { key: 'unavailable', label: '（四）无法提供', short: '（四）无法提供', group: 'results' },
  { key: 'rejected', label: '（五）不予处理', short: '（五）不予处理', group: 'results' },
  { key: 'other', label: '（六）其他处理', short: '（六）其他处理', group: 'results' },
];

const T3_ROWS: readonly RowDef[] = [
  { key: 'newRequests', label: '一、本年新收政府信息公开申请数量', short: '一、本年新收' },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量', short: '二、上年结转' },
  { key: 'granted', label: '（一）予以公开', short: '（一）予以公开', group: 'results' },
  { key: 'partlyGranted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', short: '（二）部分公开', group: 'results' },
  { key: 'withheldStateSecret', label: '1.属于国家秘密', short: '1.属于国家秘密', group: 'withheld' },
  { key: 'withheldLawProhibited', label: '2.其他法律行政法规禁止公开', short: '2.其他法律行政法规禁止公开', group: 'withheld' },
  { key: 'withheldSecurityStability', label: '3.危及“三安全一稳定”', short: '3.危及“三安全一稳定”', group: 'withheld' },
  { key: 'withheldThirdParty', label: '4.保护第三方合法权益', short: '4.保护第三方合法权益', group: 'withheld' },
  { key: 'withheldInternalAffairs', label: '5.属于三类内部事务信息', short: '5.属于三类内部事务信息', group: 'withheld' },
  { key: 'withheldProcessInfo', label: '6.属于四类过程性信息', short: '6.属于四类过程性信息', group: 'withheld' },
  { key: 'withheldEnforcementFile', label: '7.属于行政执法案卷', short: '7.属于行政执法案卷', group: 'withheld' },
  { key: 'withheldQueryMatter', label: '8.属于行政查询事项', short: '8.属于行政查询事项', group: 'withheld' },
  { key: 'unavailableNotHeld', label: '1.本机关不掌握相关政府信息', short: '1.本机关不掌握相关政府信息', group: 'unavailable' },
  { key: 'unavailableNeedsCreation', label: '2.没有现成信息需要另行制作', short: '2.没有现成信息需要另行制作', group: 'unavailable' },
  { key: 'unavailableStillUnclear', label: '3.补正后申请内容仍不明确', short: '3.补正后申请内容仍不明确', group: 'unavailable' },
  { key: 'rejectedPetition', label: '1.信访举报投诉类申请', short: '1.信访举报投诉类申请', group: 'rejected' },
  { key: 'rejectedRepeated', label: '2.重复申请', short: '2.重复申请', group: 'rejected' },
  { key: 'rejectedPublication', label: '3.要求提供公开出版物', short: '3.要求提供公开出版物', group: 'rejected' },
  { key: 'rejectedExcessive', label: '4.无正当理由大量反复申请', short: '4.无正当理由大量反复申请', group: 'rejected' },
  { key: 'rejectedReconfirm', label: '5.要求行政机关确认或重新出具已获取信息', short: '5.要求行政机关确认或重新出具已获取信息', group: 'rejected' },
  {
    key: 'otherNoCorrection',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    short: '1.申请人逾期不补正',
    group: 'other',
  },
  {
    key: 'otherFeeUnpaid',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    short: '2.申请人逾期未缴纳费用',
    group: 'other',
  },
  { key: 'otherMisc', label: '3.其他', short: '3.其他', group: 'other' },
  { key: 'resultTotal', label: '（七）总计', short: '三（七）总计', group: 'results' },
  { key: 'carriedForward', label: '四、结转下年度继续办理', short: '四、结转下年度' },
];

export const TABLE3: TableDef = {
  key: 'table3',
  title: '三、收到和处理政府信息公开申请情况',
  name: '表三',
  columns: T3_COLUMNS,
  rows: T3_ROWS,
  groups: T3_GROUPS,
};

/** The 21 result rows （一）…（六） whose sum is （七）总计. */
export const TABLE3_RESULT_ROWS: readonly string[] = T3_ROWS.slice(2, 23).map((r) => r.key);
const T3_APPLICANT_COLUMNS = T3_COLUMNS.slice(0, 6).map((c) => c.key);

// ---------------------------------------------------------------------------------------
// Table 4 — 四、政府信息公开行政复议、行政诉讼情况

export const TABLE4_REVIEW = '行政复议';
export const TABLE4_LITIGATION = '行政诉讼';

const T4_COLUMNS: readonly ColumnDef[] = [
  { key: 'upheld', label: '结果维持', short: '结果维持', kind: 'count' },
  { key: 'corrected', label: '结果纠正', short: '结果纠正', kind: 'count' },
  { key: 'other', label: '其他结果', short: '其他结果', kind: 'count' },
  { key: 'pending', label: '尚未审结', short: '尚未审结', kind: 'count' },
  { key: 'total', label: '总计', short: '总计', kind: 'count' },
];

/**
 * Table 4 is one sheet row of 15 cells; the project treats its three groups as rows
 * (`row` in an issue is the group), each with the same five columns.
 */
export const TABLE4: TableDef = {
  key: 'table4',
  title: '四、政府信息公开行政复议、行政诉讼情况',
  name: '表四',
  columns: T4_COLUMNS,
  rows: [
    { key: 'review', label: '行政复议', short: '行政复议' },
    { key: 'litigationDirect', label: '未经复议直接起诉', short: '行政诉讼（未经复议直接起诉）', group: 'litigation' },
    { key: 'litigationAfterReview', label: '复议后起诉', short: '行政诉讼（复议后起诉）', group: 'litigation' },
  ],
  groups: [{ key: 'litigation', label: '行政诉讼', short: '行政诉讼' }],
};

// ---------------------------------------------------------------------------------------

export const TABLES: readonly TableDef[] = [TABLE2, TABLE3, TABLE4];

export const RELATIONS: readonly Relation[] = [
  {
    rule: 'T3_ROW_TOTAL',
    severity: 'error',
    table: 'table3',
    along: 'row',
    expected: T3_APPLICANT_COLUMNS,
    actual: ['total'],
    description: '每一行：自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 = 总计',
  },
  {
    rule: 'T3_RESULT_TOTAL',
    severity: 'error',
    table: 'table3',
    along: 'column',
    expected: TABLE3_RESULT_ROWS,
    actual: ['resultTotal'],
    description: '每一列：（一）至（六）各项之和 = （七）总计',
  },
  {
    rule: 'T3_BALANCE',
    severity: 'error',
    table: 'table3',
    along: 'column',
    expected: ['newRequests', 'carriedOver'],
    actual: ['resultTotal', 'carriedForward'],
    description: '每一列：一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理',
  },
  {
    rule: 'T4_TOTAL',
    severity: 'error',
    table: 'table4',
    along: 'row',
    expected: ['upheld', 'corrected', 'other', 'pending'],
    actual: ['total'],
    description: '每一组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计',
  },
  {
    rule: 'CROSS_YEAR_CARRIED',
    severity: 'warning',
    table: 'table3',
    along: 'column',
    expected: ['previous.carriedForward'],
    actual: ['carriedOver'],
    description: '每一列：本年 二、上年结转 = 上年 四、结转下年度继续办理',
  },
  {
    rule: 'CROSS_YEAR_IN_FORCE',
    severity: 'info',
    table: 'table2',
    along: 'row',
    expected: ['previous.inForce', 'issued', '-repealed'],
    actual: ['inForce'],
    description: '规章、行政规范性文件：现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（修订、清理可能使其不成立，仅作提示）',
  },
];

/** The six section headings of the report, in order. */
export const SECTION_HEADINGS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

/**
 * 行政事业性收费 above this many 万元 (10⁵ 万元 = 10 亿元) is almost certainly a value
 * typed in 元: `T2_FEE_UNIT` warns, never errs.
 */
export const FEE_UNIT_THRESHOLD = 100_000;

// ---------------------------------------------------------------------------------------
// Lookups

export function tableDef(key: TableKey): TableDef {
  const table = TABLES.find((t) => t.key === key);
  if (!table) throw new Error(`unknown table ${key}`);
  return table;
}

export function rowDef(table: TableDef, key: string): RowDef {
  const row = table.rows.find((r) => r.key === key);
  if (!row) throw new Error(`unknown row ${table.key}.${key}`);
  return row;
}

export function columnDef(table: TableDef, key: string): ColumnDef {
  const column = table.columns.find((c) => c.key === key);
  if (!column) throw new Error(`unknown column ${table.key}.${key}`);
  return column;
}

/** The columns a row actually has. */
export function rowColumns(table: TableDef, row: RowDef): readonly ColumnDef[] {
  return row.columns ? row.columns.map((key) => columnDef(table, key)) : table.columns;
}

/** Every input cell of a table, in reading order. */
export function tableCells(table: TableDef): { row: RowDef; column: ColumnDef }[] {
  return table.rows.flatMap((row) => rowColumns(table, row).map((column) => ({ row, column })));
}

/**
 * A row's label with the headings it is nested in, e.g. "（三）不予公开 1.属于国家秘密".
 * Table 3's 三、本年度办理结果 heading is implied by the （一）… labels and left out.
 */
export function rowPath(table: TableDef, row: RowDef, form: 'label' | 'short' = 'label'): string {
  const parts: string[] = [];
  let groupKey = row.group;
  while (groupKey) {
    const group = table.groups.find((g) => g.key === groupKey);
    if (!group) break;
    if (group.group || table.key !== 'table3') parts.unshift(group.short);
    groupKey = group.group;
  }
  return [...parts, form === 'label' ? row.label : row.short].join(' ');
}

/** The stable id of one input cell: `table3.newRequests.total`; also its defined name. */
export function cellId(table: TableKey, row: string, column: string): string {
  return `${table}.${row}.${column}`;
}

/**
 * The official tables as staff's own workbooks lay them out, written for the finder's tests:
 * the county office's one-sheet template, a table pasted from Word, the published report's
 * layout, labels in merged two-column blocks, tables spread over sheets with extra rows and
 * columns, and a workbook holding only Table 3. Each is a list of sheets of rows plus merges.
 */
import ExcelJS from 'exceljs';
import { TABLE2, TABLE3, TABLE4, rowColumns } from '../../src/report/format';
import type { CellValue, ReportData } from '../../src/report';

export type Row = (CellValue | undefined)[];

export interface StyleSheet {
  name: string;
  rows: Row[];
  merges: string[];
}

export interface Style {
  name: string;
  sheets: StyleSheet[];
}

const T3_APPLICANTS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];

function t3Values(report: ReportData, rowKey: string): number[] {
  return TABLE3.columns.map((c) => report.table3![rowKey]![c.key] as number);
}

function halfWidth(label: string): string {
  return label.replace(/（/g, '(').replace(/）/g, ')').replace(/“|”/g, '"').replace(/，/g, ', ');
}

/** The county office's template: all tables on one sheet, half-width brackets, `1、`, a 小计 and a 备注 column. */
function countyTemplate(report: ReportData): Style {
  const rows: Row[] = [];
  const merges: string[] = [];
  rows.push(['政府信息公开工作年度报告统计表']);
  rows.push([]);
  rows.push(['二、主动公开政府信息情况']);
  rows.push(['第二十条第(一)项']);
  rows.push(['信息内容', '本年制发件数', '本年废止件数', '现行有效件数']);
  rows.push(['规章', 0, 0, 0]);
  rows.push(['行政规范性文件', 0, 0, 0]);
  rows.push(['第二十条第(五)项']);
  rows.push(['信息内容', '本年处理决定数量']);
  rows.push(['行政许可', 0]);
  rows.push(['第二十条第(六)项']);
  rows.push(['信息内容', '本年处理决定数量']);
  rows.push(['行政处罚', 0]);
  rows.push(['行政强制', 0]);
  rows.push(['第二十条第(八)项']);
  rows.push(['信息内容', '本年收费金额(单位:万元)']);
  rows.push(['行政事业性收费', 0]);
  rows.push([]);
  rows.push(['三、收到和处理政府信息公开申请情况']);
  const h = rows.length + 1;
  rows.push(['(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)', null, '申请人情况']);
  rows.push([null, null, '自然人', '法人或其他组织', null, null, null, null, null, '总计', '备注']);
  rows.push([null, null, null, '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '小计']);
  merges.push(`A${h}:B${h + 2}`);
  for (const row of TABLE3.rows) {
    const v = t3Values(report, row.key);
    const label = halfWidth(row.label).replace(/^(\d+)\./, '$1、');
    const group = row.group === 'results' ? null : row.group ? TABLE3.groups.find((g) => g.key === row.group)!.label : null;
    const first = TABLE3.rows.find((r) => r.group === row.group) === row;
    const orgSum = v[1] + v[2] + v[3] + v[4] + v[5];
    rows.push([group && first ? halfWidth(group) : null, row.group === 'results' || !row.group ? null : label, v[0], v[1], v[2], v[3], v[4], v[5], orgSum, v[6], null]);
    if (row.group === 'results' || !row.group) rows[rows.length - 1][0] = label;
  }
  rows.push([]);
  rows.push(['四、政府信息公开行政复议、行政诉讼情况']);
  rows.push(['行政复议', null, null, null, null, '行政诉讼']);
  rows.push([null, null, null, null, null, '未经复议直接起诉', null, null, null, null, '复议后起诉']);
  rows.push(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', ...Array.from({ length: 2 }, () => ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat()]);
  rows.push(TABLE4.rows.flatMap((g) => TABLE4.columns.map((c) => report.table4![g.key]![c.key])));
  return { name: '县政务公开办的单页模板', sheets: [{ name: '年报表格', rows, merges }] };
}

/** Pasted from Word: a sheet per table, line breaks inside labels, typos, a two-row Table 4 header. */
function pastedFromWord(report: ReportData): Style {
  const t2: Row[] = [['第二十条第（一）项'], ['信息内容', '本年制发\n件数', '本年废止\n件数', '现行有效\n件数']];
  t2.push(['规章', ...rowColumns(TABLE2, TABLE2.rows[0]).map((c) => report.table2!.regulations![c.key])]);
  t2.push(['行政规范性\n文件', 0, 0, 0]);
  t2.push(['第二十条第（五）项'], ['信息内容', '本年处理决定数量'], ['行政许可', 0], ['第二十条第（六）项'], ['信息内容', '本年处理决定数量'], ['行政处罚', 0], ['行政强制', 0]);
  t2.push(['第二十条第（八）项'], ['信息内容', '本年收费金额（单位：万元）'], ['行政事业性收费', 0]);
  const t3: Row[] = [['', '', '', '申请人情况'], ['', '', '', '自 然 人', '法人或其他组织', '', '', '', '', '总 计'], ['', '', '', '', '商业\n企业', '科研\n机构', '社会公益\n组织', '法律服务\n机构', '其他']];
  for (const row of TABLE3.rows) {
    const label = row.key === 'withheldLawProhibited' ? '2.其他法律行政止公开' : row.key === 'newRequests' ? '一、本年新收政府信息公开\n申请数量' : row.label;
    const depth = !row.group ? 0 : row.group === 'results' ? 1 : 2;
    const cells: Row = ['', '', ''];
    cells[depth] = label;
    t3.push([...cells, ...t3Values(report, row.key)]);
  }
  const t4: Row[] = [
    ['行政复议', '', '', '', '', '未经复议直接起诉', '', '', '', '', '复议后起诉'],
    [...Array.from({ length: 3 }, () => ['结果\n维持', '结果\n纠正', '其他\n结果', '尚未\n审结', '总计']).flat()],
    TABLE4.rows.flatMap((g) => TABLE4.columns.map((c) => report.table4![g.key]![c.key])),
  ];
  return {
    name: '从 Word 粘贴的表格',
    sheets: [
      { name: '表2', rows: t2, merges: [] },
      { name: '表3', rows: t3, merges: [] },
      { name: '表4', rows: t4, merges: [] },
    ],
  };
}

/** The published report's layout (xian-2023-report.txt): three label columns, "(一) 予以公开" with half-width brackets and a space. */
function publishedLayout(report: ReportData): Style {
  const published = (label: string) => halfWidth(label).replace(/^\(([一二三四五六七])\)/, '($1) ');
  const rows: Row[] = [['(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)', null, null, '申请人情况', null, null, null, null, null, '总计']];
  rows.push([null, null, null, '自然人', '法人或其他组织']);
  rows.push([null, null, null, null, ...T3_APPLICANTS.slice(1)]);
  const seen = new Set<string>();
  for (const row of TABLE3.rows) {
    const cells: Row = [null, null, null];
    if (!row.group) cells[0] = row.label;
    else if (row.group === 'results') {
      if (!seen.has('results')) cells[0] = '三、本年度办理结果';
      cells[1] = published(row.label);
    } else {
      if (!seen.has(row.group)) cells[1] = published(TABLE3.groups.find((g) => g.key === row.group)!.label);
      cells[2] = row.label;
    }
    seen.add(row.group ?? '');
    seen.add(TABLE3.groups.find((g) => g.key === row.group)?.group ?? '');
    rows.push([...cells, ...t3Values(report, row.key)]);
  }
  return { name: '公开发布的年报版式', sheets: [{ name: '年报', rows, merges: [] }, ...pastedFromWord(report).sheets.filter((x) => x.name !== '表3')] };
}

/** Row labels in merged blocks of two columns; groups merged down the rows they head. */
function mergedTwoColumns(report: ReportData): Style {
  const rows: Row[] = [['三、收到和处理政府信息公开申请情况'], ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', null, '申请人情况']];
  rows.push([null, null, '自然人', '法人或其他组织', null, null, null, null, '总计']);
  rows.push([null, null, null, ...T3_APPLICANTS.slice(1)]);
  const merges = ['A2:B4', 'C2:I2', 'C3:C4', 'D3:H3', 'I3:I4'];
  for (const row of TABLE3.rows) {
    const r = rows.length + 1;
    const leaf = row.group && row.group !== 'results';
    rows.push([leaf ? (TABLE3.rows.find((x) => x.group === row.group) === row ? TABLE3.groups.find((g) => g.key === row.group)!.label : null) : row.label, leaf ? row.label : null, ...t3Values(report, row.key)]);
    if (!leaf) merges.push(`A${r}:B${r}`);
  }
  // Merge each group's heading down its rows.
  for (const group of TABLE3.groups.filter((g) => g.group)) {
    const first = rows.findIndex((r) => r[0] === group.label) + 1;
    const count = TABLE3.rows.filter((r) => r.group === group.key).length;
    merges.push(`A${first}:A${first + count - 1}`);
  }
  return { name: '标签在两列合并单元格中', sheets: [{ name: '依申请公开', rows, merges }, ...pastedFromWord(report).sheets.filter((x) => x.name !== '表3')] };
}

/** Tables over three sheets with a 合计 row and a three-row Table 4 header. */
function spreadWithExtras(report: ReportData): Style {
  const own = countyTemplate(report).sheets[0].rows;
  const t2 = own.slice(2, 17);
  const t3 = own.slice(18, 18 + 1 + 3 + 25);
  t3.push(['合计', null, 1, 0, 0, 0, 0, 0, 0, 1]);
  const t4: Row[] = [
    ['行政复议', null, null, null, null, '行政诉讼'],
    ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', null, null, null, null, '复议后起诉'],
    [null, null, null, null, null, ...Array.from({ length: 2 }, () => ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat()],
    TABLE4.rows.flatMap((g) => TABLE4.columns.map((c) => report.table4![g.key]![c.key])),
  ];
  return {
    name: '分在三张工作表、带合计行',
    sheets: [
      { name: '主动公开', rows: t2, merges: [] },
      { name: '依申请公开', rows: t3, merges: [] },
      { name: '复议诉讼', rows: t4, merges: ['A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:E3'] },
    ],
  };
}

/** Only Table 3. */
function onlyTable3(report: ReportData): Style {
  const style = mergedTwoColumns(report);
  return { name: '只有表三', sheets: style.sheets.slice(0, 1) };
}

export function styles(report: ReportData): Style[] {
  return [countyTemplate(report), pastedFromWord(report), publishedLayout(report), mergedTwoColumns(report), spreadWithExtras(report)];
}

export { onlyTable3 };

/** Write a style into an ExcelJS workbook, as Excel would hold it. */
export function workbookOf(style: Style): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of style.sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    sheet.rows.forEach((row, r) => row.forEach((value, c) => value !== null && value !== undefined && (ws.getCell(r + 1, c + 1).value = value)));
    for (const range of sheet.merges) ws.mergeCells(range);
  }
  return workbook;
}

/**
 * What staff type into a count cell, as each source holds it: the JSON value, the ExcelJS cell
 * value (an .xlsx written by Excel or WPS), and what Office.js reports on the fake host.
 * Each entry says how the checks must describe it.
 */
import type ExcelJS from 'exceljs';
import type { CellValue } from '../../src/report';
import type { FakeWorkbookModel } from '../fake-excel';

export interface CellCase {
  name: string;
  /** The report file's value. */
  json: CellValue;
  /** The value an .xlsx cell holds. */
  xlsx: ExcelJS.CellValue;
  /** Type it into the fake Excel host. */
  fake(model: FakeWorkbookModel, sheet: string, address: string): void;
  /** The problem the message must state; null when the cell is valid. */
  problem: RegExp | null;
}

const typed = (value: string | number | boolean | null) => (model: FakeWorkbookModel, sheet: string, address: string) => model.type(sheet, address, value);

const longText = '本单元格填写了一段很长的说明文字，'.repeat(300);

export const CELL_CASES: CellCase[] = [
  { name: 'blank', json: null, xlsx: null, fake: typed(null), problem: /单元格为空；没有数据时请填 0/ },
  { name: 'spaces only', json: '   ', xlsx: '   ', fake: typed('   '), problem: /单元格为空（只有空格）/ },
  { name: 'a slash', json: '/', xlsx: '/', fake: typed('/'), problem: /填写了“\/”；没有数据时请填 0/ },
  { name: 'a dash', json: '—', xlsx: '—', fake: typed('—'), problem: /填写了“—”/ },
  { name: '无', json: '无', xlsx: '无', fake: typed('无'), problem: /填写了“无”/ },
  { name: 'a unit', json: '0件', xlsx: '0件', fake: typed('0件'), problem: /“0件”，单元格中只填数字 0，不带单位/ },
  { name: 'full-width digits', json: '１２', xlsx: '１２', fake: typed('１２'), problem: /全角数字“１２”，请改为半角数字 12/ },
  { name: 'a number stored as text', json: '12', xlsx: '12', fake: typed('12'), problem: /数字“12”以文本形式存储，请改为数值 12/ },
  { name: 'a number with spaces, as text', json: ' 5 ', xlsx: ' 5 ', fake: typed(' 5 '), problem: /以文本形式存储/ },
  { name: 'thousands separators', json: '1,234', xlsx: '1,234', fake: typed('1,234'), problem: /“1,234”是带千位分隔符的文本，请改为数值 1234/ },
  { name: 'a decimal count', json: 2.5, xlsx: 2.5, fake: typed(2.5), problem: /件数应为整数（现为 2.5）/ },
  { name: 'a negative number', json: -3, xlsx: -3, fake: typed(-3), problem: /不能为负数（现为 -3）/ },
  {
    name: 'a formula with its result',
    json: 0,
    xlsx: { formula: 'SUM(Z1:Z2)', result: 0 } as ExcelJS.CellFormulaValue,
    fake: (m, s, a) => m.typeFormula(s, a, '=SUM(Z1:Z2)', 0),
    problem: null,
  },
  {
    name: 'a formula never calculated',
    json: '=SUM(Z1:Z2)',
    xlsx: { formula: 'SUM(Z1:Z2)' } as ExcelJS.CellFormulaValue,
    fake: (m, s, a) => m.typeFormula(s, a, '=SUM(Z1:Z2)', '=SUM(Z1:Z2)'),
    problem: /公式“=SUM\(Z1:Z2\)”没有计算结果/,
  },
  { name: '#REF!', json: '#REF!', xlsx: { error: '#REF!' } as ExcelJS.CellErrorValue, fake: typed('#REF!'), problem: /显示错误值 #REF!/ },
  { name: '#VALUE!', json: '#VALUE!', xlsx: { error: '#VALUE!' } as ExcelJS.CellErrorValue, fake: typed('#VALUE!'), problem: /显示错误值 #VALUE!/ },
  {
    name: 'a date',
    json: '2024-01-05',
    xlsx: new Date(Date.UTC(2024, 0, 5)),
    fake: (m, s, a) => {
      m.type(s, a, 45296);
      m.setNumberFormat(s, a, 'yyyy/m/d');
    },
    problem: /填写的是日期“2024-01-05”/,
  },
  { name: 'a boolean', json: 'TRUE', xlsx: true, fake: typed(true), problem: /填写的是逻辑值 TRUE/ },
  { name: 'very long text', json: longText, xlsx: longText, fake: typed(longText), problem: /填写的是文本“本单元格填写了一段很长的说明文字，本单元…”，应填数字/ },
  { name: 'an emoji', json: '👍', xlsx: '👍', fake: typed('👍'), problem: /填写的是文本“👍”，应填数字/ },
  { name: 'rich text "3"', json: '3', xlsx: { richText: [{ text: '3' }] }, fake: typed('3'), problem: /以文本形式存储/ },
];

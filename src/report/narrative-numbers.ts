/**
 * NARRATIVE_NUMBER: a number typed into the narrative, in a sentence about a table quantity,
 * that equals none of the values the sentence could mean. Aimed at no false alarms: only
 * numbers with a counting unit (件、份、条 …) are looked at, and a number passes when it equals
 * any reading of the sentence — a row's total or any of its columns, 一 + 二 for 收到, the parts
 * of a total.
 */
import { judgeCell } from './cell-value';
import { TABLE3_RESULT_ROWS, cellId, rowColumns, rowPath, tableDef, type TableKey } from './format';
import { cellValue, type Issue, type ReportData } from './model';
import { templateParagraphs } from './narrative';

interface Reading {
  /** Where the value is, in the official wording. */
  label: string;
  value: number;
  /** The placeholder that would print it, when one cell holds it. */
  placeholder: string | null;
}

interface Topic {
  name: string;
  pattern: RegExp;
  readings(report: ReportData): Reading[];
}

function number(report: ReportData, table: TableKey, row: string, column: string): number | null {
  const def = tableDef(table).columns.find((c) => c.key === column)!;
  const verdict = judgeCell(cellValue(report, table, row, column), def.kind);
  return verdict.ok ? verdict.value : null;
}

/** Every column of the given rows, the row's total first. */
function rowReadings(report: ReportData, table: TableKey, rows: readonly string[]): Reading[] {
  const def = tableDef(table);
  const out: Reading[] = [];
  for (const rowKey of rows) {
    const row = def.rows.find((r) => r.key === rowKey)!;
    const columns = [...rowColumns(def, row)].sort((a, b) => (a.key === 'total' ? -1 : b.key === 'total' ? 1 : 0));
    for (const column of columns) {
      const value = number(report, table, rowKey, column.key);
      if (value !== null) out.push({ label: `${def.name}“${rowPath(def, row, 'short')}”${column.label}`, value, placeholder: `{{${cellId(table, rowKey, column.key)}}}` });
    }
  }
  return out;
}

/** A sum of rows, per column (一 + 二 read as “收到”). */
function sumReadings(report: ReportData, table: TableKey, rows: readonly string[], label: string): Reading[] {
  const def = tableDef(table);
  const out: Reading[] = [];
  for (const column of def.columns) {
    const values = rows.map((r) => number(report, table, r, column.key));
    if (values.some((v) => v === null)) continue;
    out.push({ label: `${label}（${column.label}）`, value: (values as number[]).reduce((a, b) => a + b, 0), placeholder: null });
  }
  return out;
}

const TOPICS: Topic[] = [
  {
    name: '收到申请',
    pattern: /(收到|新收|受理|接到|接收).{0,20}申请|申请.{0,8}(收到|受理)/,
    readings: (r) => [...rowReadings(r, 'table3', ['newRequests']), ...sumReadings(r, 'table3', ['newRequests', 'carriedOver'], '表三一、本年新收 + 二、上年结转'), ...rowReadings(r, 'table3', ['carriedOver'])],
  },
  {
    name: '办结答复',
    pattern: /办结|答复|办理完毕|作出.{0,4}决定/,
    readings: (r) => [...rowReadings(r, 'table3', ['resultTotal']), ...rowReadings(r, 'table3', TABLE3_RESULT_ROWS)],
  },
  {
    name: '结转',
    pattern: /结转/,
    readings: (r) => [...rowReadings(r, 'table3', ['carriedForward', 'carriedOver'])],
  },
  {
    name: '行政复议',
    pattern: /行政复议/,
    readings: (r) => rowReadings(r, 'table4', ['review']),
  },
  {
    name: '行政诉讼',
    pattern: /行政诉讼|起诉/,
    readings: (r) => [
      ...sumReadings(r, 'table4', ['litigationDirect', 'litigationAfterReview'], '表四行政诉讼合计'),
      ...rowReadings(r, 'table4', ['litigationDirect', 'litigationAfterReview']),
    ],
  },
  {
    name: '规范性文件',
    pattern: /规范性文件|规章/,
    readings: (r) => rowReadings(r, 'table2', ['normativeDocuments', 'regulations']),
  },
];

const UNIT = '件|份|条|个|次|起|宗|项';

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九百九十九 as a number, or null. */
export function chineseNumber(text: string): number | null {
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(text)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = CN_DIGITS[ch];
  }
  return total + digit;
}

/** Numbers typed with a counting unit, outside placeholders: their value and text (“5 件”, “两件”). */
function typedNumbers(sentence: string): { value: number; text: string }[] {
  const bare = sentence.replace(/\{\{[^{}]*\}\}/g, '\u0000');
  const found: { value: number; text: string }[] = [];
  const digits = new RegExp(`(?<![第\\d０-９.．])([0-9０-９]+)\\s*(${UNIT})`, 'g');
  for (const m of bare.matchAll(digits)) {
    found.push({ value: Number(m[1].replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))), text: m[0] });
  }
  // Chinese numerals, except after words that make them no count (第一件, 每一件, 这一件 …).
  const chinese = new RegExp(`(?<![第每这那哪某其另任逐统唯同])([零〇一二两三四五六七八九十百]+)(${UNIT})`, 'g');
  for (const m of bare.matchAll(chinese)) {
    const value = chineseNumber(m[1]);
    if (value !== null) found.push({ value, text: m[0] });
  }
  return found;
}

export interface NumberCheckOptions {
  paragraphCells?: readonly string[];
}

export function checkNarrativeNumbers(report: ReportData, options: NumberCheckOptions = {}): Issue[] {
  const issues: Issue[] = [];
  templateParagraphs(report.narrative).forEach((paragraph, p) => {
    for (const sentence of paragraph.split(/(?<=[。；！？])/)) {
      const topics = TOPICS.filter((t) => t.pattern.test(sentence));
      if (topics.length === 0) continue;
      const numbers = typedNumbers(sentence);
      if (numbers.length === 0) continue;
      const readings = topics.flatMap((t) => t.readings(report));
      if (readings.length === 0) continue;
      for (const n of numbers) {
        if (readings.some((r) => r.value === n.value)) continue;
        const likely = readings[0];
        const cell = options.paragraphCells?.[p];
        const excerpt = Array.from(sentence.trim()).slice(0, 40).join('') + (Array.from(sentence.trim()).length > 40 ? '…' : '');
        issues.push({
          rule: 'NARRATIVE_NUMBER',
          severity: 'warning',
          table: 'narrative',
          row: null,
          column: null,
          cells: cell ? [cell] : [],
          expected: likely.value,
          actual: n.value,
          message: `正文第 ${p + 1} 段“${excerpt}”中的“${n.text}”与表格不符：${likely.label}为 ${likely.value}${likely.placeholder ? `；建议改用 ${likely.placeholder}，数字就会随表格自动填入` : ''}`,
          ...(cell && likely.placeholder ? { fix: { cell, find: sentence, replace: sentence.replace(n.text, n.text.replace(/^[0-9０-９零〇一二两三四五六七八九十百]+\s*/, `${likely.placeholder} `)) } } : {}),
        });
      }
    }
  });
  return issues;
}


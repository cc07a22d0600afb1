/**
 * Judging one table cell: is it a valid number for its kind, and if not, what exactly is
 * wrong, in words a clerk understands. Reading never cleans a value; this module only
 * explains it (and suggests the number that was probably meant, never applying it).
 */
import type { ValueKind } from './format';
import type { CellValue } from './model';

export type CellVerdict =
  | { ok: true; value: number }
  | { ok: false; problem: string; suggestion: number | null };

/** Strings staff type for "nothing" instead of 0. */
const NOTHING_MARKS = new Set(['/', '／', '\\', '-', '－', '—', '——', '–', '无', '空', '暂无', 'N/A', 'n/a', 'NA', '×', 'x', 'X']);

const ERROR_VALUES = /^#(REF!|VALUE!|DIV\/0!|NAME\?|N\/A|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;

const HALF_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Full-width digits and signs to their ASCII forms (U+FF10…). */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E\uFF0B\uFF0D\uFF0C]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Quote a typed value for a message, shortened when long. */
export function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return `“${chars.length > 20 ? chars.slice(0, 20).join('') + '…' : flat}”`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

function judgeNumber(n: number, kind: ValueKind): CellVerdict {
  if (!Number.isFinite(n)) return { ok: false, problem: '不是有效的数字', suggestion: null };
  if (n < 0) return { ok: false, problem: `不能为负数（现为 ${formatNumber(n)}）`, suggestion: null };
  if (kind === 'count' && !Number.isInteger(n)) {
    return { ok: false, problem: `件数应为整数（现为 ${formatNumber(n)}）`, suggestion: null };
  }
  return { ok: true, value: n };
}

/** What a text cell probably meant, as a number, if that is unambiguous. */
function textProblem(raw: string, kind: ValueKind): { problem: string; suggestion: number | null } {
  const text = raw.trim();
  if (NOTHING_MARKS.has(text)) {
    return { problem: `填写了${quote(text)}；没有数据时请填 0`, suggestion: 0 };
  }
  if (ERROR_VALUES.test(text)) {
    return { problem: `显示错误值 ${text}（公式或引用已失效），请改为数字`, suggestion: null };
  }
  if (text.startsWith('=')) {
    return { problem: `公式${quote(text)}没有计算结果，请在 Excel 中重新计算并保存，或直接填写数字`, suggestion: null };
  }
  if (/^(TRUE|FALSE)$/i.test(text)) {
    return { problem: `填写的是逻辑值 ${text.toUpperCase()}，应填数字`, suggestion: null };
  }
  if (/^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?$/.test(text)) {
    return { problem: `填写的是日期${quote(text)}（单元格可能被设成了日期格式），应填数字`, suggestion: null };
  }
  const validSuggestion = (n: number): number | null => (judgeNumber(n, kind).ok ? n : null);
  if (HALF_NUMBER.test(text)) {
    const n = Number(text);
    return { problem: `数字${quote(text)}以文本形式存储，请改为数值 ${formatNumber(n)}`, suggestion: validSuggestion(n) };
  }
  const half = toHalfWidth(text);
  if (half !== text && HALF_NUMBER.test(half)) {
    const n = Number(half);
    return { problem: `填写了全角数字${quote(text)}，请改为半角数字 ${formatNumber(n)}`, suggestion: validSuggestion(n) };
  }
  const grouped = half.replace(/\s+/g, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(grouped)) {
    const n = Number(grouped.replace(/,/g, ''));
    return { problem: `${quote(text)}是带千位分隔符的文本，请改为数值 ${formatNumber(n)}`, suggestion: validSuggestion(n) };
  }
  const withUnit = /^([+-]?\d+(?:\.\d+)?)\s*(件|个|条|项|次|份|人|万元|元)$/.exec(grouped);
  if (withUnit) {
    const n = Number(withUnit[1]);
    return { problem: `填写了${quote(text)}，单元格中只填数字 ${formatNumber(n)}，不带单位`, suggestion: validSuggestion(n) };
  }
  if (text === '') return { problem: '单元格为空（只有空格）；没有数据时请填 0', suggestion: 0 };
  return { problem: `填写的是文本${quote(text)}，应填数字`, suggestion: null };
}

/** Judge one cell's raw value against its kind (whole count ≥ 0, or amount ≥ 0). */
export function judgeCell(value: CellValue, kind: ValueKind): CellVerdict {
  if (value === null || value === undefined) {
    return { ok: false, problem: '单元格为空；没有数据时请填 0', suggestion: 0 };
  }
  if (typeof value === 'number') return judgeNumber(value, kind);
  if (typeof value === 'string') return { ok: false, ...textProblem(value, kind) };
  return { ok: false, problem: `内容无法识别为数字（${quote(String(value))}）`, suggestion: null };
}

export { formatNumber };

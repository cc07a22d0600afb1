/**
 * NARRATIVE_NUMBER: a number typed into the narrative that counts a table quantity but equals
 * none of the values a careful reader would accept for it.
 *
 * Aimed at zero false alarms on real text (a miss is better than a false alarm). The narrative
 * is cut into segments: the text from the previous number (or the previous clause mark) up to a
 * number with a counting unit (件、份、条 …). Each segment decides what its number counts:
 *
 * - the thing counted: 申请 (Table 3), 复议/诉讼 (Table 4), 规范性文件/规章 with 制发/废止/有效
 *   (Table 2), or anything else (部分、工作日、信息、咨询 …: not compared). The noun right after
 *   the unit wins ("8份政府信息公开申请", "六个部分"); else the words before the number; a segment
 *   naming no thing but a result word ("部分公开2件", "废止 1 件") continues the previous one;
 * - the reading, from the verb: 收到/受理 (一, 一 + 二, 三（七）), 办理/答复 (三（七）, 一 + 二, 一),
 *   结转 (二 or 四), a result (its rows, their subtotal, their sum), Table 4 groups and their sums —
 *   each for any applicant column and the 法人或其他组织 columns together.
 *
 * Numbers for another year, comparisons (同比、较上年、增加), channels (网络申请 N 件), contents
 * (涉及 …), approximations (约、近) and categories (…类 N 条) are not compared.
 *
 * No lookbehind (Safari < 16.4 rejects it at parse time); every pattern is compiled once.
 */
import { judgeCell } from './cell-value';
import { TABLE3_ORGANISATION_COLUMNS, cellId, rowColumns, rowDef, rowPath, tableDef, type TableKey } from './format';
import { cellValue, type Issue, type ReportData } from './model';
import { analyseTemplate, memo } from './narrative';

interface Reading {
  /** Where the value is, in the official wording. */
  label: string;
  value: number;
  /** The placeholder that would print it, when one cell holds it. */
  placeholder: string | null;
}

/** What a number counts. */
type Kind = 'application' | 'review' | 'litigation' | 'appeals' | 'documents';

/** How a Table 3 number reads: its verb. */
type Sense = 'received' | 'handled' | 'carriedOver' | 'carriedForward' | 'carried' | 'result';

// ---------------------------------------------------------------------------------------
// Table readings

type Cache = Map<string, number | null>;

function number(report: ReportData, cache: Cache, table: TableKey, row: string, column: string): number | null {
  const key = `${table}.${row}.${column}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const def = tableDef(table).columns.find((c) => c.key === column)!;
  const verdict = judgeCell(cellValue(report, table, row, column), def.kind);
  const value = verdict.ok ? verdict.value : null;
  cache.set(key, value);
  return value;
}

function rowShort(table: TableKey, row: string): string {
  const def = tableDef(table);
  return rowPath(def, rowDef(def, row), 'short');
}

/**
 * The sum of `rows`, for every column of the table (total first), and for Table 3 also the five
 * 法人或其他组织 columns together.
 */
function sumReadings(report: ReportData, cache: Cache, table: TableKey, rows: readonly string[], out: Reading[], name?: string): void {
  const def = tableDef(table);
  const label = name ?? `${def.name}“${rows.map((r) => rowShort(table, r)).join('” + “')}”`;
  const sum = (columns: readonly string[]): number | null => {
    let total = 0;
    for (const row of rows) {
      for (const column of columns) {
        const v = number(report, cache, table, row, column);
        if (v === null) return null;
        total += v;
      }
    }
    return total;
  };
  const columns = def.columns.filter((c) => rows.every((r) => rowColumns(def, rowDef(def, r)).includes(c)));
  const ordered = [...columns].sort((a, b) => (a.key === 'total' ? -1 : b.key === 'total' ? 1 : 0));
  for (const column of ordered) {
    const value = sum([column.key]);
    if (value === null) continue;
    out.push({
      label: `${label}${column.label}`,
      value,
      placeholder: rows.length === 1 ? `{{${cellId(table, rows[0], column.key)}}}` : null,
    });
  }
  if (table === 'table3') {
    const value = sum(TABLE3_ORGANISATION_COLUMNS);
    if (value !== null)
      out.push({
        label: `${label}法人或其他组织合计`,
        value,
        placeholder: null,
      });
  }
}

const T3_GROUP_ROWS: Record<string, readonly string[]> = (() => {
  const out: Record<string, string[]> = {};
  for (const row of tableDef('table3').rows) if (row.group && row.group !== 'results') (out[row.group] ??= []).push(row.key);
  return out;
})();

/** Result words → the Table 3 result rows they name (each row, and the group's subtotal). */
const RESULT_GROUPS: { pattern: RegExp; rows: readonly string[] }[] = [
  { pattern: /予以公开|同意公开|全部公开|准予公开/, rows: ['granted'] },
  { pattern: /部分公开|区分处理/, rows: ['partlyGranted'] },
  {
    pattern: /不予公开|国家秘密|禁止公开|三安全一稳定|第三方|内部事务|过程性|执法案卷|查询事项/,
    rows: T3_GROUP_ROWS.withheld,
  },
  {
    pattern: /无法提供|不掌握|不存在|没有现成|另行制作|不明确|非本机关/,
    rows: T3_GROUP_ROWS.unavailable,
  },
  {
    pattern: /不予处理|信访|举报|投诉|重复申请|出版物|大量反复|重新出具/,
    rows: T3_GROUP_ROWS.rejected,
  },
  {
    pattern: /其他处理|逾期|补正|缴纳|撤回|撤销申请|自行撤|其他(?!组织|法人|单位|需要)/,
    rows: T3_GROUP_ROWS.other,
  },
];

function table3Readings(report: ReportData, cache: Cache, sense: Sense, segment: string, out: Reading[]): void {
  const t3 = (rows: readonly string[]) => sumReadings(report, cache, 'table3', rows, out);
  switch (sense) {
    case 'received':
      t3(['newRequests']);
      t3(['newRequests', 'carriedOver']);
      t3(['resultTotal']);
      return;
    case 'handled':
      t3(['resultTotal']);
      t3(['newRequests', 'carriedOver']);
      t3(['newRequests']);
      return;
    case 'carriedOver':
      t3(['carriedOver']);
      return;
    case 'carriedForward':
      t3(['carriedForward']);
      return;
    case 'carried':
      t3(['carriedForward']);
      t3(['carriedOver']);
      return;
    case 'result': {
      const matched: string[] = [];
      for (const group of RESULT_GROUPS) {
        if (!group.pattern.test(segment)) continue;
        if (group.rows.length > 1) for (const row of group.rows) t3([row]);
        t3(group.rows);
        matched.push(...group.rows);
      }
      if (matched.length === 0) {
        t3(['resultTotal']);
        return;
      }
      if (matched.length > RESULT_GROUPS.find((g) => g.pattern.test(segment))!.rows.length) t3(matched);
      return;
    }
  }
}

const T4_ROWS = {
  review: ['review'],
  litigation: ['litigationDirect', 'litigationAfterReview'],
  appeals: ['review', 'litigationDirect', 'litigationAfterReview'],
} as const;

/** A Table 4 result named in the words: only that column is read ("被纠错 0 件" is 结果纠正). */
const T4_COLUMN_WORDS: [RegExp, string][] = [
  [/纠错|纠正|撤销|确认违法/, '结果纠正'],
  [/维持|驳回/, '结果维持'],
  [/尚未审结|未审结|正在审理|审理中/, '尚未审结'],
];

function table4Readings(report: ReportData, cache: Cache, kind: 'review' | 'litigation' | 'appeals', segment: string, out: Reading[]): void {
  const named = T4_COLUMN_WORDS.find(([pattern]) => pattern.test(segment))?.[1];
  const all: Reading[] = [];
  const t4 = (rows: readonly string[], name?: string) => sumReadings(report, cache, 'table4', rows, all, name);
  if (kind === 'review' || kind === 'appeals') t4(T4_ROWS.review);
  if (kind === 'litigation' || kind === 'appeals') {
    t4(T4_ROWS.litigation, '表四行政诉讼合计');
    t4(['litigationDirect']);
    t4(['litigationAfterReview']);
  }
  if (kind === 'appeals') t4(T4_ROWS.appeals, '表四行政复议与行政诉讼合计');
  for (const reading of all) if (!named || reading.label.endsWith(named)) out.push(reading);
}

function table2Readings(report: ReportData, cache: Cache, out: Reading[]): void {
  sumReadings(report, cache, 'table2', ['normativeDocuments'], out);
  sumReadings(report, cache, 'table2', ['regulations'], out);
  sumReadings(report, cache, 'table2', ['regulations', 'normativeDocuments'], out, '表二规章与行政规范性文件合计');
}

// ---------------------------------------------------------------------------------------
// Reading the narrative

/** A number with a counting unit; group 1 the number (digits or Chinese numerals), 2 the unit. */
const COUNTED = /([0-9０-９]+|[零〇一二两三四五六七八九十百]+)[ \t\u00a0\u3000]*(件|份|条|个|次|起|宗|项)/g;
/** A character before a number that makes it no count (第一件, 每一件, 1.5 件). */
const NOT_A_COUNT_BEFORE = /[第每这那哪某其另任逐统唯同0-9０-９.．]/;
/** Marks between clauses: a segment never reaches back over one. */
const CLAUSE_MARK = /[，,；;。！？!?：:（）()【】\n]/;
const SENTENCE_END = /[。！？!?]/;

// What the unit is followed by.
const FOLLOW_APPLICATION = /^[ \t]*的?(?:政府信息公开|信息公开|依申请公开)?申请/;
const FOLLOW_REVIEW = /^[ \t]*的?(?:行政)?复议/;
const FOLLOW_LITIGATION = /^[ \t]*的?(?:行政)?诉讼/;
const FOLLOW_CASE = /^[ \t]*的?案件/;
const FOLLOW_DOCUMENTS = /^[ \t]*的?(?:行政)?(?:规范性文件|规章)/;
/** A unit followed by one of these starts no noun of its own ("3 件，", "3件均已办结", "2件由…"). */
const FOLLOW_NO_NOUN = /^(?:$|[^\u4e00-\u9fff]|[均已全都并予依按在于为是其由经通及共分占较比同和与、另含此等左上以])/;
/** "4件针对本部门有关政府信息公开事务的申请": the clause ends with the noun counted. */
const CLAUSE_ENDS_APPLICATION = /的申请[ \t]*$/;
/** After 件/份/次 these are a rate or a tally of people, not a count (件次、人次). */
const FOLLOW_TALLY = /^(?:次|人次)/;

// What the words before the number say.
const APPLICATION_WORDS = /申请/;
const REVIEW_WORDS = /复议/;
const LITIGATION_WORDS = /诉讼|起诉|应诉/;
const DOCUMENT_WORDS = /规范性文件|规章/;
const DOCUMENT_VERBS = /制发|制定|出台|印发|废止|失效|有效/;
const DOCUMENT_NOT = /主动公开|公布|发布|清理|审核|审查|备案|解读|类/;
const CARRIED = /结转/;
const CARRIED_OVER = /上一?年|去年/;
const CARRIED_FORWARD = /下一?年|继续办理|转入/;
const HANDLED = /办结|答复|办理|处理|完成|作出|办复|回复/;
const RECEIVED = /收到|新收|受理|接到|接收|提出|收悉|申请/;
const RESULT_ANY = new RegExp(RESULT_GROUPS.map((g) => g.pattern.source).join('|'));
const APPLICANT_WORDS = /自然人|法人|组织|企业|科研|公益|法律服务/;
const TABLE4_CONTINUE = /维持|纠正|纠错|撤销|确认违法|驳回|撤诉|审结|尚未|其他结果|败诉|胜诉|案件/;
const DOCUMENT_CONTINUE = /废止|失效|现行有效|有效|制发|制定|出台|印发|修订|修改/;

// Numbers not compared.
const COMPARISON = /同比|环比|较上|比上|较去|比去|较前|较\s*[0-9]{4}|比\s*[0-9]{4}|增加|减少|增长|下降|上升|提高|降低|持平|相比|相较|增幅|降幅|减幅|分别/;
const APPROXIMATE = /(?:约|近|超过|逾|不足|将近|接近|以上|左右)[ \t]*$/;
const CHANNEL =
  /(?:网络|网上|在线|线上|信函|邮寄|邮政|当面|现场|传真|电子邮件|邮件|邮箱|电话|来信|来访|平台)(?:提交|提出|方式|形式|渠道)?的?(?:政府信息公开|信息公开)?申请?[ \t]*$/;
const CONTENT = /涉及|内容|领域|方面|主要为|关于|咨询|留言|来电|热线|信箱|平均|日均|累计|历年|人次/;
const CATEGORY = /类[ \t]*$/;
/** "依申请公开信息459条": items of information, not applications. */
const INFORMATION_ITEMS = /信息[ \t]*$/;
const YEAR = /([0-9]{4})[ \t]*年|上一?年(?!度?结转)度?|去年/g;

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_NUMERAL = /^[零〇一二两三四五六七八九十百]+$/;

/** 一 … 九百九十九 as a number, or null. */
export function chineseNumber(text: string): number | null {
  if (!CN_NUMERAL.test(text)) return null;
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

function digitsValue(text: string): number | null {
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 0xff10 ? c - 0xff10 : c - 48;
    if (d < 0 || d > 9) return chineseNumber(text);
    value = value * 10 + d;
  }
  return value;
}

/**
 * What the noun after the unit says the number counts: a kind, `null` (no noun), or 'other'.
 * `clause` is the rest of the clause: "4件针对本部门…的申请" counts applications.
 */
function followingKind(after: string, clause: string): Kind | null | 'other' {
  if (FOLLOW_APPLICATION.test(after)) return 'application';
  if (FOLLOW_REVIEW.test(after)) return 'review';
  if (FOLLOW_LITIGATION.test(after)) return 'litigation';
  if (FOLLOW_DOCUMENTS.test(after)) return 'documents';
  if (FOLLOW_CASE.test(after)) return null;
  if (FOLLOW_NO_NOUN.test(after)) return null;
  if (CLAUSE_ENDS_APPLICATION.test(clause)) return 'application';
  return 'other';
}

/** The kind the words of a segment name, or null when they name none. */
function segmentKind(segment: string): Kind | null {
  const review = REVIEW_WORDS.test(segment);
  const litigation = LITIGATION_WORDS.test(segment);
  if (review && litigation) return 'appeals';
  if (review) return 'review';
  if (litigation) return 'litigation';
  if (APPLICATION_WORDS.test(segment) || CARRIED.test(segment)) return 'application';
  if (DOCUMENT_WORDS.test(segment) && DOCUMENT_VERBS.test(segment) && !DOCUMENT_NOT.test(segment)) return 'documents';
  return null;
}

/** Whether a segment naming no kind continues the previous segment's (a result, a verb, a column). */
function continues(kind: Kind, segment: string): boolean {
  if (kind === 'application') return RESULT_ANY.test(segment) || CARRIED.test(segment) || HANDLED.test(segment) || APPLICANT_WORDS.test(segment);
  if (kind === 'documents') return DOCUMENT_CONTINUE.test(segment) && !DOCUMENT_NOT.test(segment);
  return TABLE4_CONTINUE.test(segment);
}

function senseOf(segment: string): Sense {
  if (CARRIED.test(segment)) {
    const over = CARRIED_OVER.test(segment);
    const forward = CARRIED_FORWARD.test(segment);
    return over && !forward ? 'carriedOver' : forward && !over ? 'carriedForward' : 'carried';
  }
  if (RESULT_ANY.test(segment)) return 'result';
  if (HANDLED.test(segment)) return 'handled';
  return 'received';
}

/** A number that counts something else than its kind's table quantity: channels, contents, categories, items. */
function countsSomethingElse(kind: Kind, segment: string, unit: string): boolean {
  if (CATEGORY.test(segment) || (unit === '条' && INFORMATION_ITEMS.test(segment))) return true;
  return kind === 'application' && (CHANNEL.test(segment) || CONTENT.test(segment));
}

/** The year the sentence speaks of at `end`: a number, 'previous', or null (not said). */
function yearBefore(sentence: string): number | 'previous' | null {
  let year: number | 'previous' | null = null;
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(sentence); m; m = YEAR.exec(sentence)) year = m[1] ? Number(m[1]) : 'previous';
  return year;
}

function lastIndexOfClass(text: string, pattern: RegExp, from: number, floor: number): number {
  for (let i = from - 1; i >= floor; i--) if (pattern.test(text[i])) return i;
  return floor - 1;
}

/** A typed number that counts a table quantity: everything the text alone says about it. */
interface Probe {
  paragraph: number;
  value: number;
  text: string;
  /** The sentence, as typed (for the fix). */
  sentence: string;
  kind: Kind;
  sense: Sense | null;
  segment: string;
}

function scanParagraph(paragraph: string, p: number, reportYear: number | null, probes: Probe[]): void {
  COUNTED.lastIndex = 0;
  if (!COUNTED.test(paragraph)) return;
  // Placeholders masked to the same length, so positions stay those of the typed text.
  const bare = paragraph.indexOf('{{') >= 0 ? paragraph.replace(/\{\{[^{}]*\}\}/g, (m) => '\u0000'.repeat(m.length)) : paragraph;
  let previousKind: Kind | null = null;
  let previousSense: Sense | null = null;
  let previousEnd = 0;
  COUNTED.lastIndex = 0;
  for (let m = COUNTED.exec(bare); m; m = COUNTED.exec(bare)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = start > 0 ? bare[start - 1] : '';
    const segmentStart = Math.max(previousEnd, lastIndexOfClass(bare, CLAUSE_MARK, start, previousEnd) + 1);
    const segment = bare.slice(segmentStart, start);
    const after = bare.slice(end, end + 12);
    previousEnd = end;
    if (before !== '' && NOT_A_COUNT_BEFORE.test(before)) continue;
    const value = digitsValue(m[1]);
    if (value === null) continue;
    if (FOLLOW_TALLY.test(after)) continue;

    // What is counted.
    const afterEnd = bare.slice(end, end + 40).search(CLAUSE_MARK);
    const follow = followingKind(after, bare.slice(end, afterEnd < 0 ? end + 40 : end + afterEnd));
    let kind: Kind | null = follow === 'other' ? null : (follow ?? segmentKind(segment));
    if (kind === null && follow !== 'other' && previousKind !== null && continues(previousKind, segment)) kind = previousKind;
    if (kind !== null && countsSomethingElse(kind, segment, m[2])) kind = null;
    previousKind = kind;
    if (kind === null) continue;

    // Numbers that are not this year's count.
    const sentenceStart = lastIndexOfClass(bare, SENTENCE_END, start, 0) + 1;
    const year = yearBefore(bare.slice(sentenceStart, start));
    if (year === 'previous' && !CARRIED.test(segment)) continue;
    if (typeof year === 'number' && reportYear !== null && year !== reportYear) continue;
    if (COMPARISON.test(segment) || APPROXIMATE.test(segment)) continue;

    let sense: Sense | null = null;
    if (kind === 'application') {
      sense = senseOf(segment);
      // "其中自然人 2 件": a column of what the previous segment counted.
      if (sense === 'received' && !RECEIVED.test(segment) && previousSense !== null) sense = previousSense;
      previousSense = sense;
    }
    const sentenceEnd = bare.slice(end).search(SENTENCE_END);
    probes.push({
      paragraph: p,
      value,
      text: paragraph.slice(start, end),
      sentence: paragraph.slice(sentenceStart, sentenceEnd < 0 ? paragraph.length : end + sentenceEnd + 1),
      kind,
      sense,
      segment,
    });
  }
}

const PROBES = new Map<string, Map<number | null, readonly Probe[]>>();

/** The numbers of a template that count table quantities; computed once per text and year. */
function probesOf(narrative: string | undefined, reportYear: number | null): readonly Probe[] {
  const byYear = memo(PROBES, narrative ?? '', 16, () => new Map<number | null, readonly Probe[]>());
  let probes = byYear.get(reportYear);
  if (!probes) {
    const found: Probe[] = [];
    analyseTemplate(narrative).paragraphs.forEach((paragraph, p) => scanParagraph(paragraph, p, reportYear, found));
    byYear.set(reportYear, (probes = found));
  }
  return probes;
}

function readingsOf(report: ReportData, cache: Cache, probe: Probe): Reading[] {
  const readings: Reading[] = [];
  if (probe.kind === 'application') table3Readings(report, cache, probe.sense!, probe.segment, readings);
  else if (probe.kind === 'documents') table2Readings(report, cache, readings);
  else table4Readings(report, cache, probe.kind, probe.segment, readings);
  return readings;
}

export interface NumberCheckOptions {
  paragraphCells?: readonly string[];
}

export function checkNarrativeNumbers(report: ReportData, options: NumberCheckOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const cache: Cache = new Map();
  const reportYear = typeof report.year === 'number' ? report.year : typeof report.year === 'string' && /^\s*\d{4}\s*$/.test(report.year) ? Number(report.year) : null;
  for (const n of probesOf(report.narrative, reportYear)) {
    const readings = readingsOf(report, cache, n);
    if (readings.length === 0 || readings.some((r) => r.value === n.value)) continue;
    const p = n.paragraph;
    const likely = readings[0];
    const cell = options.paragraphCells?.[p];
    const chars = Array.from(n.sentence.trim());
    const excerpt = chars.slice(0, 40).join('') + (chars.length > 40 ? '…' : '');
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
      ...(cell && likely.placeholder
        ? {
            fix: {
              cell,
              find: n.sentence,
              replace: n.sentence.replace(n.text, n.text.replace(/^[0-9０-９零〇一二两三四五六七八九十百]+[ \t\u00a0\u3000]*/, `${likely.placeholder} `)),
            },
          }
        : {}),
    });
  }
  return issues;
}

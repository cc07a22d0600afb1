/**
 * The narrative template: `{{name}}` placeholders filled from named cells and values,
 * `**text**` for bold, sections found by their official headings. Pure functions.
 */
import { formatNumber } from './cell-value';
import { SECTION_HEADINGS, TABLES, type TableKey, type ValueKind } from './format';
import { normalizeLabel } from './labels';
import { tableData, type CellValue, type Issue, type ReportData } from './model';

/** The template's paragraphs: separated by blank lines (one workbook row each). */
export function templateParagraphs(narrative: string | undefined): string[] {
  return analyseTemplate(narrative).paragraphs.slice();
}

function splitParagraphs(narrative: string): string[] {
  return narrative
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** What the checks need from a template's text alone, computed once per text (see `memo`). */
export interface TemplateAnalysis {
  readonly paragraphs: readonly string[];
  /** Which official section each paragraph heads (−1: none). */
  readonly sections: readonly number[];
  /** The placeholder names of each paragraph. */
  readonly placeholders: readonly (readonly string[])[];
  /** Whether section 六's own words (before filling placeholders) mention 信息处理费. */
  readonly sixMentionsFee: boolean;
}

/**
 * A small cache by text: the task pane re-checks the same template after each edit of a number,
 * `checkReport` and `buildDocument` read it more than once, and a county's merge reads the same
 * template in many units. Keyed by the whole text; the oldest entry goes first.
 */
export function memo<T>(cache: Map<string, T>, key: string, limit: number, make: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

const ANALYSES = new Map<string, TemplateAnalysis>();

export function analyseTemplate(narrative: string | undefined): TemplateAnalysis {
  return memo(ANALYSES, narrative ?? '', 16, () => {
    const paragraphs = splitParagraphs(narrative ?? '');
    const sections = paragraphs.map(sectionOf);
    const six = sections.indexOf(5);
    return {
      paragraphs,
      sections,
      placeholders: paragraphs.map(placeholdersIn),
      sixMentionsFee: six >= 0 && paragraphs.slice(six + 1).some((p) => p.includes('信息处理费')),
    };
  });
}

// Linear: no nested quantifiers (the name is trimmed in code, not by the pattern).
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

export function placeholdersIn(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (m) => m[1].trim());
}

export interface Resolution {
  /** Whether the name exists at all. */
  known: boolean;
  value: CellValue;
  kind?: ValueKind;
}

const TABLE_CELL_NAME = /^(table[234])\.([A-Za-z]+)\.([A-Za-z]+)$/;

/**
 * What a placeholder name stands for: `agency`/`year` (or `info.agency`/`info.year`), the other
 * `info.*` fields, a table cell (`table3.newRequests.total`), or a named value.
 */
export function resolveName(report: ReportData, name: string): Resolution {
  const key = name.startsWith('info.') ? name.slice(5) : name;
  if (key === 'agency') return { known: true, value: report.agency ?? null };
  if (key === 'year') return { known: true, value: report.year ?? null, kind: 'count' };
  if (name.startsWith('info.')) {
    const info: unknown = report.info;
    const known = typeof info === 'object' && info !== null && Object.prototype.hasOwnProperty.call(info, key);
    return { known, value: known ? ((info as Record<string, CellValue>)[key] ?? null) : null };
  }
  const cell = name.startsWith('table') ? TABLE_CELL_NAME.exec(name) : null;
  if (cell) {
    const table = TABLES.find((t) => t.key === cell[1]);
    const row = table?.rows.find((r) => r.key === cell[2]);
    const column = row && table!.columns.find((c) => c.key === cell[3] && (!row.columns || row.columns.includes(c.key)));
    if (!table || !row || !column) return { known: false, value: null };
    const value = tableData(report, table.key)[row.key]?.[column.key];
    return { known: true, value: value ?? null, kind: column.kind };
  }
  const values = report.values ?? {};
  if (Object.prototype.hasOwnProperty.call(values, name)) return { known: true, value: values[name] ?? null };
  return { known: false, value: null };
}

/** A value as the report prints it: whole numbers plain, amounts with their decimals. */
export function formatValue(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  return value;
}

function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** The template text with every placeholder filled (unknown or blank ones left as typed). */
export function fillPlaceholders(text: string, report: ReportData): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const found = resolveName(report, name.trim());
    return found.known && !isBlank(found.value) ? formatValue(found.value) : whole;
  });
}

// ---------------------------------------------------------------------------------------
// The document model the renderers share

export interface Inline {
  text: string;
  bold?: boolean;
  /** A lead phrase set in the second heading level's face (楷体), e.g. "（一）围绕…。". */
  lead?: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: Inline[] }
  | { kind: 'paragraph'; runs: Inline[] }
  | { kind: 'table'; table: TableKey };

export interface ReportDocument {
  title: string;
  blocks: Block[];
  /** Set when the report has open errors: the reason shown on a draft. */
  draft: string | null;
}

/** `**bold**` spans; an unpaired `**` stays as typed. */
export function parseBold(text: string): Inline[] {
  const parts = text.split('**');
  if (parts.length % 2 === 0) return [{ text }];
  return parts.map((part, i) => (i % 2 === 1 ? { text: part, bold: true } : { text: part })).filter((r) => r.text !== '');
}

const LEVEL1 = /^[一二三四五六七八九十]+、/;
const LEVEL2 = /^[（(][一二三四五六七八九十]+[）)]/;
const LEVEL3 = /^\d+[.．、]/;

function plain(text: string): string {
  return text.replace(/\*\*/g, '');
}

/** A paragraph standing alone as a heading: short, with no sentence end. */
function headingLevel(text: string): 1 | 2 | 3 | null {
  const t = plain(text);
  if (Array.from(t).length > 40 || /[。；！？]$/.test(t)) return null;
  if (LEVEL1.test(t)) return 1;
  if (LEVEL2.test(t)) return 2;
  if (LEVEL3.test(t)) return 3;
  return null;
}

function paragraphRuns(text: string): Inline[] {
  const runs = parseBold(text);
  // "（一）围绕高质量发展强化信息公开。正文……": the lead sentence in the heading face.
  const first = runs[0];
  if (first && !first.bold && LEVEL2.test(first.text)) {
    const end = first.text.indexOf('。');
    if (end > 0 && end <= 40) {
      return [{ text: first.text.slice(0, end + 1), lead: true }, ...(end + 1 < first.text.length ? [{ text: first.text.slice(end + 1) }] : []), ...runs.slice(1)];
    }
  }
  return runs;
}

function looksLikeTitle(text: string): boolean {
  const t = plain(text);
  return /年度报告$/.test(t) && Array.from(t).length <= 80 && !t.includes('。');
}

const NORMALIZED_HEADINGS = SECTION_HEADINGS.map((heading) => normalizeLabel(heading));
const LONGEST_HEADING = Math.max(...SECTION_HEADINGS.map((h) => h.length));

/** Which of the six official sections a paragraph heads, if any (index 0–5). */
export function sectionOf(text: string): number {
  // Only a short paragraph opening with a numeral can be a heading: skip the others cheaply.
  if (text.length > LONGEST_HEADING + 20 || !/^\s*(\*\*)?\s*[一二三四五六]/.test(text)) return -1;
  return NORMALIZED_HEADINGS.indexOf(normalizeLabel(plain(text)));
}

/** Sections that hold a table, by index of SECTION_HEADINGS. */
const TABLE_SECTIONS: Record<number, TableKey> = { 1: 'table2', 2: 'table3', 3: 'table4' };

export function defaultTitle(report: ReportData): string {
  return `${report.agency ?? ''}${report.year ?? ''}年政府信息公开工作年度报告`;
}

/** Template + data → the finished report as blocks; each table follows its section heading. */
export function buildDocument(report: ReportData, options: { draft?: string | null } = {}): ReportDocument {
  const paragraphs = templateParagraphs(report.narrative).map((p) => fillPlaceholders(p, report));
  let title = defaultTitle(report);
  if (paragraphs.length > 0 && looksLikeTitle(paragraphs[0]) && sectionOf(paragraphs[0]) < 0) title = plain(paragraphs.shift()!);
  const blocks: Block[] = [];
  const placed = new Set<TableKey>();
  for (const text of paragraphs) {
    const level = headingLevel(text);
    if (level) blocks.push({ kind: 'heading', level, runs: parseBold(text) });
    else blocks.push({ kind: 'paragraph', runs: paragraphRuns(text) });
    const table = TABLE_SECTIONS[sectionOf(text)];
    if (table && !placed.has(table)) {
      blocks.push({ kind: 'table', table });
      placed.add(table);
    }
  }
  // A template missing a table's heading still publishes every table (its section is reported).
  for (const [index, table] of Object.entries(TABLE_SECTIONS)) {
    if (!placed.has(table)) blocks.push({ kind: 'heading', level: 1, runs: [{ text: SECTION_HEADINGS[Number(index)] }] }, { kind: 'table', table });
  }
  return { title, blocks, draft: options.draft ?? null };
}

/** A table cell as printed: numbers formatted, text as typed, blank empty. */
export function cellText(report: ReportData, id: string): string {
  const [table, row, column] = id.split('.') as [TableKey, string, string];
  return formatValue(tableData(report, table)[row]?.[column] ?? null);
}

// ---------------------------------------------------------------------------------------
// Narrative checks

/** The workbook's name of the template's first paragraph; unreadable when the template is gone. */
export const NARRATIVE_SOURCE = 'narrative.text';

/** The workbook's name of the values table; unreadable when that table is gone. */
export const VALUES_SOURCE = 'values.header';

export interface NarrativeCheckOptions {
  /** Address of each named cell (`info.year` → `基本信息!B5`, value names, table cell ids). */
  addresses?: ReadonlyMap<string, string>;
  /** Address of each template paragraph, by index (`正文!A7`). */
  paragraphCells?: readonly string[];
  /** Cells a structural issue already reports as unreadable: no placeholder issue of their own. */
  unreadable?: ReadonlySet<string>;
}

function narrativeIssue(rule: Issue['rule'], severity: Issue['severity'], message: string, cells: (string | undefined)[], extra: Partial<Issue> = {}): Issue {
  return {
    rule,
    severity,
    table: 'narrative',
    row: null,
    column: null,
    cells: cells.filter((c): c is string => c !== undefined),
    expected: null,
    actual: null,
    message,
    ...extra,
  };
}

const EMPTY_SECTION = /^(无|没有|暂无|无。|没有。|暂无。|无问题。?)$/;

export function checkNarrative(report: ReportData, options: NarrativeCheckOptions = {}): Issue[] {
  // The template could not be read at all: a structural issue already says so.
  if (options.unreadable?.has(NARRATIVE_SOURCE)) return [];
  const analysis = analyseTemplate(report.narrative);
  const paragraphs = analysis.paragraphs;
  const where = (i: number) => options.paragraphCells?.[i];
  const issues: Issue[] = [];
  if (paragraphs.length === 0) {
    return [narrativeIssue('NARRATIVE_SECTION', 'error', '报告正文为空：缺少“一、总体情况”至“六、其他需要报告的事项”六个部分', [], { expected: SECTION_HEADINGS.length, actual: 0 })];
  }

  // Placeholders.
  analysis.placeholders.forEach((names, i) => {
    for (const name of names) {
      const found = resolveName(report, name);
      if ((found.known && !isBlank(found.value)) || options.unreadable?.has(name)) continue;
      // With the values sheet gone, a name not found may well have been there.
      if (!found.known && options.unreadable?.has(VALUES_SOURCE)) continue;
      const named = options.addresses?.get(name.replace(/^(agency|year)$/, 'info.$1'));
      const message = found.known
        ? `正文第 ${i + 1} 段：{{${name}}} 引用的${named ? `单元格 ${named} ` : '值'}为空，请先填写`
        : `正文第 ${i + 1} 段：{{${name}}} 没有对应的命名单元格或数值；请检查名称是否写错，或在“数据”表中添加“${name}”`;
      issues.push(narrativeIssue('NARRATIVE_PLACEHOLDER', 'error', message, [where(i), named], { actual: `{{${name}}}` }));
    }
  });

  // Sections: all six, in order.
  const sections = analysis.sections;
  const positions = SECTION_HEADINGS.map((_, s) => sections.indexOf(s));
  SECTION_HEADINGS.forEach((heading, s) => {
    if (positions[s] < 0) issues.push(narrativeIssue('NARRATIVE_SECTION', 'error', `正文缺少第${heading.slice(0, 1)}部分的标题“${heading}”`, [], { expected: heading }));
  });
  let last = -1;
  let lastSection = -1;
  SECTION_HEADINGS.forEach((heading, s) => {
    const at = positions[s];
    if (at < 0) return;
    if (at < last) {
      issues.push(
        narrativeIssue('NARRATIVE_SECTION', 'error', `正文标题“${heading}”出现在“${SECTION_HEADINGS[lastSection]}”之前；六个部分应按一至六的顺序排列`, [where(at)], {
          expected: heading,
          actual: paragraphs[at],
        }),
      );
      return;
    }
    last = at;
    lastSection = s;
  });

  // Section 五 not empty (nor just "无").
  const five = positions[4];
  if (five >= 0) {
    const end = positions.slice(5).find((p) => p > five) ?? paragraphs.length;
    const body = paragraphs.slice(five + 1, end).filter((_, i) => sections[five + 1 + i] < 0);
    if (body.length === 0 || body.every((p) => EMPTY_SECTION.test(plain(p)))) {
      issues.push(
        narrativeIssue('NARRATIVE_SECTION', 'error', '第五部分“存在的主要问题及改进情况”没有内容（或只写了“无”）：应写明存在的主要问题和改进措施', [where(five)], {
          expected: SECTION_HEADINGS[4],
        }),
      );
    }
  }

  // Section 六 states the information-processing fee.
  const six = positions[5];
  if (six >= 0) {
    // The words usually say it; only otherwise can a placeholder's value.
    if (!analysis.sixMentionsFee && !fillPlaceholders(paragraphs.slice(six + 1).join('\n'), report).includes('信息处理费')) {
      issues.push(
        narrativeIssue(
          'NARRATIVE_FEE',
          'warning',
          '第六部分没有说明信息处理费的收取情况：按《政府信息公开信息处理费管理办法》，应写明本年收取的金额，或“本机关本年未收取信息处理费”',
          [where(six)],
        ),
      );
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------
// Declared breakdowns of narrative values (主动公开信息总数 = the sum of its categories)

function numeric(value: CellValue): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function checkBreakdowns(report: ReportData, addresses?: ReadonlyMap<string, string>): Issue[] {
  const issues: Issue[] = [];
  for (const [total, parts] of Object.entries(report.breakdowns ?? {})) {
    const cells = [total, ...parts].map((n) => addresses?.get(n));
    const totalValue = resolveName(report, total);
    const partValues = parts.map((p) => ({ name: p, found: resolveName(report, p) }));
    const unknown = [total, ...parts].filter((_, i) => !(i === 0 ? totalValue : partValues[i - 1].found).known);
    if (unknown.length > 0) {
      issues.push(
        narrativeIssue('VALUE_BREAKDOWN', 'error', `正文数据“${total}”的构成中，${unknown.map((n) => `“${n}”`).join('、')}不存在；请检查“数据”表中的名称`, cells, { row: total }),
      );
      continue;
    }
    const t = numeric(totalValue.value);
    const values = partValues.map((p) => numeric(p.found.value));
    const bad = [total, ...parts].filter((_, i) => (i === 0 ? t : values[i - 1]) === null);
    if (bad.length > 0) {
      issues.push(narrativeIssue('VALUE_BREAKDOWN', 'error', `正文数据${bad.map((n) => `“${n}”`).join('、')}不是数字，无法核对“${total}”的构成`, cells, { row: total }));
      continue;
    }
    const sum = Number(values.reduce((a, b) => a! + b!, 0)!.toPrecision(12));
    if (sum !== t) {
      const terms = parts.map((p, i) => `${p}(${formatNumber(values[i]!)})`).join(' + ');
      issues.push(
        narrativeIssue('VALUE_BREAKDOWN', 'error', `正文数据“${total}”为 ${formatNumber(t!)}，但其构成 ${terms} = ${formatNumber(sum)}`, cells, {
          row: total,
          expected: sum,
          actual: t,
        }),
      );
    }
  }
  return issues;
}

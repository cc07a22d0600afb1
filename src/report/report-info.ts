/**
 * REPORT_INFO: the basic facts a supervisor checks first — the agency is named, the report year
 * is one year and the same in the title and the narrative, last year's report is last year's,
 * and the title has the official form "××××年政府信息公开工作年度报告" (or the older
 * "××××年度政府信息公开工作报告").
 *
 * NARRATIVE_TYPO: slips the eye misses in a template (《《, half-width brackets in a heading
 * "(六)", doubled punctuation), each with a one-click correction.
 */
import type { Issue, ReportData } from './model';
import { analyseTemplate, fillPlaceholders, memo, sectionOf } from './narrative';

export interface ReportInfoOptions {
  /** Last year's report (from `--previous` or the 上年数据 sheet). */
  previous?: ReportData;
  /** Address of each named cell (`info.year` → `基本信息!B5`). */
  addresses?: ReadonlyMap<string, string>;
  /** Address of each template paragraph, by index (`正文!A7`). */
  paragraphCells?: readonly string[];
  /** Cells a structural issue already reports as unreadable. */
  unreadable?: ReadonlySet<string>;
}

function issue(row: string, severity: Issue['severity'], message: string, cells: (string | undefined)[], expected: Issue['expected'], actual: Issue['actual']): Issue {
  return { rule: 'REPORT_INFO', severity, table: 'report', row, column: null, cells: cells.filter((c): c is string => c !== undefined), expected, actual, message };
}

/** A year as a number (2023, "2023", "2023年"), or null. */
export function yearOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/年度?$/, '') : '';
  if (!/^\d{4}$/.test(text)) return null;
  const year = Number(text);
  return year >= 1990 && year <= 2100 ? year : null;
}

const TITLE_FORMS = [/^(.*?)(\d{4})年政府信息公开工作年度报告$/, /^(.*?)(\d{4})年度政府信息公开工作报告$/];
/** A first paragraph that is meant as the title: short, no sentence, about the report. */
const TITLE_LIKE = /政府信息公开.*报告$/;

/** Years a narrative states for the report itself, with where. */
const STATED_YEARS: RegExp[] = [/(\d{4})\s*年\s*1\s*月\s*1\s*日/g, /(\d{4})\s*年\s*12\s*月\s*31\s*日(?!前|以前|之前)/g, /(\d{4})\s*年度?\s*政府信息公开工作(?:年度)?报告/g];

function excerpt(text: string, at: number): string {
  const chars = Array.from(text);
  const start = Math.max(0, Array.from(text.slice(0, at)).length - 10);
  const part = chars.slice(start, start + 30).join('');
  return `${start > 0 ? '…' : ''}${part}${start + 30 < chars.length ? '…' : ''}`;
}

interface StatedYear {
  paragraph: number;
  year: number;
  excerpt: string;
}

const STATED = new Map<string, readonly StatedYear[]>();

/**
 * The years typed where a report states its own year, in reading order: in the paragraphs before
 * 一、总体情况 (not the title, checked on its own) and the first one after it. Text only, so
 * computed once per template; a {{year}} placeholder always states the report's year.
 */
function statedYears(narrative: string | undefined): readonly StatedYear[] {
  return memo(STATED, narrative ?? '', 16, () => {
    const paragraphs = analyseTemplate(narrative).paragraphs;
    const sections = analyseTemplate(narrative).sections;
    const one = sections.indexOf(0);
    const first = paragraphs[0]?.replace(/\s+/g, '') ?? '';
    const titled = sections[0] < 0 && !/[。；]/.test(first) && TITLE_LIKE.test(first);
    const out: StatedYear[] = [];
    paragraphs.forEach((paragraph, i) => {
      if ((titled && i === 0) || !(one < 0 ? i < 3 : i < one || i === one + 1)) return;
      const text = paragraph.replace(/\{\{[^{}]*\}\}/g, (m) => ' '.repeat(m.length));
      const found: { year: number; index: number }[] = [];
      for (const pattern of STATED_YEARS) for (const m of text.matchAll(pattern)) found.push({ year: Number(m[1]), index: m.index });
      if (i === one + 1) {
        const opening = /^\s*(\d{4})\s*年(?!\s*\d)/.exec(text);
        if (opening) found.push({ year: Number(opening[1]), index: 0 });
      }
      for (const f of found.sort((a, b) => a.index - b.index)) out.push({ paragraph: i, year: f.year, excerpt: excerpt(paragraph, f.index) });
    });
    return out;
  });
}

export function checkReportInfo(report: ReportData, options: ReportInfoOptions = {}): Issue[] {
  const issues: Issue[] = [];
  const at = (name: string) => options.addresses?.get(name);
  const infoReadable = !options.unreadable?.has('info.agency') && !options.unreadable?.has('agency');

  if (infoReadable && (typeof report.agency !== 'string' || report.agency.trim() === '')) {
    issues.push(issue('agency', 'error', '基本信息的“机关名称”为空：年报的标题和正文都要写明发布机关的全称', [at('info.agency')], null, null));
  }
  const year = yearOf(report.year);
  if (infoReadable && year === null) {
    const typed = report.year === null || report.year === undefined || String(report.year).trim() === '' ? null : String(report.year);
    issues.push(
      issue(
        'year',
        'error',
        typed === null ? '基本信息的“报告年度”为空：请填四位数的年度，如 2023' : `基本信息的“报告年度”“${typed}”不是四位数的年度，请填如 2023`,
        [at('info.year')],
        null,
        typed,
      ),
    );
  }

  // The title: the template's first paragraph when it is one, else the one nianbao writes.
  const paragraphs = analyseTemplate(report.narrative).paragraphs;
  const first = paragraphs[0];
  const firstFilled = first !== undefined ? fillPlaceholders(first, report).replace(/\*\*/g, '').replace(/\s+/g, '') : '';
  const hasTitle = first !== undefined && sectionOf(first) < 0 && Array.from(firstFilled).length <= 80 && !/[。；]/.test(firstFilled) && TITLE_LIKE.test(firstFilled);
  if (hasTitle) {
    const form = TITLE_FORMS.map((f) => f.exec(firstFilled)).find((m) => m !== null);
    // A placeholder left unfilled (blank year) is reported on its own.
    if (!form && !firstFilled.includes('{{')) {
      issues.push(
        issue(
          'title',
          'warning',
          `标题“${firstFilled}”不是官方的写法：应为“（机关名称）××××年政府信息公开工作年度报告”（或“××××年度政府信息公开工作报告”）`,
          [options.paragraphCells?.[0]],
          null,
          firstFilled,
        ),
      );
    } else if (form && year !== null && Number(form[2]) !== year) {
      issues.push(
        issue(
          'year',
          'error',
          `标题写的是 ${form[2]} 年，但报告年度为 ${year}：标题、正文和各表须是同一年度`,
          [options.paragraphCells?.[0], at('info.year')],
          year,
          Number(form[2]),
        ),
      );
    }
  }

  // Years the narrative states for the report (typed, not {{year}}): the statistics period, the
  // report's own name, the opening of 一、总体情况.
  if (year !== null) {
    const wrong = statedYears(report.narrative).find((s) => s.year !== year);
    if (wrong) {
      issues.push(
        issue(
          'year',
          'error',
          `正文第 ${wrong.paragraph + 1} 段写的是 ${wrong.year} 年（“${wrong.excerpt}”），但报告年度为 ${year}：可能沿用了上年的正文；建议改用 {{year}}`,
          [options.paragraphCells?.[wrong.paragraph], at('info.year')],
          year,
          wrong.year,
        ),
      );
    }
  }

  // Last year's report.
  const previous = options.previous ?? (typeof report.previousYear === 'object' ? report.previousYear : undefined);
  const previousYear = previous ? yearOf(previous.year) : null;
  if (year !== null && previousYear !== null && previousYear !== year - 1) {
    const same = previousYear === year;
    issues.push(
      issue(
        'previousYear',
        same ? 'error' : 'warning',
        same
          ? `上年报告的年度（${previousYear}）与本年报告相同：跨年度核对需要 ${year - 1} 年的报告，请检查所选的上年文件`
          : `上年报告的年度为 ${previousYear}，不是 ${year - 1}：跨年度核对应使用上一年度的报告`,
        [at('previous.year')],
        year - 1,
        previousYear,
      ),
    );
  }
  return issues;
}

// ---------------------------------------------------------------------------------------
// OLD_TEMPLATE for a report file

/** The format a report read from a 2019 trial-format page or workbook is marked with. */
export const OLD_FORMAT = '2019';

/**
 * A report in the 2019 trial format cannot be checked cell by cell against the 2021 tables (its
 * cells have other meanings, and the 2021-only cells would all read as blank): say so once.
 * Reading a workbook or page already reports OLD_TEMPLATE with the signs it saw; a report file
 * marked `"format": "2019"` (as `nianbao import` writes for such a page) gets it here.
 */
export function oldFormatIssues(report: ReportData, readIssues: readonly Issue[] = []): Issue[] {
  if (report.format !== OLD_FORMAT || readIssues.some((i) => i.rule === 'OLD_TEMPLATE')) return [];
  return [
    {
      rule: 'OLD_TEMPLATE',
      severity: 'error',
      table: 'report',
      row: null,
      column: null,
      cells: [],
      expected: '2021',
      actual: OLD_FORMAT,
      message: '这份年报数据是 2019 年试行格式（"format": "2019"），表格的行列与国办公开办函〔2021〕30号格式不同，不能逐格校验；请按 2021 年格式重新填报，或把原来的工作簿转换为 2021 年格式后再校验',
    },
  ];
}

// ---------------------------------------------------------------------------------------
// NARRATIVE_TYPO

const TYPOS: { pattern: RegExp; replace: (m: string) => string; say: string }[] = [
  { pattern: /《《+|》》+/g, replace: (m) => m[0], say: '书名号重复' },
  { pattern: /。。+|，，+|、、+/g, replace: (m) => m[0], say: '标点重复' },
];
/** A heading or lead "(六)" typed with half-width brackets. */
const HALF_WIDTH_HEADING = /^(\*\*)?\(([一二三四五六七八九十]+)\)/;

interface Typo {
  paragraph: number;
  find: string;
  replace: string;
  say: string;
}

const TYPOS_BY_TEXT = new Map<string, readonly Typo[]>();

function typosOf(narrative: string | undefined): readonly Typo[] {
  return memo(TYPOS_BY_TEXT, narrative ?? '', 16, () => {
    const found: Typo[] = [];
    analyseTemplate(narrative).paragraphs.forEach((paragraph, i) => {
      for (const typo of TYPOS) for (const m of paragraph.matchAll(typo.pattern)) found.push({ paragraph: i, find: m[0], replace: typo.replace(m[0]), say: typo.say });
      const heading = HALF_WIDTH_HEADING.exec(paragraph);
      if (heading) found.push({ paragraph: i, find: `(${heading[2]})`, replace: `（${heading[2]}）`, say: '标题序号用了半角括号' });
    });
    return found;
  });
}

export function checkTypos(report: ReportData, options: { paragraphCells?: readonly string[] } = {}): Issue[] {
  const issues: Issue[] = [];
  for (const f of typosOf(report.narrative)) {
    const i = f.paragraph;
    const cell = options.paragraphCells?.[i];
    issues.push({
      rule: 'NARRATIVE_TYPO',
      severity: 'info',
      table: 'narrative',
      row: null,
      column: null,
      cells: cell ? [cell] : [],
      expected: f.replace,
      actual: f.find,
      message: `正文第 ${i + 1} 段${f.say}：“${f.find}”应为“${f.replace}”`,
      ...(cell ? { fix: { cell, find: f.find, replace: f.replace } } : {}),
    });
  }
  return issues;
}

/**
 * NARRATIVE_REPEAT: how much of this year's narrative is last year's text again.
 *
 * Assessors mark down reports that repeat last year's. Both narratives are reduced to their own
 * words — headings, document titles in 《》, the fixed official sentences (legal basis, 统计期限,
 * 电子版, 信息处理费 …), placeholders, punctuation and spaces left out; every digit run reads as one
 * mark, so a copied sentence with a new year is still a copy. A character of this year's text is
 * repeated when a run of SHINGLE characters through it also occurs in last year's. Linear: a set
 * of last year's shingles, one pass over this year's; both texts capped at MAX_CHARS.
 */
import { SECTION_HEADINGS } from './format';
import type { Issue, ReportData } from './model';
import { analyseTemplate } from './narrative';

/** Characters in a run that must match: long enough that shared official vocabulary does not. */
export const SHINGLE = 12;
/** Warn from this share (percent) of this year's own words repeated. */
export const REPEAT_THRESHOLD = 30;
/** Passages shown in the issue. */
const PASSAGES = 3;
/** Shorter repeated runs are not shown as passages. */
const MIN_PASSAGE = 20;
/** Bound on the characters compared from each narrative. */
const MAX_CHARS = 200_000;

/** Sentences every report must carry in much the same words. */
const FIXED_SENTENCE =
  /本报告|本年度报告|本年报|统计期限|数据统计|电子版|如对本?报告|请联系|联系电话|信息处理费|国办公开办函|根据《中华人民共和国政府信息公开条例》|依据《中华人民共和国政府信息公开条例》|按照《中华人民共和国政府信息公开条例》/;
const HEADINGS: ReadonlySet<string> = new Set(SECTION_HEADINGS);
/** A document title in 《》 (《中华人民共和国政府信息公开条例》): fixed words, not the writer's. */
const BOOK_TITLE = /《[^《》]{0,60}》/g;
const PLACEHOLDER_TEXT = /\{\{[^{}]*\}\}/g;
const SENTENCE = /[^。；！？]+[。；！？]*/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGIT = /[0-9０-９]/;

interface Own {
  /** The normalised characters. */
  chars: string;
  /** For each of them: paragraph index and offset in that paragraph. */
  paragraph: number[];
  offset: number[];
}

function isHeading(text: string): boolean {
  const t = text.replace(/\*\*/g, '').trim();
  if (HEADINGS.has(t)) return true;
  // A short line without a sentence end is a heading or the title.
  return Array.from(t).length <= 30 && !/[。；！？，]/.test(t);
}

/** A narrative's own words, normalised, with where each character came from. */
function ownWords(narrative: string | undefined, withPositions: boolean): Own {
  const own: Own = { chars: '', paragraph: [], offset: [] };
  const parts: string[] = [];
  let length = 0;
  analyseTemplate(narrative).paragraphs.forEach((paragraph, p) => {
    if (length >= MAX_CHARS || isHeading(paragraph)) return;
    // Blank out what is not compared, keeping offsets.
    const masked = paragraph.replace(PLACEHOLDER_TEXT, (m) => ' '.repeat(m.length)).replace(BOOK_TITLE, (m) => ' '.repeat(m.length));
    SENTENCE.lastIndex = 0;
    for (let m = SENTENCE.exec(masked); m; m = SENTENCE.exec(masked)) {
      if (FIXED_SENTENCE.test(paragraph.slice(m.index, m.index + m[0].length))) continue;
      let inDigits = false;
      for (let i = m.index; i < m.index + m[0].length && length < MAX_CHARS; i++) {
        const ch = masked[i];
        if (DIGIT.test(ch)) {
          if (inDigits) continue;
          inDigits = true;
          parts.push('#');
        } else if (WORD_CHAR.test(ch)) {
          inDigits = false;
          parts.push(ch);
        } else {
          continue;
        }
        length++;
        if (withPositions) {
          own.paragraph.push(p);
          own.offset.push(i);
        }
      }
    }
  });
  own.chars = parts.join('');
  return own;
}

export interface RepeatedPassage {
  /** The passage as typed in this year's template (shortened when long). */
  text: string;
  /** 1-based paragraph of this year's template. */
  paragraph: number;
  /** Its length in compared characters. */
  length: number;
}

export interface RepeatResult {
  /** Percent (0–100) of this year's own words found in last year's narrative. */
  share: number;
  passages: RepeatedPassage[];
}

/** How much of `current` repeats `previous` (both narrative templates). */
export function measureRepeat(current: string | undefined, previous: string | undefined): RepeatResult {
  const now = ownWords(current, true);
  const before = ownWords(previous, false).chars;
  const n = now.chars.length;
  if (n < SHINGLE || before.length < SHINGLE) return { share: 0, passages: [] };
  const seen = new Set<string>();
  for (let i = 0; i + SHINGLE <= before.length; i++) seen.add(before.slice(i, i + SHINGLE));
  const covered = new Uint8Array(n);
  let reach = -1;
  for (let i = 0; i + SHINGLE <= n; i++) {
    if (!seen.has(now.chars.slice(i, i + SHINGLE))) continue;
    for (let j = Math.max(i, reach + 1); j < i + SHINGLE; j++) covered[j] = 1;
    reach = i + SHINGLE - 1;
  }
  let total = 0;
  const runs: { start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (!covered[i]) continue;
    total++;
    const last = runs[runs.length - 1];
    // A run continues within one paragraph.
    if (last && last.end === i - 1 && now.paragraph[i] === now.paragraph[last.start]) last.end = i;
    else runs.push({ start: i, end: i });
  }
  const share = Math.round((total / n) * 100);
  const paragraphs = analyseTemplate(current).paragraphs;
  const passages = runs
    .filter((r) => r.end - r.start + 1 >= MIN_PASSAGE)
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
    .slice(0, PASSAGES)
    .map((r) => {
      const p = now.paragraph[r.start];
      const typed = Array.from(paragraphs[p].slice(now.offset[r.start], now.offset[r.end] + 1));
      return { text: typed.length > 60 ? typed.slice(0, 60).join('') + '…' : typed.join(''), paragraph: p + 1, length: r.end - r.start + 1 };
    });
  return { share, passages };
}

export interface RepeatCheckOptions {
  /** Last year's report (from `--previous` or the 上年数据 sheet). */
  previous?: ReportData;
  /** Address of each template paragraph, by index (`正文!A7`). */
  paragraphCells?: readonly string[];
}

/** Last year's narrative: the given previous report's, else the report file's own `previousYear`. */
export function previousNarrative(report: ReportData, previous?: ReportData): string | undefined {
  if (previous?.narrative) return previous.narrative;
  return typeof report.previousYear === 'object' ? report.previousYear.narrative : undefined;
}

export function checkRepeat(report: ReportData, options: RepeatCheckOptions = {}): Issue[] {
  const last = previousNarrative(report, options.previous);
  if (!last || !report.narrative) return [];
  const { share, passages } = measureRepeat(report.narrative, last);
  if (share < REPEAT_THRESHOLD) return [];
  const cells = [...new Set(passages.map((p) => options.paragraphCells?.[p.paragraph - 1]).filter((c): c is string => c !== undefined))];
  const shown = passages.map((p) => `第 ${p.paragraph} 段“${p.text}”`).join('；');
  return [
    {
      rule: 'NARRATIVE_REPEAT',
      severity: 'warning',
      table: 'narrative',
      row: null,
      column: null,
      cells,
      expected: null,
      actual: share,
      message:
        `正文约 ${share}% 与上年报告的正文相同（不计标题、法规名称和统计期限、联系方式等固定表述）` +
        (shown ? `；重复最长的是${shown}` : '') +
        '。照搬上年的年报会被评估扣分，请按本年的实际工作改写',
      passages: passages.map(({ text, paragraph }) => ({ text, paragraph })),
    },
  ];
}

/**
 * NARRATIVE_REPEAT: a narrative copied from last year's is reported with its share and passages;
 * a rewritten one is not; the fixed official phrasing alone never counts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli/main';
import { checkReport, SECTION_HEADINGS, type Issue, type ReportData } from '../src/report';
import { checkRepeat, measureRepeat, REPEAT_THRESHOLD } from '../src/report/repeat';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../src/workbook/port';
import { CORPUS } from './corpus/narrative-sentences';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import { sample } from './helpers';

/** The sample as last year's report: the same words, its own year typed in. */
function copiedLastYear(): ReportData {
  const last = sample();
  last.year = 2022;
  last.narrative = last.narrative!.replace(/\{\{year\}\}/g, '2022').replace(/\{\{agency\}\}/g, '海原县西安镇人民政府');
  return last;
}

/** What every report writes in the same words: headings, legal basis, period, contact, fee. */
function fixedOnly(year: number, body: string[][]): string {
  const paragraphs = [
    `海原县西安镇人民政府 ${year} 年政府信息公开工作年度报告`,
    `根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息公开与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30 号）要求，现发布本年度报告。本报告数据统计从 ${year} 年 1 月 1 日至 ${year} 年 12 月 31 日。本报告电子版在海原县人民政府网站予以公布。如对本报告有疑问，请联系：海原县西安镇综合办公室，电话：0955-4719171。`,
  ];
  SECTION_HEADINGS.forEach((heading, i) => {
    paragraphs.push(heading, ...(body[i] ?? []));
  });
  paragraphs.push(`本机关 ${year} 年未收取信息处理费。`);
  return paragraphs.join('\n\n');
}

const repeatOf = (issues: Issue[]) => issues.filter((i) => i.rule === 'NARRATIVE_REPEAT');

describe('NARRATIVE_REPEAT', () => {
  it('reports a narrative copied from last year, with its share and the longest passages', () => {
    const report = { ...sample(), previousYear: copiedLastYear() };
    const cells = report.narrative!.split('\n\n').map((_, i) => `正文!A${4 + i}`);
    const [issue] = repeatOf(checkReport(report, { paragraphCells: cells }));
    expect(issue).toMatchObject({ severity: 'warning', table: 'narrative' });
    expect(issue.actual).toBeGreaterThanOrEqual(95);
    expect(issue.message).toContain(`正文约 ${issue.actual}% 与上年报告的正文相同`);
    expect(issue.passages!.length).toBe(3);
    for (const p of issue.passages!) expect(report.narrative!.split('\n\n')[p.paragraph - 1]).toContain(p.text.replace(/…$/, ''));
    expect(issue.cells.length).toBeGreaterThan(0);
    expect(issue.cells.every((c) => cells.includes(c))).toBe(true);
  });

  it('takes last year’s report from the options too (check --previous, the 上年数据 sheet)', () => {
    expect(repeatOf(checkReport(sample(), { previous: copiedLastYear() }))).toHaveLength(1);
    expect(repeatOf(checkReport(sample()))).toEqual([]);
  });

  it('counts a half-copied narrative by its share', () => {
    const now = sample();
    const paragraphs = now.narrative!.split('\n\n');
    // Last year had only the first half of this year's words.
    const half = Math.floor(paragraphs.length / 2);
    const last = { ...copiedLastYear(), narrative: fixedOnly(2022, [paragraphs.slice(3, half)]) };
    const share = measureRepeat(now.narrative, last.narrative).share;
    expect(share).toBeGreaterThan(20);
    expect(share).toBeLessThan(80);
  });

  it('does not report a rewritten narrative: same sections and official sentences, other words', () => {
    const bodies = CORPUS.filter((e) => !e.constructed).map((e) => e.text);
    const last = fixedOnly(2022, [bodies[0], bodies[1], bodies[2], bodies[3], bodies[4], bodies[5]]);
    const now = fixedOnly(2023, [bodies[6], bodies[7], bodies[8], bodies[9], bodies[10], bodies[11]]);
    expect(measureRepeat(now, last).share).toBeLessThan(REPEAT_THRESHOLD);
    expect(checkRepeat({ ...sample(), narrative: now }, { previous: { year: 2022, narrative: last } })).toEqual([]);
    // The sample against another office's real text.
    expect(checkRepeat(sample(), { previous: { year: 2022, narrative: last } })).toEqual([]);
  });

  it('never counts the fixed official phrasing: a narrative of nothing else repeats 0%', () => {
    const last = fixedOnly(2022, []);
    const now = fixedOnly(2023, []);
    expect(measureRepeat(now, last)).toEqual({ share: 0, passages: [] });
    expect(checkRepeat({ ...sample(), narrative: now }, { previous: { year: 2022, narrative: last } })).toEqual([]);
  });

  it('stays linear on a very long narrative', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `第${i}项工作：${'政务公开工作稳步推进，群众满意度持续提升。'.repeat(5)}`).join('\n\n');
    const started = Date.now();
    const result = measureRepeat(long, long);
    expect(result.share).toBe(100);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('last year’s narrative on the 上年数据 sheet', () => {
  it('is written by the layout, read back, and checked from the workbook alone (both backends)', async () => {
    for (const port of [new ExcelJsWorkbook(), new OfficeJsWorkbook(createFakeHost(new FakeWorkbookModel()) as unknown as OfficeHost)]) {
      await applyPlan(port, buildPlan({ ...sample(), previousYear: copiedLastYear() }));
      const read = await readReport(port);
      expect(typeof read.report.previousYear === 'object' && read.report.previousYear.narrative).toBe(copiedLastYear().narrative);
      expect(repeatOf(checkRead(read)).map((i) => i.rule)).toEqual(['NARRATIVE_REPEAT']);
    }
  });

  it('a blank one reads as no narrative', async () => {
    const port = new ExcelJsWorkbook();
    await applyPlan(port, buildPlan(sample()));
    expect((await readReport(port)).report.previousYear).toBeUndefined();
  });
});

describe('nianbao check --previous', () => {
  async function cli(cwd: string, ...argv: string[]) {
    let out = '';
    const code = await run(argv, { out: (t) => (out += t), err: () => undefined, cwd });
    return { code, out };
  }

  it('reports NARRATIVE_REPEAT with its share for a copied narrative, not for a rewritten one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-repeat-'));
    writeFileSync(path.join(dir, 'last.json'), JSON.stringify(copiedLastYear()));
    writeFileSync(path.join(dir, 'this.json'), JSON.stringify(sample()));
    const copied = JSON.parse((await cli(dir, 'check', '--json', '--previous', 'last.json', 'this.json')).out).reports[0].issues as Issue[];
    expect(repeatOf(copied).map((i) => i.actual)).toEqual([expect.any(Number)]);
    expect(repeatOf(copied)[0].actual).toBeGreaterThanOrEqual(95);

    const rewritten = { ...copiedLastYear(), narrative: fixedOnly(2022, CORPUS.slice(0, 6).map((e) => e.text)) };
    writeFileSync(path.join(dir, 'last.json'), JSON.stringify(rewritten));
    expect(repeatOf(JSON.parse((await cli(dir, 'check', '--json', '--previous', 'last.json', 'this.json')).out).reports[0].issues)).toEqual([]);
  });
});

/**
 * REPORT_INFO (basic facts) and NARRATIVE_TYPO (slips in the template): each fires on its fact,
 * and never on the sample.
 */
import { checkReport, type ReportData } from '../src/report';
import { checkReportInfo, checkTypos } from '../src/report/report-info';
import { sample } from './helpers';

const info = (r: ReportData, options = {}) => checkReportInfo(r, options).map((i) => `${i.row} ${i.severity} ${i.actual ?? '-'}`);

function withParagraph(index: number, text: string, r = sample()): ReportData {
  const paragraphs = r.narrative!.split('\n\n');
  paragraphs[index] = text;
  r.narrative = paragraphs.join('\n\n');
  return r;
}

describe('REPORT_INFO', () => {
  it('never fires on the sample, nor NARRATIVE_TYPO', () => {
    expect(checkReport(sample()).filter((i) => i.rule === 'REPORT_INFO' || i.rule === 'NARRATIVE_TYPO')).toEqual([]);
  });

  it('an empty agency', () => {
    const r = sample();
    r.agency = '  ';
    expect(info(r, { addresses: new Map([['info.agency', '基本信息!B4']]) })).toEqual(['agency error -']);
    expect(checkReportInfo(r, { addresses: new Map([['info.agency', '基本信息!B4']]) })[0]).toMatchObject({ cells: ['基本信息!B4'], message: expect.stringContaining('机关名称') });
    delete r.agency;
    expect(info(r)).toEqual(['agency error -']);
  });

  it('a missing or malformed report year', () => {
    const r = sample();
    r.year = null;
    expect(info(r)).toEqual(['year error -']);
    r.year = '二〇二三';
    // The title printed from it is then not in the official form either.
    expect(info(r)).toEqual(['year error 二〇二三', 'title warning 海原县西安镇人民政府二〇二三年政府信息公开工作年度报告']);
    r.year = '2023';
    expect(info(r)).toEqual([]);
  });

  it('a title with another year than the report', () => {
    expect(info(withParagraph(0, '海原县西安镇人民政府 2022 年政府信息公开工作年度报告'))).toEqual(['year error 2022']);
  });

  it('a narrative stating another year for its statistics (last year’s text left in)', () => {
    const r = sample();
    r.narrative = r.narrative!.replace('本报告数据统计从 {{year}} 年 1 月 1 日至 {{year}} 年 12 月 31 日', '本报告数据统计从 2022 年 1 月 1 日至 2022 年 12 月 31 日');
    const issues = checkReportInfo(r, { paragraphCells: r.narrative.split('\n\n').map((_, i) => `正文!A${4 + i}`) });
    expect(issues.map((i) => `${i.row} ${i.actual}`)).toEqual(['year 2022']);
    expect(issues[0].cells).toEqual(['正文!A5']);
    expect(issues[0].message).toContain('正文第 2 段写的是 2022 年');
  });

  it('the opening of 一、总体情况 with another year', () => {
    const r = sample();
    r.narrative = r.narrative!.replace('{{year}} 年，西安镇在县委', '2022 年，西安镇在县委');
    expect(info(r)).toEqual(['year error 2022']);
  });

  it('does not take other years in the text for the report year (next year’s plans, old documents)', () => {
    const r = sample();
    expect(r.narrative).toContain('2024 年，将着力');
    expect(r.narrative).toContain('2022 年 12 月 31 日前');
    expect(info(r)).toEqual([]);
  });

  it('last year’s report of the same year, or of another year', () => {
    const last = sample();
    expect(info(sample(), { previous: last })).toEqual(['previousYear error 2023']);
    last.year = 2021;
    expect(info(sample(), { previous: last })).toEqual(['previousYear warning 2021']);
    last.year = 2022;
    expect(info(sample(), { previous: last })).toEqual([]);
    expect(info({ ...sample(), previousYear: { year: 2023 } })).toEqual(['previousYear error 2023']);
  });

  it('a title not in the official form; the older wording passes', () => {
    expect(info(withParagraph(0, '海原县西安镇人民政府2023年政府信息公开年度报告'))).toEqual(['title warning 海原县西安镇人民政府2023年政府信息公开年度报告']);
    expect(info(withParagraph(0, '海原县西安镇人民政府2023年度政府信息公开工作报告'))).toEqual([]);
    expect(info(withParagraph(0, '{{agency}}{{year}}年政府信息公开工作年度报告'))).toEqual([]);
  });

  it('says nothing about the agency and year when the 基本信息 sheet could not be read', () => {
    const r = sample();
    r.agency = '';
    r.year = null;
    expect(info(r, { unreadable: new Set(['info.agency']) })).toEqual([]);
  });
});

describe('NARRATIVE_TYPO', () => {
  it('doubled 《《, a heading with half-width brackets, doubled punctuation — each with its correction', () => {
    const r = withParagraph(3, '{{year}} 年，根据《《中华人民共和国政府信息公开条例》。。', withParagraph(30, '(六)扎实开展村务公开。'));
    const cells = r.narrative!.split('\n\n').map((_, i) => `正文!A${4 + i}`);
    const issues = checkTypos(r, { paragraphCells: cells });
    expect(issues.map((i) => `${i.severity} ${i.actual}→${i.expected}`)).toEqual(['info 《《→《', 'info 。。→。', 'info (六)→（六）']);
    expect(issues[2].fix).toEqual({ cell: cells[30], find: '(六)', replace: '（六）' });
  });

  it('leaves half-width brackets inside a sentence alone', () => {
    expect(checkTypos(withParagraph(3, '全区(市)各部门认真落实。'))).toEqual([]);
  });
});

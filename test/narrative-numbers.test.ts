/**
 * NARRATIVE_NUMBER: numbers typed in the narrative that disagree with the tables — and no alarm
 * where the number matches one plausible reading.
 */
import { checkReport, type ReportData } from '../src/report';
import { checkNarrativeNumbers } from '../src/report/narrative-numbers';
import { sample } from './helpers';

/** The sample with 一 = 3 (自然人 2, 商业企业 1), 二 = 1, 予以公开 3, 结转 1, one review upheld. */
function report(...sentences: string[]): ReportData {
  const r = sample();
  const t3 = r.table3!;
  t3.newRequests = { ...t3.newRequests!, naturalPerson: 2, commercial: 1, total: 3 };
  t3.carriedOver = { ...t3.carriedOver!, naturalPerson: 1, total: 1 };
  t3.granted = { ...t3.granted!, naturalPerson: 2, commercial: 1, total: 3 };
  t3.resultTotal = { ...t3.resultTotal!, naturalPerson: 2, commercial: 1, total: 3 };
  t3.carriedForward = { ...t3.carriedForward!, naturalPerson: 1, total: 1 };
  r.table4!.review = { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 };
  r.table2!.normativeDocuments = { issued: 2, repealed: 1, inForce: 15 };
  r.narrative = `一、总体情况\n\n${sentences.join('')}`;
  return r;
}

const rules = (r: ReportData) => checkNarrativeNumbers(r).map((i) => `${i.actual}→${i.expected}`);

describe('NARRATIVE_NUMBER', () => {
  it.each([
    ['收到 = 一', '全年共收到政府信息公开申请 3 件。'],
    ['收到 = 一 + 二 (carried requests counted in)', '本年度共受理政府信息公开申请 4 件（含上年结转 1 件）。'],
    ['a part of 一 by applicant', '收到申请 3 件，其中自然人申请 2 件、法人或其他组织申请 1 件。'],
    ['办结 = （七）总计', '已全部办结，共答复 3 件。'],
    ['结转 = 四', '结转下年度继续办理 1 件。'],
    ['行政复议 = its total', '本年发生政府信息公开行政复议 1 件，结果维持 1 件。'],
    ['规范性文件 numbers', '全年制发行政规范性文件 2 件，废止 1 件，现行有效 15 件。'],
    ['a placeholder', '收到申请 {{table3.newRequests.total}} 件。'],
    ['dates and document numbers', '2023 年 12 月 8 日收到申请，依据国办公开办函〔2021〕30 号。'],
    ['numbers without a counting unit', '拨打 12345 热线咨询的群众较多。'],
    ['Chinese numerals that match', '全年共收到政府信息公开申请三件，结转下年度一件。'],
    ['“每一件” and “第一件”', '收到的申请每一件都认真办理，第一件于 3 月办结。'],
    ['a comparison with last year', '收到申请 3 件，较上年增加 2 件。'],
    ['another year', '2021 年收到政府信息公开申请 20 件，办结 20 件。'],
    ['last year without 结转', '上年度共收到申请 9 件。'],
    ['a time limit', '自收到申请之日起 20 个工作日内予以答复。'],
    ['the parts of the report', '本报告由总体情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况等六个部分组成。'],
    ['categories of proactive publication', '全年政府信息主动公开 52 条，其中政策及规范性文件类 3 条，规划计划类 4 条。'],
    ['channels', '收到申请 3 件，其中通过网络申请 7 件。'],
    ['approximations', '全年共受理群众咨询及申请约 30 件。'],
    ['办理 = （七）and 结转 = 四 in one sentence', '全年共办理政府信息公开申请 3 件，结转下一年度 1 件。'],
    ['the organisation columns together', '收到申请 3 件，其中法人或其他组织申请 1 件。'],
  ])('stays silent on %s', (_name, sentence) => {
    expect(rules(report(sentence))).toEqual([]);
  });

  it.each([
    ['收到 that matches nothing', '全年共收到政府信息公开申请 5 件。', ['5→3']],
    ['办结 that matches nothing', '共办结申请 7 件。', ['7→3']],
    ['行政复议 wrong', '发生行政复议案件 2 起。', ['2→1']],
    ['full-width digits', '收到政府信息公开申请９件。', ['9→3']],
    ['Chinese numerals', '全年共受理政府信息公开申请七件。', ['7→3']],
    ['结转 that matches nothing, after a 办理 clause that matches', '全年共办理政府信息公开申请 3 件，结转下一年度 2 件。', ['2→1']],
    ['a result row', '收到申请 3 件，其中予以公开 4 件。', ['4→3']],
    ['被纠错 read as 结果纠正 only', '本年发生政府信息公开行政复议 1 件，被纠错 1 件。', ['1→0']],
    ['制发 规范性文件', '全年制发行政规范性文件 3 件。', ['3→2']],
  ])('flags %s, with the table value and the placeholder', (_name, sentence, expected) => {
    expect(rules(report(sentence))).toEqual(expected);
  });

  it('says which table value the number should be, and the placeholder to use', () => {
    const issues = checkNarrativeNumbers(report('全年共收到政府信息公开申请 5 件。'), { paragraphCells: ['正文!A4', '正文!A5'] });
    expect(issues[0]).toMatchObject({ rule: 'NARRATIVE_NUMBER', severity: 'warning', cells: ['正文!A5'], actual: 5, expected: 3 });
    expect(issues[0].message).toBe(
      '正文第 2 段“全年共收到政府信息公开申请 5 件。”中的“5 件”与表格不符：表三“一、本年新收”总计为 3；建议改用 {{table3.newRequests.total}}，数字就会随表格自动填入',
    );
  });

  it('finds nothing in the sample report (every number there comes from a placeholder or is no table quantity)', () => {
    expect(checkReport(sample()).filter((i) => i.rule === 'NARRATIVE_NUMBER')).toEqual([]);
  });
});

import { chineseNumber } from '../src/report/narrative-numbers';

describe('chineseNumber', () => {
  it.each([
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十五', 25],
    ['一百零三', 103],
    ['三百', 300],
  ])('%s = %d', (text, value) => expect(chineseNumber(text)).toBe(value));
});

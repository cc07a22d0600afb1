import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RELATIONS, TABLE2, TABLE3, TABLE4, TABLES, rowColumns, rowPath, tableCells } from '../src/report/format';
import { labelsMatch, normalizeLabel } from '../src/report/labels';
import { FIXTURES } from './helpers';

describe('the official tables as declared', () => {
  it('Table 3 has 25 rows × 7 columns = 175 cells, in the official order', () => {
    expect(TABLE3.rows).toHaveLength(25);
    expect(TABLE3.columns.map((c) => c.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
    expect(tableCells(TABLE3)).toHaveLength(175);
    expect(TABLE3.rows[0].label).toBe('一、本年新收政府信息公开申请数量');
    expect(TABLE3.rows[24].label).toBe('四、结转下年度继续办理');
    expect(TABLE3.rows.filter((r) => r.group === 'withheld')).toHaveLength(8);
    expect(TABLE3.rows.filter((r) => r.group === 'unavailable')).toHaveLength(3);
    expect(TABLE3.rows.filter((r) => r.group === 'rejected')).toHaveLength(5);
    expect(TABLE3.rows.filter((r) => r.group === 'other')).toHaveLength(3);
  });

  it('Table 2 has the four 第二十条 blocks and 10 cells; Table 4 has 15 cells', () => {
    expect(tableCells(TABLE2)).toHaveLength(10);
    expect(rowColumns(TABLE2, TABLE2.rows.find((r) => r.key === 'fees')!).map((c) => c.kind)).toEqual(['amount']);
    expect(tableCells(TABLE4)).toHaveLength(15);
  });

  it('row and column keys are those of report-data.md', () => {
    expect(TABLE3.rows.map((r) => r.key)).toEqual([
      'newRequests', 'carriedOver', 'granted', 'partlyGranted',
      'withheldStateSecret', 'withheldLawProhibited', 'withheldSecurityStability', 'withheldThirdParty',
      'withheldInternalAffairs', 'withheldProcessInfo', 'withheldEnforcementFile', 'withheldQueryMatter',
      'unavailableNotHeld', 'unavailableNeedsCreation', 'unavailableStillUnclear',
      'rejectedPetition', 'rejectedRepeated', 'rejectedPublication', 'rejectedExcessive', 'rejectedReconfirm',
      'otherNoCorrection', 'otherFeeUnpaid', 'otherMisc', 'resultTotal', 'carriedForward',
    ]);
    expect(TABLE4.rows.map((r) => r.key)).toEqual(['review', 'litigationDirect', 'litigationAfterReview']);
    expect(TABLE2.rows.map((r) => r.key)).toEqual(['regulations', 'normativeDocuments', 'licensing', 'penalty', 'enforcement', 'fees']);
  });

  it('every label appears in the published sample report (loosely: its brackets are half-width)', () => {
    const text = readFileSync(path.join(FIXTURES, 'xian-2023-report.txt'), 'utf8');
    const cells = new Set(text.split(/\n|\t/).map((s) => normalizeLabel(s)).filter(Boolean));
    for (const table of TABLES) {
      for (const row of table.rows) expect([table.key, cells.has(normalizeLabel(row.label))]).toEqual([table.key, true]);
    }
  });

  it('uses full-width punctuation in the official labels', () => {
    for (const table of TABLES) for (const row of table.rows) expect(row.label).not.toMatch(/[()"]/);
    expect(TABLE3.rows[3].label).toBe('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(TABLE3.rows[6].label).toBe('3.危及“三安全一稳定”');
  });

  it('every relation names only declared rows and columns', () => {
    for (const relation of RELATIONS) {
      const table = TABLES.find((t) => t.key === relation.table)!;
      const keys = relation.along === 'row' ? table.columns.map((c) => c.key) : table.rows.map((r) => r.key);
      for (const term of [...relation.expected, ...relation.actual]) expect(keys).toContain(term.replace(/^-/, '').replace(/^previous\./, ''));
    }
  });

  it('names nested rows with their heading', () => {
    expect(rowPath(TABLE3, TABLE3.rows[4])).toBe('（三）不予公开 1.属于国家秘密');
    expect(rowPath(TABLE3, TABLE3.rows[2])).toBe('（一）予以公开');
    expect(rowPath(TABLE4, TABLE4.rows[1])).toBe('行政诉讼 未经复议直接起诉');
  });
});

describe('loose label matching', () => {
  it.each([
    ['(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
    ['1、属于国家秘密', '1.属于国家秘密'],
    ['3.危及"三安全一稳定"', '3.危及“三安全一稳定”'],
    ['一、本年新收政府信息公开\n申请数量', '一、本年新收政府信息公开申请数量'],
  ])('%s matches %s', (found, official) => expect(labelsMatch(found, official)).toBe(true));

  it.each([
    ['规范性文件', '行政规范性文件'],
    ['2.属于国家秘密', '1.属于国家秘密'],
    ['合计', '（七）总计'],
  ])('%s does not match %s', (found, official) => expect(labelsMatch(found, official)).toBe(false));
});

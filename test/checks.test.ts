import { checkTables } from '../src/report/checks';
import { FEE_UNIT_THRESHOLD, TABLE3, TABLE3_RESULT_ROWS } from '../src/report/format';
import type { ReportData } from '../src/report';
import { brief, mutate, sample } from './helpers';

describe('the sample report (海原县西安镇 2023)', () => {
  it('passes every table rule', () => {
    expect(checkTables(sample())).toEqual([]);
  });
});

describe('T3_ROW_TOTAL', () => {
  it('fires on a row whose 总计 is not the sum of its six applicant columns', () => {
    const issues = checkTables(mutate('table3', 'granted', 'commercial', 1));
    // 予以公开: 1 + 1 ≠ 1; the 商业企业 column's （七）总计 no longer equals its result rows either.
    expect(brief(issues)).toEqual(['T3_ROW_TOTAL error table3 granted -', 'T3_RESULT_TOTAL error table3 - commercial']);
    expect(issues[0]).toMatchObject({ expected: 2, actual: 1, row: 'granted', column: null });
    expect(issues[0].message).toBe(
      '表三“（一）予以公开”行：自然人(1) + 商业企业(1) + 科研机构(0) + 社会公益组织(0) + 法律服务机构(0) + 其他(0) = 2，但总计(1)',
    );
  });

  it('a wrong total on 一 also breaks the balance of the 总计 column — both are reported', () => {
    const issues = checkTables(mutate('table3', 'newRequests', 'total', 2));
    expect(brief(issues)).toEqual(['T3_ROW_TOTAL error table3 newRequests -', 'T3_BALANCE error table3 - total']);
    expect(issues[0].message).toContain('表三“一、本年新收政府信息公开申请数量”行');
  });

  it('passes on rows whose totals add up', () => {
    const report = mutate('table3', 'granted', 'commercial', 1);
    report.table3!.granted!.total = 2;
    report.table3!.newRequests!.commercial = 1;
    report.table3!.newRequests!.total = 2;
    report.table3!.resultTotal!.commercial = 1;
    report.table3!.resultTotal!.total = 2;
    expect(checkTables(report)).toEqual([]);
  });
});

describe('T3_RESULT_TOTAL', () => {
  it('fires on a column whose （七）总计 is not the sum of the 21 result rows', () => {
    const report = sample();
    report.table3!.withheldThirdParty = { naturalPerson: 1, commercial: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 1 };
    const issues = checkTables(report);
    expect(brief(issues)).toEqual(['T3_RESULT_TOTAL error table3 - naturalPerson', 'T3_RESULT_TOTAL error table3 - total']);
    expect(issues[0]).toMatchObject({ expected: 2, actual: 1 });
    expect(issues[0].message).toBe(
      '表三“自然人”列：（一）予以公开(1) + （三）不予公开 4.保护第三方合法权益(1)（其余为 0）之和 = 2，但三（七）总计(1)',
    );
  });

  it('sums exactly the 21 result rows （一）…（六）', () => {
    expect(TABLE3_RESULT_ROWS).toHaveLength(21);
    expect(TABLE3_RESULT_ROWS[0]).toBe('granted');
    expect(TABLE3_RESULT_ROWS[20]).toBe('otherMisc');
    // A request handled under any of the 21 rows, counted in （七）, passes.
    for (const key of TABLE3_RESULT_ROWS.filter((k) => k !== 'granted')) {
      const report = sample();
      report.table3!.granted = { naturalPerson: 0, commercial: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 0 };
      report.table3![key] = { naturalPerson: 1, commercial: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 1 };
      expect(checkTables(report)).toEqual([]);
    }
  });
});

describe('T3_BALANCE', () => {
  it('fires on a column where 一 + 二 ≠ 三（七） + 四, with the numbers in the message', () => {
    const report = sample();
    const t3 = report.table3!;
    t3.newRequests = { ...t3.newRequests!, naturalPerson: 2, total: 2 };
    t3.carriedOver = { ...t3.carriedOver!, naturalPerson: 1, total: 1 };
    t3.carriedForward = { ...t3.carriedForward!, naturalPerson: 1, total: 1 };
    const issues = checkTables(report);
    expect(brief(issues)).toEqual(['T3_BALANCE error table3 - naturalPerson', 'T3_BALANCE error table3 - total']);
    expect(issues[1]).toMatchObject({ expected: 3, actual: 2, row: null, column: 'total' });
    expect(issues[1].message).toBe('表三“总计”列：一、本年新收(2) + 二、上年结转(1) = 3，但三（七）总计(1) + 四、结转下年度(1) = 2');
  });

  it('a request carried forward keeps the balance', () => {
    const report = sample();
    const t3 = report.table3!;
    t3.newRequests = { ...t3.newRequests!, naturalPerson: 2, total: 2 };
    t3.carriedForward = { ...t3.carriedForward!, naturalPerson: 1, total: 1 };
    expect(checkTables(report)).toEqual([]);
  });
});

describe('T4_TOTAL', () => {
  it('fires on a group whose 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结', () => {
    const issues = checkTables(mutate('table4', 'review', 'total', 1));
    expect(brief(issues)).toEqual(['T4_TOTAL error table4 review -']);
    expect(issues[0].message).toBe('表四“行政复议”：结果维持(0) + 结果纠正(0) + 其他结果(0) + 尚未审结(0) = 0，但总计(1)');
  });

  it('checks each of the three groups on its own', () => {
    const report = sample();
    report.table4!.litigationDirect = { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 };
    report.table4!.litigationAfterReview = { upheld: 1, corrected: 0, other: 0, pending: 0, total: 0 };
    const issues = checkTables(report);
    expect(brief(issues)).toEqual(['T4_TOTAL error table4 litigationAfterReview -']);
    expect(issues[0].message).toContain('表四“行政诉讼 复议后起诉”');
  });
});

describe('CELL_VALUE', () => {
  const cases: [string, unknown, RegExp, number | null][] = [
    ['/', '/', /填写了“\/”；没有数据时请填 0/, 0],
    ['a full-width digit', '１', /全角数字“１”，请改为半角数字 1/, 1],
    ['"0" stored as text', '0', /数字“0”以文本形式存储，请改为数值 0/, 0],
    ['a negative number', -1, /不能为负数（现为 -1）/, null],
    ['a decimal count', 2.5, /件数应为整数（现为 2.5）/, null],
    ['a blank cell', null, /单元格为空；没有数据时请填 0/, 0],
    ['无', '无', /填写了“无”/, 0],
    ['a unit typed in', '3件', /“3件”，单元格中只填数字 3/, 3],
    ['an error value', '#REF!', /错误值 #REF!/, null],
    ['a date', '2024-01-05', /日期/, null],
  ];
  it.each(cases)('reports %s in 表三 一、本年新收 · 自然人 and skips the sums that need it', (_name, value, pattern, suggestion) => {
    const issues = checkTables(mutate('table3', 'newRequests', 'naturalPerson', value as never));
    expect(brief(issues)).toEqual(['CELL_VALUE error table3 newRequests naturalPerson']);
    expect(issues[0].message).toMatch(/^表三“一、本年新收政府信息公开申请数量”行“自然人”列：/);
    expect(issues[0].message).toMatch(pattern);
    expect(issues[0].expected).toBe(suggestion);
    expect(issues[0].actual).toBe(value);
  });

  it('reports a missing row as seven blank cells, without cascading into sums', () => {
    const report = sample();
    delete report.table3!.partlyGranted;
    const issues = checkTables(report);
    expect(brief(issues)).toEqual(TABLE3.columns.map((c) => `CELL_VALUE error table3 partlyGranted ${c.key}`));
  });

  it('reports a missing table as blank cells, never crashes', () => {
    const report = sample();
    delete report.table4;
    const issues = checkTables(report);
    expect(issues).toHaveLength(15);
    expect(issues.every((i) => i.rule === 'CELL_VALUE' && i.table === 'table4')).toBe(true);
  });

  it('one bad cell on the 总计 of （七） yields exactly one issue (no cascade)', () => {
    const issues = checkTables(mutate('table3', 'resultTotal', 'total', '/'));
    expect(brief(issues)).toEqual(['CELL_VALUE error table3 resultTotal total']);
  });

  it('accepts decimals for the fee (万元) but not for counts in Table 2', () => {
    expect(checkTables(mutate('table2', 'fees', 'amount', 2.35))).toEqual([]);
    const issues = checkTables(mutate('table2', 'licensing', 'decisions', 2.35));
    expect(brief(issues)).toEqual(['CELL_VALUE error table2 licensing decisions']);
    expect(issues[0].message).toBe('表二“行政许可”行“本年处理决定数量”列：件数应为整数（现为 2.35）');
  });

  it('an empty report is all blanks, one issue per input cell', () => {
    const issues = checkTables({} as ReportData);
    expect(issues).toHaveLength(10 + 175 + 15);
    expect(new Set(issues.map((i) => i.rule))).toEqual(new Set(['CELL_VALUE']));
  });

  it('carries the workbook address when the report came from a workbook', () => {
    const addresses = new Map([['table3.newRequests.naturalPerson', '表三!D7']]);
    const issues = checkTables(mutate('table3', 'newRequests', 'naturalPerson', '/'), { addresses });
    expect(issues[0].cells).toEqual(['表三!D7']);
  });

  it('gives no CELL_VALUE for cells already reported unreadable', () => {
    const unreadable = new Set(['table3.newRequests.naturalPerson']);
    expect(checkTables(mutate('table3', 'newRequests', 'naturalPerson', null), { unreadable })).toEqual([]);
  });
});

describe('T2_FEE_UNIT', () => {
  it('warns when the fee looks typed in 元', () => {
    const issues = checkTables(mutate('table2', 'fees', 'amount', 350000));
    expect(brief(issues)).toEqual(['T2_FEE_UNIT warning table2 fees amount']);
    expect(issues[0]).toMatchObject({ actual: 350000, expected: 35 });
    expect(issues[0].message).toContain('是否误按“元”填写');
  });

  it.each([0, 0.35, 12.5, 5000, 99999.99, FEE_UNIT_THRESHOLD])('stays silent on a real fee of %p 万元', (amount) => {
    expect(checkTables(mutate('table2', 'fees', 'amount', amount))).toEqual([]);
  });
});

describe('cross-year relations', () => {
  function lastYear(): ReportData {
    const previous = sample();
    previous.year = 2022;
    previous.table3!.carriedForward = { naturalPerson: 2, commercial: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 2 };
    previous.table2!.normativeDocuments = { issued: 1, repealed: 0, inForce: 3 };
    return previous;
  }

  it('CROSS_YEAR_CARRIED warns per column where 二、上年结转 ≠ last year\'s 四', () => {
    const issues = checkTables(sample(), { previous: lastYear() });
    const carried = issues.filter((i) => i.rule === 'CROSS_YEAR_CARRIED');
    expect(brief(carried)).toEqual(['CROSS_YEAR_CARRIED warning table3 - naturalPerson', 'CROSS_YEAR_CARRIED warning table3 - total']);
    expect(carried[1].message).toBe('表三“总计”列：上年四、结转下年度(2)，但本年二、上年结转(0)');
  });

  it('CROSS_YEAR_IN_FORCE notes 现行有效 ≠ last year + 制发 − 废止 (info only)', () => {
    const report = mutate('table2', 'normativeDocuments', 'issued', 2);
    report.table2!.normativeDocuments!.repealed = 1;
    report.table2!.normativeDocuments!.inForce = 3;
    const issues = checkTables(report, { previous: lastYear() }).filter((i) => i.rule === 'CROSS_YEAR_IN_FORCE');
    expect(brief(issues)).toEqual(['CROSS_YEAR_IN_FORCE info table2 normativeDocuments -']);
    expect(issues[0]).toMatchObject({ expected: 4, actual: 3 });
    expect(issues[0].message).toBe('表二“行政规范性文件”行：上年现行有效件数(3) + 本年制发件数(2) − 本年废止件数(1) = 4，但本年现行有效件数(3)');
  });

  it('passes when the years agree, and is skipped without last year', () => {
    const report = sample();
    report.table3!.carriedOver = { naturalPerson: 2, commercial: 0, research: 0, publicInterest: 0, legalService: 0, otherOrg: 0, total: 2 };
    report.table3!.resultTotal = { ...report.table3!.resultTotal!, naturalPerson: 3, total: 3 };
    report.table3!.granted = { ...report.table3!.granted!, naturalPerson: 3, total: 3 };
    report.table2!.normativeDocuments = { issued: 0, repealed: 0, inForce: 3 };
    expect(checkTables(report, { previous: lastYear() })).toEqual([]);
    expect(checkTables(sample())).toEqual([]);
  });
});

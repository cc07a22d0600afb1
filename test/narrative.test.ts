import { checkReport } from '../src/report';
import { buildDocument, checkBreakdowns, checkNarrative, fillPlaceholders, parseBold, resolveName, templateParagraphs } from '../src/report/narrative';
import type { ReportData } from '../src/report';
import { brief, mutate, sample } from './helpers';

function withNarrative(edit: (paragraphs: string[]) => string[], report: ReportData = sample()): ReportData {
  report.narrative = edit(templateParagraphs(report.narrative)).join('\n\n');
  return report;
}

const index = (paragraphs: string[], start: string) => paragraphs.findIndex((p) => p.startsWith(start));

describe('placeholders', () => {
  it('fill from table cells, values, agency and year, printing numbers as the report does', () => {
    const report = mutate('table2', 'fees', 'amount', 2.35);
    expect(fillPlaceholders('{{agency}}{{year}}年：{{table3.newRequests.total}} 件，收费 {{table2.fees.amount}} 万元，推送 {{公众号推送条数}} 条', report)).toBe(
      '海原县西安镇人民政府2023年：1 件，收费 2.35 万元，推送 191 条',
    );
    expect(fillPlaceholders('{{ year }}', report)).toBe('2023');
    expect(resolveName(report, 'table3.nope.total').known).toBe(false);
    expect(resolveName(report, 'table2.licensing.issued').known).toBe(false); // 行政许可 has no 本年制发件数
  });

  it('the sample template has no placeholder issue', () => {
    expect(checkNarrative(sample()).filter((i) => i.rule === 'NARRATIVE_PLACEHOLDER')).toEqual([]);
  });

  it('an unknown name is an error naming the paragraph and the name', () => {
    const report = withNarrative((ps) => ps.map((p) => p.replace('{{公众号推送条数}}', '{{公众号推送数}}')));
    const issues = checkNarrative(report, { paragraphCells: templateParagraphs(report.narrative).map((_, i) => `正文!A${4 + i}`) });
    expect(brief(issues)).toEqual(['NARRATIVE_PLACEHOLDER error narrative - -']);
    const at = index(templateParagraphs(report.narrative), '着力抓好公开平台日常运行');
    expect(issues[0].message).toBe(`正文第 ${at + 1} 段：{{公众号推送数}} 没有对应的命名单元格或数值；请检查名称是否写错，或在“数据”表中添加“公众号推送数”`);
    expect(issues[0].cells).toEqual([`正文!A${4 + at}`]);
  });

  it('a name of a blank cell is an error, with the named cell when known', () => {
    const report = sample();
    report.values!['听取汇报次数'] = null;
    const issues = checkNarrative(report, { addresses: new Map([['听取汇报次数', '数据!B12']]) });
    expect(brief(issues)).toEqual(['NARRATIVE_PLACEHOLDER error narrative - -']);
    expect(issues[0].message).toMatch(/\{\{听取汇报次数\}\} 引用的单元格 数据!B12 为空，请先填写$/);
    expect(issues[0].cells).toEqual(['数据!B12']);
  });
});

describe('NARRATIVE_SECTION', () => {
  it('passes the sample: all six headings in order, 五 with content', () => {
    expect(checkNarrative(sample())).toEqual([]);
  });

  it('reports a missing heading', () => {
    const issues = checkNarrative(withNarrative((ps) => ps.filter((p) => p !== '三、收到和处理政府信息公开申请情况')));
    expect(brief(issues)).toEqual(['NARRATIVE_SECTION error narrative - -']);
    expect(issues[0].message).toBe('正文缺少第三部分的标题“三、收到和处理政府信息公开申请情况”');
  });

  it('reports the old 2019 heading of 五 as missing the 2021 one', () => {
    const issues = checkNarrative(withNarrative((ps) => ps.map((p) => (p === '五、存在的主要问题及改进情况' ? '五、政府信息公开工作存在的主要问题及改进情况' : p))));
    expect(issues.map((i) => i.message)).toEqual(['正文缺少第五部分的标题“五、存在的主要问题及改进情况”']);
  });

  it('reports headings out of order', () => {
    const report = withNarrative((ps) => {
      const a = ps.indexOf('三、收到和处理政府信息公开申请情况');
      const b = ps.indexOf('四、政府信息公开行政复议、行政诉讼情况');
      [ps[a], ps[b]] = [ps[b], ps[a]];
      return ps;
    });
    const issues = checkNarrative(report);
    expect(brief(issues)).toEqual(['NARRATIVE_SECTION error narrative - -']);
    expect(issues[0].message).toBe('正文标题“四、政府信息公开行政复议、行政诉讼情况”出现在“三、收到和处理政府信息公开申请情况”之前；六个部分应按一至六的顺序排列');
  });

  it.each([
    ['empty', [] as string[]],
    ['only 无', ['无。']],
  ])('reports section 五 %s', (_name, body) => {
    const report = withNarrative((ps) => {
      const five = ps.indexOf('五、存在的主要问题及改进情况');
      const six = ps.indexOf('六、其他需要报告的事项');
      return [...ps.slice(0, five + 1), ...body, ...ps.slice(six)];
    });
    const issues = checkNarrative(report);
    expect(brief(issues)).toEqual(['NARRATIVE_SECTION error narrative - -']);
    expect(issues[0].message).toContain('第五部分“存在的主要问题及改进情况”没有内容');
  });

  it('reports an empty narrative once', () => {
    const report = sample();
    report.narrative = '';
    expect(brief(checkNarrative(report))).toEqual(['NARRATIVE_SECTION error narrative - -']);
  });

  it('tolerates headings typed with spaces or half-width punctuation', () => {
    const report = withNarrative((ps) => ps.map((p) => (p === '四、政府信息公开行政复议、行政诉讼情况' ? '四、 政府信息公开行政复议、行政诉讼情况' : p)));
    expect(checkNarrative(report)).toEqual([]);
  });
});

describe('NARRATIVE_FEE', () => {
  it('warns when section 六 says nothing about 信息处理费', () => {
    const issues = checkNarrative(withNarrative((ps) => ps.filter((p) => !p.includes('信息处理费'))));
    expect(brief(issues)).toEqual(['NARRATIVE_FEE warning narrative - -']);
  });

  it('is satisfied by a statement of the fee anywhere in 六, including through a placeholder', () => {
    const report = withNarrative((ps) => [...ps.filter((p) => !p.includes('信息处理费')), '本年收取{{收费说明}}。']);
    report.values!['收费说明'] = '信息处理费 0.02 万元';
    expect(checkNarrative(report)).toEqual([]);
  });

  it('does not mistake 行政事业性收费 for the information-processing fee', () => {
    const report = withNarrative((ps) => [...ps.filter((p) => !p.includes('信息处理费')), '本机关本年行政事业性收费 0 万元。']);
    expect(brief(checkNarrative(report))).toEqual(['NARRATIVE_FEE warning narrative - -']);
  });
});

describe('VALUE_BREAKDOWN (a declared total = the sum of its parts)', () => {
  it('passes the sample: 59 = 2 + 2 + 20 + 21 + 7 + 7', () => {
    expect(sample().breakdowns!['主动公开信息总数']).toHaveLength(6);
    expect(checkBreakdowns(sample())).toEqual([]);
  });

  it('reports a total that differs from its parts, with the numbers', () => {
    const report = sample();
    report.values!['稳岗就业类'] = 20;
    const issues = checkBreakdowns(report, new Map([['主动公开信息总数', '数据!B4']]));
    expect(brief(issues)).toEqual(['VALUE_BREAKDOWN error narrative 主动公开信息总数 -']);
    expect(issues[0]).toMatchObject({ expected: 58, actual: 59, cells: ['数据!B4'] });
    expect(issues[0].message).toBe(
      '正文数据“主动公开信息总数”为 59，但其构成 财政预决算类(2) + 工作报告类(2) + 扶贫救灾类(20) + 稳岗就业类(20) + 社会救助类(7) + 征地补偿类(7) = 58',
    );
  });

  it('reports a part that does not exist, or is not a number', () => {
    const report = sample();
    report.breakdowns = { 主动公开信息总数: ['财政预决算类', '不存在的类'] };
    expect(checkBreakdowns(report)[0].message).toContain('“不存在的类”不存在');
    report.breakdowns = { 主动公开信息总数: ['财政预决算类'] };
    report.values!['财政预决算类'] = '两条';
    expect(checkBreakdowns(report)[0].message).toContain('“财政预决算类”不是数字');
  });

  it('is part of checkReport', () => {
    const report = sample();
    report.values!['工作报告类'] = 3;
    expect(checkReport(report).map((i) => i.rule)).toEqual(['VALUE_BREAKDOWN']);
  });
});

describe('the document model', () => {
  it('takes the title from the template, places each table after its heading, and classes headings', () => {
    const doc = buildDocument(sample());
    expect(doc.title).toBe('海原县西安镇人民政府 2023 年政府信息公开工作年度报告');
    const kinds = doc.blocks.map((b) => (b.kind === 'table' ? `table:${b.table}` : b.kind === 'heading' ? `h${b.level}:${b.runs[0].text}` : 'p'));
    expect(kinds.filter((k) => k.startsWith('h1') || k.startsWith('table'))).toEqual([
      'h1:一、总体情况',
      'h1:二、主动公开政府信息情况',
      'table:table2',
      'h1:三、收到和处理政府信息公开申请情况',
      'table:table3',
      'h1:四、政府信息公开行政复议、行政诉讼情况',
      'table:table4',
      'h1:五、存在的主要问题及改进情况',
      'h1:六、其他需要报告的事项',
    ]);
    expect(kinds).toContain('h2:（一）主动公开');
    expect(doc.draft).toBeNull();
  });

  it('puts a lead sentence "（一）…。" in the heading face', () => {
    const doc = buildDocument(sample());
    const lead = doc.blocks.find((b) => b.kind === 'paragraph' && b.runs[0].text.startsWith('（一）围绕高质量发展'));
    expect(lead && lead.kind === 'paragraph' && lead.runs[0]).toEqual({ text: '（一）围绕高质量发展强化信息公开。', lead: true });
  });

  it('still publishes every table when the template lacks their headings, and makes a title when it has none', () => {
    const report = sample();
    report.narrative = '一、总体情况\n\n正文。';
    const doc = buildDocument(report);
    expect(doc.title).toBe('海原县西安镇人民政府2023年政府信息公开工作年度报告');
    expect(doc.blocks.filter((b) => b.kind === 'table')).toHaveLength(3);
  });

  it('parses **bold**, leaving an unpaired ** as typed', () => {
    expect(parseBold('一是。**二是。**三是')).toEqual([{ text: '一是。' }, { text: '二是。', bold: true }, { text: '三是' }]);
    expect(parseBold('a ** b')).toEqual([{ text: 'a ** b' }]);
  });
});

/**
 * README: workbook text is always shown as text, never run as HTML. `escapeHtml` escapes every
 * character that can end a text node or an attribute value, single quotes included
 * (attributes quoted with ' in a website editor's template).
 */
import { escapeHtml, renderHtml } from '../../src/report/render';
import { buildDocument } from '../../src/report/narrative';
import { sample } from '../helpers';

describe('escapeHtml', () => {
  it('escapes & < > " and \'', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  it("a single quote cannot close a single-quoted attribute", () => {
    const text = "x' onmouseover='alert(1)";
    const html = `<td title='${escapeHtml(text)}'>`;
    expect(html).not.toContain("'alert");
    expect(html).toBe('<td title=\'x&#39; onmouseover=&#39;alert(1)\'>');
  });

  it('leaves Chinese text and full-width punctuation alone', () => {
    expect(escapeHtml('（一）予以公开“三安全一稳定”')).toBe('（一）予以公开“三安全一稳定”');
  });
});

describe('the exported HTML', () => {
  it("escapes a single quote typed in the agency name and the narrative", () => {
    const report = sample();
    report.agency = "某镇' onload='x";
    report.narrative = "一、总体情况\n本机关' onclick='y 的说明。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n问题。\n六、其他需要报告的事项\n本机关未收取信息处理费。";
    const html = renderHtml(buildDocument(report), report);
    expect(html).not.toMatch(/' on(load|click)='/);
    expect(html).toContain('某镇&#39; onload=&#39;x');
    expect(html).toContain('本机关&#39; onclick=&#39;y');
  });
});

/**
 * nianbao import: a report page saved from a government website, read into a report file with
 * the exact tables — in the styles such pages come in.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli/main';
import type { CellValue, ReportData } from '../src/report';
import { buildDocument } from '../src/report/narrative';
import { renderHtml } from '../src/report/render';
import { parseA1 } from '../src/workbook/address';
import { styles, type Style } from './corpus/styles';
import { sample } from './helpers';

async function importHtml(html: string | Buffer): Promise<{ code: number; report: ReportData; err: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-import-'));
  writeFileSync(path.join(dir, 'page.html'), html);
  let out = '';
  let err = '';
  const code = await run(['import', 'page.html', '-o', 'page.json'], { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
  return { code, err, report: code === 0 ? JSON.parse(readFileSync(path.join(dir, 'page.json'), 'utf8')) : {} };
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A corpus style's sheets as HTML tables, rowspan/colspan from its merges. */
function styleTables(style: Style, cell: (text: string) => string, blank: string): string[] {
  return style.sheets.map((sheet) => {
    const spans = new Map<string, { rows: number; cols: number }>();
    const hidden = new Set<string>();
    for (const range of sheet.merges) {
      const [a, b] = range.split(':').map((x) => parseA1(x)!);
      spans.set(`${a.row},${a.col}`, { rows: b.row - a.row + 1, cols: b.col - a.col + 1 });
      for (let r = a.row; r <= b.row; r++) for (let c = a.col; c <= b.col; c++) if (r !== a.row || c !== a.col) hidden.add(`${r},${c}`);
    }
    const width = Math.max(...sheet.rows.map((r) => r.length));
    const rows = sheet.rows.map((row, i) => {
      const tds: string[] = [];
      for (let c = 1; c <= width; c++) {
        if (hidden.has(`${i + 1},${c}`)) continue;
        const span = spans.get(`${i + 1},${c}`);
        const v: CellValue | undefined = row[c - 1];
        const text = v === null || v === undefined || v === '' ? blank : cell(escape(String(v)).replace(/\n/g, '<br>'));
        tds.push(`<td${span && span.rows > 1 ? ` rowspan="${span.rows}"` : ''}${span && span.cols > 1 ? ` colspan="${span.cols}"` : ''}>${text}</td>`);
      }
      return `<tr>${tds.join('')}</tr>`;
    });
    return `<table border="1">${rows.join('\n')}</table>`;
  });
}

function tables(report: ReportData) {
  return [report.table2, report.table3, report.table4];
}

describe('nianbao import', () => {
  const expected = tables(sample());

  it('reads the HTML nianbao exports (official rowspans and colspans), with agency, year and text', async () => {
    const page = renderHtml(buildDocument(sample()), sample(), { standalone: true });
    const { code, report, err } = await importHtml(page);
    expect(code).toBe(0);
    expect(tables(report)).toEqual(expected);
    expect([report.agency, report.year]).toEqual(['海原县西安镇人民政府', 2023]);
    expect(report.narrative).toContain('一、总体情况');
    expect(err).toContain('识别到 表二');
  });

  it('reads a CMS page: tables nested in a layout table, &nbsp; blanks, <p><span> wrappers, GBK encoding', async () => {
    const style = styles(sample())[0]; // one sheet, half-width brackets, a 小计 column
    const inner = styleTables(style, (t) => `<p style="text-align:center"><span style="font-size:12px">${t}</span></p>`, '&nbsp;');
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某县某镇2023年政府信息公开工作年度报告</title></head>
<body><table width="100%"><tr><td class="nav">首页 &gt; 政府信息公开年报</td></tr><tr><td>${inner.join('')}</td></tr></table></body></html>`;
    const { code, report } = await importHtml(encodeGbk(page));
    expect(code).toBe(0);
    expect(tables(report)).toEqual(expected);
    expect([report.agency, report.year]).toEqual(['某县某镇', 2023]);
  });

  it('reads a page saved from Word (MsoNormal spans, line breaks in labels, a table per section)', async () => {
    const style = styles(sample())[1]; // a sheet per table, line breaks in labels, a typo
    const pieces = styleTables(style, (t) => `<p class=MsoNormal align=center><span lang=EN-US style='font-family:宋体'>${t}<o:p></o:p></span></p>`, '<p class=MsoNormal>&nbsp;</p>');
    const page = `<html><body>${pieces.join('<p class=MsoNormal>&nbsp;</p>')}</body></html>`;
    const { code, report } = await importHtml(page);
    expect(code).toBe(0);
    expect(tables(report)).toEqual(expected);
  });

  it('takes the 2019 format\'s single （六）其他处理 row into 3.其他, and says so', async () => {
    const report = sample();
    report.table3!.granted = { ...report.table3!.granted!, naturalPerson: 0, total: 0 };
    report.table3!.otherMisc = { ...report.table3!.otherMisc!, naturalPerson: 1, total: 1 };
    // The published layout with the three （六） rows as the 2019 format had them: one row.
    const style = styles(report)[2];
    const t3 = style.sheets[0];
    const at = (label: string) => t3.rows.findIndex((r) => r.includes(label));
    t3.rows[at('3.其他')] = [null, '(六) 其他处理', null, ...t3.rows[at('3.其他')].slice(3)];
    t3.rows = t3.rows.filter((r) => !r.some((v) => typeof v === 'string' && /^[12]\.申请人/.test(v)));
    const page = `<html><body>${styleTables(style, (t) => t, '')}</body></html>`;
    expect(page).not.toContain('2.申请人逾期未按收费');
    const { code, report: back, err } = await importHtml(page);
    expect(code).toBe(0);
    expect(back.table3!.otherMisc).toEqual(report.table3!.otherMisc);
    expect(err).toContain('2019 年试行格式');
    expect(err).toContain('没有找到表三的 2 行');
  });

  it('refuses a page with no table it can place, and never guesses a cell', async () => {
    const { code, err } = await importHtml('<html><body><table><tr><td>1</td><td>2</td></tr></table></body></html>');
    expect(code).toBe(2);
    expect(err).toContain('没有找到表二、表三、表四的表头和行标签');
  });
});

/** GB2312 bytes of a page (government sites still serve them), via the runtime's GB18030 support. */
function encodeGbk(text: string): Buffer {
  const bytes: number[] = [];
  const decoder = new TextDecoder('gb18030');
  // Build a reverse table for the characters used, from the decoder (Node has no GBK encoder).
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(bytes);
}

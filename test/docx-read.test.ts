/**
 * Units' reports as Word documents: read through the same table finder as workbooks and web
 * pages — nianbao's own export, the same re-saved by LibreOffice, the HTML export converted to
 * .docx by LibreOffice, the official blank template (made in WPS), split tables — and files
 * nianbao does not read, named by their content.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { run } from '../src/cli/main';
import { checkReport, type Issue, type ReportData } from '../src/report';
import { buildDocument, fillPlaceholders, templateParagraphs } from '../src/report/narrative';
import { renderHtml } from '../src/report/render';
import { renderDocx } from '../src/report/render/docx';
import { DocxFileError, NotAReportDocument, docxContentFromXml, docxReport, parseReportTitle, readDocx, readDocxReport } from '../src/workbook/docx-grid';
import { readPicked } from '../src/taskpane/controller';
import { checkRead } from '../src/workbook/port';
import { sniffReportFile } from '../src/workbook/sniff';
import { parseA1 } from '../src/workbook/address';
import { styles, type Style } from './corpus/styles';
import { brief, mutate, sample } from './helpers';

/** ../shared/samples/official-template-blank.docx, as units receive it (made in WPS), kept with the fixtures. */
const BLANK_TEMPLATE = path.join(__dirname, 'fixtures', 'official-template-blank.docx');
const TABLE_RULES = new Set(['CELL_VALUE', 'T3_ROW_TOTAL', 'T3_RESULT_TOTAL', 'T3_BALANCE', 'T4_TOTAL', 'T2_FEE_UNIT']);

function tables(report: ReportData) {
  return [report.table2, report.table3, report.table4];
}

function tableIssues(issues: Issue[]): string[] {
  return brief(issues.filter((i) => TABLE_RULES.has(i.rule))).sort();
}

/** The narrative paragraphs a report prints: its template filled, the title left out. */
function printedParagraphs(report: ReportData): string[] {
  const doc = buildDocument(report);
  return templateParagraphs(report.narrative)
    .map((p) => fillPlaceholders(p, report))
    .filter((p) => p.replace(/\*\*/g, '') !== doc.title);
}

async function exportDocx(report: ReportData): Promise<Uint8Array> {
  return renderDocx(buildDocument(report), report);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`;
const p = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, props = '') => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${p(text)}</w:tc>`;
const tr = (cells: string, props = '') => `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ''}${cells}</w:tr>`;
const tbl = (rows: string) => `<w:tbl><w:tblPr/>${rows}</w:tbl>`;

describe('the WordprocessingML reader', () => {
  it('lays out gridSpan and vMerge as merged cells (text in the first), gridBefore as leading blanks', () => {
    const xml = doc(
      tbl(
        tr(tc('甲', '<w:gridSpan w:val="2"/>') + tc('乙', '<w:vMerge w:val="restart"/>')) +
          tr(tc('1') + tc('2') + tc('', '<w:vMerge/>')) +
          tr(tc('3') + tc('4'), '<w:gridBefore w:val="1"/>'),
      ),
    );
    expect(docxContentFromXml(xml).tables[0].rows).toEqual([
      ['甲', null, '乙'],
      [1, 2, null],
      [null, 3, 4],
    ]);
  });

  it('reads cell text across paragraphs and runs; entities decoded; numbers only when nothing but digits', () => {
    const xml = doc(tbl(tr(`<w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc>` + tc('1 2') + tc('&#x3000;') + tc('A&amp;B&lt;') + tc(' 12 '))));
    expect(docxContentFromXml(xml).tables[0].rows[0]).toEqual(['商业 企业', '1 2', null, 'A&B<', 12]);
  });

  it('skips deleted text, moved-away text and the fallback copy of a text box; field codes are not text', () => {
    const xml = doc(
      `<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:del><w:r><w:t>也删</w:t></w:r></w:del>` +
        `<w:r><w:instrText>PAGE</w:instrText></w:r><mc:AlternateContent xmlns:mc="x"><mc:Choice/><mc:Fallback><w:r><w:t>重复</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
    );
    expect(docxContentFromXml(xml).paragraphs).toEqual(['保留']);
  });

  it('marks bold spans of a paragraph as **…**, but not a paragraph bold throughout', () => {
    const xml = doc(
      `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>一是加强。</w:t></w:r><w:r><w:t>正文。</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>不粗。</w:t></w:r></w:p>` +
        `<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>（一）主动公开</w:t></w:r></w:p>`,
    );
    expect(docxContentFromXml(xml).paragraphs).toEqual(['**一是加强。**正文。不粗。', '（一）主动公开']);
  });

  it('reads a table nested in a cell as a table of its own, outside the cell text', () => {
    const xml = doc(tbl(tr(`<w:tc>${p('外')}${tbl(tr(tc('内')))}</w:tc>`)));
    const content = docxContentFromXml(xml);
    expect(content.tables.map((t) => t.rows)).toEqual([[['外']], [['内']]]);
  });

  it('recognises the title (one or two lines) and takes it out of the narrative', () => {
    const two = docxContentFromXml(doc(p('某县某镇人民政府') + p('2024年政府信息公开工作年度报告') + p('一、总体情况') + p('正文。')));
    expect([two.agency, two.year, two.paragraphs]).toEqual(['某县某镇人民政府', 2024, ['一、总体情况', '正文。']]);
    const none = docxContentFromXml(doc(p('一、总体情况') + p('正文。')));
    expect([none.title, none.agency, none.paragraphs]).toEqual([null, null, ['一、总体情况', '正文。']]);
    expect(parseReportTitle('某县审计局 2023 年度政府信息公开工作年度报告')).toEqual({ agency: '某县审计局', year: 2023 });
  });

  it('refuses a DOCTYPE, and bounds nesting depth', () => {
    expect(() => docxContentFromXml(`<!DOCTYPE x [<!ENTITY a "b">]>${doc(p('&a;'))}`)).toThrow(DocxFileError);
    const deep = doc('<w:sdt>'.repeat(300) + p('x') + '</w:sdt>'.repeat(300));
    expect(() => docxContentFromXml(deep)).toThrow('嵌套层次过深');
    expect(docxContentFromXml(doc('<w:sdt>'.repeat(100) + p('x') + '</w:sdt>'.repeat(100))).paragraphs).toEqual(['x']);
  });

  it('says in Chinese what is wrong with a file that is not a .docx', async () => {
    await expect(readDocx(new TextEncoder().encode('not a zip'))).rejects.toThrow('不是 Word 文档');
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    await expect(readDocx(await zip.generateAsync({ type: 'uint8array' }))).rejects.toThrow('这是 Excel 工作簿');
    const empty = new JSZip();
    empty.file('word/document.xml', doc(p('一、总体情况')));
    const content = await readDocx(await empty.generateAsync({ type: 'uint8array' }));
    expect(() => docxReport(content)).toThrow(NotAReportDocument);
  });
});

describe('reports read from .docx', () => {
  it('the blank official template (made in WPS): each of its 200 cells blank once, no other error', async () => {
    const read = await readDocxReport(readFileSync(BLANK_TEMPLATE));
    const issues = checkRead(read);
    const blanks = issues.filter((i) => i.rule === 'CELL_VALUE');
    expect(blanks).toHaveLength(200);
    expect(new Set(blanks.map((i) => `${i.table}.${i.row}.${i.column}`)).size).toBe(200);
    expect(blanks.every((i) => i.message.includes('单元格为空'))).toBe(true);
    // Besides the 200 blank cells, only the two basic facts the template leaves blank too (its
    // title is "政府信息公开工作年度报告格式模板": no agency, no year): REPORT_INFO, once each.
    expect(issues.filter((i) => i.severity === 'error' && i.rule !== 'CELL_VALUE').map((i) => `${i.rule} ${i.row}`)).toEqual(['REPORT_INFO agency', 'REPORT_INFO year']);
    // Locations point into the document.
    expect(blanks.every((i) => /^表[二三四] 第 \d+ 行 第 \d+ 列$/.test(i.cells[0]))).toBe(true);
    const natural = blanks.find((i) => i.row === 'newRequests' && i.column === 'naturalPerson')!;
    expect(natural.cells).toEqual(['表三 第 4 行 第 4 列']);
    expect(read.content.title).toBe('政府信息公开工作年度报告格式模板');
    expect(read.report.narrative).toContain('六、其他需要报告的事项');
  });

  it('the official template filled in (as a unit does in WPS) reads the figures typed into it', async () => {
    const bytes = readFileSync(BLANK_TEMPLATE);
    const blank = await readDocxReport(bytes);
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    // Where each cell is, from the blank template's read: "表三 第 N 行 第 M 列" → the N-th row's cell starting at grid column M.
    const report = sample();
    const typed = new Map<string, string>();
    for (const [id, where] of blank.addresses) {
      const m = /^表([二三四]) 第 (\d+) 行 第 (\d+) 列$/.exec(where);
      if (!m) continue;
      const [table, row, column] = id.split('.') as ['table2' | 'table3' | 'table4', string, string];
      typed.set(`${'二三四'.indexOf(m[1])},${m[2]},${m[3]}`, String(report[table]![row]![column]));
    }
    expect(typed.size).toBe(200);
    let t = -1;
    const filled = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (table) => {
      t++;
      let r = 0;
      return table.replace(/<w:tr[ >][\s\S]*?<\/w:tr>/g, (row) => {
        r++;
        let col = 1;
        return row.replace(/<w:tc>([\s\S]*?)<\/w:tc>/g, (cell, inner: string) => {
          const at = col;
          col += Number(/<w:gridSpan w:val="(\d+)"/.exec(inner)?.[1] ?? 1);
          const value = typed.get(`${t},${r},${at}`);
          if (value === undefined) return cell;
          const props = /<w:tcPr>[\s\S]*?<\/w:tcPr>/.exec(inner)?.[0] ?? '';
          return `<w:tc>${props}<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>${value}</w:t></w:r></w:p></w:tc>`;
        });
      });
    });
    zip.file('word/document.xml', filled);
    const read = await readDocxReport(await zip.generateAsync({ type: 'uint8array' }));
    expect(tables(read.report)).toEqual(tables(report));
    expect(tableIssues(checkRead(read))).toEqual([]);
  });

  it('a report exported by nianbao reads back with identical tables, agency, year and narrative', async () => {
    const report = sample();
    const read = await readDocxReport(await exportDocx(report));
    expect(tables(read.report)).toEqual(tables(report));
    expect([read.report.agency, read.report.year]).toEqual([report.agency, report.year]);
    expect(templateParagraphs(read.report.narrative)).toEqual(printedParagraphs(report));
    expect(checkRead(read)).toEqual([]);
  });

  it('gives the same table issues as the JSON, pointing at 表 N 行 M 列', async () => {
    const report = mutate('table3', 'carriedOver', 'naturalPerson', '/', mutate('table4', 'review', 'total', 9));
    const read = await readDocxReport(await exportDocx(report));
    const fromDocx = checkRead(read);
    expect(tableIssues(fromDocx)).toEqual(tableIssues(checkReport(report)));
    expect(tableIssues(fromDocx).length).toBeGreaterThanOrEqual(2);
    const slash = fromDocx.find((i) => i.rule === 'CELL_VALUE')!;
    expect(slash.cells).toEqual(['表三 第 5 行 第 4 列']);
    const t4 = fromDocx.find((i) => i.rule === 'T4_TOTAL')!;
    expect(t4.cells.every((c) => c.startsWith('表四 第 4 行 第 '))).toBe(true);
  });

  it('a row label rewritten in the document is reported at its document location, in cells and message', async () => {
    const bytes = await exportDocx(sample());
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await zip.file('word/document.xml')!.async('string')).replace('二、上年结转政府信息公开申请数量', '二、上年结转政府信息公开申请数');
    const read = docxReport(docxContentFromXml(xml));
    const label = read.issues.find((i) => i.rule === 'WORKBOOK_LABEL')!;
    expect(label.cells).toEqual(['表三 第 5 行 第 1 列']);
    expect(label.message).toContain('表三 第 5 行 第 1 列');
    expect(label.message).not.toContain('文档!');
  });

  it('joins a table split across pages, dropping its repeated header rows; keeps tables apart otherwise', async () => {
    const report = sample();
    const zip = await JSZip.loadAsync(await exportDocx(report));
    const xml = await zip.file('word/document.xml')!.async('string');
    // Table 3 is the second table; split it after its 12th row, the header (3 rows) repeated.
    const starts = [...xml.matchAll(/<w:tbl>/g)].map((m) => m.index);
    const start = starts[1];
    const end = xml.indexOf('</w:tbl>', start) + '</w:tbl>'.length;
    const table = xml.slice(start, end);
    const firstRow = table.indexOf('<w:tr>');
    const head = table.slice(0, firstRow);
    const rows = table.slice(firstRow, -'</w:tbl>'.length).split(/(?=<w:tr>)/);
    expect(rows).toHaveLength(28);
    const pageBreak = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
    const split = (repeat: string[], between: string) => `${head}${rows.slice(0, 12).join('')}</w:tbl>${between}${head}${repeat.join('')}${rows.slice(12).join('')}</w:tbl>`;
    const repeatedHeader = rows.slice(0, 3).map((r) => r.replace('<w:tr>', '<w:tr><w:trPr><w:tblHeader/></w:trPr>'));
    for (const [repeat, between] of [
      [rows.slice(0, 3), pageBreak],
      [repeatedHeader, '<w:p/>'],
      [[], pageBreak],
    ] as [string[], string][]) {
      const content = docxContentFromXml(xml.slice(0, start) + split(repeat, between) + xml.slice(end));
      expect(tables(docxReport(content).report)).toEqual(tables(report));
      expect(content.tables).toHaveLength(3);
    }
    // With text between them, the two parts stay two tables (the second has no header: its rows are not found).
    const apart = docxContentFromXml(xml.slice(0, start) + split(rows.slice(0, 3), '<w:p><w:r><w:t>注：</w:t></w:r></w:p>') + xml.slice(end));
    expect(apart.tables).toHaveLength(4);
  });
});

/** A corpus layout's sheets as Word tables: merges as gridSpan/vMerge, a paragraph between tables. */
function styleDocument(style: Style): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return doc(
    style.sheets
      .map((sheet) => {
        const merges = sheet.merges.map((range) => {
          const [a, b] = range.split(':').map((x) => parseA1(x)!);
          return { r1: a.row, c1: a.col, r2: b.row, c2: b.col };
        });
        const width = Math.max(...sheet.rows.map((r) => r.length), ...merges.map((m) => m.c2));
        const rows = sheet.rows.map((row, i) => {
          const r = i + 1;
          const cells: string[] = [];
          for (let c = 1; c <= width; c++) {
            const m = merges.find((x) => r >= x.r1 && r <= x.r2 && c >= x.c1 && c <= x.c2);
            if (m && c !== m.c1) continue;
            const span = m ? `<w:gridSpan w:val="${m.c2 - m.c1 + 1}"/>` : '';
            const v = row[c - 1];
            // Text with line breaks as separate paragraphs, as Word keeps them.
            const paragraphs = v === null || v === undefined || (m && r !== m.r1) ? [''] : String(v).split('\n');
            const vMerge = m && m.r2 > m.r1 ? (r === m.r1 ? '<w:vMerge w:val="restart"/>' : '<w:vMerge/>') : '';
            cells.push(`<w:tc><w:tcPr>${span}${vMerge}</w:tcPr>${paragraphs.map((t) => p(esc(t))).join('')}</w:tc>`);
          }
          return tr(cells.join(''));
        });
        return tbl(rows.join(''));
      })
      .join(p('（续）')),
  );
}

describe('the layouts units use, as Word tables', () => {
  it('each corpus layout (county template, pasted from Word, published, merged labels, three sheets with totals) reads back exactly', () => {
    const report = sample();
    for (const style of styles(report)) {
      const read = docxReport(docxContentFromXml(styleDocument(style)));
      expect([style.name, tables(read.report)]).toEqual([style.name, tables(report)]);
    }
  });

  it('Table 2 as four separate Word tables, one per 第二十条 block', () => {
    const block = (title: string, header: string[], rows: (string | number)[][]) =>
      tbl(tr(tc(title, `<w:gridSpan w:val="${header.length}"/>`)) + tr(header.map((h) => tc(h)).join('')) + rows.map((r) => tr(r.map((v) => tc(String(v))).join(''))).join(''));
    const xml = doc(
      p('二、主动公开政府信息情况') +
        block('第二十条第（一）项', ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], [['规章', 1, 2, 3], ['行政规范性文件', 4, 5, 6]]) +
        p('') +
        block('第二十条第（五）项', ['信息内容', '本年处理决定数量'], [['行政许可', 7]]) +
        p('') +
        block('第二十条第（六）项', ['信息内容', '本年处理决定数量'], [['行政处罚', 8], ['行政强制', 9]]) +
        '<w:p/>' +
        block('第二十条第（八）项', ['信息内容', '本年收费金额（单位：万元）'], [['行政事业性收费', '0.5']]),
    );
    const read = docxReport(docxContentFromXml(xml));
    expect(read.report.table2).toEqual({
      regulations: { issued: 1, repealed: 2, inForce: 3 },
      normativeDocuments: { issued: 4, repealed: 5, inForce: 6 },
      licensing: { decisions: 7 },
      penalty: { decisions: 8 },
      enforcement: { decisions: 9 },
      fees: { amount: 0.5 },
    });
    // Tables of the same width with an empty line between stay four tables: locations count within each.
    expect(read.addresses.get('table2.fees.amount')).toBe('表二 第 3 行 第 2 列');
    expect(read.addresses.get('table2.enforcement.decisions')).toBe('表二 第 4 行 第 2 列');
  });
});

const haveSoffice = spawnSync('which', ['soffice']).status === 0;
if (!haveSoffice && process.env.CI === 'true') throw new Error('CI=true but soffice (LibreOffice) is not installed: the LibreOffice round trips cannot run');
const soffice = haveSoffice ? describe : describe.skip;

soffice('LibreOffice round trips', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-docx-'));
  const report = mutate('table3', 'newRequests', 'total', 5);
  let resaved: Buffer;
  let fromHtml: Buffer;

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'exported.docx'), await exportDocx(report));
    writeFileSync(path.join(dir, 'page.html'), renderHtml(buildDocument(report), report, { standalone: true }));
    const out = path.join(dir, 'out');
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', out, path.join(dir, 'exported.docx'), path.join(dir, 'page.html')], {
      stdio: 'ignore',
      timeout: 240_000,
    });
    resaved = readFileSync(path.join(out, 'exported.docx'));
    fromHtml = readFileSync(path.join(out, 'page.docx'));
  }, 300_000);

  it('the export re-saved by LibreOffice: same tables, narrative and table issues', async () => {
    expect(sniffReportFile(resaved).kind).toBe('docx');
    const read = await readDocxReport(resaved);
    expect(tables(read.report)).toEqual(tables(report));
    expect([read.report.agency, read.report.year]).toEqual([report.agency, report.year]);
    expect(templateParagraphs(read.report.narrative)).toEqual(printedParagraphs(report));
    expect(tableIssues(checkRead(read))).toEqual(tableIssues(checkReport(report)));
    expect(tableIssues(checkRead(read))).toContain('T3_ROW_TOTAL error table3 newRequests -');
  });

  it('nianbao check on the LibreOffice copies gives the same table issues as the JSON', async () => {
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report));
    const outputs: string[] = [];
    for (const file of ['out/exported.docx', 'out/page.docx', 'report.json']) {
      let out = '';
      await run(['check', '--json', file], { out: (t) => (out += t), err: () => undefined, cwd: dir });
      outputs.push(JSON.stringify(tableIssues((JSON.parse(out) as { reports: { issues: Issue[] }[] }).reports[0].issues)));
    }
    expect(outputs[0]).toBe(outputs[2]);
    expect(outputs[1]).toBe(outputs[2]);
    expect(outputs[2]).toContain('T3_ROW_TOTAL');
  });

  it('the HTML export converted to .docx by LibreOffice: same tables, narrative text and table issues', async () => {
    const read = await readDocxReport(fromHtml);
    expect(tables(read.report)).toEqual(tables(report));
    expect([read.report.agency, read.report.year]).toEqual([report.agency, report.year]);
    const plain = (ps: string[]) => ps.map((x) => x.replace(/\*\*/g, ''));
    expect(plain(templateParagraphs(read.report.narrative))).toEqual(plain(printedParagraphs(report)));
    expect(tableIssues(checkRead(read))).toEqual(tableIssues(checkReport(report)));
  });
});

describe('files nianbao does not read, named by content', () => {
  const ole = (...streams: string[]) => {
    const bytes = new Uint8Array(2048);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    let at = 1024;
    for (const s of streams) {
      for (const c of s) {
        bytes[at] = c.charCodeAt(0);
        at += 2;
      }
    }
    return bytes;
  };

  it('old .doc and .xls, WPS .wps and .et (even misnamed), PDF, RTF, web archives', () => {
    expect(sniffReportFile(ole('WordDocument'), '报告.docx').message).toContain('旧版 Word 文档（.doc');
    expect(sniffReportFile(ole('WordDocument'), '报告.wps').message).toContain('WPS 文字的旧格式文件（.wps）');
    expect(sniffReportFile(ole('WordDocument', 'WpsCustomData'), '报告.docx').message).toContain('.wps');
    expect(sniffReportFile(ole('Workbook'), '表.xlsx').message).toContain('旧版 Excel 工作簿（.xls');
    expect(sniffReportFile(ole('Workbook'), '表.et').message).toContain('WPS 表格');
    expect(sniffReportFile(ole('Other'), 'x').message).toContain('OLE');
    expect(sniffReportFile(new TextEncoder().encode('%PDF-1.7\n…'), '报告.docx')).toMatchObject({ kind: 'unsupported' });
    expect(sniffReportFile(new TextEncoder().encode('%PDF-1.7\n…')).message).toContain('PDF');
    expect(sniffReportFile(new TextEncoder().encode('{\\rtf1\\ansi'), 'a.doc').message).toContain('RTF');
    expect(sniffReportFile(new TextEncoder().encode('MIME-Version: 1.0\r\n'), 'a.mht').message).toContain('网页存档');
    expect(sniffReportFile(new Uint8Array(0)).kind).toBe('unknown');
  });

  it('the readable kinds, by content whatever the extension', async () => {
    expect(sniffReportFile(readFileSync(BLANK_TEMPLATE), 'x.wps').kind).toBe('docx');
    expect(sniffReportFile(await exportDocx(sample()), 'x.bin').kind).toBe('docx');
    const xlsx = new JSZip();
    xlsx.file('[Content_Types].xml', '<Types/>');
    xlsx.file('xl/workbook.xml', '<workbook/>');
    expect(sniffReportFile(await xlsx.generateAsync({ type: 'uint8array' }), 'a.et').kind).toBe('xlsx');
    const other = new JSZip();
    other.file('a.txt', 'x');
    expect(sniffReportFile(await other.generateAsync({ type: 'uint8array' })).kind).toBe('unsupported');
    expect(sniffReportFile(new TextEncoder().encode('\ufeff  {"format":"2021"}'), 'a.txt').kind).toBe('json');
    expect(sniffReportFile(new TextEncoder().encode('<!DOCTYPE html><html>'), 'a.txt').kind).toBe('html');
    expect(sniffReportFile(new TextEncoder().encode('hello')).kind).toBe('unknown');
  });
});

describe('the CLI and the pane read .docx', () => {
  async function cli(cwd: string, ...argv: string[]) {
    let out = '';
    let err = '';
    const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
    return { code, out, err };
  }
  const units: [string, ReportData][] = [
    ['甲镇', sample()],
    ['乙镇', mutate('table3', 'carriedOver', 'naturalPerson', '/')],
    ['丙镇', mutate('table4', 'litigationDirect', 'total', 7, mutate('table2', 'fees', 'amount', '1,5'))],
  ];

  it('check on a folder of Word reports gives the same table issues as their JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-docx-cli-'));
    for (const [name, report] of units) {
      writeFileSync(path.join(dir, `${name}.docx`), await exportDocx(report));
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report));
    }
    const fromDocx = await cli(dir, 'check', '--json', ...units.map(([n]) => `${n}.docx`));
    const fromJson = await cli(dir, 'check', '--json', ...units.map(([n]) => `${n}.json`));
    expect([fromDocx.code, fromJson.code]).toEqual([1, 1]);
    const reports = (out: string) => (JSON.parse(out) as { reports: { issues: Issue[] }[] }).reports.map((r) => tableIssues(r.issues));
    expect(reports(fromDocx.out)).toEqual(reports(fromJson.out));
    expect(reports(fromDocx.out).map((r) => r.length)).toEqual([0, 1, 2]);
    const text = await cli(dir, 'check', '乙镇.docx');
    expect(text.out).toContain('错误  表三 第 5 行 第 4 列  表三“二、上年结转政府信息公开申请数量”行“自然人”列');

    const json = await cli(dir, 'to-json', '甲镇.docx');
    expect(json.code).toBe(0);
    expect(tables(JSON.parse(json.out) as ReportData)).toEqual(tables(sample()));
    const exported = await cli(dir, 'export', '甲镇.docx', '--html', '甲镇.html');
    expect(exported.code).toBe(0);
    expect(readFileSync(path.join(dir, '甲镇.html'), 'utf8')).toContain('海原县西安镇人民政府2023年政府信息公开工作年度报告');
  });

  it('--previous takes last year’s Word report (cross-year checks, tenfold changes shown as info)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-docx-prev-'));
    const last = mutate('table3', 'carriedForward', 'naturalPerson', 3, mutate('table3', 'carriedForward', 'total', 3, mutate('table3', 'newRequests', 'total', 100)));
    writeFileSync(path.join(dir, '上年.docx'), await exportDocx(last));
    writeFileSync(path.join(dir, '本年.json'), JSON.stringify(sample()));
    const result = await cli(dir, 'check', '--json', '--previous', '上年.docx', '本年.json');
    const issues = (JSON.parse(result.out) as { reports: { issues: Issue[] }[] }).reports[0].issues;
    expect(issues.map((i) => i.rule)).toContain('CROSS_YEAR_CARRIED');
    const outliers = issues.filter((i) => i.rule === 'YEAR_OUTLIER');
    expect(outliers.map((i) => [i.severity, i.row, i.column, i.expected, i.actual])).toEqual([['info', 'newRequests', 'total', 100, sample().table3!.newRequests!.total]]);
  });

  it('a file that is not what its name says is named by its content', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-docx-bad-'));
    const doc = new Uint8Array(2048);
    doc.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    Array.from('WordDocument').forEach((c, i) => (doc[1024 + 2 * i] = c.charCodeAt(0)));
    writeFileSync(path.join(dir, '报告.docx'), doc);
    writeFileSync(path.join(dir, '报告.pdf'), '%PDF-1.4\n');
    writeFileSync(path.join(dir, '文本.docx'), '这不是文档');
    writeFileSync(path.join(dir, '网页.html'), '<!DOCTYPE html><html><body><table></table></body></html>');
    const result = await cli(dir, 'check', '报告.docx', '报告.pdf', '文本.docx', '网页.html');
    expect(result.code).toBe(2);
    expect(result.out).toContain('旧版 Word 文档（.doc');
    expect(result.out).toContain('这是 PDF 文件');
    expect(result.out).toContain('无法识别的文件格式');
    expect(result.out).toContain('这是网页（HTML）文件，不是工作簿或年报数据文件；如是保存的年报网页，请先用 nianbao import 导入为 .json');
    expect(result.out).not.toContain('JSON');
  });

  it('the pane reads a picked .docx and refuses an old .doc by name', async () => {
    const picked = await readPicked({ name: '乙镇.docx', bytes: await exportDocx(units[1][1]) });
    expect(tables(picked.report)).toEqual(tables(units[1][1]));
    expect(tableIssues(picked.issues)).toEqual(tableIssues(checkReport(units[1][1])));
    const doc = new Uint8Array(2048);
    doc.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    Array.from('WordDocument').forEach((c, i) => (doc[1024 + 2 * i] = c.charCodeAt(0)));
    await expect(readPicked({ name: '乙镇.doc', bytes: doc })).rejects.toThrow('另存为” Word 文档（.docx）');
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'node-html-parser';
import { run } from '../src/cli/main';
import { TABLE3, SECTION_HEADINGS, TABLES } from '../src/report/format';
import { normalizeLabel } from '../src/report/labels';
import { buildDocument } from '../src/report/narrative';
import { renderHtml, renderText } from '../src/report/render';
import { FONT_FALLBACKS, PAGE, mm, renderDocx } from '../src/report/render/docx';
import type { ReportData } from '../src/report';
import { FIXTURES, SAMPLE_JSON, mutate, sample } from './helpers';

async function cli(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

function exportText(report: ReportData = sample()): string {
  return renderText(buildDocument(report), report);
}

/** Paragraphs of a text, split on blank lines. */
function paragraphsOf(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

/** The source report's narrative: its table sections removed, page-break splits joined, ** dropped. */
function sourceNarrative(): string[] {
  const paragraphs = paragraphsOf(readFileSync(path.join(FIXTURES, 'xian-2023-report.txt'), 'utf8'));
  const out: string[] = [];
  let inTables = false;
  for (const p of paragraphs) {
    if (p === SECTION_HEADINGS[1]) inTables = true;
    if (p === SECTION_HEADINGS[4]) inTables = false;
    if (inTables && !SECTION_HEADINGS.includes(p as never)) continue;
    const joinWithPrevious = out.length > 0 && Array.from(out[out.length - 1]).length > 40 && !/[。：；！？”）》]$/.test(out[out.length - 1]);
    if (joinWithPrevious) out[out.length - 1] += p;
    else out.push(p);
  }
  // The sample template corrects two slips of the published page (《《, half-width "(六)").
  return out.map((p) => p.replace(/\*\*/g, '').replace(/《《/g, '《').replace(/^\(([一二三四五六七八九十]+)\)/, '（$1）'));
}

function exportedNarrative(text: string): string[] {
  const tableLine = /\t/;
  return paragraphsOf(text).filter((p) => !tableLine.test(p) && !/^第二十条第/.test(p));
}

/** The numbers on the line whose label cells match `label` (tabs separate cells). */
function numbersAfter(text: string, label: string): number[] | null {
  const line = text.split('\n').find((l) => l.split('\t').some((cell) => normalizeLabel(cell) === normalizeLabel(label)));
  if (!line) return null;
  return line.split('\t').map((c) => c.trim()).filter((c) => /^\d+(\.\d+)?$/.test(c)).map(Number);
}

describe('plain text export of the sample', () => {
  const text = exportText();

  it('has the narrative paragraphs of the published report, word for word', () => {
    const source = sourceNarrative();
    expect(source.length).toBeGreaterThan(30);
    expect(exportedNarrative(text)).toEqual(source);
  });

  it('has the same numbers under the same labels as the published tables', () => {
    const source = readFileSync(path.join(FIXTURES, 'xian-2023-report.txt'), 'utf8');
    const labels = TABLES.filter((t) => t.key !== 'table4').flatMap((t) => t.rows.map((r) => r.label));
    for (const label of labels) {
      const ours = numbersAfter(text, label);
      expect([label, ours]).toEqual([label, numbersAfter(source, label)]);
      expect(ours!.length).toBeGreaterThan(0);
    }
    // Table 4: its one data row of fifteen numbers.
    const row = (t: string) => t.split('\n').find((l) => /^(\d+\t){14}\d+\t?$/.test(l.trim() + '\t'))!.trim().split('\t').map(Number);
    expect(row(text)).toEqual(row(source));
  });

  it('nianbao export --text writes that text, and prints it without an output option', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-export-'));
    expect((await cli(dir, 'export', SAMPLE_JSON, '--text', 'r.txt')).code).toBe(0);
    expect(readFileSync(path.join(dir, 'r.txt'), 'utf8')).toBe(text);
    expect((await cli(dir, 'export', SAMPLE_JSON)).out).toBe(text);
  });
});

describe('HTML export', () => {
  const html = renderHtml(buildDocument(sample()), sample(), { standalone: true });
  const root = parse(html);

  it('has Table 3 with 25 data rows × 7 data columns and the official spans', () => {
    const table = root.querySelector('table[data-table="table3"]')!;
    const rows = table.querySelectorAll('tr');
    expect(rows).toHaveLength(28);
    const header = rows.slice(0, 3);
    const corner = header[0].querySelectorAll('th')[0];
    expect([corner.getAttribute('rowspan'), corner.getAttribute('colspan'), corner.text]).toEqual(['3', '3', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）']);
    expect(header[0].querySelectorAll('th')[1].getAttribute('colspan')).toBe('7');
    expect(header[1].querySelectorAll('th').map((th) => [th.text, th.getAttribute('rowspan') ?? '1', th.getAttribute('colspan') ?? '1'])).toEqual([
      ['自然人', '2', '1'],
      ['法人或其他组织', '1', '5'],
      ['总计', '2', '1'],
    ]);
    const data = rows.slice(3);
    expect(data).toHaveLength(25);
    for (const tr of data) expect(tr.querySelectorAll('td').filter((td) => /^\d+$/.test(td.text))).toHaveLength(7);
    const results = data[2].querySelectorAll('td')[0];
    expect([results.text, results.getAttribute('rowspan')]).toEqual(['三、本年度办理结果', '22']);
    const labels = data.map((tr) => tr.querySelectorAll('td').filter((td) => !/^\d+$/.test(td.text)).pop()!.text);
    expect(labels).toEqual(TABLE3.rows.map((r) => r.label));
  });

  it('has Table 4 with its three-level header and 15 numbers, Table 2 with its four blocks', () => {
    const t4 = root.querySelector('table[data-table="table4"]')!;
    expect(t4.querySelectorAll('tr')[0].querySelectorAll('th').map((th) => [th.text, th.getAttribute('colspan')])).toEqual([
      ['行政复议', '5'],
      ['行政诉讼', '10'],
    ]);
    expect(t4.querySelectorAll('tr')[3].querySelectorAll('td')).toHaveLength(15);
    const t2 = root.querySelector('table[data-table="table2"]')!;
    expect(t2.querySelectorAll('th').filter((th) => th.getAttribute('colspan') === '4').map((th) => th.text)).toEqual([
      '第二十条第（一）项',
      '第二十条第（五）项',
      '第二十条第（六）项',
      '第二十条第（八）项',
    ]);
  });

  it('uses inline styles only and no scripts', () => {
    expect(html).not.toMatch(/<script|<style|<link|class=/i);
    expect(root.querySelectorAll('h2').map((h) => h.text)).toEqual(SECTION_HEADINGS.slice());
  });

  it('escapes every piece of workbook text', () => {
    const report = mutate('table3', 'granted', 'commercial', '<script>alert(1)</script>');
    report.agency = '<img src=x onerror=alert(1)>';
    report.narrative = report.narrative!.replace('一、总体情况\n\n', '一、总体情况\n\n<b onclick="x()">正文</b> & {{table3.granted.commercial}}\n\n');
    const out = renderHtml(buildDocument(report), report, { standalone: true });
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b onclick');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;b onclick=&quot;x()&quot;&gt;正文&lt;/b&gt; &amp;');
    expect(parse(out).querySelectorAll('script, img')).toHaveLength(0);
  });
});

describe('Word export (GB/T 9704)', () => {
  let files: Record<string, string>;
  beforeAll(async () => {
    const zip = await JSZip.loadAsync(await renderDocx(buildDocument(sample()), sample()));
    files = {};
    for (const name of ['word/document.xml', 'word/fontTable.xml', 'word/settings.xml', 'word/styles.xml']) files[name] = await zip.file(name)!.async('string');
    const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n));
    for (const name of footers) files[name] = await zip.file(name)!.async('string');
  });

  const attr = (xml: string, element: string, name: string) => Number(new RegExp(`<w:${element}\\b[^>]*w:${name}="(-?\\d+)"`).exec(xml)![1]);
  const twipsToMm = (t: number) => (t * 25.4) / 1440;

  it('is A4 with margins 37/35/28/26 mm (±1 mm)', () => {
    const doc = files['word/document.xml'];
    expect(twipsToMm(attr(doc, 'pgSz', 'w'))).toBeCloseTo(210, 0);
    expect(twipsToMm(attr(doc, 'pgSz', 'h'))).toBeCloseTo(297, 0);
    for (const [side, value] of Object.entries({ top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right })) {
      expect(Math.abs(twipsToMm(attr(doc, 'pgMar', side)) - value)).toBeLessThanOrEqual(1);
    }
  });

  it('sets the title in 2号小标宋, the body in 3号仿宋 with a 2-character indent, headings in 黑体/楷体', () => {
    const doc = files['word/document.xml'];
    const runOf = (text: string) => {
      const at = doc.indexOf(`>${text}`);
      expect(at).toBeGreaterThan(0);
      const start = doc.lastIndexOf('<w:p>', at) >= 0 ? doc.lastIndexOf('<w:p', at) : 0;
      return doc.slice(start, at);
    };
    expect(runOf('海原县西安镇人民政府 2023 年政府信息公开工作年度报告')).toMatch(/w:eastAsia="方正小标宋简体"[\s\S]*<w:sz w:val="44"\/>/);
    expect(runOf('一、总体情况')).toMatch(/w:eastAsia="黑体"[\s\S]*<w:sz w:val="32"\/>/);
    expect(runOf('（一）主动公开')).toMatch(/w:eastAsia="楷体_GB2312"/);
    const body = runOf('尽管 2023 年度西安镇人民政府政府信息公开取得了一定成效，但仍存在一些问题。');
    expect(body).toMatch(/w:firstLineChars="200"/);
    expect(body).toMatch(/w:eastAsia="仿宋_GB2312"[\s\S]*<w:sz w:val="32"\/>/);
  });

  it('has 22 lines a page: exact line spacing of 225 mm / 22', () => {
    const doc = files['word/document.xml'];
    const body = doc.slice(doc.indexOf('firstLineChars') - 400);
    expect(/<w:spacing [^>]*w:lineRule="exact"/.test(body)).toBe(true);
    expect(Math.round(mm(225) / attr(body, 'spacing', 'line'))).toBe(22);
  });

  it('names fallbacks that Windows and WPS ship for every official face', () => {
    for (const [face, alt] of Object.entries(FONT_FALLBACKS)) {
      expect(files['word/fontTable.xml']).toContain(`<w:font w:name="${face}"><w:altName w:val="${alt}"/>`);
    }
  });

  it('numbers pages "— N —" in 4号宋体, odd pages right and even pages left', () => {
    expect(files['word/settings.xml']).toMatch(/<w:evenAndOddHeaders\/>|<w:evenAndOddHeaders w:val="(true|1)"\/>/);
    const footers = Object.entries(files).filter(([n]) => n.includes('footer')).map(([, xml]) => xml);
    expect(footers).toHaveLength(2);
    for (const xml of footers) {
      expect(xml).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]*> —<\/w:t>/);
      expect(xml).toMatch(/w:eastAsia="宋体"[\s\S]*<w:sz w:val="28"\/>/);
    }
    expect(footers.map((xml) => /<w:jc w:val="(\w+)"\/>/.exec(xml)![1]).sort()).toEqual(['left', 'right']);
  });

  it('repeats the header rows of Tables 3 and 4 across pages', () => {
    expect((files['word/document.xml'].match(/<w:tblHeader\/>/g) ?? []).length).toBe(6);
  });
});

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext'], { encoding: 'utf8' }).status === 0;
if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice) and pdftotext: .ci/run installs them');
(hasSoffice ? describe : describe.skip)('the .docx in LibreOffice', () => {
  const outDir = path.join(__dirname, '..', 'test-output', 'docx');
  let text = '';
  let info = '';
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const docx = path.join(outDir, 'xian-2023.docx');
    writeFileSync(docx, await renderDocx(buildDocument(sample()), sample()));
    execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/nianbao-lo-profile', '--convert-to', 'pdf', '--outdir', outDir, docx], { timeout: 180_000, stdio: 'ignore' });
    const pdf = path.join(outDir, 'xian-2023.pdf');
    text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', pdf, path.join(outDir, 'page')]);
  }, 240_000);

  it('converts to A4 pages', () => {
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(5);
    expect(existsSync(path.join(outDir, 'page-1.png')) || existsSync(path.join(outDir, 'page-01.png'))).toBe(true);
  });

  it('shows all six headings and all 25 Table 3 labels verbatim', () => {
    const fold = (t: string) => normalizeLabel(t).replace(/"/g, '');
    const flat = fold(text);
    const missing = [...SECTION_HEADINGS, ...TABLE3.rows.map((r) => r.label)].filter((label) => !flat.includes(fold(label)));
    expect(missing).toEqual([]);
  });
});

describe('export with errors open', () => {
  it('refuses without --draft, and marks the output as a draft with it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-draft-'));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(mutate('table3', 'newRequests', 'total', 5)));
    const refused = await cli(dir, 'export', 'bad.json', '--html', 'r.html');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('未导出');
    expect(existsSync(path.join(dir, 'r.html'))).toBe(false);
    const draft = await cli(dir, 'export', 'bad.json', '--draft', '--html', 'r.html', '--text', 'r.txt', '--docx', 'r.docx');
    expect(draft.code).toBe(1);
    expect(draft.out).toContain('已导出草稿');
    expect(readFileSync(path.join(dir, 'r.txt'), 'utf8')).toMatch(/^【草稿：校验未通过（2 个错误），不得作为正式报告发布】/);
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('草稿：校验未通过（2 个错误）');
    const zip = await JSZip.loadAsync(readFileSync(path.join(dir, 'r.docx')));
    const headers = Object.keys(zip.files).filter((n) => /^word\/header\d+\.xml$/.test(n));
    expect(headers.length).toBeGreaterThan(0);
    expect(await zip.file(headers[0])!.async('string')).toContain('草稿');
  });

  it('exports a clean report without any draft mark', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-clean-'));
    expect((await cli(dir, 'export', SAMPLE_JSON, '--docx', 'r.docx')).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(path.join(dir, 'r.docx')));
    expect(await zip.file('word/document.xml')!.async('string')).not.toContain('草稿');
  });
});

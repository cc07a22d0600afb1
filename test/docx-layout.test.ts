/**
 * Word layout: headings are kept with what they head (never alone at the foot of a page) — in the
 * document's XML, and in the pages LibreOffice lays out.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { buildDocument } from '../src/report/narrative';
import { renderDocx } from '../src/report/render/docx';
import { sample } from './helpers';

/** The paragraphs of document.xml: their text and whether they are kept with the next. */
async function paragraphs(): Promise<{ text: string; keepNext: boolean }[]> {
  const zip = await JSZip.loadAsync(await renderDocx(buildDocument(sample()), sample()));
  // Table cells are paragraphs too: leave the tables out.
  const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const body = m[1] ?? m[2];
    return { text: [...body.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''), keepNext: /<w:keepNext\/>/.test(body) };
  });
}

describe('Word headings keep with the next paragraph', () => {
  it('every heading (一、… and （一）…) is keep-with-next; body paragraphs are not', async () => {
    const all = await paragraphs();
    const headings = all.filter((p) => /^[一二三四五六]、|^（[一二三四五六七八九]）[^。]{0,20}$/.test(p.text));
    expect(headings.map((p) => p.text)).toEqual(expect.arrayContaining(['一、总体情况', '（一）主动公开', '（二）依申请公开', '六、其他需要报告的事项']));
    expect(headings.filter((p) => !p.keepNext)).toEqual([]);
    const body = all.filter((p) => p.text.length > 60);
    expect(body.length).toBeGreaterThan(10);
    expect(body.filter((p) => p.keepNext)).toEqual([]);
  });
});

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext'], { encoding: 'utf8' }).status === 0;
if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice) and pdftotext: .ci/run installs them');

(hasSoffice ? describe : describe.skip)('the .docx laid out by LibreOffice', () => {
  it('ends no page with a heading', async () => {
    const outDir = path.join(__dirname, '..', 'test-output', 'docx-layout');
    mkdirSync(outDir, { recursive: true });
    const docx = path.join(outDir, 'xian-2023.docx');
    writeFileSync(docx, await renderDocx(buildDocument(sample()), sample()));
    execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/nianbao-lo-profile', '--convert-to', 'pdf', '--outdir', outDir, docx], { timeout: 180_000, stdio: 'ignore' });
    const pages = execFileSync('pdftotext', ['-layout', path.join(outDir, 'xian-2023.pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(3);
    const lastLines = pages.map((page) => page.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^—\s*\d+\s*—$/.test(l)).at(-1) ?? '');
    const headingAtFoot = lastLines.filter((line) => /^([一二三四五六]、|（[一二三四五六七八九]）)[^。，；]{0,20}$/.test(line));
    expect(headingAtFoot).toEqual([]);
  }, 240_000);
});

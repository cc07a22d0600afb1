/**
 * The workbook nianbao writes opens in a real office suite: LibreOffice renders it to PDF and
 * the PDF shows the three tables with the official labels. Runs where `soffice` exists; in CI
 * (.ci/run installs LibreOffice) a missing soffice is a failure, not a skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SECTION_HEADINGS, TABLES, TABLE2_BLOCKS, TABLE3_CORNER } from '../src/report/format';
import JSZip from 'jszip';
import { normalizeLabel } from '../src/report/labels';
import { parseA1 } from '../src/workbook/address';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { applyPlan } from '../src/workbook/port';
import { sample } from './helpers';

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext'], { encoding: 'utf8' }).status === 0;
if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice) and pdftotext: .ci/run installs them');
const describeWithOffice = hasSoffice ? describe : describe.skip;

describeWithOffice('LibreOffice renders the workbook', () => {
  const outDir = path.join(__dirname, '..', 'test-output', 'libreoffice');
  let text = '';
  let pages = 0;

  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    const xlsx = path.join(outDir, 'xian-2023.xlsx');
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(sample()));
    await workbook.save(xlsx);
    execFileSync('soffice', ['--headless', '-env:UserInstallation=file:///tmp/nianbao-lo-profile', '--convert-to', 'pdf', '--outdir', outDir, xlsx], {
      timeout: 180_000,
      stdio: 'ignore',
    });
    const pdf = path.join(outDir, 'xian-2023.pdf');
    text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '4', pdf, path.join(outDir, 'page')]);
  }, 240_000);

  it('produces A4 pages with PNG previews', () => {
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(4);
  });

  it('prints every sheet whole: every text of every sheet is in the PDF, nothing clipped', () => {
    // Compare without whitespace (lines wrap anywhere) and without quote marks (see below).
    const fold = (t: string) => t.replace(/\s+/g, '').replace(/[“”"]/g, '');
    const flat = fold(text);
    const missing: string[] = [];
    for (const sheet of buildPlan(sample()).sheets) {
      for (const cell of sheet.cells) if (typeof cell.value === 'string' && cell.value.trim() !== '' && !flat.includes(fold(cell.value))) missing.push(`${sheet.name}!${cell.address}：${cell.value.slice(0, 30)}`);
    }
    expect(missing).toEqual([]);
    // Narrow column headers break between words, not inside them (社会公益组/织).
    expect(text).not.toMatch(/社会公益组\s*\n\s*织|法律服务机\s*\n\s*构|结果维\s*\n\s*持/);
  });

  it('writes data validation as ranges that do not overlap, covering every input cell', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(outDir, 'xian-2023.xlsx')));
    const plan = buildPlan(sample());
    for (const [i, sheet] of plan.sheets.entries()) {
      const xml = await zip.file(`xl/worksheets/sheet${i + 1}.xml`)!.async('string');
      const ranges = [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].flatMap((m) => m[1].split(' '));
      const cells = ranges.flatMap((range) => {
        const [a, b] = range.split(':').map((x) => parseA1(x)!);
        const end = b ?? a;
        const out: string[] = [];
        for (let r = a.row; r <= end.row; r++) for (let c = a.col; c <= end.col; c++) out.push(`${r},${c}`);
        return out;
      });
      expect([sheet.name, cells.length - new Set(cells).size]).toEqual([sheet.name, 0]);
      const wanted = sheet.validations.flatMap((v) => v.addresses).map((x) => parseA1(x)!).map((c) => `${c.row},${c.col}`);
      expect([sheet.name, wanted.filter((c) => !cells.includes(c))]).toEqual([sheet.name, []]);
    }
  });

  it('shows every table title, block heading, column header and row label verbatim', () => {
    // LibreOffice draws “ ” in the Latin font, and the PDF's text order puts them apart from
    // the CJK run they belong to; compare without quote marks.
    const fold = (t: string) => normalizeLabel(t).replace(/"/g, '');
    const flat = fold(text);
    const expected = [
      ...SECTION_HEADINGS.slice(1, 4),
      ...TABLE2_BLOCKS.map((b) => b.heading),
      TABLE3_CORNER,
      ...TABLES.flatMap((t) => [...t.rows.map((r) => r.label), ...t.columns.map((c) => c.label), ...t.groups.map((g) => g.label)]),
    ];
    const missing = expected.filter((label) => !flat.includes(fold(label)));
    expect(missing).toEqual([]);
  });
});

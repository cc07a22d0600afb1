/**
 * Hostile inputs for test/attacks.test.ts, built from the sample so that each differs from a
 * good file only by its attack. Each is well under 1 MB.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import type { ReportData } from '../../src/report';
import { buildDocument } from '../../src/report/narrative';
import { renderHtml } from '../../src/report/render';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs';
import { buildPlan } from '../../src/workbook/layout';
import { applyPlan } from '../../src/workbook/port';
import { sample } from '../helpers';

/** The sample (or `report`) as an .xlsx made by nianbao. */
export async function workbookBytes(report: ReportData = sample()): Promise<Buffer> {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(report));
  return Buffer.from(await workbook.toBytes());
}

/** Change parts of an .xlsx (or .docx) archive. */
export async function editZip(bytes: Buffer, edit: (zip: JSZip) => Promise<void>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  await edit(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function editPart(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
  zip.file(part, change(await zip.file(part)!.async('string')));
}

/** The sample workbook with one more defined name over `range` (e.g. `'表三'!$A$1:$XFD$1048576`). */
export async function workbookWithName(range: string): Promise<Buffer> {
  return editZip(await workbookBytes(), (zip) =>
    editPart(zip, 'xl/workbook.xml', (xml) => xml.replace('</definedNames>', `<definedName name="whole">${range.replace(/'/g, '&apos;')}</definedName></definedNames>`)),
  );
}

/** The sample workbook with `count` more one-row merged ranges on the 数据 sheet. */
export async function workbookWithMerges(count: number): Promise<Buffer> {
  return editZip(await workbookBytes(), async (zip) => {
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort();
    const last = sheets[sheets.length - 1];
    const merges = Array.from({ length: count }, (_, i) => `<mergeCell ref="A${1000 + i}:B${1000 + i}"/>`).join('');
    await editPart(zip, last, (xml) =>
      xml.includes('<mergeCells')
        ? xml.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + count}">${merges}`)
        : xml.replace('</sheetData>', `</sheetData><mergeCells count="${count}">${merges}</mergeCells>`),
    );
  });
}

/** The sample report as the page nianbao exports. */
export function samplePage(report: ReportData = sample()): string {
  return renderHtml(buildDocument(report), report, { standalone: true });
}

export function write(dir: string, name: string, content: string | Uint8Array | object): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content, null, 2));
  return file;
}

/** The sample workbook with `count` more number cells (50 a row) on its last sheet. */
export async function workbookWithCells(count: number): Promise<Buffer> {
  return editZip(await workbookBytes(), async (zip) => {
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort();
    const rows: string[] = [];
    for (let r = 0; r < count / 50; r++) {
      const cells = Array.from({ length: 50 }, (_, c) => `<c r="${String.fromCharCode(65 + (c % 26))}${c < 26 ? '' : 'A'}${1000 + r}"><v>${r}</v></c>`);
      rows.push(`<row r="${1000 + r}">${cells.join('')}</row>`);
    }
    await editPart(zip, sheets[sheets.length - 1], (xml) => xml.replace('</sheetData>', `${rows.join('')}</sheetData>`).replace('<sheetData/>', `<sheetData>${rows.join('')}</sheetData>`));
  });
}

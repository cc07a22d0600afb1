/**
 * A published report page (HTML saved from a government website) as cell grids, so that the
 * table finder reads it like a worksheet. Row and column spans are laid out as merged cells
 * (text in the first cell); a table nested in a cell is read as a table of its own. Numbers are
 * taken strictly: a cell is a number only when it is nothing but digits.
 */
import { parse, type HTMLElement } from 'node-html-parser';
import type { CellValue } from '../report/model';
import type { SheetGrid } from './sheet-grid';

function cellText(cell: HTMLElement): string {
  // Text outside any nested table, with &nbsp; and line breaks as spaces.
  const clone = parse(cell.innerHTML);
  for (const nested of clone.querySelectorAll('table')) nested.remove();
  return clone.text.replace(/[\u00a0\s]+/g, ' ').trim();
}

function value(text: string): CellValue {
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** The rows of one table (not those of tables nested in its cells). */
function ownRows(table: HTMLElement): HTMLElement[] {
  return table.querySelectorAll('tr').filter((tr) => tr.closest('table') === table);
}

function tableGrid(table: HTMLElement): CellValue[][] {
  const grid: CellValue[][] = [];
  const taken: boolean[][] = [];
  ownRows(table).forEach((tr, r) => {
    grid[r] ??= [];
    taken[r] ??= [];
    let c = 0;
    for (const cell of tr.querySelectorAll('td, th').filter((td) => td.closest('tr') === tr)) {
      while (taken[r][c]) c++;
      const rowSpan = Math.max(1, Number(cell.getAttribute('rowspan')) || 1);
      const colSpan = Math.max(1, Number(cell.getAttribute('colspan')) || 1);
      for (let dr = 0; dr < rowSpan; dr++) {
        grid[r + dr] ??= [];
        taken[r + dr] ??= [];
        for (let dc = 0; dc < colSpan; dc++) {
          taken[r + dr][c + dc] = true;
          grid[r + dr][c + dc] = dr === 0 && dc === 0 ? value(cellText(cell)) : null;
        }
      }
      c += colSpan;
    }
  });
  return grid.map((row) => Array.from({ length: row.length }, (_, i) => row[i] ?? null));
}

/** Every table of the page, one under another (a blank row between), as one grid. */
export function htmlGrids(html: string): SheetGrid[] {
  const root = parse(html);
  const values: CellValue[][] = [];
  for (const table of root.querySelectorAll('table')) {
    const rows = tableGrid(table);
    if (rows.length === 0) continue;
    values.push(...rows, []);
  }
  return [{ name: '网页', values }];
}

/** Decode a saved page: UTF-8 unless its meta tag says GBK/GB2312/GB18030 (common on government sites). */
export function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.slice(0, 2048));
  const charset = /charset=["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const label = /^(gb2312|gbk|gb18030)$/.test(charset) ? 'gb18030' : 'utf-8';
  return new TextDecoder(label).decode(bytes);
}

/** The page's report text: its headings and paragraphs outside the tables, and its title. */
export function htmlText(html: string): { title: string; paragraphs: string[] } {
  const root = parse(html);
  const title = (root.querySelector('h1')?.text ?? root.querySelector('title')?.text ?? '').replace(/\s+/g, ' ').trim();
  const paragraphs = root
    .querySelectorAll('h1, h2, h3, h4, p')
    .filter((el) => el.closest('table') === null)
    .map((el) => el.text.replace(/[\u00a0\s]+/g, ' ').trim())
    .filter((t) => t !== '');
  return { title, paragraphs };
}

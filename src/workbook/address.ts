/** A1-style addresses and sheet-qualified references, shared by both workbook backends. */

export interface CellRef {
  sheet: string;
  /** 1-based. */
  row: number;
  /** 1-based. */
  col: number;
}

export function columnLetter(col: number): string {
  let n = col;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function parseA1(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(address.trim());
  if (!m) return null;
  return { row: Number(m[2]), col: columnNumber(m[1]) };
}

/** `表三!J7` as shown to users and carried in issues. */
export function displayAddress(ref: CellRef): string {
  return `${ref.sheet}!${a1(ref.row, ref.col)}`;
}

/** A sheet name quoted for a formula or a defined name's reference. */
export function quoteSheet(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** `'表三'!$J$7` for a defined name. */
export function absoluteReference(ref: CellRef): string {
  return `${quoteSheet(ref.sheet)}!$${columnLetter(ref.col)}$${ref.row}`;
}

/**
 * Parse a defined name's reference (`'表三'!$J$7`, `=表三!$J$7:$L$7`, `表三!#REF!`).
 * Returns the top-left cell, or null when the reference is broken or not a cell range.
 */
export function parseReference(reference: string): CellRef | null {
  const text = reference.trim().replace(/^=/, '');
  if (/#REF\b/i.test(text)) return null;
  const m = /^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Za-z]{1,3}\$?\d+)(?::\$?[A-Za-z]{1,3}\$?\d+)?$/.exec(text);
  if (!m) return null;
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const cell = parseA1(m[3]);
  return cell ? { sheet, ...cell } : null;
}

/**
 * Whether Excel accepts `name` as a defined name: starts with a letter, `_` or `\`, holds
 * letters, digits, `.` and `_`, is not a cell reference (A1 or R1C1) and not `C`/`R`.
 */
export function isValidName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  // A letter, _ or \ first; then letters, digits, periods and underscores (no \ after the first).
  if (!/^[\p{L}_\\][\p{L}\p{N}._]*$/u.test(name)) return false;
  if (/^(TRUE|FALSE)$/i.test(name)) return false;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) && parseA1(name)!.col <= 16384) return false;
  if (/^[RrCc]$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name)) return false;
  return true;
}

/**
 * Cells named compactly for people: `表三!D7:J7` when they fill a rectangle on one sheet,
 * otherwise the first cell and a count (`表三!J7 等 4 格`).
 */
export function describeCells(cells: readonly string[]): string {
  if (cells.length <= 1) return cells[0] ?? '';
  const parsed = cells.map((c) => {
    const bang = c.lastIndexOf('!');
    return { sheet: c.slice(0, bang), cell: parseA1(c.slice(bang + 1)) };
  });
  const sheet = parsed[0].sheet;
  if (parsed.every((p) => p.sheet === sheet && p.cell)) {
    const rows = parsed.map((p) => p.cell!.row);
    const cols = parsed.map((p) => p.cell!.col);
    const [r1, r2, c1, c2] = [Math.min(...rows), Math.max(...rows), Math.min(...cols), Math.max(...cols)];
    const distinct = new Set(parsed.map((p) => `${p.cell!.row},${p.cell!.col}`)).size;
    if (distinct === cells.length && (r2 - r1 + 1) * (c2 - c1 + 1) === distinct) return `${sheet}!${a1(r1, c1)}:${a1(r2, c2)}`;
  }
  return `${cells[0]} 等 ${cells.length} 格`;
}

/** One worksheet's values as plain data: what both backends read and the finder searches. */
import type { CellValue } from '../report/model';

export interface SheetGrid {
  name: string;
  /** Values row by row starting at A1; merged cells hold their value in the top-left cell only. */
  values: CellValue[][];
}

export function gridValue(grid: SheetGrid | undefined, row: number, col: number): CellValue {
  const value = grid?.values[row - 1]?.[col - 1];
  return value === undefined ? null : value;
}

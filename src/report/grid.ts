/**
 * The official tables as grids of cells with their spans: the one derivation of the official
 * geometry (merged headers, nested row labels) from the declarations in format.ts. The workbook
 * layout, the HTML and Word tables and the plain text all draw from it.
 */
import {
  TABLE2,
  TABLE2_BLOCKS,
  TABLE2_LABEL_HEADER,
  TABLE3,
  TABLE3_APPLICANTS,
  TABLE3_CORNER,
  TABLE3_ORGANISATIONS,
  TABLE3_ORGANISATION_COLUMNS,
  TABLE4,
  cellId,
  columnDef,
  tableDef,
  type TableDef,
  type TableKey,
  type ValueKind,
} from './format';

export interface GridCell {
  /** 0-based position of the cell's top-left corner in the table. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  role: 'header' | 'label' | 'value';
  /** Label or header text; '' for value cells. */
  text: string;
  /** The input cell's id (`table3.newRequests.total`), on value cells. */
  id?: string;
  kind?: ValueKind;
}

export interface TableGrid {
  table: TableKey;
  rowCount: number;
  colCount: number;
  /** Rows at the top that form the header (repeated when a table breaks across pages). */
  headerRows: number;
  /** One entry per visible cell: the top-left of each span. */
  cells: GridCell[];
}

class GridBuilder {
  readonly cells: GridCell[] = [];
  add(row: number, col: number, rowSpan: number, colSpan: number, role: GridCell['role'], text: string, value?: { id: string; kind: ValueKind }): void {
    this.cells.push({ row, col, rowSpan, colSpan, role, text, ...(value ?? {}) });
  }
  grid(table: TableKey, headerRows: number): TableGrid {
    const rowCount = Math.max(...this.cells.map((c) => c.row + c.rowSpan));
    const colCount = Math.max(...this.cells.map((c) => c.col + c.colSpan));
    const cells = [...this.cells].sort((a, b) => a.row - b.row || a.col - b.col);
    return { table, rowCount, colCount, headerRows, cells };
  }
}

/** Table 2: four blocks, each a heading row, a header row and its rows; 4 columns. */
function table2Grid(): TableGrid {
  const g = new GridBuilder();
  const width = 4;
  let row = 0;
  for (const block of TABLE2_BLOCKS) {
    g.add(row++, 0, 1, width, 'header', block.heading);
    const span = block.columns.length === 1 ? width - 1 : 1;
    g.add(row, 0, 1, 1, 'header', TABLE2_LABEL_HEADER);
    block.columns.forEach((key, i) => g.add(row, 1 + i * span, 1, span, 'header', columnDef(TABLE2, key).label));
    row++;
    for (const rowKey of block.rows) {
      const rowDef = TABLE2.rows.find((r) => r.key === rowKey)!;
      g.add(row, 0, 1, 1, 'label', rowDef.label);
      block.columns.forEach((key, i) => g.add(row, 1 + i * span, 1, span, 'value', '', { id: cellId('table2', rowKey, key), kind: columnDef(TABLE2, key).kind }));
      row++;
    }
  }
  return g.grid('table2', 0);
}

function groupDepth(table: TableDef, groupKey: string | undefined): number {
  let depth = 0;
  for (let key = groupKey; key; key = table.groups.find((g) => g.key === key)?.group) depth++;
  return depth;
}

/**
 * Table 3: a three-row header, then 25 rows. A row nested at depth d has its label in column d,
 * spanning to the last label column; a group heading spans its rows in its own column.
 */
function table3Grid(): TableGrid {
  const g = new GridBuilder();
  const labelCols = 1 + Math.max(...TABLE3.rows.map((r) => groupDepth(TABLE3, r.group)));
  const headerRows = 3;
  const col = (key: string) => labelCols + TABLE3.columns.findIndex((c) => c.key === key);
  const orgFirst = col(TABLE3_ORGANISATION_COLUMNS[0]);
  const orgLast = col(TABLE3_ORGANISATION_COLUMNS[TABLE3_ORGANISATION_COLUMNS.length - 1]);
  g.add(0, 0, headerRows, labelCols, 'header', TABLE3_CORNER);
  g.add(0, labelCols, 1, TABLE3.columns.length, 'header', TABLE3_APPLICANTS);
  g.add(1, orgFirst, 1, orgLast - orgFirst + 1, 'header', TABLE3_ORGANISATIONS);
  for (const column of TABLE3.columns) {
    const c = col(column.key);
    if (c >= orgFirst && c <= orgLast) g.add(2, c, 1, 1, 'header', column.label);
    else g.add(1, c, 2, 1, 'header', column.label);
  }
  const span = new Map<string, [number, number]>();
  TABLE3.rows.forEach((rowDef, i) => {
    const r = headerRows + i;
    const depth = groupDepth(TABLE3, rowDef.group);
    g.add(r, depth, 1, labelCols - depth, 'label', rowDef.label);
    for (let key = rowDef.group; key; key = TABLE3.groups.find((x) => x.key === key)?.group) {
      const [first] = span.get(key) ?? [r, r];
      span.set(key, [first, r]);
    }
    for (const column of TABLE3.columns) g.add(r, col(column.key), 1, 1, 'value', '', { id: cellId('table3', rowDef.key, column.key), kind: column.kind });
  });
  for (const group of TABLE3.groups) {
    const [first, last] = span.get(group.key)!;
    g.add(first, groupDepth(TABLE3, group.group), last - first + 1, 1, 'label', group.label);
  }
  return g.grid('table3', headerRows);
}

/**
 * Table 4: one data row of 15 cells. Each declared "row" is a block of five columns; a block
 * in a group (行政诉讼) has the group over its own heading, a block without one spans both.
 */
function table4Grid(): TableGrid {
  const g = new GridBuilder();
  const per = TABLE4.columns.length;
  TABLE4.rows.forEach((rowDef, i) => {
    const c1 = i * per;
    if (rowDef.group) {
      const members = TABLE4.rows.map((r, j) => ({ r, j })).filter(({ r }) => r.group === rowDef.group);
      if (members[0].r.key === rowDef.key) {
        const group = TABLE4.groups.find((x) => x.key === rowDef.group)!;
        g.add(0, members[0].j * per, 1, members.length * per, 'header', group.label);
      }
      g.add(1, c1, 1, per, 'header', rowDef.label);
      TABLE4.columns.forEach((column, k) => g.add(2, c1 + k, 1, 1, 'header', column.label));
    } else {
      g.add(0, c1, 1, per, 'header', rowDef.label);
      TABLE4.columns.forEach((column, k) => g.add(1, c1 + k, 2, 1, 'header', column.label));
    }
    TABLE4.columns.forEach((column, k) => g.add(3, c1 + k, 1, 1, 'value', '', { id: cellId('table4', rowDef.key, column.key), kind: column.kind }));
  });
  return g.grid('table4', 3);
}

const GRIDS: Record<TableKey, TableGrid> = { table2: table2Grid(), table3: table3Grid(), table4: table4Grid() };

/** The official grid of a table (computed once; treat as read-only). */
export function tableGrid(table: TableKey | TableDef): TableGrid {
  return GRIDS[typeof table === 'string' ? tableDef(table).key : table.key];
}

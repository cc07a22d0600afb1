/**
 * The browser preview: the real task pane beside a rendered grid of the fake Excel host, so
 * anyone can try the add-in without Excel. `?api=1.7` simulates an older Excel.
 */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { createFakeHost, FakeWorkbookModel, type FakeValue } from '../../test/fake-excel';
import { a1, columnLetter, parseA1 } from '../workbook/address';
import { buildPlan } from '../workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../workbook/officejs';
import { applyPlan } from '../workbook/port';
import sampleReport from '../../test/fixtures/xian-2023.json';
import type { ReportData } from '../report/model';
import { App } from '../taskpane/App';
import { browserDeliveries } from '../taskpane/deliveries';

const params = new URLSearchParams(location.search);
const model = new FakeWorkbookModel();
model.addSheet('Sheet1');
const fakeHost = createFakeHost(model, params.get('api') ?? '1.18');

const listeners = new Set<() => void>();
const changed = () => listeners.forEach((l) => l());
const host: OfficeHost = {
  isSetSupported: fakeHost.isSetSupported,
  createWorkbook: fakeHost.createWorkbook,
  async run(batch) {
    try {
      return await fakeHost.run(batch as never);
    } finally {
      changed();
    }
  },
};

declare global {
  interface Window {
    nianbaoPreview: { model: FakeWorkbookModel; created: string[]; type(sheet: string, address: string, value: FakeValue | null): void };
  }
}
window.nianbaoPreview = {
  model,
  created: fakeHost.created,
  type(sheet, address, value) {
    model.type(sheet, address, value);
    changed();
  },
};

function parseTyped(text: string): FakeValue | null {
  if (text.trim() === '') return null;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim()) ? Number(text) : text;
}

function inSelection(sheet: string, row: number, col: number): boolean {
  const selection = model.selection;
  if (!selection || selection.sheet !== sheet) return false;
  return selection.address.split(',').some((part) => {
    const [from, to] = part.split(':').map((x) => parseA1(x)!);
    const end = to ?? from;
    return row >= from.row && row <= end.row && col >= from.col && col <= end.col;
  });
}

function Grid(): React.JSX.Element {
  const [, setVersion] = React.useState(0);
  React.useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  const visible = model.sheets.filter((s) => s.visibility === 'Visible');
  const active = visible.find((s) => s.name === model.activeSheet) ?? visible[0];
  const [draft, setDraft] = React.useState('');
  if (!active) return <p>（没有工作表）</p>;
  const used = active.usedArea(false);
  const rows = Math.max(20, (used?.r2 ?? 0) + 2);
  const cols = Math.max(8, (used?.c2 ?? 0) + 1);
  const selected = model.selection?.sheet === active.name ? model.selection.address : null;
  const selectCell = (row: number, col: number) => {
    model.activeSheet = active.name;
    model.selection = { sheet: active.name, address: a1(row, col) };
    const value = active.get(row, col)?.value;
    setDraft(value === null || value === undefined ? '' : String(value));
    changed();
  };
  const commit = () => {
    if (!selected || selected.includes(',') || selected.includes(':')) return;
    window.nianbaoPreview.type(active.name, selected, parseTyped(draft));
  };
  const body: React.JSX.Element[] = [];
  for (let r = 1; r <= rows; r++) {
    const cells: React.JSX.Element[] = [<th key="h">{r}</th>];
    for (let c = 1; c <= cols; c++) {
      const merge = active.mergeAt(r, c);
      if (merge && (merge.r1 !== r || merge.c1 !== c)) continue;
      const cell = active.get(r, c);
      const style: React.CSSProperties = {
        background: cell?.format.fill ?? undefined,
        fontWeight: cell?.format.fontBold ? 'bold' : undefined,
        outline: inSelection(active.name, r, c) ? '2px solid #217346' : undefined,
        outlineOffset: '-2px',
        textAlign: typeof cell?.value === 'number' ? 'right' : 'left',
      };
      cells.push(
        <td
          key={c}
          rowSpan={merge ? merge.r2 - merge.r1 + 1 : undefined}
          colSpan={merge ? merge.c2 - merge.c1 + 1 : undefined}
          style={style}
          data-cell={`${active.name}!${a1(r, c)}`}
          onClick={() => selectCell(r, c)}
        >
          {cell?.value === null || cell?.value === undefined ? '' : String(cell.value)}
        </td>,
      );
    }
    body.push(<tr key={r}>{cells}</tr>);
  }
  return (
    <div className="grid">
      <style>{`
        .grid table { border-collapse: collapse; font-size: 12px; }
        .grid td, .grid th { border: 1px solid #d4d4d4; padding: 2px 4px; min-width: 48px; max-width: 220px; height: 18px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .grid th { background: #f3f3f3; color: #666; font-weight: normal; }
        .tabs button { border: 1px solid #ccc; background: #eee; padding: 4px 10px; margin-right: 2px; cursor: pointer; }
        .tabs button[aria-selected="true"] { background: #fff; border-bottom-color: #fff; font-weight: bold; color: #217346; }
        .bar { display: flex; gap: 6px; padding: 6px; align-items: center; border-bottom: 1px solid #ddd; position: sticky; top: 0; background: #fff; }
      `}</style>
      <div className="bar">
        <strong>模拟 Excel</strong>
        <span data-testid="address">{selected ? `${active.name}!${selected}` : '（点单元格选择）'}</span>
        <input
          aria-label="单元格内容"
          data-testid="formula-bar"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          style={{ flex: 1 }}
        />
        <button type="button" onClick={commit}>
          确定
        </button>
        <button type="button" onClick={() => void applyPlan(new OfficeJsWorkbook(host), buildPlan(sampleReport as ReportData))} title="像用户一样把样例（海原县西安镇 2023）填进空白的单元格">
          填入样例数据
        </button>
      </div>
      <table>
        <thead>
          <tr>
            <th />
            {Array.from({ length: cols }, (_, i) => (
              <th key={i}>{columnLetter(i + 1)}</th>
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
      <div className="tabs" role="tablist">
        {visible.map((s) => (
          <button
            key={s.name}
            type="button"
            role="tab"
            aria-selected={s === active}
            onClick={() => {
              model.activeSheet = s.name;
              changed();
            }}
          >
            {s.name}
          </button>
        ))}
      </div>
    </div>
  );
}

createRoot(document.getElementById('grid')!).render(<Grid />);
createRoot(document.getElementById('pane')!).render(<App port={new OfficeJsWorkbook(host)} deliveries={browserDeliveries()} />);

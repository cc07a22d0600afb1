/**
 * Reading a snapshot (the pure half of every backend's read): the shortcuts of the reading
 * path (names looked up as written before case folding, references parsed once across reads)
 * give exactly what a plain read gives.
 */
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { applyPlan } from '../src/workbook/port';
import { interpretSnapshot, type WorkbookSnapshot } from '../src/workbook/snapshot';
import { sample } from './helpers';

async function sampleSnapshot(): Promise<WorkbookSnapshot> {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(sample()));
  return workbook.snapshot();
}

describe('reading a snapshot', () => {
  it('finds names whatever their case, as Excel does', async () => {
    const snapshot = await sampleSnapshot();
    const plain = interpretSnapshot(snapshot);
    expect(plain.report.table3!.newRequests!.total).toBe(sample().table3!.newRequests!.total);
    const shouted = interpretSnapshot({ ...snapshot, names: snapshot.names.map((n) => ({ ...n, name: n.name.toUpperCase() })) });
    expect(shouted.report).toEqual(plain.report);
    expect([...shouted.addresses.values()].sort()).toEqual([...plain.addresses.values()].sort());
    expect(shouted.issues).toEqual(plain.issues);
  });

  it('a reference read before and then broken is reported as broken, not remembered', async () => {
    const snapshot = await sampleSnapshot();
    expect(interpretSnapshot(snapshot).issues).toEqual([]);
    const broken = {
      ...snapshot,
      names: snapshot.names.map((n) => (n.name === 'table3.granted.total' ? { ...n, reference: "'表三'!#REF!" } : n)),
    };
    const read = interpretSnapshot(broken);
    expect(read.unreadable.has('table3.granted.total')).toBe(true);
    expect(read.issues.map((i) => i.rule)).toEqual(['WORKBOOK_STRUCTURE']);
    expect(read.issues[0].message).toContain('table3.granted.total');
    // The same references again: the same addresses as the first read.
    const again = interpretSnapshot(snapshot);
    expect(again.addresses.get('table3.granted.total')).toBe('表三!J9');
    expect(again.unreadable.size).toBe(0);
  });
});

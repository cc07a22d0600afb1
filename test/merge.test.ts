/**
 * nianbao merge: a government's report over its units, summed cell by cell.
 */
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { run } from '../src/cli/main';
import { checkReport, type ReportData } from '../src/report';
import { TABLES, rowColumns } from '../src/report/format';
import { mergeReports } from '../src/report/merge';
import { consistentReport } from './corpus/generators';
import { sample } from './helpers';

async function cli(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

function unit(name: string, newRequests: number, licensing: number, fee: number): ReportData {
  const report = sample();
  report.agency = name;
  const t3 = report.table3!;
  t3.newRequests = { ...t3.newRequests!, naturalPerson: newRequests, commercial: 1, total: newRequests + 1 };
  t3.granted = { ...t3.granted!, naturalPerson: newRequests, commercial: 1, total: newRequests + 1 };
  t3.resultTotal = { ...t3.resultTotal!, naturalPerson: newRequests, commercial: 1, total: newRequests + 1 };
  report.table2!.licensing = { decisions: licensing };
  report.table2!.fees = { amount: fee };
  report.table4!.review = { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 };
  return report;
}

describe('nianbao merge', () => {
  const units = [unit('甲镇人民政府', 3, 10, 0.35), unit('乙镇人民政府', 5, 0, 1.2), unit('县民政局', 0, 7, 0.05)];

  it('sums three units\' tables cell by cell into a workbook in the official layout, with a units sheet', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-merge-'));
    units.forEach((u, i) => writeFileSync(path.join(dir, `unit${i}.json`), JSON.stringify(u)));
    await cli(dir, 'init', '--data', 'unit2.json', '-o', 'unit2.xlsx');
    const result = await cli(dir, 'merge', 'unit0.json', 'unit1.json', 'unit2.xlsx', '-o', '县汇总.xlsx', '--agency', '某县人民政府');
    expect(result).toMatchObject({ code: 0, out: '已汇总 3 个单位的报告：县汇总.xlsx\n' });
    const back = JSON.parse((await cli(dir, 'to-json', '县汇总.xlsx')).out) as ReportData;
    expect(back.agency).toBe('某县人民政府');
    for (const table of TABLES) {
      for (const row of table.rows) {
        for (const column of rowColumns(table, row)) {
          const sum = units.reduce((acc, u) => acc + (u[table.key]![row.key]![column.key] as number), 0);
          expect([table.key, row.key, column.key, back[table.key]![row.key]![column.key]]).toEqual([table.key, row.key, column.key, Math.round(sum * 1e6) / 1e6]);
        }
      }
    }
    expect(back.table3!.newRequests!.total).toBe(11);
    expect(back.table2!.fees!.amount).toBe(1.6);
    // The sums pass every table check; the county's own narrative is still to be written.
    const issues = JSON.parse((await cli(dir, 'check', '--json', '县汇总.xlsx')).out).reports[0].issues as { rule: string }[];
    expect(issues.map((i) => i.rule)).toEqual(['NARRATIVE_SECTION']);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, '县汇总.xlsx'));
    const sheet = workbook.getWorksheet('汇总单位')!;
    expect([2, 3, 4].map((c) => sheet.getCell(4, c).value)).toEqual(['甲镇人民政府', 'unit0.json', 0]);
    expect(sheet.getCell(6, 2).value).toBe('县民政局');
  });

  it('refuses inputs with errors unless forced, and lists them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-merge-'));
    const bad = unit('丙镇人民政府', 2, 0, 0);
    bad.table3!.newRequests!.total = 99;
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(units[0]));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    const refused = await cli(dir, 'merge', 'good.json', 'bad.json', '-o', 'sum.xlsx');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('bad.json（丙镇人民政府）：2 个错误');
    expect(refused.err).toContain('--include-errors');
    // --force only overwrites: it does not include units with errors.
    expect((await cli(dir, 'merge', 'good.json', 'bad.json', '-o', 'sum.xlsx', '--force')).code).toBe(1);
    expect(existsSync(path.join(dir, 'sum.xlsx'))).toBe(false);
    const forced = await cli(dir, 'merge', 'good.json', 'bad.json', '-o', 'sum.xlsx', '--include-errors');
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('已按 --include-errors 汇总');
    expect((await cli(dir, 'merge', 'good.json', 'missing.json', '-o', 'x.xlsx')).code).toBe(2);
  });

  it('the sum of valid reports is itself valid (property)', () => {
    fc.assert(
      fc.property(fc.array(consistentReport, { minLength: 1, maxLength: 5 }), (reports) => {
        const merged = mergeReports(reports.map((report, i) => ({ name: `单位${i}`, report })), '汇总');
        merged.narrative = sample().narrative;
        merged.values = sample().values;
        merged.breakdowns = sample().breakdowns;
        expect(checkReport(merged).filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * Last year's report kept in the workbook (the 上年数据 sheet): filled from last year's file or
 * published page, and used by the cross-year checks in the CLI and in the task pane.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli/main';
import type { Issue, ReportData } from '../src/report';
import { buildPlan } from '../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../src/workbook/port';
import { TaskpaneController } from '../src/taskpane/controller';
import { createFakeHost, FakeWorkbookModel } from './fake-excel';
import { recordingDeliveries, sample } from './helpers';

async function cli(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

function lastYear(): ReportData {
  const last = sample();
  last.year = 2022;
  last.table3!.carriedForward = { ...last.table3!.carriedForward!, naturalPerson: 2, total: 2 };
  last.table3!.newRequests = { ...last.table3!.newRequests!, naturalPerson: 3, total: 3 };
  last.table2!.normativeDocuments = { issued: 0, repealed: 0, inForce: 4 };
  return last;
}

const rules = (issues: Issue[]) => issues.filter((i) => i.rule.startsWith('CROSS_YEAR')).map((i) => `${i.rule} ${i.row ?? '-'} ${i.column ?? '-'}`);

describe('the 上年数据 sheet', () => {
  it('nianbao init --previous fills it; check then compares with last year, from the workbook alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-prev-'));
    writeFileSync(path.join(dir, 'last.json'), JSON.stringify(lastYear()));
    expect((await cli(dir, 'init', '--data', path.join(__dirname, 'fixtures', 'xian-2023.json'), '--previous', 'last.json', '-o', 'this.xlsx')).code).toBe(0);
    const result = JSON.parse((await cli(dir, 'check', '--json', 'this.xlsx')).out).reports[0].issues as Issue[];
    expect(rules(result)).toEqual([
      'CROSS_YEAR_IN_FORCE normativeDocuments -',
      'CROSS_YEAR_CARRIED - naturalPerson',
      'CROSS_YEAR_CARRIED - total',
    ]);
    expect(result.find((i) => i.rule === 'CROSS_YEAR_CARRIED')!.cells).toEqual(['表三!D8']);
    const json = JSON.parse((await cli(dir, 'to-json', 'this.xlsx')).out) as ReportData;
    expect(json.previousYear).toEqual({ year: 2022, table2: { regulations: { inForce: 0 }, normativeDocuments: { inForce: 4 } }, table3: { carriedForward: lastYear().table3!.carriedForward }, narrative: lastYear().narrative });
  });

  it('a blank 上年数据 sheet means no cross-year check', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-prev-'));
    await cli(dir, 'init', '--data', path.join(__dirname, 'fixtures', 'xian-2023.json'), '-o', 'this.xlsx');
    expect(JSON.parse((await cli(dir, 'check', '--json', 'this.xlsx')).out).reports[0].issues).toEqual([]);
  });

  it('works in the task pane too, on the open workbook', async () => {
    const host = createFakeHost(new FakeWorkbookModel());
    const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
    await applyPlan(port, buildPlan({ ...sample(), previousYear: lastYear() }));
    expect(rules(checkRead(await readReport(port)))).toHaveLength(3);
    const controller = new TaskpaneController(port, async () => true, recordingDeliveries().deliveries);
    const view = await controller.validate();
    expect(view.issues.filter((i) => i.rule === 'CROSS_YEAR_CARRIED').map((i) => i.severity)).toEqual(['warning', 'warning']);
  });
});

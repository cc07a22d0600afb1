/**
 * npm run bench: one line `name: value` per measured figure.
 *
 *   sync.*              context.sync() calls per task-pane action on the fake host, for the sample
 *                       workbook and for one with every input cell wrong (`.all_wrong`)
 *   bundle.*            gzipped JavaScript the task pane loads before it is usable, and in all
 *   pane.ready_ms       navigation → buttons usable, headless Chromium, CPU throttled (median)
 *   cli.*               `nianbao check` over 100 workbooks vs. only opening them with ExcelJS
 *   check.core_us       the pure checks on one report (median, microseconds)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkReport, type ReportData } from '../src/report';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../src/workbook/port';
import { tableGrid } from '../src/report/grid';
import { TABLES } from '../src/report/format';
import { createFakeHost, FakeWorkbookModel } from '../test/fake-excel';
import { CHROMIUM, DIST, OFFICE_JS, ROOT, openHarness } from '../test/e2e/harness';

const CPU_THROTTLE = 4;

function line(name: string, value: number | string): void {
  console.log(`${name}: ${value}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sample(): ReportData {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'xian-2023.json'), 'utf8')) as ReportData;
}

// ---------------------------------------------------------------------------------------
// Office.js round trips on the fake host

async function syncCounts(): Promise<void> {
  for (const variant of ['sample', 'all_wrong'] as const) {
    const host = createFakeHost(new FakeWorkbookModel(), '1.12');
    const port = new OfficeJsWorkbook(host as unknown as OfficeHost);
    const count = async (action: () => Promise<unknown>) => {
      const before = host.model.syncCount;
      await action();
      return host.model.syncCount - before;
    };
    const layout = await count(() => applyPlan(port, buildPlan(variant === 'sample' ? sample() : {})));
    if (variant === 'all_wrong') {
      // Every input cell of every table holds "/".
      for (const table of TABLES) {
        for (const cell of tableGrid(table).cells.filter((c) => c.role === 'value')) {
          const [sheet, ref] = host.model.names.get(cell.id!.toLowerCase())!.formula.replace(/^=/, '').split('!');
          host.model.type(sheet.replace(/^'|'$/g, ''), ref.replace(/\$/g, ''), '/');
        }
      }
    }
    let issues: ReturnType<typeof checkRead> = [];
    const validate = await count(async () => {
      issues = checkRead(await readReport(port));
    });
    const mark = await count(() => port.mark(issues));
    const clear = await count(() => port.clearMarks());
    const exportSyncs = await count(async () => {
      checkRead(await readReport(port));
    });
    const relayout = await count(() => applyPlan(port, buildPlan()));
    const suffix = variant === 'sample' ? '' : '.all_wrong';
    line(`sync.layout${suffix}`, variant === 'sample' ? layout : relayout);
    line(`sync.validate${suffix}`, validate);
    line(`sync.mark${suffix}`, mark);
    line(`sync.clear${suffix}`, clear);
    line(`sync.export${suffix}`, exportSyncs);
    line(`sync.issues${suffix}`, issues.length);
  }
}

// ---------------------------------------------------------------------------------------
// Bundle

function ensureBuilt(): void {
  if (existsSync(path.join(DIST, 'taskpane.html')) && process.env.BENCH_REBUILD !== '1') return;
  execFileSync('npx', ['webpack', '--mode', 'production'], { cwd: ROOT, stdio: 'ignore' });
}

function bundleSizes(): void {
  const html = readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]*\bsrc="?([^" >]+\.js)"?/g)].map((m) => m[1]).filter((src) => !/^https?:/.test(src));
  const gz = (file: string) => gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;
  const initialBytes = initial.reduce((sum, f) => sum + gz(f), 0);
  const all = readdirSync(DIST).filter((f) => f.endsWith('.js') && !/^(preview|fake-office|checker)\./.test(f));
  const totalBytes = all.reduce((sum, f) => sum + gz(f), 0);
  line('bundle.initial_gzip_kb', (initialBytes / 1024).toFixed(1));
  line('bundle.total_gzip_kb', (totalBytes / 1024).toFixed(1));
}

// ---------------------------------------------------------------------------------------
// Task pane readiness in Chromium

async function paneReady(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    line('pane.ready_ms', 'n/a (no chromium)');
    return;
  }
  const fakeOffice = readdirSync(DIST).find((f) => /^fake-office\..*\.js$/.test(f))!;
  const harness = await openHarness();
  const times: number[] = [];
  try {
    for (let run = 0; run < 7; run++) {
      const context = await harness.browser.newContext({ viewport: { width: 350, height: 800 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      // The page asks Microsoft's CDN for office.js; the fake host answers instead.
      await page.route(OFFICE_JS, (route) => route.fulfill({ path: path.join(DIST, fakeOffice), contentType: 'text/javascript' }));
      await page.goto(`${harness.base}/taskpane.html`);
      await page.waitForSelector('button:has-text("校验"):not([disabled])', { timeout: 60_000 });
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
  } finally {
    await harness.close();
  }
  line('bench.cpu_throttle', CPU_THROTTLE);
  line('pane.ready_ms', Math.round(median(times)));
}

// ---------------------------------------------------------------------------------------
// Batch checking with the CLI

function varied(seed: number): ReportData {
  const report = sample();
  let x = seed * 2654435761;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x % n;
  };
  // A consistent report: new requests granted in full, none carried.
  const t3 = report.table3!;
  const n = 1 + rand(20);
  t3.newRequests = { ...t3.newRequests!, naturalPerson: n, total: n };
  t3.granted = { ...t3.granted!, naturalPerson: n, total: n };
  t3.resultTotal = { ...t3.resultTotal!, naturalPerson: n, total: n };
  report.table2!.licensing = { decisions: rand(500) };
  report.agency = `样例单位${seed}`;
  return report;
}

async function cliBatch(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-bench-'));
  const files: string[] = [];
  for (let i = 0; i < 100; i++) {
    const workbook = new ExcelJsWorkbook();
    await applyPlan(workbook, buildPlan(varied(i)));
    const file = path.join(dir, `unit-${String(i).padStart(3, '0')}.xlsx`);
    await workbook.save(file);
    files.push(file);
  }
  const floorScript = path.join(dir, 'floor.js');
  writeFileSync(
    floorScript,
    `const ExcelJS = require(${JSON.stringify(require.resolve('exceljs'))});\n` +
      `(async () => { for (const f of process.argv.slice(2)) { const w = new ExcelJS.Workbook(); await w.xlsx.readFile(f); } })();\n`,
  );
  const time = (args: string[]) => {
    const start = process.hrtime.bigint();
    const result = spawnSync('node', args, { cwd: ROOT, stdio: 'ignore' });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args[0]} failed (${result.status})`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const check: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < 3; run++) {
    check.push(time([path.join(ROOT, 'bin', 'nianbao.js'), 'check', '--json', ...files]));
    floor.push(time([floorScript, ...files]));
  }
  const c = median(check);
  const f = median(floor);
  line('cli.check_100_ms', Math.round(c));
  line('cli.parse_floor_100_ms', Math.round(f));
  line('cli.check_ratio', (c / f).toFixed(2));
}

// ---------------------------------------------------------------------------------------
// The pure checks

function coreChecks(): void {
  const report = sample();
  for (let i = 0; i < 200; i++) checkReport(report); // warm up
  const batches: number[] = [];
  for (let b = 0; b < 30; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) checkReport(report);
    batches.push(Number(process.hrtime.bigint() - start) / 1e3 / 100);
  }
  line('check.core_us', Math.round(median(batches)));
}

async function main(): Promise<void> {
  await syncCounts();
  ensureBuilt();
  bundleSizes();
  await paneReady();
  await cliBatch();
  coreChecks();
}

main().catch((error) => {
  console.error(`基准测试失败：${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

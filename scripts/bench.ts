/**
 * npm run bench: one line `name: value` per measured figure.
 *
 *   sync.*              context.sync() calls per task-pane action on the fake host, for the sample
 *                       (sync.open: when the pane opens; it tells the port which sheets exist)
 *                       workbook and for one with every input cell wrong (`.all_wrong`)
 *   bundle.*            gzipped JavaScript the task pane loads before it is usable, and in all
 *   pane.ready_ms       navigation → buttons usable, headless Chromium, CPU throttled (median)
 *   pane.recheck_ms     after 校验, a number typed into the sheet → the issue list updated (median)
 *   cli.*               `nianbao check` over 100 workbooks vs. only opening them as `check` does
 *                       (ExcelJS, read-only: the same parts of each file, one file after another):
 *                       wall time, the median ratio of alternating runs (wall and CPU), peak memory
 *   check.core_us       the pure checks on one report (median, microseconds)
 *   check.tables_us     the table checks per report over 38 reports (median, microseconds), and
 *                       `check.tables_ratio`: that time over the naive baseline's, measured in
 *                       alternating batches of the same run (test/naive-checks.ts)
 *   check.narrative_us  the narrative checks (template, numbers in the text, breakdowns) on the sample
 *   check.*_cpu_us      the same in this process's CPU time: less sensitive to other processes
 *
 * BENCH_ONLY=check,cli runs only those sections (sync, bundle, pane, cli, check).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkReport, checkTables, type ReportData } from '../src/report';
import { checkBreakdowns, checkNarrative } from '../src/report/narrative';
import { checkNarrativeNumbers } from '../src/report/narrative-numbers';
import { checkRepeat } from '../src/report/repeat';
import { checkReportInfo, checkTypos } from '../src/report/report-info';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan } from '../src/workbook/layout';
import { OfficeJsWorkbook, type OfficeHost } from '../src/workbook/officejs';
import { applyPlan, checkRead, readReport } from '../src/workbook/port';
import { tableGrid } from '../src/report/grid';
import { TABLES } from '../src/report/format';
import { createFakeHost, FakeWorkbookModel } from '../test/fake-excel';
import { CHROMIUM, DIST, OFFICE_JS, ROOT, openHarness } from '../test/e2e/harness';
import { naiveCheckTables } from '../test/naive-checks';

const CPU_THROTTLE = 4;

/** The sections BENCH_ONLY names (comma-separated); all when unset. */
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

function wanted(section: 'sync' | 'bundle' | 'pane' | 'cli' | 'check'): boolean {
  return ONLY.length === 0 || ONLY.includes(section);
}

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
    // As in the pane: it reads the workbook's sheets when it opens (sync.open), then 创建模板.
    const open = await count(() => port.survey());
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
    if (variant === 'sample') line('sync.open', open);
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

/** A page of the real taskpane.html whose office.js is answered by the fake host. */
async function panePage(harness: Awaited<ReturnType<typeof openHarness>>, cpuThrottle = 1) {
  const fakeOffice = readdirSync(DIST).find((f) => /^fake-office\..*\.js$/.test(f))!;
  const context = await harness.browser.newContext({ viewport: { width: 350, height: 800 } });
  const page = await context.newPage();
  if (cpuThrottle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
  // The page asks Microsoft's CDN for office.js; the fake host answers instead.
  await page.route(OFFICE_JS, (route) => route.fulfill({ path: path.join(DIST, fakeOffice), contentType: 'text/javascript' }));
  await page.goto(`${harness.base}/taskpane.html`);
  return { context, page };
}

async function paneReady(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    line('pane.ready_ms', 'n/a (no chromium)');
    return;
  }
  const harness = await openHarness();
  const times: number[] = [];
  try {
    for (let run = 0; run < 7; run++) {
      const { context, page } = await panePage(harness, CPU_THROTTLE);
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

/**
 * Live re-checking: after 校验, a number typed into the sheet → the issue list updated, without a
 * click (median of 7 edits; includes the pane's 600 ms debounce). Real taskpane.html, fake host.
 */
async function paneRecheck(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    line('pane.recheck_ms', 'n/a (no chromium)');
    return;
  }
  const harness = await openHarness();
  try {
    const { page } = await panePage(harness);
    await page.getByRole('button', { name: '创建模板' }).click();
    await page.getByText('已创建工作表').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText(/个错误，/).waitFor({ timeout: 60_000 });
    const times: number[] = [];
    for (let run = 0; run < 7; run++) {
      times.push(
        await page.evaluate(
          (cell) =>
            new Promise<number>((resolve) => {
              const summary = () => document.querySelector('[aria-label="校验结果"] [role="status"]')?.textContent ?? '';
              const before = summary();
              const start = performance.now();
              const observer = new MutationObserver(() => {
                if (summary() !== before) {
                  observer.disconnect();
                  resolve(performance.now() - start);
                }
              });
              observer.observe(document.body, { subtree: true, childList: true, characterData: true });
              (window as unknown as { nianbaoFake: { model: { type(s: string, a: string, v: number): void } } }).nianbaoFake.model.type('表三', cell, 0);
            }),
          `D${8 + run}`,
        ),
      );
    }
    line('pane.recheck_ms', Math.round(median(times)));
  } finally {
    await harness.close();
  }
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

/** The CLI as `bin/nianbao.js` runs it (lib/), rebuilt with BENCH_REBUILD=1. */
function ensureCliBuilt(): void {
  if (existsSync(path.join(ROOT, 'lib', 'cli', 'bin.js')) && process.env.BENCH_REBUILD !== '1') return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
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
  // The floor opens each file exactly as `check` does (read-only: the same parts of the
  // workbook), one after the other, and does nothing else.
  ensureCliBuilt();
  const floorScript = path.join(dir, 'floor.js');
  writeFileSync(
    floorScript,
    `const { ExcelJsWorkbook } = require(${JSON.stringify(path.join(ROOT, 'lib', 'workbook', 'exceljs.js'))});\n` +
      `(async () => { for (const f of process.argv.slice(2)) await ExcelJsWorkbook.open(f, { readOnly: true }); })();\n`,
  );
  // Each run reports its own CPU time and peak memory when it exits (a preloaded hook), so the
  // CPU ratio means something even when other processes share the machine.
  const usageScript = path.join(dir, 'usage.js');
  writeFileSync(
    usageScript,
    `process.on('exit', () => { const u = process.resourceUsage(); ` +
      `require('fs').writeFileSync(process.env.NIANBAO_BENCH_USAGE, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1000, rss: u.maxRSS / 1024 })); });\n`,
  );
  const usageFile = path.join(dir, 'usage.json');
  const run = (args: string[]) => {
    const start = process.hrtime.bigint();
    const result = spawnSync('node', ['--require', usageScript, ...args], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, NIANBAO_BENCH_USAGE: usageFile } });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args[0]} failed (${result.status})`);
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpu: number; rss: number };
    return { wall, ...usage };
  };
  const check: ReturnType<typeof run>[] = [];
  const floor: ReturnType<typeof run>[] = [];
  for (let round = 0; round < 5; round++) {
    check.push(run([path.join(ROOT, 'bin', 'nianbao.js'), 'check', '--json', ...files]));
    floor.push(run([floorScript, ...files]));
  }
  const m = (runs: ReturnType<typeof run>[], key: 'wall' | 'cpu' | 'rss') => median(runs.map((r) => r[key]));
  // Ratios of the runs made one after the other, then their median: both saw the same load.
  const ratio = (key: 'wall' | 'cpu') => median(check.map((c, i) => c[key] / floor[i][key]));
  line('cli.check_100_ms', Math.round(m(check, 'wall')));
  line('cli.parse_floor_100_ms', Math.round(m(floor, 'wall')));
  line('cli.check_ratio', ratio('wall').toFixed(2));
  line('cli.check_cpu_ratio', ratio('cpu').toFixed(2));
  line('cli.check_rss_mb', Math.round(m(check, 'rss')));
  line('cli.parse_floor_rss_mb', Math.round(m(floor, 'rss')));
}

// ---------------------------------------------------------------------------------------
// The pure checks

/**
 * Median time of one call of `run` in microseconds, batches of `per` calls after a warm-up: wall
 * time, and this process's CPU time (which leaves out the time other processes had the CPU).
 */
function timeOf(run: () => void, per: number, batches = 31): { wall: number; cpu: number } {
  for (let i = 0; i < per * 3; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    const used = process.cpuUsage();
    for (let i = 0; i < per; i++) run();
    const spent = process.cpuUsage(used);
    wall.push(Number(process.hrtime.bigint() - start) / 1e3 / per);
    cpu.push((spent.user + spent.system) / per);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/**
 * The reports the table checks are timed on: the sample, 30 consistent variations of it, and 7
 * with a typical mistake each (a wrong total, a "/" or "无" typed for 0, a number stored as text …).
 */
function tableReports(): ReportData[] {
  const reports = [sample()];
  for (let i = 0; i < 30; i++) reports.push(varied(i));
  const mistakes: [keyof ReportData & ('table2' | 'table3' | 'table4'), string, string, string | number][] = [
    ['table3', 'newRequests', 'total', 99],
    ['table3', 'granted', 'commercial', '/'],
    ['table3', 'carriedForward', 'naturalPerson', '无'],
    ['table4', 'review', 'total', 7],
    ['table2', 'licensing', 'decisions', '12'],
    ['table3', 'resultTotal', 'research', 3],
    ['table2', 'fees', 'amount', 250_000],
  ];
  mistakes.forEach(([table, row, column, value], i) => {
    const report = varied(100 + i);
    report[table]![row]![column] = value;
    reports.push(report);
  });
  return reports;
}

function coreChecks(): void {
  const report = sample();
  line('check.core_us', Math.round(timeOf(() => checkReport(report), 100, 30).wall));

  // The table checks against the naive baseline, in alternating batches: both see the same load.
  const reports = tableReports();
  const previous = sample();
  const options = reports.map((_, i) => (i % 4 === 0 ? { previous } : {}));
  const all = (check: typeof checkTables) => () => {
    for (let i = 0; i < reports.length; i++) check(reports[i], options[i]);
  };
  const fast = all(checkTables);
  const naive = all(naiveCheckTables);
  const fastTimes: { wall: number; cpu: number }[] = [];
  const ratios: number[] = [];
  const naiveTimes: number[] = [];
  for (let round = 0; round < 15; round++) {
    const f = timeOf(fast, 20, 3);
    const n = timeOf(naive, 4, 3);
    fastTimes.push(f);
    naiveTimes.push(n.wall / reports.length);
    ratios.push(f.wall / n.wall);
  }
  line('check.tables_reports', reports.length);
  line('check.tables_us', (median(fastTimes.map((t) => t.wall)) / reports.length).toFixed(1));
  line('check.tables_cpu_us', (median(fastTimes.map((t) => t.cpu)) / reports.length).toFixed(1));
  line('check.tables_naive_us', median(naiveTimes).toFixed(1));
  line('check.tables_ratio', median(ratios).toFixed(3));

  // The narrative checks of checkReport: sections, placeholders, numbers, breakdowns, repeats, typos, basic facts.
  const narrative = timeOf(() => {
    checkNarrative(report);
    checkNarrativeNumbers(report);
    checkBreakdowns(report);
    checkRepeat(report);
    checkTypos(report);
    checkReportInfo(report);
  }, 100, 30);
  line('check.narrative_us', narrative.wall.toFixed(1));
  line('check.narrative_cpu_us', narrative.cpu.toFixed(1));
}

async function main(): Promise<void> {
  if (wanted('sync')) await syncCounts();
  if (wanted('bundle') || wanted('pane')) ensureBuilt();
  if (wanted('bundle')) bundleSizes();
  if (wanted('pane')) await paneReady();
  if (wanted('pane')) await paneRecheck();
  if (wanted('cli')) await cliBatch();
  if (wanted('check')) coreChecks();
}

main().catch((error) => {
  console.error(`基准测试失败：${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

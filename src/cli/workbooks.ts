/** The commands that make or read workbooks: init, to-json, adopt, merge, convert. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { SEVERITY_LABEL, stringifyReport, type Issue, type ReportData } from '../report';
import { ExcelJsWorkbook, zipEntries } from '../workbook/exceljs';
import { describeFound, findTables, unplacedNumbers } from '../workbook/finder';
import { buildPlan, mergeUnitsPlan, type WorkbookPlan } from '../workbook/layout';
import { applyPlan, checkRead, namesOf } from '../workbook/port';
import { hasReportNames, interpretSnapshot } from '../workbook/snapshot';
import { EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, UsageError, checkOutputs, loadOne, readInputFile, shown, writeOutputs, type CliIO } from './io';
import { isWorkbookPath, loadSource, openWorkbookFile, readError, type LoadedReport } from './sources';
import { addPeerOutliers, compareParent, loadRoster, rosterOf } from './county';

/** A new workbook laid out by a plan, as .xlsx bytes. */
async function planBytes(plan: WorkbookPlan): Promise<Uint8Array> {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, plan);
  return workbook.toBytes();
}

/** Groups of arguments naming the same file (also through links or other spellings). */
function sameFiles(files: readonly string[], cwd: string): string[][] {
  const byId = new Map<string, string[]>();
  for (const file of files) {
    let id: string;
    try {
      const stat = statSync(path.resolve(cwd, file));
      id = `${stat.dev}:${stat.ino}`;
    } catch {
      continue; // said when it is read
    }
    byId.set(id, [...(byId.get(id) ?? []), file]);
  }
  return [...byId.values()].filter((group) => group.length > 1);
}

/** Parts of an .xlsx that ExcelJS does not keep when it saves a workbook it has read. */
function partsExcelJsDrops(bytes: Uint8Array): string[] {
  const names = zipEntries(bytes)?.map((e) => e.name.replace(/^\//, '')) ?? [];
  const lost: string[] = [];
  if (names.some((n) => n.startsWith('xl/charts/'))) lost.push('图表');
  if (names.some((n) => n.startsWith('xl/pivotTables/') || n.startsWith('xl/pivotCache/'))) lost.push('数据透视表');
  if (names.some((n) => /^xl\/vbaProject\.bin$/i.test(n))) lost.push('宏');
  if (names.some((n) => n.startsWith('xl/slicers/') || n.startsWith('xl/timelines/'))) lost.push('切片器');
  return lost;
}

export async function commandInit(options: { output: string; data?: string; previous?: string; force?: boolean }, io: CliIO): Promise<number> {
  const target = { given: options.output, format: 'xlsx' as const };
  const inputs = [options.data, options.previous].filter((f): f is string => f !== undefined);
  checkOutputs([target], { cwd: io.cwd, inputs, force: options.force });
  let report: ReportData = {};
  if (options.data) {
    if (isWorkbookPath(options.data)) throw new UsageError('--data 应为年报数据文件（.json）');
    try {
      report = (await loadSource(path.resolve(io.cwd, options.data))).report;
    } catch (error) {
      io.err(`无法读取数据文件“${options.data}”：${(error as Error).message}\n`);
      return EXIT_UNREADABLE;
    }
  }
  if (options.previous) {
    try {
      const previous = (await loadSource(path.resolve(io.cwd, options.previous))).report;
      report = { ...report, previousYear: previous };
    } catch (error) {
      io.err(`无法读取上年报告“${options.previous}”：${(error as Error).message}\n`);
      return EXIT_UNREADABLE;
    }
  }
  const [output] = await writeOutputs([{ ...target, render: () => planBytes(buildPlan(report)) }], { cwd: io.cwd, inputs, force: options.force });
  io.out(`已创建年报工作簿：${shown(output.file, io.cwd)}\n`);
  return EXIT_OK;
}

export async function commandToJson(file: string, options: { output?: string; force?: boolean }, io: CliIO): Promise<number> {
  const source = await loadOne(file, io);
  if (!source) return EXIT_UNREADABLE;
  const text = stringifyReport(source.report);
  if (options.output) {
    const [output] = await writeOutputs([{ given: options.output, format: 'json', render: () => text }], { cwd: io.cwd, inputs: [file], force: options.force });
    io.out(`已导出年报数据：${shown(output.file, io.cwd)}\n`);
  } else {
    io.out(text);
  }
  for (const issue of source.issues) io.err(`${file}：${SEVERITY_LABEL[issue.severity]}：${issue.message}\n`);
  return source.issues.some((i) => i.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
}

export async function commandAdopt(file: string, options: { output: string; force?: boolean }, io: CliIO): Promise<number> {
  const input = path.resolve(io.cwd, file);
  const target = { given: options.output, format: 'xlsx' as const };
  // The same file (also through a link) is refused even with --force: the original stays.
  checkOutputs([target], { cwd: io.cwd, inputs: [file], force: options.force });
  let workbook: ExcelJsWorkbook;
  try {
    workbook = await openWorkbookFile(input);
  } catch (error) {
    io.err(`${file}：无法读取：${(error as Error).message}\n`);
    return EXIT_UNREADABLE;
  }
  const snapshot = await workbook.snapshot();
  if (hasReportNames(snapshot)) {
    io.out(`${file} 已有年报模板的名称，无需识别。\n`);
    return EXIT_OK;
  }
  const found = findTables(snapshot.sheets);
  if (found.cells.size === 0) {
    io.err(`${file}：没有找到表二、表三、表四的表头和行标签，无法识别。\n`);
    return EXIT_UNREADABLE;
  }
  const lost = partsExcelJsDrops(await readInputFile(input));
  if (lost.length > 0) {
    io.err(`${file}：工作簿含有${lost.join('、')}，另存时会丢失，未另存。请在 Excel 中打开该工作簿，用加载项的“识别现有表格”添加名称（不会丢失任何内容）。\n`);
    return EXIT_UNREADABLE;
  }
  const added = await workbook.addNames(namesOf(found));
  const [output] = await writeOutputs([{ ...target, render: () => workbook.toBytes() }], { cwd: io.cwd, inputs: [file], force: options.force });
  io.out(`已识别：${found.tables.map(describeFound).join('；')}\n`);
  for (const m of found.missing) io.out(`  ${m.text}\n`);
  io.out(`已为 ${added} 个单元格添加名称，另存为：${shown(output.file, io.cwd)}（没有移动或改动任何单元格）\n`);
  return EXIT_OK;
}

export async function commandMerge(
  files: string[],
  options: { output: string; force?: boolean; includeErrors?: boolean; agency?: string; units?: string; parent?: string },
  io: CliIO,
): Promise<number> {
  const target = { given: options.output, format: 'xlsx' as const };
  const inputs = [...files, ...(options.units ? [options.units] : []), ...(options.parent ? [options.parent] : [])];
  checkOutputs([target], { cwd: io.cwd, inputs, force: options.force });
  // The county's roster: read first, so that a wrong path stops before any work.
  let roster: string[] | undefined;
  if (options.units) {
    try {
      roster = await loadRoster(options.units, io.cwd);
    } catch (error) {
      io.err(`${options.units}：${(error as Error).message}\n`);
      return EXIT_UNREADABLE;
    }
  }
  const twice = sameFiles(files, io.cwd);
  if (twice.length > 0) {
    io.err(`同一个文件给了不止一次，未汇总（否则会重复计数）：\n${twice.map((group) => `  ${group.join('、')}`).join('\n')}\n`);
    return EXIT_UNREADABLE;
  }
  const units: { file: string; source: LoadedReport; issues: Issue[] }[] = [];
  let unreadable = false;
  for (const file of files) {
    const source = await loadOne(file, io);
    if (!source) {
      unreadable = true;
      continue;
    }
    let issues: Issue[];
    try {
      issues = checkRead(source);
    } catch (error) {
      io.err(`${file}：无法校验：${readError(error)}\n`);
      unreadable = true;
      continue;
    }
    units.push({ file, source, issues });
  }
  if (unreadable) {
    io.err('有文件无法读取，未汇总。\n');
    return EXIT_UNREADABLE;
  }
  const county = roster ? rosterOf(roster, units.map((u) => ({ file: u.file, report: u.source.report, issues: u.issues }))) : undefined;
  if (county) {
    for (const line of county.lines) io.out(`${line}\n`);
    if (county.result.duplicates.length > 0 && !options.includeErrors) {
      io.err('有单位重复报送，未汇总（只保留每个单位的一份报告后再汇总；确需汇总时加 --include-errors，重复的报告都会计入）。\n');
      return EXIT_ERRORS;
    }
  }
  addPeerOutliers(units.map((u) => ({ file: u.file, report: u.source.report, issues: u.issues })), io);
  const flawed = units.filter((u) => u.issues.some((i) => i.severity === 'error'));
  if (flawed.length > 0) {
    const lines = flawed.map((u) => `  ${u.file}${u.source.report.agency ? `（${u.source.report.agency}）` : ''}：${u.issues.filter((i) => i.severity === 'error').length} 个错误`);
    if (!options.includeErrors) {
      io.err(`以下文件的报告有错误，未汇总（改正后再汇总；确需汇总时加 --include-errors，这些单位的无效单元格按 0 计）：\n${lines.join('\n')}\n`);
      return EXIT_ERRORS;
    }
    io.err(`注意：以下文件的报告有错误，已按 --include-errors 汇总（无效单元格按 0 计）：\n${lines.join('\n')}\n`);
  }
  const byAgency = new Map<string, string[]>();
  for (const u of units) {
    const agency = typeof u.source.report.agency === 'string' ? u.source.report.agency.trim() : '';
    if (agency) byAgency.set(agency, [...(byAgency.get(agency) ?? []), u.file]);
  }
  for (const [agency, same] of byAgency) {
    if (same.length > 1) io.err(`注意：${same.join('、')} 是同一机关“${agency}”的报告，都已计入汇总；如是同一份报告的副本，请只保留一个后重新汇总。\n`);
  }
  const plan = mergeUnitsPlan(
    units.map((u, i) => ({ file: u.file, report: u.source.report, issues: u.issues, ...(county ? { status: county.statuses[i] } : {}) })),
    options.agency,
    county?.result.missing,
  );
  const [output] = await writeOutputs([{ ...target, render: () => planBytes(plan) }], { cwd: io.cwd, inputs: files, force: options.force });
  io.out(`已汇总 ${units.length} 个单位的报告：${shown(output.file, io.cwd)}\n`);
  const years = new Set(units.map((u) => u.source.report.year));
  if (years.size > 1) io.err(`注意：各单位的报告年度不一致（${[...years].join('、')}）。\n`);
  if (options.parent) {
    const differences = await compareParent(options.parent, units.map((u) => ({ file: u.file, report: u.source.report, issues: u.issues })), io);
    if (differences === null) return EXIT_UNREADABLE;
    if (differences > 0) return EXIT_ERRORS;
  }
  return EXIT_OK;
}

export async function commandConvert(file: string, options: { output: string; force?: boolean }, io: CliIO): Promise<number> {
  const target = { given: options.output, format: 'xlsx' as const };
  checkOutputs([target], { cwd: io.cwd, inputs: [file], force: options.force });
  let snapshot;
  try {
    snapshot = await (await openWorkbookFile(path.resolve(io.cwd, file), { readOnly: true })).snapshot();
  } catch (error) {
    io.err(`${file}：无法读取：${(error as Error).message}\n`);
    return EXIT_UNREADABLE;
  }
  let read;
  try {
    read = interpretSnapshot(snapshot);
  } catch {
    io.err(`${file}：没有找到表二、表三、表四的表头和行标签，无法转换。\n`);
    return EXIT_UNREADABLE;
  }
  const left = read.recognized ? unplacedNumbers(snapshot.sheets, read.recognized) : [];
  const [output] = await writeOutputs([{ ...target, render: () => planBytes(buildPlan(read.report)) }], { cwd: io.cwd, inputs: [file], force: options.force });
  io.out(`已按国办公开办函〔2021〕30号格式另存为：${shown(output.file, io.cwd)}\n`);
  if (read.recognized) io.out(`已带过去：${read.recognized.tables.map(describeFound).join('；')}\n`);
  for (const m of read.recognized?.missing ?? []) io.out(`  ${m.text}\n`);
  if (left.length > 0) {
    io.out(`以下 ${left.length} 个数在 2021 年格式中没有对应的位置，未带过去，请核对：\n`);
    for (const line of left) io.out(`  ${line}\n`);
  }
  return EXIT_OK;
}


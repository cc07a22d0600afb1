/** The commands that make or read workbooks: init, to-json, adopt, merge, convert. */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SEVERITY_LABEL, stringifyReport, type Issue, type ReportData } from '../report';
import { ExcelJsWorkbook } from '../workbook/exceljs';
import { describeFound, findTables, unplacedNumbers } from '../workbook/finder';
import { buildPlan, mergeUnitsPlan } from '../workbook/layout';
import { applyPlan, checkRead, namesOf } from '../workbook/port';
import { hasReportNames, interpretSnapshot } from '../workbook/snapshot';
import { EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, UsageError, ensureWritable, loadOne, type CliIO } from './io';
import { isWorkbookPath, loadSource, type LoadedReport } from './sources';
import { addPeerOutliers, compareParent, loadRoster, rosterOf } from './county';

export async function commandInit(options: { output: string; data?: string; previous?: string; force?: boolean }, io: CliIO): Promise<number> {
  const output = path.resolve(io.cwd, options.output);
  if (!/\.xlsx$/i.test(output)) throw new UsageError('输出文件须以 .xlsx 结尾');
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
  await ensureWritable(output, options.force);
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(report));
  await workbook.save(output);
  io.out(`已创建年报工作簿：${path.relative(io.cwd, output) || output}\n`);
  return EXIT_OK;
}

export async function commandToJson(file: string, options: { output?: string; force?: boolean }, io: CliIO): Promise<number> {
  const source = await loadOne(file, io);
  if (!source) return EXIT_UNREADABLE;
  const text = stringifyReport(source.report);
  if (options.output) {
    const output = path.resolve(io.cwd, options.output);
    await ensureWritable(output, options.force);
    await writeFile(output, text, 'utf8');
    io.out(`已导出年报数据：${path.relative(io.cwd, output) || output}\n`);
  } else {
    io.out(text);
  }
  for (const issue of source.issues) io.err(`${file}：${SEVERITY_LABEL[issue.severity]}：${issue.message}\n`);
  return source.issues.some((i) => i.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
}

export async function commandAdopt(file: string, options: { output: string; force?: boolean }, io: CliIO): Promise<number> {
  const input = path.resolve(io.cwd, file);
  const output = path.resolve(io.cwd, options.output);
  if (input === output) throw new UsageError('请把结果另存为一个新文件（-o），不要覆盖原工作簿');
  if (!/\.xlsx$/i.test(output)) throw new UsageError('输出文件须以 .xlsx 结尾');
  let workbook: ExcelJsWorkbook;
  try {
    workbook = await ExcelJsWorkbook.open(input);
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
  const added = await workbook.addNames(namesOf(found));
  await ensureWritable(output, options.force);
  await workbook.save(output);
  io.out(`已识别：${found.tables.map(describeFound).join('；')}\n`);
  for (const m of found.missing) io.out(`  ${m.text}\n`);
  io.out(`已为 ${added} 个单元格添加名称，另存为：${path.relative(io.cwd, output) || output}（没有移动或改动任何单元格）\n`);
  return EXIT_OK;
}

export async function commandMerge(files: string[], options: { output: string; force?: boolean; agency?: string; units?: string; parent?: string }, io: CliIO): Promise<number> {
  const output = path.resolve(io.cwd, options.output);
  if (!/\.xlsx$/i.test(output)) throw new UsageError('输出文件须以 .xlsx 结尾');
  // The county's roster (issue #15): read first, so that a wrong path stops before any work.
  let roster: string[] | undefined;
  if (options.units) {
    try {
      roster = await loadRoster(options.units, io.cwd);
    } catch (error) {
      io.err(`${options.units}：${(error as Error).message}\n`);
      return EXIT_UNREADABLE;
    }
  }
  const units: { file: string; source: LoadedReport; issues: Issue[] }[] = [];
  let unreadable = false;
  for (const file of files) {
    const source = await loadOne(file, io);
    if (!source) {
      unreadable = true;
      continue;
    }
    units.push({ file, source, issues: checkRead(source) });
  }
  if (unreadable) {
    io.err('有文件无法读取，未汇总。\n');
    return EXIT_UNREADABLE;
  }
  const county = roster ? rosterOf(roster, units.map((u) => ({ file: u.file, report: u.source.report, issues: u.issues }))) : undefined;
  if (county) {
    for (const line of county.lines) io.out(`${line}\n`);
    if (county.result.duplicates.length > 0 && !options.force) {
      io.err('有单位重复报送，未汇总（只保留每个单位的一份报告后再汇总；确需汇总时加 --force，重复的报告都会计入）。\n');
      return EXIT_ERRORS;
    }
  }
  addPeerOutliers(units.map((u) => ({ file: u.file, report: u.source.report, issues: u.issues })), io);
  const flawed = units.filter((u) => u.issues.some((i) => i.severity === 'error'));
  if (flawed.length > 0) {
    const lines = flawed.map((u) => `  ${u.file}：${u.issues.filter((i) => i.severity === 'error').length} 个错误`);
    if (!options.force) {
      io.err(`以下单位的报告有错误，未汇总（改正后再汇总；确需汇总时加 --force，这些单位的无效单元格按 0 计）：\n${lines.join('\n')}\n`);
      return EXIT_ERRORS;
    }
    io.err(`注意：以下单位的报告有错误，已按 --force 汇总（无效单元格按 0 计）：\n${lines.join('\n')}\n`);
  }
  const plan = mergeUnitsPlan(
    units.map((u, i) => ({ file: u.file, report: u.source.report, issues: u.issues, ...(county ? { status: county.statuses[i] } : {}) })),
    options.agency,
    county?.result.missing,
  );
  await ensureWritable(output, options.force);
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, plan);
  await workbook.save(output);
  io.out(`已汇总 ${units.length} 个单位的报告：${path.relative(io.cwd, output) || output}\n`);
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
  const output = path.resolve(io.cwd, options.output);
  if (!/\.xlsx$/i.test(output)) throw new UsageError('输出文件须以 .xlsx 结尾');
  let snapshot;
  try {
    snapshot = await (await ExcelJsWorkbook.open(path.resolve(io.cwd, file), { readOnly: true })).snapshot();
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
  await ensureWritable(output, options.force);
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(read.report));
  await workbook.save(output);
  io.out(`已按国办公开办函〔2021〕30号格式另存为：${path.relative(io.cwd, output) || output}\n`);
  if (read.recognized) io.out(`已带过去：${read.recognized.tables.map(describeFound).join('；')}\n`);
  for (const m of read.recognized?.missing ?? []) io.out(`  ${m.text}\n`);
  if (left.length > 0) {
    io.out(`以下 ${left.length} 个数在 2021 年格式中没有对应的位置，未带过去，请核对：\n`);
    for (const line of left) io.out(`  ${line}\n`);
  }
  return EXIT_OK;
}


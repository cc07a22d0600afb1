/**
 * The `nianbao` command: parse arguments, call the core, print results. It holds no rules.
 *
 * Exit codes (report-data.md): 0 no `error` issue; 1 some `error` issue; 2 a file could not
 * be read or the command could not run.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, CommanderError, type Help } from 'commander';
import { SEVERITY_LABEL, countBySeverity, stringifyReport, type Issue, type ReportData } from '../report';
import { exportDocument, renderHtml, renderText } from '../report/render';
import { describeCells } from '../workbook/address';
import { ExcelJsWorkbook } from '../workbook/exceljs';
import { buildPlan, mergeUnitsPlan } from '../workbook/layout';
import { describeFound, findTables, unplacedNumbers, type FoundTable } from '../workbook/finder';
import { applyPlan, checkRead, namesOf } from '../workbook/port';
import { hasReportNames, interpretSnapshot } from '../workbook/snapshot';
import { decodeHtml, htmlGrids, htmlText } from '../workbook/html-grid';
import { SourceError, isWorkbookPath, loadPrevious, loadSource, type LoadedReport } from './sources';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
}

/** Files read at once by `check`. */
const CHECK_CONCURRENCY = 4;

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_UNREADABLE = 2;

/** A failure the user can act on; printed as one Chinese line, never a stack trace. */
class UsageError extends Error {}

interface FileResult {
  file: string;
  issues: Issue[];
  error?: string;
  /** Tables found by their labels in a workbook without nianbao's names. */
  recognized?: FoundTable[];
}



// ---------------------------------------------------------------------------------------
// Output

function formatIssueLine(issue: Issue): string {
  const where = describeCells(issue.cells);
  return `  ${SEVERITY_LABEL[issue.severity]}  ${where ? where + '  ' : ''}${issue.message}  [${issue.rule}]`;
}

function summaryLine(results: FileResult[]): string {
  const all = results.flatMap((r) => r.issues);
  const counts = countBySeverity(all);
  const unreadable = results.filter((r) => r.error !== undefined).length;
  const parts = [`${counts.error} 个错误`, `${counts.warning} 个警告`, `${counts.info} 条提示`];
  const head = `共检查 ${results.length} 个文件`;
  return `${head}：${parts.join('，')}${unreadable ? `；${unreadable} 个文件无法读取` : ''}`;
}

function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(result.file);
    if (result.recognized) {
      lines.push(`  （工作簿中没有年报模板的名称，已按表格标签识别：${result.recognized.map(describeFound).join('；')}。可用 nianbao adopt 为这些单元格添加名称）`);
    }
    if (result.error !== undefined) {
      lines.push(`  无法读取：${result.error}`);
    } else if (result.issues.length === 0) {
      lines.push('  ✓ 全部通过，未发现问题');
    } else {
      const c = countBySeverity(result.issues);
      lines.push(`  ${c.error} 个错误，${c.warning} 个警告，${c.info} 条提示：`);
      for (const issue of result.issues) lines.push(formatIssueLine(issue));
    }
    lines.push('');
  }
  lines.push(summaryLine(results));
  return lines.join('\n') + '\n';
}

function exitCodeOf(results: FileResult[]): number {
  if (results.some((r) => r.error !== undefined)) return EXIT_UNREADABLE;
  if (results.some((r) => r.issues.some((i) => i.severity === 'error'))) return EXIT_ERRORS;
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------
// Commands

/** Load a source for a command that works on one file; an unreadable file is said on stderr. */
async function loadOne(file: string, io: CliIO): Promise<LoadedReport | null> {
  try {
    return await loadSource(path.resolve(io.cwd, file));
  } catch (error) {
    io.err(`${file}：无法读取：${(error as Error).message}\n`);
    return null;
  }
}

async function checkOne(file: string, cwd: string, previousFile: string | undefined): Promise<FileResult> {
  let source: LoadedReport;
  try {
    source = await loadSource(path.resolve(cwd, file));
  } catch (error) {
    return { file, issues: [], error: error instanceof SourceError ? error.message : String(error) };
  }
  let previous;
  try {
    previous = await loadPrevious(source, previousFile && path.resolve(cwd, previousFile));
  } catch (error) {
    const message = error instanceof SourceError ? error.message : String(error);
    return { file, issues: [], error: `上年报告${previousFile ? `“${previousFile}”` : ''}无法读取：${message}` };
  }
  return { file, issues: checkRead(source, previous), ...(source.recognized ? { recognized: source.recognized.tables } : {}) };
}

async function commandCheck(files: string[], options: { json?: boolean; previous?: string }, io: CliIO): Promise<number> {
  // A few files in flight at once: one file's disk read overlaps another's parsing.
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await checkOne(files[i], io.cwd, options.previous);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, files.length) }, worker));
  if (options.json) {
    const reports = results.map((r) =>
      r.error !== undefined ? { file: r.file, error: r.error, issues: [] } : { file: r.file, issues: r.issues, ...(r.recognized ? { recognized: r.recognized } : {}) },
    );
    io.out(JSON.stringify({ reports }, null, 2) + '\n');
  } else {
    io.out(formatText(results));
  }
  return exitCodeOf(results);
}

async function ensureWritable(file: string, force: boolean | undefined): Promise<void> {
  if (existsSync(file) && !force) throw new UsageError(`文件“${file}”已存在；为避免覆盖已填写的内容，请换一个文件名，或加 --force 确认覆盖`);
  await mkdir(path.dirname(file), { recursive: true });
}

async function commandInit(options: { output: string; data?: string; previous?: string; force?: boolean }, io: CliIO): Promise<number> {
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

async function commandToJson(file: string, options: { output?: string; force?: boolean }, io: CliIO): Promise<number> {
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

async function commandAdopt(file: string, options: { output: string; force?: boolean }, io: CliIO): Promise<number> {
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

async function commandMerge(files: string[], options: { output: string; force?: boolean; agency?: string }, io: CliIO): Promise<number> {
  const output = path.resolve(io.cwd, options.output);
  if (!/\.xlsx$/i.test(output)) throw new UsageError('输出文件须以 .xlsx 结尾');
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
    units.map((u) => ({ file: u.file, report: u.source.report, issues: u.issues })),
    options.agency,
  );
  await ensureWritable(output, options.force);
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, plan);
  await workbook.save(output);
  io.out(`已汇总 ${units.length} 个单位的报告：${path.relative(io.cwd, output) || output}\n`);
  const years = new Set(units.map((u) => u.source.report.year));
  if (years.size > 1) io.err(`注意：各单位的报告年度不一致（${[...years].join('、')}）。\n`);
  return EXIT_OK;
}

async function commandImport(file: string, options: { output?: string; force?: boolean }, io: CliIO): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path.resolve(io.cwd, file));
  } catch (error) {
    io.err(`${file}：无法读取：${(error as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : '无法读取该文件'}\n`);
    return EXIT_UNREADABLE;
  }
  const html = decodeHtml(bytes);
  let read;
  try {
    read = interpretSnapshot({ sheets: htmlGrids(html), names: [] });
  } catch {
    io.err(`${file}：网页中没有找到表二、表三、表四的表头和行标签，无法导入。\n`);
    return EXIT_UNREADABLE;
  }
  const { title, paragraphs } = htmlText(html);
  const heading = /^(.*?)\s*(\d{4})\s*年(?:度)?政府信息公开工作年度报告/.exec(title);
  const report = {
    ...read.report,
    ...(heading ? { agency: heading[1].trim(), year: Number(heading[2]) } : {}),
    ...(paragraphs.length > 0 ? { narrative: paragraphs.join('\n\n') } : {}),
  };
  const text = stringifyReport(report);
  if (options.output) {
    const output = path.resolve(io.cwd, options.output);
    await ensureWritable(output, options.force);
    await writeFile(output, text, 'utf8');
    io.out(`已导入：${path.relative(io.cwd, output) || output}\n`);
  } else {
    io.out(text);
  }
  io.err(`${file}：识别到 ${read.recognized!.tables.map(describeFound).join('；')}\n`);
  for (const issue of read.issues) io.err(`${file}：${SEVERITY_LABEL[issue.severity]}：${issue.message}\n`);
  return EXIT_OK;
}

async function commandConvert(file: string, options: { output: string; force?: boolean }, io: CliIO): Promise<number> {
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

interface ExportOptions {
  docx?: string;
  html?: string;
  text?: string;
  draft?: boolean;
  force?: boolean;
}

async function commandExport(file: string, options: ExportOptions, io: CliIO): Promise<number> {
  const source = await loadOne(file, io);
  if (!source) return EXIT_UNREADABLE;
  const issues = checkRead(source);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !options.draft) {
    io.err(formatText([{ file, issues }]));
    io.err(`报告有 ${errors.length} 个错误，未导出。请先改正；如确需导出供内部审阅，加 --draft 导出草稿（标有“草稿”字样）。\n`);
    return EXIT_ERRORS;
  }
  const doc = exportDocument(source.report, issues);
  const targets: [string | undefined, () => Promise<string | Uint8Array>][] = [
    // The Word writer is required only when a .docx is asked for: checking many files starts faster.
    [options.docx, async () => (await import('../report/render/docx')).renderDocx(doc, source.report)],
    [options.html, async () => renderHtml(doc, source.report, { standalone: true })],
    [options.text, async () => renderText(doc, source.report)],
  ];
  if (targets.every(([out]) => out === undefined)) {
    io.out(renderText(doc, source.report));
    return errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
  }
  for (const [out, render] of targets) {
    if (out === undefined) continue;
    const target = path.resolve(io.cwd, out);
    await ensureWritable(target, options.force);
    await writeFile(target, await render());
    io.out(`已导出${doc.draft ? '草稿' : '报告'}：${path.relative(io.cwd, target) || target}\n`);
  }
  return errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
}

// ---------------------------------------------------------------------------------------
// Commander, in Chinese

/** Columns a string takes in a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return width;
}

function chineseHelp(cmd: Command, helper: Help): string {
  const usage = helper.commandUsage(cmd).replace('[options]', '[选项]').replace('[command]', '<命令>');
  const lines = [`用法：${usage}`, ''];
  const description = helper.commandDescription(cmd);
  if (description) lines.push(description, '');
  const section = (title: string, items: [string, string][]) => {
    if (items.length === 0) return;
    const terms = items.map(([term]) => term.replace('[options]', '[选项]'));
    const width = Math.max(...terms.map(displayWidth)) + 2;
    lines.push(`${title}：`);
    items.forEach(([, text], i) => lines.push(`  ${terms[i]}${' '.repeat(width - displayWidth(terms[i]))}${text}`));
    lines.push('');
  };
  section('参数', helper.visibleArguments(cmd).map((a) => [helper.argumentTerm(a), helper.argumentDescription(a)]));
  section('选项', helper.visibleOptions(cmd).map((o) => [helper.optionTerm(o), helper.optionDescription(o)]));
  section('命令', helper.visibleCommands(cmd).map((c) => [helper.subcommandTerm(c), helper.subcommandDescription(c)]));
  return lines.join('\n');
}

function chineseError(error: CommanderError): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownOption':
      return `未知选项：${quoted}`;
    case 'commander.unknownCommand':
      return `未知命令：${quoted}`;
    case 'commander.missingArgument':
      return `缺少参数：${quoted}`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted} 缺少取值`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项 ${quoted}`;
    case 'commander.excessArguments':
      return '参数过多';
    default:
      return error.message.replace(/^error: /, '');
  }
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('nianbao');
  const configure = (cmd: Command) =>
    cmd
      .exitOverride()
      .helpOption('-h, --help', '显示帮助')
      .configureHelp({ formatHelp: chineseHelp })
      .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined });
  configure(program)
    .description('政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：创建模板、校验、导出')
    .version('0.1.0', '-V, --version', '显示版本号')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .showSuggestionAfterError(false);

  configure(program.command('init'))
    .description('创建官方格式的年报工作簿（与加载项“创建模板”相同）')
    .option('-o, --output <文件.xlsx>', '输出的工作簿', '政府信息公开年报.xlsx')
    .option('--data <数据.json>', '用年报数据文件填写各表')
    .option('--previous <上年文件>', '把上年报告（.xlsx、.json 或 nianbao import 得到的数据）的数字填入“上年数据”表')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (options) => setExit(await commandInit(options, io)));

  configure(program.command('check'))
    .description('校验工作簿（.xlsx）或年报数据文件（.json），可一次校验多个')
    .argument('<文件...>', '要校验的 .xlsx 或 .json 文件')
    .option('--json', '以 JSON 输出结果')
    .option('--previous <上年文件>', '上年的工作簿或数据文件，用于跨年度核对')
    .action(async (files: string[], options) => setExit(await commandCheck(files, options, io)));

  configure(program.command('to-json'))
    .description('把工作簿转换为年报数据文件（JSON）')
    .argument('<工作簿.xlsx>', '要转换的工作簿')
    .option('-o, --output <文件.json>', '输出文件（省略时输出到屏幕）')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options) => setExit(await commandToJson(file, options, io)));

  configure(program.command('merge'))
    .description('把多个单位的报告逐格相加，生成一个官方格式的汇总工作簿（附“汇总单位”表）')
    .argument('<文件...>', '各单位的 .xlsx 或 .json')
    .requiredOption('-o, --output <文件.xlsx>', '汇总工作簿')
    .option('--agency <名称>', '汇总报告的机关名称')
    .option('--force', '有错误的单位也汇总（无效单元格按 0 计）；输出文件已存在时覆盖')
    .action(async (files: string[], options) => setExit(await commandMerge(files, options, io)));

  configure(program.command('import'))
    .description('把从政府网站保存的年报网页（HTML）读成年报数据文件，例如用作上年报告做跨年度核对')
    .argument('<网页.html>', '保存下来的年报网页')
    .option('-o, --output <文件.json>', '输出文件（省略时输出到屏幕）')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options) => setExit(await commandImport(file, options, io)));

  configure(program.command('convert'))
    .description('把旧版（2019 年试行格式）或其他版式的工作簿转成官方格式的新工作簿，列出带不过去的数')
    .argument('<工作簿.xlsx>', '旧工作簿')
    .requiredOption('-o, --output <文件.xlsx>', '新工作簿')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options) => setExit(await commandConvert(file, options, io)));

  configure(program.command('adopt'))
    .description('识别现有工作簿中的官方表格，为每个填报单元格添加名称后另存（不移动、不改动任何单元格）')
    .argument('<工作簿.xlsx>', '要识别的工作簿')
    .requiredOption('-o, --output <文件.xlsx>', '另存为的工作簿')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options) => setExit(await commandAdopt(file, options, io)));

  configure(program.command('export'))
    .description('导出完整报告：Word（GB/T 9704 公文格式）、网页 HTML、纯文本；都不指定时把纯文本输出到屏幕')
    .argument('<文件>', '工作簿（.xlsx）或年报数据文件（.json）')
    .option('--docx <文件.docx>', '导出 Word 文档')
    .option('--html <文件.html>', '导出网页（可粘贴到网站编辑器）')
    .option('--text <文件.txt>', '导出纯文本')
    .option('--draft', '有错误时仍导出，文件标为“草稿”')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options: ExportOptions) => setExit(await commandExport(file, options, io)));

  return program;
}

/** Run the CLI with `argv` (without the node and script entries); resolves to the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT_OK;
      io.err(`nianbao：${chineseError(error)}（用 nianbao --help 查看用法）\n`);
      return EXIT_UNREADABLE;
    }
    if (error instanceof UsageError) {
      io.err(`nianbao：${error.message}\n`);
      return EXIT_UNREADABLE;
    }
    io.err(`nianbao：运行出错：${(error as Error)?.message ?? String(error)}\n`);
    return EXIT_UNREADABLE;
  }
}

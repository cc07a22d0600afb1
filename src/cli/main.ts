/**
 * The `nianbao` command: parse arguments, call the core, print results. It holds no rules.
 *
 * Exit codes (report-data.md): 0 no `error` issue; 1 some `error` issue; 2 a file could not
 * be read or the command could not run.
 */
import { Command, CommanderError, type Help } from 'commander';
import { commandCheck } from './check';
// export (the Word writer) and import (the page reader) load only when their command runs: `check`
// over hundreds of files starts faster without them.
import type { ExportOptions } from './export';
import { EXIT_OK, EXIT_UNREADABLE, UsageError, type CliIO } from './io';
import { readError } from './sources';
import { commandAdopt, commandConvert, commandInit, commandMerge, commandToJson } from './workbooks';

export { EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, type CliIO } from './io';

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
  section('参数', helper.visibleArguments(cmd).map((a) => [helper.argumentTerm(a), chineseDetails(helper.argumentDescription(a))]));
  section('选项', helper.visibleOptions(cmd).map((o) => [helper.optionTerm(o), chineseDetails(helper.optionDescription(o))]));
  section('命令', helper.visibleCommands(cmd).map((c) => [helper.subcommandTerm(c), helper.subcommandDescription(c)]));
  return lines.join('\n');
}

/** Commander's English notes on an option or argument ("(default: …)", "(choices: …)") in Chinese. */
export function chineseDetails(text: string): string {
  return text
    .replace(/\(default: ([^)]*)\)/g, '（默认：$1）')
    .replace(/\(choices: ([^)]*)\)/g, '（可选：$1）')
    .replace(/\(env: ([^)]*)\)/g, '（环境变量：$1）')
    .replace(/\(preset: ([^)]*)\)/g, '（预设：$1）');
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
    .description('校验工作簿（.xlsx）、Word 报告（.docx）或年报数据文件（.json），可一次校验多个')
    .argument('<文件...>', '要校验的 .xlsx、.docx 或 .json 文件')
    .option('--json', '以 JSON 输出结果')
    .option('--previous <上年文件>', '上年的工作簿、Word 报告或数据文件，用于跨年度核对')
    .action(async (files: string[], options) => setExit(await commandCheck(files, options, io)));

  configure(program.command('to-json'))
    .description('把工作簿或 Word 报告转换为年报数据文件（JSON）')
    .argument('<文件>', '要转换的工作簿（.xlsx）或 Word 报告（.docx）')
    .option('-o, --output <文件.json>', '输出文件（省略时输出到屏幕）')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options) => setExit(await commandToJson(file, options, io)));

  configure(program.command('merge'))
    .description('把多个单位的报告逐格相加，生成一个官方格式的汇总工作簿（附“汇总单位”表）')
    .argument('<文件...>', '各单位的 .xlsx、.docx 或 .json')
    .requiredOption('-o, --output <文件.xlsx>', '汇总工作簿')
    .option('--agency <名称>', '汇总报告的机关名称')
    .option('--include-errors', '有错误的单位也汇总（无效单元格按 0 计）')
    .option('--force', '输出文件已存在时覆盖')
    .option('--units <名单>', '应报单位名单（.txt 每行一个单位，或 .xlsx 第一张工作表），列出未报送、重复报送、有错误的单位')
    .option('--parent <本级报告>', '本级（县）自己的报告，逐格与各单位之和比较，列出不一致的单元格')
    .action(async (files: string[], options) => setExit(await commandMerge(files, options, io)));

  configure(program.command('import'))
    .description('把从政府网站保存的年报网页（HTML）读成年报数据文件，例如用作上年报告做跨年度核对')
    .argument('<网页.html>', '保存下来的年报网页')
    .option('-o, --output <文件.json>', '输出文件（省略时输出到屏幕）')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options) => setExit(await (await import('./import')).commandImport(file, options, io)));

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
    .argument('<文件>', '工作簿（.xlsx）、Word 报告（.docx）或年报数据文件（.json）')
    .option('--docx <文件.docx>', '导出 Word 文档')
    .option('--html <文件.html>', '导出网页（可粘贴到网站编辑器）')
    .option('--text <文件.txt>', '导出纯文本')
    .option('--draft', '有错误时仍导出，文件标为“草稿”')
    .option('--force', '输出文件已存在时覆盖')
    .action(async (file: string, options: ExportOptions) => setExit(await (await import('./export')).commandExport(file, options, io)));

  return program;
}

/** Run the CLI with `argv` (without the node and script entries); resolves to the exit code. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0) {
    // No command: the help, and a usage error (a script calling nianbao wrongly must notice).
    io.err(buildProgram(io, () => undefined).helpInformation());
    io.err('nianbao：缺少命令（见上面的命令列表）\n');
    return EXIT_UNREADABLE;
  }
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
    io.err(`nianbao：运行出错：${readError(error)}\n`);
    return EXIT_UNREADABLE;
  }
}

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { Issue, ReportData } from '../src/report';
import { run } from '../src/cli/main';
import { SAMPLE_JSON, mutate, sample } from './helpers';

const ROOT = path.join(__dirname, '..');

interface Result {
  code: number;
  out: string;
  err: string;
}

async function cli(cwd: string, ...argv: string[]): Promise<Result> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'nianbao-cli-'));
}

function writeReport(dir: string, name: string, report: ReportData): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

/** The report as the CLI reads it back, tables only. */
function tables(report: ReportData) {
  return { table2: report.table2, table3: report.table3, table4: report.table4 };
}

function withoutCells(issues: Issue[]) {
  return issues.map(({ cells: _cells, ...rest }) => rest);
}

describe('nianbao init / to-json', () => {
  it('init --data X.json then to-json gives back X\'s tables, values and narrative unchanged', async () => {
    const dir = tempDir();
    const init = await cli(dir, 'init', '--data', SAMPLE_JSON, '-o', 'x.xlsx');
    expect(init).toMatchObject({ code: 0, err: '' });
    expect(init.out).toContain('已创建年报工作簿：x.xlsx');
    const toJson = await cli(dir, 'to-json', 'x.xlsx');
    expect(toJson.code).toBe(0);
    const back = JSON.parse(toJson.out) as ReportData;
    const original = sample();
    expect(tables(back)).toEqual(tables(original));
    expect(back.values).toEqual(original.values);
    expect(back.narrative).toBe(original.narrative);
    expect([back.format, back.agency, back.year]).toEqual(['2021', original.agency, original.year]);
  });

  it('to-json -o writes the file', async () => {
    const dir = tempDir();
    await cli(dir, 'init', '--data', SAMPLE_JSON, '-o', 'x.xlsx');
    const result = await cli(dir, 'to-json', 'x.xlsx', '-o', 'out/x.json');
    expect(result.code).toBe(0);
    expect(tables(JSON.parse(readFileSync(path.join(dir, 'out/x.json'), 'utf8')))).toEqual(tables(sample()));
  });

  it('init without data lays out a blank workbook whose every cell is reported blank', async () => {
    const dir = tempDir();
    expect((await cli(dir, 'init', '-o', 'blank.xlsx')).code).toBe(0);
    const result = await cli(dir, 'check', '--json', 'blank.xlsx');
    expect(result.code).toBe(1);
    const issues = JSON.parse(result.out).reports[0].issues as Issue[];
    expect(issues).toHaveLength(203);
    expect(issues.slice(0, 200).every((i) => i.rule === 'CELL_VALUE' && i.cells.length === 1)).toBe(true);
    // 机关名称 and 报告年度 are blank too.
    expect(issues.slice(200, 202).map((i) => `${i.rule} ${i.row} ${i.cells}`)).toEqual(['REPORT_INFO agency 基本信息!B4', 'REPORT_INFO year 基本信息!B5']);
    expect(issues[202]).toMatchObject({ rule: 'NARRATIVE_SECTION', message: expect.stringContaining('报告正文为空') });
  });

  it('never overwrites an existing file without --force', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'mine.xlsx'), 'my own data');
    const result = await cli(dir, 'init', '-o', 'mine.xlsx');
    expect(result.code).toBe(2);
    expect(result.err).toContain('已存在');
    expect(readFileSync(path.join(dir, 'mine.xlsx'), 'utf8')).toBe('my own data');
    expect((await cli(dir, 'init', '-o', 'mine.xlsx', '--force')).code).toBe(0);
  });

  it('reports an unreadable data file with exit 2', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.json'), '{ "table3": ');
    const result = await cli(dir, 'init', '--data', 'bad.json', '-o', 'x.xlsx');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/不是有效的 JSON 文件/);
    expect(existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  });
});

describe('nianbao check', () => {
  /** A sample with a wrong row total, a "/" and a wrong Table 4 total. */
  function flawed(): ReportData {
    const report = mutate('table3', 'granted', 'total', 3);
    report.table3!.rejectedRepeated!.research = '/';
    report.table4!.litigationDirect!.total = 2;
    return report;
  }

  it('passes the sample: exit 0 and 全部通过', async () => {
    const result = await cli(ROOT, 'check', SAMPLE_JSON);
    expect(result.code).toBe(0);
    expect(result.out).toContain('✓ 全部通过');
    expect(result.out).toContain('共检查 1 个文件：0 个错误，0 个警告，0 条提示');
  });

  it('gives the same issues for X.json and X.xlsx, the workbook ones with cell addresses', async () => {
    const dir = tempDir();
    writeReport(dir, 'x.json', flawed());
    await cli(dir, 'init', '--data', 'x.json', '-o', 'x.xlsx');
    const result = await cli(dir, 'check', '--json', 'x.json', 'x.xlsx');
    expect(result.code).toBe(1);
    const [fromJson, fromXlsx] = JSON.parse(result.out).reports as { file: string; issues: Issue[] }[];
    expect(fromJson.file).toBe('x.json');
    expect(fromJson.issues.map((i) => i.rule)).toEqual(['CELL_VALUE', 'T3_ROW_TOTAL', 'T3_RESULT_TOTAL', 'T4_TOTAL']);
    expect(withoutCells(fromXlsx.issues)).toEqual(withoutCells(fromJson.issues));
    expect(fromJson.issues.every((i) => i.cells.length === 0)).toBe(true);
    expect(fromXlsx.issues[0].cells).toEqual(['表三!F23']);
    expect(fromXlsx.issues[1].cells).toEqual(['表三!D9', '表三!E9', '表三!F9', '表三!G9', '表三!H9', '表三!I9', '表三!J9']);
    expect(fromXlsx.issues[2].cells).toHaveLength(22);
    expect(fromXlsx.issues[3].cells).toContain('表四!J7');
  });

  it('prints issues grouped per file, in Chinese, with cells and rule ids', async () => {
    const dir = tempDir();
    writeReport(dir, 'x.json', flawed());
    await cli(dir, 'init', '--data', 'x.json', '-o', 'x.xlsx');
    const result = await cli(dir, 'check', 'x.xlsx');
    expect(result.code).toBe(1);
    expect(result.out).toContain('x.xlsx\n  4 个错误，0 个警告，0 条提示：\n');
    expect(result.out).toContain('  错误  表三!F23  表三“（五）不予处理 2.重复申请”行“科研机构”列：填写了“/”；没有数据时请填 0  [CELL_VALUE]');
    expect(result.out).toContain('  错误  表四!F7:J7  表四“行政诉讼 未经复议直接起诉”：');
  });

  it('checks the others and exits 2 when one file cannot be read', async () => {
    const dir = tempDir();
    writeReport(dir, 'bad.json', flawed());
    writeFileSync(path.join(dir, 'broken.xlsx'), 'not a zip');
    const result = await cli(dir, 'check', 'missing.json', 'broken.xlsx', 'bad.json', SAMPLE_JSON);
    expect(result.code).toBe(2);
    expect(result.out).toContain('missing.json\n  无法读取：文件不存在');
    expect(result.out).toContain('broken.xlsx\n  无法读取：不是有效的 .xlsx 工作簿');
    expect(result.out).toContain('bad.json\n  4 个错误');
    expect(result.out).toContain('2 个文件无法读取');
    const json = JSON.parse((await cli(dir, 'check', '--json', 'missing.json', 'bad.json')).out);
    expect(json.reports[0]).toEqual({ file: 'missing.json', error: '文件不存在，请检查文件名和路径', issues: [] });
    expect(json.reports[1].issues).toHaveLength(4);
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = tempDir();
    writeReport(dir, 'fee.json', mutate('table2', 'fees', 'amount', 250000));
    const result = await cli(dir, 'check', 'fee.json');
    expect(result.code).toBe(0);
    expect(result.out).toContain('警告');
    expect(result.out).toContain('[T2_FEE_UNIT]');
  });

  it('uses --previous, or the report file\'s previousYear, for the cross-year checks', async () => {
    const dir = tempDir();
    const last = sample();
    last.year = 2022;
    last.table3!.carriedForward = { ...last.table3!.carriedForward!, naturalPerson: 1, total: 1 };
    last.table3!.newRequests = { ...last.table3!.newRequests!, naturalPerson: 2, total: 2 };
    writeReport(dir, 'last.json', last);
    await cli(dir, 'init', '--data', 'last.json', '-o', 'last.xlsx');
    writeReport(dir, 'this.json', sample());
    for (const previous of ['last.json', 'last.xlsx']) {
      const result = await cli(dir, 'check', '--json', '--previous', previous, 'this.json');
      expect(result.code).toBe(0);
      const issues = JSON.parse(result.out).reports[0].issues as Issue[];
      // Last year's file is this year's narrative word for word: NARRATIVE_REPEAT too.
      expect(issues.map((i) => `${i.rule} ${i.column}`)).toEqual(['CROSS_YEAR_CARRIED naturalPerson', 'CROSS_YEAR_CARRIED total', 'NARRATIVE_REPEAT null']);
    }
    writeReport(dir, 'linked.json', { ...sample(), previousYear: 'last.json' });
    const linked = JSON.parse((await cli(dir, 'check', '--json', 'linked.json')).out);
    expect(linked.reports[0].issues).toHaveLength(3);
    const missing = await cli(dir, 'check', '--previous', 'nope.json', 'this.json');
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('上年报告“nope.json”无法读取：文件不存在');
  });

  it('reports a deleted sheet, a deleted name and an overwritten label clearly (exit 1)', async () => {
    const dir = tempDir();
    await cli(dir, 'init', '--data', SAMPLE_JSON, '-o', 'x.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'x.xlsx'));
    workbook.removeWorksheet(workbook.getWorksheet('表四')!.id);
    workbook.definedNames.remove(workbook.definedNames.getRanges('table2.penalty.decisions').ranges[0], 'table2.penalty.decisions');
    workbook.getWorksheet('表三')!.getCell('C20').value = 'abc';
    await workbook.xlsx.writeFile(path.join(dir, 'damaged.xlsx'));
    const result = await cli(dir, 'check', 'damaged.xlsx');
    expect(result.code).toBe(1);
    expect(result.out).toContain('找不到工作表“表四”');
    expect(result.out).toContain('名称 “table2.penalty.decisions” 已被删除');
    expect(result.out).toContain('表三!C20 的行标签应为“2.没有现成信息需要另行制作”，现为“abc”');
    expect(result.out).toContain('3 个错误');
    expect(result.out + result.err).not.toMatch(/\bat .*\(.*:\d+:\d+\)|undefined|NaN/);
  });

  it('exits 2 on a workbook that is not a report workbook', async () => {
    const dir = tempDir();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').getCell('A1').value = 1;
    await workbook.xlsx.writeFile(path.join(dir, 'other.xlsx'));
    const result = await cli(dir, 'check', 'other.xlsx');
    expect(result.code).toBe(2);
    expect(result.out).toContain('无法识别为年报工作簿');
  });

  it('answers usage errors in Chinese with exit 2', async () => {
    expect(await cli(ROOT, 'check')).toMatchObject({ code: 2, err: expect.stringContaining('缺少参数') });
    expect(await cli(ROOT, 'check', '--bogus', 'x.json')).toMatchObject({ code: 2, err: expect.stringContaining('未知选项：--bogus') });
    expect(await cli(ROOT, 'frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('未知命令') });
    const help = await cli(ROOT, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('用法：nianbao');
  });

  it('every help text is Chinese: no English "(default: …)", "Usage" or "Options"', async () => {
    for (const command of ['init', 'check', 'export', 'merge', 'import', 'convert', 'adopt', 'to-json']) {
      const help = await cli(ROOT, command, '--help');
      expect([command, help.code]).toEqual([command, 0]);
      expect([command, /\(default:|\(choices:|Usage|Options|Arguments/.test(help.out)]).toEqual([command, false]);
    }
    expect((await cli(ROOT, 'init', '--help')).out).toContain('（默认：');
  });
});

describe('the installed command', () => {
  const exec = promisify(execFile);
  const bin = path.join(ROOT, 'bin', 'nianbao.js');

  it('runs as a process: exit codes and no stack trace on damage', async () => {
    const dir = tempDir();
    await exec('node', [bin, 'init', '--data', SAMPLE_JSON, '-o', path.join(dir, 'x.xlsx')]);
    const ok = await exec('node', [bin, 'check', path.join(dir, 'x.xlsx')]);
    expect(ok.stdout).toContain('全部通过');
    writeFileSync(path.join(dir, 'garbage.xlsx'), Buffer.from([0x50, 0x4b, 3, 4, 0, 0]));
    const failed = await exec('node', [bin, 'check', path.join(dir, 'garbage.xlsx')]).catch((e) => e);
    expect(failed.code).toBe(2);
    expect(failed.stdout + failed.stderr).not.toMatch(/\n\s+at /);
  });
});

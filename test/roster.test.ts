/**
 * The county's desk: the roster of expected units against the reports received, the county's
 * own report against the sum of its units, and figures shown for a second look (info only).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { run } from '../src/cli/main';
import { checkReport, type ReportData } from '../src/report';
import { mergeReports } from '../src/report/merge';
import { buildDocument } from '../src/report/narrative';
import { renderDocx } from '../src/report/render/docx';
import { PEER_LEVEL, peerOutliers, yearOutliers } from '../src/report/outliers';
import { compareWithUnits, describeDifference, describeRoster, matchRoster, parseRoster, rosterFromCells } from '../src/report/roster';
import { mutate, sample } from './helpers';

describe('the roster', () => {
  it('reads a units list: one a line, comments, blank lines, numbering and a header skipped, duplicates once', () => {
    const text = '\ufeff序号 单位\n1. 西安镇\n2、史店乡 # 乡\n\n  3 关桥乡\n西安镇\n# 备注\n县审计局\r\n';
    expect(parseRoster(text)).toEqual(['西安镇', '史店乡', '关桥乡', '县审计局']);
  });

  it('reads a sheet listing the units: the 单位名称 column under its header, else the first text column', () => {
    expect(
      rosterFromCells([
        ['2024 年应报单位名单', null],
        ['序号', '单位名称', '联系人'],
        [1, '西安镇', '张三'],
        [2, '史店乡', null],
        [3, null, '李四'],
      ]),
    ).toEqual(['西安镇', '史店乡']);
    expect(rosterFromCells([[1, '西安镇'], [2, '史店乡']])).toEqual(['西安镇', '史店乡']);
  });

  it('names the missing units, those that sent twice, those with errors and reports matching no unit', () => {
    const roster = ['西安镇', '史店乡', '关桥乡', '县审计局', '县审计局机关服务中心'];
    const result = matchRoster(roster, [
      { file: '收件/西安镇.docx', agency: '海原县西安镇人民政府', errors: 0, warnings: 1 },
      { file: '收件/史店乡-第一版.docx', agency: '海原县史店乡人民政府', errors: 2, warnings: 0 },
      { file: '收件/史店乡-修改版.xlsx', agency: '史店乡', errors: 0, warnings: 0 },
      { file: '收件/县审计局机关服务中心.json', agency: null, errors: 3, warnings: 0 },
      { file: '收件/某某.html', agency: '海原县某某局', errors: 0, warnings: 0 },
    ]);
    expect(result.missing).toEqual(['关桥乡', '县审计局']);
    expect(result.duplicates).toEqual([{ unit: '史店乡', files: ['收件/史店乡-第一版.docx', '收件/史店乡-修改版.xlsx'] }]);
    // The longest roster name wins: 县审计局机关服务中心 is not 县审计局.
    expect(result.withErrors).toEqual([
      { unit: '史店乡', files: ['收件/史店乡-第一版.docx'], errors: 2 },
      { unit: '县审计局机关服务中心', files: ['收件/县审计局机关服务中心.json'], errors: 3 },
    ]);
    expect(result.unlisted).toEqual([{ file: '收件/某某.html', agency: '海原县某某局' }]);
    expect(result.lines.map((l) => `${l.unit}:${l.status}`)).toEqual([
      '西安镇:ok',
      '史店乡:duplicate',
      '关桥乡:missing',
      '县审计局:missing',
      '县审计局机关服务中心:errors',
      '海原县某某局:unlisted',
    ]);
    const text = describeRoster(result, roster.length).join('\n');
    expect(text).toContain('未报送：关桥乡、县审计局');
    expect(text).toContain('重复报送：史店乡');
    expect(text).toContain('不在名单中：收件/某某.html');
  });

  it('with every unit in once and no errors, nothing is missing or duplicate', () => {
    const result = matchRoster(['西安镇', '史店乡'], [
      { file: 'a.docx', agency: '史店乡', errors: 0, warnings: 0 },
      { file: 'b.docx', agency: '海原县西安镇人民政府', errors: 0, warnings: 0 },
    ]);
    expect([result.missing, result.duplicates, result.withErrors, result.unlisted]).toEqual([[], [], [], []]);
    expect(result.matchOf).toEqual(['史店乡', '西安镇']);
    // The agency a report names wins over its file's name.
    expect(matchRoster(['西安镇', '史店乡'], [{ file: '史店乡的模板.docx', agency: '海原县西安镇人民政府', errors: 0, warnings: 0 }]).matchOf).toEqual(['西安镇']);
  });
});

describe("the county's own report against the sum of its units", () => {
  const units = [
    { name: '甲', report: sample() },
    { name: '乙', report: mutate('table3', 'newRequests', 'naturalPerson', 4, mutate('table3', 'newRequests', 'total', 4)) },
  ];
  const sum = mergeReports(units, '某县');

  it('a parent equal to its parts has no differences', () => {
    expect(compareWithUnits({ ...sum }, sum)).toEqual([]);
  });

  it('lists exactly the cells that differ, with a blank or text cell counted as differing', () => {
    const parent: ReportData = JSON.parse(JSON.stringify(sum));
    parent.table3!.newRequests!.total = 100;
    parent.table2!.fees!.amount = '/';
    parent.table4!.review!.upheld = null;
    const diffs = compareWithUnits(parent, sum);
    expect(diffs.map((d) => `${d.table}.${d.row}.${d.column}`)).toEqual(['table2.fees.amount', 'table3.newRequests.total', 'table4.review.upheld']);
    const total = diffs[1];
    expect([total.parent, total.units]).toEqual([100, sum.table3!.newRequests!.total]);
    expect(describeDifference(total)).toBe(`表三“一、本年新收政府信息公开申请数量”行“总计”列：本级报告为 100，各单位之和为 ${String(sum.table3!.newRequests!.total)}`);
    expect(describeDifference(diffs[0])).toContain('本级报告为 “/”');
    expect(describeDifference(diffs[2])).toContain('本级报告为 空白');
  });
});

describe('figures for a second look (info, never errors)', () => {
  it('a count grown or fallen more than tenfold since last year, 0 counted as 1; tenfold exactly is not shown', () => {
    const previous = mutate('table3', 'newRequests', 'total', 2, mutate('table2', 'regulations', 'inForce', 50, mutate('table4', 'review', 'total', 0)));
    const now = mutate('table3', 'newRequests', 'total', 25, mutate('table2', 'regulations', 'inForce', 4, mutate('table4', 'review', 'total', 10)));
    // Keep the other cells equal, so only these three can be shown.
    for (const r of [previous, now]) r.table2!.regulations!.issued = 0;
    const issues = yearOutliers(now, previous, new Map([['table3.newRequests.total', '表三 第 4 行 第 10 列']]));
    expect(issues.map((i) => `${i.rule} ${i.severity} ${i.table}.${i.row}.${i.column}`)).toEqual(['YEAR_OUTLIER info table2.regulations.inForce', 'YEAR_OUTLIER info table3.newRequests.total']);
    expect(issues[1].cells).toEqual(['表三 第 4 行 第 10 列']);
    expect(issues[1].message).toContain('本年 25，上年 2，增加超过 10 倍');
    expect(issues[0].message).toContain('减少超过 10 倍');
  });

  it('shows in checkReport only with last year present, and only as info', () => {
    const previous = mutate('table3', 'newRequests', 'naturalPerson', 0);
    const now = mutate('table3', 'newRequests', 'naturalPerson', 500, mutate('table3', 'newRequests', 'total', 500));
    expect(checkReport(now).some((i) => i.rule === 'YEAR_OUTLIER')).toBe(false);
    const outliers = checkReport(now, { previous }).filter((i) => i.rule === 'YEAR_OUTLIER');
    expect(outliers.map((i) => `${i.row}.${i.column}`)).toEqual(['newRequests.naturalPerson', 'newRequests.total']);
    expect(outliers.every((i) => i.severity === 'info')).toBe(true);
  });

  it('a unit with 0 where the median of its peers is in the hundreds', () => {
    const peers = [120, 300, 450].map((n, i) => ({ name: `单位${i}`, report: mutate('table3', 'newRequests', 'naturalPerson', n) }));
    const zero = { name: '零单位', report: mutate('table3', 'newRequests', 'naturalPerson', 0) };
    const found = peerOutliers([...peers, zero]);
    expect(found.map((f) => [f.unit, f.issue.rule, f.issue.severity, f.issue.row, f.issue.column])).toEqual([[3, 'PEER_OUTLIER', 'info', 'newRequests', 'naturalPerson']]);
    expect(found[0].issue.message).toContain('零单位为 0，而其他 3 个单位的中位数为 300');
    // Peers below the level, or too few of them, show nothing.
    const low = [20, 30, PEER_LEVEL - 1].map((n, i) => ({ name: `单位${i}`, report: mutate('table3', 'newRequests', 'naturalPerson', n) }));
    expect(peerOutliers([...low, zero])).toEqual([]);
    expect(peerOutliers([...peers.slice(0, 2), zero])).toEqual([]);
  });
});

describe('nianbao merge --units --parent: the county desk from the command line', () => {
  async function cli(cwd: string, ...argv: string[]) {
    let out = '';
    let err = '';
    const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
    return { code, out, err };
  }
  // The sample's narrative opens with its title: the unit's name goes there too.
  const named = (agency: string, report = sample()) => ({ ...report, agency, narrative: report.narrative!.replace(/^海原县西安镇人民政府/, agency) });
  const docx = async (report: ReportData) => renderDocx(buildDocument(report), report);

  async function desk() {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-county-'));
    writeFileSync(path.join(dir, '西安镇.docx'), await docx(named('海原县西安镇人民政府')));
    writeFileSync(path.join(dir, '史店乡.docx'), await docx(named('海原县史店乡人民政府', mutate('table3', 'carriedOver', 'naturalPerson', '/'))));
    writeFileSync(path.join(dir, '史店乡-重报.json'), JSON.stringify(named('海原县史店乡人民政府')));
    writeFileSync(path.join(dir, 'units.txt'), '西安镇\n史店乡\n关桥乡\n');
    return dir;
  }

  it('names the missing units and those with errors, and shows each unit’s status on 汇总单位', async () => {
    const dir = await desk();
    const result = await cli(dir, 'merge', '西安镇.docx', '史店乡.docx', '-o', '县.xlsx', '--units', 'units.txt', '--include-errors');
    expect(result.code).toBe(0);
    expect(result.out).toContain('名单中共 3 个单位，已收到 2 个单位的报告，未报送 1 个');
    expect(result.out).toContain('未报送：关桥乡');
    expect(result.out).toContain('有错误：史店乡（史店乡.docx，共 1 个错误）');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, '县.xlsx'));
    const sheet = workbook.getWorksheet('汇总单位')!;
    expect(sheet.getCell(3, 7).value).toBe('状态');
    expect([4, 5, 6].map((r) => [sheet.getCell(r, 2).value, sheet.getCell(r, 7).value])).toEqual([
      ['海原县西安镇人民政府', '已报送'],
      ['海原县史店乡人民政府', '有错误'],
      ['关桥乡', '未报送'],
    ]);
  });

  it('takes the roster from a workbook listing the units (the 单位名称 column)', async () => {
    const dir = await desk();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRows([['2024 年应报单位'], ['序号', '单位名称'], [1, '西安镇'], [2, '关桥乡']]);
    await workbook.xlsx.writeFile(path.join(dir, '名单.xlsx'));
    const result = await cli(dir, 'merge', '西安镇.docx', '-o', '县.xlsx', '--units', '名单.xlsx');
    expect(result.code).toBe(0);
    expect(result.out).toContain('名单中共 2 个单位，已收到 1 个单位的报告，未报送 1 个');
    expect(result.out).toContain('未报送：关桥乡');
  });

  it('refuses a unit that sent twice (it would be counted twice) and names it', async () => {
    const dir = await desk();
    const result = await cli(dir, 'merge', '西安镇.docx', '史店乡.docx', '史店乡-重报.json', '-o', '县.xlsx', '--units', 'units.txt');
    expect(result.code).toBe(1);
    expect(result.out).toContain('重复报送：史店乡（史店乡.docx、史店乡-重报.json）');
    expect(result.err).toContain('有单位重复报送，未汇总');
    expect(existsSync(path.join(dir, '县.xlsx'))).toBe(false);
    const missing = await cli(dir, 'merge', '西安镇.docx', '-o', '县.xlsx', '--units', '没有这个文件.txt');
    expect([missing.code, missing.err]).toEqual([2, '没有这个文件.txt：单位名单文件不存在\n']);
  });

  it('compares the county’s own report with the sum of its units: exactly the differing cells, at their document locations', async () => {
    const dir = await desk();
    const units = [named('海原县西安镇人民政府'), named('海原县史店乡人民政府')];
    const sum = mergeReports(units.map((report) => ({ name: report.agency, report })), '海原县人民政府');
    writeFileSync(path.join(dir, '县本级-对.docx'), await docx(sum));
    const wrong: ReportData = JSON.parse(JSON.stringify(sum));
    wrong.table3!.newRequests!.total = 9;
    wrong.table4!.review!.pending = 5;
    writeFileSync(path.join(dir, '县本级-错.docx'), await docx(wrong));
    writeFileSync(path.join(dir, '史店乡.json'), JSON.stringify(units[1]));

    const right = await cli(dir, 'merge', '西安镇.docx', '史店乡.json', '-o', '对.xlsx', '--parent', '县本级-对.docx');
    expect(right.code).toBe(0);
    expect(right.out).toContain('与 2 个单位之和逐格一致');

    const differs = await cli(dir, 'merge', '西安镇.docx', '史店乡.json', '-o', '错.xlsx', '--parent', '县本级-错.docx');
    expect(differs.code).toBe(1);
    const lines = differs.out.split('\n').filter((l) => l.includes('本级报告为'));
    expect(lines).toEqual([
      `  表三 第 4 行 第 10 列  表三“一、本年新收政府信息公开申请数量”行“总计”列：本级报告为 9，各单位之和为 ${String(sum.table3!.newRequests!.total)}`,
      `  表四 第 4 行 第 4 列  表四“行政复议”下的“尚未审结”：本级报告为 5，各单位之和为 ${String(sum.table4!.review!.pending)}`,
    ]);
    expect(differs.out).toContain('有 2 格不一致');
  });
});

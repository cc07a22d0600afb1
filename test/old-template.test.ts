/**
 * The 2019 trial format: recognised (OLD_TEMPLATE), and converted into the 2021 layout carrying
 * over every value that has a place and listing those that do not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { run } from '../src/cli/main';
import { TABLE3 } from '../src/report/format';
import type { ReportData } from '../src/report';
import { sample } from './helpers';

async function cli(cwd: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

/** A 2019-format workbook: the old Table 2 columns and 政府集中采购 block, one （六）其他处理 row. */
function workbook2019(): ExcelJS.Workbook {
  const report = sample();
  const wb = new ExcelJS.Workbook();
  const t2 = wb.addWorksheet('主动公开');
  const t2rows: (string | number | null)[][] = [
    ['第二十条第（一）项'],
    ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
    ['规章', 1, 1, 5],
    ['规范性文件', 2, 2, 10],
    ['第二十条第（五）项'],
    ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
    ['行政许可', 3, 0, 12],
    ['第二十条第（六）项'],
    ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
    ['行政处罚', 4, 1, 6],
    ['行政强制', 0, 0, 0],
    ['第二十条第（八）项'],
    ['信息内容', '上一年项目数量', '本年增/减'],
    ['行政事业性收费', 0, 0],
    ['第二十条第（九）项'],
    ['信息内容', '采购项目数量', '采购总金额'],
    ['政府集中采购', 2, 30],
  ];
  t2rows.forEach((row, r) => row.forEach((v, c) => v !== null && (t2.getCell(r + 1, c + 1).value = v)));
  const t3 = wb.addWorksheet('依申请公开');
  t3.addRow(['', '', '自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
  for (const row of TABLE3.rows) {
    if (row.key === 'otherNoCorrection' || row.key === 'otherFeeUnpaid') continue;
    const label = row.key === 'otherMisc' ? '（六）其他处理' : row.label;
    const values = TABLE3.columns.map((c) => report.table3![row.key]![c.key] as number);
    t3.addRow([row.group && row.group !== 'results' && row.key !== 'otherMisc' ? '' : label, row.group && row.group !== 'results' && row.key !== 'otherMisc' ? label : '', ...values]);
  }
  return wb;
}

describe('a workbook in the 2019 trial format', () => {
  it('is recognised: nianbao check reports OLD_TEMPLATE', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-2019-'));
    await workbook2019().xlsx.writeFile(path.join(dir, 'old.xlsx'));
    const result = await cli(dir, 'check', '--json', 'old.xlsx');
    const issues = JSON.parse(result.out).reports[0].issues as { rule: string; message: string }[];
    const old = issues.find((i) => i.rule === 'OLD_TEMPLATE')!;
    expect(old.message).toMatch(/^使用了旧版模板（2019 年试行格式）：主动公开!B2：“本年新制作数量”/);
    expect(result.code).toBe(1);
  });

  it('converts into the 2021 layout: every value with a place carried, the others listed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-2019-'));
    await workbook2019().xlsx.writeFile(path.join(dir, 'old.xlsx'));
    const result = await cli(dir, 'convert', 'old.xlsx', '-o', 'new.xlsx');
    expect(result.code).toBe(0);
    const back = JSON.parse((await cli(dir, 'to-json', 'new.xlsx')).out) as ReportData;
    expect(back.table3).toEqual({ ...sample().table3, otherNoCorrection: nulls(), otherFeeUnpaid: nulls() });
    expect(back.table2!.licensing!.decisions).toBe(12); // 处理决定数量 → 本年处理决定数量
    expect(back.table2!.penalty!.decisions).toBe(6);
    expect(back.table2!.regulations).toEqual({ issued: null, repealed: null, inForce: null });
    expect(result.out).toContain('在 2021 年格式中没有对应的位置，未带过去');
    for (const line of ['主动公开!B3（规章 · 本年新制作数量）= 1', '主动公开!D4（规范性文件 · 对外公开总数量）= 10', '主动公开!B17（政府集中采购 · 采购项目数量）= 2', '主动公开!C7（行政许可 · 本年增/减）= 0']) {
      expect(result.out).toContain(line);
    }
    expect(result.out).not.toContain('处理决定数量）= 12');
  });
});

function nulls() {
  return Object.fromEntries(TABLE3.columns.map((c) => [c.key, null]));
}

/** The same 2019 workbook as a report page saved from a website: its sheets as HTML tables. */
async function page2019(): Promise<string> {
  const wb = workbook2019();
  const tables: string[] = [];
  wb.eachSheet((sheet) => {
    const rows: string[] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) cells.push(`<td>${row.getCell(c).value ?? ''}</td>`);
      rows.push(`<tr>${cells.join('')}</tr>`);
    });
    tables.push(`<table border="1">${rows.join('')}</table>`);
  });
  return `<html><head><meta charset="utf-8"><title>某镇2019年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p><p>2019年，某镇认真贯彻落实《条例》。</p><p>二、主动公开政府信息情况</p>${tables[0]}<p>三、收到和处理政府信息公开申请情况</p>${tables[1]}</body></html>`;
}

describe('a report page in the 2019 trial format', () => {
  it('nianbao import names it OLD_TEMPLATE, instead of listing blank cells', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nianbao-2019-'));
    writeFileSync(path.join(dir, 'old.html'), await page2019());
    const result = await cli(dir, 'import', 'old.html', '-o', 'old.json');
    expect(result.err).toContain('使用了旧版模板（2019 年试行格式）');
    expect(result.err).toContain('本年新制作数量');
    expect(result.err.split('\n').filter((l) => /空白|为空/.test(l))).toEqual([]);
    // The report file says so too: checking it names the format, not dozens of blank cells.
    const checked = JSON.parse((await cli(dir, 'check', '--json', 'old.json')).out).reports[0].issues as { rule: string }[];
    expect(checked.filter((i) => i.rule === 'OLD_TEMPLATE')).toHaveLength(1);
    expect(checked.filter((i) => i.rule === 'CELL_VALUE').length).toBeLessThan(5);
  });
});


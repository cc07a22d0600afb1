import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { checkReport, stringifyReport, type ReportData } from '../src/report';
import { TABLES, cellId, rowColumns } from '../src/report/format';
import { describeCells, isValidName, parseA1, parseReference } from '../src/workbook/address';
import { ExcelJsWorkbook } from '../src/workbook/exceljs';
import { buildPlan, planNames } from '../src/workbook/layout';
import { applyPlan, readReport } from '../src/workbook/port';
import { NotAReportWorkbook, interpretSnapshot } from '../src/workbook/snapshot';
import { brief, mutate, sample } from './helpers';

async function workbookOf(report: ReportData): Promise<ExcelJsWorkbook> {
  const workbook = new ExcelJsWorkbook();
  await applyPlan(workbook, buildPlan(report));
  return workbook;
}

/** Save to .xlsx bytes and open again, as the CLI does. */
async function reopen(workbook: ExcelJS.Workbook): Promise<ExcelJsWorkbook> {
  const buffer = await workbook.xlsx.writeBuffer();
  const again = new ExcelJS.Workbook();
  await again.xlsx.load(buffer);
  return new ExcelJsWorkbook(again);
}

function tablesOf(report: ReportData) {
  return { table2: report.table2, table3: report.table3, table4: report.table4 };
}

describe('the layout plan', () => {
  const plan = buildPlan(sample());
  const names = planNames(plan);

  it('gives every input cell of every table exactly one valid, unique defined name', () => {
    const ids = TABLES.flatMap((t) => t.rows.flatMap((r) => rowColumns(t, r).map((c) => cellId(t.key, r.key, c.key))));
    expect(ids).toHaveLength(200);
    const byName = new Map(names.map((n) => [n.name, n]));
    expect(byName.size).toBe(names.length);
    for (const id of ids) expect(byName.has(id)).toBe(true);
    for (const n of names) expect([n.name, isValidName(n.name)]).toEqual([n.name, true]);
  });

  it('puts Table 3 at D7:J31 (一 on row 7, 二 on 8, （七）总计 on 30, 四 on 31)', () => {
    const at = (id: string) => names.find((n) => n.name === id)!;
    expect(at('table3.newRequests.naturalPerson')).toMatchObject({ sheet: '表三', address: 'D7' });
    expect(at('table3.newRequests.total').address).toBe('J7');
    expect(at('table3.carriedOver.total').address).toBe('J8');
    expect(at('table3.resultTotal.total').address).toBe('J30');
    expect(at('table3.carriedForward.total').address).toBe('J31');
    expect(at('table4.litigationAfterReview.total')).toMatchObject({ sheet: '表四', address: 'O7' });
  });

  it('has the official merged headers of Table 3 and Table 4', () => {
    const t3 = plan.sheets.find((s) => s.name === '表三')!;
    expect(t3.merges).toEqual(expect.arrayContaining(['A4:C6', 'D4:J4', 'D5:D6', 'E5:I5', 'J5:J6', 'A7:C7', 'A9:A30', 'B11:B18', 'B19:B21', 'B22:B26', 'B27:B29', 'B30:C30', 'A31:C31']));
    const cellAt = (address: string) => t3.cells.find((c) => c.address === address)!.value;
    expect(cellAt('A4')).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    expect(cellAt('B11')).toBe('（三）不予公开');
    expect(cellAt('C27')).toBe('1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请');
    const t4 = plan.sheets.find((s) => s.name === '表四')!;
    expect(t4.merges).toEqual(expect.arrayContaining(['A4:E4', 'F4:O4', 'F5:J5', 'K5:O5', 'A5:A6', 'E5:E6']));
  });

  it('has no overlapping merges', () => {
    for (const sheet of plan.sheets) {
      const seen = new Set<string>();
      for (const range of sheet.merges) {
        const [from, to] = range.split(':').map((a) => parseA1(a)!);
        for (let r = from.row; r <= to.row; r++) {
          for (let c = from.col; c <= to.col; c++) {
            const key = `${r},${c}`;
            expect(seen.has(key)).toBe(false);
            seen.add(key);
          }
        }
      }
    }
  });

  it('validates whole numbers ≥ 0 on counts and decimals ≥ 0 on the fee', () => {
    const t2 = plan.sheets.find((s) => s.name === '表二')!;
    const fee = names.find((n) => n.name === 'table2.fees.amount')!.address;
    expect(t2.validations.find((v) => v.kind === 'amount')!.addresses).toEqual([fee]);
    expect(t2.validations.find((v) => v.kind === 'count')!.addresses).toHaveLength(9);
  });
});

describe('ExcelJS backend: write the plan, read it back', () => {
  it('reads back the sample exactly: tables, values, narrative, agency and year', async () => {
    const workbook = await reopen((await workbookOf(sample())).workbook);
    const read = await readReport(workbook);
    const expected = sample();
    expect(tablesOf(read.report)).toEqual(tablesOf(expected));
    expect(read.report.values).toEqual(expected.values);
    expect(read.report.narrative).toBe(expected.narrative);
    expect(read.report.agency).toBe('海原县西安镇人民政府');
    expect(read.report.year).toBe(2023);
    expect(read.issues).toEqual([]);
    expect(read.addresses.get('table3.newRequests.total')).toBe('表三!J7');
    expect(stringifyReport(read.report)).toBe(stringifyReport({ ...expected, previousYear: undefined }));
  });

  it('keeps the narrative one paragraph a row, with each paragraph\'s address, and the declared breakdowns', async () => {
    const read = await readReport(await reopen((await workbookOf(sample())).workbook));
    expect(read.report.breakdowns).toEqual(sample().breakdowns);
    expect(read.paragraphCells[0]).toBe('正文!A4');
    expect(read.paragraphCells).toHaveLength(read.report.narrative!.split('\n\n').length);
    expect(read.addresses.get('主动公开信息总数')).toBe('数据!B4');
    expect(read.addresses.get('info.year')).toBe('基本信息!B5');
    const t = read.report;
    t.values!['扶贫救灾类'] = 19;
    const issues = checkReport(t, { addresses: read.addresses, paragraphCells: read.paragraphCells });
    expect(issues.map((i) => [i.rule, i.cells])).toEqual([['VALUE_BREAKDOWN', ['数据!B4', '数据!B5', '数据!B6', '数据!B7', '数据!B8', '数据!B9', '数据!B10']]]);
  });

  it('reads a narrative cell holding several pasted paragraphs as several paragraphs', async () => {
    const { workbook } = await workbookOf(sample());
    workbook.getWorksheet('正文')!.getCell('A4').value = '标题\n\n第二段';
    const read = await readReport(await reopen(workbook));
    expect(read.report.narrative!.startsWith('标题\n\n第二段\n\n')).toBe(true);
    expect(read.paragraphCells.slice(0, 3)).toEqual(['正文!A4', '正文!A4', '正文!A5']);
  });

  it('writes data validation, borders, merges and A4 print setup into the file', async () => {
    const workbook = await reopen((await workbookOf(sample())).workbook);
    const sheet = workbook.workbook.getWorksheet('表三')!;
    expect(sheet.getCell('D7').dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(sheet.getCell('D7').border.top).toMatchObject({ style: 'thin' });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1 });
    expect((sheet.model as unknown as { merges: string[] }).merges).toEqual(expect.arrayContaining(['A4:C6', 'A9:A30']));
    const fee = workbook.workbook.getWorksheet('表二')!.getCell(workbook.workbook.definedNames.getRanges('table2.fees.amount').ranges[0].split('!')[1].replace(/\$/g, ''));
    expect(fee.dataValidation).toMatchObject({ type: 'decimal' });
  });

  it('finds cells through their names, so rows inserted above the table still read right', async () => {
    const { workbook } = await workbookOf(mutate('table3', 'carriedForward', 'total', 5));
    const t3 = workbook.getWorksheet('表三')!;
    t3.spliceRows(3, 0, [], []); // two rows inserted above the header
    const read = await readReport(await reopen(workbook));
    expect(read.addresses.get('table3.newRequests.total')).toBe('表三!J9');
    expect(read.report.table3!.carriedForward!.total).toBe(5);
    expect(read.issues).toEqual([]);
    const issues = checkReport(read.report, { addresses: read.addresses });
    expect(issues.find((i) => i.rule === 'T3_ROW_TOTAL')!.cells).toContain('表三!J33');
  });

  it('keeps what the user typed when the plan is applied again (repair, not overwrite)', async () => {
    const workbook = await workbookOf(sample());
    const t3 = workbook.workbook.getWorksheet('表三')!;
    t3.getCell('D7').value = 7;
    t3.getCell('C11').value = '被改掉的标签';
    await applyPlan(workbook, buildPlan({}), true);
    expect(t3.getCell('D7').value).toBe(7);
    expect(t3.getCell('C11').value).toBe('1.属于国家秘密');
    expect(t3.getCell('A9').value).toBe('三、本年度办理结果');
  });

  it('reports a deleted sheet once, without a blank-cell issue for each of its cells', async () => {
    const { workbook } = await workbookOf(sample());
    workbook.removeWorksheet(workbook.getWorksheet('表三')!.id);
    const read = await readReport(await reopen(workbook));
    expect(brief(read.issues)).toEqual(['WORKBOOK_STRUCTURE error table3 - -']);
    expect(read.issues[0].message).toContain('找不到工作表“表三”');
    expect(read.unreadable.size).toBe(175);
    const issues = checkReport(read.report, { addresses: read.addresses, unreadable: read.unreadable, readIssues: read.issues });
    expect(brief(issues)).toEqual(['WORKBOOK_STRUCTURE error table3 - -']);
  });

  it('reports a deleted defined name by name and the cell it stood for', async () => {
    const { workbook } = await workbookOf(sample());
    const ranges = workbook.definedNames.getRanges('table3.granted.total').ranges;
    workbook.definedNames.remove(ranges[0], 'table3.granted.total');
    const read = await readReport(await reopen(workbook));
    expect(brief(read.issues)).toEqual(['WORKBOOK_STRUCTURE error table3 - -']);
    expect(read.issues[0].message).toBe(
      '名称 “table3.granted.total” 已被删除，无法找到对应的表三单元格（（一）予以公开·总计）；请在加载项中点“创建模板”修复名称',
    );
  });

  it('reports a name whose reference Excel turned into #REF! (its sheet or row deleted)', async () => {
    const { workbook } = await workbookOf(sample());
    const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    const broken = xml.replace(/(<definedName name="table4\.review\.total">)[^<]*/, '$1#REF!$E$7');
    expect(broken).not.toBe(xml);
    zip.file('xl/workbook.xml', broken);
    const again = new ExcelJS.Workbook();
    await again.xlsx.load((await zip.generateAsync({ type: 'arraybuffer' })) as never);
    const read = await readReport(new ExcelJsWorkbook(again));
    expect(brief(read.issues)).toEqual(['WORKBOOK_STRUCTURE error table4 - -']);
    expect(read.issues[0].message).toMatch(/^名称 “table4\.review\.total” 的引用已失效（#REF!/);
  });

  it('reports text typed over a row label, naming the cell', async () => {
    const { workbook } = await workbookOf(sample());
    workbook.getWorksheet('表三')!.getCell('C11').value = '国家秘密事项';
    workbook.getWorksheet('表二')!.getCell('A7').value = '规范性文件';
    const read = await readReport(await reopen(workbook));
    expect(brief(read.issues)).toEqual(['WORKBOOK_LABEL error table2 normativeDocuments -', 'WORKBOOK_LABEL error table3 withheldStateSecret -']);
    expect(read.issues[1].cells).toEqual(['表三!C11']);
    expect(read.issues[1].message).toBe('表三!C11 的行标签应为“1.属于国家秘密”，现为“国家秘密事项”；请恢复官方标签，并确认这一行的数字填在了正确的行');
  });

  it('accepts labels retyped loosely (half-width brackets, spaces)', async () => {
    const { workbook } = await workbookOf(sample());
    workbook.getWorksheet('表三')!.getCell('B10').value = '(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)';
    const read = await readReport(await reopen(workbook));
    expect(read.issues).toEqual([]);
  });

  it('reads formulas by their results, rich text as text, errors as their code', async () => {
    const { workbook } = await workbookOf(sample());
    const t3 = workbook.getWorksheet('表三')!;
    t3.getCell('J7').value = { formula: 'SUM(D7:I7)', result: 1 } as ExcelJS.CellFormulaValue;
    t3.getCell('D8').value = { richText: [{ text: '0' }] };
    t3.getCell('E8').value = { error: '#REF!' } as ExcelJS.CellErrorValue;
    t3.getCell('F8').value = { formula: 'SUM(A1:A2)' } as ExcelJS.CellFormulaValue;
    const read = await readReport(await reopen(workbook));
    const row = read.report.table3!.carriedOver!;
    expect(read.report.table3!.newRequests!.total).toBe(1);
    expect([row.naturalPerson, row.commercial, row.research]).toEqual(['0', '#REF!', '=SUM(A1:A2)']);
  });

  it('refuses a workbook without any of its names as not a report workbook', async () => {
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = '随便什么';
    await expect(readReport(await reopen(plain))).rejects.toBeInstanceOf(NotAReportWorkbook);
    expect(() => interpretSnapshot({ sheets: [], names: [] })).toThrow(/无法识别为年报工作簿/);
  });
});

describe('references', () => {
  it.each([
    ["'表三'!$J$7", { sheet: '表三', row: 7, col: 10 }],
    ['=表三!$J$7', { sheet: '表三', row: 7, col: 10 }],
    ["'It''s'!$A$1:$B$2", { sheet: "It's", row: 1, col: 1 }],
  ])('parses %s', (text, ref) => expect(parseReference(text)).toEqual(ref));
  it.each(['#REF!', '表三!#REF!', "'#REF'!$J$7", '=#REF!$J$7', 'SUM(A1)'])('treats %s as broken', (text) => expect(parseReference(text)).toBeNull());
  it.each(['A1', 'XFD1', 'R1C1', 'C', 'r', '1abc', 'a b'])('rejects %s as a defined name', (name) => expect(isValidName(name)).toBe(false));
  it.each(['table3.newRequests.total', '主动公开信息总数', 'info.year', '_x'])('accepts %s as a defined name', (name) => expect(isValidName(name)).toBe(true));
});

describe('describeCells', () => {
  it('names a rectangle as a range and anything else by its first cell and count', () => {
    expect(describeCells([])).toBe('');
    expect(describeCells(['表三!J7'])).toBe('表三!J7');
    expect(describeCells(['表三!D7', '表三!E7', '表三!F7', '表三!G7', '表三!H7', '表三!I7', '表三!J7'])).toBe('表三!D7:J7');
    expect(describeCells(['表三!J7', '表三!J8', '表三!J30', '表三!J31'])).toBe('表三!J7 等 4 格');
    expect(describeCells(['表三!J7', '表四!J7'])).toBe('表三!J7 等 2 格');
  });
});

/**
 * README: “与官方措辞只差一点的行标签（错字、少字）给出警告；完全不同的标签是错误”.
 * A near miss must be neither accepted silently nor treated as a different row.
 */
import ExcelJS from 'exceljs';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs';
import { buildPlan } from '../../src/workbook/layout';
import { applyPlan, checkRead, readReport } from '../../src/workbook/port';
import { styles, workbookOf as styleWorkbook } from '../corpus/styles';
import { brief, sample } from '../helpers';

/** The nianbao workbook of the sample, with some cells overwritten, saved and opened again. */
async function templateWith(cells: Record<string, Record<string, string>>): Promise<ExcelJsWorkbook> {
  const port = new ExcelJsWorkbook();
  await applyPlan(port, buildPlan(sample()));
  for (const [sheet, values] of Object.entries(cells)) {
    for (const [address, value] of Object.entries(values)) port.workbook.getWorksheet(sheet)!.getCell(address).value = value;
  }
  const again = new ExcelJS.Workbook();
  await again.xlsx.load(await port.workbook.xlsx.writeBuffer());
  return new ExcelJsWorkbook(again);
}

describe('a row label that nearly matches the official wording (named workbook)', () => {
  it('a typo gives exactly one WORKBOOK_LABEL warning, naming the cell and the official label', async () => {
    const read = await readReport(await templateWith({ 表三: { C12: '2.其他法律行政止公开' } }));
    expect(brief(read.issues)).toEqual(['WORKBOOK_LABEL warning table3 withheldLawProhibited -']);
    expect(read.issues[0].cells).toEqual(['表三!C12']);
    expect(read.issues[0].message).toBe(
      '表三!C12 的行标签与官方措辞不同：应为“2.其他法律行政法规禁止公开”，现为“2.其他法律行政止公开”；发布的报告以官方措辞为准',
    );
  });

  it('a missing word gives a warning too', async () => {
    const read = await readReport(await templateWith({ 表三: { C14: '4.保护第三方权益' } }));
    expect(brief(read.issues)).toEqual(['WORKBOOK_LABEL warning table3 withheldThirdParty -']);
    expect(read.issues[0].message).toMatch(/^表三!C14 的行标签与官方措辞不同：应为“4\.保护第三方合法权益”/);
  });

  it('a label that is not the official one at all is an error, and the exact label is no issue', async () => {
    const wrong = await readReport(await templateWith({ 表三: { C12: '国家秘密事项' } }));
    expect(brief(wrong.issues)).toEqual(['WORKBOOK_LABEL error table3 withheldLawProhibited -']);
    const exact = await readReport(await templateWith({ 表三: { C12: '2.其他法律行政法规禁止公开' } }));
    expect(exact.issues).toEqual([]);
  });

  it('the warning does not stop the report from being read or checked', async () => {
    const read = await readReport(await templateWith({ 表三: { C12: '2.其他法律行政止公开' } }));
    expect(read.report.table3).toEqual(sample().table3);
    expect(checkRead(read).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('a recognized workbook with the typo found in published reports', () => {
  it('reads the row and warns about its label', async () => {
    const published = styles(sample()).find((s) => s.sheets.some((sheet) => sheet.rows.some((row) => row.includes('2.其他法律行政止公开'))))!;
    expect(published).toBeDefined();
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(await styleWorkbook(published).xlsx.writeBuffer());
    const read = await readReport(new ExcelJsWorkbook(again));
    expect(read.recognized).toBeDefined();
    expect(read.report.table3!.withheldLawProhibited).toEqual(sample().table3!.withheldLawProhibited);
    const labels = read.issues.filter((i) => i.rule === 'WORKBOOK_LABEL');
    expect(brief(labels)).toContain('WORKBOOK_LABEL warning table3 withheldLawProhibited -');
    const typo = labels.find((i) => i.row === 'withheldLawProhibited')!;
    expect(typo.message).toMatch(/的行标签与官方措辞不同：应为“2\.其他法律行政法规禁止公开”，现为“2\.其他法律行政止公开”/);
  });
});

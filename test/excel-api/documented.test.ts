/**
 * The fake Excel host is as strict as the Office.js documentation (test/fake-excel/documented.ts):
 * every member the add-in uses has a row; each row's requirement set is enforced (missing below
 * it, present from it); each documented failure or limit has a test here that fails if the fake
 * becomes lenient again.
 */
import { DOCUMENTED, GET_CELL_LIMIT, PAYLOAD_LIMIT_BYTES } from '../fake-excel/documented';
import { createFakeHost, excelAcceptsName, FakeContext } from '../fake-excel/api';
import { FakeWorkbookModel } from '../fake-excel/model';
import fc from 'fast-check';
import { isValidName } from '../../src/workbook/address';
import { usedExcelMembers } from './members';

const VERSIONS = Array.from({ length: 18 }, (_, i) => `1.${i + 1}`);

function below(set: string): string {
  const version = set.split(' ')[1];
  return VERSIONS[VERSIONS.indexOf(version) - 1];
}

function workbook(apiVersion = '1.18'): { model: FakeWorkbookModel; ctx: FakeContext } {
  const model = new FakeWorkbookModel();
  model.addSheet('S');
  model.addSheet('T');
  model.type('S', 'A1', 1);
  model.names.set('n', { name: 'n', formula: '=S!$A$1', comment: '', visible: true });
  return { model, ctx: new FakeContext(model, apiVersion) };
}

/** An object of each proxied kind, to look a member up on. */
const FACTORIES: Record<string, (ctx: FakeContext) => object> = {
  WorksheetCollection: (ctx) => ctx.workbook.worksheets,
  Worksheet: (ctx) => ctx.workbook.worksheets.getItem('S'),
  Range: (ctx) => ctx.workbook.worksheets.getItem('S').getRange('A1:B2'),
  RangeFormat: (ctx) => ctx.workbook.worksheets.getItem('S').getRange('A1').format,
  RangeFill: (ctx) => ctx.workbook.worksheets.getItem('S').getRange('A1').format.fill,
  RangeFont: (ctx) => ctx.workbook.worksheets.getItem('S').getRange('A1').format.font,
  NamedItemCollection: (ctx) => ctx.workbook.names,
  NamedItem: (ctx) => ctx.workbook.names.getItem('n'),
};

/** Rows whose members are reached only through another member that carries their set. */
const REACHED_THROUGH: Record<string, string> = {
  PageLayout: 'Worksheet.pageLayout',
  DataValidation: 'Range.dataValidation',
  WorksheetFreezePanes: 'Worksheet.freezePanes',
  CellPropertiesFormat: 'Range.getCellProperties',
  CellPropertiesFill: 'Range.getCellProperties',
  SettableCellProperties: 'Range.getCellProperties',
  RangeAreas: 'Worksheet.getRanges',
  WorksheetChangedEventArgs: 'Worksheet.onChanged',
};

async function failure(ctx: FakeContext): Promise<string | null> {
  try {
    await ctx.sync();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('every Excel member the add-in uses is documented beside the fake', () => {
  const used = usedExcelMembers();

  it('finds the members with the TypeScript compiler', () => {
    expect(used.map((m) => m.member)).toEqual(expect.arrayContaining(['Worksheet.delete', 'Range.values', 'NamedItemCollection.add', 'ClientRequestContext.sync']));
  });

  it.each(used.map((m) => [m.member, m]))('%s has a row, with the set the office-js types give', (_name, m) => {
    const row = DOCUMENTED[m.member];
    expect(row).toBeDefined();
    if (m.set) expect(row.set).toBe(m.set);
    expect(row.page).toMatch(/^https:\/\/(learn|support)\.microsoft\.com\//);
  });
});

describe('requirement sets: a member is missing below its set and present from it', () => {
  const gated = Object.entries(DOCUMENTED).filter(([member, row]) => row.set !== '' && row.set !== 'ExcelApi 1.1' && FACTORIES[member.split('.')[0]]);
  it.each(gated.map(([member, row]) => [member, row.set]))('%s (%s)', (member, set) => {
    const [kind, prop] = member.split('.');
    const older = FACTORIES[kind](workbook(below(set)).ctx);
    expect(prop in older).toBe(false);
    const current = FACTORIES[kind](workbook(set.split(' ')[1]).ctx);
    expect(prop in current).toBe(true);
  });

  it.each(Object.entries(REACHED_THROUGH))('%s members are reached only through %s, which carries their set', (kind, through) => {
    const rows = Object.entries(DOCUMENTED).filter(([m]) => m.startsWith(`${kind}.`));
    expect(rows.length).toBeGreaterThan(0);
    for (const [, row] of rows) expect(versionOf(row.set)).toBeGreaterThanOrEqual(versionOf(DOCUMENTED[through].set));
  });

  it('Excel.createWorkbook needs ExcelApi 1.8', async () => {
    await expect(createFakeHost(new FakeWorkbookModel(), '1.7').createWorkbook('UEs=')).rejects.toMatchObject({ code: 'ApiNotFound' });
    await expect(createFakeHost(new FakeWorkbookModel(), '1.8').createWorkbook('UEs=')).resolves.toBeUndefined();
  });

  it('every gated row can be checked: it has a factory, or is reached through a member that carries its set, or is host-level', () => {
    for (const [member, row] of Object.entries(DOCUMENTED)) {
      if (row.set === '' || row.set === 'ExcelApi 1.1') continue;
      const kind = member.split('.')[0];
      expect([member, Boolean(FACTORIES[kind] || REACHED_THROUGH[kind] || kind === 'Excel')]).toEqual([member, true]);
    }
  });
});

function versionOf(set: string): number {
  if (!set) return 0;
  const [major, minor] = set.split(' ')[1].split('.').map(Number);
  return major * 100 + minor;
}

/** One test per documented failure or limit (keyed by member; every row with `limits` must have one). */
const LIMIT_TESTS: Record<string, () => Promise<void>> = {
  'ClientObject.isNullObject': async () => {
    const { ctx } = workbook();
    const missing = ctx.workbook.worksheets.getItemOrNullObject('nope');
    expect(() => missing.isNullObject).toThrow(/not available/);
    missing.getRange('A1');
    expect(await failure(ctx)).toBe('InvalidObjectPath');
    const present = ctx.workbook.worksheets.getItemOrNullObject('S');
    present.getRange('A1');
    expect(await failure(ctx)).toBeNull();
  },
  'ClientRequestContext.sync': async () => {
    const { model, ctx } = workbook();
    const sheet = model.sheet('S')!;
    const text = 'x'.repeat(1000);
    for (let r = 1; r <= 6000; r++) sheet.cell(r, 1).value = text;
    ctx.workbook.worksheets.getItem('S').getRange('A1:A6000').load('values');
    expect(await failure(ctx)).toBe('ResponsePayloadSizeLimitExceeded');
    ctx.workbook.worksheets.getItem('S').getRange('A1:A4000').load('values');
    expect(await failure(ctx)).toBeNull();
    ctx.workbook.worksheets.getItem('T').getRange('A1:A6000').values = Array.from({ length: 6000 }, () => [text]);
    expect(await failure(ctx)).toBe('RequestPayloadSizeLimitExceeded');
    expect(model.largestPayload).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
    ctx.workbook.worksheets.getItem('nope');
    ctx.workbook.names.getItem('nope');
    expect(await failure(ctx)).toBe('ItemNotFound');
  },
  'ClientResult.value': async () => {
    const { ctx } = workbook();
    const result = ctx.workbook.worksheets.getItem('S').getRange('A1').getCellProperties({ format: { fill: { color: true } } });
    expect(() => result.value).toThrow(/not available/);
    await ctx.sync();
    expect(result.value[0][0]).toMatchObject({ format: { fill: { pattern: 'None' } } });
  },
  'Excel.createWorkbook': async () => {
    await expect(createFakeHost(new FakeWorkbookModel(), '1.7').createWorkbook('UEs=')).rejects.toMatchObject({ code: 'ApiNotFound' });
  },
  'WorksheetCollection.getItem': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItem('nope');
    expect(await failure(ctx)).toBe('ItemNotFound');
  },
  'WorksheetCollection.getItemOrNullObject': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItemOrNullObject('nope').getUsedRangeOrNullObject(true);
    expect(await failure(ctx)).toBe('InvalidObjectPath');
  },
  'WorksheetCollection.add': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.add('s');
    expect(await failure(ctx)).toBe('ItemAlreadyExists');
    for (const bad of ['a/b', 'a:b', '[x]', 'x'.repeat(32), "'quoted", ' ']) {
      ctx.workbook.worksheets.add(bad);
      expect([bad, await failure(ctx)]).toEqual([bad, 'InvalidArgument']);
    }
    ctx.workbook.worksheets.add('x'.repeat(31));
    expect(await failure(ctx)).toBeNull();
  },
  'Worksheet.visibility': async () => {
    const { model, ctx } = workbook();
    model.sheet('T')!.visibility = 'Hidden';
    ctx.workbook.worksheets.getItem('S').visibility = 'Hidden';
    expect(await failure(ctx)).toBe('InvalidOperation');
    expect(model.sheet('S')!.visibility).toBe('Visible');
  },
  'Worksheet.delete': async () => {
    const { model, ctx } = workbook();
    model.sheet('T')!.visibility = 'VeryHidden';
    ctx.workbook.worksheets.getItem('T').delete();
    expect(await failure(ctx)).toBe('InvalidOperation');
    expect(model.sheet('T')).toBeDefined();
    ctx.workbook.worksheets.getItem('S').delete(); // the last visible sheet
    expect(await failure(ctx)).toBe('InvalidOperation');
    const t = ctx.workbook.worksheets.getItem('T');
    t.visibility = 'Hidden';
    t.delete();
    expect(await failure(ctx)).toBeNull();
    expect(model.sheet('T')).toBeUndefined();
  },
  'Worksheet.activate': async () => {
    const { model, ctx } = workbook();
    model.sheet('T')!.visibility = 'Hidden';
    ctx.workbook.worksheets.getItem('T').activate();
    expect(await failure(ctx)).toBe('InvalidOperation');
  },
  'Worksheet.getRange': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItem('S').getRange('not a range');
    expect(await failure(ctx)).toBe('InvalidArgument');
  },
  'Worksheet.getUsedRangeOrNullObject': async () => {
    const { ctx } = workbook();
    const blank = ctx.workbook.worksheets.getItem('T').getUsedRangeOrNullObject(true);
    blank.load('address');
    await ctx.sync();
    expect(blank.isNullObject).toBe(true);
  },
  'Worksheet.onChanged': async () => {
    const { model } = workbook();
    const host = createFakeHost(model);
    const seen: string[] = [];
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').onChanged.add(async (event) => void seen.push(`${event.source}:${event.address}`));
      await ctx.sync();
    });
    model.userEdit('S', 'B2', 5);
    await host.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('C3').values = [[1]];
      await ctx.sync();
    });
    await host.settle();
    expect(seen).toEqual(['Local:B2', 'Local:C3']);
  },
  'PageLayout.zoom': async () => {
    const { model, ctx } = workbook();
    model.refusedPageLayout = ['zoom'];
    ctx.workbook.worksheets.getItem('S').pageLayout.zoom = { horizontalFitToPages: 1 };
    expect(await failure(ctx)).toBe('InvalidArgument');
  },
  'Range.load': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItem('S').getRange('A:E').load('values'); // 5 × 1,048,576 cells
    expect(await failure(ctx)).toBe('ResponsePayloadSizeLimitExceeded');
    ctx.workbook.worksheets.getItem('S').getRange('A:E').load('address');
    expect(await failure(ctx)).toBeNull();
    expect(GET_CELL_LIMIT).toBe(5_000_000);
  },
  'Range.values': async () => {
    const { model, ctx } = workbook();
    ctx.workbook.worksheets.getItem('S').getRange('A1:B2').values = [[1, 2]];
    expect(await failure(ctx)).toBe('InvalidArgument');
    model.sheet('S')!.merges.push({ r1: 1, c1: 1, r2: 1, c2: 2 });
    ctx.workbook.worksheets.getItem('S').getRange('B1').values = [[3]];
    expect(await failure(ctx)).toBe('InvalidOperation');
    ctx.workbook.worksheets.getItem('S').getRange('A1:Z200000').load('values');
    expect(await failure(ctx)).toBe('ResponsePayloadSizeLimitExceeded');
  },
  'Range.numberFormat': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItem('S').getRange('A:F').load('numberFormat');
    expect(await failure(ctx)).toBe('ResponsePayloadSizeLimitExceeded');
  },
  'Range.merge': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItem('S').getRange('A1:B1').merge();
    ctx.workbook.worksheets.getItem('S').getRange('B1:C1').merge();
    expect(await failure(ctx)).toBe('InvalidOperation');
  },
  'Range.select': async () => {
    const { model, ctx } = workbook();
    model.sheet('T')!.visibility = 'VeryHidden';
    ctx.workbook.worksheets.getItem('T').getRange('A1').select();
    expect(await failure(ctx)).toBe('InvalidOperation');
  },
  'Range.getUsedRangeOrNullObject': async () => {
    const { ctx } = workbook();
    const none = ctx.workbook.worksheets.getItem('S').getRange('C3:D4').getUsedRangeOrNullObject(true);
    const some = ctx.workbook.worksheets.getItem('S').getRange('A1:D4').getUsedRangeOrNullObject(true);
    some.load('address');
    none.load('address');
    await ctx.sync();
    expect([none.isNullObject, some.isNullObject, some.address]).toEqual([true, false, 'S!A1']);
  },
  'Range.getCellProperties': async () => {
    const { ctx } = workbook();
    ctx.workbook.worksheets.getItem('S').getRange('A:E').getCellProperties({ format: { fill: { color: true } } });
    expect(await failure(ctx)).toBe('ResponsePayloadSizeLimitExceeded');
  },
  'RangeFill.color': async () => {
    const { ctx } = workbook();
    const fill = ctx.workbook.worksheets.getItem('S').getRange('A1').format.fill.load('color');
    await ctx.sync();
    expect(fill.color).toBe('#FFFFFF');
  },
  'RangeBorderCollection.getItem': async () => {
    const { ctx } = workbook();
    const ws = ctx.workbook.worksheets.getItem('S');
    ws.getRange('A1:C1').format.borders.getItem('InsideHorizontal').style = 'Continuous';
    expect(await failure(ctx)).toBe('InvalidArgument');
    ws.getRange('A1:A3').format.borders.getItem('InsideVertical').style = 'Continuous';
    expect(await failure(ctx)).toBe('InvalidArgument');
    ws.getRange('A1:C1').format.borders.getItem('InsideVertical').style = 'Continuous';
    ws.getRange('A1:A3').format.borders.getItem('InsideHorizontal').style = 'Continuous';
    ws.getRange('A1').format.borders.getItem('EdgeTop').style = 'Continuous';
    expect(await failure(ctx)).toBeNull();
  },
  'NamedItemCollection.add': async () => {
    const { ctx } = workbook();
    const target = ctx.workbook.worksheets.getItem('S').getRange('A1');
    for (const bad of ['TRUE', 'false', 'A1', 'xfd1048576', 'R1C1', 'r', 'C', 'R2', 'RC', '1abc', 'a b', 'a\\b', 'x'.repeat(256), '', 'a-b']) {
      ctx.workbook.names.add(bad, target);
      expect([bad, await failure(ctx)]).toEqual([bad, 'InvalidArgument']);
    }
    for (const good of ['table3.newRequests.total', '主动公开信息总数', '_x', '\\x', 'XFE1', 'A1B', 'TRUEx']) {
      ctx.workbook.names.add(good, target);
      expect([good, await failure(ctx)]).toEqual([good, null]);
    }
    ctx.workbook.names.add('N', target);
    expect(await failure(ctx)).toBe('ItemAlreadyExists');
  },
  'NamedItemCollection.getItem': async () => {
    const { ctx } = workbook();
    ctx.workbook.names.getItem('nope');
    expect(await failure(ctx)).toBe('ItemNotFound');
  },
  'NamedItemCollection.getItemOrNullObject': async () => {
    const { ctx } = workbook();
    ctx.workbook.names.getItemOrNullObject('nope').getRangeOrNullObject();
    expect(await failure(ctx)).toBe('InvalidObjectPath');
  },
  'NamedItem.type': async () => {
    const { model, ctx } = workbook();
    model.names.set('broken', { name: 'broken', formula: '=#REF!$A$1', comment: '', visible: true });
    const item = ctx.workbook.names.getItem('broken').load('type');
    await ctx.sync();
    expect(item.type).toBe('Error');
  },
  'NamedItem.getRangeOrNullObject': async () => {
    const { model, ctx } = workbook();
    model.names.set('constant', { name: 'constant', formula: '=42', comment: '', visible: true });
    const range = ctx.workbook.names.getItem('constant').getRangeOrNullObject();
    await ctx.sync();
    expect(range.isNullObject).toBe(true);
  },
};

describe('documented failures and limits: the fake refuses what Excel refuses', () => {
  it('every row with limits has a test', () => {
    const rows = Object.entries(DOCUMENTED).filter(([, row]) => row.limits && row.limits.length > 0).map(([member]) => member);
    expect(rows.filter((member) => !LIMIT_TESTS[member])).toEqual([]);
  });
  it.each(Object.keys(LIMIT_TESTS))('%s', async (member) => {
    expect(DOCUMENTED[member]?.limits?.length).toBeGreaterThan(0);
    await LIMIT_TESTS[member]();
  });
});

describe("the fake's name rules are Excel's, and src agrees", () => {
  it('accepts what the support page allows and refuses the rest', () => {
    expect(['abc', '_a', '\\a', 'a.b', 'a_1', '数据'].every(excelAcceptsName)).toBe(true);
    expect(['a\\b', 'a b', 'TRUE', 'R1C1', 'c', 'B12'].some(excelAcceptsName)).toBe(false);
  });
  it('every name src/ would add (isValidName) is one Excel accepts', () => {
    const chars = fc.constantFrom(...'aAbRrCcxX19_.\\ 数据表-TRUEFALS'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { minLength: 1, maxLength: 8 }), (parts) => {
        const name = parts.join('');
        return !isValidName(name) || excelAcceptsName(name);
      }),
      { numRuns: 3000 },
    );
    for (const name of ['TRUE', 'false', 'a\\b', 'R1C1', 'rc']) expect([name, isValidName(name)]).toEqual([name, false]);
  });
});

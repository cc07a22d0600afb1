/**
 * Regression corpus of hostile inputs (issue #12): each attack runs the installed CLI in a
 * child process and is held to the limits — it finishes (no hang), within 5 s of CPU
 * and 500 MB of memory, with a Chinese message and no stack trace — and to its specific fix.
 * Needs `npm run build:cli` (lib/).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { ReportData } from '../src/report';
import { sample, SAMPLE_JSON } from './helpers';
import { editPart, editZip, samplePage, workbookBytes, workbookWithCells, workbookWithMerges, workbookWithName, write } from './attacks/build';

const ROOT = path.join(__dirname, '..');
// NIANBAO_ATTACK_BIN runs the corpus against another build (to see each attack fail before its fix).
const BIN = process.env.NIANBAO_ATTACK_BIN ?? path.join(ROOT, 'bin', 'nianbao.js');
const MEASURE = path.join(__dirname, 'attacks', 'measure.js');
const LIMIT = { cpuMs: 5000, rssMb: 500, wallMs: 30000 };
/** openpyxl, where installed (Debian: apt-get install python3-openpyxl), also reads what nianbao writes. */
const PYTHON = '/usr/bin/python3';
const hasOpenpyxl = spawnSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;

interface Run {
  code: number | null;
  out: string;
  err: string;
  cpuMs: number;
  maxRssMb: number;
}

function nianbao(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', MEASURE, BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT.wallMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /\n@@measure (.*)\n/.exec(err);
      const measured = m ? (JSON.parse(m[1]) as { maxRssMb: number; cpuMs: number }) : { maxRssMb: Infinity, cpuMs: Infinity };
      resolve({ code, out, err: err.replace(/\n@@measure .*\n/, ''), ...measured });
    });
  });
}

/** The limits every attack is held to. */
function expectBounded(run: Run): void {
  expect(run.code).not.toBeNull(); // not killed after LIMIT.wallMs: no hang
  expect(run.cpuMs).toBeLessThan(LIMIT.cpuMs);
  expect(run.maxRssMb).toBeLessThan(LIMIT.rssMb);
  const text = run.out + run.err;
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(text).not.toMatch(/Maximum call stack|Cannot use|ENOENT|EISDIR|ENOTDIR|EACCES|TypeError|RangeError/);
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'nianbao-attack-'));
}

function withNarrative(narrative: string, report: ReportData = sample()): ReportData {
  return { ...report, narrative };
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'lib', 'cli', 'bin.js'))) throw new Error('run `npm run build:cli` first');
});

describe('bounded work on small hostile files', () => {
  it('import: colspan="1000000000" and rowspan="100000000" are clamped like a browser', async () => {
    const dir = tempDir();
    const page = samplePage().replace('<td', '<td colspan="1000000000" rowspan="100000000"');
    write(dir, 'span.html', page + `<table><tr><td colspan="1000000000">x</td></tr><tr><td rowspan="100000000">y</td></tr></table>`);
    const run = await nianbao(dir, 'import', 'span.html');
    expectBounded(run);
    expect(run.code).toBe(0); // the clamp keeps the page readable
  });

  it('import: many huge spans stop at the cell limit with a message naming it', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 2000 }, () => '<tr><td colspan="1000">1</td></tr>').join('');
    write(dir, 'wide.html', `<table>${rows}</table>`);
    const run = await nianbao(dir, 'import', 'wide.html');
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.err).toContain('超过 1000000 个单元格');
  });

  it('import: 100,000 nested elements, unclosed tags and deep tables neither overflow nor hang', async () => {
    const dir = tempDir();
    write(dir, 'deep.html', '<div>'.repeat(100_000) + samplePage() + '</div>'.repeat(100_000));
    const deep = await nianbao(dir, 'import', 'deep.html');
    expectBounded(deep);
    expect(deep.code).toBe(0);
    write(dir, 'unclosed.html', '<table><tr><td>'.repeat(30_000) + '<div><b>'.repeat(50_000));
    const unclosed = await nianbao(dir, 'import', 'unclosed.html');
    expectBounded(unclosed);
    expect(unclosed.code).toBe(2);
    expect(unclosed.err).toContain('没有找到表二、表三、表四');
  });

  it('check: a defined name over $A$1:$XFD$1048576 is clipped to the used range', async () => {
    const dir = tempDir();
    write(dir, 'name.xlsx', await workbookWithName("'表三'!$A$1:$XFD$1048576"));
    const run = await nianbao(dir, 'check', 'name.xlsx');
    expectBounded(run);
    expect(run.code).toBe(0);
    expect(run.out).toContain('全部通过');
  });

  it('check and convert: 20,000 merged ranges are refused quickly, naming the limit', async () => {
    const dir = tempDir();
    write(dir, 'merges.xlsx', await workbookWithMerges(20_000));
    for (const args of [['check', 'merges.xlsx'], ['convert', 'merges.xlsx', '-o', 'new.xlsx']]) {
      const run = await nianbao(dir, ...args);
      expectBounded(run);
      expect(run.code).toBe(2);
      expect(run.out + run.err).toContain('合并区域（上限 5000 个）');
    }
  });

  it('check: a small archive that unpacks past 5 MB is refused before it is parsed', async () => {
    const dir = tempDir();
    const bomb = await editZip(await workbookBytes(), async (zip) => {
      await editPart(zip, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('<sheetData>', `<sheetData>${' '.repeat(70 * 1024 * 1024)}`));
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    write(dir, 'bomb.xlsx', bomb);
    const run = await nianbao(dir, 'check', 'bomb.xlsx');
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.out).toContain('上限 5 MB');
  });

  it('check: the largest workbook within the limits (≈ 170,000 cells, < 1 MB) stays within 5 s and 500 MB', async () => {
    const dir = tempDir();
    const big = await workbookWithCells(170_000);
    expect(big.length).toBeLessThan(1024 * 1024);
    write(dir, 'big.xlsx', big);
    const run = await nianbao(dir, 'check', 'big.xlsx');
    expectBounded(run);
    expect(run.code).toBe(0);
    const over = await workbookWithCells(400_000);
    write(dir, 'over.xlsx', over);
    const refused = await nianbao(dir, 'check', 'over.xlsx');
    expectBounded(refused);
    expect(refused.out).toMatch(/上限 (5 MB|200000 个)/);
  });

  it('check: text longer than a cell can hold is one clear error for that file', async () => {
    const dir = tempDir();
    write(dir, 'long.json', { ...sample(), values: { ...sample().values, 长文本: '字'.repeat(40_000) } });
    const check = await nianbao(dir, 'check', 'long.json', SAMPLE_JSON);
    expectBounded(check);
    expect(check.code).toBe(2);
    expect(check.out).toContain('一个单元格最多 32767 个');
    expect(check.out).toContain('✓ 全部通过');
  });

  it('check: "{{" followed by 5,000 ideographic spaces is linear', async () => {
    const dir = tempDir();
    write(dir, 'spaces.json', withNarrative(`一、总体情况\n\n{{${'\u3000'.repeat(5000)}x`));
    const run = await nianbao(dir, 'check', 'spaces.json');
    expectBounded(run);
    expect(run.code).not.toBeNull();
  });

  it('check: previousYear "/dev/stdin" or a named pipe is refused at once, the batch goes on', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    write(dir, 'stdin.json', { ...sample(), previousYear: '/dev/stdin' });
    write(dir, 'fifo.json', { ...sample(), previousYear: 'pipe.json' });
    const run = await nianbao(dir, 'check', 'stdin.json', 'fifo.json', 'pipe.json', SAMPLE_JSON);
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.out).toContain('不是普通文件');
    expect(run.out).toContain('共检查 4 个文件');
    expect(run.out).toContain('✓ 全部通过');
  });
});

describe('one bad file never stops a batch', () => {
  it('"info": null, a string or a list, with {{info.phone}}: that file\'s error, the others checked', async () => {
    const dir = tempDir();
    write(dir, 'a.json', sample());
    write(dir, 'null.json', withNarrative('联系电话：{{info.phone}}', { ...sample(), info: null as never }));
    write(dir, 'string.json', withNarrative('联系电话：{{info.phone}}', { ...sample(), info: '0955' as never }));
    write(dir, 'c.json', sample());
    const run = await nianbao(dir, 'check', '--json', 'a.json', 'null.json', 'string.json', 'c.json');
    expectBounded(run);
    const reports = (JSON.parse(run.out) as { reports: { file: string; error?: string }[] }).reports;
    expect(reports.map((r) => r.file)).toEqual(['a.json', 'null.json', 'string.json', 'c.json']);
    expect(reports[0].error).toBeUndefined();
    expect(reports[2].error).toContain('“info”（基本信息）应为一个对象');
    expect(reports[3].error).toBeUndefined();
  });

  it('init with "previousYear": null works; with a number it is a clear error', async () => {
    const dir = tempDir();
    write(dir, 'null.json', { ...sample(), previousYear: null });
    const ok = await nianbao(dir, 'init', '--data', 'null.json', '-o', 'x.xlsx');
    expectBounded(ok);
    expect(ok.code).toBe(0);
    write(dir, 'number.json', { ...sample(), previousYear: 2022 });
    const bad = await nianbao(dir, 'init', '--data', 'number.json', '-o', 'y.xlsx');
    expectBounded(bad);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('“previousYear”（上年报告）应为');
  });
});

describe('only strings and numbers reach a cell', () => {
  it('objects in year, info and previousYear.year are refused by check and init', async () => {
    const dir = tempDir();
    const attacks: Record<string, ReportData> = {
      'year.json': { ...sample(), year: { formula: 'WEBSERVICE("http://example.invalid")' } as never },
      'info.json': { ...sample(), info: { phone: { text: '点击', hyperlink: 'http://example.invalid' } } as never },
      'previous.json': { ...sample(), previousYear: { ...sample(), year: { formula: 'cmd|\' /C calc\'!A0' } as never } },
    };
    for (const [name, report] of Object.entries(attacks)) {
      write(dir, name, report);
      const check = await nianbao(dir, 'check', name);
      expectBounded(check);
      expect(check.code).toBe(2);
      expect(check.out).toMatch(/应为(数字|文本|一个对象)/);
      const init = await nianbao(dir, 'init', '--data', name, '-o', `${name}.xlsx`);
      expect(init.code).toBe(2);
      expect(existsSync(path.join(dir, `${name}.xlsx`))).toBe(false);
    }
  });

  it('an object in a table cell is written as its text, never as a formula or a link', async () => {
    const dir = tempDir();
    const report = sample();
    report.table3!.newRequests!.naturalPerson = { formula: 'WEBSERVICE("http://example.invalid")' } as never;
    write(dir, 'cell.json', report);
    const init = await nianbao(dir, 'init', '--data', 'cell.json', '-o', 'x.xlsx');
    expect(init.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'x.xlsx'));
    const cell = workbook.getWorksheet('表三')!.getCell('D7');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(String(cell.value)).toContain('WEBSERVICE');
  });

  it('{{info.constructor}} is an unknown name, not Object\'s constructor', async () => {
    const dir = tempDir();
    write(dir, 'ctor.json', withNarrative(`${sample().narrative}\n\n机关：{{info.constructor}}{{info.__proto__}}`, { ...sample(), info: { phone: '0955-1234567' } }));
    const run = await nianbao(dir, 'export', 'ctor.json', '--draft');
    expectBounded(run);
    expect(run.out).not.toContain('native code');
    expect(run.out).not.toContain('[object Object]');
    const check = await nianbao(dir, 'check', 'ctor.json');
    expect(check.out).toContain('{{info.constructor}} 没有对应的命名单元格');
  });
});

describe('everything written reads back', () => {
  async function partText(file: string, part: string): Promise<string> {
    return (await JSZip.loadAsync(readFileSync(file))).file(part)!.async('string');
  }

  it('U+FFFE, U+FFFF and control characters never reach .xlsx or .docx XML', async () => {
    const dir = tempDir();
    const report = withNarrative(`${sample().narrative}\n\n坏字符：\uFFFE\uFFFF\u0001\u001f\ud800 结束`);
    report.info = { office: '办公室\uFFFF' };
    write(dir, 'bad.json', report);
    expect((await nianbao(dir, 'init', '--data', 'bad.json', '-o', 'x.xlsx')).code).toBe(0);
    expect((await nianbao(dir, 'export', 'bad.json', '--draft', '--docx', 'x.docx')).code).toBe(0);
    for (const [file, part] of [['x.xlsx', 'xl/sharedStrings.xml'], ['x.docx', 'word/document.xml']]) {
      const xml = await partText(path.join(dir, file), part);
      expect(xml).toContain('坏字符');
      expect(xml).not.toMatch(/[\uFFFE\uFFFF\u0001\u001f]/);
      writeFileSync(path.join(dir, 'part.xml'), xml);
      execFileSync('xmllint', ['--noout', path.join(dir, 'part.xml')]); // throws on illegal XML
    }
    const back = await nianbao(dir, 'to-json', 'x.xlsx');
    expect(back.code).toBe(0);
    expect((JSON.parse(back.out) as ReportData).narrative).toContain('坏字符：\uFFFD\uFFFD');
    // CI installs openpyxl (.ci/run): there it must be there.
    if (!hasOpenpyxl && process.env.CI) throw new Error('CI needs python3-openpyxl: .ci/run installs it');
    if (hasOpenpyxl) {
      const script = "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])['正文']; print(any('坏字符' in str(c.value) for c in ws['A']))";
      expect(execFileSync(PYTHON, ['-c', script, path.join(dir, 'x.xlsx')], { encoding: 'utf8' }).trim()).toBe('True');
    }
  });

  const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice && command -v pdftotext'], { encoding: 'utf8' }).status === 0;
  // In CI (CI=true) a missing LibreOffice is a failure, not a skip (.ci/run installs it).
  if (!hasSoffice && process.env.CI) throw new Error('CI needs LibreOffice (soffice) and pdftotext: .ci/run installs them');
  (hasSoffice ? it : it.skip)('LibreOffice opens the .xlsx and .docx written from text with illegal characters', async () => {
    const dir = tempDir();
    write(dir, 'bad.json', withNarrative(`${sample().narrative}\n\n坏字符：\uFFFE\uFFFF\u0001 结束`));
    expect((await nianbao(dir, 'init', '--data', 'bad.json', '-o', 'x.xlsx')).code).toBe(0);
    expect((await nianbao(dir, 'export', 'bad.json', '--draft', '--docx', 'y.docx')).code).toBe(0);
    // LibreOffice opens both: the workbook saved again by it reads back in nianbao; the document renders.
    const profile = `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`;
    mkdirSync(path.join(dir, 'lo'));
    execFileSync('soffice', ['--headless', profile, '--convert-to', 'xlsx', '--outdir', path.join(dir, 'lo'), path.join(dir, 'x.xlsx')], { timeout: 240_000, stdio: 'ignore' });
    execFileSync('soffice', ['--headless', profile, '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'y.docx')], { timeout: 240_000, stdio: 'ignore' });
    const back = await nianbao(dir, 'to-json', path.join('lo', 'x.xlsx'));
    expect((JSON.parse(back.out) as ReportData).narrative).toContain('坏字符');
    expect(execFileSync('pdftotext', ['-raw', path.join(dir, 'y.pdf'), '-'], { encoding: 'utf8' })).toContain('坏字符');
  }, 300_000);

  it('1e400 and a merged sum past 1.7e308 never write <v>Infinity</v>', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'inf.json'), readFileSync(SAMPLE_JSON, 'utf8').replace('"naturalPerson": 1', '"naturalPerson": 1e400'));
    const init = await nianbao(dir, 'init', '--data', 'inf.json', '-o', 'inf.xlsx');
    expect(init.code).toBe(0);
    const big = sample();
    big.table2!.fees!.amount = 1.7e308;
    write(dir, 'a.json', big);
    write(dir, 'b.json', { ...big, agency: '另一个机关' });
    const merge = await nianbao(dir, 'merge', 'a.json', 'b.json', '-o', 'sum.xlsx', '--include-errors');
    expect(merge.code).toBe(0);
    for (const file of ['inf.xlsx', 'sum.xlsx']) {
      const zip = await JSZip.loadAsync(readFileSync(path.join(dir, file)));
      for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
        expect(await zip.file(name)!.async('string')).not.toMatch(/<v>-?Infinity<\/v>|<v>NaN<\/v>/);
      }
      expect((await nianbao(dir, 'check', file)).code).toBe(1); // readable; the bad cell is reported
    }
  });
});

describe('import reads what a browser shows', () => {
  async function importPage(page: string | Buffer): Promise<{ run: Run; report: ReportData | null }> {
    const dir = tempDir();
    write(dir, 'page.html', page);
    const run = await nianbao(dir, 'import', 'page.html');
    return { run, report: run.code === 0 ? (JSON.parse(run.out) as ReportData) : null };
  }

  it('<script>, <style>, <template>, comments and hidden elements inside a cell are not counted', async () => {
    const page = samplePage().replace(/(<td[^>]*>)1(<\/td>)/, '$1<script>1</script><style>2</style><template>3</template><!--4--><span hidden>5</span><span style="display: none">6</span>1$2');
    expect(page).toContain('<script>1</script>');
    const { run, report } = await importPage(page);
    expectBounded(run);
    expect(report?.table3).toEqual(sample().table3);
  });

  it('a page holding two reports is refused with a message', async () => {
    const { run } = await importPage(samplePage() + samplePage());
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.err).toContain('网页中有 2 份年报');
  });

  it('GBK without a charset tag and UTF-16 (with or without BOM) are decoded', async () => {
    const page = samplePage().replace(/<meta[^>]*charset[^>]*>/gi, '');
    const gbk = Buffer.from(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: page }));
    for (const bytes of [gbk, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page, 'utf16le')]), Buffer.from(page, 'utf16le')]) {
      const { run, report } = await importPage(bytes);
      expectBounded(run);
      expect(run.code).toBe(0);
      expect(report?.table3).toEqual(sample().table3);
    }
  });
});

describe('messages say what a file is and what to do', () => {
  it('recognises files by content: missing, folder, .docx, .html, PDF, encrypted and old Office files', async () => {
    const dir = tempDir();
    expect((await nianbao(dir, 'export', SAMPLE_JSON, '--docx', 'report.docx')).code).toBe(0);
    write(dir, 'page.html', samplePage());
    write(dir, 'doc.pdf', '%PDF-1.4\n%…');
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const encrypted = Buffer.from(ole);
    Buffer.from('EncryptionInfo', 'utf16le').copy(encrypted, 1024);
    write(dir, 'locked.xlsx', encrypted);
    write(dir, 'old.xls', ole);
    mkdirSync(path.join(dir, 'folder.xlsx'));
    write(dir, 'file', 'x');
    const run = await nianbao(dir, 'check', 'missing.xlsx', 'folder.xlsx', 'report.docx', 'page.html', 'doc.pdf', 'locked.xlsx', 'old.xls', 'file/x.json', SAMPLE_JSON);
    expectBounded(run);
    expect(run.code).toBe(2);
    const said = (file: string) => run.out.split('\n\n').find((block) => block.startsWith(file)) ?? '';
    expect(said('missing.xlsx')).toContain('文件不存在');
    expect(said('missing.xlsx')).not.toContain('损坏');
    expect(said('folder.xlsx')).toContain('文件夹');
    // A Word report is read as one (the county's desk), not refused.
    expect(said('report.docx')).not.toContain('无法读取');
    expect(said('page.html')).toContain('nianbao import');
    expect(said('doc.pdf')).toContain('PDF');
    expect(said('locked.xlsx')).toContain('打开密码');
    expect(said('old.xls')).toContain('另存为');
    expect(said('file/x.json')).toContain('不是文件夹');
    expect(run.out).toContain('共检查 9 个文件');
  });

  it('a complete workbook from another producer is not called damaged', async () => {
    const dir = tempDir();
    // The package layout of the Open XML SDK: prefixed elements, a sheet part not named sheetN.xml.
    const other = await editZip(await workbookBytes(), async (zip) => {
      const content = (await zip.file('xl/workbook.xml')!.async('string')).replace(/<(\/?)(?!\?)([A-Za-z]+)/g, '<$1x:$2').replace('xmlns=', 'xmlns:x=');
      zip.file('xl/workbook.xml', content);
    });
    write(dir, 'other.xlsx', other);
    const run = await nianbao(dir, 'check', 'other.xlsx');
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.out).toContain('完整的 .xlsx 工作簿');
    expect(run.out).toContain('另存为');
    expect(run.out).not.toContain('损坏');
  });

  it('adopt refuses a workbook with a chart instead of silently dropping it', async () => {
    const dir = tempDir();
    const unnamed = await editZip(await workbookBytes(), async (zip) => {
      await editPart(zip, 'xl/workbook.xml', (xml) => xml.replace(/<definedNames>[\s\S]*<\/definedNames>/, ''));
      zip.file('xl/charts/chart1.xml', '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>');
    });
    write(dir, 'chart.xlsx', unnamed);
    const run = await nianbao(dir, 'adopt', 'chart.xlsx', '-o', 'named.xlsx');
    expectBounded(run);
    expect(run.code).toBe(2);
    expect(run.err).toContain('图表');
    expect(existsSync(path.join(dir, 'named.xlsx'))).toBe(false);
  });

  it('nianbao with no arguments prints the help and exits 2', async () => {
    const run = await nianbao(tempDir());
    expect(run.code).toBe(2);
    expect(run.err).toContain('用法');
  });
});

describe('nothing lost: outputs', () => {
  it('never writes onto an input, even with --force or through a link', async () => {
    const dir = tempDir();
    const bytes = await workbookBytes();
    write(dir, 'x.xlsx', bytes);
    symlinkSync(path.join(dir, 'x.xlsx'), path.join(dir, 'link.xlsx'));
    for (const args of [
      ['convert', 'x.xlsx', '-o', 'x.xlsx', '--force'],
      ['merge', 'x.xlsx', '-o', 'x.xlsx', '--force'],
      ['export', 'x.xlsx', '--html', 'x.xlsx', '--force'],
      ['adopt', 'x.xlsx', '-o', 'link.xlsx', '--force'],
      ['to-json', 'x.xlsx', '-o', 'link.xlsx', '--force'],
    ]) {
      const run = await nianbao(dir, ...args);
      expectBounded(run);
      expect([args.join(' '), run.code]).toEqual([args.join(' '), 2]);
      expect(readFileSync(path.join(dir, 'x.xlsx')).equals(bytes)).toBe(true);
    }
  });

  it('the extension must match the format; a dangling link is not written through', async () => {
    const dir = tempDir();
    symlinkSync(path.join(dir, 'elsewhere.xlsx'), path.join(dir, 'dangling.xlsx'));
    const pdf = await nianbao(dir, 'export', SAMPLE_JSON, '--docx', 'a.pdf');
    expect(pdf.code).toBe(2);
    expect(pdf.err).toContain('.docx 结尾');
    const link = await nianbao(dir, 'init', '-o', 'dangling.xlsx');
    expect(link.code).toBe(2);
    expect(link.err).toContain('符号链接');
    expect(existsSync(path.join(dir, 'elsewhere.xlsx'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['dangling.xlsx']);
  });

  it('all outputs are checked before any is written: --docx new --html existing writes nothing', async () => {
    const dir = tempDir();
    write(dir, 'existing.html', 'old');
    const run = await nianbao(dir, 'export', SAMPLE_JSON, '--docx', 'new.docx', '--html', 'existing.html');
    expect(run.code).toBe(2);
    expect(existsSync(path.join(dir, 'new.docx'))).toBe(false);
    expect(readFileSync(path.join(dir, 'existing.html'), 'utf8')).toBe('old');
  });

  it('merge: the same file twice is refused; two files of one agency are warned about', async () => {
    const dir = tempDir();
    write(dir, 'a.json', sample());
    write(dir, 'b.json', sample());
    const twice = await nianbao(dir, 'merge', 'a.json', './a.json', '-o', 'sum.xlsx');
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('同一个文件给了不止一次');
    expect(existsSync(path.join(dir, 'sum.xlsx'))).toBe(false);
    const same = await nianbao(dir, 'merge', 'a.json', 'b.json', '-o', 'sum.xlsx');
    expect(same.code).toBe(0);
    expect(same.err).toContain('a.json、b.json 是同一机关“海原县西安镇人民政府”的报告');
  });

  it('Ctrl-C (SIGINT) during a merge leaves no partial file and no temporary file', async () => {
    const dir = tempDir();
    const units = Array.from({ length: 40 }, (_, i) => write(dir, `u${i}.json`, { ...sample(), agency: `单位${i}` }));
    write(dir, 'out.xlsx', 'the old file');
    for (const delay of [300, 900, 1500]) {
      const err = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'merge', ...units, '-o', 'out.xlsx', '--force'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
        let text = '';
        child.stderr.on('data', (d: Buffer) => (text += d.toString()));
        setTimeout(() => child.kill('SIGINT'), delay);
        child.on('close', () => resolve(text));
      });
      expect(err).not.toMatch(/\n\s+at /);
      const now = readFileSync(path.join(dir, 'out.xlsx'));
      if (now.toString() !== 'the old file') {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(now as never);
        expect(workbook.getWorksheet('汇总单位')).toBeDefined();
      }
      expect(readdirSync(dir).filter((f) => f.includes('nianbao-tmp'))).toEqual([]);
    }
  });

  it('two concurrent merges to the same new file: exactly one succeeds', async () => {
    const dir = tempDir();
    for (let i = 0; i < 20; i++) write(dir, `u${i}.json`, { ...sample(), agency: `单位${i}` });
    const files = Array.from({ length: 20 }, (_, i) => `u${i}.json`);
    const runs = await Promise.all([nianbao(dir, 'merge', ...files, '-o', 'same.xlsx'), nianbao(dir, 'merge', ...files, '-o', 'same.xlsx')]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    expect(runs.find((r) => r.code === 2)!.err).toContain('已存在');
    expect(readdirSync(dir).filter((f) => f.includes('nianbao-tmp'))).toEqual([]);
  });

  it('a SIGKILL at any moment of `merge -o existing --force` leaves the old file or the complete new one', async () => {
    const dir = tempDir();
    const units = Array.from({ length: 60 }, (_, i) => write(dir, `u${i}.json`, { ...sample(), agency: `单位${i}` }));
    write(dir, 'out.xlsx', 'the old file');
    const old = readFileSync(path.join(dir, 'out.xlsx'));
    // Find how long a whole run takes, then kill runs at moments spread over it.
    const started = Date.now();
    const full = await nianbao(dir, 'merge', ...units, '-o', 'copy.xlsx');
    expect(full.code).toBe(0);
    const duration = Date.now() - started;
    for (const fraction of [0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.97, 1.0]) {
      await new Promise<void>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'merge', ...units, '-o', 'out.xlsx', '--force'], { cwd: dir, stdio: 'ignore' });
        setTimeout(() => child.kill('SIGKILL'), duration * fraction);
        child.on('close', () => resolve());
      });
      const now = readFileSync(path.join(dir, 'out.xlsx'));
      if (!now.equals(old)) {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(now as never); // complete: loads
        expect(workbook.getWorksheet('汇总单位')).toBeDefined();
      }
      expect(lstatSync(path.join(dir, 'out.xlsx')).isFile()).toBe(true);
      expect(statSync(path.join(dir, 'out.xlsx')).size).toBeGreaterThan(0);
    }
  });
});

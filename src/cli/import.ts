/** nianbao import: a report page saved from a government website → a report file. */
import * as path from 'node:path';
import { SEVERITY_LABEL, stringifyReport } from '../report';
import { normalizeLabel } from '../report/labels';
import { describeFound } from '../workbook/finder';
import { HtmlLimitError, decodeHtml, readHtmlPage } from '../workbook/html-grid';
import { interpretSnapshot } from '../workbook/snapshot';
import { EXIT_OK, EXIT_UNREADABLE, InputError, readInputFile, shown, writeOutputs, type CliIO } from './io';
import { readError, sniffFile } from './sources';

/** A row label only Table 3 has, once per report: counting it finds pages holding several reports. */
const ONCE_PER_REPORT = normalizeLabel('本年新收政府信息公开申请数量');

export async function commandImport(file: string, options: { output?: string; force?: boolean }, io: CliIO): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readInputFile(path.resolve(io.cwd, file));
  } catch (error) {
    io.err(`${file}：无法读取：${error instanceof InputError ? error.message : readError(error)}\n`);
    return EXIT_UNREADABLE;
  }
  const sniffed = sniffFile(bytes, file);
  if (sniffed.kind === 'xlsx' || sniffed.kind === 'json' || sniffed.kind === 'docx') {
    const what = sniffed.kind === 'xlsx' ? ' .xlsx 工作簿' : sniffed.kind === 'docx' ? ' Word 文档（.docx）' : '年报数据文件（JSON）';
    io.err(`${file}：这是${what}，不是网页；可直接用于 nianbao check、init --previous 等命令，无需导入。\n`);
    return EXIT_UNREADABLE;
  }
  const binary = (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0xd0 && bytes[1] === 0xcf) || (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44);
  if (binary || bytes.length === 0) {
    io.err(`${file}：${sniffed.message}\n`);
    return EXIT_UNREADABLE;
  }
  let page;
  try {
    page = readHtmlPage(decodeHtml(bytes));
  } catch (error) {
    io.err(`${file}：无法导入：${error instanceof HtmlLimitError ? error.message : readError(error)}\n`);
    return EXIT_UNREADABLE;
  }
  const reports = page.sheets[0].values.flat().filter((v) => typeof v === 'string' && normalizeLabel(v).includes(ONCE_PER_REPORT)).length;
  if (reports > 1) {
    io.err(`${file}：网页中有 ${reports} 份年报的表格（“本年新收政府信息公开申请数量”出现了 ${reports} 次），无法确定导入哪一份；请把每份年报分别保存为一个网页后逐个导入。\n`);
    return EXIT_UNREADABLE;
  }
  let read;
  try {
    read = interpretSnapshot({ sheets: page.sheets, names: [] });
  } catch {
    io.err(`${file}：网页中没有找到表二、表三、表四的表头和行标签，无法导入。请确认这是年报网页（保存为“网页，仅 HTML”）；如网页里的表格是图片，则无法读取。\n`);
    return EXIT_UNREADABLE;
  }
  const heading = /^(.*?)\s*(\d{4})\s*年(?:度)?政府信息公开工作年度报告/.exec(page.title);
  const report = {
    ...read.report,
    ...(heading ? { agency: heading[1].trim(), year: Number(heading[2]) } : {}),
    ...(page.paragraphs.length > 0 ? { narrative: page.paragraphs.join('\n\n') } : {}),
  };
  const text = stringifyReport(report);
  if (options.output) {
    const [output] = await writeOutputs([{ given: options.output, format: 'json', render: () => text }], { cwd: io.cwd, inputs: [file], force: options.force });
    io.out(`已导入：${shown(output.file, io.cwd)}\n`);
  } else {
    io.out(text);
  }
  io.err(`${file}：识别到 ${read.recognized!.tables.map(describeFound).join('；')}\n`);
  for (const issue of read.issues) io.err(`${file}：${SEVERITY_LABEL[issue.severity]}：${issue.message}\n`);
  return EXIT_OK;
}

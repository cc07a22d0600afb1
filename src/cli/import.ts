/** nianbao import: a report page saved from a government website → a report file. */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SEVERITY_LABEL, stringifyReport } from '../report';
import { describeFound } from '../workbook/finder';
import { decodeHtml, htmlGrids, htmlText } from '../workbook/html-grid';
import { interpretSnapshot } from '../workbook/snapshot';
import { EXIT_OK, EXIT_UNREADABLE, ensureWritable, type CliIO } from './io';

export async function commandImport(file: string, options: { output?: string; force?: boolean }, io: CliIO): Promise<number> {
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


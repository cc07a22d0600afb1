/** nianbao export: the report as Word, HTML and text; a draft only when asked. */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { exportDocument, renderHtml, renderText } from '../report/render';
import { checkRead } from '../workbook/port';
import { formatText } from './check';
import { EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, ensureWritable, loadOne, type CliIO } from './io';

export interface ExportOptions {
  docx?: string;
  html?: string;
  text?: string;
  draft?: boolean;
  force?: boolean;
}

export async function commandExport(file: string, options: ExportOptions, io: CliIO): Promise<number> {
  const source = await loadOne(file, io);
  if (!source) return EXIT_UNREADABLE;
  const issues = checkRead(source);
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !options.draft) {
    io.err(formatText([{ file, issues }]));
    io.err(`报告有 ${errors.length} 个错误，未导出。请先改正；如确需导出供内部审阅，加 --draft 导出草稿（标有“草稿”字样）。\n`);
    return EXIT_ERRORS;
  }
  const doc = exportDocument(source.report, issues);
  const targets: [string | undefined, () => Promise<string | Uint8Array>][] = [
    // The Word writer is required only when a .docx is asked for: checking many files starts faster.
    [options.docx, async () => (await import('../report/render/docx')).renderDocx(doc, source.report)],
    [options.html, async () => renderHtml(doc, source.report, { standalone: true })],
    [options.text, async () => renderText(doc, source.report)],
  ];
  if (targets.every(([out]) => out === undefined)) {
    io.out(renderText(doc, source.report));
    return errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
  }
  for (const [out, render] of targets) {
    if (out === undefined) continue;
    const target = path.resolve(io.cwd, out);
    await ensureWritable(target, options.force);
    await writeFile(target, await render());
    io.out(`已导出${doc.draft ? '草稿' : '报告'}：${path.relative(io.cwd, target) || target}\n`);
  }
  return errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
}


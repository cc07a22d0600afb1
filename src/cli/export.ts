/** nianbao export: the report as Word, HTML and text; a draft only when asked. */
import { exportDocument, renderHtml, renderText } from '../report/render';
import { checkRead } from '../workbook/port';
import { formatText } from './check';
import { EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, loadOne, shown, writeOutputs, type CliIO, type OutputFormat } from './io';

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
  const targets: [string | undefined, OutputFormat, () => Promise<string | Uint8Array>][] = [
    // The Word writer is required only when a .docx is asked for: checking many files starts faster.
    [options.docx, 'docx', async () => (await import('../report/render/docx')).renderDocx(doc, source.report)],
    [options.html, 'html', async () => renderHtml(doc, source.report, { standalone: true })],
    [options.text, 'text', async () => renderText(doc, source.report)],
  ];
  if (targets.every(([out]) => out === undefined)) {
    io.out(renderText(doc, source.report));
    return errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
  }
  // Every output checked (extension, not the input, not existing) before any is written.
  const written = await writeOutputs(
    targets.filter(([out]) => out !== undefined).map(([out, format, render]) => ({ given: out!, format, render })),
    { cwd: io.cwd, inputs: [file], force: options.force },
  );
  for (const output of written) io.out(`已导出${doc.draft ? '草稿' : '报告'}：${shown(output.file, io.cwd)}\n`);
  return errors.length > 0 ? EXIT_ERRORS : EXIT_OK;
}

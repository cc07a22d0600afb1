/** nianbao check: many files, text or JSON, exit 0/1/2. */
import * as path from 'node:path';
import { SEVERITY_LABEL, countBySeverity, type Issue } from '../report';
import { describeCells } from '../workbook/address';
import { describeFound, type FoundTable } from '../workbook/finder';
import { checkRead } from '../workbook/port';
import { EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, type CliIO } from './io';
import { SourceError, loadPrevious, loadSource, readError, type LoadedReport } from './sources';

export interface FileResult {
  file: string;
  issues: Issue[];
  error?: string;
  /** Tables found by their labels in a workbook without nianbao's names. */
  recognized?: FoundTable[];
}



// ---------------------------------------------------------------------------------------
// Output

export function formatIssueLine(issue: Issue): string {
  const where = describeCells(issue.cells);
  return `  ${SEVERITY_LABEL[issue.severity]}  ${where ? where + '  ' : ''}${issue.message}  [${issue.rule}]`;
}

function summaryLine(results: FileResult[]): string {
  const all = results.flatMap((r) => r.issues);
  const counts = countBySeverity(all);
  const unreadable = results.filter((r) => r.error !== undefined).length;
  const parts = [`${counts.error} 个错误`, `${counts.warning} 个警告`, `${counts.info} 条提示`];
  const head = `共检查 ${results.length} 个文件`;
  return `${head}：${parts.join('，')}${unreadable ? `；${unreadable} 个文件无法读取` : ''}`;
}

export function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(result.file);
    if (result.recognized) {
      lines.push(`  （工作簿中没有年报模板的名称，已按表格标签识别：${result.recognized.map(describeFound).join('；')}。可用 nianbao adopt 为这些单元格添加名称）`);
    }
    if (result.error !== undefined) {
      lines.push(`  无法读取：${result.error}`);
    } else if (result.issues.length === 0) {
      lines.push('  ✓ 全部通过，未发现问题');
    } else {
      const c = countBySeverity(result.issues);
      lines.push(`  ${c.error} 个错误，${c.warning} 个警告，${c.info} 条提示：`);
      for (const issue of result.issues) lines.push(formatIssueLine(issue));
    }
    lines.push('');
  }
  lines.push(summaryLine(results));
  return lines.join('\n') + '\n';
}

function exitCodeOf(results: FileResult[]): number {
  if (results.some((r) => r.error !== undefined)) return EXIT_UNREADABLE;
  if (results.some((r) => r.issues.some((i) => i.severity === 'error'))) return EXIT_ERRORS;
  return EXIT_OK;
}

async function checkOne(file: string, cwd: string, previousFile: string | undefined): Promise<FileResult> {
  let source: LoadedReport;
  try {
    source = await loadSource(path.resolve(cwd, file));
  } catch (error) {
    return { file, issues: [], error: error instanceof SourceError ? error.message : readError(error) };
  }
  let previous;
  try {
    previous = await loadPrevious(source, previousFile && path.resolve(cwd, previousFile));
  } catch (error) {
    const message = error instanceof SourceError ? error.message : readError(error);
    return { file, issues: [], error: `上年报告${previousFile ? `“${previousFile}”` : ''}无法读取：${message}` };
  }
  let issues: Issue[];
  try {
    issues = checkRead(source, previous);
  } catch (error) {
    // One file's unexpected content is that file's error; the rest of the batch is still checked.
    return { file, issues: [], error: `无法校验：${readError(error)}` };
  }
  return { file, issues, ...(source.recognized ? { recognized: source.recognized.tables } : {}) };
}

export async function commandCheck(files: string[], options: { json?: boolean; previous?: string }, io: CliIO): Promise<number> {
  // One file at a time: reading several at once measured no faster and held more memory (#14).
  const results: FileResult[] = [];
  for (const file of files) results.push(await checkOne(file, io.cwd, options.previous));
  if (options.json) {
    const reports = results.map((r) =>
      r.error !== undefined ? { file: r.file, error: r.error, issues: [] } : { file: r.file, issues: r.issues, ...(r.recognized ? { recognized: r.recognized } : {}) },
    );
    io.out(JSON.stringify({ reports }, null, 2) + '\n');
  } else {
    io.out(formatText(results));
  }
  return exitCodeOf(results);
}


/**
 * The pane speaks to an Excel user: it names its own buttons, never a `nianbao` command or a
 * `--flag`. Every string literal of the code the pane runs (src/taskpane, src/report,
 * src/workbook) is read with the TypeScript scanner and checked.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { filesUnder } from './helpers';

const ROOT = path.join(__dirname, '..');
const PANE_CODE = ['src/taskpane', 'src/report', 'src/workbook'];
const CLI_TEXT = /nianbao\s+(init|check|export|merge|import|convert|adopt|to-json)\b|(^|[\s（(“"'])--[a-z]/;


/** The text of every string and template literal in a file. */
export function literals(source: string, fileName = 'x.ts'): string[] {
  const out: string[] = [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push(node.head.text, ...node.templateSpans.map((s) => s.literal.text));
    else if (ts.isJsxText(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe('no command-line advice in what the pane shows', () => {
  it('the check finds a command and a flag', () => {
    expect(literals("const a = '可用 nianbao init 创建模板'; const b = `加 --force 覆盖`;").filter((t) => CLI_TEXT.test(t))).toHaveLength(2);
    expect(literals("const c = '点“创建模板”'; const d = 'a-b'; const e = `x ${1} y`;").filter((t) => CLI_TEXT.test(t))).toEqual([]);
  });

  it.each(PANE_CODE)('%s: no nianbao command, no --flag in any string', (dir) => {
    const found = filesUnder(path.join(ROOT, dir), /\.tsx?$/).flatMap((f) =>
      literals(readFileSync(f, 'utf8'), f)
        .filter((t) => CLI_TEXT.test(t))
        .map((t) => `${path.relative(ROOT, f)}: ${t.slice(0, 80)}`),
    );
    expect(found).toEqual([]);
  });
});

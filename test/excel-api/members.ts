/**
 * The Excel (and Office) API members that code under src/ uses, read with the TypeScript
 * compiler: every property access and call whose symbol is declared in @types/office-js inside
 * `namespace Excel`, `namespace Office` or `namespace OfficeExtension`, named `Class.member`,
 * with the requirement set that the declaration's doc comment gives (`[Api set: ExcelApi 1.4]`).
 */
import * as path from 'node:path';
import * as ts from 'typescript';

export interface UsedMember {
  /** `Worksheet.delete`, `Range.values`, `Excel.run`. */
  member: string;
  /** `ExcelApi 1.4`, as the office-js types document it ('' when they do not). */
  set: string;
  /** Where it is used: `src/workbook/officejs.ts:123`. */
  uses: string[];
}

const ROOT = path.resolve(__dirname, '../..');

function declaringName(decl: ts.Declaration): string | null {
  let node: ts.Node | undefined = decl.parent;
  while (node && !ts.isClassDeclaration(node) && !ts.isInterfaceDeclaration(node) && !ts.isModuleDeclaration(node)) node = node.parent;
  if (!node) return null;
  if (ts.isModuleDeclaration(node)) return node.name.getText();
  return node.name?.getText() ?? null;
}

function namespaceOf(decl: ts.Declaration): string | null {
  const names: string[] = [];
  for (let node: ts.Node | undefined = decl.parent; node; node = node.parent) if (ts.isModuleDeclaration(node)) names.unshift(node.name.getText());
  return names[0] ?? null;
}

function apiSet(decl: ts.Declaration): string {
  const text = decl.getFullText();
  const match = /\[Api set: ([A-Za-z]+ \d+\.\d+)/.exec(text);
  return match ? match[1] : '';
}

/** Every Office.js member used by the files of the project's tsconfig under src/. */
export function usedExcelMembers(): UsedMember[] {
  const configPath = path.join(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const files = parsed.fileNames.filter((f) => f.startsWith(path.join(ROOT, 'src') + path.sep));
  const program = ts.createProgram(files, parsed.options);
  const checker = program.getTypeChecker();
  const found = new Map<string, UsedMember>();
  for (const source of program.getSourceFiles()) {
    if (!files.includes(path.normalize(source.fileName))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        for (const decl of symbol?.declarations ?? []) {
          if (!decl.getSourceFile().fileName.includes('@types/office-js')) continue;
          const ns = namespaceOf(decl);
          if (ns !== 'Excel' && ns !== 'Office' && ns !== 'OfficeExtension') continue;
          const owner = declaringName(decl);
          if (!owner) continue;
          const member = `${owner}.${node.name.text}`;
          const where = `${path.relative(ROOT, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          const entry = found.get(member) ?? { member, set: apiSet(decl), uses: [] };
          if (!entry.uses.includes(where)) entry.uses.push(where);
          found.set(member, entry);
          break;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...found.values()].sort((a, b) => a.member.localeCompare(b.member));
}

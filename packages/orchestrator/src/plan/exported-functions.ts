import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface ExportedFunction {
  /** `packages/jarvis`, `packages/ai-dawg`. */
  package: string;
  /** Repository-relative path of the file that declares it. */
  file: string;
  name: string;
  kind: 'function' | 'arrow' | 'class' | 'method';
  /** 1-based lines of the declaration (name line, end line). */
  line: number;
  endLine: number;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function isFunctionValue(node: ts.Expression | undefined): boolean {
  return Boolean(node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node)));
}

/**
 * Every exported function of one file, read with the TypeScript compiler API (not by regex):
 * `export function`, `export const x = () => ...`, exported classes and their public methods.
 */
export function exportedFunctionsOfSource(source: string, file: string, packageName: string): ExportedFunction[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (position: number): number => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  const found: ExportedFunction[] = [];
  const add = (name: string, kind: ExportedFunction['kind'], node: ts.Node): void => {
    found.push({ package: packageName, file, name, kind, line: lineOf(node.getStart(sourceFile)), endLine: lineOf(node.getEnd()) });
  };
  for (const statement of sourceFile.statements) {
    if (!isExported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) add(statement.name.text, 'function', statement);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && isFunctionValue(declaration.initializer)) add(declaration.name.text, 'arrow', declaration);
      }
    }
    if (ts.isClassDeclaration(statement) && statement.name) {
      const className = statement.name.text;
      for (const member of statement.members) {
        const isPrivate = ((ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword);
        if ((ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member)) && member.body && !isPrivate) {
          const name = ts.isConstructorDeclaration(member) ? 'constructor' : member.name.getText(sourceFile);
          if (!name.startsWith('#')) add(`${className}.${name}`, 'method', member);
        }
      }
    }
  }
  return found;
}

function listSources(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && entry.name !== 'main.ts' ? [full] : [];
  });
}

/** Exported functions of each package's `src/` (entry points `main.ts` excluded, as in coverage). */
export function exportedFunctions(repoRoot: string, packages: readonly string[]): ExportedFunction[] {
  return packages.flatMap((packageName) =>
    listSources(path.join(repoRoot, packageName, 'src'))
      .sort()
      .flatMap((file) => exportedFunctionsOfSource(fs.readFileSync(file, 'utf8'), path.relative(repoRoot, file).split(path.sep).join('/'), packageName)),
  );
}

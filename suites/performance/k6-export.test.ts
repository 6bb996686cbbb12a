import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { k6Threshold, matrixThresholds } from '@orch/harness';
import * as ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { exportK6Scripts, type ExportedScript } from './src/export-k6';
import { SERVER_SIDE_TERMS } from './src/k6-profiles';

const K6_TYPES = path.dirname(require.resolve('@types/k6/package.json'));

function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    allowJs: true,
    checkJs: true,
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2020.d.ts'],
    typeRoots: [path.dirname(K6_TYPES)],
    types: ['k6'],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1} `
        : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** The `thresholds` of a script's exported `options`, read from its syntax tree (the script is never run here). */
function thresholdsOf(source: string): Record<string, string[]> {
  const file = ts.createSourceFile('script.js', source, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  const found: Record<string, string[]> = {};
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name) && node.name.text === 'thresholds' && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isArrayLiteralExpression(property.initializer)) continue;
        const metric = (property.name as ts.StringLiteral).text;
        found[metric] = property.initializer.elements.filter(ts.isStringLiteral).map((element) => element.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const DEPLOY = path.resolve(__dirname, '../../deploy/k6');

function performanceScenarios(): string[] {
  const matrix = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/user-case-matrix.json'), 'utf8')) as { scenarios: { id: string }[] };
  return matrix.scenarios.map((entry) => entry.id).filter((id) => id.startsWith('PERF-'));
}

describe('k6 export (pnpm perf:export-k6): the same loads and thresholds for a distributed run', () => {
  let directory: string;
  const scripts: Record<'ci' | 'full', ExportedScript[]> = { ci: [], full: [] };

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-k6-'));
    scripts.ci = exportK6Scripts(path.join(directory, 'ci'), 'ci');
    scripts.full = exportK6Scripts(path.join(directory, 'full'), 'full');
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  test('writes one script per load of the suite, for both profiles', () => {
    const names = ['jarvis-health-baseline', 'jarvis-health-normal', 'jarvis-health-peak', 'ai-dawg-projects', 'vocal-coach-streams', 'producer-beats', 'mixed-load'];
    expect(scripts.ci.map((script) => script.name)).toEqual(names);
    expect(scripts.full.map((script) => script.name)).toEqual(names);
    // The full profile runs the seed's durations: the 10-minute soak and the 30-minute mix.
    const full = Object.fromEntries(scripts.full.map((script) => [script.name, script.source]));
    expect(full['vocal-coach-streams']).toContain('"duration": "10m"');
    expect(full['mixed-load']).toContain('"duration": "30m"');
  });

  test("every script is valid JavaScript that type-checks against k6's type definitions", () => {
    expect(typeErrors(scripts.full.map((script) => script.file))).toEqual([]);
  }, 60_000);

  test('every threshold term of every PERF scenario in the matrix is in a script, in k6 units', () => {
    const present = new Set<string>();
    for (const script of scripts.full) {
      for (const [metric, expressions] of Object.entries(thresholdsOf(script.source))) for (const expression of expressions) present.add(`${metric.split('{')[0]} ${expression}`);
    }
    const sources = scripts.full.map((script) => script.source).join('\n');
    const missing: string[] = [];
    for (const scenario of performanceScenarios()) {
      for (const term of matrixThresholds(scenario)) {
        if (SERVER_SIDE_TERMS[scenario]) continue;
        const expression = k6Threshold(term.threshold, term.unit);
        const inScript = [...present].some((entry) => entry.endsWith(` ${expression}`)) && sources.includes(scenario);
        if (!inScript) missing.push(`${scenario} ${term.threshold}`);
      }
    }
    expect(missing).toEqual([]);
    // Only what k6 cannot see from outside is left to the Jest suite, and each such term is real.
    for (const scenario of Object.keys(SERVER_SIDE_TERMS)) expect(matrixThresholds(scenario).length).toBeGreaterThan(0);
    // Seconds become k6's milliseconds: the producer's 30 s bound is 30000 on generation_time.
    expect(thresholdsOf(scripts.full.find((script) => script.name === 'producer-beats')!.source).generation_time).toEqual(['max<=30000']);
  });

  test('the committed scripts in deploy/k6 are a fresh export, and k6-operator runs each of them', () => {
    for (const script of scripts.full) expect(fs.readFileSync(path.join(DEPLOY, 'scripts', `${script.name}.js`), 'utf8')).toBe(script.source);
    const files = scripts.full.map((script) => `${script.name}.js`);
    const runs = parseAllDocuments(fs.readFileSync(path.join(DEPLOY, 'testrun.yaml'), 'utf8')).map(
      (document) => document.toJS() as { apiVersion: string; kind: string; spec: { parallelism: number; script: { configMap: { name: string; file: string } } } },
    );
    expect(runs.every((run) => run.apiVersion === 'k6.io/v1alpha1' && run.kind === 'TestRun' && run.spec.parallelism >= 1)).toBe(true);
    expect(runs.map((run) => run.spec.script.configMap.file).sort()).toEqual([...files].sort());
    const kustomization = parse(fs.readFileSync(path.join(DEPLOY, 'kustomization.yaml'), 'utf8')) as { configMapGenerator: { name: string; files: string[] }[] };
    const generator = kustomization.configMapGenerator[0]!;
    expect(runs.every((run) => run.spec.script.configMap.name === generator.name)).toBe(true);
    expect(generator.files.map((file) => path.basename(file)).sort()).toEqual([...files].sort());
  });
});

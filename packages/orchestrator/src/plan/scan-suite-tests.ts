import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenarioIds } from '@orch/harness';

/** A test (or describe block) whose title names scenario IDs. */
export interface ScannedTest {
  /** Path relative to the scanned root, with forward slashes. */
  file: string;
  line: number;
  title: string;
  scenarios: string[];
  /** `it.skip`, `xit`, `it.todo`...: present in the source but never counted as validating. */
  skipped: boolean;
}

/** A scenario ID as a quoted literal in a suite's source (a probe catalog, a table of load levels). */
export interface DeclaredScenario {
  file: string;
  line: number;
  scenario: string;
}

export interface AgentTestScan {
  agent: string;
  testFiles: string[];
  tests: ScannedTest[];
  /** IDs the suite's sources (tests and their helpers) declare as quoted literals: titles built from them at run time. */
  declared?: DeclaredScenario[];
}

/*
 * Titles are read from the source rather than by asking Jest to list tests: listing would load
 * every suite (ts-jest compile, imports of both systems) just to plan, which takes minutes on
 * two cores. A title call is `it(`, `test(`, `describe(`, the harness's `testNotRun(`/`testUnless(`
 * and their `.only/.skip/.each(...)` forms, followed by a one-line string literal.
 */
const TITLE_CALL = /\b(it|test|describe|xit|xtest|xdescribe|testNotRun|testUnless)((?:\.\w+)*)(\([^()]*(?:\([^()]*\)[^()]*)*\))?\s*\(\s*(['"`])((?:\\.|(?!\4)[^\\\n])*)\4/g;

/** `testUnless(reason, 'title', body)`: the title is the second argument (the reason is an expression). */
const TEST_UNLESS_CALL = /\btestUnless\(\s*(?:[^,()'"`]|\([^()]*\))+,\s*(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/**
 * Finds test files of one agent (`<suitesDirectory>/<agent>/**\/*.test.ts`), the scenario IDs in
 * the titles of its sources, and the IDs they declare as quoted literals (the catalog a title is
 * built from).
 */
export function scanSuiteTests(suitesDirectory: string, agent: string): AgentTestScan {
  const root = path.join(suitesDirectory, agent);
  const relativeOf = (absolute: string): string => path.relative(suitesDirectory, absolute).split(path.sep).join('/');
  const testFiles = listSourceFiles(root, root, '.test.ts');
  // Titles are read from helpers too: a support module may define the tests (a fuzz suite per system).
  const sources = listSourceFiles(root, root, '.ts').map((absolute) => ({ file: relativeOf(absolute), text: fs.readFileSync(absolute, 'utf8') }));
  const tests = sources.flatMap((source) => scanTestSource(source.text, source.file));
  const declared = sources.flatMap((source) => declaredScenarios(source.text, source.file));
  return { agent, testFiles: testFiles.map(relativeOf), tests, declared };
}

const QUOTED_ID = /(['"`])((?:UNIT|SEC|EDGE|INT|PERF|AUTO|CLOUD)-\d{2})\1/g;

/** Quoted scenario-ID literals of one source, e.g. `scenario: 'SEC-08'` in a probe catalog. */
export function declaredScenarios(source: string, file: string): DeclaredScenario[] {
  return [...source.matchAll(QUOTED_ID)].map((match) => ({ file, line: source.slice(0, match.index).split('\n').length, scenario: match[2]! }));
}

/** The titled calls of one source text that name at least one scenario ID. */
export function scanTestSource(source: string, file: string): ScannedTest[] {
  const found: ScannedTest[] = [];
  for (const match of source.matchAll(TITLE_CALL)) {
    const [, callee = '', modifiers = '', , , title = ''] = match;
    const scenarios = parseScenarioIds(title);
    if (scenarios.length === 0) continue;
    const skipped = callee.startsWith('x') || /\.(skip|todo)\b/.test(modifiers);
    const line = source.slice(0, match.index).split('\n').length;
    found.push({ file, line, title, scenarios, skipped });
  }
  for (const match of source.matchAll(TEST_UNLESS_CALL)) {
    const title = match[2] ?? '';
    const scenarios = parseScenarioIds(title);
    if (scenarios.length === 0) continue;
    found.push({ file, line: source.slice(0, match.index).split('\n').length, title, scenarios, skipped: false });
  }
  return found.sort((a, b) => a.line - b.line);
}

function listSourceFiles(directory: string, root: string, suffix: string): string[] {
  if (!fs.existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      // Same exclusion as the Jest preset: fixture projects are data, not suites.
      if (`/${path.relative(root, full).split(path.sep).join('/')}/`.includes('/fixtures/projects/')) continue;
      files.push(...listSourceFiles(full, root, suffix));
    } else if (entry.name.endsWith(suffix) && !entry.name.endsWith('.d.ts')) {
      files.push(full);
    }
  }
  return files.sort();
}

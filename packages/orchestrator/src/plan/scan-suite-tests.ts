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

export interface AgentTestScan {
  agent: string;
  testFiles: string[];
  tests: ScannedTest[];
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

/** Finds test files of one agent (`<suitesDirectory>/<agent>/**\/*.test.ts`) and the scenario IDs in their titles. */
export function scanSuiteTests(suitesDirectory: string, agent: string): AgentTestScan {
  const root = path.join(suitesDirectory, agent);
  const files = listTestFiles(root, root);
  const tests: ScannedTest[] = [];
  for (const absolute of files) {
    const relative = path.relative(suitesDirectory, absolute).split(path.sep).join('/');
    tests.push(...scanTestSource(fs.readFileSync(absolute, 'utf8'), relative));
  }
  return { agent, testFiles: files.map((file) => path.relative(suitesDirectory, file).split(path.sep).join('/')), tests };
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

function listTestFiles(directory: string, root: string): string[] {
  if (!fs.existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      // Same exclusion as the Jest preset: fixture projects are data, not suites.
      if (`/${path.relative(root, full).split(path.sep).join('/')}/`.includes('/fixtures/projects/')) continue;
      files.push(...listTestFiles(full, root));
    } else if (entry.name.endsWith('.test.ts')) {
      files.push(full);
    }
  }
  return files.sort();
}

import * as fs from 'node:fs';

/** The part of Jest's `--json` output the orchestrator reads. */
export interface JestAssertionResult {
  ancestorTitles: string[];
  title: string;
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'todo' | 'skipped' | 'disabled' | 'focused';
  failureMessages: string[];
  duration?: number | null;
}

export interface JestFileResult {
  name: string;
  status: 'passed' | 'failed';
  message: string;
  assertionResults: JestAssertionResult[];
}

export interface JestResults {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
  testResults: JestFileResult[];
}

export function readJestResults(file: string): JestResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as JestResults;
  } catch {
    return undefined;
  }
}

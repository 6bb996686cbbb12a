import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report } from '../../src';

export const SAMPLE_DIRECTORY = path.resolve(__dirname, '..', 'fixtures', 'projects', 'sample');
export const SAMPLE_MATRIX = path.join(SAMPLE_DIRECTORY, 'matrix.json');
const JEST_BIN = require.resolve('jest/bin/jest');

export interface SampleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  reportsDirectory: string;
  runDirectory: string;
  report(): Report;
  markdown(): string;
  html(): string;
}

/** A temp folder removed by `cleanup()`; tests register it in afterAll. */
export function temporaryDirectory(prefix: string): { path: string; cleanup(): void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: directory, cleanup: () => fs.rmSync(directory, { recursive: true, force: true }) };
}

function only(directory: string, suffix: string): string {
  const file = fs.readdirSync(directory).find((name) => name.startsWith('daily-report-') && name.endsWith(suffix));
  if (!file) throw new Error(`no daily-report-*${suffix} in ${directory}`);
  return path.join(directory, file);
}

/**
 * Runs real Jest on the sample project in a child process, with its own run directory, reports
 * directory and matrix, and resolves when Jest has exited.
 */
export function runSample(root: string, name: string, args: string[] = [], environment: Record<string, string> = {}, servicesFile?: unknown): Promise<SampleRun> {
  const reportsDirectory = path.join(root, name, 'reports');
  const runDirectory = path.join(root, name, 'run');
  // What the harness's global setup writes when it has started the services.
  if (servicesFile) {
    fs.mkdirSync(runDirectory, { recursive: true });
    fs.writeFileSync(path.join(runDirectory, 'services.json'), JSON.stringify(servicesFile));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ORCH_RUN_DIR: runDirectory,
    ORCH_REPORTS_DIR: reportsDirectory,
    ORCH_MATRIX_PATH: SAMPLE_MATRIX,
    ORCH_PROFILE: 'ci',
    FORCE_COLOR: '0',
    ...environment,
  };
  // The outer Jest's worker identity must not leak into the inner run.
  delete env.JEST_WORKER_ID;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [JEST_BIN, '--config', path.join(SAMPLE_DIRECTORY, 'jest.config.js'), '--runInBand', '--ci', '--cacheDirectory', path.join(root, 'jest-cache'), ...args],
      { cwd: SAMPLE_DIRECTORY, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({
          exitCode,
          stdout,
          stderr,
          reportsDirectory,
          runDirectory,
          report: () => JSON.parse(fs.readFileSync(path.join(reportsDirectory, 'report.json'), 'utf8')) as Report,
          markdown: () => fs.readFileSync(only(reportsDirectory, '.md'), 'utf8'),
          html: () => fs.readFileSync(only(reportsDirectory, '.html'), 'utf8'),
        });
      },
    );
  });
}

/** What stays equal between runs: statuses, counts and reasons, without times, paths or machines. */
export function normalise(report: Report): unknown {
  return {
    version: report.version,
    totals: report.totals,
    agents: report.agents.map(({ durationMs: _durationMs, files: _files, ...agent }) => agent),
    scenarios: report.scenarios.map((scenario) => ({
      id: scenario.id,
      status: scenario.status,
      reason: scenario.reason,
      tests: scenario.tests.map((test) => `${test.status} ${test.name}`).sort(),
      metrics: scenario.metrics.map((metric) => `${metric.name}=${metric.value} ${metric.unit} ${metric.threshold ?? ''} ${String(metric.pass)}`).sort(),
    })),
    bugs: report.bugs.map((bug) => `${bug.severity} ${bug.scenario} ${bug.test}`).sort(),
    errors: report.errors,
  };
}

/** Placeholders of the seed's template that must never reach a report. */
export const PLACEHOLDER_PATTERN = /XX|\[X|\[\.\.\.\]|\[DATE\]|\[sum|\[count\]|\[list\]|\[Yes\/No\]|\[✅|\[Production-ready/;

/** "not measured in this run" followed by its reason. */
export const NOT_MEASURED_WITH_REASON = /not measured in this run(?: — \S|: \S| for [^—]+ — \S| \((?!target|budget)[^)]+\)| \((?:target|budget)[^)]*\) — \S)/;

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AGENT_TEMPLATES,
  buildReport,
  crashedAgentReport,
  loadUserCaseMatrix,
  mergeReports,
  readReport,
  renderMarkdown,
  VALIDATION_SUMMARY,
  WORKFLOW_GROUPS,
  type RunFile,
} from '../src';
import { NOT_MEASURED_WITH_REASON, PLACEHOLDER_PATTERN, SAMPLE_MATRIX, temporaryDirectory } from './support/run-sample';

const REPO_MATRIX = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'user-case-matrix.json');
const AGENTS = ['unit', 'security', 'edge-cases', 'integration', 'performance', 'autonomous', 'cloud'];

function run(files: RunFile[], sidecars: Parameters<typeof buildReport>[0]['sidecars'] = [], matrix = loadUserCaseMatrix(REPO_MATRIX)) {
  return buildReport({ startedAt: '2026-02-03T10:00:00.000Z', finishedAt: '2026-02-03T10:05:00.000Z', rootDir: '/repo', matrix, files, sidecars });
}

function templateScenarioIds(): string[] {
  const ids = new Set<string>();
  for (const group of WORKFLOW_GROUPS) for (const line of group.lines) line.scenarios.forEach((id) => ids.add(id));
  for (const section of VALIDATION_SUMMARY) {
    section.scenarios.forEach((id) => ids.add(id));
    for (const line of section.lines) line.scenarios.forEach((id) => ids.add(id));
  }
  for (const agent of AGENT_TEMPLATES) {
    for (const block of agent.blocks) {
      for (const field of block.fields) {
        if (field.kind === 'figure' || field.kind === 'check') field.scenarios.forEach((id) => ids.add(id));
        if (field.kind === 'list') field.items.forEach((item) => item.scenarios.forEach((id) => ids.add(id)));
      }
    }
  }
  return [...ids].sort();
}

describe('report rules', () => {
  it('maps every template field to scenario IDs that the user-case matrix lists', () => {
    const known = new Set(loadUserCaseMatrix(REPO_MATRIX).matrix.scenarios.map((scenario) => scenario.id));
    expect(known.size).toBeGreaterThan(100);
    expect(templateScenarioIds().filter((id) => !known.has(id))).toEqual([]);
  });

  it('never counts a skipped test as validated', () => {
    const report = run([
      { agent: 'unit', file: '/repo/a.test.ts', durationMs: 1, tests: [{ name: '[UNIT-05] flags saturation', status: 'pending', durationMs: 0, failureMessages: [] }] },
    ]);
    expect(report.scenarios.find((scenario) => scenario.id === 'UNIT-05')).toMatchObject({ status: 'not-run', reason: 'its tests were skipped without a recorded reason' });
    expect(report.totals.scenarios.validated).toBe(0);
  });

  it('ignores sidecar lines of test files that did not run in this run', () => {
    const report = run(
      [
        {
          agent: 'unit',
          file: '/repo/a.test.ts',
          durationMs: 1,
          tests: [{ name: '[UNIT-09] answers 503 for a down backend', status: 'passed', durationMs: 1, failureMessages: [] }],
        },
      ],
      [
        {
          v: 1,
          kind: 'metric',
          testPath: '/repo/stale.test.ts',
          testName: '[UNIT-09] old',
          scenarios: ['UNIT-09'],
          name: 'answer time',
          value: 5000,
          unit: 'ms',
          threshold: 'value<1000',
          pass: false,
          recordedAt: '',
        },
      ],
    );
    // UNIT-09 has no matrix threshold, so its passing test alone validates it once the stale failure is ignored.
    expect(report.scenarios.find((scenario) => scenario.id === 'UNIT-09')).toMatchObject({ status: 'validated', metrics: [] });
    expect(report.warnings).toEqual(['ignored 1 sidecar record(s) of test files that did not run in this run: stale.test.ts']);
  });

  it('keeps toolkit tests out of the agents and the scenarios', () => {
    const report = run([
      { agent: 'toolkit', file: '/repo/t.test.ts', durationMs: 1, tests: [{ name: 'parses [UNIT-01] from a title', status: 'passed', durationMs: 1, failureMessages: [] }] },
    ]);
    expect(report.toolkit).toMatchObject({ tests: 1, passed: 1, failed: 0 });
    expect(report.totals.tests).toBe(0);
    expect(report.agents.map((agent) => agent.name)).toEqual(AGENTS);
    expect(report.scenarios.find((scenario) => scenario.id === 'UNIT-01')!.tests).toEqual([]);
  });

  it('reports a crashed agent with every scenario not run for the crash’s reason, and merges it with the others', () => {
    const crashed = crashedAgentReport('performance', 'killed by signal SIGKILL', { matrix: REPO_MATRIX, rootDir: '/repo' });
    expect(crashed.agents).toEqual([expect.objectContaining({ name: 'performance', status: 'crashed', error: 'killed by signal SIGKILL' })]);
    expect(crashed.scenarios.length).toBeGreaterThan(10);
    expect(
      crashed.scenarios.every(
        (scenario) => scenario.agent === 'performance' && scenario.status === 'not-run' && scenario.reason === 'the performance agent crashed: killed by signal SIGKILL',
      ),
    ).toBe(true);
    const unit = run([
      {
        agent: 'unit',
        file: '/repo/a.test.ts',
        durationMs: 1,
        tests: [{ name: '[UNIT-09] answers 503 for a down backend', status: 'passed', durationMs: 1, failureMessages: [] }],
      },
    ]);
    const merged = mergeReports([unit, crashed]);
    expect(merged.agents.find((agent) => agent.name === 'performance')).toMatchObject({ status: 'crashed', error: 'killed by signal SIGKILL' });
    expect(merged.scenarios.find((scenario) => scenario.id === 'PERF-02')).toMatchObject({ status: 'not-run', reason: 'the performance agent crashed: killed by signal SIGKILL' });
    expect(merged.scenarios.find((scenario) => scenario.id === 'UNIT-09')).toMatchObject({ status: 'validated' });
    expect(merged.errors).toContain('agent performance crashed: killed by signal SIGKILL');
    expect(renderMarkdown(merged)).toContain('### Agent 5: Performance Tester 💥 crashed');
  });

  it('reports a crash of an agent the matrix does not know, with no scenarios to blame', () => {
    const crashed = crashedAgentReport('load-lab', 'exit code 137', { matrix: SAMPLE_MATRIX });
    expect(crashed.agents).toEqual([expect.objectContaining({ name: 'load-lab', status: 'crashed', error: 'exit code 137' })]);
    expect(crashed.scenarios).toEqual([]);
  });

  it('reads back only the report version it writes', () => {
    const temp = temporaryDirectory('golden-signals-read-');
    try {
      const file = path.join(temp.path, 'report.json');
      fs.writeFileSync(file, JSON.stringify({ ...run([]), version: 2 }));
      expect(() => readReport(file)).toThrow('has version 2; expected 1');
      fs.writeFileSync(file, JSON.stringify(run([])));
      expect(readReport(file).version).toBe(1);
    } finally {
      temp.cleanup();
    }
  });

  it('renders the real matrix with figures where measured and a reason everywhere else', () => {
    const files: RunFile[] = AGENTS.map((agent) => ({ agent, file: `/repo/${agent}.test.ts`, durationMs: 1, tests: [] }));
    files[3]!.tests.push({ name: 'project creation flow [INT-05] creates a project', status: 'passed', durationMs: 200, failureMessages: [] });
    files[5]!.tests.push({ name: '[AUTO-21] answers insights from 1M events', status: 'passed', durationMs: 900, failureMessages: [] });
    const report = run(files, [
      {
        v: 1,
        kind: 'metric',
        testPath: '/repo/integration.test.ts',
        testName: 'project creation flow [INT-05] creates a project',
        scenarios: ['INT-05'],
        name: 'POST /api/projects duration',
        value: 123.4,
        unit: 'ms',
        threshold: 'value<500',
        pass: true,
        recordedAt: '',
      },
      {
        v: 1,
        kind: 'metric',
        testPath: '/repo/autonomous.test.ts',
        testName: '[AUTO-21] answers insights from 1M events',
        scenarios: ['AUTO-21'],
        name: 'insight query time',
        value: 0.42,
        unit: 's',
        threshold: 'value<1',
        pass: true,
        recordedAt: '',
      },
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).not.toMatch(PLACEHOLDER_PATTERN);
    expect(markdown.split('\n').filter((line) => line.includes('not measured in this run') && !NOT_MEASURED_WITH_REASON.test(line))).toEqual([]);
    expect(markdown).toContain('  - Project creation: 123.4 ms (target: <500ms) ✅ — INT-05 “POST /api/projects duration” value<500');
    expect(markdown).toContain('  - Query performance: 420 ms (target: <1000ms for 1M events) ✅ — AUTO-21 “insight query time” value<1');
    expect(markdown).toContain('  - Beat generation: not measured in this run (target: 10-30s) — no test in this run names INT-08');
    expect(markdown).toContain('- SQL injection: ➖ not measured in this run — no test in this run names SEC-04, SEC-09');
  });

  it('says when the matrix is missing instead of failing', () => {
    const report = run([], [], loadUserCaseMatrix('/nonexistent/matrix.json'));
    expect(report.errors).toEqual(['user-case matrix /nonexistent/matrix.json: file not found']);
    expect(report.scenarios).toEqual([]);
    expect(renderMarkdown(report)).toContain('**Run problems** (the report was still written):\n- user-case matrix /nonexistent/matrix.json: file not found');
  });

  it('reads the sample matrix the end-to-end tests use', () => {
    expect(loadUserCaseMatrix(SAMPLE_MATRIX).error).toBeUndefined();
  });
});

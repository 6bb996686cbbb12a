import { buildReport, loadUserCaseMatrix, mergeReports, renderMarkdown, type Report } from '../src';
import { SAMPLE_MATRIX } from './support/run-sample';

function integrationRun(targets: Record<string, { system: string; kind: 'reference' | 'url'; baseUrl: string }[]>): Report {
  return buildReport({
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    rootDir: '/repo',
    matrix: loadUserCaseMatrix(SAMPLE_MATRIX),
    files: [
      {
        agent: 'integration',
        file: '/repo/suites/integration/a.test.ts',
        durationMs: 5,
        tests: [{ name: '[INT-04] healthy again', status: 'passed', durationMs: 1, failureMessages: [] }],
      },
    ],
    sidecars: [],
    targets,
  });
}

describe('the report names every agent’s target', () => {
  it('shows a deployed target by its URL and a reference target as started for the run, and keeps both through a merge', () => {
    const deployed = integrationRun({ integration: [{ system: 'ai-dawg', kind: 'url', baseUrl: 'https://dawg.example.test' }] });
    const reference = integrationRun({ integration: [{ system: 'jarvis', kind: 'reference', baseUrl: 'http://127.0.0.1:40001' }] });
    const merged = mergeReports([deployed, reference, integrationRun({ integration: [{ system: 'jarvis', kind: 'reference', baseUrl: 'http://127.0.0.1:40002' }] })]);
    expect(merged.agents.find((agent) => agent.name === 'integration')!.targets).toEqual([
      { system: 'ai-dawg', kind: 'url', baseUrl: 'https://dawg.example.test' },
      { system: 'jarvis', kind: 'reference', baseUrl: 'http://127.0.0.1:40001' },
    ]);
    const markdown = renderMarkdown(merged);
    expect(markdown).toContain('**integration**: ai-dawg deployed at https://dawg.example.test; jarvis reference system started for the run');
    expect(markdown).toContain('**security**: did not run in this run');
  });
});

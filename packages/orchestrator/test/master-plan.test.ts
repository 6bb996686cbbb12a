import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildMasterPlan, MatrixError, readUserCaseMatrix, scanSuiteTests, scanTestSource, summarizePlan, writeMasterPlan } from '../src';

const fixtures = path.join(__dirname, 'fixtures', 'projects', 'plan');
const matrixFile = path.join(fixtures, 'user-case-matrix.json');
const suites = path.join(fixtures, 'suites');

describe('planner', () => {
  it('finds scenario IDs in test and describe titles, and marks skipped ones', () => {
    const scan = scanSuiteTests(suites, 'unit');
    expect(scan.testFiles).toEqual(['unit/jarvis/health.test.ts']);
    expect(scan.tests.map(({ title, scenarios, skipped, line }) => ({ title, scenarios, skipped, line }))).toEqual([
      { title: '[UNIT-01] health aggregator', scenarios: ['UNIT-01'], skipped: false, line: 1 },
      { title: '[UNIT-01, UNIT-02] marks latency degraded at p95 150 ms', scenarios: ['UNIT-01', 'UNIT-02'], skipped: false, line: 2 },
      { title: '[UNIT-03] detects an incident within 30 s', scenarios: ['UNIT-03'], skipped: true, line: 6 },
      { title: "[UNIT-09] names an ID the matrix doesn't list", scenarios: ['UNIT-09'], skipped: false, line: 10 },
    ]);
  });

  it('reads titles of every call form the suites use', () => {
    const source = [
      "test.each([[1], [2]])('[PERF-01] p95 under load %i', () => {});",
      'testNotRun(`[CLOUD-04] deploys to live ECS`, "no AWS credentials");',
      "xit('[SEC-03] old check', () => {});",
      "it.todo('[EDGE-02] silence between takes');",
      "it('no scenario here', () => {});",
      "testUnless(chromiumMissingReason(), '[INT-14] plots the live pitch curve', async () => {});",
    ].join('\n');
    expect(scanTestSource(source, 'x.test.ts').map(({ scenarios, skipped }) => ({ scenarios, skipped }))).toEqual([
      { scenarios: ['PERF-01'], skipped: false },
      { scenarios: ['CLOUD-04'], skipped: false },
      { scenarios: ['SEC-03'], skipped: true },
      { scenarios: ['EDGE-02'], skipped: true },
      { scenarios: ['INT-14'], skipped: false },
    ]);
  });

  it('splits each agent into scenarios with tests and gaps, and totals them', () => {
    const matrix = readUserCaseMatrix(matrixFile);
    const plan = buildMasterPlan(
      matrix,
      ['unit', 'security'].map((agent) => scanSuiteTests(suites, agent)),
      'user-case-matrix.json',
      new Date('2026-11-25T00:00:00Z'),
    );
    expect(plan.agents.unit).toMatchObject({ covered: ['UNIT-01', 'UNIT-02'], gaps: ['UNIT-03'], unknownScenarioIds: ['UNIT-09'], testFiles: ['unit/jarvis/health.test.ts'] });
    expect(plan.agents.unit!.scenarios.find((scenario) => scenario.id === 'UNIT-03')).toMatchObject({
      status: 'gap',
      tests: [],
      skippedTests: [{ file: 'unit/jarvis/health.test.ts', line: 6 }],
    });
    expect(plan.agents.security).toMatchObject({ covered: [], gaps: ['SEC-01', 'SEC-02'], testFiles: [] });
    expect(plan.totals).toEqual({ agents: 2, scenarios: 5, covered: 2, gaps: 3, testFiles: 1, titledTests: 4 });
    expect(summarizePlan(plan, ['unit', 'security'])[0]).toBe('plan: 2/5 scenarios have tests, 3 gaps, 1 test files');
  });

  it('counts a scenario named only by a title built at run time when the last report ran a test for it', () => {
    const lastRun = new Map([['SEC-01', [{ file: 'suites/security/catalog.test.ts', title: '[SEC-01] rejects a missing token' }]]]);
    const plan = buildMasterPlan(readUserCaseMatrix(matrixFile), [scanSuiteTests(suites, 'security')], 'user-case-matrix.json', new Date(), undefined, lastRun);
    expect(plan.agents.security).toMatchObject({ covered: ['SEC-01'], gaps: ['SEC-02'] });
    expect(plan.agents.security!.scenarios[0]).toMatchObject({ testsFrom: 'last-run', tests: [{ title: '[SEC-01] rejects a missing token', line: 0 }] });
  });

  it('counts a scenario whose title is built at run time from an ID the suite declares, on a first run too', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-plan-declared-'));
    try {
      fs.mkdirSync(path.join(directory, 'security', 'support'), { recursive: true });
      fs.writeFileSync(path.join(directory, 'security', 'support', 'catalog.ts'), "export const PROBES = [{ scenario: 'SEC-02', name: 'SQL injection' }];\n");
      fs.writeFileSync(
        path.join(directory, 'security', 'catalog.test.ts'),
        "import { PROBES } from './support/catalog';\nfor (const probe of PROBES) test(`[${probe.scenario}] ${probe.name}`, () => undefined);\n",
      );
      const plan = buildMasterPlan(readUserCaseMatrix(matrixFile), [scanSuiteTests(directory, 'security')], 'user-case-matrix.json');
      expect(plan.agents.security).toMatchObject({ covered: ['SEC-02'], gaps: ['SEC-01'], testFiles: ['security/catalog.test.ts'] });
      expect(plan.agents.security!.scenarios.find((scenario) => scenario.id === 'SEC-02')).toMatchObject({
        testsFrom: 'declared',
        tests: [{ file: 'security/support/catalog.ts', line: 1 }],
      });
      expect(summarizePlan(plan, ['security'])[1]).toContain("1 declared in the suite's sources");
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('writes master-plan.json where the seed puts it', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-plan-'));
    try {
      const plan = buildMasterPlan(readUserCaseMatrix(matrixFile), [scanSuiteTests(suites, 'unit')], 'user-case-matrix.json');
      const file = writeMasterPlan(plan, path.join(directory, 'test-plans'));
      expect(file).toBe(path.join(directory, 'test-plans', 'master-plan.json'));
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).totals.covered).toBe(2);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('rejects a broken matrix with an error naming the file', () => {
    const broken = path.join(fixtures, 'broken-matrix.json');
    expect(() => readUserCaseMatrix(broken)).toThrow(MatrixError);
    expect(() => readUserCaseMatrix(broken)).toThrow(`user-case matrix ${broken}: is not valid JSON`);
    expect(() => readUserCaseMatrix(path.join(fixtures, 'missing.json'))).toThrow(/missing\.json: cannot be read \(ENOENT\)/);
  });
});

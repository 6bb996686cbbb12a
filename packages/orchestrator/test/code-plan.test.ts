import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentGroups, workersPerAgent, buildMasterPlan, classifyFailure, codeGaps, exportedFunctions, exportedFunctionsOfSource, splitRuns, type UserCaseMatrix } from '../src';

const repoRoot = path.resolve(__dirname, '../../..');

describe('plan from the code', () => {
  it('lists exported functions, arrows and public methods with the TypeScript compiler API', () => {
    const source = [
      'export function alpha(x: number) {',
      '  return x + 1;',
      '}',
      'function hidden() {}',
      'export const beta = async () => 2;',
      'export const notAFunction = 3;',
      'export class Gamma {',
      '  constructor(private readonly n: number) {}',
      '  run(): number { return this.n; }',
      '  private secret(): void {}',
      '}',
    ].join('\n');
    expect(exportedFunctionsOfSource(source, 'packages/x/src/a.ts', 'packages/x').map((fn) => `${fn.kind} ${fn.name} ${fn.line}-${fn.endLine}`)).toEqual([
      'function alpha 1-3',
      'arrow beta 5-5',
      'method Gamma.constructor 8-8',
      'method Gamma.run 9-9',
    ]);
  });

  it('finds the exports of both systems in the repository', () => {
    const exported = exportedFunctions(repoRoot, ['packages/jarvis', 'packages/ai-dawg']);
    expect(exported.length).toBeGreaterThan(100);
    expect(exported.some((fn) => fn.package === 'packages/jarvis' && fn.name === 'buildApp')).toBe(true);
    expect(exported.some((fn) => fn.file.endsWith('/main.ts'))).toBe(false);
  });

  it('joins exports with the last coverage: never-called exports, files under 80%, gaps in priority order with owners', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-plan-code-'));
    try {
      const file = path.join(directory, 'packages', 'sys', 'src', 'safety', 'guard.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'export function used() {\n  return 1;\n}\nexport function unused() {\n  return 2;\n}\n');
      const exported = exportedFunctions(directory, ['packages/sys']);
      const location = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 10 } });
      const coverage = {
        [file]: {
          path: file,
          statementMap: { 0: location(2), 1: location(5) },
          s: { 0: 4, 1: 0 },
          fnMap: { 0: { name: 'used', decl: location(1), loc: location(1), line: 1 }, 1: { name: 'unused', decl: location(4), loc: location(4), line: 4 } },
          f: { 0: 4, 1: 0 },
          branchMap: {},
          b: {},
        },
      };
      const coverageFile = path.join(directory, 'coverage-final.json');
      fs.writeFileSync(coverageFile, JSON.stringify(coverage));
      const gaps = codeGaps(directory, exported, [coverageFile]);
      expect(gaps.untestedExports.map((fn) => [fn.name, fn.why, fn.owner])).toEqual([['unused', 'never-called', 'security']]);
      expect(gaps.filesUnderTarget).toEqual([{ file: 'packages/sys/src/safety/guard.ts', linesPct: 50, linesCovered: 1, linesTotal: 2, owner: 'security' }]);

      const matrix: UserCaseMatrix = {
        version: 1,
        agents: { unit: { title: 'Unit' }, cloud: { title: 'Cloud' } },
        scenarios: [
          { id: 'UNIT-01', agent: 'unit', system: 'jarvis', workflow: 'w', title: 'a', target: 't', threshold: [], seedLines: [1] },
          { id: 'CLOUD-01', agent: 'cloud', system: 'jarvis', workflow: 'w', title: 'b', target: 't', threshold: [], seedLines: [2] },
        ],
      } as unknown as UserCaseMatrix;
      const plan = buildMasterPlan(matrix, [], 'matrix.json', new Date(), gaps);
      expect(plan.gaps.map((gap) => `${gap.priority} ${gap.kind} ${gap.subject} → ${gap.owner}`)).toEqual([
        'P1 scenario-not-covered UNIT-01 → unit',
        'P2 scenario-not-covered CLOUD-01 → cloud',
        'P3 file-under-target packages/sys/src/safety/guard.ts → security',
        'P4 untested-export packages/sys/src/safety/guard.ts#unused → security',
      ]);
      // Without an earlier coverage the plan says so rather than calling everything untested.
      expect(codeGaps(directory, exported, []).coverage.note).toMatch(/no coverage from an earlier run/);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the performance agent runs alone', () => {
  it('shares the cores out between agents that run side by side; an agent alone keeps its config', () => {
    expect(workersPerAgent(6, 2, 2)).toBe(1);
    expect(workersPerAgent(6, 2, 8)).toBe(4);
    expect(workersPerAgent(6, 4, 2)).toBe(1);
    expect(workersPerAgent(1, 2, 2)).toBeUndefined();
    expect(workersPerAgent(6, 1, 2)).toBeUndefined();
  });

  it('puts exclusive agents after the others, one at a time', () => {
    expect(agentGroups(['unit', 'performance', 'security'], ['performance'])).toEqual([['unit', 'security'], ['performance']]);
    expect(agentGroups(['performance'], ['performance'])).toEqual([['performance']]);
  });

  it('splits pnpm test into the agents with coverage, the rest without, then performance alone', () => {
    expect(splitRuns(['--ci']).map((part) => [part.name, part.args.join(' '), part.env])).toEqual([
      ['covered', '--ci --selectProjects unit edge-cases autonomous cloud', undefined],
      ['uncovered', '--ci --selectProjects security integration toolkit', { ORCH_COVERAGE: '0' }],
      ['performance', '--ci --selectProjects performance', { ORCH_COVERAGE: '0' }],
    ]);
    expect(splitRuns(['--selectProjects', 'performance', '--passWithNoTests']).map((part) => part.args.join(' '))).toEqual(['--passWithNoTests --selectProjects performance']);
    expect(splitRuns(['--selectProjects', 'unit', 'security']).map((part) => part.name)).toEqual(['covered', 'uncovered']);
    // A path filter may leave a part with nothing to run: it passes with no tests instead of failing the run.
    expect(splitRuns(['suites/unit']).map((part) => part.args[1])).toEqual(['--passWithNoTests', '--passWithNoTests', '--passWithNoTests']);
  });
});

describe('failure classification', () => {
  it('names flaky, environment (with the service), timeout and deterministic failures', () => {
    expect(classifyFailure('expect(received).toBe(expected)', { passed: true, message: '' })).toMatchObject({ class: 'flaky' });
    expect(classifyFailure('connect ECONNREFUSED 127.0.0.1:5432 (postgres)', { passed: false, message: '' })).toMatchObject({ class: 'environment', service: 'postgres' });
    expect(classifyFailure('connect ECONNREFUSED 127.0.0.1:40111', { passed: false, message: '' }, '[INT-02] reads the cached value from redis')).toMatchObject({
      class: 'environment',
      service: 'redis',
    });
    expect(classifyFailure('thrown: "Exceeded timeout of 300 ms for a test."', { passed: false, message: '' })).toMatchObject({ class: 'timeout' });
    expect(classifyFailure('expect(received).toBe(expected)', { passed: false, message: 'expect(received).toBe(expected)' })).toMatchObject({ class: 'deterministic' });
  });
});

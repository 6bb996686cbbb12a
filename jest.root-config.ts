import * as os from 'node:os';
import type { Config } from 'jest';
import { orchEnvironment } from './packages/harness/src/environment/orch-environment';
import { AGENT_PROJECTS, COVERAGE_FROM, jestProject } from './jest.preset';

const environment = orchEnvironment();
const reportsDirectory = environment.reportsDir ?? '<rootDir>/reports';

const config: Config = {
  rootDir: __dirname,
  projects: [
    ...AGENT_PROJECTS.map((agent) => jestProject(agent, [`suites/${agent}`])),
    jestProject('toolkit', ['packages/harness/test', 'reporters/golden-signals/test', 'packages/orchestrator/test', 'fixtures/test']),
  ],
  globalSetup: '<rootDir>/packages/harness/global-setup.cjs',
  globalTeardown: '<rootDir>/jest.global-teardown.cjs',
  collectCoverage: environment.coverage,
  collectCoverageFrom: COVERAGE_FROM,
  coverageProvider: 'v8',
  coverageDirectory: `${reportsDirectory}/coverage`,
  coverageReporters: ['json', 'json-summary', 'text-summary', 'lcov'],
  reporters: [
    'default',
    ['<rootDir>/reporters/golden-signals/jest-reporter.cjs', { outputDirectory: reportsDirectory, agentProjects: [...AGENT_PROJECTS] }],
    ['jest-junit', { outputDirectory: reportsDirectory, outputName: 'junit.xml', addFileAttribute: 'true', suiteNameTemplate: '{displayName} › {filepath}' }],
  ],
  testTimeout: 60_000,
  // Slowest files first even on a fresh clone: Jest's own duration cache, else the committed
  // packages/orchestrator/test-durations.json (`pnpm test:durations`).
  testSequencer: '<rootDir>/packages/orchestrator/duration-sequencer.cjs',
  // Jest's default is one worker fewer than the cores: a single worker on a 2-core machine, which
  // leaves a core idle while tests wait on real servers and real time. One per core; the
  // performance agent runs alone afterwards (pnpm test), so no load figure shares the machine.
  maxWorkers: Math.max(2, os.availableParallelism()),
};

export default config;

import type { Config } from 'jest';
import { AGENT_PROJECTS, jestProject } from './jest.preset';

const reportsDirectory = process.env.ORCH_REPORTS_DIR ?? '<rootDir>/reports';

const config: Config = {
  rootDir: __dirname,
  projects: [
    ...AGENT_PROJECTS.map((agent) => jestProject(agent, [`suites/${agent}`])),
    jestProject('toolkit', ['packages/harness/test', 'reporters/golden-signals/test', 'packages/orchestrator/test', 'fixtures/test']),
  ],
  globalSetup: '<rootDir>/packages/harness/global-setup.cjs',
  globalTeardown: '<rootDir>/jest.global-teardown.cjs',
  collectCoverage: process.env.ORCH_COVERAGE !== '0',
  collectCoverageFrom: ['packages/jarvis/src/**/*.ts', 'packages/ai-dawg/src/**/*.ts', '!**/main.ts', '!**/*.d.ts'],
  coverageProvider: 'v8',
  coverageDirectory: `${reportsDirectory}/coverage`,
  coverageReporters: ['json', 'json-summary', 'text-summary', 'lcov'],
  reporters: [
    'default',
    ['<rootDir>/reporters/golden-signals/jest-reporter.cjs', { outputDirectory: reportsDirectory, agentProjects: [...AGENT_PROJECTS] }],
    ['jest-junit', { outputDirectory: reportsDirectory, outputName: 'junit.xml', addFileAttribute: 'true', suiteNameTemplate: '{displayName} › {filepath}' }],
  ],
  testTimeout: 60_000,
};

export default config;

import type { Config } from 'jest';
// Leaf modules, not the harness's index: the Jest config must not load the harness's services.
import { COVERED_PACKAGES } from './packages/harness/src/project/coverage-target';
import { AGENTS } from './packages/harness/src/scenarios/scenario-ids';

/**
 * One Jest project per agent (displayName = agent name), plus `toolkit` for the harness,
 * reporter, orchestrator and matrix self-tests. Every project shares the repo root as rootDir so
 * coverage paths and module resolution are the same everywhere; `roots` picks the tests.
 */
export const AGENT_PROJECTS = AGENTS;

// Coverage counts the systems only; the list is the harness's, shared with the report.
const COVERED_SOURCES = COVERED_PACKAGES.map((name) => `${name}/src`);
export const COVERAGE_FROM = [...COVERED_SOURCES.map((source) => `${source}/**/*.ts`), '!**/main.ts', '!**/*.d.ts'];

const transform: Config['transform'] = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }],
  // pitchy, jose 6 and cookie 2 (under fastify's inject) are ESM-only; Jest must transform them to CommonJS.
  '^.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true, isolatedModules: true } }],
};

export function jestProject(displayName: string, roots: string[], overrides: Partial<Config> = {}): Config {
  return {
    displayName,
    rootDir: __dirname,
    // The systems' sources are roots too so Jest's coverage sees files no test loaded (at 0%)
    // instead of leaving them out of the percentage; no test lives under them.
    roots: [...roots, ...COVERED_SOURCES].map((root) => `<rootDir>/${root}`),
    testEnvironment: 'node',
    testMatch: ['**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/fixtures/projects/'],
    transform,
    transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/(?:pitchy|jose|cookie)@|(?:pitchy|jose|cookie)/)'],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
    collectCoverageFrom: COVERAGE_FROM,
    // jest.retryTimes when CI=true (or ORCH_RETRIES=N); a retried pass is reported flaky, not clean.
    setupFilesAfterEnv: ['<rootDir>/packages/orchestrator/retry-setup.cjs'],
    ...overrides,
  };
}

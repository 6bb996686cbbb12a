import type { Config } from 'jest';

/**
 * One Jest project per agent (displayName = agent name), plus `toolkit` for the harness,
 * reporter, orchestrator and matrix self-tests. Every project shares the repo root as rootDir so
 * coverage paths and module resolution are the same everywhere; `roots` picks the tests.
 */
export const AGENT_PROJECTS = ['unit', 'security', 'edge-cases', 'integration', 'performance', 'autonomous', 'cloud'] as const;

const COVERED_SOURCES = ['packages/jarvis/src', 'packages/ai-dawg/src'];

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
    collectCoverageFrom: ['packages/jarvis/src/**/*.ts', 'packages/ai-dawg/src/**/*.ts', '!**/main.ts', '!**/*.d.ts'],
    ...overrides,
  };
}

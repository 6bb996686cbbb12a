/**
 * The systems whose line coverage counts (the harness, suites and toolkit are test code), and the
 * seed's target for it (Phase 3: "Unit test coverage: Target 80%+"). Jest's coverage settings and
 * the report's coverage section both read these.
 */
export const COVERED_PACKAGES: readonly string[] = ['packages/jarvis', 'packages/ai-dawg'];

export const COVERAGE_TARGET_PERCENT = 80;

/**
 * The agents whose Jest runs collect coverage: those that run the systems' code in the test
 * process. Integration, security and performance drive the systems as separate processes, which
 * Jest's V8 coverage does not see: measured on 2026-11-29, they added 0.02-0.05 points to ~95.8%
 * while coverage made their files ~25% slower (every test file restarts V8's precise coverage).
 * The toolkit's self-tests cover no system code at all.
 */
export const COVERAGE_AGENTS: readonly string[] = ['unit', 'edge-cases', 'autonomous', 'cloud'];

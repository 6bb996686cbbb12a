'use strict';
// The Jest config each agent child runs with: the repository's root config (or the one named by
// ORCH_BASE_JEST_CONFIG) plus the orchestrator's progress reporter. Wrapping keeps every reporter
// option of the base config (output directories, JUnit naming), which `--reporters` on the
// command line would drop.
require('tsx/cjs');
const path = require('node:path');

const baseFile = process.env.ORCH_BASE_JEST_CONFIG || path.resolve(__dirname, '../../jest.config.cjs');
const loaded = require(baseFile);
const base = loaded && loaded.default ? loaded.default : loaded;

module.exports = {
  ...base,
  rootDir: base.rootDir || path.dirname(baseFile),
  reporters: [...(base.reporters || ['default']), [path.join(__dirname, 'progress-reporter.cjs'), {}]],
};

'use strict';
// The harness's teardown alone (stop the services global setup started): a mutant run writes no report.
require('tsx/cjs');
module.exports = require('../../harness/src/jest/global-teardown.ts').default;

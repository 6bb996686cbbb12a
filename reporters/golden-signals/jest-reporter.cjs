// Jest loads reporters with plain require; tsx lets the reporter be TypeScript.
require('tsx/cjs');
module.exports = require('./src/golden-signals-reporter.ts').GoldenSignalsReporter;

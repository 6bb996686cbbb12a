require('tsx/cjs');
module.exports = require('./src/jest/global-teardown.ts').default;

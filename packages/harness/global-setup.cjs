// Jest loads global setup with plain require; tsx lets it be TypeScript.
require('tsx/cjs');
module.exports = require('./src/jest/global-setup.ts').default;

'use strict';
// The root Jest config is TypeScript (jest.root-config.ts). Jest would load it through ts-node,
// type-checking it and the harness modules it imports on every start (~2.6 s per `jest`);
// tsx's esbuild loader takes ~0.8 s. pnpm test starts Jest three times, IDE runners on every run.
require('tsx/cjs');
module.exports = require('./jest.root-config.ts').default;

// ESLint 9 flat config. Its main job is DESIGN.md's import directions, which the build alone
// does not hold: a system never imports the harness, a suite or the other system; the harness
// never imports a suite; the reporter never imports a system; suites reach packages by their
// public name, never by a relative path into another package's source.
'use strict';
// CommonJS so a toolkit test can `require` it and run ESLint's Node API inside Jest.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const SUITES = ['@orch/suite-*', '**/suites/**'];
const HARNESS = ['@orch/harness', '@orch/harness/*', '**/packages/harness/**', '**/harness/src/**'];
const JARVIS = ['@orch/jarvis', '@orch/jarvis/*', '**/packages/jarvis/**', '**/jarvis/src/**'];
const AI_DAWG = ['@orch/ai-dawg', '@orch/ai-dawg/*', '**/packages/ai-dawg/**', '**/ai-dawg/src/**'];
const ORCHESTRATOR = ['@orch/orchestrator', '@orch/orchestrator/*', '**/packages/orchestrator/**'];

/** One `no-restricted-imports` rule: each group is forbidden with the reason DESIGN.md gives. */
function forbid(...groups) {
  return {
    'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
  };
}

const systemMessage = 'A system never imports the harness, a suite or the other system (DESIGN.md); define the small interface it needs, or use @orch/clock.';

module.exports = tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.stryker-tmp/**', 'reports/**', 'coverage/**', '**/dist/**', '.orchestrator/**', '**/fixtures/projects/**', 'deploy/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...nodeGlobals() } },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      // The code's own conventions (strict TS does the type work; these are the ones it already keeps).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A warning: `eslint --fix` settles it, so it should not stop a CI run.
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // An empty catch or block swallows an error; say why in a comment or handle it.
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always'],
      // Terminal output is stripped of ANSI escapes (\x1b) on purpose.
      'no-control-regex': 'off',
      // `let server; server = ...` where a callback reads it before it is assigned.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Scripts served to the browser (the AI DAWG studio page).
    files: ['**/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...browserGlobals() } },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    // Jest setup files and fixture tests in plain JavaScript see Jest's globals.
    languageOptions: { sourceType: 'commonjs', globals: { ...jestGlobals() } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['packages/jarvis/**'], rules: forbid([HARNESS, systemMessage], [SUITES, systemMessage], [AI_DAWG, systemMessage], [ORCHESTRATOR, systemMessage]) },
  { files: ['packages/ai-dawg/**'], rules: forbid([HARNESS, systemMessage], [SUITES, systemMessage], [JARVIS, systemMessage], [ORCHESTRATOR, systemMessage]) },
  {
    files: ['packages/clock/**'],
    rules: forbid([[...HARNESS, ...JARVIS, ...AI_DAWG, ...SUITES, ...ORCHESTRATOR], '@orch/clock is a leaf: systems and the harness both import it.']),
  },
  {
    files: ['packages/harness/**'],
    rules: forbid([SUITES, 'The harness never imports a suite (DESIGN.md).'], [ORCHESTRATOR, 'The harness is imported by the orchestrator, never the other way (DESIGN.md).']),
  },
  {
    files: ['reporters/**'],
    rules: forbid(
      [[...JARVIS, ...AI_DAWG], 'The reporter never imports a system; it reads what the harness recorded (DESIGN.md).'],
      [SUITES, 'The reporter never imports a suite (DESIGN.md).'],
      [ORCHESTRATOR, 'The orchestrator imports the reporter, never the other way (DESIGN.md).'],
    ),
  },
  {
    files: ['suites/**'],
    rules: forbid([
      ['../**/packages/**', '../**/reporters/**', '@orch/*/src', '@orch/*/src/**'],
      'Suites import packages by their public name (@orch/harness, @orch/jarvis, @orch/ai-dawg), not a path into their source (DESIGN.md).',
    ]),
  },
);

function jestGlobals() {
  const names = ['jest', 'expect', 'describe', 'it', 'test', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach'];
  return Object.fromEntries(names.map((name) => [name, 'readonly']));
}

function browserGlobals() {
  const names = [
    'window',
    'document',
    'location',
    'navigator',
    'AudioContext',
    'OfflineAudioContext',
    'MediaRecorder',
    'Blob',
    'FileReader',
    'HTMLElement',
    'Event',
    'CustomEvent',
    'requestAnimationFrame',
    'cancelAnimationFrame',
    'localStorage',
    'alert',
  ];
  return Object.fromEntries(names.map((name) => [name, 'readonly']));
}

function nodeGlobals() {
  const names = [
    'process',
    'Buffer',
    'console',
    '__dirname',
    '__filename',
    'require',
    'module',
    'exports',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'globalThis',
    'URL',
    'URLSearchParams',
    'TextEncoder',
    'TextDecoder',
    'AbortController',
    'AbortSignal',
    'fetch',
    'structuredClone',
    'performance',
    'queueMicrotask',
    'Response',
    'Request',
    'Headers',
    'WebSocket',
    'NodeJS',
  ];
  return Object.fromEntries(names.map((name) => [name, 'readonly']));
}

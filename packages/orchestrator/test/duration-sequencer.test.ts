import * as path from 'node:path';
import { durationsFromJunit } from '../src';

// The sequencer is the CommonJS module Jest loads by path (jest.root-config.ts `testSequencer`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DurationSequencer = require('../duration-sequencer.cjs') as {
  new (options: object): { sort(tests: FakeTest[]): FakeTest[] };
  readCommittedDurations(file?: string): Record<string, number>;
};

const repoRoot = path.resolve(__dirname, '../../..');

interface FakeTest {
  path: string;
  context: { config: { rootDir: string; cache: boolean; cacheDirectory: string; id: string }; hasteFS: { getSize(file: string): number } };
  duration?: number;
}

/** A test as Jest hands it to the sequencer, on a machine without Jest's cache (`cache: false`). */
function coldTest(relative: string, size = 100): FakeTest {
  return {
    path: path.join(repoRoot, relative),
    context: { config: { rootDir: repoRoot, cache: false, cacheDirectory: '/nonexistent', id: 'toolkit' }, hasteFS: { getSize: () => size } },
  };
}

describe('test order on a fresh clone', () => {
  test('JUnit suites named "<project> › <path>" give each file its run time in ms, the longer of two projects', () => {
    const xml = [
      '<testsuites>',
      '<testsuite name="security › suites/security/ai-dawg-catalog.test.ts" errors="0" time="26.707" tests="40">',
      '<testsuite name="unit › suites/unit/a.test.ts" time="1.5" tests="2">',
      '<testsuite name="toolkit › suites/unit/a.test.ts" time="2.25" tests="2">',
      '<testsuite name="no time here">',
      '</testsuites>',
    ].join('\n');
    expect(durationsFromJunit(xml)).toEqual({ 'suites/security/ai-dawg-catalog.test.ts': 26_707, 'suites/unit/a.test.ts': 2_250 });
  });

  test('without Jest’s cache, the committed durations put the slowest file first, not the biggest', () => {
    const committed = DurationSequencer.readCommittedDurations();
    const small = 'suites/security/ai-dawg-catalog.test.ts';
    const big = 'reporters/golden-signals/test/report-rules.test.ts';
    expect(committed[small]).toBeGreaterThan(committed[big]!);
    const sequencer = new DurationSequencer({});
    // By size alone (Jest's fallback) the big file would run first.
    const order = sequencer.sort([coldTest(big, 9_314), coldTest(small, 288)]).map((test) => path.relative(repoRoot, test.path));
    expect(order).toEqual([small, big]);
  });

  test('a file with no recorded duration (a new one) runs before every timed file', () => {
    const sequencer = new DurationSequencer({});
    const order = sequencer
      .sort([coldTest('suites/security/ai-dawg-catalog.test.ts'), coldTest('suites/unit/brand-new.test.ts')])
      .map((test) => path.relative(repoRoot, test.path));
    expect(order[0]).toBe('suites/unit/brand-new.test.ts');
  });
});

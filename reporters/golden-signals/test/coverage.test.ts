import * as fs from 'node:fs';
import * as path from 'node:path';
import { coverageFromFinalFiles, coverageFromMap, coverageFromSummaryFile, mergeReports, buildReport, loadUserCaseMatrix } from '../src';
import { SAMPLE_MATRIX, temporaryDirectory } from './support/run-sample';

const lines = (covered: number, total: number) => ({ toSummary: () => ({ lines: { covered, total } }) });

describe('per-package line coverage against the 80% target', () => {
  it('sums the lines of each package from the coverage map Jest hands to reporters', () => {
    const files: Record<string, ReturnType<typeof lines>> = {
      '/repo/packages/jarvis/src/a.ts': lines(90, 100),
      '/repo/packages/jarvis/src/b.ts': lines(0, 20),
      '/repo/packages/ai-dawg/src/c.ts': lines(45, 50),
      '/repo/packages/harness/src/d.ts': lines(0, 1000),
    };
    const section = coverageFromMap({ files: () => Object.keys(files), fileCoverageFor: (file) => files[file]! }, '/repo');
    expect(section.packages).toEqual([
      { name: 'packages/jarvis', linesPct: 75, linesCovered: 90, linesTotal: 120, target: 80, pass: false },
      { name: 'packages/ai-dawg', linesPct: 90, linesCovered: 45, linesTotal: 50, target: 80, pass: true },
    ]);
  });

  it('reads Istanbul’s json-summary when no coverage map is available', () => {
    const temp = temporaryDirectory('golden-signals-coverage-');
    try {
      const file = path.join(temp.path, 'coverage-summary.json');
      const summary = {
        total: { lines: { covered: 1, total: 2 } },
        '/repo/packages/jarvis/src/a.ts': { lines: { covered: 8, total: 10 } },
      };
      fs.writeFileSync(file, JSON.stringify(summary));
      const section = coverageFromSummaryFile(file, '/repo')!;
      expect(section.source).toBe('json-summary');
      expect(section.packages[0]).toMatchObject({ name: 'packages/jarvis', linesPct: 80, pass: true });
      expect(section.packages[1]).toMatchObject({ name: 'packages/ai-dawg', linesPct: null, pass: false, note: 'no file of this package was in the coverage data' });
      expect(coverageFromSummaryFile(path.join(temp.path, 'missing.json'), '/repo')).toBeUndefined();
    } finally {
      temp.cleanup();
    }
  });

  it('keeps the highest single-run figure as a stated lower bound when merging runs', () => {
    const report = (covered: number) =>
      buildReport({
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        rootDir: '/repo',
        matrix: loadUserCaseMatrix(SAMPLE_MATRIX),
        files: [],
        sidecars: [],
        coverage: coverageFromMap({ files: () => ['/repo/packages/jarvis/src/a.ts'], fileCoverageFor: () => lines(covered, 100) }, '/repo'),
      });
    const merged = mergeReports([report(70), report(85)]);
    expect(merged.coverage.source).toBe('merged');
    expect(merged.coverage.packages[0]).toMatchObject({ name: 'packages/jarvis', linesPct: 85, pass: true, note: expect.stringContaining('lower bound') });
  });
});

describe('coverage across runs', () => {
  /** An Istanbul file coverage with one statement per line; `hits` lists the lines run. */
  function fileCoverage(file: string, lineCount: number, hits: number[]): Record<string, unknown> {
    const statementMap: Record<string, unknown> = {};
    const s: Record<string, number> = {};
    for (let line = 1; line <= lineCount; line += 1) {
      statementMap[String(line)] = { start: { line, column: 0 }, end: { line, column: 10 } };
      s[String(line)] = hits.includes(line) ? 1 : 0;
    }
    return { [file]: { path: file, statementMap, fnMap: {}, branchMap: {}, s, f: {}, b: {} } };
  }

  it('counts a line run by either of two runs once (a union, not a sum or the best figure)', () => {
    const temp = temporaryDirectory('golden-signals-final-');
    try {
      const file = '/repo/packages/jarvis/src/a.ts';
      const first = path.join(temp.path, 'first.json');
      const second = path.join(temp.path, 'second.json');
      fs.writeFileSync(first, JSON.stringify(fileCoverage(file, 10, [1, 2, 3, 4, 5])));
      fs.writeFileSync(second, JSON.stringify(fileCoverage(file, 10, [4, 5, 6, 7])));
      const section = coverageFromFinalFiles([first, second, path.join(temp.path, 'missing.json')], '/repo');
      expect(section?.packages[0]).toEqual({ name: 'packages/jarvis', linesPct: 70, linesCovered: 7, linesTotal: 10, target: 80, pass: false });
      expect(section?.note).toBe("union of 2 runs' coverage maps");
      expect(coverageFromFinalFiles([path.join(temp.path, 'missing.json')], '/repo')).toBeUndefined();
    } finally {
      temp.cleanup();
    }
  });
});

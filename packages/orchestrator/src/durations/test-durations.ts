import * as fs from 'node:fs';

/** What `packages/orchestrator/test-durations.json` holds: milliseconds per test file, relative to the repository root. */
export interface TestDurations {
  version: 1;
  /** Where the figures were measured (a JUnit file of a whole run). */
  source: string;
  files: Record<string, number>;
}

/**
 * Per test file, its run time from a JUnit file written with the suite name `<project> › <path>`
 * (the root Jest config's jest-junit template). A file listed twice (two projects) keeps the longer.
 */
export function durationsFromJunit(xml: string): Record<string, number> {
  const files: Record<string, number> = {};
  for (const match of xml.matchAll(/<testsuite\b([^>]*)>/g)) {
    const attributes = match[1]!;
    const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
    const seconds = Number(/\btime="([^"]*)"/.exec(attributes)?.[1]);
    if (!name || !Number.isFinite(seconds)) continue;
    const file = name.split(' › ').at(-1)!;
    files[file] = Math.max(files[file] ?? 0, Math.round(seconds * 1000));
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

export function writeTestDurations(junitFile: string, output: string): TestDurations {
  const files = durationsFromJunit(fs.readFileSync(junitFile, 'utf8'));
  if (Object.keys(files).length === 0) throw new Error(`${junitFile} has no <testsuite> with a name and a time`);
  const durations: TestDurations = { version: 1, source: 'pnpm test (reports/junit.xml)', files };
  fs.writeFileSync(output, `${JSON.stringify(durations, null, 2)}\n`);
  return durations;
}

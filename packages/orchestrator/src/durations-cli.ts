import * as path from 'node:path';
import { writeTestDurations } from './durations/test-durations';

/**
 * `pnpm test:durations`: records each test file's run time from the last `pnpm test`
 * (reports/junit.xml) in packages/orchestrator/test-durations.json, which the Jest sequencer reads to run
 * the slowest files first on a machine without Jest's cache (a fresh clone, a CI job).
 */
const repoRoot = path.resolve(__dirname, '../../..');
const junit = path.resolve(repoRoot, process.argv[2] ?? 'reports/junit.xml');
const output = path.join(repoRoot, 'packages', 'orchestrator', 'test-durations.json');
try {
  const durations = writeTestDurations(junit, output);
  process.stdout.write(`test durations: ${Object.keys(durations.files).length} files → ${path.relative(repoRoot, output)}\n`);
} catch (error) {
  process.stderr.write(`test durations: ${(error as Error).message}\n`);
  process.exit(1);
}

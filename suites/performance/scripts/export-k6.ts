/**
 * `pnpm perf:export-k6 [--profile ci|full] [--out DIR]`: the performance suite's loads as k6
 * scripts with the same thresholds (default: the full profile into deploy/k6/scripts, which the
 * k6-operator TestRun in deploy/k6 mounts).
 */
import * as path from 'node:path';
import { repositoryRoot } from '@orch/harness';
import { exportK6Scripts } from '../src/export-k6';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const profile = argument('profile') ?? 'full';
if (profile !== 'ci' && profile !== 'full') {
  console.error(`--profile must be ci or full, got "${profile}"`);
  process.exit(2);
}
const directory = path.resolve(argument('out') ?? path.join(repositoryRoot(), 'deploy', 'k6', 'scripts'));
for (const script of exportK6Scripts(directory, profile)) console.log(`wrote ${path.relative(process.cwd(), script.file)}`);

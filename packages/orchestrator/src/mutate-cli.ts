import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mutationScore, MUTATION_SCORE_FILE } from '@orch/golden-signals-reporter';

/**
 * `pnpm mutate`: Stryker on the systems' cores with the unit suite, then the mutation score per
 * package written beside the report (`reports/mutation/mutation-score.json`), which the next
 * report shows. Full profile only: it takes hours on 2 cores, so never in CI.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const config = path.join(repoRoot, 'packages/orchestrator/stryker/stryker.config.json');

function main(argv: readonly string[]): number {
  if (process.env.CI === 'true' && !argv.includes('--in-ci')) {
    process.stderr.write('pnpm mutate runs in the full profile only, not in CI (hours on 2 cores); pass --in-ci to force it.\n');
    return 0;
  }
  // The package's exports map hides its bin; the workspace's .bin link is the supported entry.
  const stryker = path.join(repoRoot, 'node_modules', '.bin', 'stryker');
  const args = argv.filter((arg) => arg !== '--in-ci' && arg !== '--');
  const result = spawnSync(stryker, ['run', config, ...args], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ORCH_PROFILE: 'full', ORCH_COVERAGE: '0' } });
  const json = path.join(repoRoot, 'reports', 'mutation', 'mutation.json');
  if (!fs.existsSync(json)) {
    process.stderr.write(`pnpm mutate: Stryker wrote no ${path.relative(repoRoot, json)} (exit ${result.status})\n`);
    return result.status || 1;
  }
  const score = mutationScore(JSON.parse(fs.readFileSync(json, 'utf8')), repoRoot, path.relative(repoRoot, json));
  const output = path.join(repoRoot, 'reports', MUTATION_SCORE_FILE);
  fs.writeFileSync(output, `${JSON.stringify(score, null, 2)}\n`);
  for (const item of score.packages)
    process.stderr.write(
      `mutation score ${item.name}: ${item.score === null ? 'not measured' : `${item.score}%`} (${item.killed} killed, ${item.survived} survived, of ${item.total})\n`,
    );
  process.stderr.write(`→ ${path.relative(repoRoot, output)} (the next report shows it)\n`);
  return result.status ?? 1;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

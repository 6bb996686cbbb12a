import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCoverageMap } from 'istanbul-lib-coverage';
import { attachMergedCoverage, mergeJunitFiles, mergeReports, readReport, writeReportFiles } from '@orch/golden-signals-reporter';
import { AGENTS, COVERAGE_AGENTS } from '@orch/harness';
import { EXCLUSIVE_AGENTS } from './orchestrate';

/**
 * `pnpm test`: Jest on the agents that collect coverage (COVERAGE_AGENTS), then on the other
 * shared projects without it (integration, security, the toolkit), then the performance agent
 * alone (its figures are the machine's: it never shares it with other suites), then one report
 * merged from the parts, identical in shape to a single run's. Arguments go to every Jest run;
 * `--selectProjects` is split between them.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const reportsDirectory = path.resolve(repoRoot, process.env.ORCH_REPORTS_DIR ?? 'reports');
const partsDirectory = path.join(reportsDirectory, '.parts');
const jestBin = require.resolve('jest/bin/jest', { paths: [repoRoot] });

interface Part {
  name: string;
  args: string[];
  /** Extra environment of this part's Jest. */
  env?: Record<string, string>;
}

/** The Jest runs (covered, uncovered, each exclusive agent), each with its own `--selectProjects`; a part with nothing selected is dropped. */
export function splitRuns(argv: readonly string[], exclusive: readonly string[] = EXCLUSIVE_AGENTS): Part[] {
  const args = [...argv];
  const index = args.indexOf('--selectProjects');
  let selected: string[] = [...AGENTS, 'toolkit'];
  if (index >= 0) {
    let end = index + 1;
    while (end < args.length && !args[end]!.startsWith('-')) end += 1;
    selected = args.slice(index + 1, end);
    args.splice(index, end - index);
  }
  // A path or name filter may match nothing in one part: that part then passes with no tests.
  const filtered = args.some((arg) => !arg.startsWith('-') || arg === '-t' || arg.startsWith('--testNamePattern') || arg.startsWith('--testPathPattern'));
  if (filtered && !args.includes('--passWithNoTests')) args.push('--passWithNoTests');
  const shared = selected.filter((name) => !exclusive.includes(name));
  const covered = shared.filter((name) => COVERAGE_AGENTS.includes(name));
  const uncovered = shared.filter((name) => !COVERAGE_AGENTS.includes(name));
  const alone = selected.filter((name) => exclusive.includes(name));
  const withoutCoverage = { ORCH_COVERAGE: '0' };
  return [
    ...(covered.length > 0 ? [{ name: 'covered', args: [...args, '--selectProjects', ...covered] }] : []),
    ...(uncovered.length > 0 ? [{ name: 'uncovered', args: [...args, '--selectProjects', ...uncovered], env: withoutCoverage }] : []),
    ...alone.map((name) => ({ name, args: [...args, '--selectProjects', name], env: COVERAGE_AGENTS.includes(name) ? undefined : withoutCoverage })),
  ];
}

function runPart(part: Part): number {
  const directory = path.join(partsDirectory, part.name);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  process.stderr.write(`\n── pnpm test: ${part.name} (${part.args.join(' ')}) ──\n`);
  const result = spawnSync(process.execPath, [jestBin, ...part.args], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: {
      ...process.env,
      ORCH_SHARD_ID: process.env.ORCH_SHARD_ID ?? part.name,
      ORCH_REPORTS_DIR: directory,
      ORCH_RUN_DIR: path.join(directory, '.runtime'),
      JEST_JUNIT_OUTPUT_DIR: directory,
      ORCH_HISTORY: '0',
      ...part.env,
    },
  });
  return result.status ?? 1;
}

function mergeParts(parts: readonly Part[]): void {
  const files = parts.map((part) => path.join(partsDirectory, part.name, 'report.json')).filter((file) => fs.existsSync(file));
  if (files.length === 0) {
    process.stderr.write('pnpm test: no part wrote a report.json\n');
    return;
  }
  const merged = attachMergedCoverage(mergeReports(files.map((file) => readReport(file))), files, repoRoot);
  const written = writeReportFiles(merged, reportsDirectory);
  const junit = mergeJunitFiles(
    parts.map((part) => path.join(partsDirectory, part.name, 'junit.xml')),
    path.join(reportsDirectory, 'junit.xml'),
  );
  writeCoverageUnion(
    parts.map((part) => path.join(partsDirectory, part.name, 'coverage', 'coverage-final.json')),
    path.join(reportsDirectory, 'coverage', 'coverage-final.json'),
  );
  process.stderr.write(
    `pnpm test: merged ${files.length} part(s) → ${path.relative(repoRoot, written.markdown)}, ${path.relative(repoRoot, written.html)}${junit ? `, ${path.relative(repoRoot, junit)}` : ''}\n`,
  );
}

/** The parts' coverage maps as one (a line hit by any part counts), where CI's merge and the next plan read it. */
function writeCoverageUnion(inputs: readonly string[], output: string): void {
  const present = inputs.filter((file) => fs.existsSync(file));
  if (present.length === 0) return;
  const map = createCoverageMap({});
  for (const file of present) map.merge(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, never>);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, JSON.stringify(map.toJSON()));
}

function main(): number {
  const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
  const parts = splitRuns(argv);
  let status = 0;
  for (const part of parts) status = Math.max(status, runPart(part));
  try {
    mergeParts(parts);
  } catch (error) {
    process.stderr.write(`pnpm test: the merged report could not be written: ${(error as Error).message}\n`);
    status = Math.max(status, 1);
  }
  return status;
}

if (require.main === module) process.exit(main());

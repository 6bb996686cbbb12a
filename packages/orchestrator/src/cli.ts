import * as path from 'node:path';
import { parseArguments, USAGE, UsageError } from './cli/parse-arguments';
import { orchestrate } from './orchestrate';
import { jestAgentCommand } from './run/jest-command';

/** `pnpm orchestrate`: exit 0 when every agent passed, 1 when any failed or crashed, 2 on bad usage, 130 when interrupted. */
async function main(): Promise<number> {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const repoRoot = options.root ? path.resolve(options.root) : path.resolve(__dirname, '../../..');
  const abort = new AbortController();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      // A second Ctrl-C: the first one is already killing agents and stopping services.
      process.stderr.write(`\n${signal} again: exiting now\n`);
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping agents, stopping services, writing the report...\n`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const result = await orchestrate({
    repoRoot,
    agents: options.agents,
    concurrency: options.concurrency,
    profile: options.profile,
    timeoutMs: options.timeoutMinutes !== undefined ? options.timeoutMinutes * 60_000 : undefined,
    matrixFile: path.resolve(repoRoot, options.matrix ?? 'fixtures/user-case-matrix.json'),
    suitesDirectory: path.join(repoRoot, 'suites'),
    stateDirectory: path.join(repoRoot, '.orchestrator'),
    reportsDirectory: path.join(repoRoot, 'reports'),
    abortSignal: abort.signal,
    ...(options.jestConfig ? { commandBuilder: jestAgentCommand({ cwd: repoRoot, baseConfig: path.resolve(options.jestConfig) }) } : {}),
    // Same switch as the Jest global setup: suites that need no services skip starting them.
    startServices: process.env.ORCH_SERVICES === 'none' ? false : undefined,
  });
  return interrupted ? 130 : result.exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`orchestrate failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

import * as os from 'node:os';
import { AGENTS } from '@orch/harness';
import { parseCommandLine, UsageError } from '@orch/golden-signals-reporter';

export interface CliOptions {
  agents: string[];
  concurrency: number;
  profile: 'ci' | 'full';
  timeoutMinutes?: number;
  matrix?: string;
  /** Another repository (or a fixture project) to orchestrate; default this one. */
  root?: string;
  /** The Jest config the agents run with; default `<root>/jest.config.cjs`. */
  jestConfig?: string;
  help: boolean;
}

export { UsageError };

export const USAGE = `usage: pnpm orchestrate [options]

  --agents a,b,...       agents to run (default: all seven: ${AGENTS.join(', ')})
  --concurrency N        agents running at once (default: os.availableParallelism() = ${os.availableParallelism()});
                         performance always runs alone, after the others
  --profile ci|full      ORCH_PROFILE for the suites (default: $ORCH_PROFILE or ci)
  --timeout-minutes M    kill an agent's process group after M minutes (reported as crashed)
  --matrix FILE          scenario matrix (default: fixtures/user-case-matrix.json)
  --root DIR             repository to orchestrate (default: this one; suites/, reports/, .orchestrator/ under it)
  --jest-config FILE     Jest config of the agents (default: <root>/jest.config.cjs)
  --help                 this text`;

const OPTIONS = {
  agents: { type: 'string' },
  concurrency: { type: 'string' },
  profile: { type: 'string' },
  'timeout-minutes': { type: 'string' },
  matrix: { type: 'string' },
  root: { type: 'string' },
  'jest-config': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--flag value` and `--flag=value` (node's parseArgs, the rule both CLIs share); unknown flags and bad values are usage errors. */
export function parseArguments(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values } = parseCommandLine(argv, OPTIONS);
  const options: CliOptions = {
    agents: values.agents !== undefined ? parseAgents(values.agents) : [...AGENTS],
    concurrency: values.concurrency !== undefined ? positiveNumber('--concurrency', values.concurrency, true) : os.availableParallelism(),
    profile: parseProfile(values.profile ?? (environment.ORCH_PROFILE === 'full' ? 'full' : 'ci')),
    help: values.help ?? false,
  };
  if (values['timeout-minutes'] !== undefined) options.timeoutMinutes = positiveNumber('--timeout-minutes', values['timeout-minutes'], false);
  if (values.matrix !== undefined) options.matrix = values.matrix;
  if (values.root !== undefined) options.root = values.root;
  if (values['jest-config'] !== undefined) options.jestConfig = values['jest-config'];
  return options;
}

function parseAgents(text: string): string[] {
  const agents = text
    .split(',')
    .map((agent) => agent.trim())
    .filter(Boolean);
  const unknown = agents.filter((agent) => !(AGENTS as readonly string[]).includes(agent));
  if (unknown.length > 0) throw new UsageError(`unknown agent(s): ${unknown.join(', ')} (known: ${AGENTS.join(', ')})`);
  return [...new Set(agents)];
}

function parseProfile(profile: string): CliOptions['profile'] {
  if (profile !== 'ci' && profile !== 'full') throw new UsageError(`--profile must be ci or full, not ${profile}`);
  return profile;
}

function positiveNumber(flag: string, text: string, integer: boolean): number {
  const number = Number(text);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'integer' : 'number'}, not ${text}`);
  }
  return number;
}

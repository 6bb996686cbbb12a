import * as os from 'node:os';
import { AGENTS } from '@orch/harness';

export interface CliOptions {
  agents: string[];
  concurrency: number;
  profile: 'ci' | 'full';
  timeoutMinutes?: number;
  matrix?: string;
  help: boolean;
}

export class UsageError extends Error {
  readonly code = 'USAGE';
}

export const USAGE = `usage: pnpm orchestrate [options]

  --agents a,b,...       agents to run (default: all seven: ${AGENTS.join(', ')})
  --concurrency N        agents running at once (default: os.availableParallelism() = ${os.availableParallelism()})
  --profile ci|full      ORCH_PROFILE for the suites (default: $ORCH_PROFILE or ci)
  --timeout-minutes M    kill an agent's process group after M minutes (reported as crashed)
  --matrix FILE          scenario matrix (default: fixtures/user-case-matrix.json)
  --help                 this text`;

/** Parses `--flag value` and `--flag=value` forms; unknown flags and bad values are usage errors. */
export function parseArguments(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): CliOptions {
  const options: CliOptions = {
    agents: [...AGENTS],
    concurrency: os.availableParallelism(),
    profile: environment.ORCH_PROFILE === 'full' ? 'full' : 'ci',
    help: false,
  };
  const args = [...argv];
  while (args.length > 0) {
    const argument = args.shift()!;
    if (argument === '--') continue;
    const [flag, inline] = argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    const value = (): string => {
      const next = inline ?? args.shift();
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--agents': {
        const agents = value()
          .split(',')
          .map((agent) => agent.trim())
          .filter(Boolean);
        const unknown = agents.filter((agent) => !(AGENTS as readonly string[]).includes(agent));
        if (unknown.length > 0) throw new UsageError(`unknown agent(s): ${unknown.join(', ')} (known: ${AGENTS.join(', ')})`);
        options.agents = [...new Set(agents)];
        break;
      }
      case '--concurrency':
        options.concurrency = positiveNumber(flag, value(), true);
        break;
      case '--profile': {
        const profile = value();
        if (profile !== 'ci' && profile !== 'full') throw new UsageError(`--profile must be ci or full, not ${profile}`);
        options.profile = profile;
        break;
      }
      case '--timeout-minutes':
        options.timeoutMinutes = positiveNumber(flag, value(), false);
        break;
      case '--matrix':
        options.matrix = value();
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${argument}`);
    }
  }
  return options;
}

function positiveNumber(flag: string, text: string, integer: boolean): number {
  const number = Number(text);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'integer' : 'number'}, not ${text}`);
  }
  return number;
}

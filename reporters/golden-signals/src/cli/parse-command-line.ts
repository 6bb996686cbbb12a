import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad command line: the CLIs print it with their usage and exit 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommandLine<T extends Options> {
  values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/**
 * The one argument rule of both CLIs (`pnpm orchestrate`, `pnpm report:merge`): node's
 * `parseArgs` in strict mode, so `--flag value` and `--flag=value` both work, an unknown flag or a
 * missing value is a UsageError, and `--` ends the options.
 */
export function parseCommandLine<T extends Options>(argv: readonly string[], options: T, allowPositionals = false): ParsedCommandLine<T> {
  try {
    // `pnpm x -- --flag` forwards the `--`; it separates pnpm's arguments from ours, not options from positionals.
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    const parsed = parseArgs({ args, options, strict: true, allowPositionals });
    for (const [name, value] of Object.entries(parsed.values)) {
      if (value === '') throw new UsageError(`--${name} needs a value`);
    }
    return parsed as unknown as ParsedCommandLine<T>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(usageMessage(error as NodeJS.ErrnoException));
  }
}

/** parseArgs' messages in the CLIs' words: `unknown option --x`, `--out needs a value`. */
function usageMessage(error: NodeJS.ErrnoException): string {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? `${flag} needs a value` : `${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trim();
    default:
      return error.message.split('\n')[0]!;
  }
}

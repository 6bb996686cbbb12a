const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(value: string): string {
  return value.replace(ANSI, '');
}

/** The first meaningful line of a failure message, without colours, cut to `max` characters. */
export function firstLine(message: string, max = 240): string {
  const line =
    stripAnsi(message)
      .split('\n')
      .map((part) => part.trim())
      .find((part) => part.length > 0) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

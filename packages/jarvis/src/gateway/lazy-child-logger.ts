import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LevelValues = Record<string, number>;

/**
 * Fastify's per-request child logger, created only when the request logs something its level
 * lets through. A pino child with redaction costs microseconds (its bindings are serialised and
 * redacted): on GET /health, which logs nothing at its `warn` level, that was a tenth of the
 * request's CPU. A request that does log gets the real child, bindings and redaction included,
 * so every line is what it was. Methods live on the prototype: no closures per request.
 */
class LazyChildLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
    private readonly values: LevelValues,
    private readonly threshold: number,
  ) {}

  get level(): string {
    return this.real?.level ?? this.options.level ?? this.parent.level;
  }

  set level(value: string) {
    this.child$().level = value;
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }

  error(...args: unknown[]): void {
    this.log('error', args);
  }

  warn(...args: unknown[]): void {
    this.log('warn', args);
  }

  info(...args: unknown[]): void {
    this.log('info', args);
  }

  debug(...args: unknown[]): void {
    this.log('debug', args);
  }

  trace(...args: unknown[]): void {
    this.log('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.child$().child(bindings, options);
  }

  private log(method: Method, args: unknown[]): void {
    if (this.real) (this.real[method] as (...a: unknown[]) => void)(...args);
    else if (this.values[method]! >= this.threshold) (this.child$()[method] as (...a: unknown[]) => void)(...args);
  }

  private child$(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings, this.options));
  }
}

/** Fastify `childLoggerFactory`: a lazy child for pino loggers, the usual child for anything else. */
export function lazyChildLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const values = (parent as unknown as { levels?: { values: LevelValues } }).levels?.values;
  const threshold = values?.[options.level ?? parent.level];
  if (!values || threshold === undefined) return parent.child(bindings, options);
  return new LazyChildLogger(parent, bindings, options, values, threshold) as unknown as FastifyBaseLogger;
}

import type { Clock } from '../clock/clock';
import { JarvisError } from '../errors/jarvis-error';
import type { AuditTrail } from '../audit/audit-trail';
import { KillSwitch } from './kill-switch';
import { OperationRateLimiter } from './operation-rate-limiter';

/** The operations JARVIS may perform on its own; anything else is refused and recorded. */
export const DEFAULT_COMMAND_WHITELIST = [
  'restart-service',
  'escalate',
  'scale-service',
  'deploy-staging',
  'deploy-production',
  'rollback',
  'enable-cache',
  'route-traffic',
  'create-customer',
  'send-email',
  'provision-dashboard',
  'create-coupon',
  'record-event',
] as const;

export interface SafetyGuardOptions {
  clock: Clock;
  audit: AuditTrail;
  killSwitch?: KillSwitch;
  whitelist?: readonly string[];
  rateLimiter?: OperationRateLimiter;
}

export interface OperationRequest {
  command: string;
  actor: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/**
 * The single gate every autonomous operation goes through: kill switch, command whitelist,
 * operation rate limit, in that order, and the audit trail records the decision either way.
 */
export class SafetyGuard {
  readonly killSwitch: KillSwitch;
  readonly rateLimiter: OperationRateLimiter;
  readonly audit: AuditTrail;
  private readonly whitelist: ReadonlySet<string>;

  constructor(options: SafetyGuardOptions) {
    this.audit = options.audit;
    this.killSwitch = options.killSwitch ?? KillSwitch.fromEnv(options.clock);
    this.rateLimiter = options.rateLimiter ?? new OperationRateLimiter(options.clock);
    this.whitelist = new Set(options.whitelist ?? DEFAULT_COMMAND_WHITELIST);
  }

  isWhitelisted(command: string): boolean {
    return this.whitelist.has(command);
  }

  /** Throws a JarvisError (and audits the refusal) when the operation may not run. */
  authorize(request: OperationRequest): void {
    const base = { actor: request.actor, operation: request.command, target: request.target ?? '', detail: request.detail ?? {} };
    if (!this.killSwitch.enabled()) {
      this.audit.append({ ...base, outcome: 'blocked', detail: { ...base.detail, reason: 'kill switch: autonomy disabled' } });
      throw new JarvisError('AUTONOMY_DISABLED', 'autonomous operations are disabled (kill switch)');
    }
    if (!this.whitelist.has(request.command)) {
      this.audit.append({ ...base, outcome: 'blocked', detail: { ...base.detail, reason: 'command not whitelisted' } });
      throw new JarvisError('COMMAND_NOT_ALLOWED', `command "${request.command}" is not on the autonomous whitelist`, { command: request.command });
    }
    const decision = this.rateLimiter.tryAcquire();
    if (!decision.allowed) {
      this.audit.append({ ...base, outcome: 'blocked', detail: { ...base.detail, reason: 'operation rate limit', inWindow: decision.inWindow } });
      throw new JarvisError('OPERATION_RATE_LIMITED', `more than ${this.rateLimiter.limit} operations in ${this.rateLimiter.windowMs / 1000} s`, {
        retryAfterMs: decision.retryAfterMs,
      });
    }
  }

  /** Authorizes, runs and audits one operation (started / succeeded / failed). */
  async run<T>(request: OperationRequest, operation: () => Promise<T>): Promise<T> {
    this.authorize(request);
    const base = { actor: request.actor, operation: request.command, target: request.target ?? '' };
    try {
      const result = await operation();
      this.audit.append({ ...base, outcome: 'succeeded', detail: request.detail ?? {} });
      return result;
    } catch (error) {
      this.audit.append({ ...base, outcome: 'failed', detail: { ...(request.detail ?? {}), error: (error as Error).message } });
      throw error;
    }
  }
}

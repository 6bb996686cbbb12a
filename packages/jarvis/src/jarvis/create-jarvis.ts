import { AlertManager } from '../alerting/alert-manager';
import type { Notifier } from '../alerting/alert';
import { defaultAlertRules, type AlertRule } from '../alerting/alert-rule';
import { WebhookNotifier } from '../alerting/webhook-notifier';
import { realClock, type Clock } from '../clock/clock';
import { JarvisEvents } from '../events/jarvis-events';
import { HealthAggregator, type HealthAggregatorOptions } from '../health/health-aggregator';
import type { MonitoredService } from '../health/monitored-service';
import { InMemoryActionLog, type ActionLog } from '../recovery/action-log';
import { ChildProcessSupervisor } from '../recovery/child-process-supervisor';
import { IpDenylist } from '../recovery/ip-denylist';
import type { ProcessSupervisor } from '../recovery/process-supervisor';
import { RecoveryManager, type RecoveryManagerOptions, type RecoveryVerdict } from '../recovery/recovery-manager';
import { verifyRecovery } from '../recovery/verify-recovery';
import { InMemoryScaler, type Scaler } from '../recovery/scaler';
import { KillSwitch } from '../safety/kill-switch';
import { AuditTrail } from '../audit/audit-trail';
import { AuditedActionLog } from '../audit/audited-action-log';
import { createAutonomyRuntime, type AutonomyOptions, type AutonomyRuntime } from './autonomy-runtime';

/** The aggregator's options pass through unchanged; JARVIS wires its events and process usage itself. */
export interface JarvisOptions extends Omit<HealthAggregatorOptions, 'services' | 'events' | 'processUsage'> {
  services?: MonitoredService[];
  alertRules?: AlertRule[];
  notifiers?: Notifier[];
  /** Shorthand: one WebhookNotifier per URL. */
  webhookUrls?: string[];
  recovery?: Omit<RecoveryManagerOptions, 'clock' | 'events' | 'actionLog' | 'supervisor' | 'scaler' | 'denylist' | 'verify'> & {
    /** How long a restarted service has to stay up and answer healthy (default two poll intervals). */
    verifyTimeoutMs?: number;
  };
  /** Defaults to a ChildProcessSupervisor over the services that declare a `process`. */
  supervisor?: ProcessSupervisor;
  scaler?: Scaler;
  actionLog?: ActionLog;
  /** Spawn the services' processes when JARVIS starts (default false: they are started elsewhere). */
  startManagedProcesses?: boolean;
  /** Start polling when the app is ready (default true). */
  autoStart?: boolean;
  /** Autonomous actions allowed at start; defaults to JARVIS_AUTONOMOUS (anything but "false"/"0" means on). */
  autonomous?: boolean;
  /** Tamper-evident audit trail of every action (recovery, kill switch); off when not given. */
  audit?: { path: string; signingKey: string; checkpointPath?: string; checkpointEvery?: number };
  /** The zero-touch control loop (every 30 s: health, processes, logs, memory → learning store); off when not given. */
  autonomy?: AutonomyOptions;
}

/** The control plane without its HTTP front: what `app.jarvis` exposes. */
export interface Jarvis {
  events: JarvisEvents;
  clock: Clock;
  aggregator: HealthAggregator;
  alerts: AlertManager;
  recovery: RecoveryManager;
  supervisor: ProcessSupervisor;
  scaler: Scaler;
  actionLog: ActionLog;
  denylist: IpDenylist;
  /** The emergency stop of every autonomous action (also PUT /api/admin/autonomy). */
  killSwitch: KillSwitch;
  /** Present when `audit` was configured: read and verify only (GET /api/admin/audit). */
  audit: AuditTrail | undefined;
  /** Present when `autonomy` was configured (status at GET /api/admin/autonomy/loop). */
  autonomy: AutonomyRuntime | undefined;
  start(): Promise<void>;
  stop(): void;
  close(): Promise<void>;
}

export function createJarvis(options: JarvisOptions = {}): Jarvis {
  const clock = options.clock ?? realClock;
  const events = new JarvisEvents();
  // Every other timing scales with the poll interval (the seed's 30 s gives 10 s rechecks,
  // 10 s alert confirmation, 60 s retry and breaker reset), so a faster poll in an integration
  // run keeps the same shape.
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  const recheckIntervalMs = options.recheckIntervalMs ?? Math.round(pollIntervalMs / 3);
  const services = options.services ?? [];
  const processes = Object.fromEntries(services.flatMap((service) => (service.process ? [[service.name, service.process]] : [])));
  const childSupervisor = options.supervisor ? undefined : new ChildProcessSupervisor({ processes, clock });
  const supervisor = options.supervisor ?? childSupervisor!;
  const aggregator = new HealthAggregator({
    services,
    clock,
    events,
    pollIntervalMs,
    probeTimeoutMs: options.probeTimeoutMs,
    recheckIntervalMs,
    thresholds: options.thresholds,
    signalWindowMs: options.signalWindowMs,
    trafficWindowMs: options.trafficWindowMs,
    heartbeatTtlMs: options.heartbeatTtlMs,
    breaker: { resetTimeoutMs: 2 * pollIntervalMs, rollingWindowMs: 4 * pollIntervalMs, ...options.breaker },
    flap: options.flap,
    processUsage: childSupervisor ? (name) => (childSupervisor.has(name) ? childSupervisor.usage(name) : undefined) : undefined,
  });
  const notifiers = [...(options.notifiers ?? []), ...(options.webhookUrls ?? []).map((url, index) => new WebhookNotifier({ url, name: `webhook-${index + 1}` }))];
  const confirmMs = recheckIntervalMs > 0 ? recheckIntervalMs : pollIntervalMs;
  const rules = options.alertRules ?? defaultAlertRules({ downForMs: confirmMs, warnForMs: 2 * pollIntervalMs, keepFiringForMs: 2 * pollIntervalMs });
  const alerts = new AlertManager({ clock, events, rules, notifiers });
  const audit = options.audit ? new AuditTrail({ ...options.audit, clock }) : undefined;
  const actionLog = audit ? new AuditedActionLog(options.actionLog ?? new InMemoryActionLog(), audit) : (options.actionLog ?? new InMemoryActionLog());
  const denylist = new IpDenylist();
  const scaler = options.scaler ?? new InMemoryScaler();
  const killSwitch = options.autonomous === undefined ? KillSwitch.fromEnv(clock) : new KillSwitch(clock, options.autonomous);
  killSwitch.onChange((state) =>
    audit?.append({ actor: state.changedBy, operation: 'kill-switch', target: 'autonomy', outcome: 'succeeded', detail: { enabled: state.enabled, reason: state.reason } }),
  );
  const recoveryEnabled = options.recovery?.enabled;
  const { verifyTimeoutMs = 2 * pollIntervalMs, ...recoveryOptions } = options.recovery ?? {};
  const verify = (service: string): Promise<RecoveryVerdict> => verifyRecovery({ service, clock, aggregator, supervisor, timeoutMs: verifyTimeoutMs });
  const recovery = new RecoveryManager({
    confirmDownMs: confirmMs,
    retryAfterMs: 2 * pollIntervalMs,
    ...recoveryOptions,
    enabled: () => killSwitch.enabled() && (recoveryEnabled?.() ?? true),
    clock,
    events,
    actionLog,
    supervisor,
    scaler,
    denylist,
    verify,
  });
  // A supervised process that exits unasked is seen at once, not at the next poll.
  childSupervisor?.on('exit', (exit) => {
    if (!exit.expected && aggregator.hasService(exit.name)) aggregator.reprobe(exit.name, `process ${exit.pid} exited (${exit.signal ?? `code ${exit.code}`})`);
  });
  const autonomy = options.autonomy ? createAutonomyRuntime({ clock, services, supervisor, killSwitch }, options.autonomy) : undefined;
  let closed = false;
  return {
    events,
    clock,
    aggregator,
    alerts,
    recovery,
    supervisor,
    scaler,
    actionLog,
    denylist,
    killSwitch,
    audit,
    autonomy,
    async start() {
      if (options.startManagedProcesses) {
        for (const service of services) if (service.process) await supervisor.start(service.name);
      }
      aggregator.start();
      autonomy?.start();
    },
    stop() {
      aggregator.stop();
      autonomy?.stop();
    },
    async close() {
      if (closed) return;
      closed = true;
      aggregator.stop();
      recovery.close();
      await autonomy?.close();
      await aggregator.idle();
      await recovery.idle();
      await aggregator.close();
      await alerts.close();
      await supervisor.close();
      events.removeAllListeners();
      // Last, so the final actions are in it; closing writes a signed checkpoint of the head.
      audit?.close();
    },
  };
}

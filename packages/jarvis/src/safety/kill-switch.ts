import type { Clock } from '../clock/clock';

export interface KillSwitchState {
  enabled: boolean;
  changedAt: number | null;
  changedBy: string;
  reason: string;
}

/**
 * The emergency stop of every autonomous action. `JARVIS_AUTONOMOUS=false` starts JARVIS with
 * automation off; an admin can flip it at run time. Everything that acts (control loop,
 * recovery, deployments, business automation) asks `enabled()` before acting, so the switch takes
 * effect at the next check, within one control-loop iteration at worst.
 */
export class KillSwitch {
  private state: KillSwitchState;
  private readonly listeners = new Set<(state: KillSwitchState) => void>();

  constructor(
    private readonly clock: Clock,
    initiallyEnabled = true,
  ) {
    this.state = { enabled: initiallyEnabled, changedAt: null, changedBy: 'startup', reason: initiallyEnabled ? 'default' : 'JARVIS_AUTONOMOUS=false' };
  }

  /** Reads JARVIS_AUTONOMOUS: only the literal "false" (any case) or "0" disables automation. */
  static fromEnv(clock: Clock, env: NodeJS.ProcessEnv = process.env): KillSwitch {
    const raw = env.JARVIS_AUTONOMOUS?.trim().toLowerCase();
    return new KillSwitch(clock, !(raw === 'false' || raw === '0'));
  }

  enabled(): boolean {
    return this.state.enabled;
  }

  status(): KillSwitchState {
    return { ...this.state };
  }

  set(enabled: boolean, changedBy: string, reason: string): KillSwitchState {
    this.state = { enabled, changedAt: this.clock.now(), changedBy, reason };
    for (const listener of this.listeners) listener(this.status());
    return this.status();
  }

  onChange(listener: (state: KillSwitchState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The two systems under test. */
export type SystemName = 'jarvis' | 'ai-dawg';

export type TargetKind = 'reference' | 'url';

export type TargetRole = 'user' | 'admin';

/** A user of the target created for the test (AI DAWG registers one through its API). */
export interface TargetUser {
  id: string;
  email: string;
  token: string;
}

/**
 * The system a black-box suite drives: the reference system this process started, or a deployed
 * one reached by URL. Suites speak HTTP/WebSocket to `baseUrl` and never reach behind it.
 */
export interface SystemTarget extends AsyncDisposable {
  system: SystemName;
  kind: TargetKind;
  /** JARVIS gateway, or AI DAWG backend. */
  baseUrl: string;
  /** Other services of the system where known (AI DAWG `producer`, `vocalCoach`). */
  urls: Readonly<Record<string, string>>;
  /** Where a reference AI DAWG keeps its data, so a test can check rows and objects behind the API. */
  storage?: { databaseUrl: string; bucket: string };
  /** True only for a reference system: the test may kill its processes or drive its clock. */
  controllable: boolean;
  /** Headers that authenticate as a user (default) or an admin of the target. */
  authHeaders(role?: TargetRole): Promise<Record<string, string>>;
  /**
   * A fresh user of its own, for ownership tests. AI DAWG registers one through its API (on a
   * deployed target too, where registration is open); JARVIS's users are configured, so it throws.
   */
  createUser(label?: string): Promise<TargetUser>;
  /** What the reference system printed, for failure messages (empty for a URL target). */
  output(): string;
  stop(): Promise<void>;
}

export class TargetConfigurationError extends Error {
  readonly code = 'TARGET_NOT_CONFIGURED';
  constructor(message: string) {
    super(message);
    this.name = 'TargetConfigurationError';
  }
}

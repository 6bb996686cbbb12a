/**
 * The seed's five load tests (Agent 5) as data: the Jest suite runs them and `pnpm perf:export-k6`
 * turns the same definitions into k6 scripts, so both carry the same loads and thresholds.
 */

export interface HealthLevel {
  label: 'baseline' | 'normal' | 'peak';
  users: number;
  /** Scenario per measured term: p50, p95, p99, throughput, error rate. */
  scenarios: { p50: string; p95: string; p99: string; throughput: string; errors: string };
}

export const HEALTH_LEVELS: readonly HealthLevel[] = [
  { label: 'baseline', users: 10, scenarios: { p50: 'PERF-01', p95: 'PERF-02', p99: 'PERF-03', throughput: 'PERF-04', errors: 'PERF-05' } },
  { label: 'normal', users: 100, scenarios: { p50: 'PERF-06', p95: 'PERF-07', p99: 'PERF-08', throughput: 'PERF-09', errors: 'PERF-10' } },
  { label: 'peak', users: 1000, scenarios: { p50: 'PERF-11', p95: 'PERF-12', p99: 'PERF-13', throughput: 'PERF-14', errors: 'PERF-15' } },
];

/**
 * Arrival rate for GET /health. The seed asks 1000 req/s; sending 20% more shows the 1000
 * answered per second with headroom instead of at the edge (the latency targets then hold at a
 * load above the seed's).
 */
export const HEALTH_RATE_PER_SECOND = 1200;

export const PROJECT_LOAD = {
  users: 100,
  /** Each of the 100 users creates a project every second (k6's 100 VUs with a 1 s pause), far above a studio's real pace. */
  ratePerSecond: 100,
  /** Share of requests that break a constraint (bpm out of range) and must be refused without a row. */
  invalidShare: 0.05,
} as const;

export const VOCAL_LOAD = {
  streams: 50,
  chunkMs: 100,
  sampleRate: 48_000,
  /** A sung A4 with vibrato, so the analyser does its real work on every chunk. */
  frequencyHz: 440,
} as const;

export const BEAT_LOAD = {
  requests: 10,
  genres: ['trap', 'boom-bap', 'house', 'drill', 'lo-fi'] as const,
  bpm: 120,
  bars: 4,
} as const;

export const MIXED_LOAD = {
  users: 100,
  /** Each of the 100 users acts every 5 s on average. */
  ratePerSecond: 20,
  shares: { browse: 0.7, create: 0.2, generate: 0.1 },
} as const;

export type MixedAction = keyof typeof MIXED_LOAD.shares;

/** Deterministic 70/20/10 interleaving: request i's action, spread evenly rather than in runs. */
export function mixedAction(index: number): MixedAction {
  const slot = index % 10;
  return slot < 7 ? 'browse' : slot < 9 ? 'create' : 'generate';
}

/** Per-endpoint latency target in the mix: the seed's AI DAWG backend target (p95 < 500 ms). */
export const MIXED_ENDPOINT_THRESHOLD = 'p(95)<500';

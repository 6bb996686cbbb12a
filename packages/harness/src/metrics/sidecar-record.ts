import sidecarSchema from '../../schemas/metric-sidecar.schema.json';

/** Version 1 of the sidecar line format shared by the harness (writer) and the reporter (reader). */
export const SIDECAR_VERSION = 1;

/** The published JSON Schema of one sidecar line (`schemas/metric-sidecar.schema.json`); readers check every line against it. */
export const METRIC_SIDECAR_SCHEMA: object = sidecarSchema;

/**
 * `breach`: the figure shows a deliberately injected breach of its threshold (the seed's
 * "latency degraded: p95 150 ms"); it passes when the observed statistic violates the threshold.
 */
export type MetricRole = 'breach';

export interface MetricRecord {
  v: 1;
  kind: 'metric';
  testPath: string;
  /** Full test name as Jest reports it (describe blocks + title, space separated). */
  testName: string;
  scenarios: string[];
  name: string;
  /** The figure: for a distribution threshold (`p(95)`, `max`, `min`, `avg`) computed by the harness from `samples` or `histogram`. */
  value: number;
  unit: string;
  /** k6-style threshold the value is checked against, e.g. `p(95)<100`. */
  threshold?: string;
  /** The seed's words for the target, e.g. `<100ms p95`. */
  target?: string;
  pass?: boolean;
  role?: MetricRole;
  /** Compressed base64 HDR histogram (microseconds), so shards merge percentiles correctly. */
  histogram?: string;
  /** Raw observations in `unit` (non-time figures: cents, MB, ...), so a merge recomputes the statistic. */
  samples?: number[];
  /** Free-form context: the load generator's health, the profile, the provider. */
  details?: Record<string, unknown>;
  recordedAt: string;
}

export interface NotRunRecord {
  v: 1;
  kind: 'not-run';
  testPath: string;
  testName: string;
  scenarios: string[];
  reason: string;
  recordedAt: string;
}

export type SidecarRecord = MetricRecord | NotRunRecord;

/** Version 1 of the sidecar line format shared by the harness (writer) and the reporter (reader). */
export const SIDECAR_VERSION = 1;

export interface MetricRecord {
  v: 1;
  kind: 'metric';
  testPath: string;
  /** Full test name as Jest reports it (describe blocks + title, space separated). */
  testName: string;
  scenarios: string[];
  name: string;
  value: number;
  unit: string;
  /** k6-style threshold the value is checked against, e.g. `p(95)<100`. */
  threshold?: string;
  /** The seed's words for the target, e.g. `<100ms p95`. */
  target?: string;
  pass?: boolean;
  /** Compressed base64 HDR histogram (microseconds), so shards merge percentiles correctly. */
  histogram?: string;
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

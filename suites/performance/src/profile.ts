/**
 * Load sizes per profile. `ci` (the default) keeps the seed's rates and concurrency but runs
 * seconds instead of minutes; `full` runs the seed's durations (10-minute vocal soak, 30-minute mix).
 */
export type ProfileName = 'ci' | 'full';

export function profileName(): ProfileName {
  return process.env.ORCH_PROFILE === 'full' ? 'full' : 'ci';
}

export interface PerformanceProfile {
  name: ProfileName;
  /** JARVIS GET /health: seconds per concurrency level, at the asked arrival rate. */
  healthSecondsPerLevel: number;
  /** Closed-model (autocannon) seconds per level, for the server's ceiling beside the open-model figures (0: skipped). */
  healthCeilingSeconds: number;
  projectSeconds: number;
  vocalSeconds: number;
  /** RSS samples before this are start-up (heap sizing), not growth. */
  vocalSettleSeconds: number;
  /**
   * RSS growth after settling that counts as a leak, MB per minute. The full soak bounds a slow
   * leak (50 MB over 10 minutes); the ci run's few seconds can only bound a gross one (a retained
   * 19 KB chunk per message is ~570 MB/min), since V8's heap still sizes itself in that window.
   */
  vocalLeakThreshold: string;
  mixedSeconds: number;
}

const PROFILES: Record<ProfileName, PerformanceProfile> = {
  ci: {
    name: 'ci',
    healthSecondsPerLevel: 3,
    healthCeilingSeconds: 0,
    projectSeconds: 4,
    vocalSeconds: 10,
    vocalSettleSeconds: 5,
    vocalLeakThreshold: 'value<100',
    mixedSeconds: 6,
  },
  full: {
    name: 'full',
    healthSecondsPerLevel: 60,
    healthCeilingSeconds: 10,
    projectSeconds: 60,
    vocalSeconds: 600,
    vocalSettleSeconds: 30,
    vocalLeakThreshold: 'value<5',
    mixedSeconds: 1800,
  },
};

export function performanceProfile(name: ProfileName = profileName()): PerformanceProfile {
  return PROFILES[name];
}

/** Jest timeout for a test whose load runs `seconds`, with room for set-up and drain. */
export function timeoutFor(seconds: number, setUpSeconds = 60): number {
  return (seconds + setUpSeconds) * 1000;
}

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
  /** Closed-model (autocannon) seconds per level, for the server's ceiling beside the open-model figures. */
  healthCeilingSeconds: number;
  projectSeconds: number;
  vocalSeconds: number;
  /** RSS samples before this are start-up, not growth. */
  vocalSettleSeconds: number;
  mixedSeconds: number;
}

const PROFILES: Record<ProfileName, PerformanceProfile> = {
  ci: { name: 'ci', healthSecondsPerLevel: 3, healthCeilingSeconds: 1, projectSeconds: 5, vocalSeconds: 10, vocalSettleSeconds: 3, mixedSeconds: 8 },
  full: { name: 'full', healthSecondsPerLevel: 60, healthCeilingSeconds: 10, projectSeconds: 60, vocalSeconds: 600, vocalSettleSeconds: 30, mixedSeconds: 1800 },
};

export function performanceProfile(name: ProfileName = profileName()): PerformanceProfile {
  return PROFILES[name];
}

/** Jest timeout for a test whose load runs `seconds`, with room for set-up and drain. */
export function timeoutFor(seconds: number, setUpSeconds = 60): number {
  return (seconds + setUpSeconds) * 1000;
}

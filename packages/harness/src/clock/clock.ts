/**
 * The Clock is defined once, in @orch/clock, which the systems import too (they never import the
 * harness). Re-exported here so `import { Clock } from '@orch/harness'` keeps working.
 */
export { realClock, type Clock, type TimerHandle } from '@orch/clock';

/**
 * The time source every periodic or time-stamping part takes, so tests can simulate time. The
 * interface is defined once in @orch/clock (AI DAWG never imports the harness); `systemClock` is
 * AI DAWG's name for its real implementation.
 */
export { realClock as systemClock, type Clock, type TimerHandle } from '@orch/clock';

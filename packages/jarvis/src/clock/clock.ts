/**
 * Time as a dependency. Every periodic thing in JARVIS (polls, probe timeouts, alert `for`
 * windows, breaker resets, recovery retries) takes a Clock, so tests can simulate minutes in
 * milliseconds. The interface is defined once in @orch/clock (shared with the harness, which
 * JARVIS never imports); re-exported here so JARVIS code keeps importing it from this file.
 */
export { realClock, type Clock, type TimerHandle } from '@orch/clock';

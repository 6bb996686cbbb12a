export interface LatencyReport {
  bufferSize: number;
  sampleRate: number;
  /** Input buffer + output buffer + converter latency, in ms. */
  roundTripMs: number;
  withinTarget: boolean;
  warning?: string;
  /** Largest power-of-two buffer that meets the target (what the UI offers), when the current one does not. */
  suggestedBufferSize?: number;
  suggestedRoundTripMs?: number;
}

/** Professional tracking needs under 10 ms round trip (the seed). */
export const RECORDING_LATENCY_TARGET_MS = 10;
const BUFFER_SIZES = [32, 64, 128, 256, 512, 1024, 2048];

function roundTrip(bufferSize: number, sampleRate: number, converterSamples: number): number {
  return ((2 * bufferSize + converterSamples) / sampleRate) * 1000;
}

/**
 * Round-trip latency from the driver buffer size and sample rate: one buffer in, one out, plus
 * the converters' fixed delay (default 0: the figure is then the floor the buffer sets).
 */
export function roundTripLatency(bufferSize: number, sampleRate: number, converterSamples = 0, targetMs = RECORDING_LATENCY_TARGET_MS): LatencyReport {
  if (!Number.isInteger(bufferSize) || bufferSize < 16 || bufferSize > 8192) throw new RangeError(`buffer size must be 16-8192 samples, got ${bufferSize}`);
  if (!(sampleRate >= 8_000 && sampleRate <= 384_000)) throw new RangeError(`sample rate must be 8-384 kHz, got ${sampleRate}`);
  const roundTripMs = roundTrip(bufferSize, sampleRate, converterSamples);
  if (roundTripMs < targetMs) return { bufferSize, sampleRate, roundTripMs, withinTarget: true };
  const suggested = [...BUFFER_SIZES].reverse().find((size) => roundTrip(size, sampleRate, converterSamples) < targetMs);
  return {
    bufferSize,
    sampleRate,
    roundTripMs,
    withinTarget: false,
    warning: `round-trip latency ${roundTripMs.toFixed(2)} ms is over ${targetMs} ms: performers will hear the delay`,
    ...(suggested ? { suggestedBufferSize: suggested, suggestedRoundTripMs: roundTrip(suggested, sampleRate, converterSamples) } : {}),
  };
}

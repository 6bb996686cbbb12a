import { type PcmInputDevice } from '@orch/ai-dawg';

const sineTables = new Map<string, Float32Array>();

/** One second of the sine, computed once: Math.sin per sample is slow in Jest's VM context. */
function sineTable(frequency: number, sampleRate: number): Float32Array {
  const key = `${frequency}@${sampleRate}`;
  let table = sineTables.get(key);
  if (!table) {
    table = Float32Array.from({ length: sampleRate }, (_, i) => 0.5 * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
    sineTables.set(key, table);
  }
  return table;
}

/**
 * Feeds `seconds` of a sine (whole-Hz frequencies loop seamlessly every second) into a device in
 * driver-sized chunks, as a real interface would.
 */
export function feedSine(device: PcmInputDevice, seconds: number, options: { frequency?: number; chunk?: number } = {}): number {
  const chunk = options.chunk ?? 256;
  const table = sineTable(options.frequency ?? 220, device.sampleRate);
  const total = Math.round(seconds * device.sampleRate);
  for (let sent = 0; sent < total; sent += chunk) {
    const at = sent % table.length;
    const size = Math.min(chunk, total - sent, table.length - at);
    device.push(table.subarray(at, at + size));
    sent -= chunk - size;
  }
  return total;
}

/** Feeds a ramp whose value encodes the absolute sample index: lets a test check exactly which samples were kept. */
export function feedIndexRamp(device: PcmInputDevice, from: number, count: number, chunk = 256): void {
  for (let sent = 0; sent < count; sent += chunk) {
    const size = Math.min(chunk, count - sent);
    device.push(Float32Array.from({ length: size }, (_, i) => indexValue(from + sent + i)));
  }
}

/** Sample index → a float that survives Float32 exactly (indices up to 2^24). */
export function indexValue(index: number): number {
  return index / 16_777_216;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

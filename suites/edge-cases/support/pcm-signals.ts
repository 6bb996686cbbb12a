import { PcmInputDevice } from '@orch/ai-dawg';

/** Feeds `seconds` of a sine into a device in driver-sized chunks, as a real interface would. */
export function feedSine(device: PcmInputDevice, seconds: number, options: { frequency?: number; chunk?: number; startPhaseSample?: number } = {}): number {
  const chunk = options.chunk ?? 256;
  const frequency = options.frequency ?? 220;
  const total = Math.round(seconds * device.sampleRate);
  let sample = options.startPhaseSample ?? 0;
  for (let sent = 0; sent < total; sent += chunk) {
    const size = Math.min(chunk, total - sent);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++, sample++) data[i] = 0.5 * Math.sin((2 * Math.PI * frequency * sample) / device.sampleRate);
    device.push(data);
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

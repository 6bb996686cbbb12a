/** Reads `input` at `rate` samples per output sample (linear interpolation): the basis of pitch shift and rate conversion. */
export function resampleLinear(input: Float32Array, rate: number): Float32Array {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`resample rate must be positive, got ${rate}`);
  const length = Math.max(0, Math.floor((input.length - 1) / rate) + 1);
  const output = new Float32Array(input.length === 0 ? 0 : length);
  for (let i = 0; i < output.length; i++) {
    const position = i * rate;
    const index = Math.floor(position);
    const fraction = position - index;
    const a = input[index] ?? 0;
    const b = input[index + 1] ?? a;
    output[i] = a + (b - a) * fraction;
  }
  return output;
}

/** Converts a channel from one sample rate to another (sessions mix at one rate). */
export function convertSampleRate(input: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return new Float32Array(input);
  return resampleLinear(input, from / to);
}

/**
 * Halves the sample rate: a 31-tap Blackman-windowed sinc low-pass (cutoff at 0.22 of the input
 * rate, ~10.5 kHz at 48 kHz, so nothing above the new Nyquist folds back), keeping every second
 * output. Samples past the chunk's edges count as silence.
 */
const TAPS = lowPassTaps(31, 0.22);

function lowPassTaps(length: number, cutoff: number): Float64Array {
  const taps = new Float64Array(length);
  const middle = (length - 1) / 2;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const x = i - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const blackman = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (length - 1));
    taps[i] = sinc * blackman;
    sum += taps[i]!;
  }
  // Unity gain at DC.
  for (let i = 0; i < length; i++) taps[i]! /= sum;
  return taps;
}

export function decimateByTwo(samples: Float32Array): Float32Array {
  const output = new Float32Array(samples.length >> 1);
  const half = (TAPS.length - 1) / 2;
  for (let n = 0; n < output.length; n++) {
    const centre = 2 * n;
    let acc = 0;
    const first = Math.max(0, centre - half);
    const last = Math.min(samples.length - 1, centre + half);
    for (let k = first; k <= last; k++) acc += samples[k]! * TAPS[k - centre + half]!;
    output[n] = acc;
  }
  return output;
}

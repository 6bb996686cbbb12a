import * as wavefileModule from 'wavefile';

// wavefile is CommonJS with an ESM `module` entry: Jest (ts-jest, CJS) and tsx resolve it
// differently, so the class is looked up on whichever shape arrived.
type WaveFileClass = typeof import('wavefile').WaveFile;
const WaveFile: WaveFileClass =
  (wavefileModule as unknown as { WaveFile?: WaveFileClass }).WaveFile ?? (wavefileModule as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

export interface DecodedWav {
  sampleRate: number;
  bitDepth: number;
  channels: number;
  /** Channel 0 as floats in [-1, 1]. */
  samples: Float32Array;
}

/** Writes mono float PCM as a 24-bit (or 16/32-bit) integer WAV. */
export function encodeWav(samples: Float32Array, sampleRate: number, bitDepth: 16 | 24 | 32 = 24): Buffer {
  const scale = 2 ** (bitDepth - 1) - 1;
  const ints = new Int32Array(samples.length);
  for (let i = 0; i < samples.length; i++) ints[i] = Math.round(Math.max(-1, Math.min(1, samples[i]!)) * scale);
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, String(bitDepth), ints);
  return Buffer.from(wav.toBuffer());
}

/** Reads a PCM WAV back; wavefile reports `bitDepth` as a string, so it is parsed here. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const wav = new WaveFile(bytes);
  const format = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
  const bitDepth = Number(format.bitsPerSample);
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const first = Array.isArray(raw) ? raw[0]! : raw;
  const scale = 2 ** (bitDepth - 1);
  const samples = new Float32Array(first.length);
  for (let i = 0; i < first.length; i++) samples[i] = first[i]! / scale;
  return { sampleRate: format.sampleRate, bitDepth, channels: format.numChannels, samples };
}

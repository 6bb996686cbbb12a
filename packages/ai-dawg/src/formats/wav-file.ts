import * as wavefileModule from 'wavefile';
import type { AudioClip } from '../editing/audio-clip';
import { AudioFormatError } from './audio-format-error';

type WaveFileClass = typeof import('wavefile').WaveFile;
// Same dual-shape lookup as audio/wav-codec.ts: Jest (CJS) and tsx see wavefile differently.
const WaveFile: WaveFileClass =
  (wavefileModule as unknown as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileModule as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

export type WavBitDepth = '16' | '24' | '32f';

export interface WavInfo {
  sampleRate: number;
  bitDepth: number;
  float: boolean;
  channels: number;
  frames: number;
}

export interface ReadWavResult extends WavInfo {
  clip: AudioClip;
}

/** Encodes a clip as PCM 16/24-bit integer or 32-bit float WAV; integer formats clamp to full scale. */
export function writeWav(clip: AudioClip, bitDepth: WavBitDepth = '24'): Buffer {
  if (clip.channels.length === 0) throw new AudioFormatError('UNSUPPORTED_AUDIO', 'a WAV needs at least one channel');
  const wav = new WaveFile();
  if (bitDepth === '32f') {
    wav.fromScratch(clip.channels.length, clip.sampleRate, '32f', clip.channels.map((channel) => Float64Array.from(channel, (value) => (Number.isFinite(value) ? value : 0))));
  } else {
    const scale = 2 ** (Number(bitDepth) - 1) - 1;
    const ints = clip.channels.map((channel) => Int32Array.from(channel, (value) => (Number.isFinite(value) ? Math.round(Math.max(-1, Math.min(1, value)) * scale) : 0)));
    wav.fromScratch(clip.channels.length, clip.sampleRate, bitDepth, ints);
  }
  return Buffer.from(wav.toBuffer());
}

/** Decodes a PCM or float WAV into float channels; a truncated or foreign file is a clear error. */
export function readWav(bytes: Uint8Array): ReadWavResult {
  if (bytes.length < 44) throw new AudioFormatError('CORRUPT_AUDIO', `not a WAV file: ${bytes.length} bytes is shorter than a WAV header (44)`);
  let wav: InstanceType<WaveFileClass>;
  try {
    wav = new WaveFile(bytes);
  } catch (error) {
    throw new AudioFormatError('CORRUPT_AUDIO', `not a readable WAV file: ${(error as Error).message}`);
  }
  const format = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  const float = format.audioFormat === 3;
  if (!float && format.audioFormat !== 1 && format.audioFormat !== 65534) throw new AudioFormatError('UNSUPPORTED_AUDIO', `WAV audio format ${format.audioFormat} is not PCM or IEEE float`);
  if (!(format.sampleRate > 0) || !(format.numChannels > 0)) throw new AudioFormatError('CORRUPT_AUDIO', `WAV header says ${format.numChannels} channels at ${format.sampleRate} Hz`);
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const channelsRaw = Array.isArray(raw) ? raw : [raw];
  const bitDepth = Number(format.bitsPerSample);
  // 8-bit WAV is unsigned with its midpoint at 128; every wider integer format is signed.
  const scale = float ? 1 : 2 ** (bitDepth - 1);
  const offset = !float && bitDepth === 8 ? 128 : 0;
  const channels = channelsRaw.map((channel) => Float32Array.from(channel, (value) => (value - offset) / scale));
  return { clip: { sampleRate: format.sampleRate, channels }, sampleRate: format.sampleRate, bitDepth, float, channels: format.numChannels, frames: channels[0]?.length ?? 0 };
}

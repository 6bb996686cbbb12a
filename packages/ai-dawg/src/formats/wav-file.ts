import type { AudioClip } from '../editing/audio-clip';
import { AudioFormatError } from './audio-format-error';
import { finite } from '../editing/finite';

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

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Encodes a clip as a RIFF/WAVE file: 16/24-bit integer PCM (clamped to full scale, NaN/Inf
 * written as silence) or 32-bit IEEE float. Written directly with a DataView: wavefile packs
 * sample by sample and was the slowest step of a 100-stem export.
 */
export function writeWav(clip: AudioClip, bitDepth: WavBitDepth = '24'): Buffer {
  const channels = clip.channels.length;
  if (channels === 0) throw new AudioFormatError('UNSUPPORTED_AUDIO', 'a WAV needs at least one channel');
  const float = bitDepth === '32f';
  const bytesPerSample = float ? 4 : Number(bitDepth) / 8;
  const frames = clip.channels[0]!.length;
  const dataBytes = frames * channels * bytesPerSample;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(float ? FORMAT_FLOAT : FORMAT_PCM, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(clip.sampleRate, 24);
  out.writeUInt32LE(clip.sampleRate * channels * bytesPerSample, 28);
  out.writeUInt16LE(channels * bytesPerSample, 32);
  out.writeUInt16LE(bytesPerSample * 8, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  // One scale both ways (2^(n-1)), clamped at the positive end: -1 is the most negative code and
  // a write/read round trip stays within half an LSB (32767 out, 32768 in lost a little gain).
  const scale = 2 ** (bytesPerSample * 8 - 1);
  const top = scale - 1;
  let offset = 44;
  // Byte writes and integer rounding by hand: the per-sample Buffer and Math calls dominated
  // exports (and are many times slower inside Jest's VM context).
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      const raw = clip.channels[channel]![frame]!;
      const value = finite(raw) ? raw : 0;
      if (float) {
        out.writeFloatLE(value, offset);
      } else {
        const scaled = value * scale;
        let code = scaled >= 0 ? (scaled + 0.5) | 0 : -((-scaled + 0.5) | 0);
        if (code > top) code = top;
        else if (code < -scale) code = -scale;
        out[offset] = code & 0xff;
        out[offset + 1] = (code >> 8) & 0xff;
        if (bytesPerSample === 3) out[offset + 2] = (code >> 16) & 0xff;
      }
      offset += bytesPerSample;
    }
  }
  return out;
}

interface Chunks {
  format: { audioFormat: number; channels: number; sampleRate: number; bitsPerSample: number };
  dataOffset: number;
  dataBytes: number;
}

function readChunks(bytes: Buffer): Chunks {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new AudioFormatError('CORRUPT_AUDIO', 'not a WAV file: no RIFF/WAVE header');
  let offset = 12;
  let format: Chunks['format'] | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new AudioFormatError('CORRUPT_AUDIO', `WAV fmt chunk is ${size} bytes (needs 16)`);
      let audioFormat = bytes.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      if (audioFormat === FORMAT_EXTENSIBLE && size >= 40) audioFormat = bytes.readUInt16LE(body + 24);
      format = { audioFormat, channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format) throw new AudioFormatError('CORRUPT_AUDIO', 'WAV data chunk comes before its fmt chunk');
      // A truncated file keeps the whole frames it has; the header's size is not trusted past the end.
      return { format, dataOffset: body, dataBytes: Math.min(size, bytes.length - body) };
    }
    offset = body + size + (size % 2);
  }
  throw new AudioFormatError('CORRUPT_AUDIO', format ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk');
}

/** Decodes 8/16/24/32-bit integer or 32/64-bit float WAV into float channels; anything else is a clear error. */
export function readWav(input: Uint8Array): ReadWavResult {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 44) throw new AudioFormatError('CORRUPT_AUDIO', `not a WAV file: ${bytes.length} bytes is shorter than a WAV header (44)`);
  const { format, dataOffset, dataBytes } = readChunks(bytes);
  const float = format.audioFormat === FORMAT_FLOAT;
  if (!float && format.audioFormat !== FORMAT_PCM) throw new AudioFormatError('UNSUPPORTED_AUDIO', `WAV audio format ${format.audioFormat} is not PCM or IEEE float`);
  const width = format.bitsPerSample / 8;
  const supported = float ? width === 4 || width === 8 : [1, 2, 3, 4].includes(width);
  if (!supported || format.channels < 1 || !(format.sampleRate > 0))
    throw new AudioFormatError(
      'UNSUPPORTED_AUDIO',
      `WAV with ${format.channels} channels, ${format.bitsPerSample}-bit ${float ? 'float' : 'PCM'} at ${format.sampleRate} Hz is not supported`,
    );
  const frames = Math.floor(dataBytes / (width * format.channels));
  const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
  const scale = 2 ** (format.bitsPerSample - 1);
  let offset = dataOffset;
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < format.channels; channel++) {
      let value: number;
      if (float) value = width === 4 ? bytes.readFloatLE(offset) : bytes.readDoubleLE(offset);
      else if (width === 1)
        value = (bytes[offset]! - 128) / 128; // 8-bit WAV is unsigned
      else if (width === 2) value = (((bytes[offset]! | (bytes[offset + 1]! << 8)) << 16) >> 16) / scale;
      else if (width === 3) value = (((bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) << 8) >> 8) / scale;
      else value = (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) / scale;
      channels[channel]![frame] = value;
      offset += width;
    }
  }
  return { clip: { sampleRate: format.sampleRate, channels }, sampleRate: format.sampleRate, bitDepth: format.bitsPerSample, float, channels: format.channels, frames };
}

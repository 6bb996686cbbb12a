import { AppError } from '../errors/app-error';

/**
 * Binary frame a client sends per 100 ms of mono 48 kHz audio (little-endian):
 *
 *   offset 0  u32  sequence number (0, 1, 2, ...; a gap counts as dropped chunks)
 *   offset 4  u8   sample format: 1 = Float32 in [-1, 1], 2 = Int16
 *   offset 5  u8   channels: must be 1
 *   offset 6  u16  reserved, 0
 *   offset 8  ...  PCM samples (4800 per 100 ms at 48 kHz)
 */
export const FRAME_HEADER_BYTES = 8;
export const PCM_FORMAT = { float32: 1, int16: 2 } as const;
export const MAX_FRAME_SAMPLES = 48_000;

export interface PcmFrame {
  sequence: number;
  samples: Float32Array;
}

export function encodePcmFrame(sequence: number, samples: Float32Array, format: 'float32' | 'int16' = 'float32'): Buffer {
  const bytesPerSample = format === 'float32' ? 4 : 2;
  const buffer = Buffer.alloc(FRAME_HEADER_BYTES + samples.length * bytesPerSample);
  buffer.writeUInt32LE(sequence >>> 0, 0);
  buffer.writeUInt8(PCM_FORMAT[format], 4);
  buffer.writeUInt8(1, 5);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    if (format === 'float32') buffer.writeFloatLE(value, FRAME_HEADER_BYTES + i * 4);
    else buffer.writeInt16LE(Math.round(Math.max(-1, Math.min(1, value)) * 32767), FRAME_HEADER_BYTES + i * 2);
  }
  return buffer;
}

export function decodePcmFrame(data: Buffer): PcmFrame {
  if (data.length < FRAME_HEADER_BYTES) throw new AppError('BAD_AUDIO_FRAME', `frame shorter than its ${FRAME_HEADER_BYTES}-byte header`);
  const sequence = data.readUInt32LE(0);
  const format = data.readUInt8(4);
  const channels = data.readUInt8(5);
  if (channels !== 1) throw new AppError('BAD_AUDIO_FRAME', `channels must be 1, got ${channels}`);
  const payload = data.subarray(FRAME_HEADER_BYTES);
  let samples: Float32Array;
  if (format === PCM_FORMAT.float32) {
    if (payload.length % 4 !== 0) throw new AppError('BAD_AUDIO_FRAME', 'Float32 payload is not a whole number of samples');
    samples = new Float32Array(payload.length / 4);
    for (let i = 0; i < samples.length; i++) samples[i] = payload.readFloatLE(i * 4);
  } else if (format === PCM_FORMAT.int16) {
    if (payload.length % 2 !== 0) throw new AppError('BAD_AUDIO_FRAME', 'Int16 payload is not a whole number of samples');
    samples = new Float32Array(payload.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = payload.readInt16LE(i * 2) / 32768;
  } else {
    throw new AppError('BAD_AUDIO_FRAME', `unknown sample format ${format} (1 = Float32, 2 = Int16)`);
  }
  if (samples.length === 0 || samples.length > MAX_FRAME_SAMPLES) throw new AppError('BAD_AUDIO_FRAME', `frame must hold 1-${MAX_FRAME_SAMPLES} samples`);
  for (const value of samples) if (!Number.isFinite(value)) throw new AppError('BAD_AUDIO_FRAME', 'PCM holds NaN or infinity');
  return { sequence, samples };
}

import { encodePcmFrame, FRAME_HEADER_BYTES } from '@orch/ai-dawg';

/**
 * One second of a sung note (fundamental with vibrato and two harmonics) cut into 100 ms PCM
 * frames. Frames are encoded once and only their sequence number is rewritten per send, so the
 * generator spends its CPU on sending, not on encoding.
 */
export function sungFrames(frequencyHz: number, sampleRate: number, chunkMs: number): Buffer[] {
  const samplesPerChunk = Math.round((sampleRate * chunkMs) / 1000);
  const frames: Buffer[] = [];
  const chunks = Math.round(1000 / chunkMs);
  for (let chunk = 0; chunk < chunks; chunk++) {
    const samples = new Float32Array(samplesPerChunk);
    for (let i = 0; i < samplesPerChunk; i++) {
      const t = (chunk * samplesPerChunk + i) / sampleRate;
      const vibrato = 1 + 0.003 * Math.sin(2 * Math.PI * 5.5 * t);
      const phase = 2 * Math.PI * frequencyHz * vibrato * t;
      samples[i] = 0.5 * Math.sin(phase) + 0.2 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase);
    }
    frames.push(encodePcmFrame(0, samples));
  }
  return frames;
}

/** Frame `sequence` of a stream: a copy of the pre-encoded audio with its sequence number set. */
export function frameFor(frames: Buffer[], sequence: number): Buffer {
  const frame = Buffer.from(frames[sequence % frames.length]!);
  frame.writeUInt32LE(sequence >>> 0, 0);
  return frame;
}

export { FRAME_HEADER_BYTES };

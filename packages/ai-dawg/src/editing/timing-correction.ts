import { clipLength, type AudioClip } from './audio-clip';

export interface TimingCorrectionResult {
  clip: AudioClip;
  /** Sample positions of the transients found, and where each went on the grid. */
  moves: { from: number; to: number }[];
}

const WINDOW = 256;

/** Transients: 256-sample energy frames that jump well above the previous frames (with a refractory gap). */
export function detectTransients(samples: Float32Array, sampleRate: number, minGapSeconds = 0.05): number[] {
  const energies: number[] = [];
  for (let start = 0; start + WINDOW <= samples.length; start += WINDOW) {
    let sum = 0;
    for (let i = start; i < start + WINDOW; i++) sum += samples[i]! * samples[i]!;
    energies.push(sum / WINDOW);
  }
  const onsets: number[] = [];
  const minGap = Math.round((minGapSeconds * sampleRate) / WINDOW);
  let last = -Infinity;
  for (let frame = 1; frame < energies.length; frame++) {
    const before = energies[frame - 1]!;
    if (energies[frame]! > 1e-4 && energies[frame]! > 4 * before + 1e-6 && frame - last >= minGap) {
      // Refine to the first sample in the frame that rises above a tenth of the frame's peak.
      let peak = 0;
      for (let i = frame * WINDOW; i < (frame + 1) * WINDOW; i++) peak = Math.max(peak, Math.abs(samples[i]!));
      let at = frame * WINDOW;
      while (at < (frame + 1) * WINDOW && Math.abs(samples[at]!) < peak * 0.1) at++;
      onsets.push(at);
      last = frame;
    }
  }
  return onsets;
}

/**
 * Quantises each transient to the nearest grid line (bpm, subdivision per beat): the audio
 * between transients is moved as a block so every hit lands on the grid; gaps become silence.
 */
export function correctTiming(clip: AudioClip, bpm: number, subdivision = 4): TimingCorrectionResult {
  if (!(bpm >= 20 && bpm <= 300)) throw new RangeError(`bpm must be 20-300, got ${bpm}`);
  const grid = (60 / bpm / subdivision) * clip.sampleRate;
  const length = clipLength(clip);
  const transients = detectTransients(clip.channels[0] ?? new Float32Array(0), clip.sampleRate);
  const moves = transients.map((from) => ({ from, to: Math.round(Math.round(from / grid) * grid) }));
  if (moves.length === 0) return { clip, moves };
  const channels = clip.channels.map((channel) => {
    const out = new Float32Array(length);
    out.set(channel.subarray(0, moves[0]!.from));
    moves.forEach((move, index) => {
      const end = index + 1 < moves.length ? moves[index + 1]!.from : length;
      const block = channel.subarray(move.from, end);
      const room = Math.max(0, Math.min(block.length, length - move.to));
      out.set(block.subarray(0, room), move.to);
    });
    return out;
  });
  return { clip: { sampleRate: clip.sampleRate, channels }, moves };
}

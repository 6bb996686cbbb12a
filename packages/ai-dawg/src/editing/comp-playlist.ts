import type { AudioClip } from './audio-clip';

/** One range of the comp: samples [start, end) of the timeline taken from take `takeId`. */
export interface CompRange {
  takeId: string;
  start: number;
  end: number;
}

export interface CompResult {
  clip: AudioClip;
  /** Zero-length ranges dropped; overlapping ranges resolved (the later range wins). */
  ignoredRanges: number;
}

/**
 * Builds the comp playlist: each range copies the chosen take's samples onto the timeline. Ranges
 * are applied in order, so a later range overrides an earlier overlap (how DAWs treat a new
 * selection); a zero-length or inverted range is ignored, an unknown take is an error.
 */
export function compTakes(takes: ReadonlyMap<string, AudioClip>, ranges: CompRange[], length: number, sampleRate: number): CompResult {
  const output = new Float32Array(length);
  let ignoredRanges = 0;
  for (const range of ranges) {
    const take = takes.get(range.takeId);
    if (!take) throw new RangeError(`comp range names unknown take ${range.takeId}`);
    if (take.sampleRate !== sampleRate) throw new RangeError(`take ${range.takeId} is ${take.sampleRate} Hz; the comp is ${sampleRate} Hz`);
    const start = Math.max(0, Math.floor(range.start));
    const end = Math.min(length, Math.floor(range.end));
    if (end <= start) {
      ignoredRanges += 1;
      continue;
    }
    const source = take.channels[0]!;
    for (let i = start; i < end; i++) output[i] = source[i] ?? 0;
  }
  return { clip: { sampleRate, channels: [output] }, ignoredRanges };
}

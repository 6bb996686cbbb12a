/** Mono or multichannel float PCM at a known rate: the unit every editing and mixing step works on. */
export interface AudioClip {
  sampleRate: number;
  /** One Float32Array per channel, all the same length. */
  channels: Float32Array[];
}

export function clipLength(clip: AudioClip): number {
  return clip.channels[0]?.length ?? 0;
}

export function monoClip(samples: Float32Array, sampleRate: number): AudioClip {
  return { sampleRate, channels: [samples] };
}

export function cloneClip(clip: AudioClip): AudioClip {
  return { sampleRate: clip.sampleRate, channels: clip.channels.map((channel) => new Float32Array(channel)) };
}

/** Largest absolute sample over every channel. */
export function peakOf(clip: AudioClip): number {
  let peak = 0;
  for (const channel of clip.channels) for (let i = 0; i < channel.length; i++) peak = Math.max(peak, Math.abs(channel[i]!));
  return peak;
}

export function rmsOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** A sine of `frequency` Hz: the test signal most edits are checked against. */
export function sineClip(frequency: number, seconds: number, sampleRate = 48_000, amplitude = 0.5): AudioClip {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return monoClip(samples, sampleRate);
}

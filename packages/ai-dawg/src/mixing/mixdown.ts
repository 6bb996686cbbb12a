import { createOfflineContext, type AudioNodeLike } from './offline-context';
import { clipLength, type AudioClip } from '../editing/audio-clip';
import { convertSampleRate } from '../editing/resample';
import { sanitizeSamples } from '../editing/sanitize-samples';
import { createPluginNode, type Plugin } from './plugin-chain';

export interface MixTrack {
  name: string;
  clip: AudioClip;
  /** Offset on the timeline in samples of the session rate. */
  startSample?: number;
  gainDb?: number;
  muted?: boolean;
  plugins?: Plugin[];
}

export interface MixdownResult {
  clip: AudioClip;
  peak: number;
  /** Samples of the master that went past full scale (the mix clips; nothing is hidden). */
  clippedSamples: number;
  /** Tracks converted from another sample rate, and NaN/Inf samples replaced, before mixing. */
  resampledTracks: string[];
  nonFiniteSamples: number;
  renderMs: number;
  nodeCount: number;
}

function prepare(track: MixTrack, sampleRate: number, report: { resampled: string[]; nonFinite: number }): AudioClip {
  let clip = track.clip;
  if (clip.sampleRate !== sampleRate) {
    clip = { sampleRate, channels: clip.channels.map((channel) => convertSampleRate(channel, track.clip.sampleRate, sampleRate)) };
    report.resampled.push(track.name);
  } else clip = { sampleRate, channels: clip.channels.map((channel) => new Float32Array(channel)) };
  report.nonFinite += sanitizeSamples(clip).nonFinite;
  return clip;
}

/**
 * Offline mixdown: every track through its insert chain and fader into a stereo master, rendered
 * by node-web-audio-api's OfflineAudioContext. Tracks at another rate are converted first.
 */
export async function mixdown(tracks: MixTrack[], sampleRate = 48_000): Promise<MixdownResult> {
  const report = { resampled: [] as string[], nonFinite: 0 };
  const prepared = tracks.filter((track) => !track.muted).map((track) => ({ track, clip: prepare(track, sampleRate, report) }));
  const length = Math.max(1, ...prepared.map(({ track, clip }) => (track.startSample ?? 0) + clipLength(clip)));
  const context = createOfflineContext(2, length, sampleRate);
  let nodeCount = 0;
  for (const { track, clip } of prepared) {
    if (clipLength(clip) === 0) continue;
    const buffer = context.createBuffer(clip.channels.length, clipLength(clip), sampleRate);
    clip.channels.forEach((channel, index) => buffer.copyToChannel(channel, index));
    const source = context.createBufferSource();
    source.buffer = buffer;
    let tail: AudioNodeLike = source;
    for (const plugin of track.plugins ?? []) {
      const node = createPluginNode(context, plugin);
      tail.connect(node);
      tail = node;
    }
    const fader = context.createGain();
    fader.gain.value = 10 ** ((track.gainDb ?? 0) / 20);
    tail.connect(fader);
    fader.connect(context.destination);
    source.start((track.startSample ?? 0) / sampleRate);
    nodeCount += (track.plugins?.length ?? 0) + 2;
  }
  const started = performance.now();
  const rendered = await context.startRendering();
  const renderMs = performance.now() - started;
  const channels = [rendered.getChannelData(0).slice(), rendered.getChannelData(1).slice()];
  let peak = 0;
  let clippedSamples = 0;
  for (const channel of channels) {
    for (let i = 0; i < channel.length; i++) {
      const value = Math.abs(channel[i]!);
      if (value > peak) peak = value;
      if (value > 1) clippedSamples += 1;
    }
  }
  return { clip: { sampleRate, channels }, peak, clippedSamples, resampledTracks: report.resampled, nonFiniteSamples: report.nonFinite, renderMs, nodeCount };
}

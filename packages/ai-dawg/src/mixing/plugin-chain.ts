import type { AudioNodeLike, OfflineContextLike } from './offline-context';

/** A plugin on a track's insert chain; rendered by node-web-audio-api's native nodes. */
export type Plugin =
  | { type: 'eq'; filter: 'peaking' | 'lowshelf' | 'highshelf' | 'lowpass' | 'highpass'; frequency: number; gainDb?: number; q?: number }
  | { type: 'compressor'; thresholdDb: number; ratio: number; attackSeconds?: number; releaseSeconds?: number; kneeDb?: number }
  | { type: 'gain'; gainDb: number };

/** Rejects settings the audio graph would silently clamp (an EQ above Nyquist, a ratio under 1). */
export function validatePlugin(plugin: Plugin, sampleRate: number): void {
  if (plugin.type === 'eq') {
    if (!(plugin.frequency > 0 && plugin.frequency < sampleRate / 2))
      throw new RangeError(`EQ frequency ${plugin.frequency} Hz must be between 0 and Nyquist (${sampleRate / 2} Hz)`);
    if (plugin.q !== undefined && !(plugin.q > 0 && plugin.q <= 100)) throw new RangeError(`EQ Q ${plugin.q} must be in (0, 100]`);
  } else if (plugin.type === 'compressor') {
    if (!(plugin.ratio >= 1 && plugin.ratio <= 20)) throw new RangeError(`compressor ratio ${plugin.ratio} must be 1-20`);
    if (!(plugin.thresholdDb >= -100 && plugin.thresholdDb <= 0)) throw new RangeError(`compressor threshold ${plugin.thresholdDb} dB must be -100..0`);
  } else if (!Number.isFinite(plugin.gainDb)) throw new RangeError(`gain ${plugin.gainDb} dB must be finite`);
}

/** Creates the node for one plugin in `context`. */
export function createPluginNode(context: OfflineContextLike, plugin: Plugin): AudioNodeLike {
  validatePlugin(plugin, context.sampleRate);
  if (plugin.type === 'eq') {
    const node = context.createBiquadFilter();
    node.type = plugin.filter;
    node.frequency.value = plugin.frequency;
    node.gain.value = plugin.gainDb ?? 0;
    node.Q.value = plugin.q ?? 0.707;
    return node;
  }
  if (plugin.type === 'compressor') {
    const node = context.createDynamicsCompressor();
    node.threshold.value = plugin.thresholdDb;
    node.ratio.value = plugin.ratio;
    node.attack.value = plugin.attackSeconds ?? 0.003;
    node.release.value = plugin.releaseSeconds ?? 0.25;
    node.knee.value = plugin.kneeDb ?? 6;
    return node;
  }
  const node = context.createGain();
  node.gain.value = 10 ** (plugin.gainDb / 20);
  return node;
}

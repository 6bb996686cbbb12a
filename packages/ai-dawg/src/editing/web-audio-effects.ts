import { createOfflineContext, type AudioNodeLike } from '../mixing/offline-context';
import { clipLength, type AudioClip } from './audio-clip';
import { createPluginNode, type Plugin } from '../mixing/plugin-chain';

/** Renders a clip through one insert chain (EQ biquads, compressor, gain) offline, same length out. */
export async function renderEffects(clip: AudioClip, plugins: Plugin[]): Promise<AudioClip> {
  const length = clipLength(clip);
  if (length === 0) return { sampleRate: clip.sampleRate, channels: clip.channels.map(() => new Float32Array(0)) };
  const context = createOfflineContext(clip.channels.length, length, clip.sampleRate);
  const buffer = context.createBuffer(clip.channels.length, length, clip.sampleRate);
  clip.channels.forEach((channel, index) => buffer.copyToChannel(channel, index));
  const source = context.createBufferSource();
  source.buffer = buffer;
  let tail: AudioNodeLike = source;
  for (const plugin of plugins) {
    const node = createPluginNode(context, plugin);
    tail.connect(node);
    tail = node;
  }
  tail.connect(context.destination);
  source.start();
  const rendered = await context.startRendering();
  return { sampleRate: clip.sampleRate, channels: clip.channels.map((_, index) => rendered.getChannelData(index).slice()) };
}

export function equalize(clip: AudioClip, bands: Extract<Plugin, { type: 'eq' }>[]): Promise<AudioClip> {
  return renderEffects(clip, bands);
}

export function compress(clip: AudioClip, settings: Omit<Extract<Plugin, { type: 'compressor' }>, 'type'>): Promise<AudioClip> {
  return renderEffects(clip, [{ type: 'compressor', ...settings }]);
}

// node-web-audio-api types itself through the DOM lib (globalThis.OfflineAudioContext), which this
// repo's Node-only tsconfig does not load; the small surface used here is typed locally instead.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webAudio = require('node-web-audio-api') as { OfflineAudioContext: OfflineContextConstructor };

export interface AudioParamLike {
  value: number;
}

export interface AudioNodeLike {
  connect(destination: AudioNodeLike): AudioNodeLike;
}

export interface AudioBufferLike {
  readonly length: number;
  getChannelData(channel: number): Float32Array;
  copyToChannel(source: Float32Array, channel: number): void;
}

export interface BiquadNodeLike extends AudioNodeLike {
  type: string;
  frequency: AudioParamLike;
  gain: AudioParamLike;
  Q: AudioParamLike;
}

export interface CompressorNodeLike extends AudioNodeLike {
  threshold: AudioParamLike;
  ratio: AudioParamLike;
  attack: AudioParamLike;
  release: AudioParamLike;
  knee: AudioParamLike;
}

export interface OfflineContextLike {
  readonly sampleRate: number;
  readonly destination: AudioNodeLike;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBufferLike;
  createBufferSource(): AudioNodeLike & { buffer: AudioBufferLike | null; start(when?: number): void };
  createBiquadFilter(): BiquadNodeLike;
  createDynamicsCompressor(): CompressorNodeLike;
  createGain(): AudioNodeLike & { gain: AudioParamLike };
  startRendering(): Promise<AudioBufferLike>;
}

type OfflineContextConstructor = new (options: { numberOfChannels: number; length: number; sampleRate: number }) => OfflineContextLike;

export function createOfflineContext(numberOfChannels: number, length: number, sampleRate: number): OfflineContextLike {
  return new webAudio.OfflineAudioContext({ numberOfChannels, length, sampleRate });
}

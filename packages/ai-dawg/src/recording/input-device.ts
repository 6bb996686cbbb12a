import { EventEmitter } from 'node:events';

/**
 * An audio input as the recording engine sees it: a stream of mono float PCM chunks that can
 * disappear (`disconnect`) and come back. Real drivers and the tests' PCM sources both fit it.
 */
export interface InputDevice {
  readonly id: string;
  readonly sampleRate: number;
  on(event: 'data', listener: (chunk: Float32Array) => void): this;
  on(event: 'disconnect', listener: (reason: string) => void): this;
  off(event: 'data', listener: (chunk: Float32Array) => void): this;
  off(event: 'disconnect', listener: (reason: string) => void): this;
}

/** An input fed by code: `push` PCM chunks, `unplug` it mid-take. */
export class PcmInputDevice extends EventEmitter implements InputDevice {
  connected = true;

  constructor(
    readonly id: string,
    readonly sampleRate = 48_000,
  ) {
    super();
  }

  push(chunk: Float32Array): void {
    if (!this.connected) throw new Error(`input ${this.id} is unplugged`);
    this.emit('data', chunk);
  }

  unplug(reason = 'device removed'): void {
    this.connected = false;
    this.emit('disconnect', reason);
  }

  replug(): void {
    this.connected = true;
  }
}

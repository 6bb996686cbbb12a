import { EventEmitter } from 'node:events';
import type { InputDevice } from './input-device';
import { PreRollBuffer } from './pre-roll-buffer';
import { TakePlaylist, type Take } from './take-playlist';

export type EngineState = 'idle' | 'armed' | 'recording' | 'interrupted';

export interface RecordOptions {
  /** Punch in/out points on the timeline (samples since arming): only samples inside are kept. */
  punchIn?: number;
  punchOut?: number;
}

export interface DeviceLostEvent {
  code: 'INPUT_DEVICE_LOST';
  takeId: string;
  deviceId: string;
  reason: string;
  /** Samples of the take kept so far (nothing recorded before the loss is dropped). */
  savedSamples: number;
}

interface OpenTake {
  id: string;
  startSample: number;
  preRollSamples: number;
  /** Grows by doubling: a take costs O(log n) allocations, so long playlists do not churn the heap. */
  buffer: Float32Array;
  length: number;
  punch?: { in: number; out: number };
  interruptions: Take['interruptions'];
}

/**
 * A software recording engine over an input device. Armed, it keeps a pre-roll ring; recording,
 * it collects chunks into the open take (punch windows trim them); a device that disappears keeps
 * the take's samples, emits `device-lost` and waits for `resume`. Stopped takes go to the playlist.
 */
export class RecordingEngine extends EventEmitter {
  readonly playlist = new TakePlaylist();
  private readonly preRoll: PreRollBuffer;
  private device: InputDevice | undefined;
  private position = 0;
  private take: OpenTake | undefined;
  private takeCounter = 0;
  state: EngineState = 'idle';

  constructor(
    readonly sampleRate = 48_000,
    preRollSeconds = 2,
  ) {
    super();
    this.preRoll = new PreRollBuffer(Math.round(preRollSeconds * sampleRate));
  }

  private readonly onData = (chunk: Float32Array): void => {
    const chunkStart = this.position;
    this.position += chunk.length;
    if (this.state === 'armed') this.preRoll.write(chunk);
    if (this.state !== 'recording' || !this.take) return;
    const take = this.take;
    let from = 0;
    let to = chunk.length;
    if (take.punch) {
      from = Math.max(0, take.punch.in - chunkStart);
      to = Math.min(chunk.length, take.punch.out - chunkStart);
    }
    if (to > from) this.append(take, chunk.subarray(from, to));
    if (take.punch && this.position >= take.punch.out) this.emit('punch-out', this.stop());
  };

  private readonly onDisconnect = (reason: string): void => {
    const device = this.device;
    this.detach();
    if (this.state === 'recording' && this.take) {
      this.state = 'interrupted';
      this.take.interruptions.push({ atSample: this.take.length, reason });
      const event: DeviceLostEvent = { code: 'INPUT_DEVICE_LOST', takeId: this.take.id, deviceId: device?.id ?? 'unknown', reason, savedSamples: this.take.length };
      this.emit('device-lost', event);
    } else this.state = 'idle';
  };

  arm(device: InputDevice): void {
    if (device.sampleRate !== this.sampleRate) throw new RangeError(`input ${device.id} runs at ${device.sampleRate} Hz; the session is ${this.sampleRate} Hz`);
    this.detach();
    this.device = device;
    device.on('data', this.onData);
    device.on('disconnect', this.onDisconnect);
    if (this.state === 'idle') this.state = 'armed';
  }

  /** Starts a take; without a punch window it begins with the pre-roll already buffered. */
  record(options: RecordOptions = {}): string {
    if (this.state !== 'armed') throw new Error(`cannot record while ${this.state}`);
    const punch = options.punchIn !== undefined || options.punchOut !== undefined ? { in: options.punchIn ?? this.position, out: options.punchOut ?? Infinity } : undefined;
    if (punch && !(punch.out > punch.in)) throw new RangeError(`punch out (${punch.out}) must come after punch in (${punch.in})`);
    const preRoll = punch ? new Float32Array(0) : this.preRoll.snapshot();
    this.takeCounter += 1;
    this.take = {
      id: `take-${this.takeCounter}`,
      startSample: punch ? punch.in : this.position - preRoll.length,
      preRollSamples: preRoll.length,
      buffer: this.takeBuffer(preRoll),
      length: preRoll.length,
      ...(punch ? { punch } : {}),
      interruptions: [],
    };
    this.preRoll.clear();
    this.state = 'recording';
    return this.take.id;
  }

  /** Continues an interrupted take on the same or another device. */
  resume(device: InputDevice): void {
    if (this.state !== 'interrupted') throw new Error(`nothing to resume (engine is ${this.state})`);
    this.arm(device);
    this.state = 'recording';
  }

  stop(): Take {
    const open = this.take;
    if (!open) throw new Error('no take is recording');
    // Trimming copies the take once more; a buffer less than a quarter oversized is kept as a view instead.
    const samples = open.buffer.length - open.length <= open.buffer.length / 4 ? open.buffer.subarray(0, open.length) : open.buffer.slice(0, open.length);
    const take: Take = {
      id: open.id,
      number: this.playlist.size + 1,
      samples,
      sampleRate: this.sampleRate,
      startSample: open.startSample,
      preRollSamples: open.preRollSamples,
      interruptions: open.interruptions,
    };
    this.playlist.add(take);
    this.take = undefined;
    this.state = this.device ? 'armed' : 'idle';
    return take;
  }

  /** Room for the pre-roll plus a few seconds, so a typical take never reallocates. */
  private takeBuffer(preRoll: Float32Array): Float32Array {
    const buffer = new Float32Array(preRoll.length + 4 * this.sampleRate);
    buffer.set(preRoll);
    return buffer;
  }

  private append(take: OpenTake, samples: Float32Array): void {
    if (take.length + samples.length > take.buffer.length) {
      const grown = new Float32Array(Math.max(take.buffer.length * 2, take.length + samples.length, 1024));
      grown.set(take.buffer.subarray(0, take.length));
      take.buffer = grown;
    }
    take.buffer.set(samples, take.length);
    take.length += samples.length;
  }

  disarm(): void {
    this.detach();
    this.state = 'idle';
  }

  private detach(): void {
    if (!this.device) return;
    this.device.off('data', this.onData);
    this.device.off('disconnect', this.onDisconnect);
    this.device = undefined;
  }
}

export interface Take {
  id: string;
  /** 1-based position in the playlist. */
  number: number;
  samples: Float32Array;
  sampleRate: number;
  /** Timeline position (samples since the engine was armed) of `samples[0]`. */
  startSample: number;
  /** Leading samples that came from the pre-roll buffer (played before record was pressed). */
  preRollSamples: number;
  /** Set when the input disappeared during the take; the samples before it are kept. */
  interruptions: { atSample: number; reason: string }[];
}

/**
 * The takes of one track, newest last. Adding is O(1) and takes are never copied again, so the
 * hundredth take costs what the first did.
 */
export class TakePlaylist {
  private readonly takes: Take[] = [];
  private active = -1;

  add(take: Take): void {
    this.takes.push(take);
    this.active = this.takes.length - 1;
  }

  get size(): number {
    return this.takes.length;
  }

  get activeTake(): Take | undefined {
    return this.takes[this.active];
  }

  select(number: number): Take {
    const take = this.takes[number - 1];
    if (!take) throw new RangeError(`no take ${number} (playlist has ${this.takes.length})`);
    this.active = number - 1;
    return take;
  }

  all(): readonly Take[] {
    return this.takes;
  }
}

/**
 * A fixed ring of the most recent samples from the input, kept while the engine is armed so a
 * take can start with what the artist played before record was pressed.
 */
export class PreRollBuffer {
  private readonly ring: Float32Array;
  private writeIndex = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`pre-roll capacity must be a whole number of samples, got ${capacity}`);
    this.ring = new Float32Array(capacity);
  }

  write(chunk: Float32Array): void {
    if (this.capacity === 0) return;
    // Only the tail of a chunk longer than the ring can survive.
    const source = chunk.length > this.capacity ? chunk.subarray(chunk.length - this.capacity) : chunk;
    const first = Math.min(source.length, this.capacity - this.writeIndex);
    this.ring.set(source.subarray(0, first), this.writeIndex);
    this.ring.set(source.subarray(first), 0);
    this.writeIndex = (this.writeIndex + source.length) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + source.length);
  }

  /** The buffered samples, oldest first. */
  snapshot(): Float32Array {
    const out = new Float32Array(this.filled);
    const start = (this.writeIndex - this.filled + this.capacity) % Math.max(1, this.capacity);
    const first = Math.min(this.filled, this.capacity - start);
    out.set(this.ring.subarray(start, start + first));
    out.set(this.ring.subarray(0, this.filled - first), first);
    return out;
  }

  clear(): void {
    this.writeIndex = 0;
    this.filled = 0;
  }
}

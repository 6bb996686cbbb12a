import type { PitchReading } from './pitch-analyzer';

export interface SessionSummary {
  type: 'summary';
  chunksReceived: number;
  droppedChunks: number;
  outOfOrderChunks: number;
  voicedChunks: number;
  /** Mean |cents| from the nearest note over voiced chunks. */
  meanAbsCents: number;
  /** Share of voiced chunks within ±15 cents (the seed's pitch-correction tolerance). */
  withinToleranceRatio: number;
  toleranceCents: number;
  maxProcessingMs: number;
  meanProcessingMs: number;
}

/** Per-connection tally: sequence gaps are dropped chunks; cents feed the accuracy summary. */
export class SessionTally {
  private expected = 0;
  private received = 0;
  private dropped = 0;
  private outOfOrder = 0;
  private voiced = 0;
  private absCentsSum = 0;
  private within = 0;
  private processingSum = 0;
  private processingMax = 0;

  constructor(private readonly toleranceCents = 15) {}

  /** Counts a chunk by its sequence number; returns how many were skipped before it. */
  sequence(sequence: number): number {
    this.received++;
    if (sequence < this.expected) {
      this.outOfOrder++;
      // A late chunk fills a gap already counted as dropped.
      if (this.dropped > 0) this.dropped--;
      return 0;
    }
    const gap = sequence - this.expected;
    this.dropped += gap;
    this.expected = sequence + 1;
    return gap;
  }

  reading(reading: PitchReading, processingMs: number): void {
    this.processingSum += processingMs;
    this.processingMax = Math.max(this.processingMax, processingMs);
    if (reading.cents === null) return;
    this.voiced++;
    this.absCentsSum += Math.abs(reading.cents);
    if (Math.abs(reading.cents) <= this.toleranceCents) this.within++;
  }

  summary(): SessionSummary {
    const round = (value: number): number => Math.round(value * 1000) / 1000;
    return {
      type: 'summary',
      chunksReceived: this.received,
      droppedChunks: this.dropped,
      outOfOrderChunks: this.outOfOrder,
      voicedChunks: this.voiced,
      meanAbsCents: this.voiced ? round(this.absCentsSum / this.voiced) : 0,
      withinToleranceRatio: this.voiced ? round(this.within / this.voiced) : 0,
      toleranceCents: this.toleranceCents,
      maxProcessingMs: round(this.processingMax),
      meanProcessingMs: this.received ? round(this.processingSum / this.received) : 0,
    };
  }
}

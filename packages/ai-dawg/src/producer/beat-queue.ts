import { Queue, type ConnectionOptions } from 'bullmq';
import type { Genre } from './genres';

export const BEAT_QUEUE_NAME = 'beat-generation';

export interface BeatJobData {
  genre: Genre;
  bpm: number;
  projectId: string;
  bars: number;
  requestedAt: number;
}

export interface BeatJobResult {
  beatId: string;
  s3Key: string;
  url: string;
  durationMs: number;
  model: string;
  generationMs: number;
}

/**
 * The queue in front of the beat worker: a burst of requests waits its turn rather than
 * failing. `prefix` isolates one deployment's (or one test file's) keys in a shared Redis.
 */
export function createBeatQueue(connection: ConnectionOptions, prefix: string): Queue<BeatJobData, BeatJobResult> {
  return new Queue<BeatJobData, BeatJobResult>(BEAT_QUEUE_NAME, {
    connection,
    prefix: `${prefix}bull`,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

import { EventEmitter } from 'node:events';
import type { AudioClip } from '../editing/audio-clip';
import { writeWav, type WavBitDepth } from './wav-file';

export interface StemJob {
  name: string;
  clip: AudioClip;
}

export interface ExportProgress {
  queued: number;
  running: number;
  done: number;
  failed: number;
  total: number;
}

export type StemSink = (name: string, bytes: Buffer) => Promise<void>;

/**
 * Exports many stems at once without starting them all at once: jobs wait in a queue, at most
 * `concurrency` encode and upload together, and every state change is a `progress` event.
 */
export class StemExportQueue extends EventEmitter {
  maxRunning = 0;

  constructor(
    private readonly sink: StemSink,
    private readonly concurrency = 4,
    private readonly bitDepth: WavBitDepth = '24',
  ) {
    super();
  }

  async exportAll(jobs: StemJob[]): Promise<{ exported: string[]; failed: { name: string; error: string }[] }> {
    const progress: ExportProgress = { queued: jobs.length, running: 0, done: 0, failed: 0, total: jobs.length };
    const exported: string[] = [];
    const failed: { name: string; error: string }[] = [];
    const emit = (): boolean => this.emit('progress', { ...progress });
    emit();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        progress.queued -= 1;
        progress.running += 1;
        this.maxRunning = Math.max(this.maxRunning, progress.running);
        emit();
        try {
          await this.sink(`${job.name}.wav`, writeWav(job.clip, this.bitDepth));
          exported.push(job.name);
          progress.done += 1;
        } catch (error) {
          failed.push({ name: job.name, error: (error as Error).message });
          progress.failed += 1;
        }
        progress.running -= 1;
        emit();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, jobs.length) }, worker));
    return { exported, failed };
  }
}

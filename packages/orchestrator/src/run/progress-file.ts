import * as fs from 'node:fs';

/** Counts the progress reporter's events add up to. */
export interface AgentProgress {
  files: { done: number; total?: number };
  tests: { done: number; total?: number; failed: number };
}

export function emptyProgress(): AgentProgress {
  return { files: { done: 0 }, tests: { done: 0, failed: 0 } };
}

interface ProgressEvent {
  event: 'run-start' | 'test' | 'file' | 'run-complete';
  files?: number;
  status?: string;
  tests?: number;
  failed?: number;
}

/**
 * Reads the JSON lines a child's progress reporter appends, from where the last read stopped.
 * A line still being written (no newline yet) is left for the next read.
 */
export class ProgressFileReader {
  private offset = 0;
  private pending = '';
  readonly progress: AgentProgress = emptyProgress();

  constructor(private readonly file: string) {}

  /** Returns true when new events changed the counts. */
  poll(): boolean {
    let text: string;
    try {
      const descriptor = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(descriptor).size;
        if (size <= this.offset) return false;
        const buffer = Buffer.alloc(size - this.offset);
        fs.readSync(descriptor, buffer, 0, buffer.length, this.offset);
        this.offset = size;
        text = buffer.toString('utf8');
      } finally {
        fs.closeSync(descriptor);
      }
    } catch {
      return false;
    }
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    let changed = false;
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        changed = this.apply(JSON.parse(line) as ProgressEvent) || changed;
      } catch {
        // A torn line from a killed child: skip it rather than lose the rest.
      }
    }
    return changed;
  }

  private apply(event: ProgressEvent): boolean {
    const { files, tests } = this.progress;
    switch (event.event) {
      case 'run-start':
        files.total = event.files;
        return true;
      case 'test':
        tests.done += 1;
        if (event.status === 'failed') tests.failed += 1;
        return true;
      case 'file':
        files.done += 1;
        return true;
      case 'run-complete':
        tests.total = event.tests;
        if (event.failed !== undefined) tests.failed = event.failed;
        files.total = event.files;
        return true;
      default:
        return false;
    }
  }
}

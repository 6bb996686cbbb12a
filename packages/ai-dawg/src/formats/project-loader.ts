import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LoadProgress {
  filesLoaded: number;
  totalFiles: number;
  bytesLoaded: number;
  totalBytes: number;
  /** 0..1 */
  fraction: number;
}

export interface LoadResult {
  files: number;
  bytes: number;
  elapsedMs: number;
  bytesPerSecond: number;
  progressEvents: number;
}

async function listFiles(directory: string): Promise<{ path: string; size: number }[]> {
  const entries = await fs.promises.readdir(directory, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
  return Promise.all(files.map(async (file) => ({ path: file, size: (await fs.promises.stat(file)).size })));
}

/**
 * Loads a project folder: sizes every file first (so progress is a true fraction), then reads
 * each file through once in 8 MB blocks, reporting progress at most every `progressEveryBytes`.
 * `onBlock` sees the bytes (a real loader parses them; the figure here is read throughput).
 */
export async function loadProjectFolder(
  directory: string,
  onProgress: (progress: LoadProgress) => void,
  options: { progressEveryBytes?: number; concurrency?: number; onBlock?: (block: Uint8Array, file: string) => void } = {},
): Promise<LoadResult> {
  const started = performance.now();
  const files = await listFiles(directory);
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const every = options.progressEveryBytes ?? 64 * 1024 * 1024;
  let bytesLoaded = 0;
  let filesLoaded = 0;
  let nextReport = every;
  let progressEvents = 0;
  const report = (): void => {
    progressEvents += 1;
    onProgress({ filesLoaded, totalFiles: files.length, bytesLoaded, totalBytes, fraction: totalBytes === 0 ? 1 : bytesLoaded / totalBytes });
  };
  const readFile = async (file: { path: string }, block: Buffer): Promise<void> => {
    const handle = await fs.promises.open(file.path, 'r');
    try {
      for (;;) {
        const { bytesRead } = await handle.read(block, 0, block.length, null);
        if (bytesRead === 0) break;
        options.onBlock?.(block.subarray(0, bytesRead), file.path);
        bytesLoaded += bytesRead;
        if (bytesLoaded >= nextReport) {
          report();
          nextReport = bytesLoaded + every;
        }
      }
    } finally {
      await handle.close();
    }
    filesLoaded += 1;
  };
  // One file at a time by default: on 2 cores reading from the page cache, four in flight measured
  // slower (0.3-2 GB/s against 0.6-2.9 GB/s); `concurrency` is there for network volumes.
  let next = 0;
  const reader = async (): Promise<void> => {
    const block = Buffer.allocUnsafe(8 * 1024 * 1024);
    while (next < files.length) await readFile(files[next++]!, block);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 1, files.length) }, reader));
  report();
  const elapsedMs = performance.now() - started;
  return { files: files.length, bytes: bytesLoaded, elapsedMs, bytesPerSecond: elapsedMs > 0 ? (bytesLoaded / elapsedMs) * 1000 : Infinity, progressEvents };
}

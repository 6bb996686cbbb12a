import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DiskStats {
  totalBytes: number;
  freeBytes: number;
}

/** Reads a volume's size and free space; injectable so tests can fill a disk without filling one. */
export type DiskStatsReader = (directory: string) => Promise<DiskStats>;

export const statfsReader: DiskStatsReader = async (directory) => {
  const stats = await fs.promises.statfs(directory);
  return { totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize };
};

export interface DiskWarning {
  directory: string;
  usedRatio: number;
  message: string;
}

export interface SavedFile {
  path: string;
  /** True when the primary volume was at or over the warning ratio and the alternate was used. */
  usedAlternate: boolean;
  usedRatio: number;
}

/**
 * Writes recordings to the primary location until its volume is 90% full (the seed), then warns
 * and saves to the alternate location instead. The writes are real files.
 */
export class DiskMonitor {
  readonly warnings: DiskWarning[] = [];

  constructor(
    private readonly primary: string,
    private readonly alternate: string,
    private readonly readStats: DiskStatsReader = statfsReader,
    readonly warnAtRatio = 0.9,
    private readonly onWarning: (warning: DiskWarning) => void = () => undefined,
  ) {}

  async usedRatio(directory: string): Promise<number> {
    const stats = await this.readStats(directory);
    if (stats.totalBytes <= 0) return 1;
    return 1 - stats.freeBytes / stats.totalBytes;
  }

  /** Saves `bytes` as `name`, choosing the location by the primary volume's fill level. */
  async save(name: string, bytes: Uint8Array): Promise<SavedFile> {
    // statfs needs an existing path; the folders are made before the first check.
    await Promise.all([this.primary, this.alternate].map((directory) => fs.promises.mkdir(directory, { recursive: true })));
    const usedRatio = await this.usedRatio(this.primary);
    const usedAlternate = usedRatio >= this.warnAtRatio;
    if (usedAlternate) {
      const warning = { directory: this.primary, usedRatio, message: `disk ${(usedRatio * 100).toFixed(1)}% full: saving to the alternate location ${this.alternate}` };
      this.warnings.push(warning);
      this.onWarning(warning);
      const alternateRatio = await this.usedRatio(this.alternate);
      if (alternateRatio >= 1) throw new Error(`both recording locations are full (${this.primary}, ${this.alternate})`);
    }
    const directory = usedAlternate ? this.alternate : this.primary;
    await fs.promises.mkdir(directory, { recursive: true });
    const target = path.join(directory, name);
    await fs.promises.writeFile(target, bytes);
    return { path: target, usedAlternate, usedRatio };
  }
}

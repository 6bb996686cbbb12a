import * as fs from 'node:fs';

export interface LogScan {
  newLines: number;
  errorLines: number;
  lastError: string | null;
}

/**
 * Reads what services appended to their log files since the last scan (by byte offset, so each
 * iteration reads only the new part) and counts error lines.
 */
export class LogWatcher {
  private readonly offsets = new Map<string, number>();

  constructor(
    private readonly files: readonly string[],
    private readonly errorPattern: RegExp = /\b(error|fatal|panic|uncaught)\b/i,
  ) {}

  scan(): LogScan {
    const result: LogScan = { newLines: 0, errorLines: 0, lastError: null };
    for (const file of this.files) {
      if (!fs.existsSync(file)) continue;
      const size = fs.statSync(file).size;
      let offset = this.offsets.get(file) ?? 0;
      if (size < offset) offset = 0; // rotated or truncated: start over
      if (size === offset) continue;
      const fd = fs.openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        fs.readSync(fd, buffer, 0, buffer.length, offset);
        const text = buffer.toString('utf8');
        const complete = text.lastIndexOf('\n') + 1;
        this.offsets.set(file, offset + Buffer.byteLength(text.slice(0, complete)));
        for (const line of text.slice(0, complete).split('\n')) {
          if (!line) continue;
          result.newLines += 1;
          if (this.errorPattern.test(line)) {
            result.errorLines += 1;
            result.lastError = line.slice(0, 500);
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    }
    return result;
  }
}

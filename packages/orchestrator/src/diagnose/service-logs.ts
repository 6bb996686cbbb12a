import * as fs from 'node:fs';
import * as path from 'node:path';

const USES: Array<{ service: string; pattern: RegExp }> = [
  { service: 'postgres', pattern: /createTestDatabase|DATABASE_URL|postgres|\bpg\b/i },
  { service: 'redis', pattern: /redisKeyPrefix|REDIS_URL|ioredis|bullmq|redis/i },
  { service: 's3', pattern: /createTestBucket|S3_ENDPOINT|S3Client|client-s3|\bs3\b/i },
];

/** Services a test touched: named by its file's source (the harness helpers it calls) or its output. */
export function servicesTouched(testFile: string, output: string): string[] {
  let source = '';
  try {
    source = fs.readFileSync(testFile, 'utf8');
  } catch {
    // A file that cannot be read still has its output to go by.
  }
  return USES.filter((use) => use.pattern.test(source) || use.pattern.test(output)).map((use) => use.service);
}

const LOG_LINES = 40;

/**
 * The last lines of each touched service's own log. A local Postgres logs to `server.log` beside
 * its data directory; the other providers keep no log file, and the entry says so.
 */
export function serviceLogs(
  touched: readonly string[],
  services: ReadonlyArray<{ name: string; provider: string; details: Record<string, string> }>,
  _since: Date,
): Record<string, string> {
  const logs: Record<string, string> = {};
  for (const name of touched) {
    const service = services.find((entry) => entry.name === name);
    if (!service) {
      logs[name] = 'not started by this run (ORCH_SERVICES=none or a URL from the environment): no log here';
      continue;
    }
    const dataDirectory = service.details.dataDirectory;
    const logFile = dataDirectory ? path.join(path.dirname(dataDirectory), 'server.log') : undefined;
    if (logFile && fs.existsSync(logFile)) {
      logs[name] = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-LOG_LINES).join('\n');
    } else {
      logs[name] = `${service.provider} provider keeps no log file${service.details.pid ? ` (pid ${service.details.pid})` : ''}; its state is in the verbose output above`;
    }
  }
  return logs;
}

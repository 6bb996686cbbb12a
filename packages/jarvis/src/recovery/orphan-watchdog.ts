import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The watchdog's program. It reads `+<pgid>` / `-<pgid>` lines on stdin; when stdin ends, which
 * happens when its parent dies by any path, SIGKILL included, it kills every group still listed.
 */
const WATCHDOG_PROGRAM = `
const groups = new Set();
let buffer = '';
const reap = () => {
  for (const pgid of groups) { try { process.kill(-pgid, 'SIGKILL'); } catch {} }
  process.exit(0);
};
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  for (let at = buffer.indexOf('\\n'); at >= 0; at = buffer.indexOf('\\n')) {
    const line = buffer.slice(0, at);
    buffer = buffer.slice(at + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === '+') groups.add(pgid);
    if (line[0] === '-') groups.delete(pgid);
  }
});
process.stdin.on('end', reap);
process.stdin.on('close', reap);
process.stdin.on('error', reap);
`;

/**
 * PR_SET_PDEATHSIG for process groups, portably: supervised services run in process groups of
 * their own (so a stop reaches their grandchildren), which also means a signal to JARVIS's group
 * (Ctrl-C, a test runner killing its worker's group) would not reach them and they would outlive
 * JARVIS, reparented to init. A small watchdog process in its own session holds the read end of
 * a pipe from JARVIS; when JARVIS dies the pipe closes and the watchdog kills the groups.
 */
export class OrphanWatchdog {
  private child: ChildProcess | undefined;

  /** The groups to kill should this process die; started lazily with the first group. */
  watch(pgid: number): void {
    this.write(`+${pgid}\n`);
  }

  forget(pgid: number): void {
    if (this.child) this.write(`-${pgid}\n`);
  }

  /** Ends the watchdog (it kills whatever groups are still listed: none after a clean stop). */
  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }

  /** The watchdog's pid, for tests. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private write(line: string): void {
    const child = (this.child ??= this.spawnWatchdog());
    child.stdin?.write(line);
  }

  private spawnWatchdog(): ChildProcess {
    const child = spawn(process.execPath, ['-e', WATCHDOG_PROGRAM], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // Neither the watchdog nor its pipe keeps this process alive.
    child.unref();
    (child.stdin as unknown as { _handle?: { unref?(): void } } | null)?._handle?.unref?.();
    return child;
  }
}

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Watches a branch of a git repository for new commits (`git rev-parse`, polled by the control loop). */
export class GitWatcher {
  private lastSeen: string | undefined;

  constructor(
    readonly repo: string,
    readonly branch = 'main',
  ) {}

  async head(): Promise<string> {
    const { stdout } = await run('git', ['-C', this.repo, 'rev-parse', `refs/heads/${this.branch}`]);
    return stdout.trim();
  }

  /** The first call records the current commit; later calls return a commit not seen before. */
  async poll(): Promise<string | undefined> {
    const head = await this.head();
    if (this.lastSeen === undefined) {
      this.lastSeen = head;
      return undefined;
    }
    if (head === this.lastSeen) return undefined;
    this.lastSeen = head;
    return head;
  }

  /** Marks a commit as already seen (the one running in production when JARVIS starts). */
  acknowledge(commit: string): void {
    this.lastSeen = commit;
  }
}

/** Extracts the tree of `commit` into `directory` (no checkout: the watched repository is left as it is). */
export async function exportCommit(repo: string, commit: string, directory: string): Promise<void> {
  await run('sh', ['-c', 'mkdir -p "$2" && git -C "$1" archive --format=tar "$3" | tar -x -C "$2"', 'export-commit', repo, directory, commit]);
}

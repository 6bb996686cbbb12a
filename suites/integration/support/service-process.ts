import * as path from 'node:path';
import { repositoryRoot, startSystemProcess, typescriptEntryCommand, type StartedSystemProcess } from '@orch/harness';

export const REPO_ROOT = repositoryRoot();

export const AI_DAWG_ENTRIES = {
  backend: path.join(REPO_ROOT, 'packages/ai-dawg/src/backend/main.ts'),
  producer: path.join(REPO_ROOT, 'packages/ai-dawg/src/producer/main.ts'),
  vocalCoach: path.join(REPO_ROOT, 'packages/ai-dawg/src/vocal-coach/main.ts'),
} as const;

export type ServiceProcess = StartedSystemProcess;

/** The command line a supervisor (JARVIS) uses to start an AI DAWG service. */
export const serviceCommand = typescriptEntryCommand;

/**
 * Starts one AI DAWG service as a real child process (`node --import tsx <entry>`) on a free
 * port through the harness (registered for reaping), once its /health answers.
 */
export function startServiceProcess(entry: string, env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<ServiceProcess> {
  return startSystemProcess({
    name: `ai-dawg-${path.basename(path.dirname(entry))}`,
    entry,
    environment: { LOG_LEVEL: 'silent', ...env },
    ...(options.timeoutMs ? { readyTimeoutMs: options.timeoutMs } : {}),
  });
}

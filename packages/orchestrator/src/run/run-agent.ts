import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { reapOrphans } from '@orch/harness';
import type { AgentStatus } from '../coordination/shared-state';
import type { AgentPaths } from './agent-paths';
import type { AgentCommand } from './jest-command';
import { readJestResults, type JestResults } from './jest-results';
import { ProgressFileReader, type AgentProgress } from './progress-file';
import { TailBuffer } from './tail-buffer';

export interface AgentOutcome {
  agent: string;
  status: Exclude<AgentStatus, 'pending' | 'running'>;
  pid?: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the agent crashed or failed outside its tests (signal, timeout, exit without results). */
  reason?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  progress: AgentProgress;
  results?: JestResults;
  stderrTail: string;
}

export interface RunAgentOptions {
  agent: string;
  paths: AgentPaths;
  command: AgentCommand;
  timeoutMs?: number;
  /** Aborting kills the agent's whole process group (Ctrl-C of the orchestrator). */
  abortSignal?: AbortSignal;
  progressIntervalMs?: number;
  onStart?(pid: number): void;
  onProgress?(progress: AgentProgress): void;
  onStderr?(chunk: Buffer): void;
}

const STDERR_TAIL_BYTES = 4096;

/**
 * Runs one agent as its own process group and settles when it is gone. Whatever happens (a
 * normal exit, a failure, a signal, a timeout, an abort) the whole group is SIGKILLed once the
 * leader exits, so no Jest worker or server a test forgot outlives the agent, and the harness's
 * pid files left by dead owners are reaped. Processes in groups of their own (JARVIS's supervised
 * services) are not in reach of the group kill: JARVIS's orphan watchdog ends them.
 */
export function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  const { agent, paths, command } = options;
  fs.rmSync(paths.agentDirectory, { recursive: true, force: true });
  fs.mkdirSync(paths.runtimeDirectory, { recursive: true });
  fs.mkdirSync(paths.reportsDirectory, { recursive: true });

  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const stderr = new TailBuffer(STDERR_TAIL_BYTES);
  const progressReader = new ProgressFileReader(paths.progressFile);

  return new Promise<AgentOutcome>((resolve) => {
    let interruption: string | undefined;
    let settled = false;
    const child = spawn(command.command, command.args, { cwd: command.cwd, env: command.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;

    const killGroup = (): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    };

    const pollProgress = (): void => {
      if (progressReader.poll()) options.onProgress?.(progressReader.progress);
    };
    const progressTimer = setInterval(pollProgress, options.progressIntervalMs ?? 250);
    const timeoutTimer =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            interruption = `timed out after ${formatDuration(options.timeoutMs!)}`;
            killGroup();
          }, options.timeoutMs)
        : undefined;
    const onAbort = (): void => {
      interruption ??= 'interrupted (the orchestrator was stopped)';
      killGroup();
    };
    options.abortSignal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      options.onStderr?.(chunk);
    });

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      clearInterval(progressTimer);
      if (timeoutTimer) clearTimeout(timeoutTimer);
      options.abortSignal?.removeEventListener('abort', onAbort);
      pollProgress();
      const stderrTail = stderr.toString();
      fs.writeFileSync(paths.stderrFile, stderrTail);
      const results = readJestResults(paths.resultsFile);
      const finished = Date.now();
      const { status, reason } = classify({ exitCode, signal, results, interruption, spawnError });
      if (results) {
        progressReader.progress.tests.total = results.numTotalTests;
        progressReader.progress.tests.failed = results.numFailedTests;
        progressReader.progress.tests.done = results.numPassedTests + results.numFailedTests + results.numPendingTests + results.numTodoTests;
      }
      resolve({
        agent,
        status,
        pid,
        exitCode,
        signal,
        reason,
        startedAt,
        finishedAt: new Date(finished).toISOString(),
        durationMs: finished - started,
        progress: progressReader.progress,
        results,
        stderrTail,
      });
    };

    child.once('error', (error) => {
      killGroup();
      finish(null, null, error);
    });
    child.once('exit', (exitCode, signal) => {
      killGroup();
      // Servers the agent's tests registered (harness pid files) whose owner died with the group.
      reapOrphans();
      // Wait for the pipes to drain so the stderr tail is complete; the group is dead, so they close.
      const closeTimer = setTimeout(() => finish(exitCode, signal), 2000);
      child.once('close', () => {
        clearTimeout(closeTimer);
        finish(exitCode, signal);
      });
    });
    if (pid !== undefined) options.onStart?.(pid);
  });
}

interface Classification {
  status: AgentOutcome['status'];
  reason?: string;
}

export function classify(input: { exitCode: number | null; signal: NodeJS.Signals | null; results?: JestResults; interruption?: string; spawnError?: Error }): Classification {
  const { exitCode, signal, results, interruption, spawnError } = input;
  if (spawnError) return { status: 'crashed', reason: `could not start: ${spawnError.message}` };
  if (interruption) return { status: 'crashed', reason: `${interruption}${signal ? ` (${signal})` : ''}` };
  if (signal) return { status: 'crashed', reason: `killed by ${signal}` };
  if (!results) return { status: 'crashed', reason: `exited with code ${exitCode} without writing results` };
  if (results.numFailedTests > 0 || results.numRuntimeErrorTestSuites > 0 || results.numFailedTestSuites > 0) return { status: 'failed' };
  if (exitCode !== 0) return { status: 'failed', reason: `exited with code ${exitCode} although every test passed (global setup/teardown, coverage threshold or open handles)` };
  if (results.numTotalTestSuites === 0) return { status: 'no-tests', reason: 'no tests yet' };
  return { status: 'passed' };
}

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}

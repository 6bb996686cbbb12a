import { isLocalTarget } from './generator-health';

/**
 * Why load must not be generated against `url`, or undefined when it may. Load goes to this
 * machine only unless the operator opts in with ORCH_ALLOW_REMOTE_LOAD=1: a test run must never
 * hammer a deployed system by accident. Distributed load goes through the k6 export.
 */
export function remoteLoadRefusal(url: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!url) return undefined;
  if (isLocalTarget(url) || env.ORCH_ALLOW_REMOTE_LOAD === '1') return undefined;
  return `load against ${new URL(url).host} is off by default (set ORCH_ALLOW_REMOTE_LOAD=1, or run the k6 export: pnpm perf:export-k6)`;
}

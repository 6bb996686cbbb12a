import * as path from 'node:path';

/** Where one agent's run keeps everything it produces. */
export interface AgentPaths {
  agentDirectory: string;
  runtimeDirectory: string;
  reportsDirectory: string;
  resultsFile: string;
  progressFile: string;
  stderrFile: string;
}

export function agentPaths(runsDirectory: string, agent: string): AgentPaths {
  const agentDirectory = path.join(runsDirectory, agent);
  return {
    agentDirectory,
    runtimeDirectory: path.join(agentDirectory, 'runtime'),
    reportsDirectory: path.join(agentDirectory, 'reports'),
    resultsFile: path.join(agentDirectory, 'jest-results.json'),
    progressFile: path.join(agentDirectory, 'progress.jsonl'),
    stderrFile: path.join(agentDirectory, 'stderr.log'),
  };
}

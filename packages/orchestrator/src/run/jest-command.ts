import * as path from 'node:path';
import { COVERAGE_AGENTS } from '@orch/harness';
import type { AgentPaths } from './agent-paths';

export interface AgentCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Builds the command that runs one agent; injected so tests can run a fixture project instead of the suites. */
export type AgentCommandBuilder = (agent: string, paths: AgentPaths, baseEnvironment: NodeJS.ProcessEnv) => AgentCommand;

export interface JestCommandOptions {
  /** Where Jest runs from (the repository root). */
  cwd: string;
  /** The Jest config the agent config wraps; defaults to `<cwd>/jest.config.cjs`. */
  baseConfig?: string;
  extraArgs?: string[];
}

const AGENT_CONFIG = path.resolve(__dirname, '../../agent-jest.config.cjs');

/**
 * `node <jest> --config agent-jest.config.cjs --selectProjects <agent> --ci ...`: one Jest process
 * per agent, writing its results, reports and sidecars into the agent's own directories.
 */
export function jestAgentCommand(options: JestCommandOptions): AgentCommandBuilder {
  const jestBin = require.resolve('jest/bin/jest', { paths: [options.cwd, __dirname] });
  return (agent, paths, baseEnvironment) => ({
    command: process.execPath,
    args: [jestBin, '--config', AGENT_CONFIG, '--selectProjects', agent, '--ci', '--passWithNoTests', '--json', `--outputFile=${paths.resultsFile}`, ...(options.extraArgs ?? [])],
    cwd: options.cwd,
    env: {
      ...baseEnvironment,
      ORCH_BASE_JEST_CONFIG: options.baseConfig ?? path.join(options.cwd, 'jest.config.cjs'),
      ORCH_RUN_DIR: paths.runtimeDirectory,
      ORCH_REPORTS_DIR: paths.reportsDirectory,
      ORCH_PROGRESS_FILE: paths.progressFile,
      // jest-junit reads these too; they keep its output in the agent's directory whatever the base config says.
      JEST_JUNIT_OUTPUT_DIR: paths.reportsDirectory,
      FORCE_COLOR: '0',
      // Only the agents that run the systems in-process collect coverage (see COVERAGE_AGENTS).
      ...(COVERAGE_AGENTS.includes(agent) ? {} : { ORCH_COVERAGE: '0' }),
    },
  });
}

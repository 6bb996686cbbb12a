import * as fs from 'node:fs';
import * as path from 'node:path';

/** One seed scenario of `fixtures/user-case-matrix.json`. */
export interface MatrixScenario {
  id: string;
  agent: string;
  system: string;
  workflow: string;
  title: string;
  target: string;
  threshold: string[];
  unit?: string;
}

export interface UserCaseMatrix {
  version: string | number | null;
  agents: Record<string, { title: string }>;
  scenarios: MatrixScenario[];
}

export interface MatrixLoad {
  path: string;
  matrix: UserCaseMatrix;
  /** Set when the file is missing or malformed; the matrix is then empty and the report says so. */
  error?: string;
}

/** The seed's agent titles, used when the matrix is missing or omits one. */
export const AGENT_TITLES: Record<string, string> = {
  unit: 'Unit Test Generator',
  security: 'Security Scanner',
  'edge-cases': 'Edge Case Explorer',
  integration: 'Integration Tester',
  performance: 'Performance Tester',
  autonomous: 'Autonomous Operations Tester',
  cloud: 'Cloud Infrastructure Tester',
};

const EMPTY: UserCaseMatrix = { version: null, agents: {}, scenarios: [] };

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/**
 * Reads the matrix without ever throwing: the reporter must still write a report when the
 * matrix is missing or broken, and that report names the problem. Malformed entries are
 * dropped one by one rather than discarding the whole matrix.
 */
export function loadUserCaseMatrix(file: string): MatrixLoad {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'file not found' : code ? `cannot be read (${code})` : `is not valid JSON (${(error as Error).message})`;
    return { path: file, matrix: EMPTY, error: `user-case matrix ${file}: ${detail}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { path: file, matrix: EMPTY, error: `user-case matrix ${file}: must be a JSON object` };
  }
  const record = raw as Record<string, unknown>;
  const problems: string[] = [];
  const agents: Record<string, { title: string }> = {};
  if (typeof record.agents === 'object' && record.agents !== null) {
    for (const [name, value] of Object.entries(record.agents as Record<string, unknown>)) {
      agents[name] = { title: text((value as { title?: unknown } | null)?.title, AGENT_TITLES[name] ?? name) };
    }
  } else problems.push('`agents` is missing');
  const scenarios: MatrixScenario[] = [];
  if (Array.isArray(record.scenarios)) {
    record.scenarios.forEach((value: unknown, index) => {
      const entry = (value ?? {}) as Record<string, unknown>;
      if (typeof entry.id !== 'string' || typeof entry.agent !== 'string') {
        problems.push(`scenarios[${index}] has no id or agent`);
        return;
      }
      const threshold = Array.isArray(entry.threshold) ? entry.threshold.filter((item): item is string => typeof item === 'string') : typeof entry.threshold === 'string' ? [entry.threshold] : [];
      scenarios.push({
        id: entry.id,
        agent: entry.agent,
        system: text(entry.system),
        workflow: text(entry.workflow),
        title: text(entry.title, entry.id),
        target: text(entry.target),
        threshold,
        ...(typeof entry.unit === 'string' ? { unit: entry.unit } : {}),
      });
    });
  } else problems.push('`scenarios` is missing');
  const version = typeof record.version === 'string' || typeof record.version === 'number' ? record.version : null;
  return {
    path: file,
    matrix: { version, agents, scenarios },
    ...(problems.length > 0 ? { error: `user-case matrix ${file}: ${problems.join('; ')}` } : {}),
  };
}

/** ORCH_MATRIX_PATH, else the repository's `fixtures/user-case-matrix.json`. */
export function defaultMatrixPath(rootDir = path.resolve(__dirname, '..', '..', '..', '..')): string {
  return process.env.ORCH_MATRIX_PATH ?? path.join(rootDir, 'fixtures', 'user-case-matrix.json');
}

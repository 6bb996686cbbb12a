import * as fs from 'node:fs';

/** One seed scenario as `fixtures/user-case-matrix.json` lists it. */
export interface MatrixScenario {
  id: string;
  agent: string;
  system: string;
  workflow: string;
  title: string;
  target?: string;
  threshold?: string | string[];
  seedLines?: string | number[] | [number, number];
}

export interface MatrixAgent {
  title: string;
  seedLines?: string | number[] | [number, number];
}

export interface UserCaseMatrix {
  version: number | string;
  agents: Record<string, MatrixAgent>;
  scenarios: MatrixScenario[];
}

/** A matrix that cannot be read or does not have the expected shape; the message names the file. */
export class MatrixError extends Error {
  readonly code = 'MATRIX_INVALID';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`user-case matrix ${file}: ${detail}`);
    this.name = 'MatrixError';
  }
}

/**
 * Reads and checks the matrix. Every problem becomes a MatrixError naming the file, so the
 * orchestrator can print one clear line and still write a report that carries it.
 */
export function readUserCaseMatrix(file: string): UserCaseMatrix {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new MatrixError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MatrixError(file, `is not valid JSON (${(error as Error).message})`);
  }
  return validateMatrix(file, parsed);
}

function validateMatrix(file: string, value: unknown): UserCaseMatrix {
  if (!isRecord(value)) throw new MatrixError(file, 'must be a JSON object');
  const { agents, scenarios } = value;
  if (!isRecord(agents)) throw new MatrixError(file, '`agents` must be an object keyed by agent name');
  if (!Array.isArray(scenarios)) throw new MatrixError(file, '`scenarios` must be an array');
  const seen = new Set<string>();
  scenarios.forEach((scenario, index) => {
    if (!isRecord(scenario)) throw new MatrixError(file, `scenarios[${index}] must be an object`);
    for (const field of ['id', 'agent', 'title'] as const) {
      if (typeof scenario[field] !== 'string' || scenario[field] === '') {
        throw new MatrixError(file, `scenarios[${index}] needs a string \`${field}\``);
      }
    }
    const id = scenario.id as string;
    if (seen.has(id)) throw new MatrixError(file, `scenario ${id} is listed twice`);
    seen.add(id);
    if (!(scenario.agent as string in agents)) throw new MatrixError(file, `scenario ${id} names agent "${String(scenario.agent)}", which \`agents\` does not list`);
  });
  return value as unknown as UserCaseMatrix;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

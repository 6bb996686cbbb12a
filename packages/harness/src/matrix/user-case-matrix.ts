import * as fs from 'node:fs';
import matrixSchema from '../../schemas/user-case-matrix.schema.json';
import { checkAgainstSchema, formatSchemaProblems, type SchemaProblem } from '../schemas/schema-validator';

/** The one definition of `fixtures/user-case-matrix.json`; its published schema is `schemas/user-case-matrix.schema.json`. */
export interface MatrixScenario {
  id: string;
  agent: string;
  system: string;
  workflow: string;
  title: string;
  /** The seed's words for the target. */
  target: string;
  /** k6-style terms, e.g. `p(95)<100`; empty when passing tests alone validate the scenario. */
  threshold: string[];
  /** One unit for every term, or one per term. */
  unit?: string | string[];
  seedLines?: number[];
}

export interface MatrixAgent {
  title: string;
  seedLines?: number[];
}

export interface MatrixContextLine {
  line: number;
  why: string;
}

export interface UserCaseMatrix {
  /** Null only in the empty matrix a failed load stands in with. */
  version: number | string | null;
  seed?: string;
  agents: Record<string, MatrixAgent>;
  contextLines?: MatrixContextLine[];
  scenarios: MatrixScenario[];
}

export interface MatrixLoad {
  path: string;
  matrix: UserCaseMatrix;
  /** Set when the file is missing or malformed; what could be read is kept and the report says so. */
  error?: string;
}

/** A matrix that cannot be read or does not have the schema's shape; the message names the file. */
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

export const USER_CASE_MATRIX_SCHEMA: object = matrixSchema;

const emptyMatrix = (): UserCaseMatrix => ({ version: null, agents: {}, scenarios: [] });

type Parsed = { value: unknown } | { code?: string; detail: string };

function parseFile(file: string): Parsed {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { code, detail: `cannot be read (${code ?? (error as Error).message})` };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { detail: `is not valid JSON (${(error as Error).message})` };
  }
}

/** What the schema cannot say: IDs are unique and every scenario's agent is listed. */
function crossChecks(matrix: UserCaseMatrix): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  matrix.scenarios.forEach((scenario, index) => {
    if (seen.has(scenario.id)) problems.push({ path: `/scenarios/${index}`, message: `scenario ${scenario.id} is listed twice` });
    seen.add(scenario.id);
    if (!(scenario.agent in matrix.agents))
      problems.push({ path: `/scenarios/${index}`, message: `scenario ${scenario.id} names agent "${scenario.agent}", which \`agents\` does not list` });
  });
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps every part the schema accepts; a malformed scenario is dropped alone, not the whole matrix. */
function salvage(value: unknown, problems: SchemaProblem[]): UserCaseMatrix {
  if (!isRecord(value)) return emptyMatrix();
  const badScenarios = new Set(
    problems
      .map((problem) => /^\/scenarios\/(\d+)/.exec(problem.path)?.[1])
      .filter((index) => index !== undefined)
      .map(Number),
  );
  const agents = isRecord(value.agents) ? Object.fromEntries(Object.entries(value.agents).filter(([, agent]) => isRecord(agent) && typeof agent.title === 'string')) : {};
  const scenarios = Array.isArray(value.scenarios) ? value.scenarios.filter((_, index) => !badScenarios.has(index)) : [];
  const version = typeof value.version === 'number' || typeof value.version === 'string' ? value.version : null;
  return { ...(value as unknown as UserCaseMatrix), version, agents: agents as UserCaseMatrix['agents'], scenarios: scenarios as MatrixScenario[] };
}

/**
 * Reads the matrix and checks it against its schema without ever throwing: the reporter must
 * still write a report when the matrix is missing or broken, and that report names the problem.
 */
export function loadUserCaseMatrix(file: string): MatrixLoad {
  const parsed = parseFile(file);
  if (!('value' in parsed)) {
    const detail = parsed.code === 'ENOENT' ? 'file not found' : parsed.detail;
    return { path: file, matrix: emptyMatrix(), error: `user-case matrix ${file}: ${detail}` };
  }
  if (!isRecord(parsed.value)) return { path: file, matrix: emptyMatrix(), error: `user-case matrix ${file}: must be a JSON object` };
  const { problems } = checkAgainstSchema(USER_CASE_MATRIX_SCHEMA, parsed.value);
  const matrix = salvage(parsed.value, problems);
  const all = [...problems, ...crossChecks(matrix)];
  return { path: file, matrix, ...(all.length > 0 ? { error: `user-case matrix ${file}: ${formatSchemaProblems(all)}` } : {}) };
}

/** Reads the matrix and throws a MatrixError naming the file on the first sign of trouble (the orchestrator's planning needs a sound matrix). */
export function readUserCaseMatrix(file: string): UserCaseMatrix {
  const parsed = parseFile(file);
  if (!('value' in parsed)) throw new MatrixError(file, parsed.detail);
  if (!isRecord(parsed.value)) throw new MatrixError(file, 'must be a JSON object');
  const { problems } = checkAgainstSchema(USER_CASE_MATRIX_SCHEMA, parsed.value);
  if (problems.length > 0) throw new MatrixError(file, formatSchemaProblems(problems));
  const matrix = parsed.value as unknown as UserCaseMatrix;
  const cross = crossChecks(matrix);
  if (cross.length > 0) throw new MatrixError(file, formatSchemaProblems(cross));
  return matrix;
}

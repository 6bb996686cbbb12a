import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** What a published JSON Schema says about one value: every problem, each naming its place. */
export interface SchemaCheck {
  valid: boolean;
  /** `/scenarios/3/threshold: must be array`; empty when valid. */
  problems: SchemaProblem[];
}

export interface SchemaProblem {
  /** JSON Pointer of the offending value ('' for the document itself). */
  path: string;
  message: string;
}

// One Ajv instance: each schema compiles once per process however often files are read.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = new Map<object, ValidateFunction>();

function describe(error: ErrorObject): SchemaProblem {
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (\`${String(error.params.additionalProperty)}\`)`
      : error.keyword === 'enum'
        ? ` (${(error.params.allowedValues as unknown[]).join(', ')})`
        : '';
  return { path: error.instancePath, message: `${error.message ?? error.keyword}${extra}` };
}

/** Checks `value` against a JSON Schema (draft-07); never throws for bad data. */
export function checkAgainstSchema(schema: object, value: unknown): SchemaCheck {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return { valid: true, problems: [] };
  return { valid: false, problems: (validate.errors ?? []).map(describe) };
}

/** `path: message` lines, the form every reader puts in its error text. */
export function formatSchemaProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((problem) => `${problem.path || '(document)'}: ${problem.message}`).join('; ');
}

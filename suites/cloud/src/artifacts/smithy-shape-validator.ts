/**
 * Validates a plain object against an AWS SDK v3 input shape, using the static Smithy schemas
 * the SDK clients export (`RegisterTaskDefinitionRequest$`, ...): the service model as shipped
 * in the client. Checks unknown members (typos), required members and value types.
 *
 * Static schema forms: a number (simple type; `| 64` list of, `| 128` map of), a function
 * returning a schema, `[schema, traits]` (a member with traits), `[1, ns, name, traits, member]`
 * (list), `[2, ns, name, traits, key, value]` (map), `[3, ns, name, traits, names[], schemas[],
 * requiredCount?]` (structure; the first `requiredCount` members are required).
 */
type Schema = unknown;

const STRING = 0;
const NUMERIC = 1;
const BOOLEAN = 2;
const LIST = 64;
const MAP = 128;

function resolve(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 5; depth += 1) {
    if (typeof current === 'function') current = (current as () => Schema)();
    else if (Array.isArray(current) && current.length === 2 && (typeof current[0] === 'function' || typeof current[0] === 'number' || Array.isArray(current[0])))
      current = current[0];
    else break;
  }
  return current;
}

function validateSimple(code: number, value: unknown, at: string, problems: string[]): void {
  if (code & MAP) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${at}: expected a map`);
    else for (const [key, item] of Object.entries(value)) validateSimple(code & ~MAP, item, `${at}.${key}`, problems);
    return;
  }
  if (code & LIST) {
    if (!Array.isArray(value)) problems.push(`${at}: expected a list`);
    else value.forEach((item, index) => validateSimple(code & ~LIST, item, `${at}[${index}]`, problems));
    return;
  }
  const expected = code === STRING ? 'string' : code === NUMERIC ? 'number' : code === BOOLEAN ? 'boolean' : undefined;
  if (expected && typeof value !== expected) problems.push(`${at}: expected a ${expected}, got ${JSON.stringify(value)}`);
}

function validate(schema: Schema, value: unknown, at: string, problems: string[]): void {
  const resolved = resolve(schema);
  if (typeof resolved === 'number') return validateSimple(resolved, value, at, problems);
  if (!Array.isArray(resolved)) return;
  const [kind] = resolved as [number];
  if (kind === 1) {
    if (!Array.isArray(value)) return void problems.push(`${at}: expected a list`);
    value.forEach((item, index) => validate(resolved[4], item, `${at}[${index}]`, problems));
  } else if (kind === 2) {
    if (typeof value !== 'object' || value === null) return void problems.push(`${at}: expected a map`);
    for (const [key, item] of Object.entries(value)) validate(resolved[5], item, `${at}.${key}`, problems);
  } else if (kind === 3) {
    validateStructure(resolved as [number, string, string, unknown, string[], Schema[], number?], value, at, problems);
  }
}

function validateStructure(shape: [number, string, string, unknown, string[], Schema[], number?], value: unknown, at: string, problems: string[]): void {
  const [, , name, , names, schemas, requiredCount = 0] = shape;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return void problems.push(`${at}: expected a ${name} structure`);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!names.includes(key)) problems.push(`${at}.${key}: not a member of ${name}`);
  }
  names.forEach((member, index) => {
    if (record[member] === undefined) {
      if (index < requiredCount) problems.push(`${at}.${member}: required by ${name}`);
      return;
    }
    validate(schemas[index], record[member], `${at}.${member}`, problems);
  });
}

/** Problems found validating `value` against an SDK input shape; empty when it conforms. */
export function validateAgainstShape(shape: unknown, value: unknown, at = '$'): string[] {
  const problems: string[] = [];
  validate(shape, value, at, problems);
  return problems;
}

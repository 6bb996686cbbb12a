import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CODES, isErrorCode, JarvisError } from '@orch/jarvis';

const ERRORS_MD = path.join(__dirname, '..', '..', '..', 'packages', 'jarvis', 'ERRORS.md');
const SOURCE = path.join(__dirname, '..', '..', '..', 'packages', 'jarvis', 'src');

function sourceFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(path.join(directory, entry.name)) : entry.name.endsWith('.ts') ? [path.join(directory, entry.name)] : []));
}

describe('JARVIS error-code registry', () => {
  test('documents every registered code in ERRORS.md with its HTTP status, and nothing else', () => {
    const rows = [...fs.readFileSync(ERRORS_MD, 'utf8').matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((match) => ({
      code: match[1]!,
      status: Number(match[2]),
      text: match[3]!,
    }));
    const documented = new Map(rows.map((row) => [row.code, row]));
    const registered = Object.keys(ERROR_CODES);
    expect(registered.filter((code) => !documented.has(code))).toEqual([]);
    expect(rows.filter((row) => !isErrorCode(row.code)).map((row) => row.code)).toEqual([]);
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect({ code, status: documented.get(code)!.status }).toEqual({ code, status: entry.status });
      expect(documented.get(code)!.text.length).toBeGreaterThan(20);
    }
  });

  test('uses only registered codes wherever the source raises a JarvisError', () => {
    const raised = sourceFiles(SOURCE).flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/(?:new JarvisError\(|code: )'([A-Z_]+)'/g)].map((match) => match[1]!));
    expect(raised.length).toBeGreaterThan(10);
    expect([...new Set(raised)].filter((code) => !isErrorCode(code))).toEqual([]);
    const error = new JarvisError('UNKNOWN_SERVICE', 'no such service', { service: 'x' });
    expect([error.statusCode, error.code, error.details]).toEqual([404, 'UNKNOWN_SERVICE', { service: 'x' }]);
  });
});

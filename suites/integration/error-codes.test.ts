import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_CODES, errorCodes } from '@orch/ai-dawg';
import { REPO_ROOT } from './support/service-process';

describe('AI DAWG error-code registry', () => {
  test('every error code is documented in packages/ai-dawg/ERRORS.md with its HTTP status', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'packages/ai-dawg/ERRORS.md'), 'utf8');
    const undocumented = errorCodes().filter((code) => !new RegExp(`\\| \`${code}\` \\| ${ERROR_CODES[code].status}\\b`).test(doc));
    expect(undocumented).toEqual([]);
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(errorCodes().sort());
    for (const code of errorCodes()) expect(ERROR_CODES[code].description.length).toBeGreaterThan(10);
  });
});

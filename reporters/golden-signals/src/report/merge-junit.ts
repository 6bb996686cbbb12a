import * as fs from 'node:fs';

/**
 * One JUnit file from several (the parts of `pnpm test`): their `<testsuite>` elements under one
 * `<testsuites>` whose counts are the sums, so the checks tab and log readers see every test.
 */
export function mergeJunitFiles(inputs: readonly string[], output: string): string | undefined {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, time: 0 };
  for (const file of inputs.filter((candidate) => fs.existsSync(candidate))) {
    const xml = fs.readFileSync(file, 'utf8');
    const root = /<testsuites\b([^>]*)>/.exec(xml)?.[1] ?? '';
    const attribute = (name: string): number => Number(new RegExp(`\\b${name}="([^"]*)"`).exec(root)?.[1] ?? 0) || 0;
    totals.tests += attribute('tests');
    totals.failures += attribute('failures');
    totals.errors += attribute('errors');
    totals.time += attribute('time');
    suites.push(...(xml.match(/<testsuite\b[\s\S]*?<\/testsuite>|<testsuite\b[^>]*\/>/g) ?? []));
  }
  if (suites.length === 0) return undefined;
  const header = `<testsuites name="jest tests" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${Math.round(totals.time * 1000) / 1000}">`;
  fs.writeFileSync(output, `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n${suites.join('\n')}\n</testsuites>\n`);
  return output;
}

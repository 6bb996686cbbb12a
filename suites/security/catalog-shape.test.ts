import { CATALOG, probesFor } from './catalog/catalog';
import { SEVERITY_RULES } from './catalog/severity-rules';

describe('the attack catalog itself', () => {
  test('[SEC-17] holds at least 60 probe runs over both systems, each with a safe outcome, an OWASP item and a written severity rule', () => {
    const runs = probesFor('jarvis').length + probesFor('ai-dawg').length;
    expect(runs).toBeGreaterThanOrEqual(60);
    const ids = CATALOG.map((probe) => probe.id);
    expect(new Set(ids).size).toBe(ids.length);
    const incomplete = CATALOG.filter(
      (probe) =>
        !probe.expected.trim() ||
        !/^API\d+:2023 /.test(probe.owasp) ||
        !SEVERITY_RULES[probe.category]?.rule ||
        probe.scenarios.length === 0 ||
        !probe.scenarios.every((id) => /^SEC-(0[1-9]|1[0-7])$/.test(id)),
    );
    expect(incomplete.map((probe) => probe.id)).toEqual([]);
    // Every seed vector SEC-01..16 has at least one probe.
    const covered = new Set(CATALOG.flatMap((probe) => probe.scenarios));
    expect(Array.from({ length: 16 }, (_, index) => `SEC-${String(index + 1).padStart(2, '0')}`).filter((id) => !covered.has(id))).toEqual([]);
  });
});

import { emptyAgent, finalizeReport, mergeTargets, orderedAgentNames } from './build-report';
import { mergeMetricList } from './merge-metrics';
import { REPORT_VERSION, type AgentEntry, type CoveragePackage, type CoverageSection, type Report, type ScenarioEntry, type ScenarioTest, type ShardEntry } from './report-types';

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * Shards each see part of the files, so line coverage cannot be summed (files shared by shards
 * would count twice) and a per-line union needs the coverage maps. The highest single-shard
 * figure is a true lower bound of the union, and the note says so.
 */
function mergeCoverage(sections: CoverageSection[]): CoverageSection {
  const measured = sections.filter((section) => section.packages.some((item) => item.linesPct !== null));
  if (measured.length === 0) return sections[0] ?? { source: 'not-collected', packages: [] };
  if (measured.length === 1) return measured[0]!;
  const names = unique(measured.flatMap((section) => section.packages.map((item) => item.name)));
  const packages = names.map((name): CoveragePackage => {
    const candidates = measured.flatMap((section) => section.packages.filter((item) => item.name === name && item.linesPct !== null));
    if (candidates.length === 0) return measured[0]!.packages.find((item) => item.name === name)!;
    const best = candidates.reduce((left, right) => ((right.linesPct ?? 0) > (left.linesPct ?? 0) ? right : left));
    if (candidates.length === 1) return best;
    return { ...best, note: `lower bound: highest of ${candidates.length} separately measured runs (a per-line union needs their coverage maps)` };
  });
  return { source: 'merged', packages, note: 'merged from several runs; each package shows its highest single-run figure, a lower bound of the combined coverage' };
}

function mergeAgent(into: AgentEntry, from: AgentEntry): void {
  into.ran ||= from.ran;
  into.files += from.files;
  into.tests += from.tests;
  into.passed += from.passed;
  into.failed += from.failed;
  into.skipped += from.skipped;
  into.durationMs += from.durationMs;
  if (from.status === 'crashed') into.status = 'crashed';
  if (from.error) into.error = into.error ? `${into.error}; ${from.error}` : from.error;
  if (from.targets) into.targets = mergeTargets(into.targets ?? [], from.targets);
}

function testKey(test: ScenarioTest): string {
  return `${test.file}\u0000${test.name}\u0000${test.status}`;
}

/** One merged part: its name (ORCH_SHARD_ID, else the agents it ran) and timing. */
function shardOf(report: Report, index: number): ShardEntry {
  const agents = report.agents.filter((agent) => agent.ran).map((agent) => agent.name);
  return {
    id: report.shard ?? (agents.length > 0 ? agents.join('+') : report.toolkit.tests > 0 ? 'toolkit' : `part-${index + 1}`),
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    agents,
    tests: report.totals.tests + report.toolkit.tests,
    failed: report.totals.failed + report.toolkit.failed,
  };
}

function optionalList<K extends 'flaky' | 'diagnosis'>(key: K, list: NonNullable<Report[K]>): Partial<Pick<Report, K>> {
  return list.length > 0 ? ({ [key]: list } as Partial<Pick<Report, K>>) : {};
}

/**
 * Merges the reports of shards or of agents run as separate processes. Counts are summed,
 * tests and metrics are pooled, latency histograms are merged (never percentiles averaged) and
 * every status is recomputed from the pooled tests, by the same rule a single run uses.
 */
export function mergeReports(reports: readonly Report[]): Report {
  if (reports.length === 0) throw new Error('mergeReports needs at least one report');
  for (const report of reports) {
    if (report.version !== REPORT_VERSION) throw new Error(`cannot merge report version ${String(report.version)}; this reporter writes version ${REPORT_VERSION}`);
  }
  const first = reports[0]!;
  const startedAt = reports.map((report) => report.startedAt).sort()[0]!;
  const finishedAt = reports
    .map((report) => report.finishedAt)
    .sort()
    .at(-1)!;

  const agents = new Map<string, AgentEntry>();
  for (const name of orderedAgentNames(reports.flatMap((report) => report.agents.map((agent) => agent.name)))) {
    const sources = reports.flatMap((report) => report.agents.filter((agent) => agent.name === name));
    if (sources.length === 0) continue;
    const merged = emptyAgent(name, sources[0]!.title);
    for (const source of sources) mergeAgent(merged, source);
    agents.set(name, merged);
  }

  const scenarios = new Map<string, ScenarioEntry>();
  for (const report of reports) {
    for (const scenario of report.scenarios) {
      const existing = scenarios.get(scenario.id);
      if (!existing) {
        scenarios.set(scenario.id, { ...scenario, tests: [...scenario.tests], metrics: [...scenario.metrics] });
        continue;
      }
      if (!existing.inMatrix && scenario.inMatrix) Object.assign(existing, { ...scenario, tests: existing.tests, metrics: existing.metrics });
      const seen = new Set(existing.tests.map(testKey));
      for (const test of scenario.tests) if (!seen.has(testKey(test))) existing.tests.push(test);
      existing.metrics.push(...scenario.metrics);
    }
  }
  for (const scenario of scenarios.values()) scenario.metrics = mergeMetricList(scenario.metrics);

  const services = new Map<string, Report['services'][number]>();
  for (const service of reports.flatMap((report) => report.services))
    services.set(`${service.name}\u0000${service.provider}`, services.get(`${service.name}\u0000${service.provider}`) ?? service);

  const warnings = unique(reports.flatMap((report) => report.warnings ?? []));
  const hosts = unique(reports.map((report) => report.machine.hostname));
  if (hosts.length > 1) warnings.push(`merged from runs on ${hosts.length} machines (${hosts.join(', ')}); machine shows the first`);
  const matrix = reports.find((report) => !report.matrix.error && report.matrix.scenarios > 0)?.matrix ?? first.matrix;

  const report: Report = {
    version: REPORT_VERSION,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    profile: unique(reports.map((item) => item.profile)).join(', '),
    machine: first.machine,
    matrix,
    services: [...services.values()],
    coverage: mergeCoverage(reports.map((item) => item.coverage)),
    totals: first.totals,
    agents: [...agents.values()],
    scenarios: [...scenarios.values()],
    toolkit: {
      tests: reports.reduce((sum, item) => sum + item.toolkit.tests, 0),
      passed: reports.reduce((sum, item) => sum + item.toolkit.passed, 0),
      failed: reports.reduce((sum, item) => sum + item.toolkit.failed, 0),
      skipped: reports.reduce((sum, item) => sum + (item.toolkit.skipped ?? 0), 0),
      failures: reports.flatMap((item) => item.toolkit.failures ?? []),
    },
    bugs: reports.flatMap((item) => item.bugs),
    // A matrix problem is the same in every shard: say it once.
    errors: unique(reports.flatMap((item) => item.errors)),
    warnings,
    mergedFrom: reports.reduce((sum, item) => sum + (item.mergedFrom ?? 1), 0),
    shards: reports.flatMap((item, index) => item.shards ?? [shardOf(item, index)]),
    ...optionalList(
      'flaky',
      reports.flatMap((item) => item.flaky ?? []),
    ),
    ...optionalList(
      'diagnosis',
      reports.flatMap((item) => item.diagnosis ?? []),
    ),
    ...(reports.find((item) => item.mutation) ? { mutation: reports.find((item) => item.mutation)!.mutation } : {}),
  };
  return finalizeReport(report);
}

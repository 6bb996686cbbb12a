import type { AgentEntry, Report, ScenarioEntry, ScenarioMetric } from '../report/report-types';
import { SECURITY_SEVERITY, type CheckField, type ComputedField, type FigureField, type TemplateField } from '../template-fields';
import { COVERAGE_TARGET } from '../inputs/package-coverage';
import { formatFigure, formatNumber } from './format-figure';
import { countedScenarios } from '../report/scenario-status';

export interface ViewLine {
  text: string;
  /** Nested bullet lines (a list field's items). */
  items?: string[];
}

export const NOT_MEASURED = 'not measured in this run';
export const LIST_LIMIT = 12;

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${formatNumber(Math.round((part / whole) * 1000) / 10)}%`;
}

export function limited(lines: string[], limit = LIST_LIMIT): string[] {
  return lines.length <= limit ? lines : [...lines.slice(0, limit), `… and ${lines.length - limit} more (see report.json)`];
}

/** Field-level wording shared by every section: figures, verdicts, why a figure is missing. */
export class ViewBuilder {
  private readonly scenarios: Map<string, ScenarioEntry>;
  private readonly agents: Map<string, AgentEntry>;

  constructor(private readonly report: Report) {
    this.scenarios = new Map(report.scenarios.map((scenario) => [scenario.id, scenario]));
    this.agents = new Map(report.agents.map((agent) => [agent.name, agent]));
  }

  /** Why scenarios gave no figure or verdict, in words a reader can act on; IDs with the same reason are grouped. */
  whyAll(ids: string[]): string {
    const groups = new Map<string, { ids: string[]; text: (ids: string) => string }>();
    const add = (key: string, id: string, text: (ids: string) => string): void => {
      const group = groups.get(key) ?? { ids: [], text };
      if (!group.ids.includes(id)) group.ids.push(id);
      groups.set(key, group);
    };
    for (const id of ids) {
      const scenario = this.scenarios.get(id);
      if (!scenario || !scenario.inMatrix) {
        add('missing', id, (list) => `${list} not in the user-case matrix${this.report.matrix.error ? ` (${this.report.matrix.error})` : ''}`);
        continue;
      }
      switch (scenario.status) {
        case 'not-covered':
          add('not-covered', id, (list) => `no test in this run names ${list}`);
          break;
        case 'not-run':
          add(`not-run\u0000${scenario.reason ?? ''}`, id, (list) => `${list} not run: ${scenario.reason ?? 'no reason recorded'}`);
          break;
        case 'failed':
          add(`failed\u0000${id}`, id, (list) => `${list} failed: ${scenario.reason ?? 'no reason recorded'}`);
          break;
        case 'validated':
          add('validated', id, (list) => `${list} passed but recorded no figure for this line`);
          break;
      }
    }
    return [...groups.values()].map((group) => group.text(group.ids.join(', '))).join('; ');
  }

  /** First metric that answers a figure field (see template-fields.ts for the order). */
  findFigure(field: FigureField): { scenario: ScenarioEntry; metric: ScenarioMetric } | undefined {
    for (const id of field.scenarios) {
      const scenario = this.scenarios.get(id);
      if (!scenario || scenario.metrics.length === 0) continue;
      const names = (field.metrics ?? []).map((name) => name.toLowerCase());
      const seedThreshold = (metric: ScenarioMetric): boolean => Boolean(metric.threshold && scenario.threshold.includes(metric.threshold));
      // In the order of the field's names, so the first name listed is the preferred figure.
      const named = [...new Set(names.flatMap((name) => scenario.metrics.filter((metric) => metric.name.toLowerCase().includes(name))))];
      const only = scenario.metrics.length === 1 ? scenario.metrics[0] : undefined;
      // A named figure checked against the matrix's own threshold is the seed's figure; then any named one.
      const metric = named.find(seedThreshold) ?? named[0] ?? scenario.metrics.find(seedThreshold) ?? only;
      if (metric) return { scenario, metric };
    }
    return undefined;
  }

  figure(field: FigureField): string {
    const found = this.findFigure(field);
    if (!found) return `${field.label}: ${NOT_MEASURED} (${field.target}) — ${this.whyAll(field.scenarios)}`;
    const { scenario, metric } = found;
    const mark = metric.pass === true ? ' ✅' : metric.pass === false ? ' ❌' : '';
    const failed = scenario.status === 'failed' ? `; ${scenario.id} failed: ${scenario.reason ?? ''}` : '';
    const merged = metric.sources && metric.sources > 1 ? `, merged from ${metric.sources} histograms` : '';
    return `${field.label}: ${formatFigure(metric.value, metric.unit, field.unit)} (${field.target})${mark} — ${scenario.id} “${metric.name}”${metric.threshold ? ` ${metric.threshold}` : ''}${merged}${failed}`;
  }

  private observed(ids: string[]): string {
    const figures = ids.flatMap((id) =>
      (this.scenarios.get(id)?.metrics ?? []).filter((metric) => metric.threshold).map((metric) => `${id} ${metric.name} ${formatFigure(metric.value, metric.unit, metric.unit)}`),
    );
    return figures.length > 0 ? `; observed ${figures.slice(0, 3).join(', ')}${figures.length > 3 ? ', …' : ''}` : '';
  }

  /**
   * A verdict over several scenarios: pass only when every one is validated, fail when one
   * failed, otherwise it says what was and was not measured.
   */
  verdict(field: CheckField): string {
    const entries = field.scenarios.map((id) => ({ id, status: this.scenarios.get(id)?.status ?? 'missing' }));
    const failed = entries.filter((entry) => entry.status === 'failed').map((entry) => entry.id);
    const validated = entries.filter((entry) => entry.status === 'validated').map((entry) => entry.id);
    const rest = entries.filter((entry) => entry.status !== 'validated' && entry.status !== 'failed').map((entry) => entry.id);
    const failText = field.fail || '❌';
    const passText = field.pass || '✅';
    if (failed.length > 0) return `${failText} (${this.whyAll(failed)})`;
    if (rest.length === 0) return `${passText} (${validated.join(', ')} validated${this.observed(validated)})`;
    if (validated.length > 0) return `⚠️ partly validated: ${validated.join(', ')} validated; ${NOT_MEASURED} for ${rest.join(', ')} — ${this.whyAll(rest)}`;
    const symbol = entries.some((entry) => entry.status === 'not-run') ? '⏭️' : '➖';
    return `${symbol} ${NOT_MEASURED} — ${this.whyAll(rest)}`;
  }

  /** A workflow line: the seed's ✅ becomes ✅ / ❌ / ⚠️ / ⏭️ not run / ➖ not covered. */
  workflowLine(field: CheckField): string {
    const statuses = field.scenarios.map((id) => this.scenarios.get(id)?.status ?? 'not-covered');
    const count = (status: string): number => statuses.filter((item) => item === status).length;
    const total = statuses.length;
    const summary = `${count('validated')}/${total} scenarios validated (${field.scenarios.join(', ')})`;
    if (count('failed') > 0) {
      const failed = field.scenarios.filter((id) => this.scenarios.get(id)?.status === 'failed');
      return `❌ ${field.label} — ${summary}; failed: ${failed.join(', ')}`;
    }
    if (count('validated') === total) return `✅ ${field.label} — ${summary}`;
    if (count('validated') > 0) {
      const open = field.scenarios.filter((id) => this.scenarios.get(id)?.status !== 'validated');
      return `⚠️ ${field.label} — ${summary}; ${NOT_MEASURED} for ${open.join(', ')} — ${this.whyAll(open)}`;
    }
    if (count('not-run') > 0) return `⏭️ not run: ${field.label} — ${this.whyAll(field.scenarios)}`;
    return `➖ not covered: ${field.label} — ${this.whyAll(field.scenarios)}`;
  }

  private agentScenarios(agent: string): ScenarioEntry[] {
    return countedScenarios(this.report.scenarios, this.report.matrix.scenarios).filter((scenario) => scenario.agent === agent);
  }

  private agentNotRunText(agent: AgentEntry | undefined, name: string): string | undefined {
    if (!agent) return `${NOT_MEASURED} — the ${name} agent is not in this report`;
    if (agent.status === 'crashed') return `${NOT_MEASURED} — the ${name} agent crashed: ${agent.error ?? 'no reason recorded'}`;
    if (!agent.ran) return `${NOT_MEASURED} — the ${name} agent did not run in this run`;
    return undefined;
  }

  coverageText(): string {
    const measured = this.report.coverage.packages.filter((item) => item.linesPct !== null);
    if (measured.length === 0) {
      return `${NOT_MEASURED} (target: ${COVERAGE_TARGET}%+) — ${this.report.coverage.note ?? this.report.coverage.packages[0]?.note ?? 'no coverage data'}`;
    }
    const parts = this.report.coverage.packages.map((item) =>
      item.linesPct === null ? `${item.name} ${NOT_MEASURED} (${item.note ?? 'no data'})` : `${item.name} ${formatNumber(item.linesPct)}% lines ${item.pass ? '✅' : '❌'}`,
    );
    return `${parts.join(', ')} (target: ${COVERAGE_TARGET}%+)`;
  }

  /** A scenario's metrics whose name starts with `prefix` (the security agent records one per system). */
  private metricsNamed(id: string, prefix: string): ScenarioMetric[] {
    return (this.scenarios.get(id)?.metrics ?? []).filter((metric) => metric.name.startsWith(prefix));
  }

  /** The attack catalog's findings of one severity, summed over the systems it scanned (SEC-17 `security findings: <level> (<system>)`). */
  private probeFindings(level: string): { total: number; bySystem: string } | undefined {
    const metrics = this.metricsNamed('SEC-17', `security findings: ${level}`);
    if (metrics.length === 0) return undefined;
    const total = metrics.reduce((sum, metric) => sum + metric.value, 0);
    return { total, bySystem: metrics.map((metric) => `${metric.name.replace(/^.*\((.*)\)$/, '$1')} ${metric.value}`).join(', ') };
  }

  computed(field: ComputedField, agentName: string): string {
    const agent = this.agents.get(agentName);
    const scenarios = this.agentScenarios(agentName);
    const tested = scenarios.filter((scenario) => scenario.status === 'validated' || scenario.status === 'failed');
    const count = (status: string): number => scenarios.filter((scenario) => scenario.status === status).length;
    const breakdown = `${count('failed')} failed, ${count('not-run')} not run, ${count('not-covered')} not covered`;
    const absent = this.agentNotRunText(agent, agentName);
    switch (field.compute) {
      case 'coverage':
        return `${field.label}: ${this.coverageText()}`;
      case 'agent-tests':
        if (absent) return `${field.label}: ${absent}`;
        return `${field.label}: ${agent!.tests} (${agent!.passed} passed, ${agent!.failed} failed, ${agent!.skipped} skipped)`;
      case 'agent-scenarios-validated':
        return `${field.label}: ${count('validated')}/${scenarios.length} validated (${breakdown})`;
      case 'agent-scenarios-tested':
        if (absent) return `${field.label}: ${absent}`;
        return `${field.label}: ${tested.length} of ${scenarios.length} scenarios in the matrix (${count('not-run')} not run, ${count('not-covered')} not covered)`;
      case 'agent-bugs':
        if (absent) return `${field.label}: ${absent}`;
        return `${field.label}: ${this.report.bugs.filter((bug) => bug.agent === agentName).length}`;
      case 'security-critical':
      case 'security-high':
      case 'security-medium':
      case 'security-low': {
        if (absent) return `${field.label}: ${absent}`;
        const level = field.compute.replace('security-', '') as keyof typeof SECURITY_SEVERITY;
        const ids = SECURITY_SEVERITY[level];
        const failed = ids.filter((id) => this.scenarios.get(id)?.status === 'failed');
        const ran = ids.filter((id) => ['validated', 'failed'].includes(this.scenarios.get(id)?.status ?? ''));
        const vectors = `${ran.length} of ${ids.length} ${level}-severity seed vectors tested${failed.length > 0 ? `, failed: ${failed.join(', ')}` : ''}`;
        const probes = this.probeFindings(level);
        if (probes) return `${field.label}: ${probes.total} (${probes.bySystem}) — catalog findings by the severity rules (SEC-17); ${vectors}`;
        return `${field.label}: ${failed.length}${failed.length > 0 ? ` (${failed.join(', ')})` : ''} — ${vectors}`;
      }
      case 'security-vectors': {
        if (absent) return `${field.label}: ${absent}`;
        const probes = this.metricsNamed('SEC-17', 'security probes run');
        const fuzzed = this.metricsNamed('SEC-18', 'fuzz: malformed requests sent');
        const seed = `${tested.length} of ${scenarios.length} SEC scenarios tested (${count('not-run')} not run, ${count('not-covered')} not covered)`;
        const catalog =
          probes.length > 0
            ? `${probes.reduce((sum, metric) => sum + metric.value, 0)} attack probes (${probes.map((metric) => `${metric.value} ${metric.name.replace(/^.*\((.*)\)$/, '$1')}`).join(', ')})`
            : 'no attack catalog in this run';
        const fuzz = fuzzed.length > 0 ? `, ${fuzzed.reduce((sum, metric) => sum + metric.value, 0)} fuzzed malformed requests` : '';
        return `${field.label}: ${catalog}${fuzz}; ${seed}`;
      }
      case 'security-status': {
        if (absent) return `${field.label}: ${absent}`;
        const blocking = [...SECURITY_SEVERITY.critical, ...SECURITY_SEVERITY.high].filter((id) => this.scenarios.get(id)?.status === 'failed');
        const severe = (this.probeFindings('critical')?.total ?? 0) + (this.probeFindings('high')?.total ?? 0);
        if (severe > 0 && blocking.length === 0) blocking.push(`${severe} Critical/High catalog findings`);
        if (blocking.length > 0 || count('failed') > 0)
          return `${field.label}: Requires fixes (${[...new Set([...blocking, ...scenarios.filter((s) => s.status === 'failed').map((s) => s.id)])].join(', ')} failed)`;
        if (count('validated') === scenarios.length) return `${field.label}: Production-ready (all ${scenarios.length} attack vectors protected)`;
        return `${field.label}: not established — ${count('validated')}/${scenarios.length} attack vectors validated, ${count('not-run')} not run, ${count('not-covered')} not covered`;
      }
      case 'workflows-tested': {
        if (absent) return `${field.label}: ${absent}`;
        const all = [...new Set(scenarios.map((scenario) => scenario.workflow).filter(Boolean))];
        const ran = all.filter((workflow) => tested.some((scenario) => scenario.workflow === workflow));
        return `${field.label}: ${ran.length} of ${all.length}${ran.length > 0 ? ` (${ran.join('; ')})` : ''}`;
      }
      case 'all-passing': {
        if (absent) return `${field.label}: ${absent}`;
        if (agent!.failed === 0 && count('validated') === scenarios.length && scenarios.length > 0) return `${field.label}: Yes`;
        return `${field.label}: No (${agent!.failed} failed tests; ${count('validated')}/${scenarios.length} scenarios validated, ${breakdown})`;
      }
      case 'workflow-slos-met': {
        if (absent) return `${field.label}: ${absent}`;
        const all = [...new Set(scenarios.map((scenario) => scenario.workflow).filter(Boolean))];
        const met = all.filter((workflow) => scenarios.filter((scenario) => scenario.workflow === workflow).every((scenario) => scenario.status === 'validated'));
        const open = all.filter((workflow) => !met.includes(workflow));
        return `${field.label}: ${met.length}/${all.length}${open.length > 0 ? ` (not met or not fully measured: ${open.join('; ')})` : ''}`;
      }
    }
  }

  field(field: TemplateField, agent: string): ViewLine {
    switch (field.kind) {
      case 'figure':
        return { text: this.figure(field) };
      case 'check':
        return { text: `${field.label}: ${this.verdict(field)}` };
      case 'computed':
        return { text: this.computed(field, agent) };
      case 'list':
        return { text: `${field.label}:`, items: field.items.map((item) => `${item.label}: ${this.verdict(item)}`) };
    }
  }

  agentHeadingSymbol(agent: AgentEntry | undefined): string {
    if (!agent || !agent.ran) return agent?.status === 'crashed' ? '💥 crashed' : '⏭️ not run';
    if (agent.status === 'crashed') return '💥 crashed';
    if (agent.status === 'failed') return '❌';
    const all = this.agentScenarios(agent.name);
    return all.length > 0 && all.every((scenario) => scenario.status === 'validated') ? '✅' : '⚠️';
  }

  bugLine(bug: Report['bugs'][number]): string {
    const scenario = bug.scenario ? this.scenarios.get(bug.scenario) : undefined;
    const impact = scenario ? `${bug.scenario} ${scenario.title}${scenario.target ? ` (target: ${scenario.target})` : ''}` : 'no scenario named';
    return `**${bug.severity}** — ${bug.test} (${bug.file}): ${bug.message} — impact: ${impact}; fix effort: not estimated (one failing test to diagnose)`;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${formatNumber(Math.round(ms / 100) / 10)} seconds`;
  return `${formatNumber(Math.round(ms / 6000) / 10)} minutes`;
}

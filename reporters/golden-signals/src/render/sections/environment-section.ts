import type { Report } from '../../report/report-types';
import { formatNumber } from '../format-figure';
import { NOT_MEASURED } from '../view-builder';

export function environmentSection(report: Report): string[] {
  const machine = report.machine;
  return [
    `**Profile**: ${report.profile}`,
    `**Machine**: ${machine.hostname}, ${machine.platform}, ${machine.cpus} CPUs${machine.cpuModel ? ` (${machine.cpuModel})` : ''}, ${formatNumber(machine.memoryGb)} GB RAM, Node ${machine.node}`,
    `**User-case matrix**: ${report.matrix.path}${report.matrix.error ? ` — ${report.matrix.error}` : ` (version ${report.matrix.version ?? 'unknown'}, ${report.matrix.scenarios} scenarios)`}`,
  ];
}

export function servicesSection(report: Report): string[] {
  if (report.services.length === 0) return [`${NOT_MEASURED}: no services.json in the run directory (services were not started by the harness, or ORCH_SERVICES=none)`];
  return report.services.map((service) => {
    const details = Object.entries(service.details ?? {});
    return `**${service.name}**: ${service.provider} provider, ready in ${formatNumber(service.readyMs)} ms${details.length > 0 ? ` (${details.map(([key, value]) => `${key}: ${value}`).join(', ')})` : ''}`;
  });
}

/**
 * Which systems each agent ran against: the reference systems its tests started, or deployed ones
 * by URL. Agents that recorded no target drive the systems in-process (unit, edge cases) or did
 * not run.
 */
export function targetsSection(report: Report): string[] {
  return report.agents.map((agent) => {
    if (!agent.ran) return `**${agent.name}**: did not run in this run`;
    if (!agent.targets || agent.targets.length === 0) return `**${agent.name}**: the reference systems, built in-process or started by its tests (no black-box target recorded)`;
    const targets = agent.targets.map((target) =>
      target.kind === 'url' ? `${target.system} deployed at ${target.baseUrl}` : `${target.system} reference system started for the run`,
    );
    return `**${agent.name}**: ${targets.join('; ')}`;
  });
}

export function coverageSection(report: Report): string[] {
  return report.coverage.packages.map((item) =>
    item.linesPct === null
      ? `**${item.name}**: ${NOT_MEASURED} — ${item.note ?? 'no data'} (target: ${item.target}%)`
      : `**${item.name}**: ${formatNumber(item.linesPct)}% of lines (${item.linesCovered}/${item.linesTotal}) vs target ${item.target}% ${item.pass ? '✅' : '❌'}${item.note ? ` — ${item.note}` : ''}`,
  );
}

import type { Report } from '../../report/report-types';
import { formatDuration } from '../view-builder';

export interface FooterView {
  duration: string;
  agents: string;
  merged?: string;
  generatedAt: string;
}

export function toolkitLine(report: Report): string {
  const toolkit = report.toolkit;
  const failing = toolkit.failures.length > 0 ? ` — failing: ${toolkit.failures.map((failure) => `${failure.test} (${failure.message})`).join('; ')}` : '';
  return `${toolkit.tests} self-tests: ${toolkit.passed} passed, ${toolkit.failed} failed, ${toolkit.skipped} skipped${failing}`;
}

export function footer(report: Report): FooterView {
  const ran = report.agents.filter((agent) => agent.ran).map((agent) => agent.name);
  return {
    duration: formatDuration(report.durationMs),
    agents: ran.length > 0 ? `${ran.length} agent${ran.length === 1 ? '' : 's'}: ${ran.join(', ')}` : 'no agent ran',
    ...(report.mergedFrom ? { merged: `merged from ${report.mergedFrom} runs` } : {}),
    generatedAt: report.finishedAt,
  };
}

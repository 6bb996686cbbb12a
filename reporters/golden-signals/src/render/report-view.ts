import type { Report } from '../report/report-types';
import { WORKFLOW_GROUPS } from '../template-fields';
import { agentSections, type AgentSection } from './sections/agent-sections';
import { criticalIssues } from './sections/critical-issues';
import { coverageSection, environmentSection, servicesSection, targetsSection } from './sections/environment-section';
import { executiveSummary } from './sections/executive-summary';
import { footer, toolkitLine, type FooterView } from './sections/footer';
import { metricsSection, thresholdsSection } from './sections/metrics-section';
import { next24Hours } from './sections/next-24-hours';
import { recommendations } from './sections/recommendations';
import { validationSummary } from './sections/validation-summary';
import { diagnosisLines, flakyLines, historyView, mutationLines, shardLines, type HistoryView } from './sections/run-health';
import { limited, ViewBuilder } from './view-builder';

export type { ViewLine } from './view-builder';

export interface ReportView {
  date: string;
  executiveSummary: string;
  workflowGroups: { heading: string; lines: string[] }[];
  metrics: string[];
  thresholds: string[];
  environment: string[];
  services: string[];
  /** One line per agent: the systems it ran against. */
  targets: string[];
  coverage: string[];
  agents: AgentSection[];
  criticalIssues: string[];
  recommendations: string[];
  validationSummary: { heading: string; lines: string[] }[];
  next24Hours: string[];
  toolkit: string;
  errors: string[];
  warnings: string[];
  footer: FooterView;
  history: HistoryView;
  flaky: string[];
  diagnosis: Array<{ text: string; output: string[] }>;
  shards: string[];
  mutation: string[];
}

/** Everything the templates print, computed once, a section per file: the templates only lay it out. */
export function buildReportView(report: Report): ReportView {
  const view = new ViewBuilder(report);
  return {
    date: report.startedAt.slice(0, 10),
    executiveSummary: executiveSummary(report),
    workflowGroups: WORKFLOW_GROUPS.map((group) => ({ heading: group.heading, lines: group.lines.map((line) => view.workflowLine(line)) })),
    metrics: metricsSection(report, view),
    thresholds: thresholdsSection(report),
    environment: environmentSection(report),
    services: servicesSection(report),
    targets: targetsSection(report),
    coverage: coverageSection(report),
    agents: agentSections(report, view),
    criticalIssues: criticalIssues(report, view),
    recommendations: recommendations(report),
    validationSummary: validationSummary(report, view),
    next24Hours: next24Hours(report),
    toolkit: toolkitLine(report),
    errors: report.errors,
    warnings: limited(report.warnings, 20),
    footer: footer(report),
    history: historyView(report),
    flaky: flakyLines(report),
    diagnosis: diagnosisLines(report),
    shards: shardLines(report),
    mutation: mutationLines(report),
  };
}

import type { Report } from '../../report/report-types';
import { AGENT_TEMPLATES } from '../../template-fields';
import { limited, NOT_MEASURED, type ViewBuilder, type ViewLine } from '../view-builder';

export interface AgentSection {
  heading: string;
  blocks: { heading: string; lines: ViewLine[] }[];
  bugs?: string[];
}

/** "Agent Results": one section per agent of the seed's template, filled from template-fields.ts. */
export function agentSections(report: Report, view: ViewBuilder): AgentSection[] {
  return AGENT_TEMPLATES.map((template) => {
    const agent = report.agents.find((entry) => entry.name === template.agent);
    const heading = `Agent ${template.number}: ${agent?.title ?? template.heading} ${view.agentHeadingSymbol(agent)}`;
    const blocks = template.blocks.map((block) => ({ heading: block.heading, lines: block.fields.map((field) => view.field(field, template.agent)) }));
    if (!template.listBugs) return { heading, blocks };
    return { heading, blocks, bugs: agentBugs(report, view, template.agent) };
  });
}

function agentBugs(report: Report, view: ViewBuilder, name: string): string[] {
  const list = report.bugs.filter((bug) => bug.agent === name).map((bug) => view.bugLine(bug));
  if (list.length > 0) return limited(list);
  if (!report.agents.find((entry) => entry.name === name)?.ran) return [`${NOT_MEASURED} — the ${name} agent did not run in this run`];
  return ['No failing test in this run, so no bug was discovered by this agent.'];
}

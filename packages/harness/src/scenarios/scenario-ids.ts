/** Scenario IDs as they appear in test titles: `[UNIT-03] ...` or `[INT-01, INT-02] ...`. */
export const SCENARIO_ID_PATTERN = /\b(UNIT|SEC|EDGE|INT|PERF|AUTO|CLOUD)-\d{2}\b/g;

export type AgentName = 'unit' | 'security' | 'edge-cases' | 'integration' | 'performance' | 'autonomous' | 'cloud';

/**
 * The seven agents of the seed, in the seed's order (Agent N is the Nth entry): each is a Jest
 * project (its displayName), a suite folder `suites/<name>` and a scenario ID prefix. The one
 * list of them; everything else (Jest config, orchestrator, reporter, matrix test) derives from it.
 */
export const AGENT_DEFINITIONS: ReadonlyArray<{ readonly name: AgentName; readonly prefix: string; readonly title: string }> = [
  { name: 'unit', prefix: 'UNIT', title: 'Unit Test Generator' },
  { name: 'security', prefix: 'SEC', title: 'Security Scanner' },
  { name: 'edge-cases', prefix: 'EDGE', title: 'Edge Case Explorer' },
  { name: 'integration', prefix: 'INT', title: 'Integration Tester' },
  { name: 'performance', prefix: 'PERF', title: 'Performance Tester' },
  { name: 'autonomous', prefix: 'AUTO', title: 'Autonomous Operations Tester' },
  { name: 'cloud', prefix: 'CLOUD', title: 'Cloud Infrastructure Tester' },
];

export const AGENTS: readonly AgentName[] = AGENT_DEFINITIONS.map((agent) => agent.name);

/** The seed's agent titles, used when a matrix is missing or omits one. */
export const AGENT_TITLES: Readonly<Record<string, string>> = Object.fromEntries(AGENT_DEFINITIONS.map((agent) => [agent.name, agent.title]));

/** Scenario ID prefix of each agent (`edge-cases` → `EDGE`). */
export const AGENT_ID_PREFIXES: Readonly<Record<AgentName, string>> = Object.fromEntries(AGENT_DEFINITIONS.map((agent) => [agent.name, agent.prefix])) as Record<AgentName, string>;

const PREFIX_TO_AGENT: Record<string, AgentName> = Object.fromEntries(AGENT_DEFINITIONS.map((agent) => [agent.prefix, agent.name]));

/** Every scenario ID named in a title, in order of appearance, without duplicates. */
export function parseScenarioIds(title: string): string[] {
  const found = title.match(SCENARIO_ID_PATTERN) ?? [];
  return [...new Set(found)];
}

export function agentOfScenario(id: string): AgentName | undefined {
  return PREFIX_TO_AGENT[id.split('-')[0] ?? ''];
}

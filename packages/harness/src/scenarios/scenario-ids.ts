/** Scenario IDs as they appear in test titles: `[UNIT-03] ...` or `[INT-01, INT-02] ...`. */
export const SCENARIO_ID_PATTERN = /\b(UNIT|SEC|EDGE|INT|PERF|AUTO|CLOUD)-\d{2}\b/g;

export type AgentName = 'unit' | 'security' | 'edge-cases' | 'integration' | 'performance' | 'autonomous' | 'cloud';

export const AGENTS: readonly AgentName[] = [
  'unit',
  'security',
  'edge-cases',
  'integration',
  'performance',
  'autonomous',
  'cloud',
];

const PREFIX_TO_AGENT: Record<string, AgentName> = {
  UNIT: 'unit',
  SEC: 'security',
  EDGE: 'edge-cases',
  INT: 'integration',
  PERF: 'performance',
  AUTO: 'autonomous',
  CLOUD: 'cloud',
};

/** Every scenario ID named in a title, in order of appearance, without duplicates. */
export function parseScenarioIds(title: string): string[] {
  const found = title.match(SCENARIO_ID_PATTERN) ?? [];
  return [...new Set(found)];
}

export function agentOfScenario(id: string): AgentName | undefined {
  return PREFIX_TO_AGENT[id.split('-')[0] ?? ''];
}

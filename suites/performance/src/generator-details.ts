import { latencyTable, type GeneratorHealth, type Histogram, type ProcessUsage } from '@orch/harness';

/** The context every load figure carries: who generated the load, how healthy it was, what the server used. */
export function loadDetails(input: {
  profile: string;
  generator: GeneratorHealth;
  corrected?: Histogram;
  uncorrected?: Histogram;
  server?: ProcessUsage;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    profile: input.profile,
    generator: input.generator,
    ...(input.corrected && input.uncorrected ? { latencyMs: latencyTable(input.corrected, input.uncorrected) } : {}),
    ...(input.server
      ? {
          server: {
            pid: input.server.pid,
            cpuRatio: input.server.cpuRatio,
            rssStartMb: input.server.rssStartMb,
            rssEndMb: input.server.rssEndMb,
            rssMaxMb: input.server.rssMaxMb,
            rssSlopeMbPerMinute: input.server.rssSlopeMbPerMinute,
          },
        }
      : {}),
    ...(input.extra ?? {}),
  };
}

export function describeGenerator(generator: GeneratorHealth): string {
  return `generator: CPU ${(generator.cpuRatio * 100).toFixed(0)}% of a core, event-loop delay p99 ${generator.eventLoopDelayP99Ms} ms (max ${generator.eventLoopDelayMaxMs} ms)${generator.sharesMachineWithTarget ? `, shares this ${generator.cores}-core machine with the server` : ''}`;
}

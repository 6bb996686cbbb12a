import { deployedUrl, runOpenModel, serverProcessId, startTarget, testUnless, type LoadRequest, type SystemTarget, type TargetUser } from '@orch/harness';
import { jsonHeaders, registerUsers } from './src/ai-dawg-users';
import { exclusiveLoad } from './src/exclusive-load';
import { describeGenerator, loadDetails } from './src/generator-details';
import { MIXED_ENDPOINT_THRESHOLD, MIXED_LOAD, mixedAction } from './src/load-profiles';
import { remoteLoadRefusal } from './src/loopback-only';
import { MetricBatch } from './src/metric-batch';
import { performanceProfile, timeoutFor } from './src/profile';

const profile = performanceProfile();
const refusal = remoteLoadRefusal(deployedUrl('ai-dawg'));

const ENDPOINTS = { browse: 'GET /api/projects', create: 'POST /api/projects', generate: 'POST /api/ai/generate-beat' } as const;

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Polls each service's /health while the load runs: a crashed or hung service fails its probes. */
function watchServices(urls: string[]): { stop(): Promise<{ probes: number; failed: number }> } {
  let running = true;
  let probes = 0;
  let failed = 0;
  const loop = (async () => {
    while (running) {
      for (const url of urls) {
        probes += 1;
        if (!(await answers(`${url}/health`))) failed += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { probes, failed };
    },
  };
}

describe('Full load simulation: 100 users, 70% browse / 20% create / 10% generate (seed: errors < 0.1%, every endpoint within target, no crash)', () => {
  let target: SystemTarget;
  let users: TargetUser[] = [];
  const projectOf = new Map<string, string>();

  beforeAll(async () => {
    if (refusal) return;
    target = await startTarget('ai-dawg', { aiDawg: { services: ['producer'] } });
    users = await registerUsers(target, MIXED_LOAD.users, 'perf-mix');
    await Promise.all(
      users.map(async (user) => {
        const response = await fetch(`${target.baseUrl}/api/projects`, { method: 'POST', headers: jsonHeaders(user), body: JSON.stringify({ name: `Studio of ${user.email}` }) });
        projectOf.set(user.id, ((await response.json()) as { project: { id: string } }).project.id);
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await target?.stop();
  });

  function requestFor(index: number): LoadRequest {
    const user = users[index % users.length]!;
    switch (mixedAction(index)) {
      case 'browse':
        return { name: ENDPOINTS.browse, path: '/api/projects?limit=20', headers: { authorization: `Bearer ${user.token}` } };
      case 'create':
        return { name: ENDPOINTS.create, method: 'POST', path: '/api/projects', headers: jsonHeaders(user), body: JSON.stringify({ name: `Mix session ${index}`, bpm: 90 + (index % 60) }) };
      case 'generate':
        return { name: ENDPOINTS.generate, method: 'POST', path: '/api/ai/generate-beat', headers: jsonHeaders(user), body: JSON.stringify({ genre: 'house', bpm: 124, projectId: projectOf.get(user.id), bars: 2 }) };
    }
  }

  testUnless(
    refusal,
    '[PERF-29] [PERF-30] [PERF-31] 100 users browsing, creating and generating keep errors under 0.1%, every endpoint under p95 500 ms, and no service crashes',
    async () => {
      const services = Object.entries(target.urls).map(([name, url]) => ({ name, url, pid: serverProcessId(url) }));
      const { result, health } = await exclusiveLoad(async () => {
        const watcher = watchServices(services.map((service) => service.url));
        const run = await runOpenModel({ baseUrl: target.baseUrl, ratePerSecond: MIXED_LOAD.ratePerSecond, durationMs: profile.mixedSeconds * 1000, users: MIXED_LOAD.users, warmUp: false, request: requestFor });
        return { result: run, health: await watcher.stop() };
      });
      // A beat accepted with 202 that then fails in the worker is an error the user sees too.
      const producerHealth = target.urls.producer ? ((await (await fetch(`${target.urls.producer}/health`)).json()) as { queue?: { failed?: number } }) : undefined;
      const failedJobs = producerHealth?.queue?.failed ?? 0;
      const restarted = services.filter((service) => service.pid !== undefined && serverProcessId(service.url) !== service.pid).map((service) => service.name);
      const details = loadDetails({ profile: profile.name, generator: result.generator, corrected: result.corrected, uncorrected: result.uncorrected, extra: { users: MIXED_LOAD.users, askedRatePerSecond: MIXED_LOAD.ratePerSecond, achievedRatePerSecond: result.achievedRatePerSecond, statuses: result.statuses, failedJobs, health, restarted, target: target.kind } });
      const batch = new MetricBatch(`Mixed load: ${MIXED_LOAD.users} users, ${MIXED_LOAD.ratePerSecond} req/s (70/20/10) for ${profile.mixedSeconds} s`);
      batch.add({ scenario: 'PERF-29', name: 'mixed load overall error rate (100 users)', unit: 'ratio', threshold: 'rate<0.001', target: 'Overall error rate: Target <0.1%', value: (result.errors + failedJobs) / Math.max(1, result.completed), details });
      for (const [action, endpoint] of Object.entries(ENDPOINTS)) {
        const figures = result.byName[endpoint];
        if (!figures || figures.completed === 0) throw new Error(`no ${endpoint} request was answered in the mix`);
        batch.add({ scenario: 'PERF-30', name: `mixed load ${endpoint} p95 latency (${action})`, unit: 'ms', threshold: MIXED_ENDPOINT_THRESHOLD, target: 'All endpoints meet latency targets (AI DAWG backend: p95 < 500 ms)', histogram: figures.corrected, details: { ...details, completed: figures.completed, errors: figures.errors } });
      }
      batch.add({ scenario: 'PERF-31', name: 'service crashes during the mixed load', unit: 'crashes', threshold: 'count==0', target: 'System remains stable (no crashes)', value: restarted.length + health.failed, details });
      batch.add({ scenario: 'PERF-29', name: 'load generator CPU (mixed load)', unit: 'ratio', value: result.generator.cpuRatio, details });
      batch.note(`${result.completed}/${result.scheduled} answered, ${result.errors} errors, ${failedJobs} failed beat jobs; health probes ${health.failed}/${health.probes} failed; restarted: ${restarted.join(', ') || 'none'}`);
      batch.note(describeGenerator(result.generator));
      if (result.errorSamples.length > 0) batch.note(`errors: ${result.errorSamples.slice(0, 3).join(' | ')}`);
      batch.assertAll();
      expect(services.every((service) => service.pid !== undefined)).toBe(true);
    },
    timeoutFor(profile.mixedSeconds),
  );
});

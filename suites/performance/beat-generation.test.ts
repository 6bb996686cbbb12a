import { deployedUrl, sampleProcess, serverProcessId, startGeneratorProbe, startTarget, testUnless, waitUntil, type SystemTarget, type TargetUser } from '@orch/harness';
import { jsonHeaders } from './src/ai-dawg-users';
import { exclusiveLoad } from './src/exclusive-load';
import { describeGenerator, loadDetails } from './src/generator-details';
import { BEAT_LOAD } from './src/load-profiles';
import { remoteLoadRefusal } from './src/loopback-only';
import { MetricBatch } from './src/metric-batch';
import { performanceProfile } from './src/profile';

const profile = performanceProfile();
const refusal = remoteLoadRefusal(deployedUrl('ai-dawg'));

interface JobView {
  id: string;
  state: string;
  failedReason?: string;
}

interface BeatOutcome {
  status: number;
  jobId?: string;
  state?: string;
  seconds?: number;
  failedReason?: string;
}

async function call<T>(url: string, init: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Follows one beat from request to a finished job; generation time is request to completion. */
async function generateBeat(target: SystemTarget, user: TargetUser, projectId: string, index: number): Promise<BeatOutcome> {
  const started = performance.now();
  const genre = BEAT_LOAD.genres[index % BEAT_LOAD.genres.length]!;
  const accepted = await call<{ job?: JobView }>(`${target.baseUrl}/api/ai/generate-beat`, {
    method: 'POST',
    headers: jsonHeaders(user),
    body: JSON.stringify({ genre, bpm: BEAT_LOAD.bpm + index, projectId, bars: BEAT_LOAD.bars }),
  });
  if (accepted.status !== 202 || !accepted.body.job) return { status: accepted.status };
  const jobId = accepted.body.job.id;
  const finished = await waitUntil(
    async () => {
      const { body } = await call<{ job: JobView }>(`${target.baseUrl}/api/ai/jobs/${jobId}`, { headers: jsonHeaders(user) });
      return body.job.state === 'completed' || body.job.state === 'failed' ? body.job : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100, what: `beat job ${jobId}` },
  ).catch((error: Error) => ({ id: jobId, state: 'timeout', failedReason: error.message }));
  return { status: 202, jobId, state: finished.state, seconds: (performance.now() - started) / 1000, failedReason: finished.failedReason };
}

describe('AI Producer /api/ai/generate-beat with 10 concurrent requests (seed: 10-30 s per beat, requests queue, errors < 1%)', () => {
  let target: SystemTarget;
  let user: TargetUser;
  const projects: string[] = [];

  beforeAll(async () => {
    if (refusal) return;
    target = await startTarget('ai-dawg', { aiDawg: { services: ['producer'] } });
    user = await target.createUser('perf-beats');
    for (let index = 0; index < BEAT_LOAD.requests; index++) {
      const created = await call<{ project: { id: string } }>(`${target.baseUrl}/api/projects`, { method: 'POST', headers: jsonHeaders(user), body: JSON.stringify({ name: `Beat session ${index}` }) });
      projects.push(created.body.project.id);
    }
  }, 60_000);

  afterAll(async () => {
    await target?.stop();
  });

  testUnless(refusal, '[PERF-25] [PERF-26] [PERF-27] [PERF-28] 10 concurrent beat requests all queue and finish within 30 s each, with the producer\'s memory measured and < 1% errors', async () => {
    const producerUrl = target.urls.producer;
    const pid = producerUrl ? serverProcessId(producerUrl) : undefined;
    const { outcomes, server, maxWaiting, generator } = await exclusiveLoad(async () => {
      const sampler = pid ? sampleProcess(pid, { intervalMs: 100 }) : undefined;
      const probe = startGeneratorProbe(target.baseUrl);
      let deepest = 0;
      let watching = true;
      // The producer's own queue counts show whether requests waited in line rather than failing.
      const watcher = (async () => {
        while (watching && producerUrl) {
          const health = await call<{ queue?: { waiting?: number; active?: number } }>(`${producerUrl}/health`, {}).catch(() => undefined);
          deepest = Math.max(deepest, health?.body.queue?.waiting ?? 0);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const results = await Promise.all(projects.map((projectId, index) => generateBeat(target, user, projectId, index)));
      watching = false;
      await watcher;
      return { outcomes: results, server: sampler?.stop(), maxWaiting: deepest, generator: probe.stop() };
    });
    const seconds = outcomes.flatMap((outcome) => (outcome.state === 'completed' && outcome.seconds !== undefined ? [outcome.seconds] : []));
    const failures = outcomes.filter((outcome) => outcome.status !== 202 || outcome.state !== 'completed');
    const refused = outcomes.filter((outcome) => outcome.status !== 202).length;
    const details = loadDetails({ profile: profile.name, generator, server, extra: { requests: BEAT_LOAD.requests, maxWaiting, outcomes, target: target.kind } });
    const batch = new MetricBatch(`AI Producer: ${BEAT_LOAD.requests} concurrent beat requests`);
    batch.add({ scenario: 'PERF-25', name: 'beat generation time (request to finished job) with 10 concurrent requests', unit: 's', threshold: 'max<=30', target: 'Generation time: 10-30 seconds expected', samples: seconds.length > 0 ? seconds : [Number.POSITIVE_INFINITY], details });
    batch.add({ scenario: 'PERF-26', name: 'beat requests refused instead of queued', unit: 'requests refused', threshold: 'count==0', target: 'Queue behavior (requests should queue, not fail)', value: refused, details });
    batch.add({ scenario: 'PERF-26', name: 'beat queue depth (peak waiting jobs)', unit: 'count', value: maxWaiting, details });
    if (server) {
      batch.add({ scenario: 'PERF-27', name: 'producer memory during generation (peak RSS)', unit: 'MB', value: server.rssMaxMb, details });
      batch.add({ scenario: 'PERF-27', name: 'producer memory growth during generation', unit: 'MB', value: Math.round((server.rssEndMb - server.rssStartMb) * 100) / 100, details });
    }
    batch.add({ scenario: 'PERF-28', name: 'beat generation error rate with 10 concurrent requests', unit: 'ratio', threshold: 'rate<0.01', target: 'Error rate: Target <1%', value: failures.length / outcomes.length, details });
    batch.note(`generation seconds: ${seconds.map((value) => value.toFixed(2)).join(', ')}; peak ${maxWaiting} waiting in the queue`);
    if (server) batch.note(`producer: RSS ${server.rssStartMb} → ${server.rssEndMb} MB (peak ${server.rssMaxMb}), CPU ${(server.cpuRatio * 100).toFixed(0)}% of a core`);
    batch.note(describeGenerator(generator));
    if (failures.length > 0) batch.note(`failures: ${JSON.stringify(failures.slice(0, 3))}`);
    batch.assertAll();
    expect(server).toBeDefined();
    // Ten arrived together and the worker renders fewer at once: some must have waited in line.
    expect(maxWaiting).toBeGreaterThan(0);
  }, 120_000);
});

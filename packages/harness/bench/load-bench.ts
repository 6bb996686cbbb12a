import { execFileSync } from 'node:child_process';
import { runClosedModel } from '../src/load/closed-model';
import { formatLatencyTable, latencyTable } from '../src/load/latency-table';
import { runOpenModel } from '../src/load/open-model-sender';
import { sampleProcess } from '../src/load/process-sampler';
import { startStallingServer } from '../src/load/stalling-server';
import { percentileMs } from '../src/histogram/latency-histogram';
import { startReferenceJarvis } from '../src/targets/reference-jarvis';
import { startBareFastify, startNodeHttpServer, type BareServer } from './bare-servers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const JARVIS_GOAL = 0.7;
const ROUNDS = 5;

/** The open-model sender's highest rate whose sends stayed within 1% of the asked rate (and were all answered). */
async function highestHeldRate(url: string): Promise<{ rate: number; attempts: string[] }> {
  const attempts: string[] = [];
  let held = 0;
  for (const rate of [1000, 2000, 4000, 6000, 8000, 10_000, 12_000, 15_000, 20_000, 25_000, 30_000]) {
    const result = await runOpenModel({ baseUrl: url, ratePerSecond: rate, durationMs: 3000, users: CONNECTIONS, request: { path: '/health' }, timeoutMs: 5000 });
    const ok = result.achievedRatePerSecond >= rate * 0.99 && result.throughputPerSecond >= rate * 0.99 && result.errors === 0;
    attempts.push(
      `${rate}/s → sent ${result.achievedRatePerSecond}/s, answered ${result.throughputPerSecond}/s, p99 ${percentileMs(result.corrected, 99)} ms, generator CPU ${(result.generator.cpuRatio * 100).toFixed(0)}% ${ok ? '✓' : '✗'}`,
    );
    if (!ok) break;
    held = rate;
  }
  return { rate: held, attempts };
}

function wrkRate(url: string): number | undefined {
  try {
    const output = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, url], { encoding: 'utf8' });
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
  } catch {
    return undefined;
  }
}

/** Closed-model throughput and the server's CPU per request (steadier than throughput on a busy machine). */
async function measure(server: { url: string; pid: number }): Promise<{ rps: number; cpuMicrosPerRequest: number }> {
  const sampler = sampleProcess(server.pid, { intervalMs: 500 });
  const started = performance.now();
  const result = await runClosedModel({ url: `${server.url}/health`, connections: CONNECTIONS, durationSeconds: SECONDS });
  const usage = sampler.stop();
  const cpuSeconds = usage.cpuRatio * ((performance.now() - started) / 1000);
  return { rps: Math.round(result.requestsPerSecond), cpuMicrosPerRequest: Math.round((cpuSeconds / Math.max(1, result.total)) * 1e6 * 10) / 10 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function toolsAgainstBareServer(body: string): Promise<void> {
  const bare: BareServer = await startNodeHttpServer(body);
  try {
    const open = await highestHeldRate(bare.url);
    for (const line of open.attempts) console.log(`  open model ${line}`);
    const closed = await runClosedModel({ url: `${bare.url}/health`, connections: CONNECTIONS, durationSeconds: SECONDS });
    const wrk = wrkRate(`${bare.url}/health`);
    console.log(`bare node:http server, ${CONNECTIONS} connections, ${SECONDS} s:`);
    console.log(`  open-model sender: highest rate held within 1%: ${open.rate} req/s`);
    console.log(`  autocannon (closed model): ${Math.round(closed.requestsPerSecond)} req/s, p95 ${percentileMs(closed.histogram, 95)} ms`);
    if (wrk === undefined) console.log('  wrk: not installed (apt-get install wrk)');
    else {
      console.log(`  wrk -t1 (closed model): ${Math.round(wrk)} req/s`);
      console.log(`  ratios to wrk: open-model held ${(open.rate / wrk).toFixed(2)}, autocannon ${(closed.requestsPerSecond / wrk).toFixed(2)}`);
    }
  } finally {
    await bare.stop();
  }
}

async function jarvisAgainstBareFastify(): Promise<string> {
  const jarvis = await startReferenceJarvis();
  const jarvisPid = Number(/(\d+)/.exec(jarvis.output())?.[1] ?? 0);
  const probe = await fetch(`${jarvis.baseUrl}/health`);
  const body = await probe.text();
  const securityHeaders = Object.fromEntries([...probe.headers].filter(([name]) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name)));
  const fastify = await startBareFastify(body);
  const withHeaders = await startBareFastify(body, securityHeaders);
  try {
    const { serverProcessId } = await import('../src/load/listening-process');
    const jarvisServer = { url: jarvis.baseUrl, pid: serverProcessId(jarvis.baseUrl) ?? jarvisPid };
    // One unmeasured run each first: both servers' hot paths are optimised by the JIT before they are compared.
    for (const server of [jarvisServer, fastify, withHeaders]) await runClosedModel({ url: `${server.url}/health`, connections: CONNECTIONS, durationSeconds: 2 });
    const rounds: Record<'jarvis' | 'bare' | 'headers', Awaited<ReturnType<typeof measure>>>[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push({ jarvis: await measure(jarvisServer), bare: await measure(fastify), headers: await measure(withHeaders) });
    const throughputRatio = median(rounds.map((round) => round.jarvis.rps / round.bare.rps));
    const cpuRatio = median(rounds.map((round) => round.bare.cpuMicrosPerRequest / round.jarvis.cpuMicrosPerRequest));
    const headers = [...(await fetch(`${jarvis.baseUrl}/health`)).headers.keys()].filter((name) => /security|x-|policy|origin/.test(name));
    console.log(
      `JARVIS GET /health vs a bare Fastify route serving the same ${body.length}-byte body (${CONNECTIONS} connections, ${SECONDS} s, median of ${ROUNDS} alternating rounds after a warm-up):`,
    );
    for (const round of rounds) {
      console.log(
        `  JARVIS ${round.jarvis.rps} req/s (${round.jarvis.cpuMicrosPerRequest} µs CPU/request), bare ${round.bare.rps} req/s (${round.bare.cpuMicrosPerRequest} µs), bare + security headers ${round.headers.rps} req/s (${round.headers.cpuMicrosPerRequest} µs)`,
      );
    }
    const headerShare = median(rounds.map((round) => round.bare.cpuMicrosPerRequest / round.headers.cpuMicrosPerRequest));
    console.log(
      `  the ${Object.keys(securityHeaders).length} security headers alone bring a bare route to ${headerShare.toFixed(2)} (CPU per request): the ceiling for JARVIS with them`,
    );
    // Closed-model throughput swings with whatever else the cores run; CPU per request is the server's own cost.
    console.log(
      `  CPU-per-request ratio ${cpuRatio.toFixed(2)} — goal ≥ ${JARVIS_GOAL} ${cpuRatio >= JARVIS_GOAL ? '✓' : '✗'}; throughput ratio ${throughputRatio.toFixed(2)} ${throughputRatio >= JARVIS_GOAL ? '✓' : '✗'} (only meaningful on an otherwise idle machine)`,
    );
    console.log(`  security headers kept: ${headers.length} (${headers.join(', ')})`);
    return body;
  } finally {
    await fastify.stop();
    await withHeaders.stop();
    await jarvis.stop();
  }
}

async function stallDemo(): Promise<void> {
  const server = await startStallingServer();
  try {
    const run = runOpenModel({ baseUrl: server.url, ratePerSecond: 200, durationMs: 2000, users: 1, request: { path: '/health' } });
    const timer = setTimeout(() => server.stall(500), 800);
    const result = await run;
    clearTimeout(timer);
    const corrected = percentileMs(result.corrected, 99);
    const uncorrected = percentileMs(result.uncorrected, 99);
    console.log('stalled server (500 ms stall in a 2 s run at 200 req/s, one connection):');
    console.log(formatLatencyTable(latencyTable(result.corrected, result.uncorrected)).replace(/^/gm, '  '));
    console.log(`  corrected p99 ${corrected} ms shows the stall, uncorrected p99 ${uncorrected} ms hides it ${corrected > 300 && uncorrected < 100 ? '✓' : '✗'}`);
  } finally {
    await server.close();
  }
}

/** `pnpm bench load`: the load tools against each other, JARVIS against a bare route, and coordinated omission made visible. */
export async function benchLoad(): Promise<void> {
  const body = await jarvisAgainstBareFastify();
  await toolsAgainstBareServer(body);
  await stallDemo();
}

/**
 * `pnpm bench [name]`: speed goals that are not product SLOs. They print figures; they never
 * fail a test run. `services`: how long Postgres + Redis + S3 take to be ready without Docker;
 * `load`: the load tools side by side, JARVIS GET /health against a bare Fastify route, a stalled server.
 */
import { startServices } from '../src/services/start-services';
import { benchLoad } from './load-bench';

const GOAL_MS = 3000;

async function benchServices(rounds: number): Promise<void> {
  // Measure the chain's own start, not servers named by the environment.
  for (const variable of ['DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT']) delete process.env[variable];
  const totals: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const started = Date.now();
    const services = await startServices();
    const total = Date.now() - started;
    totals.push(total);
    const parts = services.descriptions.map((service) => `${service.name} ${service.provider} ${service.readyMs} ms`).join(', ');
    console.log(`round ${round}: all ready in ${total} ms (${parts})`);
    await services.stop();
  }
  const sorted = [...totals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`services ready (median of ${rounds}): ${median} ms — goal < ${GOAL_MS} ms ${median < GOAL_MS ? '✓' : '✗'}`);
}

const benches: Record<string, () => Promise<void>> = {
  services: () => benchServices(Number(process.env.BENCH_ROUNDS ?? 5)),
  load: benchLoad,
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
  const names = requested.length > 0 ? requested : Object.keys(benches);
  for (const name of names) {
    const bench = benches[name];
    if (!bench) {
      console.error(`unknown bench "${name}"; available: ${Object.keys(benches).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.log(`# bench ${name}`);
    await bench();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

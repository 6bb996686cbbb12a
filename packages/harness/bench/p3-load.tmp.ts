import { runClosedModel } from '../src';
(async () => {
  const r = await runClosedModel({ url: process.argv[2]!, connections: 50, durationSeconds: Number(process.argv[3] ?? 6) });
  console.log('rps', r.requestsPerSecond, 'errors', r.errors, 'non2xx', r.non2xx);
})();

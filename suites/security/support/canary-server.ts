import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Canary } from '../catalog/probe';

export interface RunningCanary extends Canary {
  close(): Promise<void>;
}

/** A tiny upstream that answers 200 JSON and remembers every request (proxy and SSRF probes watch it). */
export async function startCanary(): Promise<RunningCanary> {
  const seen: { method: string; url: string }[] = [];
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? 'GET', url: request.url ?? '' });
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'healthy' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

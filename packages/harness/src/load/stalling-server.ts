import { Worker } from 'node:worker_threads';

export interface StallingServer {
  url: string;
  /** Blocks the server's event loop for `ms` (a GC pause, a synchronous hot path), starting now. */
  stall(ms: number): void;
  close(): Promise<void>;
}

// The server runs in a worker thread: its stall must freeze the server, never the load generator.
const WORKER_SOURCE = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const body = JSON.stringify({ status: 'healthy' });
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60000;
parentPort.on('message', (message) => {
  if (message.stallMs) {
    const until = Date.now() + message.stallMs;
    while (Date.now() < until) {}
  }
  if (message.close) server.close(() => parentPort.postMessage({ closed: true }));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

/** A bare HTTP server (same body as a healthy /health) that can be told to stall, for coordinated-omission demos. */
export async function startStallingServer(): Promise<StallingServer> {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stall: (ms) => worker.postMessage({ stallMs: ms }),
    close: async () => {
      worker.postMessage({ close: true });
      await Promise.race([new Promise((resolve) => worker.once('message', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await worker.terminate();
    },
  };
}

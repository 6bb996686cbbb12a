import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { repositoryRoot } from '../src/targets/system-process';

export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** node:http answering every request with `body` — the floor any framework adds to. */
const NODE_HTTP = `
const http = require('node:http');
const body = process.env.BODY;
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
`;

/** A bare Fastify route serving the same body: the reference JARVIS's /health is measured against it. */
const BARE_FASTIFY = `
const fastify = require(require.resolve('fastify', { paths: [process.env.JARVIS_DIR] }));
const body = process.env.BODY;
const headers = JSON.parse(process.env.HEADERS || '{}');
const app = fastify({ logger: false });
app.get('/health', (request, reply) => { reply.headers(headers).type('application/json; charset=utf-8').send(body); });
app.listen({ port: 0, host: '127.0.0.1' }).then(() => console.log('PORT ' + app.server.address().port));
`;

function startChild(source: string, body: string, headers: Record<string, string> = {}): Promise<BareServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', source], {
    env: { ...process.env, BODY: body, HEADERS: JSON.stringify(headers), JARVIS_DIR: path.join(repositoryRoot(), 'packages', 'jarvis') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bare server exited (${code}) before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1];
      if (!port) return;
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        stop: async () => {
          child.removeAllListeners('exit');
          const exited = new Promise((done) => child.once('exit', done));
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

export function startNodeHttpServer(body: string): Promise<BareServer> {
  return startChild(NODE_HTTP, body);
}

/** With `headers`, the bare route also sends them (JARVIS's security headers): what they cost on their own. */
export function startBareFastify(body: string, headers: Record<string, string> = {}): Promise<BareServer> {
  return startChild(BARE_FASTIFY, body, headers);
}

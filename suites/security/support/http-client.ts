import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A value is sent as JSON (content-type set unless given); a string or Buffer is sent as is. */
  json?: unknown;
  body?: string | Buffer;
  /** Source address to connect from (a loopback alias such as 127.0.3.7 poses as another client). */
  localAddress?: string;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  elapsedMs: number;
}

/** Parses a body as JSON, or undefined when it is not JSON. */
export function jsonOf<T = Record<string, unknown>>(response: RawResponse): T | undefined {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    return undefined;
  }
}

export function errorCodeOf(response: RawResponse): string | undefined {
  return jsonOf<{ error?: { code?: string } }>(response)?.error?.code;
}

/**
 * One real HTTP request with node:http rather than fetch: it can bind a source address, send
 * bodies fetch refuses (malformed encodings, GET with a body) and never follows redirects.
 */
export function send(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const payload = request.json !== undefined ? Buffer.from(JSON.stringify(request.json)) : typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (request.json !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  if (payload) headers['content-length'] = String(payload.length);
  const started = performance.now();
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method ?? 'GET',
        // Kept raw: traversal probes need `..` and odd encodings to reach the server unnormalised.
        path: `${url.pathname.replace(/\/$/, '')}${request.path}`,
        headers,
        ...(request.localAddress ? { localAddress: request.localAddress } : {}),
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8'), elapsedMs: performance.now() - started }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.setTimeout(request.timeoutMs ?? 15_000, () =>
      outgoing.destroy(new Error(`no answer to ${request.method ?? 'GET'} ${request.path} within ${request.timeoutMs ?? 15_000} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** True when the target is on this machine, so loopback aliases can pose as distinct clients. */
export function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]';
}

let nextAlias = 0;

/**
 * A fresh loopback source address per call (127.10.x.y): each probe is its own client for the
 * rate limiter. Undefined for a remote target, where the suite has one address.
 */
export function freshClientAddress(baseUrl: string): string | undefined {
  if (!isLoopback(baseUrl)) return undefined;
  nextAlias += 1;
  // Jest workers run files in parallel: the pid keeps their address ranges apart.
  const block = 10 + (process.pid % 100) * 2 + Math.floor(nextAlias / 65_000);
  const index = nextAlias % 65_000;
  return `127.${block}.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

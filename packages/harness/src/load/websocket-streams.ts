import WebSocket from 'ws';
import { createLatencyHistogram, recordMilliseconds, type Histogram } from '../histogram/latency-histogram';
import { startGeneratorProbe, type GeneratorHealth } from './generator-health';

export interface WebSocketStreamsOptions {
  url: string;
  clients: number;
  durationMs: number;
  /** Real time per chunk: a client sends one chunk every `chunkMs` (100 ms of audio by default). */
  chunkMs?: number;
  /** The binary frame of chunk `sequence` of client `client`. */
  chunk: (client: number, sequence: number) => Buffer;
  /** The sequence number a server message answers, or undefined for other messages. */
  answerOf: (message: Buffer, isBinary: boolean) => { sequence: number; error?: string } | undefined;
  /** A chunk unanswered this long after it was due is dropped. */
  replyTimeoutMs?: number;
}

export interface WebSocketStreamsResult {
  clients: number;
  connected: number;
  expected: number;
  sent: number;
  answered: number;
  dropped: number;
  errors: number;
  droppedRate: number;
  /** Per chunk, from the instant it was due (real time) to its answer. */
  chunkLatency: Histogram;
  lateSends: number;
  disconnects: number;
  errorSamples: string[];
  generator: GeneratorHealth;
}

interface Stream {
  socket: WebSocket;
  due: Map<number, number>;
}

async function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/**
 * N clients streaming chunks at real time (each due at t0 + offset + k·chunkMs, clients spread
 * across one chunk period); latency runs from when a chunk was due, so a slow server shows.
 */
export async function runWebSocketStreams(options: WebSocketStreamsOptions): Promise<WebSocketStreamsResult> {
  const chunkMs = options.chunkMs ?? 100;
  const replyTimeoutMs = options.replyTimeoutMs ?? 2_000;
  const chunkLatency = createLatencyHistogram();
  const result = { sent: 0, answered: 0, errors: 0, lateSends: 0, disconnects: 0, errorSamples: [] as string[] };
  const streams: Stream[] = [];
  const note = (message: string): void => {
    if (result.errorSamples.length < 10) result.errorSamples.push(message);
  };
  try {
    for (let client = 0; client < options.clients; client++) {
      const stream: Stream = { socket: await connect(options.url), due: new Map() };
      stream.socket.on('message', (data: Buffer, isBinary: boolean) => {
        const answer = options.answerOf(data, isBinary);
        if (!answer) return;
        const dueAt = stream.due.get(answer.sequence);
        if (dueAt === undefined) return;
        stream.due.delete(answer.sequence);
        if (answer.error) {
          result.errors += 1;
          note(`client ${client} chunk ${answer.sequence}: ${answer.error}`);
          return;
        }
        result.answered += 1;
        recordMilliseconds(chunkLatency, performance.now() - dueAt);
      });
      stream.socket.on('close', () => {
        result.disconnects += 1;
      });
      streams.push(stream);
    }
    const probe = startGeneratorProbe(options.url.replace(/^ws/, 'http'));
    const chunksPerClient = Math.floor(options.durationMs / chunkMs);
    const t0 = performance.now() + 10;
    await Promise.all(streams.map((stream, client) => streamChunks(stream, client, t0 + (client * chunkMs) / options.clients, chunksPerClient, chunkMs, options, result)));
    const lastDue = t0 + chunksPerClient * chunkMs + chunkMs;
    const waitUntil = lastDue + replyTimeoutMs;
    while (performance.now() < waitUntil && streams.some((stream) => stream.due.size > 0)) await delay(20);
    const generator = probe.stop();
    // Every chunk that should have been answered and was not: unanswered, errored, or never sent on a closed socket.
    const expected = options.clients * chunksPerClient;
    const dropped = expected - result.answered;
    return {
      clients: options.clients,
      connected: streams.length,
      expected,
      sent: result.sent,
      answered: result.answered,
      dropped,
      errors: result.errors,
      droppedRate: expected === 0 ? 1 : dropped / expected,
      chunkLatency,
      lateSends: result.lateSends,
      disconnects: result.disconnects,
      errorSamples: result.errorSamples,
      generator,
    };
  } finally {
    for (const stream of streams) stream.socket.terminate();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function streamChunks(
  stream: Stream,
  client: number,
  start: number,
  chunks: number,
  chunkMs: number,
  options: WebSocketStreamsOptions,
  result: { sent: number; lateSends: number },
): Promise<void> {
  for (let sequence = 0; sequence < chunks; sequence++) {
    const dueAt = start + sequence * chunkMs;
    const wait = dueAt - performance.now();
    if (wait > 0) await delay(wait);
    if (performance.now() - dueAt > chunkMs / 2) result.lateSends += 1;
    if (stream.socket.readyState !== WebSocket.OPEN) return;
    stream.due.set(sequence, dueAt);
    stream.socket.send(options.chunk(client, sequence));
    result.sent += 1;
  }
}

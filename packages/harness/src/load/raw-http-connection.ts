import * as net from 'node:net';

export interface RawExchange {
  /** The serialised request (request line, headers, body). */
  bytes: Buffer;
  /** Called when the request is written to the socket: the uncorrected clock starts here. */
  onWire(): void;
  onResponse(status: number, body: Buffer): void;
  onError(error: Error): void;
}

interface ParsedResponse {
  status: number;
  body: Buffer;
  consumed: number;
  close: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Decodes a chunked body starting at `start`; undefined until the terminating chunk has arrived. */
function dechunk(buffer: Buffer, start: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let offset = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', offset, lineEnd), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunked body');
    if (size === 0) {
      const trailerEnd = buffer.indexOf(HEADER_END, lineEnd);
      return trailerEnd < 0 ? undefined : { body: Buffer.concat(parts), end: trailerEnd + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

/** One complete HTTP/1.1 response at the head of `buffer`, or undefined while it is incomplete. */
export function parseResponse(buffer: Buffer): ParsedResponse | undefined {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headerEnd);
  const status = Number(head.slice(9, 12));
  if (!Number.isInteger(status)) throw new Error(`malformed status line: ${head.slice(0, 40)}`);
  const close = /\r\nconnection:\s*close/i.test(head);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const decoded = dechunk(buffer, headerEnd + 4);
    return decoded && { status, body: decoded.body, consumed: decoded.end, close };
  }
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  if (buffer.length < headerEnd + 4 + length) return undefined;
  return { status, body: buffer.subarray(headerEnd + 4, headerEnd + 4 + length), consumed: headerEnd + 4 + length, close };
}

/**
 * One keep-alive HTTP/1.1 connection with one request in flight and a queue behind it — a
 * virtual user. Far cheaper per request than node:http (no ClientRequest/IncomingMessage), so
 * the generator spends its core on sending rather than on itself.
 */
export class RawHttpConnection {
  private socket: net.Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: RawExchange[] = [];
  private inFlight: RawExchange | undefined;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Opens the connection ahead of time (a user already connected when the clock starts). */
  connect(): Promise<void> {
    const socket = this.open();
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
  }

  send(exchange: RawExchange): void {
    this.queue.push(exchange);
    this.pump();
  }

  /** Drops an exchange that timed out: still queued, it is removed; in flight, the connection is reset. */
  abandon(exchange: RawExchange): void {
    const queued = this.queue.indexOf(exchange);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (this.inFlight === exchange) {
      this.inFlight = undefined;
      this.reset();
      this.pump();
    }
  }

  destroy(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    const lost = (error?: Error): void => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const exchange = this.inFlight;
      this.inFlight = undefined;
      exchange?.onError(error ?? new Error('connection closed before the response'));
      if (!this.closed) this.pump();
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    return socket;
  }

  private reset(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  private pump(): void {
    if (this.closed || this.inFlight) return;
    const next = this.queue.shift();
    if (!next) return;
    const socket = this.socket ?? this.open();
    this.inFlight = next;
    socket.write(next.bytes);
    next.onWire();
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    if (this.socket !== socket) return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let parsed: ParsedResponse | undefined;
    try {
      parsed = parseResponse(this.buffer);
    } catch (error) {
      this.inFlight?.onError(error as Error);
      this.inFlight = undefined;
      this.reset();
      this.pump();
      return;
    }
    if (!parsed) return;
    const exchange = this.inFlight;
    this.inFlight = undefined;
    this.buffer = this.buffer.subarray(parsed.consumed);
    if (parsed.close) this.reset();
    exchange?.onResponse(parsed.status, parsed.body);
    this.pump();
  }
}

/** A request's bytes: `GET /health HTTP/1.1`, Host, the given headers, Content-Length when a body is sent. */
export function serializeRequest(host: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Buffer {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (payload) head += `content-length: ${payload.length}\r\n`;
  head += '\r\n';
  return payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : Buffer.from(head, 'latin1');
}

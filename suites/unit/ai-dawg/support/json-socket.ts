import { WebSocket } from './ai-dawg-deps';

/** A real WebSocket client that queues JSON messages so a test can await the next one (no sleeps). */
export class JsonSocket {
  private readonly queue: unknown[] = [];
  private readonly waiters: Array<(message: unknown) => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const message: unknown = JSON.parse(raw.toString('utf8'));
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
    });
    this.closed = new Promise((resolve) => socket.once('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  static async connect(url: string): Promise<JsonSocket> {
    const socket = new WebSocket(url);
    const client = new JsonSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** The next JSON message (rejects after `timeoutMs` so a missing answer fails, not hangs). */
  next<T = Record<string, unknown>>(timeoutMs = 5_000): Promise<T> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((message) => {
        clearTimeout(timer);
        resolve(message as T);
      });
    });
  }

  send(data: string | Buffer): void {
    this.socket.send(data);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }
}

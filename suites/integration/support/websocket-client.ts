import WebSocket from 'ws';

/** A WebSocket client that buffers JSON messages and lets a test wait for one matching a predicate. */
export class JsonSocket {
  readonly messages: { at: number; data: Record<string, unknown> }[] = [];
  private waiters: { predicate: (data: Record<string, unknown>) => boolean; resolve: (data: Record<string, unknown>) => void }[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return;
      const data = JSON.parse(raw.toString()) as Record<string, unknown>;
      this.messages.push({ at: performance.now(), data });
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.predicate(data)) return true;
        waiter.resolve(data);
        return false;
      });
    });
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

  /** Resolves with the first message (already received or future) matching; rejects after timeoutMs. */
  next(predicate: (data: Record<string, unknown>) => boolean, timeoutMs: number, what: string): Promise<Record<string, unknown>> {
    const seen = this.messages.find((message) => predicate(message.data));
    if (seen) return Promise.resolve(seen.data);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.data)).slice(0, 500)}`)), timeoutMs);
      this.waiters.push({ predicate, resolve: (data) => (clearTimeout(timer), resolve(data)) });
    });
  }

  send(data: unknown): void {
    this.socket.send(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

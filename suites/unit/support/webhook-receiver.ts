import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP endpoint on port 0 that records every alert notification posted to it. */
export class WebhookReceiver {
  readonly received: Array<{
    status: string;
    alert: { rule: string; service: string; firedAt: number | null; activeSince: number; resolvedAt: number | null; labels: Record<string, string> };
  }> = [];
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver?.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(204).end();
      });
    });
    receiver = new WebhookReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alerts`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

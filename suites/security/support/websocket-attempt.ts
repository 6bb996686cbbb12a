import WebSocket from 'ws';

export interface SocketAttempt {
  /** True when the upgrade succeeded and the server sent no refusal before closing. */
  opened: boolean;
  /** HTTP status of a refused upgrade. */
  httpStatus?: number;
  closeCode?: number;
  messages: string[];
}

/**
 * Opens a WebSocket, optionally sends frames, and collects what the server says for `waitMs` or
 * until it closes. A refusal is either an HTTP status on the upgrade or a close code 4xxx.
 */
export function attemptSocket(
  url: string,
  options: { origin?: string; headers?: Record<string, string>; send?: (Buffer | string)[]; waitMs?: number; localAddress?: string; until?: (messages: string[]) => boolean } = {},
): Promise<SocketAttempt> {
  return new Promise((resolve) => {
    const messages: string[] = [];
    let opened = false;
    const socket = new WebSocket(url, {
      headers: options.headers ?? {},
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      handshakeTimeout: 5000,
    });
    const finish = (result: Partial<SocketAttempt>): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
      resolve({ opened, messages, ...result });
    };
    const timer = setTimeout(() => finish({}), options.waitMs ?? 1500);
    socket.on('unexpected-response', (_request, response) => finish({ opened: false, httpStatus: response.statusCode }));
    socket.on('open', () => {
      opened = true;
      for (const frame of options.send ?? []) socket.send(frame);
    });
    socket.on('message', (data) => {
      messages.push(data.toString());
      // The answer awaited has come: no need to sit out the rest of the wait.
      if (options.until?.(messages)) finish({});
    });
    socket.on('close', (code) => finish({ closeCode: code }));
    socket.on('error', () => undefined);
  });
}

export function wsUrl(httpUrl: string, path: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}${path}`;
}

import { AppError, DependencyUnavailableError } from '../../errors/app-error';
import type { ErrorCode } from '../../errors/error-codes';

export interface ProducerJob {
  id: string;
  state: string;
  [key: string]: unknown;
}

/**
 * The backend's side of the producer service (seed: "Backend routes to AI Producer (port 8001)").
 * The backend checks auth and project ownership, then forwards over HTTP; the producer owns the
 * queue. A producer that does not answer is a 503 naming it.
 */
export class ProducerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async generateBeat(request: { genre: string; bpm: number; projectId: string; bars?: number }): Promise<ProducerJob> {
    return this.call('POST', '/api/ai/generate-beat', request);
  }

  async job(id: string): Promise<ProducerJob> {
    return this.call('GET', `/api/ai/jobs/${encodeURIComponent(id)}`);
  }

  private async call(method: string, path: string, body?: unknown): Promise<ProducerJob> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DependencyUnavailableError('producer', error);
    }
    const payload = (await response.json().catch(() => undefined)) as { job?: ProducerJob; error?: { code: ErrorCode; message: string } } | undefined;
    if (response.ok && payload?.job) return payload.job;
    if (payload?.error && response.status < 500) throw new AppError(payload.error.code, payload.error.message);
    if (payload?.error?.code === 'DEPENDENCY_UNAVAILABLE') throw new AppError('DEPENDENCY_UNAVAILABLE', `producer: ${payload.error.message}`);
    throw new DependencyUnavailableError('producer');
  }
}

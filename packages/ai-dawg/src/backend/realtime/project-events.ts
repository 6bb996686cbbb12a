import type { Redis } from 'ioredis';

export interface BeatReadyEvent {
  type: 'beat.ready';
  projectId: string;
  jobId: string;
  beatId: string;
  url: string;
  s3Key: string;
  genre: string;
  bpm: number;
  durationMs: number;
  at: string;
}

export interface BeatFailedEvent {
  type: 'beat.failed';
  projectId: string;
  jobId: string;
  reason: string;
  at: string;
}

export type ProjectEvent = BeatReadyEvent | BeatFailedEvent;

/** One channel per project under the configured key prefix, so parallel test runs never cross. */
export function projectEventsChannel(prefix: string, projectId: string): string {
  return `${prefix}project-events:${projectId}`;
}

/** The producer's side: publish an event for the backend(s) to relay to WebSocket subscribers. */
export async function publishProjectEvent(redis: Redis, prefix: string, event: ProjectEvent): Promise<number> {
  return redis.publish(projectEventsChannel(prefix, event.projectId), JSON.stringify(event));
}

type Listener = (event: ProjectEvent) => void;

/**
 * The backend's side: one pattern subscription on a dedicated Redis connection, fanned out to
 * the sockets listening on each project.
 */
export class ProjectEventRelay {
  private readonly listeners = new Map<string, Set<Listener>>();
  private started?: Promise<unknown>;

  constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {}

  start(): Promise<unknown> {
    this.started ??= (async () => {
      this.subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
        const projectId = channel.slice(projectEventsChannel(this.prefix, '').length);
        const listeners = this.listeners.get(projectId);
        if (!listeners) return;
        let event: ProjectEvent;
        try {
          event = JSON.parse(message) as ProjectEvent;
        } catch {
          return;
        }
        for (const listener of listeners) listener(event);
      });
      await this.subscriber.psubscribe(`${projectEventsChannel(this.prefix, '')}*`);
    })();
    return this.started;
  }

  subscribe(projectId: string, listener: Listener): () => void {
    let set = this.listeners.get(projectId);
    if (!set) this.listeners.set(projectId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(projectId);
    };
  }

  subscriberCount(projectId: string): number {
    return this.listeners.get(projectId)?.size ?? 0;
  }
}

import type { Redis } from 'ioredis';

/** The seed's session lifetime: 30 minutes, renewed on every use (sliding expiry). */
export const SESSION_TTL_SECONDS = 30 * 60;

/**
 * Sessions in Redis with a sliding TTL: creating sets it, every read renews it (GETEX), so an
 * active user stays signed in and an idle session lapses 30 minutes after its last use.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = SESSION_TTL_SECONDS,
  ) {}

  async create(id: string, data: Record<string, unknown>): Promise<void> {
    await this.redis.set(this.key(id), JSON.stringify(data), 'EX', this.ttlSeconds);
  }

  async get(id: string): Promise<Record<string, unknown> | undefined> {
    const raw = await this.redis.getex(this.key(id), 'EX', this.ttlSeconds);
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
  }

  /** Remaining lifetime in milliseconds, read back from Redis. */
  ttlMs(id: string): Promise<number> {
    return this.redis.pttl(this.key(id));
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }
}

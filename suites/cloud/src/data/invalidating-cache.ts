import type { Redis } from 'ioredis';

/**
 * Cache-aside over Redis with an in-process first level, invalidated across instances: a write
 * goes to the source of truth, deletes the shared Redis entry and publishes the key, and every
 * instance drops its local copy when the message arrives.
 */
export class InvalidatingCache {
  private readonly local = new Map<string, string>();
  readonly invalidations: string[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly load: (key: string) => Promise<string>,
  ) {}

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel());
    this.subscriber.on('message', (channel, key) => {
      if (channel !== this.channel()) return;
      this.local.delete(key);
      this.invalidations.push(key);
    });
  }

  async get(key: string): Promise<{ value: string; from: 'local' | 'redis' | 'source' }> {
    const local = this.local.get(key);
    if (local !== undefined) return { value: local, from: 'local' };
    const shared = await this.redis.get(this.prefix + key);
    if (shared !== null) {
      this.local.set(key, shared);
      return { value: shared, from: 'redis' };
    }
    const value = await this.load(key);
    await this.redis.set(this.prefix + key, value, 'EX', 300);
    this.local.set(key, value);
    return { value, from: 'source' };
  }

  /** Call after writing the source of truth. */
  async invalidate(key: string): Promise<void> {
    this.local.delete(key);
    await this.redis.del(this.prefix + key);
    await this.redis.publish(this.channel(), key);
  }

  private channel(): string {
    return `${this.prefix}invalidate`;
  }
}

import { ReleaseStack } from '@orch/ai-dawg';

/**
 * Start-up acquires, registers the release, continues: a failure half-way releases exactly what
 * was acquired, and shutdown reports every release that failed instead of the first or none.
 */
describe('AI DAWG start-up and shutdown releases', () => {
  it('releases in reverse order of acquisition', async () => {
    const order: string[] = [];
    const releases = new ReleaseStack();
    releases.add('pool', () => order.push('pool'));
    releases.add('redis', async () => order.push('redis'));
    releases.add('server', () => order.push('server'));
    await releases.releaseAll();
    expect(order).toEqual(['server', 'redis', 'pool']);
  });

  it('runs every release when some fail, and names each failure in one AggregateError', async () => {
    const released: string[] = [];
    const releases = new ReleaseStack();
    releases.add('pool', () => released.push('pool'));
    releases.add('redis', () => {
      throw new Error('socket closed');
    });
    releases.add('server', async () => {
      throw new Error('close timed out');
    });
    const error = await releases.releaseAll().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(released).toEqual(['pool']);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((each: Error) => each.message)).toEqual(['releasing server failed: close timed out', 'releasing redis failed: socket closed']);
  });

  it('rethrows a failed start-up after releasing what it acquired, with a failed release attached', async () => {
    const releases = new ReleaseStack();
    const released: string[] = [];
    releases.add('pool', () => released.push('pool'));
    const startupError = new Error('S3 refused the bucket');
    await expect(releases.failStartup(startupError)).rejects.toBe(startupError);
    expect(released).toEqual(['pool']);

    releases.add('redis', () => {
      throw new Error('socket closed');
    });
    const combined = await releases.failStartup(startupError).then(
      () => undefined,
      (failure: unknown) => failure as AggregateError,
    );
    expect(combined?.cause).toBe(startupError);
    expect(combined?.message).toBe('S3 refused the bucket (and releasing what start-up acquired failed: 1 release(s) failed: releasing redis failed: socket closed)');
  });

  it('releases each thing once, however often shutdown is asked for', async () => {
    let count = 0;
    const releases = new ReleaseStack();
    releases.add('pool', () => (count += 1));
    await releases.releaseAll();
    await releases.releaseAll();
    expect(count).toBe(1);
  });
});

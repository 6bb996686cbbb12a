/**
 * What a start-up has acquired (pools, connections, clients), released in reverse order. A
 * start-up registers each release right after acquiring, so failing half-way releases exactly
 * what it got; at shutdown every release runs even when one fails, and all failures are
 * reported together.
 */
export class ReleaseStack {
  private readonly releases: Array<{ what: string; release: () => unknown }> = [];

  add(what: string, release: () => unknown): void {
    this.releases.push({ what, release });
  }

  /** Runs every release (last acquired first); throws an AggregateError naming each that failed. */
  async releaseAll(): Promise<void> {
    const failures: Error[] = [];
    for (const { what, release } of this.releases.splice(0).reverse()) {
      try {
        await release();
      } catch (error) {
        failures.push(new Error(`releasing ${what} failed: ${(error as Error).message}`, { cause: error }));
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} release(s) failed: ${failures.map((failure) => failure.message).join('; ')}`);
  }

  /** For a start-up that failed: releases what it acquired and throws its error, with any release failure attached. */
  async failStartup(error: unknown): Promise<never> {
    try {
      await this.releaseAll();
    } catch (releaseError) {
      throw new AggregateError([error, releaseError], `${(error as Error).message} (and releasing what start-up acquired failed: ${(releaseError as Error).message})`, {
        cause: error,
      });
    }
    throw error;
  }
}

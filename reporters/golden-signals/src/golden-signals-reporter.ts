// Minimal bootstrap; the full reporter replaces this.
export class GoldenSignalsReporter {
  onRunComplete(): void {}
}

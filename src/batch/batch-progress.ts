import type { VllmBatchItemResult, VllmBatchProgress, VllmBatchUsage } from './batch-types';

/** Counts finished items and usage, and reports progress with throughput and ETA. */
export class BatchProgress {
  private readonly started = Date.now();
  private succeeded = 0;
  private failed = 0;
  private readonly usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, totalTokens: 0 };
  private readonly seen = {
    inputTokens: false,
    cachedInputTokens: false,
    outputTokens: false,
    totalTokens: false,
  };

  constructor(
    private readonly total: number,
    private readonly onProgress: ((progress: VllmBatchProgress) => void) | undefined,
  ) {}

  /** Adds the usage of one request (an item, or a whole prompt-array chunk). */
  addUsage(usage: VllmBatchUsage): void {
    for (const key of ['inputTokens', 'cachedInputTokens', 'outputTokens', 'totalTokens'] as const) {
      const value = usage[key];
      if (value !== undefined) {
        this.usage[key] += value;
        this.seen[key] = true;
      }
    }
  }

  /** Records finished items, then reports once. */
  finish(results: readonly VllmBatchItemResult[]): void {
    for (const result of results) {
      if (result.ok) this.succeeded++;
      else this.failed++;
    }
    if (results.length > 0) this.onProgress?.(this.snapshot());
  }

  snapshot(): VllmBatchProgress {
    const elapsedMs = Date.now() - this.started;
    const done = this.succeeded + this.failed;
    return {
      done,
      total: this.total,
      succeeded: this.succeeded,
      failed: this.failed,
      elapsedMs,
      outputTokens: this.usage.outputTokens,
      outputTokensPerSecond: elapsedMs > 0 ? this.usage.outputTokens / (elapsedMs / 1000) : 0,
      etaMs: done > 0 ? Math.round((elapsedMs / done) * (this.total - done)) : undefined,
    };
  }

  totalUsage(): VllmBatchUsage {
    return {
      inputTokens: this.seen.inputTokens ? this.usage.inputTokens : undefined,
      cachedInputTokens: this.seen.cachedInputTokens ? this.usage.cachedInputTokens : undefined,
      outputTokens: this.seen.outputTokens ? this.usage.outputTokens : undefined,
      totalTokens: this.seen.totalTokens ? this.usage.totalTokens : undefined,
    };
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }
}

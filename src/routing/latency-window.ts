/** Latency percentiles of an endpoint's recent successful requests, in ms. */
export interface VllmLatencyPercentiles {
  /** Median. */
  p50: number;
  /** 95th percentile. */
  p95: number;
}

/**
 * The last `capacity` latency samples in a ring buffer (O(1) per sample, fixed memory); percentiles
 * are computed on demand (nearest-rank), since stats are read far less often than requests finish.
 */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity = 1024) {
    this.samples = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count++;
  }

  /** Nearest-rank percentiles, or `undefined` before the first sample. */
  percentiles(): VllmLatencyPercentiles | undefined {
    if (this.count === 0) return undefined;
    const sorted = this.samples.slice(0, this.count).sort();
    return { p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95) };
  }
}

function nearestRank(sorted: Float64Array, percentile: number): number {
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

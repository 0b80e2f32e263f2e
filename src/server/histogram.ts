import type { PrometheusSample } from './prometheus-text';

/** A latency histogram from vLLM's metrics (values in seconds). */
export interface VllmHistogram {
  /** Number of observations (requests or tokens). */
  count: number;
  /** Sum of all observed values, in seconds. */
  sum: number;
  /** `sum / count`, or `undefined` with no observations. */
  mean: number | undefined;
  /** Median, estimated from the buckets by linear interpolation (as Prometheus' `histogram_quantile`). */
  p50: number | undefined;
  /** 90th percentile, estimated from the buckets. */
  p90: number | undefined;
  /** 99th percentile, estimated from the buckets. */
  p99: number | undefined;
  /** Cumulative buckets: `count` observations were ≤ `le` seconds. The last bucket has `le: Infinity`. */
  buckets: { le: number; count: number }[];
}

/**
 * Sums the `<name>_bucket`, `<name>_sum`, `<name>_count` series of one histogram across label sets
 * (engines, models). Returns `undefined` when the server does not expose it.
 */
export function readHistogram(samples: readonly PrometheusSample[], name: string): VllmHistogram | undefined {
  const byBound = new Map<number, number>();
  let sum = 0;
  let count = 0;
  let found = false;
  for (const sample of samples) {
    if (sample.name === `${name}_bucket`) {
      const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
      if (Number.isNaN(le)) continue;
      byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
      found = true;
    } else if (sample.name === `${name}_sum`) {
      sum += sample.value;
      found = true;
    } else if (sample.name === `${name}_count`) {
      count += sample.value;
      found = true;
    }
  }
  if (!found) return undefined;
  const buckets = [...byBound.entries()]
    .sort(([a], [b]) => a - b)
    .map(([le, bucketCount]) => ({ le, count: bucketCount }));
  return histogramFrom(buckets, sum, count);
}

/** Builds the summary from cumulative buckets (also used for the difference of two snapshots). */
export function histogramFrom(
  buckets: { le: number; count: number }[],
  sum: number,
  count: number,
): VllmHistogram {
  const total = count > 0 ? count : (buckets.at(-1)?.count ?? 0);
  return {
    count: total,
    sum,
    mean: total > 0 ? sum / total : undefined,
    p50: histogramQuantile(0.5, buckets),
    p90: histogramQuantile(0.9, buckets),
    p99: histogramQuantile(0.99, buckets),
    buckets,
  };
}

/**
 * The q-quantile of cumulative buckets, interpolating linearly inside the bucket that holds the rank
 * (Prometheus' rule). A rank in the `+Inf` bucket returns the highest finite bound.
 */
export function histogramQuantile(
  q: number,
  buckets: readonly { le: number; count: number }[],
): number | undefined {
  if (buckets.length === 0) return undefined;
  const total = buckets[buckets.length - 1].count;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return previousBound;
      const inBucket = bucket.count - previousCount;
      if (inBucket <= 0 || bucket.le <= previousBound) return bucket.le;
      return previousBound + (bucket.le - previousBound) * ((rank - previousCount) / inBucket);
    }
    previousBound = bucket.le;
    previousCount = bucket.count;
  }
  return previousBound;
}

/** Bucket-wise difference `after − before` (for rates over a window); a counter reset yields `after`. */
export function subtractHistograms(after: VllmHistogram, before: VllmHistogram | undefined): VllmHistogram {
  if (!before || after.count < before.count) return after;
  const beforeByBound = new Map(before.buckets.map((bucket) => [bucket.le, bucket.count]));
  const buckets = after.buckets.map((bucket) => ({
    le: bucket.le,
    count: Math.max(0, bucket.count - (beforeByBound.get(bucket.le) ?? 0)),
  }));
  return histogramFrom(buckets, after.sum - before.sum, after.count - before.count);
}

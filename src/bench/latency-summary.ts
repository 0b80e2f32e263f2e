import type { VllmLatencySummary } from './benchmark-types';

/**
 * Percentile by linear interpolation between the closest ranks (numpy's default, which
 * `vllm bench serve` uses), over values sorted ascending.
 */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Count, mean, min, p50/p90/p99 and max of a set of latencies in ms (rounded to µs); `null` when empty. */
export function summarizeLatencies(values: readonly number[]): VllmLatencySummary | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    mean: round(sum / sorted.length),
    min: round(sorted[0]),
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1]),
  };
}

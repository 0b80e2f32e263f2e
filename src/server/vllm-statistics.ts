import { subtractHistograms, type VllmHistogram } from './histogram';
import type { VllmMetricsSnapshot } from './vllm-metrics';

/** Rates and latencies over a time window, from two metrics snapshots. */
export interface VllmStatistics {
  /** Length of the window: time between the two snapshots, in milliseconds. */
  windowMs: number;
  /** Requests finished per second (any finish reason). */
  requestsPerSecond: number | undefined;
  /** Prompt tokens processed per second (prefill throughput). */
  promptTokensPerSecond: number | undefined;
  /** Tokens generated per second (decode throughput). */
  generationTokensPerSecond: number | undefined;
  /** Mean time to first token of requests that got their first token in the window, seconds. */
  meanTimeToFirstTokenSeconds: number | undefined;
  /** Mean time between output tokens in the window, seconds. */
  meanInterTokenLatencySeconds: number | undefined;
  /** Mean end-to-end latency of requests finished in the window, seconds. */
  meanE2eRequestLatencySeconds: number | undefined;
  /** Time to first token within the window, with p50/p90/p99 from the bucket differences. */
  timeToFirstToken: VllmHistogram | undefined;
  /** End-to-end latency within the window, with p50/p90/p99. */
  e2eRequestLatency: VllmHistogram | undefined;
  /** Prefix-cache hit rate of lookups in the window (0–1). */
  prefixCacheHitRate: number | undefined;
  /** Requests running at the end of the window. */
  requestsRunning: number | undefined;
  /** Requests waiting at the end of the window. */
  requestsWaiting: number | undefined;
  /** KV-cache usage (0–1) at the end of the window. */
  kvCacheUsage: number | undefined;
  /** The two snapshots the figures come from. */
  before: VllmMetricsSnapshot;
  after: VllmMetricsSnapshot;
  /**
   * With several endpoints (the `endpoints` routing setting): each endpoint's own figures, in the
   * order given, read from its own `/metrics` — e.g. its `prefixCacheHitRate`, to see whether
   * `prefix-aware` routing keeps each replica's cache warm. The figures above are then those of all
   * endpoints together. `undefined` with one server.
   */
  endpoints?: VllmEndpointStatistics[];
}

/** One endpoint's share of `statistics()`. */
export interface VllmEndpointStatistics {
  /** The endpoint's base URL (credentials redacted). */
  endpoint: string;
  /** Its figures over the window, or `undefined` when its `/metrics` could not be read (see `error`). */
  statistics: Omit<VllmStatistics, 'endpoints'> | undefined;
  /** Why it could not be read (unreachable, timeout, HTTP error). */
  error?: unknown;
}

/**
 * Rates between two snapshots (pure). Counters that went down (a server restart) are read as having
 * started from zero. Use it with your own `metrics()` snapshots, or let `statistics()` take both.
 */
export function computeVllmStatistics(
  before: VllmMetricsSnapshot,
  after: VllmMetricsSnapshot,
): VllmStatistics {
  const windowMs = after.takenAt - before.takenAt;
  const seconds = windowMs / 1000;
  const rate = (delta: number | undefined) =>
    delta !== undefined && seconds > 0 ? delta / seconds : undefined;

  const timeToFirstToken = windowHistogram(after.timeToFirstToken, before.timeToFirstToken);
  const interTokenLatency = windowHistogram(after.interTokenLatency, before.interTokenLatency);
  const e2eRequestLatency = windowHistogram(after.e2eRequestLatency, before.e2eRequestLatency);
  const prefixQueries = counterDelta(after.prefixCache?.queries, before.prefixCache?.queries);
  const prefixHits = counterDelta(after.prefixCache?.hits, before.prefixCache?.hits);

  return {
    windowMs,
    requestsPerSecond: rate(counterDelta(after.requestSuccess?.total, before.requestSuccess?.total)),
    promptTokensPerSecond: rate(counterDelta(after.promptTokens, before.promptTokens)),
    generationTokensPerSecond: rate(counterDelta(after.generationTokens, before.generationTokens)),
    meanTimeToFirstTokenSeconds: timeToFirstToken?.mean,
    meanInterTokenLatencySeconds: interTokenLatency?.mean,
    meanE2eRequestLatencySeconds: e2eRequestLatency?.mean,
    timeToFirstToken,
    e2eRequestLatency,
    prefixCacheHitRate:
      prefixQueries !== undefined && prefixQueries > 0 ? (prefixHits ?? 0) / prefixQueries : undefined,
    requestsRunning: after.requestsRunning,
    requestsWaiting: after.requestsWaiting,
    kvCacheUsage: after.kvCacheUsage,
    before,
    after,
  };
}

function counterDelta(after: number | undefined, before: number | undefined): number | undefined {
  if (after === undefined) return undefined;
  if (before === undefined || after < before) return after;
  return after - before;
}

function windowHistogram(after: VllmHistogram | undefined, before: VllmHistogram | undefined) {
  return after ? subtractHistograms(after, before) : undefined;
}

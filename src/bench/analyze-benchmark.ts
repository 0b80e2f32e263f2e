import { InvalidArgumentError } from '@ai-sdk/provider';
import type { VllmBenchmarkLevel, VllmBenchmarkResult, VllmLatencySummary } from './benchmark-types';

/** A latency metric of a level. */
export type VllmBenchmarkLatencyMetric = 'ttft' | 'itl' | 'tpot' | 'e2e';

/** Options of {@link analyzeBenchmark}. */
export interface VllmBenchmarkAnalysisOptions {
  /** Latency bound in ms: levels whose `latency` at `percentile` exceeds it are not eligible. @default no bound */
  maxLatencyMs?: number;
  /** Which latency the bound applies to. @default 'ttft' for streamed runs, 'e2e' otherwise */
  latency?: VllmBenchmarkLatencyMetric;
  /** Which percentile of that latency. @default 'p99' */
  percentile?: 'p50' | 'p90' | 'p99';
  /** Highest share of failed requests (0–1) a level may have to be eligible. @default 0 */
  maxErrorRate?: number;
}

/** How one level fared against the criterion. */
export interface VllmBenchmarkLevelVerdict {
  concurrency: number;
  eligible: boolean;
  /** Why the level is not eligible. */
  reason?: string;
  outputTokensPerSecond: number;
  /** The bounded latency at the chosen percentile, in ms (`null` when not measured). */
  latencyMs: number | null;
  errorRate: number;
}

/** Result of {@link analyzeBenchmark}. */
export interface VllmBenchmarkAnalysis {
  criterion: Required<Omit<VllmBenchmarkAnalysisOptions, 'maxLatencyMs'>> & { maxLatencyMs: number | null };
  /** The eligible level with the highest output tokens/s; `undefined` when no level is eligible. */
  best: VllmBenchmarkLevel | undefined;
  /** The comparison level: concurrency 1, else the lowest concurrency measured. */
  baseline: VllmBenchmarkLevel | undefined;
  /** `best.outputTokensPerSecond / baseline.outputTokensPerSecond` (e.g. 7.5 = 7.5× the tokens/s). */
  gain: number | undefined;
  levels: VllmBenchmarkLevelVerdict[];
  /** One sentence for people. */
  summary: string;
}

const LATENCY_FIELDS: Record<VllmBenchmarkLatencyMetric, 'ttftMs' | 'itlMs' | 'tpotMs' | 'e2eMs'> = {
  ttft: 'ttftMs',
  itl: 'itlMs',
  tpot: 'tpotMs',
  e2e: 'e2eMs',
};

const LATENCY_NAMES: Record<VllmBenchmarkLatencyMetric, string> = {
  ttft: 'time to first token',
  itl: 'inter-token latency',
  tpot: 'time per output token',
  e2e: 'end-to-end latency',
};

/**
 * Picks the concurrency with the highest output tokens/s whose latency stays within a bound (and
 * whose error rate is acceptable), and how much that gains over concurrency 1.
 *
 * @example
 * analyzeBenchmark(result, { maxLatencyMs: 2000, latency: 'e2e', percentile: 'p90' }).best?.concurrency
 */
export function analyzeBenchmark(
  result: VllmBenchmarkResult,
  options: VllmBenchmarkAnalysisOptions = {},
): VllmBenchmarkAnalysis {
  const latency = options.latency ?? (result.settings.streaming ? 'ttft' : 'e2e');
  if (!(latency in LATENCY_FIELDS)) {
    throw new InvalidArgumentError({
      argument: 'latency',
      message: `analyzeBenchmark: option 'latency' must be one of ${Object.keys(LATENCY_FIELDS).join(', ')}, got ${JSON.stringify(latency)}.`,
    });
  }
  const percentile = options.percentile ?? 'p99';
  const maxLatencyMs = options.maxLatencyMs ?? null;
  const maxErrorRate = options.maxErrorRate ?? 0;
  if (maxLatencyMs !== null && !(maxLatencyMs > 0)) {
    throw new InvalidArgumentError({
      argument: 'maxLatencyMs',
      message: `analyzeBenchmark: option 'maxLatencyMs' must be a positive number of milliseconds, got ${maxLatencyMs}.`,
    });
  }

  const verdicts = result.levels.map((level): VllmBenchmarkLevelVerdict => {
    const summary: VllmLatencySummary | null = level[LATENCY_FIELDS[latency]];
    const latencyMs = summary === null || summary.count === 0 ? null : summary[percentile];
    const errorRate = level.requests > 0 ? level.errors / level.requests : 0;
    const verdict = {
      concurrency: level.concurrency,
      outputTokensPerSecond: level.outputTokensPerSecond,
      latencyMs,
      errorRate,
    };
    if (level.completed === 0) return { ...verdict, eligible: false, reason: 'no request completed' };
    if (errorRate > maxErrorRate) {
      return {
        ...verdict,
        eligible: false,
        reason: `error rate ${(errorRate * 100).toFixed(1)}% > ${(maxErrorRate * 100).toFixed(1)}%`,
      };
    }
    if (maxLatencyMs !== null && latencyMs === null) {
      return { ...verdict, eligible: false, reason: `${latency} not measured (streaming off?)` };
    }
    if (maxLatencyMs !== null && latencyMs !== null && latencyMs > maxLatencyMs) {
      return {
        ...verdict,
        eligible: false,
        reason: `${latency} ${percentile} ${latencyMs.toFixed(1)} ms > ${maxLatencyMs} ms`,
      };
    }
    return { ...verdict, eligible: true };
  });

  let best: VllmBenchmarkLevel | undefined;
  result.levels.forEach((level, index) => {
    if (
      verdicts[index].eligible &&
      (best === undefined || level.outputTokensPerSecond > best.outputTokensPerSecond)
    ) {
      best = level;
    }
  });
  const baseline =
    result.levels.find((level) => level.concurrency === 1) ??
    [...result.levels].sort((a, b) => a.concurrency - b.concurrency)[0];
  const gain =
    best !== undefined && baseline !== undefined && baseline.outputTokensPerSecond > 0
      ? best.outputTokensPerSecond / baseline.outputTokensPerSecond
      : undefined;

  const bound =
    maxLatencyMs === null ? '' : ` with ${LATENCY_NAMES[latency]} ${percentile} ≤ ${maxLatencyMs} ms`;
  const summary =
    best === undefined
      ? `No concurrency level meets the criterion${bound}${maxErrorRate === 0 ? ' without errors' : ''}.`
      : `Best throughput${bound}: concurrency ${best.concurrency} at ${best.outputTokensPerSecond.toFixed(0)} output tokens/s` +
        (gain !== undefined && baseline !== undefined && baseline !== best
          ? `, ${gain.toFixed(2)}× concurrency ${baseline.concurrency}.`
          : '.');
  return {
    criterion: { latency, percentile, maxLatencyMs, maxErrorRate },
    best,
    baseline,
    gain,
    levels: verdicts,
    summary,
  };
}

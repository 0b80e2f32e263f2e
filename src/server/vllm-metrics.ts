import { readHistogram, type VllmHistogram } from './histogram';
import { type PrometheusSample, parsePrometheusText } from './prometheus-text';

// vLLM renamed several metrics (PROTOCOL.md §5). Each entry lists the current name first, then the
// older ones; the first name the server exposes wins, so a server in a deprecation window (which
// exposes both) is read from the current name.
const NAMES = {
  kvCacheUsage: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'],
  prefixCacheQueries: ['vllm:prefix_cache_queries', 'vllm:gpu_prefix_cache_queries'],
  prefixCacheHits: ['vllm:prefix_cache_hits', 'vllm:gpu_prefix_cache_hits'],
  interTokenLatency: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds'],
} as const;

/** A typed snapshot of vLLM's Prometheus metrics (`GET /metrics`), summed over engines. */
export interface VllmMetricsSnapshot {
  /** When the snapshot was read (client clock, ms since the epoch). */
  takenAt: number;
  /** Values of the `model_name` label (the first served model name). */
  modelNames: string[];
  /** Requests being processed now (`vllm:num_requests_running`). */
  requestsRunning: number | undefined;
  /** Requests queued, waiting for KV-cache space or a batch slot (`vllm:num_requests_waiting`). */
  requestsWaiting: number | undefined;
  /**
   * Fraction (0–1) of the KV cache in use (`vllm:kv_cache_usage_perc`, called
   * `vllm:gpu_cache_usage_perc` before vLLM 0.12). Averaged over engines.
   */
  kvCacheUsage: number | undefined;
  /** Prefix-cache lookups since start (`vllm:prefix_cache_queries_total`, formerly `gpu_prefix_cache_*`). */
  prefixCache: { queries: number; hits: number; hitRate: number | undefined } | undefined;
  /** Prompt tokens processed since start (`vllm:prompt_tokens_total`). */
  promptTokens: number | undefined;
  /** Tokens generated since start (`vllm:generation_tokens_total`). */
  generationTokens: number | undefined;
  /** Requests preempted since start (`vllm:num_preemptions_total`): a sign of KV-cache pressure. */
  preemptions: number | undefined;
  /** Finished requests since start by finish reason (`vllm:request_success_total{finished_reason}`). */
  requestSuccess: { total: number; byFinishReason: Record<string, number> } | undefined;
  /** Time to first token, seconds (`vllm:time_to_first_token_seconds`). */
  timeToFirstToken: VllmHistogram | undefined;
  /**
   * Time between output tokens, seconds (`vllm:inter_token_latency_seconds`; older servers call it
   * `vllm:time_per_output_token_seconds`, renamed in vLLM 0.11 and removed in early 2026).
   */
  interTokenLatency: VllmHistogram | undefined;
  /** Request latency end to end, seconds (`vllm:e2e_request_latency_seconds`). */
  e2eRequestLatency: VllmHistogram | undefined;
  /** Time requests spent queued, seconds (`vllm:request_queue_time_seconds`). */
  requestQueueTime: VllmHistogram | undefined;
  /**
   * Which metric names the server uses: `current` (≥ 0.12: `kv_cache_usage_perc`), `legacy`
   * (`gpu_cache_usage_perc` only), or `unknown` (no KV-cache gauge found).
   */
  metricNames: 'current' | 'legacy' | 'unknown';
  /** Every sample, for metrics this snapshot does not name (HTTP metrics, speculative decoding, …). */
  samples: PrometheusSample[];
  /** Lines of the exposition text that did not parse and were skipped. */
  skippedLines: number;
}

/** Builds a snapshot from Prometheus exposition text (pure; `takenAt` defaults to now). */
export function parseVllmMetrics(text: string, takenAt: number = Date.now()): VllmMetricsSnapshot {
  const { samples, skippedLines } = parsePrometheusText(text);
  const metrics = samples.filter((sample) => sample.name.startsWith('vllm:'));
  const present = (name: string) => metrics.some((sample) => sample.name === name);
  const firstPresent = (names: readonly string[], suffix = '') =>
    names.find((name) => present(name + suffix));

  const gauge = (name: string | undefined, aggregate: 'sum' | 'mean' = 'sum') => {
    if (!name) return undefined;
    const values = metrics.filter((sample) => sample.name === name).map((sample) => sample.value);
    if (values.length === 0) return undefined;
    const total = values.reduce((a, b) => a + b, 0);
    return aggregate === 'mean' ? total / values.length : total;
  };
  // prometheus_client exposes counters as `<name>_total` (and a `<name>_created` timestamp we ignore).
  const counter = (name: string | undefined) => {
    if (!name) return undefined;
    return present(`${name}_total`) ? gauge(`${name}_total`) : gauge(name);
  };

  const kvCacheName = firstPresent(NAMES.kvCacheUsage);
  const queriesName =
    firstPresent(NAMES.prefixCacheQueries, '_total') ?? firstPresent(NAMES.prefixCacheQueries, '');
  const hitsName = firstPresent(NAMES.prefixCacheHits, '_total') ?? firstPresent(NAMES.prefixCacheHits, '');
  const queries = counter(queriesName);
  const hits = counter(hitsName);

  return {
    takenAt,
    modelNames: [
      ...new Set(metrics.map((sample) => sample.labels.model_name).filter((name) => name != null)),
    ],
    requestsRunning: gauge('vllm:num_requests_running'),
    requestsWaiting: gauge('vllm:num_requests_waiting'),
    kvCacheUsage: gauge(kvCacheName, 'mean'),
    prefixCache:
      queries !== undefined
        ? { queries, hits: hits ?? 0, hitRate: queries > 0 ? (hits ?? 0) / queries : undefined }
        : undefined,
    promptTokens: counter('vllm:prompt_tokens'),
    generationTokens: counter('vllm:generation_tokens'),
    preemptions: counter('vllm:num_preemptions'),
    requestSuccess: readRequestSuccess(metrics),
    timeToFirstToken: readHistogram(metrics, 'vllm:time_to_first_token_seconds'),
    interTokenLatency: readHistogram(
      metrics,
      NAMES.interTokenLatency.find((name) => present(`${name}_count`)) ?? NAMES.interTokenLatency[0],
    ),
    e2eRequestLatency: readHistogram(metrics, 'vllm:e2e_request_latency_seconds'),
    requestQueueTime: readHistogram(metrics, 'vllm:request_queue_time_seconds'),
    metricNames:
      kvCacheName === undefined ? 'unknown' : kvCacheName === NAMES.kvCacheUsage[0] ? 'current' : 'legacy',
    samples,
    skippedLines,
  };
}

function readRequestSuccess(metrics: readonly PrometheusSample[]): VllmMetricsSnapshot['requestSuccess'] {
  const name = metrics.some((sample) => sample.name === 'vllm:request_success_total')
    ? 'vllm:request_success_total'
    : 'vllm:request_success';
  const byFinishReason: Record<string, number> = {};
  let total = 0;
  let found = false;
  for (const sample of metrics) {
    if (sample.name !== name) continue;
    found = true;
    const reason = sample.labels.finished_reason ?? 'unknown';
    byFinishReason[reason] = (byFinishReason[reason] ?? 0) + sample.value;
    total += sample.value;
  }
  return found ? { total, byFinishReason } : undefined;
}

/** Load figures from vLLM's Prometheus `/metrics` (names of all supported releases). */
export interface VllmLoadMetrics {
  /** Requests being processed (`vllm:num_requests_running`). */
  requestsRunning?: number;
  /** Requests queued (`vllm:num_requests_waiting`). */
  requestsWaiting?: number;
  /** KV-cache use, 0–1 (`vllm:kv_cache_usage_perc`, `vllm:gpu_cache_usage_perc` before v0.12). */
  kvCacheUsage?: number;
}

/** Sums a gauge over all label sets (one per model/engine). */
function gauge(text: string, names: readonly string[]): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([\w:]+)(?:\{[^}]*\})?\s+([-+\d.eE]+|NaN)\s*(?:\d+)?$/.exec(line.trim());
    if (!match || !names.includes(match[1])) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** Parses the load gauges out of a Prometheus text exposition. Pure. */
export function parseLoadMetrics(text: string): VllmLoadMetrics {
  const metrics: VllmLoadMetrics = {};
  const running = gauge(text, ['vllm:num_requests_running']);
  const waiting = gauge(text, ['vllm:num_requests_waiting']);
  const kvCache = gauge(text, ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc']);
  if (running !== undefined) metrics.requestsRunning = running;
  if (waiting !== undefined) metrics.requestsWaiting = waiting;
  if (kvCache !== undefined) metrics.kvCacheUsage = kvCache;
  return metrics;
}

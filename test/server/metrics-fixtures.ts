// Prometheus text as vLLM's /metrics serves it (prometheus_client exposition; names and labels from
// vllm/v1/metrics/loggers.py, PROTOCOL.md §5). `current` = vLLM ≥ 0.12 names; `legacy` = the names
// vLLM 0.10/0.11 used before the renames (gpu_cache_usage_perc, gpu_prefix_cache_*,
// time_per_output_token_seconds).

export interface MetricsFixtureValues {
  running?: number;
  waiting?: number;
  kvCacheUsage?: number;
  prefixQueries?: number;
  prefixHits?: number;
  promptTokens?: number;
  generationTokens?: number;
  success?: Record<string, number>;
  /** Cumulative counts for the TTFT buckets below, last = +Inf = count. */
  ttftCounts?: number[];
  ttftSum?: number;
  itlCounts?: number[];
  itlSum?: number;
}

export const TTFT_BOUNDS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0];
export const ITL_BOUNDS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];

const LABELS = 'engine="0",model_name="Qwen/Qwen3-8B"';

export function vllmMetricsText(generation: 'current' | 'legacy', values: MetricsFixtureValues = {}): string {
  const {
    running = 3,
    waiting = 1,
    kvCacheUsage = 0.25,
    prefixQueries = 1000,
    prefixHits = 400,
    promptTokens = 5000,
    generationTokens = 2000,
    success = { stop: 8, length: 2, abort: 0 },
    // 10 requests: 2 ≤ 20 ms, 5 ≤ 40 ms, 8 ≤ 80 ms, 10 ≤ 250 ms.
    ttftCounts = [0, 0, 0, 2, 5, 5, 8, 8, 10, 10, 10, 10, 10],
    ttftSum = 0.9,
    itlCounts = [100, 500, 900, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
    itlSum = 25,
  } = values;
  const kvName = generation === 'current' ? 'vllm:kv_cache_usage_perc' : 'vllm:gpu_cache_usage_perc';
  const prefix = generation === 'current' ? 'vllm:prefix_cache' : 'vllm:gpu_prefix_cache';
  const itlName =
    generation === 'current' ? 'vllm:inter_token_latency_seconds' : 'vllm:time_per_output_token_seconds';
  const lines = [
    '# HELP python_gc_objects_collected_total Objects collected during gc',
    '# TYPE python_gc_objects_collected_total counter',
    'python_gc_objects_collected_total{generation="0"} 12345.0',
    '# HELP vllm:num_requests_running Number of requests in model execution batches.',
    '# TYPE vllm:num_requests_running gauge',
    `vllm:num_requests_running{${LABELS}} ${running.toFixed(1)}`,
    '# HELP vllm:num_requests_waiting Number of requests waiting to be processed.',
    '# TYPE vllm:num_requests_waiting gauge',
    `vllm:num_requests_waiting{${LABELS}} ${waiting.toFixed(1)}`,
    `# HELP ${kvName} KV-cache usage. 1 means 100 percent usage.`,
    `# TYPE ${kvName} gauge`,
    `${kvName}{${LABELS}} ${kvCacheUsage}`,
    `# TYPE ${prefix}_queries counter`,
    `${prefix}_queries_total{${LABELS}} ${prefixQueries.toFixed(1)}`,
    `${prefix}_queries_created{${LABELS}} 1.763e+09`,
    `# TYPE ${prefix}_hits counter`,
    `${prefix}_hits_total{${LABELS}} ${prefixHits.toFixed(1)}`,
    '# TYPE vllm:prompt_tokens counter',
    `vllm:prompt_tokens_total{${LABELS}} ${promptTokens.toFixed(1)}`,
    '# TYPE vllm:generation_tokens counter',
    `vllm:generation_tokens_total{${LABELS}} ${generationTokens.toFixed(1)}`,
    '# TYPE vllm:num_preemptions counter',
    `vllm:num_preemptions_total{${LABELS}} 0.0`,
    '# TYPE vllm:request_success counter',
    ...Object.entries(success).map(
      ([reason, count]) =>
        `vllm:request_success_total{engine="0",finished_reason="${reason}",model_name="Qwen/Qwen3-8B"} ${count.toFixed(1)}`,
    ),
    ...histogram('vllm:time_to_first_token_seconds', TTFT_BOUNDS, ttftCounts, ttftSum),
    ...histogram(itlName, ITL_BOUNDS, itlCounts, itlSum),
    ...histogram(
      'vllm:e2e_request_latency_seconds',
      [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5],
      [0, 1, 4, 6, 9, 10, 10, 10, 10],
      9.5,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function histogram(name: string, bounds: number[], counts: number[], sum: number): string[] {
  return [
    `# HELP ${name} Histogram of ${name}.`,
    `# TYPE ${name} histogram`,
    ...bounds.map(
      (le, index) =>
        `${name}_bucket{${LABELS},le="${le.toFixed(3).replace(/0+$/, '').replace(/\.$/, '.0')}"} ${counts[index].toFixed(1)}`,
    ),
    `${name}_bucket{${LABELS},le="+Inf"} ${counts[bounds.length].toFixed(1)}`,
    `${name}_count{${LABELS}} ${counts[bounds.length].toFixed(1)}`,
    `${name}_sum{${LABELS}} ${sum}`,
  ];
}

import type { VllmBenchmarkLevel, VllmBenchmarkResult, VllmLatencySummary } from '../../src';

/** A latency summary around `p50` (p90 = 1.5×, p99 = 2×). */
export function latency(p50: number): VllmLatencySummary {
  return { count: 100, mean: p50 * 1.1, min: p50 * 0.8, p50, p90: p50 * 1.5, p99: p50 * 2, max: p50 * 2.2 };
}

/** A level with throughput and latencies that grow with concurrency, as a real server's do. */
export function level(concurrency: number, overrides: Partial<VllmBenchmarkLevel> = {}): VllmBenchmarkLevel {
  const tokensPerSecond = 40 * concurrency ** 0.8;
  return {
    concurrency,
    requests: 100,
    completed: 100,
    errors: 0,
    errorSamples: [],
    durationMs: 10_000,
    requestsPerSecond: tokensPerSecond / 128,
    outputTokensPerSecond: tokensPerSecond,
    totalTokensPerSecond: tokensPerSecond * 3,
    meanPromptTokens: 256,
    meanOutputTokens: 128,
    ttftMs: latency(30 * concurrency),
    itlMs: latency(20 + concurrency),
    tpotMs: latency(21 + concurrency),
    e2eMs: latency(30 * concurrency + 127 * (20 + concurrency)),
    ...overrides,
  };
}

export function result(levels: VllmBenchmarkLevel[], streaming = true): VllmBenchmarkResult {
  return {
    format: 'vllm-ai-provider/benchmark',
    formatVersion: 1,
    startedAt: '2026-11-22T03:00:00.000Z',
    durationMs: 60_000,
    server: { baseURL: 'http://127.0.0.1:8000/v1', model: 'Qwen/Qwen3-8B', vllmVersion: '0.11.0' },
    settings: {
      endpoint: 'chat',
      streaming,
      promptTokens: 256,
      promptWords: 240,
      promptCalibrated: true,
      outputTokens: 128,
      ignoreEos: true,
    },
    levels,
  };
}

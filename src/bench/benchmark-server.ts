import { resolveVllmConnection } from '../provider/connection/vllm-settings';
import { forLevel, type ResolvedBenchmarkOptions, resolveBenchmarkOptions } from './benchmark-options';
import { type PhaseContext, PhaseStats, runPhase } from './benchmark-phase';
import { benchmarkPrompt, calibratePromptWords } from './benchmark-prompt';
import {
  createTokenCounter,
  firstServedModel,
  type ServerProbe,
  serverVersion,
} from './benchmark-server-info';
import { createFetchBenchmarkTransport } from './benchmark-transport';
import type {
  VllmBenchmarkLevel,
  VllmBenchmarkOptions,
  VllmBenchmarkProgress,
  VllmBenchmarkResult,
} from './benchmark-types';
import { summarizeLatencies } from './latency-summary';

function requestBody(
  options: ResolvedBenchmarkOptions,
  model: string,
  prompt: string,
): Record<string, unknown> {
  return {
    model,
    ...(options.endpoint === 'chat' ? { messages: [{ role: 'user', content: prompt }] } : { prompt }),
    max_tokens: options.outputTokens,
    ...(options.ignoreEos ? { ignore_eos: true } : {}),
    ...(options.streaming ? { stream: true, stream_options: { include_usage: true } } : {}),
    ...options.extraBody,
  };
}

function levelResult(
  concurrency: number,
  requests: number,
  durationMs: number,
  stats: PhaseStats,
): VllmBenchmarkLevel {
  const seconds = durationMs / 1000;
  const perSecond = (value: number) => (seconds > 0 ? Math.round((value / seconds) * 100) / 100 : 0);
  const mean = (value: number) =>
    stats.completed > 0 ? Math.round((value / stats.completed) * 100) / 100 : 0;
  return {
    concurrency,
    requests,
    completed: stats.completed,
    errors: stats.errors,
    errorSamples: stats.errorSamples(),
    durationMs: Math.round(durationMs * 1000) / 1000,
    requestsPerSecond: perSecond(stats.completed),
    outputTokensPerSecond: perSecond(stats.outputTokens),
    totalTokensPerSecond: perSecond(stats.outputTokens + stats.promptTokens),
    meanPromptTokens: mean(stats.promptTokens),
    meanOutputTokens: mean(stats.outputTokens),
    ttftMs: summarizeLatencies(stats.ttft),
    itlMs: summarizeLatencies(stats.itl),
    tpotMs: summarizeLatencies(stats.tpot),
    e2eMs: summarizeLatencies(stats.e2e) ?? { count: 0, mean: 0, min: 0, p50: 0, p90: 0, p99: 0, max: 0 },
  };
}

/**
 * Load-tests a vLLM server: for each concurrency level, sends warm-up requests and then the
 * measured ones with exactly that many in flight, and reports requests/s, output tokens/s, time to
 * first token, inter-token latency, time per output token and end-to-end latency (p50/p90/p99),
 * and errors. Prompts differ per request (no prefix-cache hits); with `ignoreEos` every request
 * generates `outputTokens` tokens. Edge-safe; feed the result to `analyzeBenchmark`,
 * `renderBenchmarkSvg` or `saveBenchmark` (`vllm-ai-provider/node`).
 *
 * @example
 * const result = await benchmarkServer({ baseURL: 'http://gpu-box:8000/v1', concurrency: [1, 8, 32] });
 * const { summary, best } = analyzeBenchmark(result, { maxLatencyMs: 500 });
 */
export async function benchmarkServer(options: VllmBenchmarkOptions = {}): Promise<VllmBenchmarkResult> {
  const resolved = resolveBenchmarkOptions(options);
  const connection = resolveVllmConnection(options);
  const baseURL = connection.baseURL();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries(connection.headers())) {
    if (value !== undefined) headers[name] = value;
  }
  const transport = options.transport ?? createFetchBenchmarkTransport(options.fetch);
  const { signal } = options;
  const probe: ServerProbe = { transport, baseURL, serverURL: connection.serverURL(), headers, signal };
  const startedAt = new Date();
  const runStart = performance.now();

  const model = options.model ?? (await firstServedModel(probe));
  const vllmVersion = await serverVersion(probe);
  const countTokens = createTokenCounter(probe, model, resolved.endpoint);
  const prompt = await calibratePromptWords(resolved.promptTokens, async (words) =>
    countTokens(benchmarkPrompt(100, words)),
  );

  const context: PhaseContext = {
    transport,
    url: `${baseURL}${resolved.endpoint === 'chat' ? '/chat/completions' : '/completions'}`,
    headers,
    stream: resolved.streaming,
    timeoutMs: resolved.timeoutMs,
    signal,
  };
  let requestNumber = 0;
  const bodies = (count: number) =>
    Array.from({ length: count }, () =>
      JSON.stringify(requestBody(resolved, model, benchmarkPrompt(++requestNumber, prompt.words))),
    );

  const levels: VllmBenchmarkLevel[] = [];
  for (const [levelIndex, concurrency] of resolved.concurrency.entries()) {
    for (const phase of ['warmup', 'measure'] as const) {
      const total = forLevel(phase === 'warmup' ? resolved.warmup : resolved.requests, concurrency);
      if (total === 0) continue;
      const stats = new PhaseStats();
      const progress: VllmBenchmarkProgress = {
        concurrency,
        levelIndex,
        levelCount: resolved.concurrency.length,
        phase,
        completed: 0,
        total,
        errors: 0,
      };
      const onProgress = options.onProgress;
      onProgress?.({ ...progress });
      const durationMs = await runPhase(context, concurrency, bodies(total), stats, () => {
        if (onProgress === undefined) return;
        progress.completed = stats.completed + stats.errors;
        progress.errors = stats.errors;
        onProgress({ ...progress });
      });
      if (phase === 'measure') levels.push(levelResult(concurrency, total, durationMs, stats));
    }
  }

  return {
    format: 'vllm-ai-provider/benchmark',
    formatVersion: 1,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - runStart),
    server: { baseURL, model, vllmVersion },
    settings: {
      endpoint: resolved.endpoint,
      streaming: resolved.streaming,
      promptTokens: resolved.promptTokens,
      promptWords: prompt.words,
      promptCalibrated: prompt.calibrated,
      outputTokens: resolved.outputTokens,
      ignoreEos: resolved.ignoreEos,
    },
    levels,
  };
}

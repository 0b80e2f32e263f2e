import type { VersionProfile } from '../version-profiles';
import type { PrefixCacheStats } from './prefix-cache/kv-cache-manager';
import { createPrefixCacheMetrics, type PrefixCacheMetrics } from './prefix-cache/prefix-cache-metrics';
import { Counter, Gauge, Histogram } from './prometheus';

const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
  80.0, 160.0, 640.0, 2560.0,
];
const ITL_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
];
const LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0,
  960.0, 1920.0, 7680.0,
];
const FINISH_REASONS = ['stop', 'length', 'abort', 'error', 'repetition'] as const;

function buckets125(max: number): number[] {
  const out: number[] = [];
  for (let exponent = 1; ; exponent *= 10) {
    for (const mantissa of [1, 2, 5]) {
      if (mantissa * exponent > max) return out;
      out.push(mantissa * exponent);
    }
  }
}

/** What one finished request reports to the metrics. */
export interface RequestStats {
  promptTokens: number;
  generationTokens: number;
  n: number;
  maxTokens: number;
  finishReason: (typeof FINISH_REASONS)[number];
  queueSeconds: number;
  prefillSeconds: number;
  decodeSeconds: number;
}

/** vLLM's Prometheus metrics (names per version profile), labelled `model_name` + `engine`. */
export class VllmMetrics {
  private readonly labels: Record<string, string>;
  private readonly running: Gauge;
  private readonly waiting: Gauge;
  private readonly kvCache: Gauge[];
  private readonly counters: Record<'prompt' | 'generation' | 'preemptions' | 'success', Counter>;
  private readonly histograms: Record<string, Histogram>;
  private readonly interToken: Histogram[];
  private readonly prefixCache: PrefixCacheMetrics;
  private readonly all: Array<Gauge | Counter | Histogram>;

  constructor(profile: VersionProfile, modelName: string, maxModelLen: number) {
    this.labels = { model_name: modelName, engine: '0' };
    this.running = new Gauge('vllm:num_requests_running', 'Number of requests in model execution batches.');
    this.waiting = new Gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.');
    this.kvCache = profile.kvCacheMetrics.map(
      (name) => new Gauge(name, 'KV-cache usage. 1 means 100 percent usage.'),
    );
    this.counters = {
      preemptions: new Counter('vllm:num_preemptions', 'Cumulative number of preemption from the engine.'),
      prompt: new Counter('vllm:prompt_tokens', 'Number of prefill tokens processed.'),
      generation: new Counter('vllm:generation_tokens', 'Number of generation tokens processed.'),
      success: new Counter('vllm:request_success', 'Count of successfully processed requests.'),
    };
    const tokenBuckets = buckets125(maxModelLen);
    const histogram = (name: string, help: string, buckets: readonly number[]) =>
      new Histogram(name, help, buckets);
    this.histograms = {
      promptTokens: histogram(
        'vllm:request_prompt_tokens',
        'Number of prefill tokens processed.',
        tokenBuckets,
      ),
      generationTokens: histogram(
        'vllm:request_generation_tokens',
        'Number of generation tokens processed.',
        tokenBuckets,
      ),
      n: histogram('vllm:request_params_n', 'Histogram of the n request parameter.', [1, 2, 5, 10, 20]),
      maxTokens: histogram(
        'vllm:request_params_max_tokens',
        'Histogram of the max_tokens request parameter.',
        tokenBuckets,
      ),
      ttft: histogram(
        'vllm:time_to_first_token_seconds',
        'Histogram of time to first token in seconds.',
        TTFT_BUCKETS,
      ),
      e2e: histogram(
        'vllm:e2e_request_latency_seconds',
        'Histogram of e2e request latency in seconds.',
        LATENCY_BUCKETS,
      ),
      queue: histogram(
        'vllm:request_queue_time_seconds',
        'Histogram of time spent in WAITING phase for request.',
        LATENCY_BUCKETS,
      ),
      inference: histogram(
        'vllm:request_inference_time_seconds',
        'Histogram of time spent in RUNNING phase for request.',
        LATENCY_BUCKETS,
      ),
      prefill: histogram(
        'vllm:request_prefill_time_seconds',
        'Histogram of time spent in PREFILL phase for request.',
        LATENCY_BUCKETS,
      ),
      decode: histogram(
        'vllm:request_decode_time_seconds',
        'Histogram of time spent in DECODE phase for request.',
        LATENCY_BUCKETS,
      ),
    };
    this.interToken = profile.interTokenMetrics.map(
      (name) => new Histogram(name, 'Histogram of inter-token latency in seconds.', ITL_BUCKETS),
    );
    for (const reason of FINISH_REASONS)
      this.counters.success.touch({ ...this.labels, finished_reason: reason });
    this.prefixCache = createPrefixCacheMetrics(profile.prefixCache, this.labels);
    this.all = [
      this.running,
      this.waiting,
      ...this.kvCache,
      ...this.prefixCache.counters,
      ...Object.values(this.counters),
      ...Object.values(this.histograms),
      ...this.interToken,
    ];
    for (const metric of this.all) {
      if (metric === this.counters.success || this.prefixCache.counters.includes(metric as Counter)) continue;
      if (metric instanceof Gauge) metric.set(this.labels, 0);
      else metric.touch(this.labels);
    }
  }

  /** Scheduler state: running/waiting sequences and KV-cache usage (0–1). */
  setSchedulerState(running: number, waiting: number, kvCacheUsage: number): void {
    this.running.set(this.labels, running);
    this.waiting.set(this.labels, waiting);
    for (const gauge of this.kvCache) gauge.set(this.labels, kvCacheUsage);
  }

  /**
   * The first engine step of a request: its prefill is done (prompt tokens counted, TTFT observed),
   * as vLLM's stat logger does per iteration rather than at the end of the request. `promptTokens`
   * and `cachedTokens` (those the prefix cache held) count the same sequences: every one of the
   * request's `n` (vLLM counts each child request's prompt).
   */
  recordPrefill(promptTokens: number, timeToFirstTokenSeconds: number, cachedTokens: number): void {
    this.counters.prompt.inc(this.labels, promptTokens);
    this.histograms.ttft.observe(this.labels, timeToFirstTokenSeconds);
    this.prefixCache.recordPrompt(promptTokens, cachedTokens);
  }

  /** Prefix-cache lookups since the last call (vLLM adds each step's `PrefixCacheStats`). */
  setPrefixCacheStats(stats: PrefixCacheStats): void {
    this.prefixCache.recordLookups(stats);
  }

  /** One engine step of a request: `tokens` generated across its sequences, and the gap since its previous step. */
  recordStep(tokens: number, interTokenSeconds: number | undefined): void {
    this.counters.generation.inc(this.labels, tokens);
    if (interTokenSeconds === undefined) return;
    for (const histogram of this.interToken) histogram.observe(this.labels, interTokenSeconds);
  }

  /** Records one finished (or aborted) request: what vLLM observes once per request. */
  recordRequest(stats: RequestStats): void {
    const { labels, histograms } = this;
    this.counters.success.inc({ ...labels, finished_reason: stats.finishReason });
    histograms.promptTokens.observe(labels, stats.promptTokens);
    histograms.generationTokens.observe(labels, stats.generationTokens);
    histograms.n.observe(labels, stats.n);
    histograms.maxTokens.observe(labels, stats.maxTokens);
    histograms.e2e.observe(labels, stats.queueSeconds + stats.prefillSeconds + stats.decodeSeconds);
    histograms.queue.observe(labels, stats.queueSeconds);
    histograms.inference.observe(labels, stats.prefillSeconds + stats.decodeSeconds);
    histograms.prefill.observe(labels, stats.prefillSeconds);
    histograms.decode.observe(labels, stats.decodeSeconds);
  }

  /** The Prometheus text exposition. */
  render(): string {
    return `${this.all.map((metric) => metric.render()).join('\n')}\n`;
  }
}

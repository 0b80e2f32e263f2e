import type { VllmConnectionSettings } from '../provider/connection/vllm-settings';
import type { VllmBenchmarkTransport } from './benchmark-transport';

/** Which OpenAI-compatible endpoint the benchmark sends requests to. */
export type VllmBenchmarkEndpoint = 'chat' | 'completion';

/** Options of {@link benchmarkServer}. Every request goes to one vLLM server (`baseURL`). */
export interface VllmBenchmarkOptions extends VllmConnectionSettings {
  /**
   * The served model name to send as the body `model` field.
   * @default the first model `GET /v1/models` lists
   */
  model?: string;

  /**
   * Concurrency levels to measure, one after the other: at level N exactly N requests are in
   * flight until the level's requests run out (a closed loop, like `vllm bench serve
   * --max-concurrency`). Positive integers.
   * @default [1, 4, 16, 64]
   */
  concurrency?: number[];

  /**
   * Measured requests per concurrency level (warm-up requests come on top).
   * @default max(32, 8 × concurrency)
   */
  requests?: number;

  /**
   * Approximate prompt length in tokens. The prompt is made of plain words; when the server answers
   * `POST /tokenize` the word count is calibrated so the rendered prompt has about this many tokens.
   * Each request's prompt starts differently, so prefix caching cannot serve it. The measured mean
   * is reported as `meanPromptTokens`.
   * @default 256
   */
  promptTokens?: number;

  /** Output tokens per request (body `max_tokens`; with `ignoreEos` every request produces exactly this many). @default 128 */
  outputTokens?: number;

  /** Keep generating past the end-of-sequence token (vLLM body field `ignore_eos`), so output lengths are equal. @default true */
  ignoreEos?: boolean;

  /** Unmeasured requests sent at each level before its measured ones (warms connections and caches). @default the level's concurrency */
  warmup?: number;

  /**
   * Stream responses (body `stream: true` with `stream_options.include_usage`): needed for
   * time to first token and inter-token latency. Non-streamed requests measure end-to-end latency only.
   * @default true
   */
  streaming?: boolean;

  /** Endpoint: `chat` (`/v1/chat/completions`, chat template applied) or `completion` (`/v1/completions`). @default 'chat' */
  endpoint?: VllmBenchmarkEndpoint;

  /** Extra body fields merged into every request, e.g. `{ chat_template_kwargs: { enable_thinking: false } }`. */
  extraBody?: Record<string, unknown>;

  /** Per-request time limit in ms; a request that takes longer is aborted and counted as an error. `0` = none. @default 600000 */
  timeoutMs?: number;

  /** Stops the benchmark: requests in flight are aborted and `benchmarkServer` rejects with the signal's reason. */
  signal?: AbortSignal;

  /** Called at the start of each phase and after every finished request (keep it cheap). */
  onProgress?: (progress: VllmBenchmarkProgress) => void;

  /**
   * How requests are sent. The default uses `fetch` (the `fetch` setting or the global one) and
   * works in every runtime. On Node, `createVllmNodeBenchmarkTransport()` from
   * `vllm-ai-provider/node` costs about a third of the client CPU per request, so the load
   * generator stays far from being the bottleneck at high request rates.
   * @default a fetch-based transport
   */
  transport?: VllmBenchmarkTransport;
}

/** Progress of a running benchmark. */
export interface VllmBenchmarkProgress {
  /** The concurrency of the level running now. */
  concurrency: number;
  /** 0-based index of the level, and the number of levels. */
  levelIndex: number;
  levelCount: number;
  /** `warmup` requests are not measured. */
  phase: 'warmup' | 'measure';
  /** Requests finished in this phase (errors included), and the phase's total. */
  completed: number;
  total: number;
  /** Failed requests in this phase so far. */
  errors: number;
}

/** Percentiles of one latency metric, in milliseconds. */
export interface VllmLatencySummary {
  /** Number of samples. */
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One distinct failure and how often it happened. */
export interface VllmBenchmarkErrorSample {
  message: string;
  count: number;
}

/** Measurements of one concurrency level. */
export interface VllmBenchmarkLevel {
  concurrency: number;
  /** Measured requests sent. */
  requests: number;
  /** Requests that finished without error. */
  completed: number;
  /** Failed requests (HTTP errors, error events, aborted or truncated streams, timeouts). */
  errors: number;
  /** Up to 5 distinct error messages with their counts. */
  errorSamples: VllmBenchmarkErrorSample[];
  /** Wall time of the measured phase (first request sent → last response finished). */
  durationMs: number;
  /** Completed requests per second. */
  requestsPerSecond: number;
  /** Generated tokens per second over all completed requests (`usage.completion_tokens`). */
  outputTokensPerSecond: number;
  /** Prompt plus generated tokens per second. */
  totalTokensPerSecond: number;
  /** Mean prompt tokens per request, as the server counted them (`usage.prompt_tokens`). */
  meanPromptTokens: number;
  /** Mean generated tokens per request. */
  meanOutputTokens: number;
  /** Time to first token: request sent → first chunk carrying a token (streaming only, else `null`). */
  ttftMs: VllmLatencySummary | null;
  /** Inter-token latency: gap between consecutive token chunks as received (streaming only). */
  itlMs: VllmLatencySummary | null;
  /** Time per output token after the first: (end-to-end − TTFT) / (tokens − 1) per request (streaming only). */
  tpotMs: VllmLatencySummary | null;
  /** End-to-end latency: request sent → response complete. */
  e2eMs: VllmLatencySummary;
}

/** A whole benchmark run; JSON-serializable (see `saveBenchmark` / `loadBenchmark` in `vllm-ai-provider/node`). */
export interface VllmBenchmarkResult {
  format: 'vllm-ai-provider/benchmark';
  /** Format version of this object. */
  formatVersion: 1;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** Wall time of the whole run, warm-up included. */
  durationMs: number;
  server: {
    baseURL: string;
    model: string;
    /** `GET /version` of the server, when it answered. */
    vllmVersion: string | null;
  };
  settings: {
    endpoint: VllmBenchmarkEndpoint;
    streaming: boolean;
    /** Requested prompt length and the words used to reach it. */
    promptTokens: number;
    promptWords: number;
    /** Whether `POST /tokenize` calibrated the prompt length. */
    promptCalibrated: boolean;
    outputTokens: number;
    ignoreEos: boolean;
  };
  levels: VllmBenchmarkLevel[];
}

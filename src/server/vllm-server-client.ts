import { InvalidArgumentError } from '@ai-sdk/provider';
import {
  resolveVllmConnection,
  type VllmConnection,
  type VllmConnectionSettings,
} from '../provider/connection/vllm-settings';
import { endpointStatistics } from './endpoint-statistics';
import {
  listLoraAdapters,
  loadLoraAdapter,
  unloadLoraAdapter,
  type VllmLoadLoraAdapterOptions,
  type VllmLoraAdapterChange,
} from './lora-adapters';
import { findServedModel, listServedModels, type VllmModelInfo } from './served-models';
import { VLLM_ENDPOINTS } from './server-endpoints';
import { createServerRequester, type VllmRequestOptions } from './server-request';
import {
  checkHealth,
  getServerLoad,
  getServerVersion,
  type VllmHealth,
  type VllmServerLoad,
} from './server-status';
import {
  detokenize,
  fitsContext,
  tokenize,
  type VllmContextFit,
  type VllmTokenizeInput,
  type VllmTokenizeOptions,
  type VllmTokenizeResult,
} from './tokenize';
import { parseVllmMetrics, type VllmMetricsSnapshot } from './vllm-metrics';
import { computeVllmStatistics, type VllmStatistics } from './vllm-statistics';
import { delay } from './with-deadline';

/** Default `timeoutMs` of server-client requests. */
export const VLLM_SERVER_TIMEOUT_MS = 30_000;

/** Default `windowMs` of `statistics()`. */
export const VLLM_STATISTICS_WINDOW_MS = 5_000;

/** Settings for {@link createVllmClient}: the provider's connection settings plus a default timeout. */
export interface VllmServerClientSettings extends VllmConnectionSettings {
  /**
   * Default time limit per request, in milliseconds (`0` = none). `health()` uses 5 000 ms and
   * `loadLoraAdapter()` 300 000 ms unless a call passes its own `timeoutMs`.
   * @default 30000
   */
  timeoutMs?: number;
}

/** Options for `statistics()`. */
export interface VllmStatisticsOptions extends VllmRequestOptions {
  /**
   * Time between the two `/metrics` snapshots, in milliseconds. Longer windows smooth out bursts.
   * @default 5000
   */
  windowMs?: number;
}

/**
 * Talks to the vLLM server itself (not a model): what it serves, whether it is healthy, how loaded it
 * is, token counts, LoRA adapters. Plain `fetch`, safe in edge runtimes. Every method accepts
 * `abortSignal`, `timeoutMs` and `headers`.
 */
export interface VllmServerClient {
  /** The server root (base URL without `/v1`), where `/health`, `/metrics` and `/tokenize` live. */
  serverURL(): string;

  /** Served models and LoRA adapters (`GET /v1/models`), with `maxModelLen`, `root` and each adapter's `parent`. */
  models(options?: VllmRequestOptions): Promise<VllmModelInfo[]>;

  /** One entry of `models()`; throws `NoSuchModelError` listing the served names when `modelId` is not served. */
  modelInfo(modelId: string, options?: VllmRequestOptions): Promise<VllmModelInfo>;

  /**
   * `GET /health`: `ok` (200), `unhealthy` (answered otherwise, e.g. 503 when the engine died) or
   * `unreachable` (no answer within `timeoutMs`, default 5 000 ms). Never throws for a down server.
   */
  health(options?: VllmRequestOptions): Promise<VllmHealth>;

  /** `GET /version`: the vLLM version string, e.g. `0.13.0`. */
  version(options?: VllmRequestOptions): Promise<string>;

  /** `GET /load`: requests in flight (counted only with `--enable-server-load-tracking`). */
  load(options?: VllmRequestOptions): Promise<VllmServerLoad>;

  /**
   * `GET /metrics`, parsed into a typed snapshot: queue, KV cache, prefix cache, token counters,
   * finish reasons and latency histograms with p50/p90/p99. Reads both the current metric names and
   * the pre-0.12 ones (`gpu_cache_usage_perc`, `gpu_prefix_cache_*`, `time_per_output_token_seconds`).
   */
  metrics(options?: VllmRequestOptions): Promise<VllmMetricsSnapshot>;

  /**
   * Two `/metrics` snapshots `windowMs` apart (default 5 000 ms) → requests/s, prompt and generation
   * tokens/s, mean and percentile latencies over the window.
   */
  statistics(options?: VllmStatisticsOptions): Promise<VllmStatistics>;

  /** `POST /tokenize` of a prompt or of messages (with the chat template): token ids, count, `maxModelLen`. */
  tokenize(input: VllmTokenizeInput, options?: VllmTokenizeOptions): Promise<VllmTokenizeResult>;

  /** `POST /detokenize`: token ids back to text. */
  detokenize(
    tokens: readonly number[],
    options?: Pick<VllmTokenizeOptions, 'model' | 'abortSignal' | 'timeoutMs' | 'headers'>,
  ): Promise<string>;

  /** The number of tokens of a prompt or messages (`POST /tokenize`). */
  countTokens(input: VllmTokenizeInput, options?: VllmTokenizeOptions): Promise<number>;

  /**
   * Whether the prompt plus `maxOutputTokens` fits the model's context (`--max-model-len`), so the
   * request will not fail with "maximum context length". One `POST /tokenize`.
   */
  fitsContext(
    input: VllmTokenizeInput,
    options: VllmTokenizeOptions & {
      /** The output budget you will request (`maxOutputTokens` / body `max_tokens`). */
      maxOutputTokens: number;
    },
  ): Promise<VllmContextFit>;

  /** LoRA adapters the server has loaded (from `GET /v1/models`), each with its `parent`. */
  listLoraAdapters(options?: VllmRequestOptions): Promise<VllmModelInfo[]>;

  /**
   * `POST /v1/load_lora_adapter`. The server must run with `VLLM_ALLOW_RUNTIME_LORA_UPDATING=1` and
   * `--enable-lora`; otherwise the error says so. Then use the adapter as a model: `vllm(name)`.
   */
  loadLoraAdapter(options: VllmLoadLoraAdapterOptions): Promise<VllmLoraAdapterChange>;

  /** `POST /v1/unload_lora_adapter`. */
  unloadLoraAdapter(name: string, options?: VllmRequestOptions): Promise<VllmLoraAdapterChange>;
}

/**
 * Builds a server client on an already resolved connection (what `createVllm(...).server` uses, so
 * the provider and its client share baseURL, apiKey, headers and fetch).
 */
export function createVllmServerClient(
  connection: VllmConnection & {
    /** Set by routing: each endpoint reached directly, for per-endpoint `statistics()`. */
    endpointConnections?: () => Array<VllmConnection & { label: string }>;
  },
  { timeoutMs = VLLM_SERVER_TIMEOUT_MS }: { timeoutMs?: number } = {},
): VllmServerClient {
  checkTimeout(timeoutMs, 'timeoutMs');
  const requester = createServerRequester(connection, timeoutMs);

  const metrics = async (options: VllmRequestOptions = {}) => {
    const text = await requester.text(VLLM_ENDPOINTS.metrics, options);
    return parseVllmMetrics(text);
  };

  return {
    serverURL: () => connection.serverURL(),
    models: (options) => listServedModels(requester, options),
    modelInfo: (modelId, options) => findServedModel(requester, modelId, options),
    health: (options) => checkHealth(requester, options),
    version: (options) => getServerVersion(connection, timeoutMs, options),
    load: (options) => getServerLoad(requester, options),
    metrics,
    async statistics(options = {}) {
      const windowMs = options.windowMs ?? VLLM_STATISTICS_WINDOW_MS;
      checkTimeout(windowMs, 'windowMs');
      if (windowMs <= 0) {
        throw new InvalidArgumentError({
          argument: 'windowMs',
          message: `statistics() needs windowMs > 0 (got ${windowMs}): the time between the two /metrics snapshots.`,
        });
      }
      const replicas = connection.endpointConnections?.();
      if (replicas !== undefined && replicas.length > 1) {
        return endpointStatistics(replicas, timeoutMs, windowMs, options);
      }
      const before = await metrics(options);
      await delay(windowMs, options.abortSignal);
      const after = await metrics(options);
      return computeVllmStatistics(before, after);
    },
    tokenize: (input, options) => tokenize(requester, input, options),
    detokenize: (tokens, options) => detokenize(requester, tokens, options),
    countTokens: async (input, options) => (await tokenize(requester, input, options)).count,
    fitsContext: (input, options) => fitsContext(requester, input, options),
    listLoraAdapters: (options) => listLoraAdapters(requester, options),
    loadLoraAdapter: (options) => loadLoraAdapter(requester, options),
    unloadLoraAdapter: (name, options) => unloadLoraAdapter(requester, name, options),
  };
}

/**
 * A standalone server client for code that only talks to the server (health checks, dashboards,
 * admin scripts). Same settings and environment fallbacks as `createVllm()`: `baseURL` →
 * `VLLM_BASE_URL` → `http://localhost:8000/v1`; `apiKey` → `VLLM_API_KEY`. With a provider at hand,
 * use `provider.server` instead.
 */
export function createVllmClient(settings: VllmServerClientSettings = {}): VllmServerClient {
  return createVllmServerClient(resolveVllmConnection(settings), { timeoutMs: settings.timeoutMs });
}

function checkTimeout(value: number, argument: string): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be a number of milliseconds ≥ 0 (got ${String(value)}).`,
    });
  }
}

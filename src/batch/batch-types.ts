import type {
  LanguageModelV4,
  LanguageModelV4FinishReason,
  SharedV4ProviderOptions,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { ModelMessage } from '@ai-sdk/provider-utils';

/** Call settings applied to every item of a batch (the same meaning as in `generateText`). */
export interface VllmBatchCallSettings {
  /** Output token limit per item (body `max_tokens`). Set it for completion models: vLLM's legacy default is 16. */
  maxOutputTokens?: number;
  /** Sampling temperature (body `temperature`). */
  temperature?: number;
  /** Nucleus sampling (body `top_p`). */
  topP?: number;
  /** Top-k sampling (body `top_k`). */
  topK?: number;
  /** Presence penalty (body `presence_penalty`). */
  presencePenalty?: number;
  /** Frequency penalty (body `frequency_penalty`). */
  frequencyPenalty?: number;
  /** Stop strings (body `stop`). */
  stopSequences?: string[];
  /** Seed for reproducible sampling (body `seed`). */
  seed?: number;
  /** System message put before every item (chat models; not with `promptArray`). */
  system?: string;
  /** Extra HTTP headers for every request. */
  headers?: Record<string, string | undefined>;
  /** Provider options for every item, e.g. `{ vllm: { … } }`, as in `generateText`. */
  providerOptions?: SharedV4ProviderOptions;
}

/** Options of {@link generateBatch}. Pass exactly one of `prompts` and `messagesList`. */
export interface VllmGenerateBatchOptions extends VllmBatchCallSettings {
  /** The model: `vllm(id)` (chat) or `vllm.completionModel(id)`; any `LanguageModelV4` works. */
  model: LanguageModelV4;
  /** One prompt per item. */
  prompts?: readonly string[];
  /** One message list per item (AI SDK `ModelMessage`s, as `generateText({ messages })` takes). */
  messagesList?: readonly (readonly ModelMessage[])[];
  /**
   * Requests in flight at once. vLLM batches concurrent requests itself (continuous batching), so
   * more concurrency raises throughput until the KV cache is full.
   * @default 8
   */
  concurrency?: number;
  /**
   * Retries per item for retryable failures (connection errors, 408/409/429/5xx), with exponential
   * backoff from 2 s. A 4xx such as a too-long prompt fails its item at once.
   * @default 2
   */
  maxRetries?: number;
  /** Called after each item (or prompt-array chunk) finishes: done/total, tokens/s, ETA. */
  onProgress?: (progress: VllmBatchProgress) => void;
  /** Stops the batch: in-flight requests are aborted, queued items are not sent. Results so far are kept. */
  abortSignal?: AbortSignal;
  /** Alias of `abortSignal`. */
  signal?: AbortSignal;
  /**
   * Completion models only (`vllm.completionModel(id)` with `prompts`): send the prompts as one
   * `prompt: [...]` array per `/v1/completions` request instead of one request each, in chunks of
   * `promptArrayChunkSize`. Fewer HTTP round trips; per-item usage is then unknown (the batch total
   * is exact). If a chunk fails with a 4xx, its prompts are retried one by one so only the bad
   * prompt fails.
   * @default false
   */
  promptArray?: boolean;
  /**
   * Prompts per request with `promptArray`, at most vLLM's limit of 1024 (`VLLM_MAX_COMPLETION_PROMPTS`).
   * @default 1024
   */
  promptArrayChunkSize?: number;
}

/** Token usage of an item or a whole batch. `undefined` when the server did not report it. */
export interface VllmBatchUsage {
  inputTokens: number | undefined;
  /**
   * Prompt tokens vLLM found in its prefix cache (`usage.prompt_tokens_details.cached_tokens`,
   * reported when the server runs with `--enable-prompt-tokens-details`; the AI SDK's
   * `inputTokens.cacheRead`). Unknown per item with `promptArray` (vLLM reports one prompt's).
   */
  cachedInputTokens: number | undefined;
  outputTokens: number | undefined;
  totalTokens: number | undefined;
}

/** One item's outcome, at the item's input index. */
export type VllmBatchItemResult =
  | {
      ok: true;
      /** Position in `prompts` / `messagesList`. */
      index: number;
      /** The generated text. */
      text: string;
      /** Reasoning text, when the server runs a reasoning parser. */
      reasoningText: string | undefined;
      finishReason: LanguageModelV4FinishReason['unified'];
      usage: VllmBatchUsage;
      /** Response id and model as vLLM reported them. */
      response: { id: string | undefined; modelId: string | undefined };
      warnings: SharedV4Warning[];
    }
  | {
      ok: false;
      index: number;
      /** Why it failed: usually an `APICallError` with vLLM's message. */
      error: unknown;
      /** Whether it failed because the batch was aborted (in flight, or never sent). */
      aborted: boolean;
    };

/** Result of {@link generateBatch}. */
export interface VllmBatchResult {
  /** One entry per input, in input order. */
  results: VllmBatchItemResult[];
  succeeded: number;
  failed: number;
  /** Whether the batch was aborted before every item finished. */
  aborted: boolean;
  /** Summed usage of all requests (exact also with `promptArray`). */
  usage: VllmBatchUsage;
  durationMs: number;
}

/** Progress report passed to `onProgress`. */
export interface VllmBatchProgress {
  /** Items finished (either way). */
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  elapsedMs: number;
  /** Output tokens generated so far (as reported by the server). */
  outputTokens: number;
  /** `outputTokens` per second of elapsed time. */
  outputTokensPerSecond: number;
  /** Estimated time to finish, from the pace so far; `undefined` before the first item. */
  etaMs: number | undefined;
}

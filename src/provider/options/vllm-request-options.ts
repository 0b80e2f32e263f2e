import { z } from 'zod/v4';

// Options shared by the chat and completion models that are not sampling knobs: LoRA, token ids
// and prompt logprobs, scheduling and disaggregated serving, and the escape hatch.

/** vLLM's `vllm_xargs` (`SamplingParams.extra_args`): string keys, string / number / list values. */
export const vllmXargsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]),
);

/** Body keys `extraBody` and raw keys may never set: the provider owns them. */
export const PROTECTED_BODY_KEYS: ReadonlySet<string> = new Set([
  'messages',
  'prompt',
  'model',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
]);

const jsonRecord = () => z.record(z.string(), z.unknown());

export const requestOptionFields = {
  /**
   * Run this call on a LoRA adapter the server has loaded (`--lora-modules name=path`, or loaded at
   * runtime): vLLM selects adapters by the request `model`, so one model object can serve many
   * adapters. Body field `model` (replaces the model id for this call). vLLM ≥ 0.10.
   */
  loraAdapter: z.string().min(1, 'expected the adapter name as listed by GET /v1/models'),

  /**
   * Number of log probabilities to return per prompt token (`-1`: whole vocabulary), in
   * `providerMetadata.vllm.promptLogprobs`. Not available when streaming. Body field
   * `prompt_logprobs`. Default none. vLLM ≥ 0.10.
   */
  promptLogprobs: z.number().int().min(-1),

  /**
   * Return the generated and prompt token ids (`providerMetadata.vllm.tokenIds` /
   * `promptTokenIds`). Body field `return_token_ids`. Default `false`. vLLM ≥ 0.10.2.
   */
  returnTokenIds: z.boolean(),

  /**
   * Report logprob tokens as `token_id:<id>` strings (no detokenization ambiguity). Body field
   * `return_tokens_as_token_ids`. Default `false`. vLLM ≥ 0.10.
   */
  returnTokensAsTokenIds: z.boolean(),

  /**
   * Tokenizer special tokens (BOS …) added to the prompt. Body field `add_special_tokens`.
   * Default `false` for chat (the template adds them), `true` for completions. vLLM ≥ 0.10.
   */
  addSpecialTokens: z.boolean(),

  /**
   * Maximum tokens the model may spend on reasoning before it must answer (`-1`: no limit); needs
   * a server with `--reasoning-parser`. Body field `thinking_token_budget`. Default none.
   * vLLM ≥ 0.19 (chat), ≥ 0.23 (completion).
   */
  thinkingTokenBudget: z.number().int().min(-1),

  /**
   * Scheduling priority: lower values run earlier. Needs a server with
   * `--scheduling-policy priority` (others answer 400 for non-zero values). Body field `priority`.
   * Default `0`. vLLM ≥ 0.10.
   */
  priority: z.number().int(),

  /**
   * Your id for this request: vLLM's response id becomes `chatcmpl-<id>` / `cmpl-<id>` and its logs
   * and metrics carry it. Sent as the `X-Request-Id` header (which vLLM prefers) and as body field
   * `request_id` where the server knows it (chat ≥ 0.10, completion ≥ 0.10.1). Default: a random id.
   */
  requestId: z.string().min(1),

  /**
   * Routes a conversation to one replica when several endpoints are configured (so its prefix
   * cache stays warm); sent as the `X-Session-ID` header, which vLLM also reads. Default none.
   */
  sessionKey: z.string().min(1),

  /**
   * Salt for the prefix-cache hashes: requests with different salts never share cached prefixes
   * (multi-tenant isolation). Body field `cache_salt`. Default none. vLLM ≥ 0.10.
   */
  cacheSalt: z.string().min(1, 'vLLM requires a non-empty cache salt'),

  /**
   * Extra arguments for custom logits processors and plugins (`SamplingParams.extra_args`).
   * Body field `vllm_xargs`. Default none. vLLM ≥ 0.10 (list values need a release after 0.10).
   */
  vllmXargs: vllmXargsSchema,

  /**
   * KV-cache transfer parameters for disaggregated prefill/decode (NIXL, LMCache, Mooncake
   * connectors). Body field `kv_transfer_params`; the response's value is returned in
   * `providerMetadata.vllm.kvTransferParams`. Default none. vLLM ≥ 0.10.
   */
  kvTransferParams: jsonRecord(),

  /**
   * End-user id (accepted and ignored by vLLM; kept for OpenAI compatibility). Body field `user`.
   */
  user: z.string(),

  /**
   * Escape hatch for fields this package does not model yet: merged into the body last, as is
   * (no renaming, no version check). It cannot set `messages`, `prompt`, `model`, `stream`,
   * `stream_options`, `tools` or `tool_choice` (use `loraAdapter` for the model).
   */
  extraBody: jsonRecord().refine(
    (body) => !Object.keys(body).some((field) => PROTECTED_BODY_KEYS.has(field)),
    {
      message: `cannot set ${[...PROTECTED_BODY_KEYS].join(', ')} (the provider builds them; use loraAdapter to pick a LoRA adapter)`,
    },
  ),
};

/** Option → body field for the request options that map 1:1. */
export const REQUEST_FIELD_NAMES = {
  promptLogprobs: 'prompt_logprobs',
  returnTokenIds: 'return_token_ids',
  returnTokensAsTokenIds: 'return_tokens_as_token_ids',
  addSpecialTokens: 'add_special_tokens',
  thinkingTokenBudget: 'thinking_token_budget',
  priority: 'priority',
  cacheSalt: 'cache_salt',
  vllmXargs: 'vllm_xargs',
  kvTransferParams: 'kv_transfer_params',
} as const;

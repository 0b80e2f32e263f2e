import { z } from 'zod/v4';

/** `providerOptions.vllm` for reranking models (`POST /rerank`, server started with `--runner pooling`). */
export const vllmRerankingModelOptionsSchema = z.object({
  /**
   * Truncate each query–document pair to its last N tokens (body `truncate_prompt_tokens`; `-1` =
   * the model's maximum length). Without it, a pair longer than the model's context is a 400 error.
   */
  truncatePromptTokens: z.number().int().min(-1).optional(),

  /** Scheduling priority; lower runs earlier when the server uses `--scheduling-policy priority` (body `priority`). */
  priority: z.number().int().optional(),

  /**
   * Object documents: the fields to rank on, joined as `field: value` lines. Default: the whole
   * object as JSON. vLLM ranks text, so objects are always turned into text first.
   */
  rankFields: z.array(z.string()).min(1).optional(),

  /** Extra body fields merged last, for vLLM fields this package does not model yet (e.g. `use_activation`). */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

/** Typed `providerOptions.vllm` for vLLM reranking models. */
export type VllmRerankingModelOptions = z.infer<typeof vllmRerankingModelOptionsSchema>;

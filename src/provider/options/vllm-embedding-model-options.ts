import { z } from 'zod/v4';

/** `providerOptions.vllm` for embedding models (`/v1/embeddings`, server started with `--runner pooling`). */
export const vllmEmbeddingModelOptionsSchema = z.object({
  /**
   * Output dimensions for Matryoshka models (body `dimensions`). vLLM answers 400 for other models.
   * The SDK's own `dimensions` call setting takes precedence.
   */
  dimensions: z.number().int().positive().optional(),

  /**
   * Truncate each input to its last N tokens (body `truncate_prompt_tokens`; `-1` = the model's
   * maximum length). Without it, an input longer than the model's context is a 400 error.
   */
  truncatePromptTokens: z.number().int().min(-1).optional(),

  /**
   * Which side `truncatePromptTokens` cuts (body `truncation_side`; `left` keeps the end). vLLM ≥ 0.19
   * (#37074, merged during the 0.18 cut): left out with a warning for older servers, which ignore it.
   */
  truncationSide: z.enum(['left', 'right']).optional(),

  /**
   * Wire encoding of the vectors (body `encoding_format`). `base64` sends float32 bytes, about 4×
   * smaller than JSON numbers; the result is decoded to numbers either way.
   * @default 'float'
   */
  encodingFormat: z.enum(['float', 'base64']).optional(),

  /** Add the tokenizer's special tokens, e.g. BOS (body `add_special_tokens`). vLLM's default: true. */
  addSpecialTokens: z.boolean().optional(),

  /** Scheduling priority; lower runs earlier when the server uses `--scheduling-policy priority` (body `priority`). */
  priority: z.number().int().optional(),

  /** End-user id (body `user`; vLLM accepts and ignores it). */
  user: z.string().optional(),

  /** Extra body fields merged last, for vLLM fields this package does not model yet. */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

/** Typed `providerOptions.vllm` for vLLM embedding models. */
export type VllmEmbeddingModelOptions = z.infer<typeof vllmEmbeddingModelOptionsSchema>;

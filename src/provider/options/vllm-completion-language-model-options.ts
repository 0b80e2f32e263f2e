import { z } from 'zod/v4';
import { REQUEST_FIELD_NAMES, requestOptionFields } from './vllm-request-options';
import { SAMPLING_FIELD_NAMES, samplingOptionFields } from './vllm-sampling-options';
import { guidedAliasFields, structuredOutputsSchema } from './vllm-structured-outputs';

const completionOnlyFields = {
  /**
   * Return log probabilities of the generated tokens plus the `logprobs` most likely alternatives
   * per token, in `providerMetadata.vllm.logprobs` (legacy completions shape: `tokens`,
   * `token_logprobs`, `top_logprobs`, `text_offset`). `0` = only the chosen tokens. Body field
   * `logprobs`. Default none. vLLM ≥ 0.10; at most the server's `--max-logprobs` (20).
   */
  logprobs: z.number().int().min(-1),

  /**
   * Prepend the prompt to the output text. Body field `echo`. Default `false`. vLLM ≥ 0.10.
   */
  echo: z.boolean(),
};

/** zod schema of `providerOptions.vllm` for completion models (internal; the type is exported). */
export const vllmCompletionOptionsSchema = z
  .object({
    ...samplingOptionFields,
    structuredOutputs: structuredOutputsSchema,
    ...guidedAliasFields,
    ...requestOptionFields,
    ...completionOnlyFields,
  })
  .partial();

/** `providerOptions.vllm` for vLLM completion models (`vllm.completionModel(id)`). */
export type VllmLanguageModelCompletionOptions = z.input<typeof vllmCompletionOptionsSchema>;

/** Parsed completion options. */
export type ParsedVllmCompletionOptions = z.output<typeof vllmCompletionOptionsSchema>;

/** Option → body field for completion options that map 1:1 (checked against the server's version). */
export const COMPLETION_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...SAMPLING_FIELD_NAMES,
  ...REQUEST_FIELD_NAMES,
  logprobs: 'logprobs',
  echo: 'echo',
};

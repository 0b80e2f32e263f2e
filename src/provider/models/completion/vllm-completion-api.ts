import { zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { vllmErrorDataSchema } from '../../connection/vllm-error';

// What the completion model reads of vLLM's /v1/completions responses and stream chunks (loose
// schemas: only the fields the model reads; vLLM's extras are read from the raw value).

const usageSchema = z
  .looseObject({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
    prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  })
  .nullish();

const header = {
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
};

const responseSchema = z.looseObject({
  ...header,
  choices: z.array(
    z.looseObject({ index: z.number().nullish(), text: z.string(), finish_reason: z.string().nullish() }),
  ),
  usage: usageSchema,
});

const chunkSchema = z.looseObject({
  ...header,
  choices: z.array(
    z.looseObject({ index: z.number().nullish(), text: z.string(), finish_reason: z.string().nullish() }),
  ),
  usage: usageSchema,
});

export type VllmCompletionResponse = z.output<typeof responseSchema>;
export type VllmCompletionChunkOrError = z.output<typeof chunkOrErrorSchema>;

const chunkOrErrorSchema = z.union([chunkSchema, vllmErrorDataSchema]);

/** The `/v1/completions` response schema. */
export const vllmCompletionResponseSchema = zodSchema(responseSchema);

/** A streamed completion chunk, or vLLM's error event. */
export const vllmCompletionChunkSchema = zodSchema(chunkOrErrorSchema);

import { zodSchema } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { vllmErrorDataSchema } from '../../connection/vllm-error';
import { vllmUsageSchema } from '../vllm-usage';

// What the completion model reads of vLLM's /v1/completions responses and stream chunks (loose
// schemas: only the fields the model reads; vLLM's extras are read from the raw value).

const header = {
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
};

/** A whole response and a streamed chunk read the same fields. */
const responseSchema = z.looseObject({
  ...header,
  choices: z.array(
    z.looseObject({ index: z.number().nullish(), text: z.string(), finish_reason: z.string().nullish() }),
  ),
  usage: vllmUsageSchema,
});

export type VllmCompletionResponse = z.output<typeof responseSchema>;
export type VllmCompletionChunkOrError = z.output<typeof chunkOrErrorSchema>;

const chunkOrErrorSchema = z.union([responseSchema, vllmErrorDataSchema]);

/** The `/v1/completions` response schema. */
export const vllmCompletionResponseSchema = zodSchema(responseSchema);

/** A streamed completion chunk, or vLLM's error event. */
export const vllmCompletionChunkSchema = zodSchema(chunkOrErrorSchema);

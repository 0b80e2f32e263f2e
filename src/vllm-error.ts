import type { ProviderErrorStructure } from '@ai-sdk/openai-compatible';
import { z } from 'zod/v4';

const errorFields = {
  message: z.string(),
  type: z.string().nullish(),
  param: z.unknown().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
};

/** vLLM ≥ 0.10.1: `{"error": {"message", "type", "param", "code"}}`. */
const nestedErrorSchema = z.object({ error: z.object(errorFields) });

/** vLLM ≤ 0.10.0: `{"object": "error", "message", "type", "param", "code"}`. */
const flatErrorSchema = z
  .object({ object: z.literal('error'), ...errorFields })
  .transform(({ message, type, param, code }) => ({ error: { message, type, param, code } }));

/** `--api-key` middleware: `401 {"error": "Unauthorized"}`. */
const unauthorizedErrorSchema = z.object({ error: z.string() }).transform(({ error }) => ({
  error: {
    message:
      error === 'Unauthorized'
        ? 'Unauthorized: the vLLM server requires an API key (it was started with --api-key). ' +
          'Pass apiKey to createVllm() or set the VLLM_API_KEY environment variable.'
        : error,
    type: 'Unauthorized',
    param: undefined,
    code: undefined,
  },
}));

/** FastAPI's default body for routes the server does not have: `{"detail": "Not Found"}`. */
const detailErrorSchema = z.object({ detail: z.unknown() }).transform(({ detail }) => ({
  error: {
    message: typeof detail === 'string' ? detail : JSON.stringify(detail),
    type: undefined,
    param: undefined,
    code: undefined,
  },
}));

/** Every error body vLLM sends, normalized to the nested `{ error: { … } }` form. */
export const vllmErrorDataSchema = z.union([
  nestedErrorSchema,
  flatErrorSchema,
  unauthorizedErrorSchema,
  detailErrorSchema,
]);

/** A vLLM error body, normalized to `{ error: { message, type, param, code } }`. */
export type VllmErrorData = z.output<typeof vllmErrorDataSchema>;

/** Parses both vLLM error envelopes (and the 401 / FastAPI bodies) so the message users see is vLLM's. */
export const vllmErrorStructure: ProviderErrorStructure<VllmErrorData> = {
  errorSchema: vllmErrorDataSchema,
  errorToMessage: (data) => data.error.message,
};

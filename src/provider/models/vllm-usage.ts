import type { JSONObject, LanguageModelV4FinishReason, LanguageModelV4Usage } from '@ai-sdk/provider';
import { z } from 'zod/v4';

// Usage and finish reasons as vLLM reports them, in the SDK's terms.

/** vLLM's `usage` (chat and completions), loose: the whole object is returned as `usage.raw`. */
export const vllmUsageSchema = z
  .looseObject({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
    prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
    completion_tokens_details: z
      .looseObject({
        reasoning_tokens: z.number().nullish(),
        accepted_prediction_tokens: z.number().nullish(),
        rejected_prediction_tokens: z.number().nullish(),
      })
      .nullish(),
  })
  .nullish();

/** vLLM's `usage` object (chat and completions). */
export interface VllmUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  /** Only with `--enable-prompt-tokens-details`. */
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  /** Only when the server runs a reasoning parser (recent vLLM). */
  completion_tokens_details?: {
    reasoning_tokens?: number | null;
    accepted_prediction_tokens?: number | null;
    rejected_prediction_tokens?: number | null;
  } | null;
}

const orUndefined = (value: number | null | undefined) => value ?? undefined;

/**
 * The SDK usage. What vLLM does not report stays `undefined` instead of reading 0: cached prompt
 * tokens (`cacheRead`, and so `noCache`) without `--enable-prompt-tokens-details`, reasoning tokens
 * (and so text tokens) without a reasoning parser. `/v1/completions` never reasons: all output is text.
 */
export function convertVllmUsage(
  usage: VllmUsage | null | undefined,
  endpoint: 'chat' | 'completion',
): LanguageModelV4Usage {
  const input = orUndefined(usage?.prompt_tokens);
  const output = orUndefined(usage?.completion_tokens);
  const cacheRead = orUndefined(usage?.prompt_tokens_details?.cached_tokens);
  const reasoning =
    endpoint === 'chat' ? orUndefined(usage?.completion_tokens_details?.reasoning_tokens) : undefined;
  return {
    inputTokens: {
      total: input,
      noCache: input !== undefined && cacheRead !== undefined ? input - cacheRead : undefined,
      cacheRead,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: output,
      text:
        endpoint === 'completion'
          ? output
          : output !== undefined && reasoning !== undefined
            ? Math.max(0, output - reasoning)
            : undefined,
      reasoning,
    },
    ...(usage != null ? { raw: usage as JSONObject } : {}),
  };
}

/** vLLM's finish reason in the SDK's terms (`abort`, `repetition`, … are `other`; `raw` keeps them). */
export function mapVllmFinishReason(
  raw: string | null | undefined,
  { refused = false }: { refused?: boolean } = {},
): LanguageModelV4FinishReason {
  return { unified: unifiedFinishReason(raw, refused), raw: raw ?? undefined };
}

function unifiedFinishReason(raw: string | null | undefined, refused: boolean) {
  switch (raw) {
    case 'stop':
      return refused ? 'content-filter' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

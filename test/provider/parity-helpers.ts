import { OpenAICompatibleChatLanguageModel } from '@ai-sdk/openai-compatible';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { createVllm } from '../../src';
import { vllmErrorStructure } from '../../src/provider/connection/vllm-error';

// Our chat model next to @ai-sdk/openai-compatible's, configured as vLLM needs it (usage on
// streams, JSON schemas, vLLM's error envelopes): for responses where both should read the same,
// the parts and results must be identical, apart from the documented differences below.

export const CALL: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
};

export function ourModel(fetch: FetchFunction): LanguageModelV4 {
  return createVllm({ baseURL: 'http://vllm.test/v1', fetch, vllmVersion: 'latest' })('Qwen/Qwen3-8B');
}

export function openaiCompatibleModel(fetch: FetchFunction): LanguageModelV4 {
  return new OpenAICompatibleChatLanguageModel('Qwen/Qwen3-8B', {
    provider: 'vllm.chat',
    url: ({ path }) => `http://vllm.test/v1${path}`,
    headers: () => ({}),
    fetch,
    includeUsage: true,
    supportsStructuredOutputs: true,
    errorStructure: vllmErrorStructure,
  });
}

/** Plain data: errors become their class name, message and cause message; undefined keys are dropped. */
export function normalize(value: unknown): unknown {
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      error: value.name,
      message: value.message,
      cause: cause instanceof Error ? cause.message : cause,
    };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined)
        .map(([key, entry]) => [key, normalize(entry)]),
    );
  }
  return value;
}

type Usage = {
  inputTokens: { noCache?: number; cacheRead?: number };
  outputTokens: { text?: number; reasoning?: number };
  raw?: {
    prompt_tokens_details?: { cached_tokens?: number | null } | null;
    completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  };
};

/**
 * The documented difference: what vLLM does not report stays undefined in our usage, where
 * openai-compatible reads 0 — cached tokens (and so noCache) without `--enable-prompt-tokens-details`,
 * reasoning tokens (and so text tokens) without a reasoning parser.
 */
export function withOurUsageSemantics(usage: Usage): Usage {
  const cached = usage.raw?.prompt_tokens_details?.cached_tokens;
  const reasoning = usage.raw?.completion_tokens_details?.reasoning_tokens;
  return {
    ...usage,
    inputTokens: {
      ...usage.inputTokens,
      ...(cached == null ? { noCache: undefined, cacheRead: undefined } : {}),
    },
    outputTokens: {
      ...usage.outputTokens,
      ...(reasoning == null ? { text: undefined, reasoning: undefined } : {}),
    },
  };
}

/** Every part of a `doStream` call (openai-compatible's usage read with our semantics). */
export async function streamParts(
  model: LanguageModelV4,
  options: Partial<LanguageModelV4CallOptions> = {},
): Promise<unknown> {
  const adjust = model instanceof OpenAICompatibleChatLanguageModel;
  const result = await model.doStream({ ...CALL, ...options });
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of result.stream as unknown as AsyncIterable<LanguageModelV4StreamPart>) {
    parts.push(
      adjust && part.type === 'finish'
        ? { ...part, usage: withOurUsageSemantics(part.usage) as never }
        : part,
    );
  }
  return normalize(parts);
}

/** A `doGenerate` result without what differs by construction (request body spelling, headers). */
export async function generateResult(
  model: LanguageModelV4,
  options: Partial<LanguageModelV4CallOptions> = {},
): Promise<unknown> {
  const adjust = model instanceof OpenAICompatibleChatLanguageModel;
  const { request: _request, response, ...result } = await model.doGenerate({ ...CALL, ...options });
  const { headers: _headers, ...responseWithoutHeaders } = response ?? {};
  return normalize({
    ...result,
    usage: adjust ? withOurUsageSemantics(result.usage) : result.usage,
    response: responseWithoutHeaders,
  });
}

import type { LanguageModelV4Usage } from '@ai-sdk/provider';

/**
 * Adds vLLM's prefix-cache hits to a usage object: `usage.prompt_tokens_details.cached_tokens`
 * (sent with `--enable-prompt-tokens-details`) becomes `inputTokens.cacheRead`, and `noCache` the
 * rest of the prompt, as openai-compatible's chat model already does; its completion model drops
 * them. Without the details (flag off, or a server before vLLM 0.24 that omits them when nothing
 * was cached) `cacheRead` is 0, like the chat model.
 */
export function withCachedInputTokens(usage: LanguageModelV4Usage): LanguageModelV4Usage {
  const raw = usage.raw as { prompt_tokens_details?: { cached_tokens?: unknown } | null } | undefined;
  const total = usage.inputTokens.total;
  if (raw === undefined || total === undefined) return usage;
  const cached = raw.prompt_tokens_details?.cached_tokens;
  const cacheRead = typeof cached === 'number' ? cached : 0;
  return { ...usage, inputTokens: { ...usage.inputTokens, cacheRead, noCache: total - cacheRead } };
}

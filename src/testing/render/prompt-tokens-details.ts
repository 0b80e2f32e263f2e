import type { EmulatorContext } from '../emulator-context';

/** What the prefix cache found for a request's prompt (vLLM `num_cached_tokens`, `num_cache_creation_tokens`). */
export interface PromptCacheCounts {
  cachedTokens: number;
  createdTokens: number;
}

/**
 * `usage.prompt_tokens_details` as vLLM renders it with `--enable-prompt-tokens-details`, or
 * `undefined` when it is absent (`null` in a non-streamed body): off, or (before #44383) nothing
 * cached. `latest` adds `created_cache_tokens` (chat, #48535) and `multimodal_tokens` (#45458),
 * which non-streamed bodies show as null when unset; streams drop nulls (`exclude_none`).
 */
export function promptTokensDetails(
  ctx: EmulatorContext,
  endpoint: 'chat' | 'completion',
  counts: PromptCacheCounts | undefined,
  full: boolean,
): Record<string, unknown> | undefined {
  const { prefixCache } = ctx.profile;
  if (!ctx.options.prefixCache.promptTokensDetails) return undefined;
  const cached = counts?.cachedTokens ?? 0;
  if (cached === 0 && !prefixCache.zeroCachedTokensDetails) return undefined;
  const details: Record<string, unknown> = { cached_tokens: cached };
  if (prefixCache.createdCacheTokens) {
    const created = endpoint === 'chat' ? (counts?.createdTokens ?? 0) : null;
    if (full || created !== null) details.created_cache_tokens = created;
    if (full) details.multimodal_tokens = null;
  }
  return details;
}

import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context';
import { hashString } from '../generation/random';
import { type PromptCacheCounts, promptTokensDetails } from './prompt-tokens-details';

/** `system_fingerprint`: `vllm-<version>-<hash8>` at HEAD (`--fingerprint-mode full`), null before. */
export function systemFingerprint(ctx: EmulatorContext): string | null {
  if (!ctx.profile.headResponseFields) return null;
  const hash = hashString(`${ctx.options.model}|${ctx.options.maxModelLen}`).toString(16).padStart(8, '0');
  return `vllm-${ctx.profile.version}-${hash}`;
}

/** The request id: `X-Request-Id` header, else body `request_id`, else a random uuid hex. */
export function requestId(headers: Record<string, string>, body: Record<string, unknown>): string {
  const fromHeader = headers['x-request-id'];
  if (fromHeader) return fromHeader;
  if (typeof body.request_id === 'string' && body.request_id !== '') return body.request_id;
  return randomUUID().replaceAll('-', '');
}

/**
 * A `usage` object. `full` = non-streaming model_dump (all keys, nulls included); otherwise the
 * exclude_unset shape of streaming chunks. `cache`: what the prefix cache found, for
 * `prompt_tokens_details` (`--enable-prompt-tokens-details`) of chat or completion responses.
 */
export function usageObject(
  ctx: EmulatorContext,
  promptTokens: number,
  completionTokens: number,
  reasoningTokens: number,
  full: boolean,
  cache?: { endpoint: 'chat' | 'completion'; counts: PromptCacheCounts | undefined },
): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: promptTokens,
    total_tokens: promptTokens + completionTokens,
    completion_tokens: completionTokens,
  };
  const details =
    ctx.profile.reasoningTokensDetails && ctx.options.reasoningParser !== undefined
      ? { reasoning_tokens: reasoningTokens }
      : null;
  const promptDetails = cache && promptTokensDetails(ctx, cache.endpoint, cache.counts, full);
  if (promptDetails !== undefined) usage.prompt_tokens_details = promptDetails;
  else if (full) usage.prompt_tokens_details = null;
  if (ctx.profile.headResponseFields && (full || details !== null)) usage.completion_tokens_details = details;
  return usage;
}

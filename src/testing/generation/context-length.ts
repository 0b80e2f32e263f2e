import { badRequest, vllmValidationError } from '../http/vllm-error';
import type { VersionProfile } from '../version-profiles';

/**
 * Resolves the output budget and rejects prompts that do not fit, with each release's wording.
 * Returns the effective `max_tokens` (requested, else `max_model_len - prompt_len`).
 */
export function resolveMaxTokens(
  profile: VersionProfile,
  maxModelLen: number,
  promptTokens: number,
  requested: number | undefined,
): number {
  const n = maxModelLen;
  const k = promptTokens;
  if (profile.promptTooLongStyle === '0.10') {
    if (requested === undefined && k >= n) {
      throw badRequest(
        `This model's maximum context length is ${n} tokens. However, you requested ${k} tokens in the messages, Please reduce the length of the messages.`,
      );
    }
    if (requested !== undefined && k + requested > n) {
      throw badRequest(
        `This model's maximum context length is ${n} tokens. However, you requested ${k + requested} tokens (${k} in the messages, ${requested} in the completion). Please reduce the length of the messages or completion.`,
      );
    }
  } else if (profile.promptTooLongStyle === '0.13' || requested === undefined) {
    if (k >= n) {
      throw badRequest(
        `This model's maximum context length is ${n} tokens. However, your request has ${k} input tokens. Please reduce the length of the input messages.`,
      );
    }
    if (requested !== undefined && k + requested > n) {
      throw badRequest(
        `'max_tokens' or 'max_completion_tokens' is too large: ${requested}. This model's maximum context length is ${n} tokens and your request has ${k} input tokens (${requested} > ${n} - ${k}).`,
      );
    }
  } else if (k + requested > n) {
    throw vllmValidationError(
      profile,
      `This model's maximum context length is ${n} tokens. However, you requested ${requested} output tokens and your prompt contains ${k} input tokens, for a total of ${k + requested} tokens. Please reduce the length of the input prompt or the number of requested output tokens.`,
      'input_tokens',
      k,
    );
  }
  return requested ?? n - k;
}

import { badRequest, modelValidatorError, vllmValidationError } from '../http/vllm-error';
import type { VersionProfile } from '../version-profiles';
import { type Body, checkFieldTypes, pyFloat } from './field-types';
import type { SequenceLimits } from './sequence';

/** The sampling fields shared by chat and completions, normalised. */
export interface SamplingFields {
  n: number;
  /** Requested output length, `undefined` when not given (chat) — resolved against the context. */
  maxTokens: number | undefined;
  minTokens: number;
  stop: string[];
  stopTokenIds: number[];
  includeStopStrInOutput: boolean;
  ignoreEos: boolean;
  seed: number | undefined;
  temperature: number | undefined;
  stream: boolean;
  includeUsage: boolean;
  continuousUsage: boolean;
  returnTokenIds: boolean;
  useBeamSearch: boolean;
  promptLogprobs: number | undefined;
}

/** Types of the sampling fields (pydantic-level checks). */
export const SAMPLING_FIELD_TYPES = {
  n: 'int',
  max_tokens: 'int',
  min_tokens: 'int',
  seed: 'int',
  temperature: 'number',
  top_p: 'number',
  top_k: 'int',
  min_p: 'number',
  presence_penalty: 'number',
  frequency_penalty: 'number',
  repetition_penalty: 'number',
  stream: 'bool',
  stop: 'string-or-list',
  stop_token_ids: 'int-list',
  ignore_eos: 'bool',
  include_stop_str_in_output: 'bool',
  use_beam_search: 'bool',
  stream_options: 'object',
  prompt_logprobs: 'int',
  return_token_ids: 'bool',
} as const;

/** Parses and validates the shared sampling fields like vLLM's protocol models and `SamplingParams`. */
export function parseSamplingFields(
  profile: VersionProfile,
  body: Body,
  options: { maxTokensField?: number; forceIncludeUsage: boolean },
): SamplingFields {
  checkFieldTypes(profile, body, SAMPLING_FIELD_TYPES);
  const stream = body.stream === true;
  const streamOptions = body.stream_options as {
    include_usage?: unknown;
    continuous_usage_stats?: unknown;
  } | null;
  if (streamOptions != null && !stream) {
    throw modelValidatorError(
      profile,
      body,
      'Stream options can only be defined when `stream=True`.',
      'stream_options',
    );
  }
  if (body.prompt_logprobs != null && stream) {
    throw modelValidatorError(
      profile,
      body,
      '`prompt_logprobs` are not available when `stream=True`.',
      'prompt_logprobs',
    );
  }
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : (body.stop as string[]);
  const n = (body.n as number | null | undefined) ?? 1;
  const maxTokens = options.maxTokensField;
  const minTokens = (body.min_tokens as number | null | undefined) ?? 0;
  const temperature = body.temperature as number | undefined | null;
  const topP = body.top_p as number | undefined | null;
  if (n < 1) throw vllmValidationError(profile, `n must be at least 1, got ${n}.`, 'n');
  const presence = body.presence_penalty as number | undefined | null;
  if (presence != null && (presence < -2 || presence > 2)) {
    throw badRequest(`presence_penalty must be in [-2, 2], got ${pyFloat(presence)}.`);
  }
  const frequency = body.frequency_penalty as number | undefined | null;
  if (frequency != null && (frequency < -2 || frequency > 2)) {
    throw badRequest(`frequency_penalty must be in [-2, 2], got ${pyFloat(frequency)}.`);
  }
  if (temperature != null && temperature < 0) {
    throw vllmValidationError(
      profile,
      `temperature must be non-negative, got ${pyFloat(temperature)}.`,
      'temperature',
    );
  }
  if (temperature != null && temperature > 2 && profile.name === 'latest') {
    throw vllmValidationError(
      profile,
      `temperature must be in [0, 2], got ${pyFloat(temperature)}.`,
      'temperature',
    );
  }
  if (topP != null && (topP <= 0 || topP > 1)) {
    throw vllmValidationError(profile, `top_p must be in (0, 1], got ${pyFloat(topP)}.`, 'top_p');
  }
  const topK = body.top_k as number | undefined | null;
  if (topK != null && topK < 0 && topK !== -1) {
    throw badRequest(`top_k must be 0 (disable), or at least 1, got ${topK}.`);
  }
  const minP = body.min_p as number | undefined | null;
  if (minP != null && (minP < 0 || minP > 1))
    throw badRequest(`min_p must be in [0, 1], got ${pyFloat(minP)}.`);
  if (maxTokens !== undefined && maxTokens < 1) {
    throw vllmValidationError(profile, `max_tokens must be at least 1, got ${maxTokens}.`, 'max_tokens');
  }
  if (minTokens < 0) throw badRequest(`min_tokens must be greater than or equal to 0, got ${minTokens}.`);
  if (maxTokens !== undefined && minTokens > maxTokens) {
    throw badRequest(`min_tokens must be less than or equal to max_tokens=${maxTokens}, got ${minTokens}.`);
  }
  if (stop.includes('')) throw badRequest('stop cannot contain an empty string.');
  if (profile.maxStopStrings !== undefined && stop.length > profile.maxStopStrings) {
    throw vllmValidationError(
      profile,
      `stop may contain at most ${profile.maxStopStrings} entries, got ${stop.length}.`,
      'stop',
    );
  }
  const greedy = temperature != null && temperature < 1e-5;
  if (greedy && n > 1 && body.use_beam_search !== true) {
    throw badRequest(`n must be 1 when using greedy sampling, got ${n}.`);
  }
  const forced = options.forceIncludeUsage;
  const includeUsage = stream && (forced || streamOptions?.include_usage === true);
  return {
    n,
    maxTokens,
    minTokens,
    stop,
    stopTokenIds: (body.stop_token_ids as number[] | null | undefined) ?? [],
    includeStopStrInOutput: body.include_stop_str_in_output === true,
    ignoreEos: body.ignore_eos === true,
    seed: (body.seed as number | null | undefined) ?? undefined,
    temperature: temperature ?? undefined,
    stream,
    includeUsage,
    continuousUsage: includeUsage && (forced || streamOptions?.continuous_usage_stats === true),
    returnTokenIds: profile.tokenIdsFields && body.return_token_ids === true,
    useBeamSearch: body.use_beam_search === true,
    promptLogprobs: (body.prompt_logprobs as number | null | undefined) ?? undefined,
  };
}

/** The engine limits of one sequence (beam search ignores stop strings and reports EOS as stop_reason). */
export function sequenceLimits(sampling: SamplingFields, maxTokens: number): SequenceLimits {
  return {
    maxTokens,
    minTokens: sampling.minTokens,
    stop: sampling.useBeamSearch ? [] : sampling.stop,
    stopTokenIds: sampling.stopTokenIds,
    includeStopStrInOutput: sampling.includeStopStrInOutput,
    ignoreEos: sampling.ignoreEos,
    eosAsStopReason: sampling.useBeamSearch,
  };
}

import type { EmulatorContext } from '../emulator-context';
import { badRequest, requestValidationError, vllmValidationError } from '../http/vllm-error';
import type { ResolvedModel } from '../model-registry';
import { checkLogprobCount } from './chat-request';
import type { Constraint } from './constrained-text';
import { resolveMaxTokens } from './context-length';
import type { Body } from './field-types';
import { parseSamplingFields, type SamplingFields } from './sampling-params';
import { resolveConstraint } from './structured-request';
import { decode, encode, isValidTokenId } from './tokenizer';

/** VLLM_MAX_COMPLETION_PROMPTS (#47845; HEAD only). */
const MAX_COMPLETION_PROMPTS = 1024;

/** One prompt of a completions request. */
export interface CompletionPrompt {
  text: string;
  ids: number[];
}

/** A validated `/v1/completions` request. */
export interface CompletionRequest {
  body: Body;
  model: ResolvedModel;
  prompts: CompletionPrompt[];
  sampling: SamplingFields;
  maxTokens: number;
  seed: number;
  /** Legacy top-N logprobs, `undefined` when not requested. */
  logprobs: number | undefined;
  echo: boolean;
  constraint: Constraint | undefined;
  returnTokensAsTokenIds: boolean;
}

function isIntArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isInteger(item));
}

function parsePrompts(ctx: EmulatorContext, body: Body): CompletionPrompt[] {
  const { prompt } = body;
  const fromIds = (ids: number[]): CompletionPrompt => {
    const bad = ids.find((id) => !isValidTokenId(id));
    if (bad !== undefined) throw badRequest(`Token id ${bad} is out of vocabulary`);
    return { text: decode(ids, false), ids };
  };
  if (typeof prompt === 'string') return [{ text: prompt, ids: encode(prompt) }];
  if (isIntArray(prompt) && prompt.length > 0) return [fromIds(prompt)];
  if (Array.isArray(prompt) && prompt.length > 0) {
    if (prompt.every((item) => typeof item === 'string')) {
      return (prompt as string[]).map((text) => ({ text, ids: encode(text) }));
    }
    if (prompt.every(isIntArray)) return (prompt as number[][]).map(fromIds);
  }
  if (prompt == null || (Array.isArray(prompt) && prompt.length === 0) || prompt === '') {
    throw badRequest('Either prompt or prompt_embeds must be provided and non-empty.');
  }
  throw requestValidationError(ctx.profile, [
    { type: 'string_type', loc: ['body', 'prompt'], msg: 'Input should be a valid string', input: prompt },
  ]);
}

/** Parses and validates a completions request (legacy `max_tokens` default 16). */
export function parseCompletionRequest(ctx: EmulatorContext, body: Body): CompletionRequest {
  const { profile, options } = ctx;
  const prompts = parsePrompts(ctx, body);
  if (profile.name === 'latest' && prompts.length > MAX_COMPLETION_PROMPTS) {
    throw vllmValidationError(
      profile,
      `The number of prompts (${prompts.length}) exceeds the maximum allowed (${MAX_COMPLETION_PROMPTS}).`,
      'prompt',
    );
  }
  const requested = (body.max_tokens as number | null | undefined) ?? 16;
  const sampling = parseSamplingFields(profile, body, {
    maxTokensField: requested,
    forceIncludeUsage: options.enableForceIncludeUsage,
  });
  if (sampling.stream && sampling.useBeamSearch) {
    throw badRequest('Streaming is not currently supported with beam search');
  }
  const logprobs = body.logprobs as number | null | undefined;
  if (logprobs != null) {
    if (typeof logprobs !== 'number' || !Number.isInteger(logprobs)) {
      throw requestValidationError(profile, [
        {
          type: 'int_type',
          loc: ['body', 'logprobs'],
          msg: 'Input should be a valid integer',
          input: logprobs,
        },
      ]);
    }
    checkLogprobCount(ctx, logprobs);
  }
  const model = ctx.models.resolve(body.model);
  let maxTokens = requested;
  for (const prompt of prompts) {
    maxTokens = resolveMaxTokens(profile, options.maxModelLen, prompt.ids.length, requested);
  }
  return {
    body,
    model,
    prompts,
    sampling,
    maxTokens,
    seed: sampling.seed ?? options.seed,
    logprobs: logprobs ?? undefined,
    echo: body.echo === true,
    constraint: resolveConstraint(profile, body),
    returnTokensAsTokenIds: body.return_tokens_as_token_ids === true,
  };
}

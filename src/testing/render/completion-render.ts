import type { EmulatorContext } from '../emulator-context';
import type { CompletionRequest } from '../generation/completion-request';
import { logprobToken, promptLogprobs, tokenLogprobs } from '../generation/logprobs';
import type { SequenceResult } from '../generation/sequence';
import { systemFingerprint, usageObject } from './common';
import type { PromptCacheCounts } from './prompt-tokens-details';

/** One completions choice: which prompt it answers and its sequence. */
export interface CompletionChoice {
  promptIndex: number;
  result: SequenceResult;
}

/** Legacy completions logprobs (`text_offset`, `token_logprobs`, `tokens`, `top_logprobs`). */
export function completionLogprobs(
  request: CompletionRequest,
  ids: readonly number[],
  firstPosition: number,
  textOffset: number,
): Record<string, unknown> {
  const out = {
    text_offset: [] as number[],
    token_logprobs: [] as number[],
    tokens: [] as string[],
    top_logprobs: [] as Record<string, number>[],
  };
  let offset = textOffset;
  ids.forEach((id, index) => {
    const list = tokenLogprobs(request.seed, firstPosition + index, id, Math.max(1, request.logprobs ?? 0));
    const token = logprobToken(id, request.returnTokensAsTokenIds);
    out.text_offset.push(offset);
    out.token_logprobs.push(list[0].logprob);
    out.tokens.push(token);
    out.top_logprobs.push(
      Object.fromEntries(
        list.map((item) => [logprobToken(item.id, request.returnTokensAsTokenIds), item.logprob]),
      ),
    );
    offset += token.length;
  });
  return out;
}

/** The non-streaming `text_completion` body. */
export function completionBody(
  ctx: EmulatorContext,
  request: CompletionRequest,
  choices: readonly CompletionChoice[],
  id: string,
  created: number,
  cache?: PromptCacheCounts,
): Record<string, unknown> {
  const { profile } = ctx;
  let completionTokens = 0;
  const rendered = choices.map((choice, index) => {
    const prompt = request.prompts[choice.promptIndex];
    const ids = choice.result.steps.flatMap((step) => step.ids);
    completionTokens += ids.length;
    const generated = choice.result.steps.map((step) => step.text).join('');
    const prefix = request.echo ? prompt.text : '';
    const item: Record<string, unknown> = {
      index,
      text: prefix + generated,
      logprobs: request.logprobs !== undefined ? completionLogprobs(request, ids, 0, prefix.length) : null,
      finish_reason: choice.result.finishReason,
      stop_reason: choice.result.stopReason,
    };
    if (profile.tokenIdsFields) item.token_ids = request.sampling.returnTokenIds ? ids : null;
    item.prompt_logprobs =
      request.sampling.promptLogprobs === undefined
        ? null
        : promptLogprobs(request.seed, prompt.ids, request.sampling.promptLogprobs);
    if (profile.tokenIdsFields) item.prompt_token_ids = request.sampling.returnTokenIds ? prompt.ids : null;
    if (profile.headResponseFields) item.routed_experts = null;
    return item;
  });
  const promptTokens = request.prompts.reduce((sum, prompt) => sum + prompt.ids.length, 0);
  const body: Record<string, unknown> = {
    id,
    object: 'text_completion',
    created,
    model: request.model.name,
    choices: rendered,
    service_tier: null,
    system_fingerprint: systemFingerprint(ctx),
    usage: usageObject(ctx, promptTokens, completionTokens, 0, true, {
      endpoint: 'completion',
      counts: cache,
    }),
    kv_transfer_params: null,
  };
  if (profile.headResponseFields) {
    body.ec_transfer_params = null;
    body.metrics = null;
  }
  return body;
}
